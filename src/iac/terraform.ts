/**
 * Terraform plan JSON (`terraform show -json plan.out`) → the resource model.
 *
 * Values come from `planned_values` (root module and every child module). Values "known after
 * apply" (flagged in `resource_changes[].change.after_unknown`) are resolved from the plan's
 * `configuration` section: an attribute written as a reference to another resource
 * (`aws_kms_key.example.arn`, `azurerm_cognitive_account.main.id`) counts as set, and links
 * children to their parent account. References through `var.`/`local.` (like Checkov) and
 * computed values without any expression stay unresolved, and the rules then report `unknown`.
 * Plan JSON carries no line numbers, so findings point at the file and resource address.
 */
import type { Provider, Strength } from '../model/common.ts';
import { lookUp, oneOf } from '../model/common.ts';
import type { Resource } from '../model/inventory.ts';
import type { AwsAgent, AwsGuardrail, GuardrailContentFilter, GroundingFilter, PiiEntity } from '../model/aws.ts';
import type { AzureAccount, AzureContentFilter, AzureDeployment, AzureRaiPolicy } from '../model/azure.ts';
import type { GcpFloorSetting, GcpTemplate, GcpVertexEndpoint, ModelArmorFilters } from '../model/gcp.ts';
import { AwsAgentSchema, AwsGuardrailSchema, bedrockVocabulary } from '../model/aws.ts';
import { AzureAccountSchema, AzureDeploymentSchema, AzureRaiPolicySchema, azureContentFilter } from '../model/azure.ts';
import { GcpFloorSettingSchema, GcpTemplateSchema, GcpVertexEndpointSchema, modelArmorVocabulary } from '../model/gcp.ts';
import { IacInputError, type IacReadResult, type IacReader } from './reader.ts';

/** A value known only after apply. `references` are the resource references it was written as (none: unresolvable). */
interface Unresolved {
  readonly unresolved: true;
  readonly references: readonly string[];
}

/** A planned value with unknowns replaced by {@link Unresolved} markers. */
type Value = null | boolean | number | string | Unresolved | Value[] | { [key: string]: Value };
type ValueObject = { [key: string]: Value };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUnresolved(value: unknown): value is Unresolved {
  return isObject(value) && value.unresolved === true && Array.isArray(value.references);
}

function unresolved(references: readonly string[] = []): Unresolved {
  return { unresolved: true, references };
}

/** References that name a resource (or data source / module output) whose value exists after apply. */
function usableReferences(expression: unknown): string[] {
  if (!isObject(expression) || !Array.isArray(expression.references)) return [];
  return expression.references.filter((entry): entry is string => typeof entry === 'string' && !/^(var|local|each|count|path|terraform|self)\./.test(entry));
}

/** Converts a configuration expression (or nested block of expressions) into a value. */
function fromExpression(expression: unknown): Value {
  if (Array.isArray(expression)) return expression.map((entry) => fromExpression(entry));
  if (!isObject(expression)) return unresolved();
  if ('constant_value' in expression) return expression.constant_value as Value;
  if ('references' in expression) return unresolved(usableReferences(expression));
  const block: ValueObject = {};
  for (const [key, entry] of Object.entries(expression)) block[key] = fromExpression(entry);
  return block;
}

/** The configuration expression at the same place as a planned value (blocks are lists in both). */
function expressionChild(expression: unknown, key: string | number): unknown {
  if (expression === undefined) return undefined;
  if (typeof key === 'number') {
    if (Array.isArray(expression)) return expression[key] ?? (expression.length === 1 ? expression[0] : undefined);
    return isObject(expression) && !('references' in expression) && !('constant_value' in expression) ? expression : undefined;
  }
  if (Array.isArray(expression)) return expression.length === 1 ? expressionChild(expression[0], key) : undefined;
  return isObject(expression) ? expression[key] : undefined;
}

/**
 * Merges planned values with `after_unknown`: every value flagged unknown is taken from the
 * configuration expression at the same path (a reference, a constant or a nested block), or
 * marked unresolved.
 */
function merge(planned: unknown, unknown: unknown, expression: unknown): Value {
  if (unknown === true) {
    if (expression === undefined) return unresolved();
    if (isObject(expression) && 'references' in expression) return unresolved(usableReferences(expression));
    return fromExpression(expression);
  }
  if (Array.isArray(planned) || Array.isArray(unknown)) {
    const plannedList = Array.isArray(planned) ? planned : [];
    const unknownList = Array.isArray(unknown) ? unknown : [];
    const length = Math.max(plannedList.length, unknownList.length);
    return Array.from({ length }, (_, index) => merge(plannedList[index], unknownList[index], expressionChild(expression, index)));
  }
  if (isObject(planned) || isObject(unknown)) {
    const plannedObject = isObject(planned) ? planned : {};
    const unknownObject = isObject(unknown) ? unknown : {};
    const result: ValueObject = {};
    for (const key of new Set([...Object.keys(plannedObject), ...Object.keys(unknownObject)])) {
      result[key] = merge(plannedObject[key], unknownObject[key], expressionChild(expression, key));
    }
    return result;
  }
  if (planned === undefined) return null;
  return planned as Value;
}

// ---------------------------------------------------------------------------------------------
// Reading the plan

interface PlanResource {
  address: string;
  type: string;
  name: string;
  /** The module the resource lives in (`module.x.module.y`), '' for the root module. */
  moduleAddress: string;
  values: ValueObject;
}

/** `module.x["a"].aws_y.z[0]` → `module.x.aws_y.z`: the address configuration uses. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function collectConfiguration(module: unknown, prefix: string, into: Map<string, unknown>): void {
  if (!isObject(module)) return;
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources) {
      if (isObject(resource) && typeof resource.address === 'string') into.set(`${prefix}${resource.address}`, resource.expressions);
    }
  }
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (isObject(call)) collectConfiguration(call.module, `${prefix}module.${name}.`, into);
    }
  }
}

function collectPlanned(module: unknown, moduleAddress: string, into: Array<{ raw: Record<string, unknown>; moduleAddress: string }>): void {
  if (!isObject(module)) return;
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources) {
      if (isObject(resource) && resource.mode !== 'data') into.push({ raw: resource, moduleAddress });
    }
  }
  if (Array.isArray(module.child_modules)) {
    for (const child of module.child_modules) {
      if (isObject(child)) collectPlanned(child, typeof child.address === 'string' ? child.address : moduleAddress, into);
    }
  }
}

function planResources(plan: Record<string, unknown>): PlanResource[] {
  const configuration = new Map<string, unknown>();
  collectConfiguration(isObject(plan.configuration) ? plan.configuration.root_module : undefined, '', configuration);
  const afterUnknown = new Map<string, unknown>();
  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  for (const change of changes) {
    if (isObject(change) && typeof change.address === 'string' && isObject(change.change)) afterUnknown.set(change.address, change.change.after_unknown);
  }
  const planned: Array<{ raw: Record<string, unknown>; moduleAddress: string }> = [];
  collectPlanned(isObject(plan.planned_values) ? plan.planned_values.root_module : undefined, '', planned);
  const seen = new Set(planned.map((entry) => entry.raw.address));
  // A plan that only has resource_changes (e.g. every value unknown) still lists the resources there.
  for (const change of changes) {
    if (!isObject(change) || seen.has(change.address) || change.mode === 'data' || !isObject(change.change)) continue;
    const actions = Array.isArray(change.change.actions) ? change.change.actions : [];
    if (actions.length === 1 && actions[0] === 'delete') continue;
    planned.push({ raw: { ...change, values: change.change.after }, moduleAddress: typeof change.module_address === 'string' ? change.module_address : '' });
  }
  return planned.flatMap(({ raw, moduleAddress }) => {
    if (typeof raw.address !== 'string' || typeof raw.type !== 'string') return [];
    const merged = merge(isObject(raw.values) ? raw.values : {}, afterUnknown.get(raw.address), configuration.get(configAddress(raw.address)));
    return [
      {
        address: raw.address,
        type: raw.type,
        name: typeof raw.name === 'string' ? raw.name : raw.address,
        moduleAddress,
        values: isObject(merged) ? (merged as ValueObject) : {},
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Typed access to merged values

/** Known: the value; `null`: not set; `undefined`: known only after apply and not resolvable. */
function str(value: Value | undefined): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Like {@link str}, but a reference to another resource counts as set (written as the reference). */
function strOrRef(value: Value | undefined): string | null | undefined {
  if (isUnresolved(value)) return value.references[0];
  return str(value);
}

function bool(value: Value | undefined): boolean | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  return undefined;
}

/** The first entry of a nested block (plan JSON writes blocks as lists); null when absent. */
function block(value: Value | undefined): ValueObject | null | undefined {
  if (value === undefined || value === null) return null;
  if (isUnresolved(value)) return undefined;
  if (Array.isArray(value)) {
    const first = value[0];
    if (first === undefined) return null;
    return isObject(first) && !isUnresolved(first) ? (first as ValueObject) : undefined;
  }
  return isObject(value) ? (value as ValueObject) : undefined;
}

/** Every entry of a repeated block (or list); undefined when the list itself is unknown. */
function blocks(value: Value | undefined): ValueObject[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return isObject(value) && !isUnresolved(value) ? [value as ValueObject] : undefined;
  if (value.some((entry) => !isObject(entry) || isUnresolved(entry))) return undefined;
  return value as ValueObject[];
}

function strings(value: Value | undefined): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const result = value.map((entry) => str(entry));
  return result.every((entry): entry is string => typeof entry === 'string') ? result : undefined;
}

function tagsOf(values: ValueObject, ...keys: string[]): Record<string, string> | undefined {
  for (const key of keys) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (!isObject(value) || isUnresolved(value)) return undefined;
    const entries = Object.entries(value);
    if (entries.every(([, entry]) => typeof entry === 'string')) return Object.fromEntries(entries) as Record<string, string>;
    return undefined;
  }
  return {};
}

/** The address a reference names, in the module of the referencing resource (`aws_kms_key.k.arn` → `module.m.aws_kms_key.k`). */
function referencedAddress(reference: string, moduleAddress: string): string {
  return splitReference(reference, moduleAddress).address;
}

/** `aws_kms_key.k.arn` → address `aws_kms_key.k` (in the module) and attribute `arn`. */
function splitReference(reference: string, moduleAddress: string): { address: string; attribute: string } {
  const parts = reference.split('.');
  const length = parts[0] === 'data' ? 3 : 2;
  return { address: `${moduleAddress ? `${moduleAddress}.` : ''}${parts.slice(0, length).join('.')}`, attribute: parts.slice(length).join('.') };
}

// ---------------------------------------------------------------------------------------------
// Mapping

interface Context {
  file: string;
  resources: PlanResource[];
}

function base(context: Context, provider: Provider, resource: PlanResource, name: string | null | undefined) {
  return {
    provider,
    id: resource.address,
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
    scope: { provider, type: 'iac' as const, id: context.file },
    region: null,
    source: { kind: 'file' as const, file: context.file, address: resource.address },
  };
}

/** Values the plan leaves unknown, and values outside the provider's vocabulary (`unrecognised …`), make a resource unreadable. */
function unreadableNote(unknowns: string[]): { unreadable?: string } {
  const unrecognised = unknowns.filter((entry) => entry.startsWith('unrecognised '));
  const afterApply = unknowns.filter((entry) => !entry.startsWith('unrecognised '));
  const parts = [
    ...(afterApply.length > 0 ? [`known only after apply and not resolvable from the plan configuration: ${afterApply.join(', ')}`] : []),
    ...unrecognised,
  ];
  return parts.length > 0 ? { unreadable: parts.join('; ') } : {};
}

/** Records an attribute as unknown when its value is undefined, and returns it. */
function track<T>(unknowns: string[], attribute: string, value: T | undefined): T | undefined {
  if (value === undefined) unknowns.push(attribute);
  return value;
}

// AWS ------------------------------------------------------------------------------------------

function filterAction(value: Value | undefined): 'BLOCK' | 'NONE' | null | undefined {
  const action = str(value);
  if (action === null || action === undefined) return action;
  return oneOf(bedrockVocabulary.filterActions, action);
}

function piiAction(value: Value | undefined): 'BLOCK' | 'ANONYMIZE' | 'NONE' | null | undefined {
  const action = str(value);
  if (action === null || action === undefined) return action;
  return oneOf(bedrockVocabulary.piiActions, action);
}

function tier(value: Value | undefined): 'CLASSIC' | 'STANDARD' | null | undefined {
  const config = block(value);
  if (config === null || config === undefined) return config;
  const name = str(config.tier_name);
  if (name === null || name === undefined) return name;
  return oneOf(bedrockVocabulary.tiers, name);
}

/** Returns undefined when any piece of the content policy is unknown (the rules then report unknown). */
function contentPolicy(values: ValueObject): AwsGuardrail['contentPolicy'] {
  const config = block(values.content_policy_config);
  if (config === null || config === undefined) return config;
  const entries = blocks(config.filters_config);
  const policyTier = tier(config.tier_config);
  if (entries === undefined || policyTier === undefined) return undefined;
  const filters: GuardrailContentFilter[] = [];
  for (const entry of entries) {
    const type = str(entry.type);
    const inputStrength = lookUp(bedrockVocabulary.strengths, str(entry.input_strength) ?? 'NONE');
    const outputStrength = lookUp(bedrockVocabulary.strengths, str(entry.output_strength) ?? 'NONE');
    const inputAction = filterAction(entry.input_action);
    const outputAction = filterAction(entry.output_action);
    const inputEnabled = bool(entry.input_enabled);
    const outputEnabled = bool(entry.output_enabled);
    if (typeof type !== 'string' || str(entry.input_strength) === undefined || str(entry.output_strength) === undefined) return undefined;
    if (
      !inputStrength ||
      !outputStrength ||
      inputAction === undefined ||
      outputAction === undefined ||
      inputEnabled === undefined ||
      outputEnabled === undefined
    )
      return undefined;
    filters.push({
      type,
      category: lookUp(bedrockVocabulary.categories, type) ?? null,
      input: { enabled: inputEnabled, action: inputAction, strength: inputStrength },
      output: { enabled: outputEnabled, action: outputAction, strength: outputStrength },
    });
  }
  return { tier: policyTier, filters };
}

function topicPolicy(values: ValueObject): AwsGuardrail['topicPolicy'] {
  const config = block(values.topic_policy_config);
  if (config === null || config === undefined) return config;
  const topics = blocks(config.topics_config);
  const policyTier = tier(config.tier_config);
  if (topics === undefined || policyTier === undefined) return undefined;
  return { tier: policyTier, topicCount: topics.length };
}

function sensitiveInformationPolicy(values: ValueObject): AwsGuardrail['sensitiveInformationPolicy'] {
  const config = block(values.sensitive_information_policy_config);
  if (config === null || config === undefined) return config;
  const entries = blocks(config.pii_entities_config);
  const regexes = blocks(config.regexes_config);
  if (entries === undefined || regexes === undefined) return undefined;
  const piiEntities: PiiEntity[] = [];
  for (const entry of entries) {
    const type = str(entry.type);
    const action = piiAction(entry.action);
    const inputAction = piiAction(entry.input_action);
    const outputAction = piiAction(entry.output_action);
    const inputEnabled = bool(entry.input_enabled);
    const outputEnabled = bool(entry.output_enabled);
    if (
      typeof type !== 'string' ||
      !action ||
      inputAction === undefined ||
      outputAction === undefined ||
      inputEnabled === undefined ||
      outputEnabled === undefined
    )
      return undefined;
    piiEntities.push({ type, action, inputAction, outputAction, inputEnabled, outputEnabled });
  }
  return { piiEntities, regexCount: regexes.length };
}

function contextualGroundingPolicy(values: ValueObject): AwsGuardrail['contextualGroundingPolicy'] {
  const config = block(values.contextual_grounding_policy_config);
  if (config === null || config === undefined) return config;
  const entries = blocks(config.filters_config);
  if (entries === undefined) return undefined;
  const filters: GroundingFilter[] = [];
  for (const entry of entries) {
    const type = str(entry.type);
    const threshold = entry.threshold;
    const action = filterAction(entry.action);
    const enabled = bool(entry.enabled);
    if (
      typeof type !== 'string' ||
      (threshold !== null && threshold !== undefined && typeof threshold !== 'number') ||
      action === undefined ||
      enabled === undefined
    )
      return undefined;
    filters.push({ type, threshold: typeof threshold === 'number' ? threshold : null, action, enabled });
  }
  return { tier: null, filters };
}

function guardrail(context: Context, resource: PlanResource): AwsGuardrail {
  const values = resource.values;
  const kmsKeyArn = strOrRef(values.kms_key_arn);
  return AwsGuardrailSchema.parse({
    ...base(context, 'aws', resource, str(values.name)),
    type: 'aws.bedrock.guardrail',
    guardrailId: str(values.guardrail_id) ?? resource.address,
    arn: str(values.guardrail_arn) ?? '',
    version: 'DRAFT',
    ...(typeof str(values.status) === 'string' ? { status: str(values.status) } : {}),
    referencedBy: [],
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...optional('contentPolicy', contentPolicy(values)),
    ...optional('topicPolicy', topicPolicy(values)),
    ...optional('sensitiveInformationPolicy', sensitiveInformationPolicy(values)),
    ...optional('contextualGroundingPolicy', contextualGroundingPolicy(values)),
    ...optional('tags', tagsOf(values, 'tags_all', 'tags')),
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function agent(context: Context, resource: PlanResource): AwsAgent {
  const values = resource.values;
  const unknowns: string[] = [];
  const configuration = track(unknowns, 'guardrail_configuration', block(values.guardrail_configuration));
  let reference: AwsAgent['guardrail'] = null;
  if (configuration) {
    const identifier = track(unknowns, 'guardrail_configuration.guardrail_identifier', strOrRef(configuration.guardrail_identifier));
    const version = track(unknowns, 'guardrail_configuration.guardrail_version', str(configuration.guardrail_version));
    // A block without an identifier configures no guardrail.
    reference = typeof identifier === 'string' && identifier !== '' ? { identifier, version: version ?? null } : null;
  }
  const key = strOrRef(values.customer_encryption_key_arn);
  return AwsAgentSchema.parse({
    ...base(context, 'aws', resource, str(values.agent_name)),
    type: 'aws.bedrock.agent',
    agentId: str(values.agent_id) ?? resource.address,
    arn: str(values.agent_arn) ?? '',
    guardrail: reference,
    ...(key !== undefined ? { customerEncryptionKeyArn: key } : {}),
    ...optional('tags', tagsOf(values, 'tags_all', 'tags')),
    ...unreadableNote(unknowns),
  });
}

// Azure ----------------------------------------------------------------------------------------

/** The address of the account an attribute (`cognitive_account_id`) links to. */
function linkedAccount(context: Context, resource: PlanResource, value: Value | undefined): string | undefined {
  const accounts = context.resources.filter((entry) => entry.type === 'azurerm_cognitive_account' || entry.type === 'azurerm_ai_services');
  if (isUnresolved(value)) {
    for (const reference of value.references) {
      const target = referencedAddress(reference, resource.moduleAddress);
      const match = accounts.find((entry) => entry.address === target || configAddress(entry.address) === target);
      if (match) return match.address;
    }
    return undefined;
  }
  const literal = str(value);
  if (typeof literal !== 'string') return undefined;
  const match = accounts.find((entry) => typeof entry.values.id === 'string' && entry.values.id.toLowerCase() === literal.toLowerCase());
  return match ? match.address : literal;
}

/**
 * A string attribute written as a reference to another resource's attribute
 * (`rai_policy_name = azurerm_cognitive_account_rai_policy.strict.name`): the target's planned
 * value when it is known, else undefined.
 */
function referencedValue(context: Context, resource: PlanResource, value: Value | undefined): string | null | undefined {
  if (!isUnresolved(value)) return str(value);
  for (const reference of value.references) {
    const { address: target, attribute } = splitReference(reference, resource.moduleAddress);
    const match = context.resources.find((entry) => entry.address === target || configAddress(entry.address) === target);
    const known = match && attribute !== '' && !attribute.includes('.') ? str(match.values[attribute]) : undefined;
    if (typeof known === 'string') return known;
  }
  return undefined;
}

function azureAccount(context: Context, resource: PlanResource): AzureAccount {
  const values = resource.values;
  const unknowns: string[] = [];
  const aiServices = resource.type === 'azurerm_ai_services';
  const kind = aiServices ? 'AIServices' : track(unknowns, 'kind', str(values.kind));
  const localAuth = aiServices
    ? track(unknowns, 'local_authentication_enabled', bool(values.local_authentication_enabled))
    : track(unknowns, 'local_auth_enabled', bool(values.local_auth_enabled));
  let publicNetworkAccess: string | null | undefined;
  if (aiServices) publicNetworkAccess = track(unknowns, 'public_network_access', str(values.public_network_access));
  else {
    const enabled = track(unknowns, 'public_network_access_enabled', bool(values.public_network_access_enabled));
    publicNetworkAccess = enabled === null || enabled === undefined ? enabled : enabled ? 'Enabled' : 'Disabled';
  }
  const acls = track(unknowns, 'network_acls', block(values.network_acls));
  const defaultAction = acls ? track(unknowns, 'network_acls.default_action', str(acls.default_action)) : null;
  const identity = track(unknowns, 'identity', block(values.identity));
  const identityType = identity ? track(unknowns, 'identity.type', str(identity.type)) : null;
  const inlineKey = track(unknowns, 'customer_managed_key', block(values.customer_managed_key));
  const linkedKey = context.resources.some(
    (entry) =>
      entry.type === 'azurerm_cognitive_account_customer_managed_key' && linkedAccount(context, entry, entry.values.cognitive_account_id) === resource.address,
  );
  const restricted = track(unknowns, 'outbound_network_access_restricted', bool(values.outbound_network_access_restricted));
  const fqdns = track(unknowns, 'fqdns', strings(values.fqdns));
  return AzureAccountSchema.parse({
    ...base(context, 'azure', resource, str(values.name)),
    type: 'azure.cognitive-account',
    kind: kind ?? '',
    resourceGroup: strOrRef(values.resource_group_name) ?? '',
    publicNetworkAccess: publicNetworkAccess ?? null,
    networkAclsDefaultAction: defaultAction ?? null,
    disableLocalAuth: localAuth === null || localAuth === undefined ? null : !localAuth,
    identityType: identityType ?? null,
    encryptionKeySource: inlineKey || linkedKey ? 'Microsoft.KeyVault' : null,
    restrictOutboundNetworkAccess: restricted ?? null,
    allowedFqdnList: fqdns ?? [],
    readErrors: {},
    ...optional('tags', tagsOf(values, 'tags')),
    ...unreadableNote(unknowns),
  });
}

function azureDeployment(context: Context, resource: PlanResource): AzureDeployment {
  const values = resource.values;
  const unknowns: string[] = [];
  const accountId = track(unknowns, 'cognitive_account_id', linkedAccount(context, resource, values.cognitive_account_id));
  const model = block(values.model);
  const policy = track(unknowns, 'rai_policy_name', referencedValue(context, resource, values.rai_policy_name));
  return AzureDeploymentSchema.parse({
    ...base(context, 'azure', resource, str(values.name)),
    type: 'azure.deployment',
    accountId: accountId ?? '',
    modelName: (model && str(model.name)) ?? null,
    modelVersion: (model && str(model.version)) ?? null,
    raiPolicyName: policy ?? null,
    ...unreadableNote(unknowns),
  });
}

function azureRaiPolicy(context: Context, resource: PlanResource): AzureRaiPolicy {
  const values = resource.values;
  const unknowns: string[] = [];
  const accountId = track(unknowns, 'cognitive_account_id', linkedAccount(context, resource, values.cognitive_account_id));
  const entries = track(unknowns, 'content_filter', blocks(values.content_filter)) ?? [];
  const contentFilters: AzureContentFilter[] = entries.map((entry, index) => {
    const enabled = track(unknowns, `content_filter[${index}].filter_enabled`, bool(entry.filter_enabled)) ?? null;
    const blocking = track(unknowns, `content_filter[${index}].block_enabled`, bool(entry.block_enabled)) ?? null;
    const threshold = str(entry.severity_threshold);
    const severityThreshold = threshold === 'Low' || threshold === 'Medium' || threshold === 'High' ? threshold : null;
    return azureContentFilter({ name: str(entry.name) ?? '', source: str(entry.source) ?? null, enabled, blocking, severityThreshold });
  });
  const blocklists = blocks(values.custom_block_list) ?? [];
  return AzureRaiPolicySchema.parse({
    ...base(context, 'azure', resource, str(values.name)),
    type: 'azure.rai-policy',
    accountId: accountId ?? '',
    policyType: 'UserManaged',
    mode: track(unknowns, 'mode', str(values.mode)) ?? null,
    basePolicyName: str(values.base_policy_name) ?? null,
    contentFilters,
    customBlocklistCount: blocklists.length,
    documentedDefault: false,
    ...optional('tags', tagsOf(values, 'tags')),
    ...unreadableNote(unknowns),
  });
}

// GCP ------------------------------------------------------------------------------------------

/** A confidence level's strength: absent is off (not configured); a value outside the vocabulary is unknown (tracked). */
function confidence(unknowns: string[], attribute: string, value: Value | undefined): Strength {
  const level = str(value);
  if (level === undefined || level === null || level === '') return 'off';
  const strength = lookUp(modelArmorVocabulary.confidence, level);
  if (strength === undefined) unknowns.push(`unrecognised ${attribute} ${level}`);
  return strength ?? 'off';
}

function enforcement(settings: ValueObject | null | undefined): boolean | null {
  if (!settings) return null;
  const value = str(settings.filter_enforcement);
  return value === 'ENABLED' ? true : value === 'DISABLED' ? false : null;
}

/** Model Armor `filter_config` → neutral filters; absent blocks are "not configured" (null). */
function armorFilters(value: Value | undefined, unknowns: string[]): ModelArmorFilters {
  const config = track(unknowns, 'filter_config', block(value)) ?? null;
  const rai = config ? (track(unknowns, 'filter_config.rai_settings', blocks(config.rai_settings)) ?? []) : [];
  const raiFilters = rai.flatMap((settings) => blocks(settings.rai_filters) ?? []);
  const injection = config ? block(config.pi_and_jailbreak_filter_settings) : null;
  const uri = config ? block(config.malicious_uri_filter_settings) : null;
  const sdp = config ? block(config.sdp_settings) : null;
  let sensitiveData: boolean | null = null;
  if (sdp) {
    const basic = block(sdp.basic_config);
    const advanced = block(sdp.advanced_config);
    sensitiveData = advanced ? true : enforcement(basic);
  }
  return {
    rai: raiFilters.map((entry) => {
      const filterType = str(entry.filter_type) ?? '';
      return {
        filterType,
        category: lookUp(modelArmorVocabulary.categories, filterType) ?? null,
        strength: confidence(unknowns, 'filter_config.rai_settings.rai_filters.confidence_level', entry.confidence_level),
      };
    }),
    promptInjection: injection
      ? {
          enabled: enforcement(injection) === true,
          strength: confidence(unknowns, 'filter_config.pi_and_jailbreak_filter_settings.confidence_level', injection.confidence_level),
        }
      : null,
    maliciousUri: enforcement(uri),
    sensitiveData,
  };
}

function multiLanguage(metadata: ValueObject | null | undefined): boolean | null {
  const detection = metadata ? block(metadata.multi_language_detection) : null;
  return (detection && bool(detection.enable_multi_language_detection)) ?? null;
}

function floorSetting(context: Context, resource: PlanResource): GcpFloorSetting {
  const values = resource.values;
  const unknowns: string[] = [];
  const owner = track(unknowns, 'parent', strOrRef(values.parent)) ?? '';
  const level = owner.startsWith('organizations/') ? 'organization' : owner.startsWith('folders/') ? 'folder' : 'project';
  const platform = track(unknowns, 'ai_platform_floor_setting', block(values.ai_platform_floor_setting));
  const mode = platform ? (bool(platform.inspect_and_block) === true ? 'inspectAndBlock' : bool(platform.inspect_only) === true ? 'inspectOnly' : null) : null;
  return GcpFloorSettingSchema.parse({
    ...base(context, 'gcp', resource, owner),
    type: 'gcp.floor-setting',
    owner,
    level,
    enforcementEnabled: track(unknowns, 'enable_floor_setting_enforcement', bool(values.enable_floor_setting_enforcement)) ?? null,
    filters: armorFilters(values.filter_config, unknowns),
    integratedServices: track(unknowns, 'integrated_services', strings(values.integrated_services)) ?? [],
    aiPlatformMode: mode,
    aiPlatformCloudLogging: (platform && bool(platform.enable_cloud_logging)) ?? null,
    multiLanguageDetection: multiLanguage(block(values.floor_setting_metadata)),
    ...unreadableNote(unknowns),
  });
}

function template(context: Context, resource: PlanResource): GcpTemplate {
  const values = resource.values;
  const unknowns: string[] = [];
  const metadata = track(unknowns, 'template_metadata', block(values.template_metadata));
  const enforcementType = metadata ? str(metadata.enforcement_type) : null;
  return GcpTemplateSchema.parse({
    ...base(context, 'gcp', resource, str(values.template_id)),
    type: 'gcp.modelarmor-template',
    filters: armorFilters(values.filter_config, unknowns),
    enforcementType: enforcementType === 'INSPECT_ONLY' || enforcementType === 'INSPECT_AND_BLOCK' ? enforcementType : null,
    logSanitizeOperations: (metadata && bool(metadata.log_sanitize_operations)) ?? null,
    logTemplateOperations: (metadata && bool(metadata.log_template_operations)) ?? null,
    multiLanguageDetection: multiLanguage(metadata),
    ...optional('tags', tagsOf(values, 'labels')),
    ...unreadableNote(unknowns),
  });
}

function vertexEndpoint(context: Context, resource: PlanResource): GcpVertexEndpoint {
  const values = resource.values;
  const unknowns: string[] = [];
  const encryption = track(unknowns, 'encryption_spec', block(values.encryption_spec));
  const kmsKeyName = encryption ? track(unknowns, 'encryption_spec.kms_key_name', strOrRef(encryption.kms_key_name)) : null;
  const network = track(unknowns, 'network', strOrRef(values.network));
  const psc = track(unknowns, 'private_service_connect_config', block(values.private_service_connect_config));
  const pscEnabled = psc ? track(unknowns, 'private_service_connect_config.enable_private_service_connect', bool(psc.enable_private_service_connect)) : null;
  return GcpVertexEndpointSchema.parse({
    ...base(context, 'gcp', resource, str(values.name) ?? str(values.display_name)),
    type: 'gcp.vertex-endpoint',
    kmsKeyName: kmsKeyName || null,
    network: network || null,
    privateServiceConnect: pscEnabled === true,
    ...optional('tags', tagsOf(values, 'labels')),
    ...unreadableNote(unknowns),
  });
}

// ---------------------------------------------------------------------------------------------

const mappers: Record<string, (context: Context, resource: PlanResource) => Resource> = {
  aws_bedrock_guardrail: guardrail,
  aws_bedrockagent_agent: agent,
  azurerm_cognitive_account: azureAccount,
  azurerm_ai_services: azureAccount,
  azurerm_cognitive_deployment: azureDeployment,
  azurerm_cognitive_account_rai_policy: azureRaiPolicy,
  google_vertex_ai_endpoint: vertexEndpoint,
  google_model_armor_floorsetting: floorSetting,
  google_model_armor_template: template,
};

export const terraformPlanReader: IacReader = {
  format: 'terraform-plan',
  recognise(parsed) {
    // `errored` marks the output of a failed `terraform plan`: recognised, so that it is refused rather than skipped.
    return isObject(parsed) && typeof parsed.format_version === 'string' && ('planned_values' in parsed || 'resource_changes' in parsed || 'errored' in parsed);
  },
  read(file, _text, parsed): IacReadResult {
    if (!isObject(parsed)) throw new IacInputError(file, 'not a Terraform plan JSON object');
    const version = parsed.format_version;
    if (typeof version !== 'string' || version.split('.')[0] !== '1') {
      throw new IacInputError(file, `unsupported Terraform plan format_version ${JSON.stringify(version)} (supported: 1.x, from terraform show -json)`);
    }
    // Terraform still writes a plan file when planning fails part-way; its resources are incomplete.
    if (parsed.errored === true)
      throw new IacInputError(file, 'the plan errored ("errored": true): terraform plan failed, so the plan is incomplete; fix the errors and plan again');
    const context: Context = { file, resources: planResources(parsed) };
    const resources: Resource[] = [];
    for (const resource of context.resources) {
      const mapper = mappers[resource.type];
      if (!mapper) continue;
      try {
        resources.push(mapper(context, resource));
      } catch (error) {
        throw new IacInputError(file, `${resource.address}: cannot map ${resource.type}: ${String((error as Error).message).split('\n')[0]}`);
      }
    }
    // Plan JSON carries no comments, so inline suppressions cannot be read from it.
    return { resources, suppressions: [] };
  },
};
