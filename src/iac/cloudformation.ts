/**
 * CloudFormation templates (JSON or YAML) → the resource model.
 *
 * Both syntaxes are parsed with the `yaml` package (JSON is YAML's flow subset), so every
 * resource gets the line of its logical id. YAML short-form intrinsics (`!Ref`, `!GetAtt`,
 * `!Sub`, …) are registered as custom tags, and both their short and JSON long forms
 * (`{ "Ref": … }`, `{ "Fn::GetAtt": … }`) become {@link Intrinsic} values:
 * - for "has a value" fields (KMS key ARNs, guardrail identifiers, tag values) an intrinsic counts
 *   as set and is recorded as written (`!GetAtt Key.Arn`); `!Ref AWS::NoValue` counts as unset,
 *   and an `!If` with an `AWS::NoValue` branch is unknown;
 * - for fields whose value is judged (filter strengths, actions, enabled flags) an intrinsic is
 *   unknown, so the policy holding it is left undefined and the rules report `unknown`.
 *
 * Parsing follows the AWS tools (YAML 1.1 as PyYAML reads it, see `cfn-yaml.ts`). Parameters have
 * the value given for them (`--parameters FILE`) or their `Default`, and conditions, mappings and
 * string functions of known values are evaluated (`cfn-intrinsics.ts`): `!Ref Strength` with
 * `Default: HIGH` is HIGH. A resource whose `Condition` is false is not created and not read.
 *
 * Mappings: `AWS::Bedrock::Guardrail` → `aws.bedrock.guardrail` (the template's working copy:
 * version DRAFT, guardrailId = logical id; a content or topic policy without a tier
 * configuration is on the CLASSIC tier, which the rules read from a null tier), `AWS::Bedrock::Agent`
 * → `aws.bedrock.agent` (agentId = logical id; a GuardrailIdentifier written as `!Ref G` /
 * `!GetAtt G.GuardrailId` / `!GetAtt G.GuardrailArn` of a guardrail in the same template becomes
 * that guardrail's id), `AWS::Bedrock::KnowledgeBase` → `aws.bedrock.knowledge-base`
 * (knowledgeBaseId = logical id), `AWS::Bedrock::DataSource` → `aws.bedrock.data-source`
 * (dataSourceId = logical id; KnowledgeBaseId written as `!Ref KB` / `!GetAtt KB.KnowledgeBaseId`
 * of a knowledge base in the same template becomes that knowledge base's id; kmsKeyArn from
 * ServerSideEncryptionConfiguration.KmsKeyArn). References are resolved within the template only:
 * a template is one stack, and nothing is joined across files.
 *
 * Resources the stack does not create are not judged, but what they parent is:
 * - a parent from another stack, referenced with `Fn::ImportValue` (a data source whose
 *   KnowledgeBaseId is `!ImportValue shared-kb-id`, an agent whose GuardrailIdentifier is
 *   `!ImportValue …`): the parent is not in the template, so there is nothing to judge of it; the
 *   child is judged and linked to it by that reference (`!ImportValue shared-kb-id`);
 * - resources brought into the stack by a resource import: the template cannot say which those are
 *   (they are listed in the IMPORT change set, `--resources-to-import`; `DeletionPolicy: Retain`,
 *   which an import requires, does not make a resource an import — AWS CloudFormation User Guide,
 *   "Import AWS resources into a CloudFormation stack"), so the template names them in its
 *   top-level Metadata: `Metadata: { aiposture: { imported: [LogicalId, …] } }`. They are read (their
 *   children link to them) but not judged, since an import does not apply the template's
 *   properties to the resource.
 * Resources carry the tags CloudFormation adds on deploy (`aws:cloudformation:logical-id`, and
 * `aws:cloudformation:stack-name`, which is not known before deploy and is set to the template
 * file) next to their own `Tags`.
 *
 * Suppressions (see {@link Suppression}):
 * - a YAML comment `# aiposture:ignore <ruleId> reason="..." [until=YYYY-MM-DD]` on the line of a
 *   resource's logical id, in the comment lines directly above it (at most the logical id's
 *   indentation), or inside its block (indented deeper than the logical id);
 * - in JSON or YAML, the resource's Metadata:
 *   ```yaml
 *   Metadata:
 *     aiposture:
 *       ignore:
 *         - rule: aws/agent-cmk
 *           reason: "key managed by the platform team"
 *           until: 2026-12-31        # optional, YYYY-MM-DD
 *   ```
 *   (`ignore` may also be a single such object). A malformed entry is an {@link IacInputError}.
 */
import { basename } from 'node:path';
import {
  LineCounter,
  YAMLMap,
  YAMLSeq,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type ParsedNode,
  type Tags,
} from 'yaml';
import { lookUp, oneOf } from '../model/common.ts';
import type { Resource } from '../model/inventory.ts';
import type { AwsAgent, AwsDataSource, AwsGuardrail, AwsKnowledgeBase, GroundingFilter, GuardrailContentFilter, PiiEntity } from '../model/aws.ts';
import { AwsAgentSchema, AwsDataSourceSchema, AwsGuardrailSchema, AwsKnowledgeBaseSchema, bedrockVocabulary } from '../model/aws.ts';
import { IacInputError, parseSuppression, type IacReadResult, type IacReader, type Suppression } from './reader.ts';
import { Intrinsic, isNoValue, resolveIntrinsics, templateValues, type TemplateValues } from './cfn-intrinsics.ts';
import { parseTemplateYaml } from './cfn-yaml.ts';
import { piiEntityFrom } from './bedrock-guardrail.ts';

export { Intrinsic } from './cfn-intrinsics.ts';

// ---------------------------------------------------------------------------------------------
// Parsing with positions (shared by the ARM and Vertex readers)

export interface SourceDocument {
  document: Document.Parsed;
  lines: LineCounter;
}

/**
 * Parses JSON or YAML with line positions. Malformed input throws {@link IacInputError} naming
 * `file:line` and the parser's message.
 */
export function parseSource(file: string, text: string, customTags: Tags = []): SourceDocument {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, customTags, prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    throw new IacInputError(file, `malformed JSON/YAML: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}`, line);
  }
  return { document, lines };
}

/** The 1-based line a node starts on. */
export function lineOf(source: SourceDocument, node: Node | null | undefined): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : source.lines.linePos(start).line;
}

/** The node at a key of a map node (undefined when absent or not a map). */
export function child(node: unknown, key: string | number): Node | undefined {
  if (isMap(node)) {
    const pair = node.items.find((entry) => isPair(entry) && (isScalar(entry.key) ? String(entry.key.value) : String(entry.key)) === String(key));
    return (pair?.value ?? undefined) as Node | undefined;
  }
  if (isSeq(node) && typeof key === 'number') return (node.items[key] ?? undefined) as Node | undefined;
  return undefined;
}

/** The key node of an entry of a map node (for the line of a key rather than of its value). */
export function keyNode(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((entry) => isPair(entry) && (isScalar(entry.key) ? String(entry.key.value) : String(entry.key)) === key);
  return (pair?.key ?? undefined) as Node | undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Intrinsic);
}

// ---------------------------------------------------------------------------------------------
// Intrinsic functions

const shortForms = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'ImportValue',
  'FindInMap',
  'GetAZs',
  'Base64',
  'Split',
  'Equals',
  'And',
  'Or',
  'Not',
  'Condition',
  'Cidr',
  'Length',
  'ToJsonString',
  'Transform',
];

/** `!X` for each intrinsic, as scalar, sequence and mapping: the node keeps its tag and we read it. */
const intrinsicTags: Tags = shortForms.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, nodeClass: YAMLSeq, resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => value },
  { tag: `!${name}`, collection: 'map' as const, nodeClass: YAMLMap, resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => value },
]);

function intrinsicName(tag: string | undefined): string | undefined {
  if (!tag?.startsWith('!')) return undefined;
  const name = tag.slice(1);
  if (!shortForms.includes(name)) return undefined;
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** Converts a node into plain values, turning both forms of intrinsics into {@link Intrinsic}. */
function toValue(node: unknown, document: Document.Parsed): unknown {
  if (isAlias(node)) return toValue(node.resolve(document), document);
  let value: unknown;
  if (isScalar(node)) value = node.value;
  else if (isSeq(node)) value = node.items.map((entry) => toValue(entry, document));
  else if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) result[String(isScalar(pair.key) ? pair.key.value : pair.key)] = toValue(pair.value, document);
    const keys = Object.keys(result);
    const only = keys[0];
    if (keys.length === 1 && only !== undefined && (only === 'Ref' || (only.startsWith('Fn::') && shortForms.includes(only.slice(4)))))
      value = new Intrinsic(only, result[only]);
    else value = result;
  } else value = node ?? null;
  const fn = intrinsicName((node as { tag?: string } | null)?.tag);
  if (fn === undefined) return value;
  if (fn === 'Fn::GetAtt' && typeof value === 'string') return new Intrinsic(fn, value.split('.'));
  return new Intrinsic(fn, value);
}

// ---------------------------------------------------------------------------------------------
// Typed access: known value, null (not set), undefined (unknown until deployed)

function str(value: unknown): string | null | undefined {
  if (value === undefined || value === null || isNoValue(value)) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Like {@link str}, but an intrinsic counts as set and is returned as written. */
function strOrRef(value: unknown): string | null | undefined {
  if (value instanceof Intrinsic) {
    if (isNoValue(value)) return null;
    if (value.fn === 'Fn::If' && Array.isArray(value.args) && value.args.slice(1).some(isNoValue)) return undefined;
    return value.toString();
  }
  return str(value);
}

function bool(value: unknown): boolean | null | undefined {
  if (value === undefined || value === null || isNoValue(value)) return null;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function num(value: unknown): number | null | undefined {
  if (value === undefined || value === null || isNoValue(value)) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

function obj(value: unknown): Record<string, unknown> | null | undefined {
  if (value === undefined || value === null || isNoValue(value)) return null;
  return isObject(value) ? value : undefined;
}

function list(value: unknown): Record<string, unknown>[] | undefined {
  if (value === undefined || value === null || isNoValue(value)) return [];
  if (!Array.isArray(value) || !value.every(isObject)) return undefined;
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

// ---------------------------------------------------------------------------------------------
// Mapping

interface TemplateResource {
  logicalId: string;
  type: string;
  line: number | undefined;
  properties: Record<string, unknown>;
}

interface Context {
  file: string;
  /** The template's resources by logical id (references resolve within the template only). */
  byLogicalId: ReadonlyMap<string, TemplateResource>;
}

function base(context: Context, resource: TemplateResource, name: string | null | undefined) {
  return {
    provider: 'aws' as const,
    id: resource.logicalId,
    ...(typeof name === 'string' && name !== '' ? { name } : {}),
    scope: { provider: 'aws' as const, type: 'iac' as const, id: context.file },
    region: null,
    source: { kind: 'file' as const, file: context.file, ...(resource.line !== undefined ? { line: resource.line } : {}), address: resource.logicalId },
  };
}

/** `Tags` (a `[{Key, Value}]` list or a map) plus the tags CloudFormation adds; undefined when unknown. */
function tagsOf(context: Context, resource: TemplateResource): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  const raw = resource.properties.Tags;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (!isObject(entry)) return undefined;
      const key = str(entry.Key);
      const value = strOrRef(entry.Value);
      if (typeof key !== 'string' || typeof value !== 'string') return undefined;
      tags[key] = value;
    }
  } else if (isObject(raw)) {
    for (const [key, entry] of Object.entries(raw)) {
      const value = strOrRef(entry);
      if (typeof value !== 'string') return undefined;
      tags[key] = value;
    }
  } else if (raw !== undefined && raw !== null) return undefined;
  tags['aws:cloudformation:logical-id'] = resource.logicalId;
  tags['aws:cloudformation:stack-name'] = basename(context.file);
  return tags;
}

function filterAction(value: unknown): 'BLOCK' | 'NONE' | null | undefined {
  const action = str(value);
  if (action === null || action === undefined) return action;
  return oneOf(bedrockVocabulary.filterActions, action);
}

function piiAction(value: unknown): 'BLOCK' | 'ANONYMIZE' | 'NONE' | null | undefined {
  const action = str(value);
  if (action === null || action === undefined) return action;
  return oneOf(bedrockVocabulary.piiActions, action);
}

function tier(value: unknown): 'CLASSIC' | 'STANDARD' | null | undefined {
  const config = obj(value);
  if (config === null || config === undefined) return config;
  const name = str(config.TierName);
  if (name === null || name === undefined) return name;
  return oneOf(bedrockVocabulary.tiers, name);
}

function contentPolicy(properties: Record<string, unknown>): AwsGuardrail['contentPolicy'] {
  const config = obj(properties.ContentPolicyConfig);
  if (config === null || config === undefined) return config;
  const entries = list(config.FiltersConfig);
  const policyTier = tier(config.ContentFiltersTierConfig);
  if (entries === undefined || policyTier === undefined) return undefined;
  const filters: GuardrailContentFilter[] = [];
  for (const entry of entries) {
    const type = str(entry.Type);
    const inputStrength = str(entry.InputStrength);
    const outputStrength = str(entry.OutputStrength);
    const input = {
      enabled: bool(entry.InputEnabled),
      action: filterAction(entry.InputAction),
      strength: lookUp(bedrockVocabulary.strengths, inputStrength ?? 'NONE'),
    };
    const output = {
      enabled: bool(entry.OutputEnabled),
      action: filterAction(entry.OutputAction),
      strength: lookUp(bedrockVocabulary.strengths, outputStrength ?? 'NONE'),
    };
    if (typeof type !== 'string' || inputStrength === undefined || outputStrength === undefined) return undefined;
    if (
      !input.strength ||
      !output.strength ||
      input.action === undefined ||
      output.action === undefined ||
      input.enabled === undefined ||
      output.enabled === undefined
    )
      return undefined;
    filters.push({
      type,
      category: lookUp(bedrockVocabulary.categories, type) ?? null,
      input: { enabled: input.enabled, action: input.action, strength: input.strength },
      output: { enabled: output.enabled, action: output.action, strength: output.strength },
    });
  }
  return { tier: policyTier, filters };
}

function topicPolicy(properties: Record<string, unknown>): AwsGuardrail['topicPolicy'] {
  const config = obj(properties.TopicPolicyConfig);
  if (config === null || config === undefined) return config;
  const topics = list(config.TopicsConfig);
  const policyTier = tier(config.TopicsTierConfig);
  if (topics === undefined || policyTier === undefined) return undefined;
  return { tier: policyTier, topicCount: topics.length };
}

function sensitiveInformationPolicy(properties: Record<string, unknown>): AwsGuardrail['sensitiveInformationPolicy'] {
  const config = obj(properties.SensitiveInformationPolicyConfig);
  if (config === null || config === undefined) return config;
  const entries = list(config.PiiEntitiesConfig);
  const regexes = list(config.RegexesConfig);
  if (entries === undefined || regexes === undefined) return undefined;
  const piiEntities: PiiEntity[] = [];
  for (const entry of entries) {
    const entity = piiEntityFrom({
      type: str(entry.Type),
      action: piiAction(entry.Action),
      inputAction: piiAction(entry.InputAction),
      outputAction: piiAction(entry.OutputAction),
      inputEnabled: bool(entry.InputEnabled),
      outputEnabled: bool(entry.OutputEnabled),
    });
    if (entity === undefined) return undefined;
    piiEntities.push(entity);
  }
  return { piiEntities, regexCount: regexes.length };
}

function contextualGroundingPolicy(properties: Record<string, unknown>): AwsGuardrail['contextualGroundingPolicy'] {
  const config = obj(properties.ContextualGroundingPolicyConfig);
  if (config === null || config === undefined) return config;
  const entries = list(config.FiltersConfig);
  if (entries === undefined) return undefined;
  const filters: GroundingFilter[] = [];
  for (const entry of entries) {
    const type = str(entry.Type);
    const threshold = num(entry.Threshold);
    const action = filterAction(entry.Action);
    const enabled = bool(entry.Enabled);
    if (typeof type !== 'string' || threshold === undefined || action === undefined || enabled === undefined) return undefined;
    filters.push({ type, threshold, action, enabled });
  }
  return { tier: null, filters };
}

function guardrail(context: Context, resource: TemplateResource): AwsGuardrail {
  const properties = resource.properties;
  const kmsKeyArn = strOrRef(properties.KmsKeyArn);
  return AwsGuardrailSchema.parse({
    ...base(context, resource, str(properties.Name) ?? resource.logicalId),
    type: 'aws.bedrock.guardrail',
    guardrailId: resource.logicalId,
    arn: '',
    version: 'DRAFT',
    referencedBy: [],
    ...optional('kmsKeyArn', kmsKeyArn),
    ...optional('contentPolicy', contentPolicy(properties)),
    ...optional('topicPolicy', topicPolicy(properties)),
    ...optional('sensitiveInformationPolicy', sensitiveInformationPolicy(properties)),
    ...optional('contextualGroundingPolicy', contextualGroundingPolicy(properties)),
    ...optional('tags', tagsOf(context, resource)),
  });
}

/** The logical id a `!Ref X` / `!GetAtt X.<attribute>` names, when X is a resource of `type` in the template. */
function referencedLogicalId(context: Context, value: unknown, type: string, attributes: readonly string[]): string | undefined {
  if (!(value instanceof Intrinsic)) return undefined;
  let target: unknown;
  if (value.fn === 'Ref') target = value.args;
  else if (value.fn === 'Fn::GetAtt') {
    const args = Array.isArray(value.args) ? value.args : typeof value.args === 'string' ? value.args.split('.') : [];
    if (attributes.includes(String(args[1]))) target = args[0];
  }
  return typeof target === 'string' && context.byLogicalId.get(target)?.type === type ? target : undefined;
}

/** A guardrail identifier written as a reference to a guardrail of the same template → its logical id. */
function guardrailIdentifier(context: Context, value: unknown): string | null | undefined {
  return referencedLogicalId(context, value, 'AWS::Bedrock::Guardrail', ['GuardrailId', 'GuardrailArn']) ?? strOrRef(value);
}

function agent(context: Context, resource: TemplateResource): AwsAgent {
  const properties = resource.properties;
  const unknowns: string[] = [];
  const configuration = obj(properties.GuardrailConfiguration);
  if (configuration === undefined) unknowns.push('GuardrailConfiguration');
  let reference: AwsAgent['guardrail'] = null;
  if (configuration) {
    const identifier = guardrailIdentifier(context, configuration.GuardrailIdentifier);
    const version = strOrRef(configuration.GuardrailVersion);
    if (identifier === undefined) unknowns.push('GuardrailConfiguration.GuardrailIdentifier');
    reference = typeof identifier === 'string' && identifier !== '' ? { identifier, version: version ?? null } : null;
  }
  const key = strOrRef(properties.CustomerEncryptionKeyArn);
  return AwsAgentSchema.parse({
    ...base(context, resource, str(properties.AgentName) ?? resource.logicalId),
    type: 'aws.bedrock.agent',
    agentId: resource.logicalId,
    arn: '',
    guardrail: reference,
    ...optional('customerEncryptionKeyArn', key),
    ...optional('tags', tagsOf(context, resource)),
    ...(unknowns.length > 0 ? { unreadable: `not resolvable before deploy (intrinsic function): ${unknowns.join(', ')}` } : {}),
  });
}

function knowledgeBase(context: Context, resource: TemplateResource): AwsKnowledgeBase {
  const properties = resource.properties;
  return AwsKnowledgeBaseSchema.parse({
    ...base(context, resource, str(properties.Name) ?? resource.logicalId),
    type: 'aws.bedrock.knowledge-base',
    knowledgeBaseId: resource.logicalId,
    arn: '',
    ...optional('tags', tagsOf(context, resource)),
  });
}

function dataSource(context: Context, resource: TemplateResource): AwsDataSource {
  const properties = resource.properties;
  const unknowns: string[] = [];
  // `!Ref KB` and `!GetAtt KB.KnowledgeBaseId` of a knowledge base in the template name it; anything
  // else (a literal id, `!ImportValue shared-kb-id`) is kept as written, linking it to that parent.
  const parent =
    referencedLogicalId(context, properties.KnowledgeBaseId, 'AWS::Bedrock::KnowledgeBase', ['KnowledgeBaseId', 'KnowledgeBaseArn']) ??
    strOrRef(properties.KnowledgeBaseId);
  if (parent === undefined) unknowns.push('KnowledgeBaseId');
  const encryption = obj(properties.ServerSideEncryptionConfiguration);
  const kmsKeyArn = encryption === undefined ? undefined : encryption === null ? null : strOrRef(encryption.KmsKeyArn);
  if (kmsKeyArn === undefined) unknowns.push('ServerSideEncryptionConfiguration.KmsKeyArn');
  return AwsDataSourceSchema.parse({
    ...base(context, resource, str(properties.Name) ?? resource.logicalId),
    type: 'aws.bedrock.data-source',
    dataSourceId: resource.logicalId,
    knowledgeBaseId: parent ?? '',
    knowledgeBaseArn: '',
    ...optional('kmsKeyArn', kmsKeyArn),
    ...(unknowns.length > 0 ? { unreadable: `not resolvable before deploy (intrinsic function): ${unknowns.join(', ')}` } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Suppressions

function commentSuppressions(file: string, lines: readonly string[], logicalId: string, keyLine: number, endLine: number): Suppression[] {
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const keyIndent = indentOf(lines[keyLine - 1] ?? '');
  const found: Array<{ line: number; text: string }> = [];
  // Comment lines directly above the logical id.
  for (let index = keyLine - 2; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    if (!line.trimStart().startsWith('#') || indentOf(line) > keyIndent) break;
    found.push({ line: index + 1, text: line });
  }
  // The logical id's own line, then the block (comment-only lines must be indented deeper).
  for (let index = keyLine - 1; index < Math.min(endLine, lines.length); index += 1) {
    const line = lines[index] ?? '';
    if (index > keyLine - 1 && line.trimStart().startsWith('#') && indentOf(line) <= keyIndent) continue;
    found.push({ line: index + 1, text: line });
  }
  const suppressions: Suppression[] = [];
  for (const entry of found) {
    const comment = /(?:^|\s)#(.*aiposture:ignore.*)$/.exec(entry.text)?.[1];
    if (comment === undefined) continue;
    const parsed = parseSuppression(comment);
    if (!parsed)
      throw new IacInputError(file, 'malformed suppression: expected # aiposture:ignore <provider>/<rule> reason="..." [until=YYYY-MM-DD]', entry.line);
    suppressions.push({ ...parsed, file, line: entry.line, address: logicalId });
  }
  return suppressions.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function metadataSuppressions(file: string, source: SourceDocument, resourceNode: Node | undefined, logicalId: string): Suppression[] {
  const ignoreNode = child(child(child(resourceNode, 'Metadata'), 'aiposture'), 'ignore');
  if (ignoreNode === undefined) return [];
  const entries = isSeq(ignoreNode) ? ignoreNode.items : [ignoreNode];
  return entries.map((node) => {
    const line = lineOf(source, node as Node);
    const value = toValue(node, source.document);
    const rule = isObject(value) ? value.rule : undefined;
    const reason = isObject(value) ? value.reason : undefined;
    const until = isObject(value) ? value.until : undefined;
    const parsed =
      typeof rule === 'string' && typeof reason === 'string' && !reason.includes('"') && (until === undefined || typeof until === 'string')
        ? parseSuppression(`aiposture:ignore ${rule} reason="${reason}"${until !== undefined ? ` until=${until}` : ''}`)
        : undefined;
    if (!parsed || parsed.ruleId !== rule || (until !== undefined && parsed.until !== until)) {
      throw new IacInputError(
        file,
        `malformed Metadata.aiposture.ignore entry of ${logicalId}: expected { rule: <provider>/<rule>, reason: "...", until?: YYYY-MM-DD }`,
        line,
      );
    }
    return { ...parsed, file, ...(line !== undefined ? { line } : {}), address: logicalId };
  });
}

// ---------------------------------------------------------------------------------------------
// The reader

function looksLikeTemplate(parsed: unknown): boolean {
  if (!isObject(parsed)) return false;
  if ('AWSTemplateFormatVersion' in parsed) return true;
  const resources = parsed.Resources;
  return isObject(resources) && Object.values(resources).some((entry) => isObject(entry) && typeof entry.Type === 'string' && entry.Type.startsWith('AWS::'));
}

/** The logical ids the template's Metadata names as imported (`Metadata: { aiposture: { imported: [...] } }`). */
function importedLogicalIds(file: string, source: SourceDocument, root: unknown): Set<string> {
  const node = child(child(child(root, 'Metadata'), 'aiposture'), 'imported');
  if (node === undefined) return new Set();
  const value = toValue(node, source.document);
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || !ids.every((entry) => typeof entry === 'string')) {
    throw new IacInputError(file, 'malformed Metadata.aiposture.imported: expected a list of logical ids', lineOf(source, node));
  }
  return new Set(ids);
}

/** Replaces the loop identifier of an `Fn::ForEach` in a resource body (`!Ref Id`, `${Id}` in `!Sub`). */
function substituteIdentifier(value: unknown, identifier: string, item: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => substituteIdentifier(entry, identifier, item));
  if (value instanceof Intrinsic) {
    if (value.fn === 'Ref' && value.args === identifier) return item;
    if (value.fn === 'Fn::Sub') {
      const replace = (text: unknown) => (typeof text === 'string' ? text.split(`\${${identifier}}`).join(item) : text);
      return new Intrinsic(
        'Fn::Sub',
        Array.isArray(value.args) ? [replace(value.args[0]), substituteIdentifier(value.args[1], identifier, item)] : replace(value.args),
      );
    }
    return new Intrinsic(value.fn, substituteIdentifier(value.args, identifier, item));
  }
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, substituteIdentifier(entry, identifier, item)]));
  return value;
}

/**
 * `Fn::ForEach::Name: [Identifier, Collection, { 'Key${Identifier}': {…} }]` (AWS::LanguageExtensions):
 * one resource per item of a known collection; with an unknown collection, the body once, its
 * identifier left unknown (the resources exist, their identity does not yet).
 */
function expandForEach(value: unknown, values: TemplateValues): Array<[string, unknown]> | undefined {
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || !isObject(value[2])) return undefined;
  const identifier = value[0];
  const collection = resolveIntrinsics(value[1], values);
  const items = Array.isArray(collection) && collection.every((entry) => typeof entry === 'string') ? (collection as string[]) : [undefined];
  const out: Array<[string, unknown]> = [];
  for (const item of items) {
    for (const [key, body] of Object.entries(value[2])) {
      if (item === undefined) out.push([key, body]);
      else {
        const logicalId = key
          .split(`\${${identifier}}`)
          .join(item)
          .split(`&{${identifier}}`)
          .join(item.replace(/[^A-Za-z0-9]/g, ''));
        out.push([logicalId, substituteIdentifier(body, identifier, item)]);
      }
    }
  }
  return out;
}

export interface CloudFormationReaderOptions {
  /**
   * Values for the templates' parameters (a parameters file, as `aws cloudformation deploy
   * --parameter-overrides` reads it; see `cfn-parameters.ts`), by parameter key. They win over
   * `Default`; keys a template does not declare are ignored.
   */
  parameters?: ReadonlyMap<string, string>;
}

type ReadResource = TemplateResource & { node: ParsedNode | null; endLine: number; condition: string | undefined; imported: boolean };

/** The CloudFormation reader, with parameter values supplied from outside. */
export function createCloudFormationReader(options: CloudFormationReaderOptions = {}): IacReader {
  const supplied = options.parameters ?? new Map<string, string>();
  return {
    format: 'cloudformation',
    recognise(parsed) {
      return looksLikeTemplate(parsed);
    },
    read(file, text): IacReadResult {
      const parsed = parseTemplateYaml(text, intrinsicTags);
      const source: SourceDocument = { document: parsed.document, lines: parsed.lines };
      const error = parsed.document.errors[0];
      if (error) {
        const line = error.linePos?.[0]?.line ?? parsed.lines.linePos(error.pos[0]).line;
        throw new IacInputError(file, `malformed JSON/YAML: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}`, line);
      }
      if (parsed.duplicate) {
        const line = parsed.lines.linePos(parsed.duplicate.offset).line;
        throw new IacInputError(file, `malformed JSON/YAML: Map keys must be unique (${parsed.duplicate.key} repeats)`, line);
      }
      const root = source.document.contents;
      const resourcesNode = child(root, 'Resources');
      if (!isMap(resourcesNode)) {
        if (looksLikeTemplate(toValue(root, source.document))) return { resources: [], suppressions: [] };
        throw new IacInputError(file, 'not a CloudFormation template: Resources is not a mapping', lineOf(source, resourcesNode ?? (root as Node | null)));
      }
      const section = (name: string) => {
        const value = toValue(child(root, name), source.document);
        return isObject(value) ? value : {};
      };
      const values = templateValues({ Parameters: section('Parameters'), Conditions: section('Conditions'), Mappings: section('Mappings') }, supplied);
      const imported = importedLogicalIds(file, source, root);
      const templateResources: ReadResource[] = [];
      const add = (logicalId: string, value: Record<string, unknown>, keyNode: Node, node: ParsedNode | null) => {
        const end = node?.range?.[1];
        const properties = resolveIntrinsics(value.Properties, values);
        templateResources.push({
          logicalId,
          type: typeof value.Type === 'string' ? value.Type : '',
          line: lineOf(source, keyNode),
          properties: isObject(properties) ? properties : {},
          node,
          endLine: end === undefined ? 0 : source.lines.linePos(Math.max(0, end - 1)).line,
          condition: typeof value.Condition === 'string' ? value.Condition : undefined,
          imported: imported.has(logicalId),
        });
      };
      for (const pair of resourcesNode.items) {
        const logicalId = String(isScalar(pair.key) ? pair.key.value : pair.key);
        const value = toValue(pair.value, source.document);
        if (logicalId.startsWith('Fn::ForEach::')) {
          const expanded = expandForEach(value, values);
          if (!expanded) throw new IacInputError(file, `${logicalId} is not [Identifier, Collection, {OutputKey: resource}]`, lineOf(source, pair.key as Node));
          for (const [id, body] of expanded) if (isObject(body)) add(id, body, pair.key as Node, null);
          continue;
        }
        if (!isObject(value)) throw new IacInputError(file, `resource ${logicalId} is not a mapping`, lineOf(source, pair.key as Node));
        add(logicalId, value, pair.key as Node, pair.value as ParsedNode | null);
      }
      const context: Context = { file, byLogicalId: new Map(templateResources.map((resource) => [resource.logicalId, resource])) };
      const resources: Resource[] = [];
      const suppressions: Suppression[] = [];
      // One split of the text for every resource's comment suppressions.
      const lines = text.split(/\r?\n/);
      for (const resource of templateResources) {
        // Not created (condition false) or not created by this stack (imported): nothing to judge.
        const created = !resource.imported && (resource.condition === undefined || values.condition(resource.condition) !== false);
        if (created) {
          if (resource.type === 'AWS::Bedrock::Guardrail') resources.push(guardrail(context, resource));
          else if (resource.type === 'AWS::Bedrock::Agent') resources.push(agent(context, resource));
          else if (resource.type === 'AWS::Bedrock::KnowledgeBase') resources.push(knowledgeBase(context, resource));
          else if (resource.type === 'AWS::Bedrock::DataSource') resources.push(dataSource(context, resource));
        }
        if (resource.line !== undefined) {
          for (const suppression of commentSuppressions(file, lines, resource.logicalId, resource.line, resource.endLine || resource.line))
            suppressions.push(suppression);
        }
        for (const suppression of metadataSuppressions(file, source, resource.node ?? undefined, resource.logicalId)) suppressions.push(suppression);
      }
      return { resources, suppressions };
    },
  };
}

export const cloudFormationReader: IacReader = createCloudFormationReader();
