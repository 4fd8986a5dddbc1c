/**
 * ARM templates (JSON, `$schema` …/deploymentTemplate.json, what `bicep build` emits) → the
 * resource model. How the template is walked — nested deployments (Bicep modules), copy loops,
 * conditions, `existing` resources, expressions — is in `arm-template.ts` / `arm-expressions.ts`.
 *
 * Mappings:
 * - `Microsoft.CognitiveServices/accounts` → `azure.cognitive-account`;
 * - `…/accounts/deployments` → `azure.deployment`, `accountId` = the account's id;
 * - `…/accounts/raiPolicies` → `azure.rai-policy` (strength: High→low, Medium→medium,
 *   Low→high; off when not enabled or not blocking);
 * - a deployment that names no RAI policy runs on `Microsoft.DefaultV2`, and one naming
 *   `Microsoft.Default`/`Microsoft.DefaultV2` on that built-in: a template never declares those,
 *   so the account gets the policy as Microsoft documents it (`documentedDefault`, the table the
 *   live scan uses), unless the template declares one of that name.
 *
 * Identity: an account is (target, name) — its name as resolved (`aoai-prod`, or
 * `<parameters('name')>` when it cannot be resolved, which still links its children), within the
 * file's own deployment target or the resource group a nested deployment names. Its id is the name
 * (`resourceGroups/<rg>/<name>` in another resource group); children are `<account id>/<child>`.
 * Nothing is joined across files: each file is read on its own.
 *
 * The same account declared more than once in one file (a nested deployment that re-deploys an
 * account declared at the top to add a customer-managed key, the usual Bicep pattern) is one
 * resource in its final state: the declaration that takes effect last (outer before nested, then
 * document order) is in force as a whole — ARM redeploys a resource with the properties it is
 * given and resets the ones left out ("Azure Resource Manager deployment modes", incremental
 * mode) — and the resource points at that declaration. A later declaration whose condition is
 * unknown leaves every field it would change unknown.
 *
 * Resources the file does not create — `existing: true` (2.0), and a parent its children name
 * but the file never declares — get no settings from it: such an account is kept only to link its
 * children (which are judged), marked unreadable, so account rules say `unknown`, never `pass`.
 *
 * Unresolvable values (`reference()`, `resourceGroup()`, parameters without a default or a
 * supplied value, …) are recorded as unknown in `unreadable`, and the rules report `unknown`
 * rather than pass.
 */
import { basename, extname } from 'node:path';
import type { Resource } from '../model/inventory.ts';
import type { AzureAccount, AzureContentFilter, AzureDeployment, AzureRaiPolicy } from '../model/azure.ts';
import {
  AzureAccountSchema,
  AzureDeploymentSchema,
  AzureRaiPolicySchema,
  azureContentFilter,
  azureDefaultPolicyName,
  azureDocumentedDefaultPolicy,
  isAzureBuiltInPolicyName,
  referencedAccountSettings,
} from '../model/azure.ts';
import { ResourceIdValue, Unresolved, armValuesEqual, isPlainObject, nameText, resolveValue } from './arm-expressions.ts';
import { jsonWithLines } from './arm-json.ts';
import { armDeclarations, type ArmDeclaration } from './arm-template.ts';
import { IacInputError, type IacReadResult, type IacReader } from './reader.ts';

// ---------------------------------------------------------------------------------------------
// Typed access: known value, null (not set), undefined (not resolvable)

function unknownValue(value: unknown): boolean {
  return value instanceof Unresolved || value instanceof ResourceIdValue;
}

function str(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function bool(value: unknown): boolean | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function track<T>(unknowns: string[], field: string, value: T | undefined): T | undefined {
  if (value === undefined) unknowns.push(field);
  return value;
}

function unreadableNote(unknowns: string[]): { unreadable?: string } {
  return unknowns.length > 0 ? { unreadable: `ARM expression not resolvable before deployment: ${unknowns.join(', ')}` } : {};
}

// ---------------------------------------------------------------------------------------------
// Entities: declarations of one resource, in the order they take effect

const accountType = 'microsoft.cognitiveservices/accounts';
const deploymentType = `${accountType}/deployments`;
const raiPolicyType = `${accountType}/raipolicies`;

/** What a declaration sets, evaluated in its own context. */
interface Body {
  kind: unknown;
  identity: unknown;
  properties: unknown;
  tags: unknown;
}

interface Entity {
  key: string;
  /** The resolved name of the resource itself (the last name segment). */
  name: string;
  declarations: ArmDeclaration[];
  /** First appearance in the file, for a stable output order. */
  order: number;
}

interface Account extends Entity {
  id: string;
  deployments: Entity[];
  policies: Entity[];
}

function body(declaration: ArmDeclaration): Body {
  const context = declaration.context;
  return {
    kind: resolveValue(declaration.raw.kind, context),
    identity: resolveValue(declaration.raw.identity, context),
    properties: resolveValue(declaration.raw.properties, context),
    tags: resolveValue(declaration.raw.tags, context),
  };
}

/** The earlier value where a conditional later one may or may not apply: equal parts known, the rest unknown. */
function eitherOf(earlier: unknown, later: unknown, condition: Unresolved): unknown {
  if (armValuesEqual(earlier, later)) return earlier;
  if (isPlainObject(earlier) && isPlainObject(later)) {
    const result: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(earlier), ...Object.keys(later)])) result[key] = eitherOf(earlier[key], later[key], condition);
    return result;
  }
  return new Unresolved(`<${nameText(later)} only if ${condition.text.slice(1, -1)}>`);
}

/**
 * The final state of a resource declared one or more times: the declarations that create it, in
 * the order they take effect; the last one is in force (a conditional one only where it agrees).
 * Undefined when the file only references the resource.
 */
function finalState(entity: Entity): { body: Body; declaration: ArmDeclaration } | undefined {
  const creating = entity.declarations.filter((declaration) => !declaration.existing).sort((a, b) => a.depth - b.depth || a.order - b.order);
  const first = creating[0];
  if (!first) return undefined;
  let state = body(first);
  let inForce = first;
  for (const declaration of creating.slice(1)) {
    const next = body(declaration);
    if (declaration.condition) {
      state = eitherOf(state, next, declaration.condition) as Body;
    } else {
      state = next;
      inForce = declaration;
    }
  }
  return { body: state, declaration: inForce };
}

/** Which account a child belongs to: its parent declaration, else its name without the last segment. */
function accountKeyOf(declaration: ArmDeclaration): { key: string; name: string; target: string } {
  const parent = declaration.parent;
  if (parent && parent.typeKey === accountType) {
    const name = parent.segments.join('/');
    return { key: `${parent.target}\u0000${name.toLowerCase()}`, name, target: parent.target };
  }
  const name = declaration.segments.slice(0, -1).join('/') || `<account of ${declaration.segments.join('/')}>`;
  return { key: `${declaration.target}\u0000${name.toLowerCase()}`, name, target: declaration.target };
}

function groupEntities(declarations: readonly ArmDeclaration[]): Account[] {
  const accounts = new Map<string, Account>();
  const accountFor = (key: string, name: string, target: string, order: number): Account => {
    let account = accounts.get(key);
    if (!account) {
      account = { key, name, id: target === '' ? name : `${target}/${name}`, declarations: [], order, deployments: [], policies: [] };
      accounts.set(key, account);
    }
    return account;
  };
  const children = new Map<string, Entity>();
  for (const declaration of declarations) {
    if (declaration.typeKey === accountType) {
      const name = declaration.segments.join('/');
      accountFor(`${declaration.target}\u0000${name.toLowerCase()}`, name, declaration.target, declaration.order).declarations.push(declaration);
    } else if (declaration.typeKey === deploymentType || declaration.typeKey === raiPolicyType) {
      const owner = accountKeyOf(declaration);
      const account = accountFor(owner.key, owner.name, owner.target, declaration.order);
      const name = declaration.segments[declaration.segments.length - 1] ?? '';
      const key = `${owner.key}\u0000${declaration.typeKey}\u0000${name.toLowerCase()}`;
      let entity = children.get(key);
      if (!entity) {
        entity = { key, name, declarations: [], order: declaration.order };
        children.set(key, entity);
        (declaration.typeKey === deploymentType ? account.deployments : account.policies).push(entity);
      }
      entity.declarations.push(declaration);
    }
  }
  return [...accounts.values()];
}

// ---------------------------------------------------------------------------------------------
// Mapping

function base(file: string, declaration: ArmDeclaration, id: string, name: string) {
  return {
    provider: 'azure' as const,
    id,
    ...(name ? { name } : {}),
    scope: { provider: 'azure' as const, type: 'iac' as const, id: file },
    region: null,
    source: { kind: 'file' as const, file, ...(declaration.line !== undefined ? { line: declaration.line } : {}), address: declaration.address },
  };
}

function tagsOf(value: unknown): { tags?: Record<string, string> } {
  if (value === undefined || value === null || !isPlainObject(value)) return {};
  const entries = Object.entries(value).map(([key, entry]) => [key, unknownValue(entry) ? nameText(entry) : str(entry)] as const);
  return entries.every(([, entry]) => typeof entry === 'string') ? { tags: Object.fromEntries(entries) as Record<string, string> } : {};
}

function objectOf(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

function account(file: string, entity: Account, state: { body: Body; declaration: ArmDeclaration }): AzureAccount {
  const unknowns: string[] = [];
  const { body: values, declaration } = state;
  const props = objectOf(values.properties);
  if (values.properties !== undefined && values.properties !== null && !isPlainObject(values.properties)) unknowns.push('properties');
  const kind = track(unknowns, 'kind', str(values.kind));
  const identity = values.identity;
  const identityType = isPlainObject(identity)
    ? track(unknowns, 'identity.type', str(identity.type))
    : identity === undefined || identity === null
      ? null
      : track(unknowns, 'identity', undefined);
  const acls = props.networkAcls;
  const defaultAction = isPlainObject(acls)
    ? track(unknowns, 'properties.networkAcls.defaultAction', str(acls.defaultAction))
    : acls === undefined || acls === null
      ? null
      : track(unknowns, 'properties.networkAcls', undefined);
  const encryption = props.encryption;
  const keySource = isPlainObject(encryption)
    ? track(unknowns, 'properties.encryption.keySource', str(encryption.keySource))
    : encryption === undefined || encryption === null
      ? null
      : track(unknowns, 'properties.encryption', undefined);
  const fqdns = props.allowedFqdnList;
  let allowedFqdnList: string[] = [];
  if (Array.isArray(fqdns) && fqdns.every((entry) => typeof entry === 'string')) allowedFqdnList = fqdns as string[];
  else if (fqdns !== undefined && fqdns !== null) track(unknowns, 'properties.allowedFqdnList', undefined);
  return AzureAccountSchema.parse({
    ...base(file, declaration, entity.id, entity.name),
    type: 'azure.cognitive-account',
    kind: kind ?? '',
    resourceGroup: '',
    publicNetworkAccess: track(unknowns, 'properties.publicNetworkAccess', str(props.publicNetworkAccess)) ?? null,
    networkAclsDefaultAction: defaultAction ?? null,
    disableLocalAuth: track(unknowns, 'properties.disableLocalAuth', bool(props.disableLocalAuth)) ?? null,
    identityType: identityType ?? null,
    encryptionKeySource: keySource ?? null,
    restrictOutboundNetworkAccess: track(unknowns, 'properties.restrictOutboundNetworkAccess', bool(props.restrictOutboundNetworkAccess)) ?? null,
    allowedFqdnList,
    readErrors: {},
    ...tagsOf(values.tags),
    ...unreadableNote(unknowns),
  });
}

/** An account the file names but does not create: kept to link its children, with nothing known about it. */
function referencedAccount(file: string, entity: Account): AzureAccount {
  const declaration = entity.declarations[0];
  const declared = declaration !== undefined;
  const child = entity.deployments[0]?.declarations[0] ?? entity.policies[0]?.declarations[0];
  // Undeclared: it lives where its first child is, named by the name that child gives it.
  const where = declaration ?? child;
  return AzureAccountSchema.parse({
    provider: 'azure',
    id: entity.id,
    ...(entity.name ? { name: entity.name } : {}),
    scope: { provider: 'azure', type: 'iac', id: file },
    region: null,
    source: {
      kind: 'file',
      file,
      ...(where?.line !== undefined ? { line: where.line } : {}),
      address: declaration ? declaration.address : entity.name,
    },
    type: 'azure.cognitive-account',
    kind: '',
    resourceGroup: '',
    ...referencedAccountSettings,
    unreadable: declared
      ? 'declared with "existing": true: the template references the account but does not create it, so its settings are not in the template'
      : 'not declared in the template (its deployments or RAI policies name it as their parent): its settings are not in the template',
  });
}

function deployment(file: string, owner: Account, entity: Entity, state: { body: Body; declaration: ArmDeclaration }): AzureDeployment {
  const unknowns: string[] = [];
  const props = objectOf(state.body.properties);
  const model = objectOf(props.model);
  return AzureDeploymentSchema.parse({
    ...base(file, state.declaration, `${owner.id}/${entity.name}`, entity.name),
    type: 'azure.deployment',
    accountId: owner.id,
    modelName: str(model.name) ?? null,
    modelVersion: str(model.version) ?? null,
    raiPolicyName: track(unknowns, 'properties.raiPolicyName', str(props.raiPolicyName)) ?? null,
    ...unreadableNote(unknowns),
  });
}

function raiPolicy(file: string, owner: Account, entity: Entity, state: { body: Body; declaration: ArmDeclaration }): AzureRaiPolicy {
  const unknowns: string[] = [];
  const props = objectOf(state.body.properties);
  const entries = Array.isArray(props.contentFilters) ? props.contentFilters : [];
  if (props.contentFilters !== undefined && !Array.isArray(props.contentFilters)) unknowns.push('properties.contentFilters');
  const contentFilters: AzureContentFilter[] = entries.map((entry: unknown, index) => {
    if (!isPlainObject(entry)) {
      unknowns.push(`properties.contentFilters[${index}]`);
      return azureContentFilter({ name: '', enabled: null, blocking: null });
    }
    const enabled = track(unknowns, `properties.contentFilters[${index}].enabled`, bool(entry.enabled)) ?? null;
    const blocking = track(unknowns, `properties.contentFilters[${index}].blocking`, bool(entry.blocking)) ?? null;
    const threshold = track(unknowns, `properties.contentFilters[${index}].severityThreshold`, str(entry.severityThreshold));
    const severityThreshold = threshold === 'Low' || threshold === 'Medium' || threshold === 'High' ? threshold : null;
    const name = track(unknowns, `properties.contentFilters[${index}].name`, str(entry.name)) ?? '';
    return azureContentFilter({ name, source: str(entry.source) ?? null, enabled, blocking, severityThreshold });
  });
  const blocklists = Array.isArray(props.customBlocklists) ? props.customBlocklists : [];
  return AzureRaiPolicySchema.parse({
    ...base(file, state.declaration, `${owner.id}/${entity.name}`, entity.name),
    type: 'azure.rai-policy',
    accountId: owner.id,
    policyType: 'UserManaged',
    mode: track(unknowns, 'properties.mode', str(props.mode)) ?? null,
    basePolicyName: str(props.basePolicyName) ?? null,
    contentFilters,
    customBlocklistCount: blocklists.length,
    documentedDefault: false,
    ...tagsOf(state.body.tags),
    ...unreadableNote(unknowns),
  });
}

/** The built-in policy a deployment runs on, as Microsoft documents it, on the deployment's account. */
function documentedPolicy(file: string, owner: Account, name: string, user: AzureDeployment): AzureRaiPolicy | undefined {
  const documented = azureDocumentedDefaultPolicy(name);
  if (!documented) return undefined;
  return AzureRaiPolicySchema.parse({
    provider: 'azure',
    id: `${owner.id}/${documented.name}`,
    name: documented.name,
    scope: user.scope,
    region: null,
    source: user.source,
    type: 'azure.rai-policy',
    accountId: owner.id,
    policyType: 'SystemManaged',
    mode: 'Default',
    basePolicyName: null,
    contentFilters: documented.contentFilters,
    customBlocklistCount: 0,
    documentedDefault: true,
  });
}

function mapAccounts(file: string, accounts: readonly Account[]): Resource[] {
  const out: Array<{ order: number; resource: Resource }> = [];
  for (const owner of accounts) {
    const state = finalState(owner);
    const hasChildren = owner.deployments.length > 0 || owner.policies.length > 0;
    if (state) out.push({ order: owner.order, resource: account(file, owner, state) });
    else if (hasChildren) out.push({ order: owner.order, resource: referencedAccount(file, owner) });
    const policyNames = new Set<string>();
    for (const entity of owner.policies) {
      const policyState = finalState(entity);
      if (!policyState) continue;
      policyNames.add(entity.name.trim().toLowerCase());
      out.push({ order: entity.order, resource: raiPolicy(file, owner, entity, policyState) });
    }
    const documented = new Map<string, { order: number; user: AzureDeployment }>();
    for (const entity of owner.deployments) {
      const deploymentState = finalState(entity);
      if (!deploymentState) continue;
      const mapped = deployment(file, owner, entity, deploymentState);
      out.push({ order: entity.order, resource: mapped });
      if (mapped.unreadable !== undefined) continue;
      const policy = mapped.raiPolicyName ?? azureDefaultPolicyName;
      const key = policy.trim().toLowerCase();
      if (isAzureBuiltInPolicyName(policy) && !policyNames.has(key) && !documented.has(key)) documented.set(key, { order: entity.order, user: mapped });
    }
    for (const [name, { order, user }] of documented) {
      const policy = documentedPolicy(file, owner, name, user);
      if (policy) out.push({ order: order + 0.5, resource: policy });
    }
  }
  return out.sort((a, b) => a.order - b.order).map((entry) => entry.resource);
}

// ---------------------------------------------------------------------------------------------
// The reader

function looksLikeArm(parsed: unknown): boolean {
  if (!isPlainObject(parsed)) return false;
  const schema = typeof parsed.$schema === 'string' && /deploymentTemplate\.json/i.test(parsed.$schema);
  const resources = parsed.resources;
  const shaped = Array.isArray(resources) || (String(parsed.languageVersion ?? '').startsWith('2.') && isPlainObject(resources));
  return schema && shaped;
}

export interface ArmReaderOptions {
  /**
   * Values for the template's parameters (an ARM parameters file, `az deployment … --parameters
   * @file.json`), by parameter name; they win over `defaultValue`. Parameters a template does not
   * declare are ignored (one file is applied to every template of a run).
   */
  parameters?: ReadonlyMap<string, unknown>;
}

/** The ARM reader, with parameter values supplied from outside. */
export function createArmReader(options: ArmReaderOptions = {}): IacReader {
  const supplied = options.parameters ?? new Map<string, unknown>();
  return {
    format: 'arm',
    recognise(parsed) {
      return looksLikeArm(parsed);
    },
    read(file, text, parsed): IacReadResult {
      const { value, lines } = jsonWithLines(file, text, parsed);
      if (!looksLikeArm(value)) throw new IacInputError(file, 'not an ARM template: expected $schema …/deploymentTemplate.json and resources');
      const template = value as Record<string, unknown>;
      const declared = isPlainObject(template.parameters) ? template.parameters : {};
      const names = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
      const forTemplate = new Map<string, unknown>();
      for (const [name, entry] of supplied) {
        const declaredName = names.get(name.toLowerCase());
        if (declaredName !== undefined) forTemplate.set(declaredName, entry);
      }
      const declarations = armDeclarations(file, template, lines, forTemplate);
      return { resources: mapAccounts(file, groupEntities(declarations)), suppressions: [] };
    },
  };
}

export const armReader: IacReader = createArmReader();

/**
 * Why a Bicep source (`.bicep`, or `.bicepparam`) is not read and what to do, given its path and
 * the names of the files next to it. Bicep compiles offline only with the Bicep CLI, which CI
 * runners often lack, so `aiposture iac` reads the compiled ARM JSON: `az bicep build --file
 * x.bicep` and `bicep build x.bicep` both write `x.json` next to the source.
 */
export function bicepSkipReason(path: string, siblings: readonly string[]): string {
  const name = basename(path);
  const extension = extname(name).toLowerCase();
  const stem = basename(name, extname(name));
  const wanted = new Set([`${stem}.json`, `${stem}.arm.json`, `${stem}.template.json`].map((entry) => entry.toLowerCase()));
  const compiled = siblings.find((sibling) => wanted.has(sibling.toLowerCase()));
  if (extension === '.bicepparam') {
    return compiled
      ? `Bicep parameters: its compiled parameters file ${compiled} is next to it (pass it with --parameters ${compiled})`
      : `Bicep parameters, and no compiled parameters file next to it: run \`az bicep build-params --file ${path}\` (or \`bicep build-params ${path}\`), which writes ${stem}.json, and pass it with --parameters`;
  }
  if (compiled) return `Bicep source: its compiled ARM template ${compiled} is read instead (rebuild it after changing ${name})`;
  return `Bicep source, and no compiled ARM template next to it: run \`az bicep build --file ${path}\` (or \`bicep build ${path}\`), which writes ${stem}.json next to it (\`bicep build ${path} --stdout\` prints it), and check that`;
}
