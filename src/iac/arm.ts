/**
 * ARM templates (JSON, `$schema` …/deploymentTemplate.json) → the resource model. Both the
 * classic `resources` array and `languageVersion: "2.0"` templates, whose `resources` is an
 * object keyed by symbolic name, are read; child resources may be nested (`resources` inside a
 * resource, short type `deployments` and short name), flat with a `acct/child` name, or (2.0)
 * flat with `parent: '<symbolic name>'`.
 *
 * Mappings:
 * - `Microsoft.CognitiveServices/accounts` → `azure.cognitive-account`;
 * - `…/accounts/deployments` → `azure.deployment`, `accountId` = the account's id;
 * - `…/accounts/raiPolicies` → `azure.rai-policy` (strength: High→low, Medium→medium,
 *   Low→high; off when not enabled or not blocking).
 *
 * Ids: an account's id is its name as resolved below (`aoai-prod`, or `<parameters('name')>` when
 * the name cannot be resolved, which still links its children); children are `<account>/<child>`.
 * `source.address` is the symbolic name (2.0) or the resource's name as written.
 *
 * ARM expressions: `[parameters('x')]` and `[variables('y')]` resolve to the parameter's
 * `defaultValue` / the variable's value when those are literals (or resolvable expressions);
 * `concat`, `format`, `toLower`, `toUpper` of resolvable arguments resolve too. Anything else
 * (`reference()`, `resourceId()`, parameters without defaults, conditions) is unresolved: the
 * field is recorded as unknown in `unreadable`, and the rules report `unknown` rather than pass.
 * `[[…` is an escaped literal.
 */
import type { Resource } from '../model/inventory.ts';
import type { AzureAccount, AzureContentFilter, AzureDeployment, AzureRaiPolicy } from '../model/azure.ts';
import { AzureAccountSchema, AzureDeploymentSchema, AzureRaiPolicySchema, azureContentFilter } from '../model/azure.ts';
import { child, isObject, lineOf, parseSource, type SourceDocument } from './cloudformation.ts';
import type { IacReadResult, IacReader } from './reader.ts';
import { isMap, isSeq, type Node } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Expressions

/** A value that could not be resolved before deployment; `text` renders it stably. */
class Unresolved {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

interface Scope {
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  depth: number;
}

type Token = { kind: 'string' | 'number' | 'name'; value: string } | { kind: 'punct'; value: string };

function tokenize(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const char = expression[index] as string;
    if (/\s/.test(char)) index += 1;
    else if (char === "'") {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= expression.length) return undefined;
        if (expression[index] === "'") {
          if (expression[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += expression[index];
        index += 1;
      }
      tokens.push({ kind: 'string', value });
    } else if ('(),.[]'.includes(char)) {
      tokens.push({ kind: 'punct', value: char });
      index += 1;
    } else {
      const match = /^(-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/.exec(expression.slice(index));
      if (!match?.[1]) return undefined;
      tokens.push({ kind: /^-?\d/.test(match[1]) ? 'number' : 'name', value: match[1] });
      index += match[1].length;
    }
  }
  return tokens;
}

/** Evaluates the supported subset of the ARM expression language. */
function evaluateExpression(expression: string, scope: Scope): unknown {
  const tokens = tokenize(expression);
  const unresolved = new Unresolved(`<${expression}>`);
  if (!tokens) return unresolved;
  let position = 0;
  const peek = () => tokens[position];
  const parse = (): unknown => {
    const token = tokens[position];
    position += 1;
    if (!token) throw new Error('unexpected end');
    if (token.kind === 'string') return token.value;
    if (token.kind === 'number') return Number(token.value);
    if (token.kind !== 'name') throw new Error(`unexpected ${token.value}`);
    if (peek()?.value !== '(') {
      if (token.value === 'true' || token.value === 'false') return token.value === 'true';
      throw new Error(`unexpected ${token.value}`);
    }
    position += 1;
    const args: unknown[] = [];
    while (peek()?.value !== ')') {
      args.push(parse());
      if (peek()?.value === ',') position += 1;
      else if (peek()?.value !== ')') throw new Error('expected , or )');
    }
    position += 1;
    let result = call(token.value, args, scope);
    // Property and index access (`reference(...).x`, `parameters('p').name`, `[0]`) is not resolved.
    while (peek()?.value === '.' || peek()?.value === '[') {
      if (peek()?.value === '.') position += 2;
      else {
        position += 1;
        parse();
        position += 1;
      }
      result = new Unresolved(`<${expression}>`);
    }
    return result;
  };
  try {
    const value = parse();
    if (position !== tokens.length) return unresolved;
    return value instanceof Unresolved ? new Unresolved(value.text) : value;
  } catch {
    return unresolved;
  }
}

function call(name: string, args: unknown[], scope: Scope): unknown {
  const rendered = `${name}(${args.map((entry) => (entry instanceof Unresolved ? entry.text : typeof entry === 'string' ? `'${entry}'` : JSON.stringify(entry))).join(', ')})`;
  const lower = name.toLowerCase();
  if (lower === 'parameters' || lower === 'variables') {
    const key = args[0];
    if (typeof key !== 'string') return new Unresolved(`<${rendered}>`);
    if (lower === 'parameters') {
      const parameter = scope.parameters[key];
      if (!isObject(parameter) || !('defaultValue' in parameter)) return new Unresolved(`<${rendered}>`);
      return resolve(parameter.defaultValue, { ...scope, depth: scope.depth + 1 }, `<${rendered}>`);
    }
    if (!(key in scope.variables)) return new Unresolved(`<${rendered}>`);
    return resolve(scope.variables[key], { ...scope, depth: scope.depth + 1 }, `<${rendered}>`);
  }
  const texts = args.map((entry) => (entry instanceof Unresolved ? entry.text : entry));
  const anyUnresolved = args.some((entry) => entry instanceof Unresolved);
  let value: unknown;
  if (lower === 'concat' && texts.every((entry) => typeof entry === 'string' || typeof entry === 'number')) value = texts.join('');
  else if (lower === 'format' && typeof texts[0] === 'string') {
    const rest = texts.slice(1);
    value = texts[0].replace(/\{(\d+)(?::[^}]*)?\}/g, (_, index: string) => String(rest[Number(index)] ?? ''));
  } else if ((lower === 'tolower' || lower === 'toupper') && typeof texts[0] === 'string')
    value = lower === 'tolower' ? texts[0].toLowerCase() : texts[0].toUpperCase();
  else return new Unresolved(`<${rendered}>`);
  // An unresolved argument leaves the result unresolved, but rendered with the known parts (stable ids).
  return anyUnresolved ? new Unresolved(String(value)) : value;
}

/** Resolves every expression string inside a value; unresolvable ones become {@link Unresolved}. */
function resolve(value: unknown, scope: Scope, fallback = '<unresolved>'): unknown {
  if (scope.depth > 20) return new Unresolved(fallback);
  if (typeof value === 'string') {
    if (value.startsWith('[[')) return value.slice(1);
    if (value.startsWith('[') && value.endsWith(']')) return evaluateExpression(value.slice(1, -1), scope);
    return value;
  }
  if (Array.isArray(value)) return value.map((entry) => resolve(entry, scope, fallback));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, scope, fallback)]));
  return value;
}

// ---------------------------------------------------------------------------------------------
// Typed access: known value, null (not set), undefined (not resolvable)

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

/** A name: its resolved value, or the rendering of the unresolved expression (stable). */
function nameText(value: unknown): string {
  if (value instanceof Unresolved) return value.text;
  return typeof value === 'string' ? value : String(value ?? '');
}

function unreadableNote(unknowns: string[]): { unreadable?: string } {
  return unknowns.length > 0 ? { unreadable: `ARM expression not resolvable before deployment: ${unknowns.join(', ')}` } : {};
}

// ---------------------------------------------------------------------------------------------
// Collecting resources

interface ArmResource {
  /** Full type (`Microsoft.CognitiveServices/accounts/deployments`). */
  type: string;
  /** Full name segments (`['acct', 'dep']`), rendered. */
  name: string[];
  symbolicName: string | undefined;
  address: string;
  line: number | undefined;
  raw: Record<string, unknown>;
  /** The parent resource (nested or `parent:`), when known. */
  parent: ArmResource | undefined;
  parentSymbol: string | undefined;
}

function collect(source: SourceDocument, scope: Scope, node: Node | undefined, parent: ArmResource | undefined, into: ArmResource[]): void {
  const entries: Array<{ symbolicName: string | undefined; node: Node; keyNode?: Node }> = [];
  if (isSeq(node)) for (const item of node.items) entries.push({ symbolicName: undefined, node: item as Node });
  else if (isMap(node)) {
    for (const pair of node.items)
      entries.push({ symbolicName: String((pair.key as { value?: unknown } | null)?.value ?? pair.key), node: pair.value as Node, keyNode: pair.key as Node });
  }
  for (const entry of entries) {
    const raw = entry.node?.toJSON() as unknown;
    if (!isObject(raw)) continue;
    const shortType = typeof raw.type === 'string' ? raw.type : '';
    const type =
      parent && !shortType.includes('/')
        ? `${parent.type}/${shortType}`
        : parent && !shortType.startsWith('Microsoft.')
          ? `${parent.type}/${shortType}`
          : shortType;
    const rawName = resolve(raw.name, scope);
    const segments = nameText(rawName).split('/');
    const name = parent && segments.length < type.split('/').length - 1 ? [...parent.name, ...segments] : segments;
    const resource: ArmResource = {
      type,
      name,
      symbolicName: entry.symbolicName,
      address: entry.symbolicName ?? (typeof raw.name === 'string' ? raw.name : name.join('/')),
      line: lineOf(source, entry.keyNode ?? entry.node),
      raw,
      parent,
      parentSymbol: typeof raw.parent === 'string' ? raw.parent : undefined,
    };
    into.push(resource);
    collect(source, scope, child(entry.node, 'resources'), resource, into);
  }
}

// ---------------------------------------------------------------------------------------------
// Mapping

const accountType = 'microsoft.cognitiveservices/accounts';

interface Context {
  file: string;
  scope: Scope;
  resources: ArmResource[];
}

function base(context: Context, resource: ArmResource, id: string) {
  const name = resource.name[resource.name.length - 1];
  return {
    provider: 'azure' as const,
    id,
    ...(name ? { name } : {}),
    scope: { provider: 'azure' as const, type: 'iac' as const, id: context.file },
    region: null,
    source: { kind: 'file' as const, file: context.file, ...(resource.line !== undefined ? { line: resource.line } : {}), address: resource.address },
  };
}

function properties(context: Context, resource: ArmResource): Record<string, unknown> {
  const resolved = resolve(resource.raw.properties, context.scope);
  return isObject(resolved) ? resolved : {};
}

function tags(context: Context, resource: ArmResource): { tags?: Record<string, string> } {
  const resolved = resolve(resource.raw.tags, context.scope);
  if (resolved === undefined || resolved === null) return {};
  if (!isObject(resolved)) return {};
  const entries = Object.entries(resolved).map(([key, value]) => [key, value instanceof Unresolved ? value.text : str(value)] as const);
  return entries.every(([, value]) => typeof value === 'string') ? { tags: Object.fromEntries(entries) as Record<string, string> } : {};
}

function accountId(resource: ArmResource): string {
  return resource.name.join('/');
}

/** The account a child belongs to: nested parent, `parent:` symbolic name, or the first name segment. */
function owningAccount(context: Context, resource: ArmResource): string {
  if (resource.parent && resource.parent.type.toLowerCase() === accountType) return accountId(resource.parent);
  if (resource.parentSymbol) {
    const match = context.resources.find((entry) => entry.symbolicName === resource.parentSymbol);
    if (match) return accountId(match);
  }
  const accountName = resource.name.slice(0, -1).join('/');
  const match = context.resources.find((entry) => entry.type.toLowerCase() === accountType && accountId(entry).toLowerCase() === accountName.toLowerCase());
  return match ? accountId(match) : accountName;
}

/** The child's full id (`<account>/<child>`). */
function childId(context: Context, resource: ArmResource): string {
  return `${owningAccount(context, resource)}/${resource.name[resource.name.length - 1] ?? ''}`;
}

function account(context: Context, resource: ArmResource): AzureAccount {
  const unknowns: string[] = [];
  const props = properties(context, resource);
  const kind = track(unknowns, 'kind', str(resolve(resource.raw.kind, context.scope)));
  const identity = resolve(resource.raw.identity, context.scope);
  const identityType = isObject(identity)
    ? track(unknowns, 'identity.type', str(identity.type))
    : identity === undefined || identity === null
      ? null
      : track(unknowns, 'identity', undefined);
  const acls = props.networkAcls;
  const defaultAction = isObject(acls)
    ? track(unknowns, 'properties.networkAcls.defaultAction', str(acls.defaultAction))
    : acls === undefined || acls === null
      ? null
      : track(unknowns, 'properties.networkAcls', undefined);
  const encryption = props.encryption;
  const keySource = isObject(encryption)
    ? track(unknowns, 'properties.encryption.keySource', str(encryption.keySource))
    : encryption === undefined || encryption === null
      ? null
      : track(unknowns, 'properties.encryption', undefined);
  const fqdns = props.allowedFqdnList;
  let allowedFqdnList: string[] = [];
  if (Array.isArray(fqdns) && fqdns.every((entry) => typeof entry === 'string')) allowedFqdnList = fqdns as string[];
  else if (fqdns !== undefined && fqdns !== null) track(unknowns, 'properties.allowedFqdnList', undefined);
  return AzureAccountSchema.parse({
    ...base(context, resource, accountId(resource)),
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
    ...tags(context, resource),
    ...unreadableNote(unknowns),
  });
}

function deployment(context: Context, resource: ArmResource): AzureDeployment {
  const unknowns: string[] = [];
  const props = properties(context, resource);
  const model = isObject(props.model) ? props.model : {};
  return AzureDeploymentSchema.parse({
    ...base(context, resource, childId(context, resource)),
    type: 'azure.deployment',
    accountId: owningAccount(context, resource),
    modelName: str(model.name) ?? null,
    modelVersion: str(model.version) ?? null,
    raiPolicyName: track(unknowns, 'properties.raiPolicyName', str(props.raiPolicyName)) ?? null,
    ...unreadableNote(unknowns),
  });
}

function raiPolicy(context: Context, resource: ArmResource): AzureRaiPolicy {
  const unknowns: string[] = [];
  const props = properties(context, resource);
  const entries = Array.isArray(props.contentFilters) ? props.contentFilters : [];
  if (props.contentFilters !== undefined && !Array.isArray(props.contentFilters)) unknowns.push('properties.contentFilters');
  const contentFilters: AzureContentFilter[] = entries.filter(isObject).map((entry, index) => {
    const enabled = track(unknowns, `properties.contentFilters[${index}].enabled`, bool(entry.enabled)) ?? null;
    const blocking = track(unknowns, `properties.contentFilters[${index}].blocking`, bool(entry.blocking)) ?? null;
    const threshold = track(unknowns, `properties.contentFilters[${index}].severityThreshold`, str(entry.severityThreshold));
    const severityThreshold = threshold === 'Low' || threshold === 'Medium' || threshold === 'High' ? threshold : null;
    return azureContentFilter({ name: str(entry.name) ?? '', source: str(entry.source) ?? null, enabled, blocking, severityThreshold });
  });
  const blocklists = Array.isArray(props.customBlocklists) ? props.customBlocklists : [];
  return AzureRaiPolicySchema.parse({
    ...base(context, resource, childId(context, resource)),
    type: 'azure.rai-policy',
    accountId: owningAccount(context, resource),
    policyType: 'UserManaged',
    mode: track(unknowns, 'properties.mode', str(props.mode)) ?? null,
    basePolicyName: str(props.basePolicyName) ?? null,
    contentFilters,
    customBlocklistCount: blocklists.length,
    documentedDefault: false,
    ...tags(context, resource),
    ...unreadableNote(unknowns),
  });
}

// ---------------------------------------------------------------------------------------------
// The reader

function looksLikeArm(parsed: unknown): boolean {
  if (!isObject(parsed)) return false;
  const schema = typeof parsed.$schema === 'string' && /deploymentTemplate\.json/i.test(parsed.$schema);
  const resources = parsed.resources;
  const shaped = Array.isArray(resources) || (String(parsed.languageVersion ?? '').startsWith('2.') && isObject(resources));
  return schema && shaped;
}

export const armReader: IacReader = {
  format: 'arm',
  recognise(parsed) {
    return looksLikeArm(parsed);
  },
  read(file, text): IacReadResult {
    const source = parseSource(file, text);
    const root = source.document.contents;
    const template = root?.toJSON() as unknown;
    const parameters = isObject(template) && isObject(template.parameters) ? template.parameters : {};
    const variables = isObject(template) && isObject(template.variables) ? template.variables : {};
    const scope: Scope = { parameters, variables, depth: 0 };
    const collected: ArmResource[] = [];
    collect(source, scope, child(root, 'resources'), undefined, collected);
    const context: Context = { file, scope, resources: collected };
    const resources: Resource[] = [];
    for (const resource of collected) {
      const type = resource.type.toLowerCase();
      if (type === accountType) resources.push(account(context, resource));
      else if (type === `${accountType}/deployments`) resources.push(deployment(context, resource));
      else if (type === `${accountType}/raipolicies`) resources.push(raiPolicy(context, resource));
    }
    return { resources, suppressions: [] };
  },
};
