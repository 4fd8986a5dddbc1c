/**
 * The Terraform vocabulary: resource types of the AWS, AWS Cloud Control (`awscc_*`), AzureRM and
 * Google providers → the neutral model. One table for every Terraform input: the plan JSON reader
 * (`terraform.ts`) and the HCL reader (`terraform-hcl.ts`) both turn their input into
 * {@link TerraformResource}s (attribute values, with what is known only after apply marked
 * {@link Unresolved}) and hand them to {@link mapTerraformResources}.
 *
 * Links. An attribute written as a reference to another resource (`aws_kms_key.k.arn`,
 * `azurerm_cognitive_account.main.id`) is unresolved but counts as set, and links children to
 * their parents. References are looked up only among the resources of the same plan or root
 * module, and within the referencing resource's module instance (`module.x["a"]`), through
 * indexes built once per input: never by address alone across files.
 *
 * Data sources (`data "azurerm_cognitive_account" "existing"`) are not created by the files.
 * When children (deployments, RAI policies) link to one, it becomes a parent account that is
 * `referenceOnly` (no verdict on it) and unreadable ({@link dataSourceNote}: nothing about it is
 * known from the files), so that the children are judged, linked to it.
 */
import type { Provider, Strength } from '../model/common.ts';
import { lookUp, oneOf } from '../model/common.ts';
import { piiEntityFrom } from './bedrock-guardrail.ts';
import type { Resource } from '../model/inventory.ts';
import type { AwsAgent, AwsDataSource, AwsGuardrail, AwsKnowledgeBase, GuardrailContentFilter, GroundingFilter, PiiEntity } from '../model/aws.ts';
import type { AzureAccount, AzureContentFilter, AzureDeployment, AzureRaiPolicy } from '../model/azure.ts';
import type { GcpFloorSetting, GcpTemplate, GcpVertexEndpoint, ModelArmorFilters } from '../model/gcp.ts';
import { AwsAgentSchema, AwsDataSourceSchema, AwsGuardrailSchema, AwsKnowledgeBaseSchema, bedrockVocabulary } from '../model/aws.ts';
import { AzureAccountSchema, AzureDeploymentSchema, AzureRaiPolicySchema, azureContentFilter, referencedAccountSettings } from '../model/azure.ts';
import { GcpFloorSettingSchema, GcpTemplateSchema, GcpVertexEndpointSchema, modelArmorVocabulary } from '../model/gcp.ts';
import { IacInputError } from './reader.ts';

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A value not known from the files. `references` are the resource references it was written as
 * (a link: the value exists after apply); none means it cannot be resolved at all. `computed`:
 * the provider fills it in and the configuration does not set it (a plan's `after_unknown` with
 * no configuration expression).
 */
export interface Unresolved {
  readonly unresolved: true;
  readonly references: readonly string[];
  readonly computed?: true;
}

/** An attribute value with unknowns replaced by {@link Unresolved} markers. */
export type Value = null | boolean | number | string | Unresolved | Value[] | { [key: string]: Value };
export type ValueObject = { [key: string]: Value };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isUnresolved(value: unknown): value is Unresolved {
  return isObject(value) && value.unresolved === true && Array.isArray(value.references);
}

export function unresolved(references: readonly string[] = []): Unresolved {
  return { unresolved: true, references };
}

/** One resource instance of a plan or an HCL module, before mapping. */
export interface TerraformResource {
  /** The instance address: `module.x["a"].aws_bedrock_guardrail.main[0]`. */
  address: string;
  type: string;
  name: string;
  /** The module instance the resource lives in (`module.x["a"]`), '' for the root module. */
  moduleAddress: string;
  mode: 'managed' | 'data';
  values: ValueObject;
  /** The file and line of the block (HCL); a plan's resources have neither and point at the plan. */
  file?: string;
  line?: number;
  /** Why the resource as a whole cannot be read from the files (its count or for_each is not known before apply). */
  unreadable?: string;
}

/** The unreadable note of a data-source parent (see the module comment). */
export const dataSourceNote =
  'a Terraform data source: an existing resource read at plan time, not created or changed by these files, so nothing about it is judged here';

/** `data.x.y`, `module.m["k"].data.x.y[0]`: the address of a data source (its findings are not reported). */
export function isDataSourceAddress(address: string): boolean {
  return /^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*data\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(address);
}

/** `module.x["a"].aws_y.z[0]` → `module.x.aws_y.z`: the address configuration uses. */
export function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]])*\]/g, '');
}

/** The block an instance belongs to, within its module instance: `module.x["a"].aws_y.z` (no index of its own). */
function blockKey(resource: TerraformResource): string {
  return `${resource.moduleAddress ? `${resource.moduleAddress}.` : ''}${resource.mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}`;
}

const referencePattern = /^(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)((?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?)(?:\.(.*))?$/;
const modulePrefix = /^(?:module\.[A-Za-z0-9_-]+(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.)+/;

/**
 * `aws_kms_key.k[0].arn` written in module instance `module.m` → the instance address
 * `module.m.aws_kms_key.k[0]`, the block `module.m.aws_kms_key.k` and the attribute `arn`. A
 * reference may start with module steps (`module.m.aws_kms_key.k.arn`, as the HCL reader writes
 * references: from the root module). Undefined for references that name no resource (`var.`,
 * `module.x.output`, …).
 */
export function splitReference(reference: string, moduleAddress: string): { address: string; block: string; attribute: string } | undefined {
  if (/^(var|local|each|count|path|terraform|self)\./.test(reference)) return undefined;
  const path = modulePrefix.exec(reference)?.[0] ?? '';
  const match = referencePattern.exec(reference.slice(path.length));
  if (!match) return undefined;
  const prefix = `${moduleAddress ? `${moduleAddress}.` : ''}${path}`;
  const block = `${prefix}${match[1] ?? ''}${match[2]}.${match[3]}`;
  return { address: `${block}${match[4] ?? ''}`, block, attribute: match[5] ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Typed access to values

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
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** The first entry of a nested block (plan JSON writes blocks as lists, awscc as objects); null when absent. */
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

/** Tags as a map (`tags = { k = "v" }`) or, for awscc, a list of `{ key, value }`; undefined when not known. */
function tagsOf(values: ValueObject, ...keys: string[]): Record<string, string> | undefined {
  for (const key of keys) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      const pairs = value.map((entry) => (isObject(entry) && !isUnresolved(entry) ? [str(entry.key), str(entry.value)] : [undefined, undefined]));
      if (pairs.every(([name, text]) => typeof name === 'string' && typeof text === 'string')) return Object.fromEntries(pairs) as Record<string, string>;
      return undefined;
    }
    if (!isObject(value) || isUnresolved(value)) return undefined;
    const entries = Object.entries(value);
    if (entries.every(([, entry]) => typeof entry === 'string')) return Object.fromEntries(entries) as Record<string, string>;
    return undefined;
  }
  return {};
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

// ---------------------------------------------------------------------------------------------
// Mapping context: the resources of one plan or root module, indexed once

interface Context {
  scopeId: string;
  file: string;
  /** How an unknown value is described in `unreadable` (from a plan or from the files). */
  unknownPhrase: string;
  /** References are written from the root module (HCL), not from the referencing resource's module (plan configuration). */
  rootReferences: boolean;
  byAddress: ReadonlyMap<string, TerraformResource>;
  /** Instances by block within their module instance (`module.x["a"].aws_y.z`), in input order. */
  byBlock: ReadonlyMap<string, readonly TerraformResource[]>;
  /** Azure accounts by their known `id` (lower case). */
  accountsById: ReadonlyMap<string, TerraformResource>;
  /** Addresses of the Azure accounts an `azurerm_cognitive_account_customer_managed_key` links to. */
  accountsWithKey: ReadonlySet<string>;
  /** Data-source parents the children linked to, by address (emitted after the other resources). */
  dataParents: Map<string, TerraformResource>;
}

const azureAccountTypes = new Set(['azurerm_cognitive_account', 'azurerm_ai_services']);
const knowledgeBaseTypes = new Set(['aws_bedrockagent_knowledge_base', 'awscc_bedrock_knowledge_base']);

/** The resource a reference names, in the referencing resource's module instance; an unindexed reference to a counted block takes its first instance. */
function target(context: Context, reference: string, moduleAddress: string): { resource: TerraformResource; attribute: string } | undefined {
  const parts = splitReference(reference, context.rootReferences ? '' : moduleAddress);
  if (!parts) return undefined;
  const resource = context.byAddress.get(parts.address) ?? (parts.address === parts.block ? context.byBlock.get(parts.block)?.[0] : undefined);
  return resource ? { resource, attribute: parts.attribute } : undefined;
}

function base(context: Context, provider: Provider, resource: TerraformResource, name: string | null | undefined) {
  const file = resource.file ?? context.file;
  return {
    provider,
    id: resource.address,
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
    scope: { provider, type: 'iac' as const, id: context.scopeId },
    region: null,
    source: { kind: 'file' as const, file, ...(resource.line !== undefined ? { line: resource.line } : {}), address: resource.address },
  };
}

/** Values the input leaves unknown, and values outside the provider's vocabulary (`unrecognised …`), make a resource unreadable. */
function unreadableNote(context: Context, unknowns: string[]): { unreadable?: string } {
  const phrase = context.unknownPhrase;
  const unrecognised = unknowns.filter((entry) => entry.startsWith('unrecognised '));
  const afterApply = unknowns.filter((entry) => !entry.startsWith('unrecognised '));
  const parts = [...(afterApply.length > 0 ? [`${phrase}: ${afterApply.join(', ')}`] : []), ...unrecognised];
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

/**
 * A policy's tier. No tier block means the AWS default, CLASSIC (`null`: the rules read it as
 * CLASSIC); so does a block the provider computes when the configuration sets none.
 */
function tier(value: Value | undefined): 'CLASSIC' | 'STANDARD' | null | undefined {
  if (isUnresolved(value) && value.computed) return null;
  const config = block(value);
  if (config === null || config === undefined) return config;
  const name = str(config.tier_name);
  if (name === null || name === undefined) return name;
  return oneOf(bedrockVocabulary.tiers, name);
}

/** The attribute names of the two AWS providers for a guardrail (awscc mirrors CloudFormation). */
interface GuardrailNames {
  contentTier: string;
  topicTier: string;
  tags: string[];
}

const awsGuardrailNames: GuardrailNames = { contentTier: 'tier_config', topicTier: 'tier_config', tags: ['tags_all', 'tags'] };
const awsccGuardrailNames: GuardrailNames = { contentTier: 'content_filters_tier_config', topicTier: 'topics_tier_config', tags: ['tags'] };

/** Returns undefined when any piece of the content policy is unknown (the rules then report unknown). */
function contentPolicy(values: ValueObject, names: GuardrailNames): AwsGuardrail['contentPolicy'] {
  const config = block(values.content_policy_config);
  if (config === null || config === undefined) return config;
  const entries = blocks(config.filters_config);
  const policyTier = tier(config[names.contentTier]);
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

function topicPolicy(values: ValueObject, names: GuardrailNames): AwsGuardrail['topicPolicy'] {
  const config = block(values.topic_policy_config);
  if (config === null || config === undefined) return config;
  const topics = blocks(config.topics_config);
  const policyTier = tier(config[names.topicTier]);
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
    const entity = piiEntityFrom({
      type: str(entry.type),
      action: piiAction(entry.action),
      inputAction: piiAction(entry.input_action),
      outputAction: piiAction(entry.output_action),
      inputEnabled: bool(entry.input_enabled),
      outputEnabled: bool(entry.output_enabled),
    });
    if (entity === undefined) return undefined;
    piiEntities.push(entity);
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

function guardrailOf(names: GuardrailNames) {
  return (context: Context, resource: TerraformResource): AwsGuardrail => {
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
      ...optional('contentPolicy', contentPolicy(values, names)),
      ...optional('topicPolicy', topicPolicy(values, names)),
      ...optional('sensitiveInformationPolicy', sensitiveInformationPolicy(values)),
      ...optional('contextualGroundingPolicy', contextualGroundingPolicy(values)),
      ...optional('tags', tagsOf(values, ...names.tags)),
    });
  };
}

function agentOf(tags: string[]) {
  return (context: Context, resource: TerraformResource): AwsAgent => {
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
      ...optional('tags', tagsOf(values, ...tags)),
      ...unreadableNote(context, unknowns),
    });
  };
}

/** `aws_bedrockagent_knowledge_base` (id, arn) and `awscc_bedrock_knowledge_base` (knowledge_base_id, knowledge_base_arn). */
function knowledgeBaseIds(resource: TerraformResource): { knowledgeBaseId: string; arn: string } {
  const values = resource.values;
  const cc = resource.type.startsWith('awscc_');
  const id = str(cc ? values.knowledge_base_id : values.id);
  const arn = str(cc ? values.knowledge_base_arn : values.arn);
  return { knowledgeBaseId: typeof id === 'string' && id !== '' ? id : resource.address, arn: typeof arn === 'string' ? arn : '' };
}

function knowledgeBase(context: Context, resource: TerraformResource): AwsKnowledgeBase {
  const values = resource.values;
  const status = str(values.status);
  return AwsKnowledgeBaseSchema.parse({
    ...base(context, 'aws', resource, str(values.name)),
    type: 'aws.bedrock.knowledge-base',
    ...knowledgeBaseIds(resource),
    ...(typeof status === 'string' ? { status } : {}),
    ...optional('tags', tagsOf(values, ...(resource.type.startsWith('awscc_') ? ['tags'] : ['tags_all', 'tags']))),
  });
}

/** The knowledge base a data source belongs to: a linked knowledge base (or data source) of the same input, else the id as written. */
function linkedKnowledgeBase(
  context: Context,
  resource: TerraformResource,
  value: Value | undefined,
): { knowledgeBaseId: string; knowledgeBaseArn: string } | undefined {
  if (isUnresolved(value)) {
    for (const reference of value.references) {
      const found = target(context, reference, resource.moduleAddress);
      if (found && knowledgeBaseTypes.has(found.resource.type)) {
        const ids = knowledgeBaseIds(found.resource);
        return { knowledgeBaseId: ids.knowledgeBaseId, knowledgeBaseArn: ids.arn };
      }
    }
    const reference = value.references[0];
    return reference === undefined ? undefined : { knowledgeBaseId: reference, knowledgeBaseArn: '' };
  }
  const literal = str(value);
  return typeof literal === 'string' ? { knowledgeBaseId: literal, knowledgeBaseArn: '' } : undefined;
}

function dataSource(context: Context, resource: TerraformResource): AwsDataSource {
  const values = resource.values;
  const unknowns: string[] = [];
  const parent = track(unknowns, 'knowledge_base_id', linkedKnowledgeBase(context, resource, values.knowledge_base_id));
  const encryption = block(values.server_side_encryption_configuration);
  const kmsKeyArn = encryption === undefined ? undefined : encryption === null ? null : strOrRef(encryption.kms_key_arn);
  const id = str(values.data_source_id);
  return AwsDataSourceSchema.parse({
    ...base(context, 'aws', resource, str(values.name)),
    type: 'aws.bedrock.data-source',
    dataSourceId: typeof id === 'string' && id !== '' ? id : resource.address,
    knowledgeBaseId: parent?.knowledgeBaseId ?? '',
    knowledgeBaseArn: parent?.knowledgeBaseArn ?? '',
    ...(kmsKeyArn !== undefined ? { kmsKeyArn: kmsKeyArn === '' ? null : kmsKeyArn } : {}),
    ...unreadableNote(context, unknowns),
  });
}

// Azure ----------------------------------------------------------------------------------------

/** The address of the account an attribute (`cognitive_account_id`) links to; a data-source account becomes a parent to emit. */
function linkedAccount(context: Context, resource: TerraformResource, value: Value | undefined): string | undefined {
  if (isUnresolved(value)) {
    for (const reference of value.references) {
      const found = target(context, reference, resource.moduleAddress);
      if (!found || !azureAccountTypes.has(found.resource.type)) continue;
      if (found.resource.mode === 'data') context.dataParents.set(found.resource.address, found.resource);
      return found.resource.address;
    }
    return undefined;
  }
  const literal = str(value);
  if (typeof literal !== 'string') return undefined;
  return context.accountsById.get(literal.toLowerCase())?.address ?? literal;
}

/**
 * A string attribute written as a reference to another resource's attribute
 * (`rai_policy_name = azurerm_cognitive_account_rai_policy.strict.name`): the target's value
 * when it is known, else undefined.
 */
function referencedValue(context: Context, resource: TerraformResource, value: Value | undefined): string | null | undefined {
  if (!isUnresolved(value)) return str(value);
  for (const reference of value.references) {
    const found = target(context, reference, resource.moduleAddress);
    const known = found && found.attribute !== '' && !found.attribute.includes('.') ? str(found.resource.values[found.attribute]) : undefined;
    if (typeof known === 'string') return known;
  }
  return undefined;
}

function azureAccount(context: Context, resource: TerraformResource): AzureAccount {
  const values = resource.values;
  if (resource.mode === 'data') {
    // Only the link matters: what the account is, the files do not say.
    const kind = str(values.kind);
    return AzureAccountSchema.parse({
      ...base(context, 'azure', resource, str(values.name)),
      type: 'azure.cognitive-account',
      kind: resource.type === 'azurerm_ai_services' ? 'AIServices' : typeof kind === 'string' ? kind : '',
      resourceGroup: strOrRef(values.resource_group_name) ?? '',
      ...referencedAccountSettings,
      unreadable: dataSourceNote,
    });
  }
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
  const linkedKey = context.accountsWithKey.has(resource.address);
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
    ...unreadableNote(context, unknowns),
  });
}

function azureDeployment(context: Context, resource: TerraformResource): AzureDeployment {
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
    ...unreadableNote(context, unknowns),
  });
}

function azureRaiPolicy(context: Context, resource: TerraformResource): AzureRaiPolicy {
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
    ...unreadableNote(context, unknowns),
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

function floorSetting(context: Context, resource: TerraformResource): GcpFloorSetting {
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
    ...unreadableNote(context, unknowns),
  });
}

function template(context: Context, resource: TerraformResource): GcpTemplate {
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
    ...unreadableNote(context, unknowns),
  });
}

function vertexEndpoint(context: Context, resource: TerraformResource): GcpVertexEndpoint {
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
    ...unreadableNote(context, unknowns),
  });
}

// ---------------------------------------------------------------------------------------------

/** Every resource type read, by the provider's name for it: the one table for plans and HCL. */
const mappers: Record<string, (context: Context, resource: TerraformResource) => Resource> = {
  aws_bedrock_guardrail: guardrailOf(awsGuardrailNames),
  awscc_bedrock_guardrail: guardrailOf(awsccGuardrailNames),
  aws_bedrockagent_agent: agentOf(['tags_all', 'tags']),
  awscc_bedrock_agent: agentOf(['tags']),
  aws_bedrockagent_knowledge_base: knowledgeBase,
  awscc_bedrock_knowledge_base: knowledgeBase,
  aws_bedrockagent_data_source: dataSource,
  awscc_bedrock_data_source: dataSource,
  azurerm_cognitive_account: azureAccount,
  azurerm_ai_services: azureAccount,
  azurerm_cognitive_deployment: azureDeployment,
  azurerm_cognitive_account_rai_policy: azureRaiPolicy,
  google_vertex_ai_endpoint: vertexEndpoint,
  google_model_armor_floorsetting: floorSetting,
  google_model_armor_template: template,
};

/** Whether a resource type is one the readers map (others are read only as link targets). */
export function isMappedType(type: string): boolean {
  return Object.hasOwn(mappers, type);
}

/** Adds a note to a mapped resource's `unreadable` (the rules then report unknown for it). */
function withNote(resource: Resource, note: string | undefined): Resource {
  if (note === undefined) return resource;
  return { ...resource, unreadable: resource.unreadable !== undefined ? `${note}; ${resource.unreadable}` : note };
}

export interface MappingInput {
  /** The plan file, or the root module's directory. */
  scopeId: string;
  /** Where resources without a file of their own point (the plan file). */
  file: string;
  resources: readonly TerraformResource[];
  /**
   * `plan`: unknown values come from the plan configuration, whose references are written from
   * the referencing resource's module; `hcl`: from the files, with references from the root
   * module (`module.m.aws_kms_key.k.arn`), so they can cross module boundaries.
   */
  origin: 'plan' | 'hcl';
}

function buildContext(input: MappingInput): Context {
  const byAddress = new Map<string, TerraformResource>();
  const byBlock = new Map<string, TerraformResource[]>();
  const accountsById = new Map<string, TerraformResource>();
  for (const resource of input.resources) {
    if (!byAddress.has(resource.address)) byAddress.set(resource.address, resource);
    const key = blockKey(resource);
    const list = byBlock.get(key);
    if (list) list.push(resource);
    else byBlock.set(key, [resource]);
    const id = resource.values.id;
    if (azureAccountTypes.has(resource.type) && resource.mode === 'managed' && typeof id === 'string' && !accountsById.has(id.toLowerCase()))
      accountsById.set(id.toLowerCase(), resource);
  }
  const unknownPhrase =
    input.origin === 'plan'
      ? 'known only after apply and not resolvable from the plan configuration'
      : 'not known before apply (a reference, a variable without a value, or an expression the files do not determine)';
  const context: Context = {
    scopeId: input.scopeId,
    file: input.file,
    unknownPhrase,
    rootReferences: input.origin === 'hcl',
    byAddress,
    byBlock,
    accountsById,
    accountsWithKey: new Set(),
    dataParents: new Map(),
  };
  const withKey = new Set<string>();
  for (const resource of input.resources) {
    if (resource.type !== 'azurerm_cognitive_account_customer_managed_key' || resource.mode !== 'managed') continue;
    const account = linkedAccount(context, resource, resource.values.cognitive_account_id);
    if (account !== undefined) withKey.add(account);
  }
  context.dataParents.clear();
  return { ...context, accountsWithKey: withKey };
}

/**
 * Maps the resources of one plan or root module (`scopeId`: the plan file or the module's
 * directory; `file`: where resources without a file of their own point). Managed resources of
 * the mapped types become model resources; data sources only as parents their children link to.
 */
export function mapTerraformResources(input: MappingInput): Resource[] {
  const context = buildContext(input);
  const mapped: Resource[] = [];
  const map = (resource: TerraformResource) => {
    const mapper = mappers[resource.type];
    if (!mapper) return;
    try {
      mapped.push(withNote(mapper(context, resource), resource.unreadable));
    } catch (error) {
      throw new IacInputError(
        resource.file ?? context.file,
        `${resource.address}: cannot map ${resource.type}: ${String((error as Error).message).split('\n')[0]}`,
        resource.line,
      );
    }
  };
  for (const resource of input.resources) if (resource.mode === 'managed') map(resource);
  for (const parent of context.dataParents.values()) map(parent);
  return mapped;
}
