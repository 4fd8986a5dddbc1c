/**
 * Pure conversions from AWS SDK responses to the neutral resource model. Each function is
 * one SDK shape in, one validated model object out; no I/O.
 */
import type {
  AccountEnforcedGuardrailOutputConfiguration,
  GetCustomModelResponse,
  GetGuardrailResponse,
  GuardrailContentFilter as SdkContentFilter,
  ImportedModelSummary,
  InferenceProfileSummary,
  LoggingConfig,
  ProvisionedModelSummary,
} from '@aws-sdk/client-bedrock';
import type { Agent, DataSource } from '@aws-sdk/client-bedrock-agent';
import type { GetEventSelectorsCommandOutput, GetTrailStatusCommandOutput, Trail } from '@aws-sdk/client-cloudtrail';
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import {
  AwsResourceSchema,
  bedrockVocabulary,
  type AwsAgent,
  type AwsAlarm,
  type AwsConfigRecorder,
  type AwsCustomModel,
  type AwsDataSource,
  type AwsEnforcedGuardrail,
  type AwsGuardrail,
  type AwsImportedModel,
  type AwsInferenceProfile,
  type AwsInvocationLogging,
  type AwsProvisionedThroughput,
  type AwsOrgBedrockPolicy,
  type AwsTrail,
  type GuardrailContentFilter,
} from '../../src/model/aws.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import { lookUp, oneOf } from '../../src/model/common.ts';
import { z } from 'zod';

export interface Where {
  scope: ScopeRef;
  /** The account's partition (`aws`, `aws-us-gov`, `aws-cn`), for the ARNs built here. */
  partition: string;
  region: string | null;
  api: string;
}

function base(where: Where) {
  return { provider: 'aws' as const, scope: where.scope, region: where.region, source: { kind: 'api' as const, api: where.api } };
}

/** Validates a model object at the collector boundary; a mismatch is a bug in this file. */
function validated<T>(resource: T): T {
  AwsResourceSchema.parse(resource);
  return resource;
}

function blockOrNone(value: string | undefined): 'BLOCK' | 'NONE' | null {
  return oneOf(bedrockVocabulary.filterActions, value) ?? null;
}

function piiAction(value: string | undefined): 'BLOCK' | 'ANONYMIZE' | 'NONE' | null {
  return oneOf(bedrockVocabulary.piiActions, value) ?? null;
}

function tier(value: { tierName?: string } | undefined): 'CLASSIC' | 'STANDARD' | null {
  return oneOf(bedrockVocabulary.tiers, value?.tierName) ?? null;
}

/**
 * One content filter on the neutral scale (the model's Bedrock vocabulary). A strength outside
 * the vocabulary makes the filter unknown (undefined), as in the IaC readers — never `off`.
 */
export function contentFilter(filter: SdkContentFilter): GuardrailContentFilter | undefined {
  const type = String(filter.type);
  const inputStrength = lookUp(bedrockVocabulary.strengths, String(filter.inputStrength));
  const outputStrength = lookUp(bedrockVocabulary.strengths, String(filter.outputStrength));
  if (inputStrength === undefined || outputStrength === undefined) return undefined;
  return {
    type,
    category: lookUp(bedrockVocabulary.categories, type) ?? null,
    input: { enabled: filter.inputEnabled ?? null, action: blockOrNone(filter.inputAction), strength: inputStrength },
    output: { enabled: filter.outputEnabled ?? null, action: blockOrNone(filter.outputAction), strength: outputStrength },
  };
}

/** The content policy, or undefined (unknown) when any filter is outside the vocabulary. */
function contentPolicy(policy: NonNullable<GetGuardrailResponse['contentPolicy']>): AwsGuardrail['contentPolicy'] {
  const filters = (policy.filters ?? []).map(contentFilter);
  return filters.every((filter) => filter !== undefined) ? { tier: tier(policy.tier), filters } : undefined;
}

export function guardrailVersion(response: GetGuardrailResponse, referencedBy: string[], tags: Record<string, string> | undefined, where: Where): AwsGuardrail {
  const arn = response.guardrailArn ?? '';
  const version = response.version ?? 'DRAFT';
  return validated<AwsGuardrail>({
    ...base(where),
    type: 'aws.bedrock.guardrail',
    id: `${arn}:${version}`,
    name: response.name,
    guardrailId: response.guardrailId ?? arn.split('/').pop() ?? '',
    arn,
    version,
    status: response.status,
    referencedBy,
    ...(tags !== undefined ? { tags } : {}),
    kmsKeyArn: response.kmsKeyArn ?? null,
    contentPolicy: response.contentPolicy ? contentPolicy(response.contentPolicy) : null,
    topicPolicy: response.topicPolicy ? { tier: tier(response.topicPolicy.tier), topicCount: response.topicPolicy.topics?.length ?? 0 } : null,
    sensitiveInformationPolicy: response.sensitiveInformationPolicy
      ? {
          piiEntities: (response.sensitiveInformationPolicy.piiEntities ?? []).map((entity) => ({
            type: String(entity.type),
            action: piiAction(entity.action) ?? 'NONE',
            inputAction: piiAction(entity.inputAction),
            outputAction: piiAction(entity.outputAction),
            inputEnabled: entity.inputEnabled ?? null,
            outputEnabled: entity.outputEnabled ?? null,
          })),
          regexCount: response.sensitiveInformationPolicy.regexes?.length ?? 0,
        }
      : null,
    contextualGroundingPolicy: response.contextualGroundingPolicy
      ? {
          tier: null,
          filters: (response.contextualGroundingPolicy.filters ?? []).map((filter) => ({
            type: String(filter.type),
            threshold: filter.threshold ?? null,
            action: blockOrNone(filter.action),
            enabled: filter.enabled ?? null,
          })),
        }
      : null,
  });
}

/** A guardrail version listed but whose GetGuardrail call failed: its policies stay unknown. */
export function unreadableGuardrailVersion(
  summary: { id: string; arn: string; name?: string; status?: string },
  version: string,
  referencedBy: string[],
  reason: string,
  where: Where,
): AwsGuardrail {
  return validated<AwsGuardrail>({
    ...base(where),
    type: 'aws.bedrock.guardrail',
    id: `${summary.arn}:${version}`,
    ...(summary.name ? { name: summary.name } : {}),
    guardrailId: summary.id,
    arn: summary.arn,
    version,
    ...(summary.status && version === 'DRAFT' ? { status: summary.status } : {}),
    referencedBy,
    unreadable: reason,
  });
}

export function agent(
  summary: { agentId: string; agentName?: string; agentStatus?: string; guardrailConfiguration?: { guardrailIdentifier?: string; guardrailVersion?: string } },
  detail: Agent | undefined,
  unreadable: string | undefined,
  where: Where & { region: string },
): AwsAgent {
  const guardrail = detail?.guardrailConfiguration ?? summary.guardrailConfiguration;
  const arn = detail?.agentArn ?? `arn:${where.partition}:bedrock:${where.region}:${where.scope.id}:agent/${summary.agentId}`;
  return validated<AwsAgent>({
    ...base(where),
    type: 'aws.bedrock.agent',
    id: arn,
    name: detail?.agentName ?? summary.agentName,
    agentId: summary.agentId,
    arn,
    status: detail?.agentStatus ?? summary.agentStatus,
    guardrail: guardrail?.guardrailIdentifier ? { identifier: guardrail.guardrailIdentifier, version: guardrail.guardrailVersion ?? null } : null,
    ...(detail ? { customerEncryptionKeyArn: detail.customerEncryptionKeyArn ?? null } : {}),
    ...(unreadable ? { unreadable } : {}),
  });
}

export function enforcedGuardrail(config: AccountEnforcedGuardrailOutputConfiguration, where: Where & { region: string }): AwsEnforcedGuardrail {
  const configId = config.configId ?? config.guardrailArn ?? 'unnamed';
  return validated<AwsEnforcedGuardrail>({
    ...base(where),
    type: 'aws.bedrock.enforced-guardrail',
    id: `arn:${where.partition}:bedrock:${where.region}:${where.scope.id}:enforced-guardrail-configuration/${configId}`,
    name: configId,
    configId,
    guardrail: { identifier: config.guardrailArn ?? config.guardrailId ?? '', version: config.guardrailVersion ?? null },
    includedModels: config.modelEnforcement?.includedModels ?? [],
    excludedModels: config.modelEnforcement?.excludedModels ?? [],
  });
}

/** Splits `arn:…:guardrail/<id>:<version>` (the org-policy identifier form) into identifier and version. */
export function splitGuardrailIdentifier(value: string): { identifier: string; version: string | null } {
  const match = /^(arn:[^:]+:bedrock:[^:]*:[^:]*:guardrail\/[^:]+)(?::([^:]+))?$/.exec(value);
  if (match?.[1]) return { identifier: match[1], version: match[2] ?? null };
  return { identifier: value, version: null };
}

function assigned(value: unknown): unknown {
  return typeof value === 'object' && value !== null && '@@assign' in value ? (value as Record<string, unknown>)['@@assign'] : value;
}

/** Flattens an effective BEDROCK_POLICY document into per-region guardrail assignments. */
export function orgBedrockPolicy(content: string | undefined, where: Where): AwsOrgBedrockPolicy {
  const assignments: AwsOrgBedrockPolicy['assignments'] = [];
  if (content !== undefined) {
    const document: unknown = JSON.parse(content);
    const inference = (document as { bedrock?: { guardrail_inference?: unknown } })?.bedrock?.guardrail_inference;
    if (typeof inference === 'object' && inference !== null) {
      for (const [region, configs] of Object.entries(inference as Record<string, unknown>)) {
        if (typeof configs !== 'object' || configs === null) continue;
        for (const [name, config] of Object.entries(configs as Record<string, unknown>)) {
          const identifier = assigned((config as { identifier?: unknown })?.identifier);
          assignments.push({ region, name, guardrail: typeof identifier === 'string' ? splitGuardrailIdentifier(identifier) : null });
        }
      }
    }
  }
  return validated<AwsOrgBedrockPolicy>({
    ...base(where),
    type: 'aws.organizations.bedrock-policy',
    id: `arn:${where.partition}:organizations::${where.scope.id}:effective-policy/bedrock_policy`,
    name: 'BEDROCK_POLICY',
    present: content !== undefined,
    assignments,
  });
}

export function invocationLogging(config: LoggingConfig | undefined, where: Where & { region: string }): AwsInvocationLogging {
  return validated<AwsInvocationLogging>({
    ...base(where),
    type: 'aws.bedrock.invocation-logging',
    id: `arn:${where.partition}:bedrock:${where.region}:${where.scope.id}:model-invocation-logging`,
    configured: config !== undefined && (config.cloudWatchConfig !== undefined || config.s3Config !== undefined),
    cloudWatchLogGroup: config?.cloudWatchConfig?.logGroupName ?? null,
    s3Bucket: config?.s3Config?.bucketName ?? null,
    textDataDeliveryEnabled: config ? (config.textDataDeliveryEnabled ?? null) : null,
  });
}

export function dataSource(
  knowledgeBase: { knowledgeBaseId: string; arn: string },
  summary: { dataSourceId: string; name?: string },
  detail: DataSource | undefined,
  unreadable: string | undefined,
  where: Where,
): AwsDataSource {
  return validated<AwsDataSource>({
    ...base(where),
    type: 'aws.bedrock.data-source',
    id: `${knowledgeBase.arn}/data-source/${summary.dataSourceId}`,
    name: detail?.name ?? summary.name,
    dataSourceId: summary.dataSourceId,
    knowledgeBaseId: knowledgeBase.knowledgeBaseId,
    knowledgeBaseArn: knowledgeBase.arn,
    ...(detail ? { kmsKeyArn: detail.serverSideEncryptionConfiguration?.kmsKeyArn || null } : {}),
    ...(unreadable ? { unreadable } : {}),
  });
}

export function customModel(
  summary: { modelArn: string; modelName?: string; baseModelArn?: string; baseModelName?: string; customizationType?: string },
  detail: GetCustomModelResponse | undefined,
  unreadable: string | undefined,
  where: Where,
): AwsCustomModel {
  return validated<AwsCustomModel>({
    ...base(where),
    type: 'aws.bedrock.custom-model',
    id: summary.modelArn,
    name: summary.modelName,
    arn: summary.modelArn,
    ...(detail ? { modelKmsKeyArn: detail.modelKmsKeyArn || null } : {}),
    ...(summary.baseModelArn || detail?.baseModelArn ? { baseModelArn: summary.baseModelArn || detail?.baseModelArn } : {}),
    ...(summary.baseModelName ? { baseModelName: summary.baseModelName } : {}),
    ...(summary.customizationType || detail?.customizationType ? { customizationType: String(summary.customizationType || detail?.customizationType) } : {}),
    ...(unreadable ? { unreadable } : {}),
  });
}

/** One ListImportedModels summary (the list carries everything the inventory shows: no Get call). */
export function importedModel(summary: ImportedModelSummary, where: Where): AwsImportedModel {
  const arn = summary.modelArn ?? '';
  return validated<AwsImportedModel>({
    ...base(where),
    type: 'aws.bedrock.imported-model',
    id: arn,
    ...(summary.modelName ? { name: summary.modelName } : {}),
    arn,
    ...(summary.modelArchitecture ? { architecture: summary.modelArchitecture } : {}),
    ...(summary.instructSupported !== undefined ? { instructSupported: summary.instructSupported } : {}),
  });
}

/** One ListProvisionedModelThroughputs summary. */
export function provisionedThroughput(summary: ProvisionedModelSummary, where: Where): AwsProvisionedThroughput {
  const arn = summary.provisionedModelArn ?? '';
  return validated<AwsProvisionedThroughput>({
    ...base(where),
    type: 'aws.bedrock.provisioned-throughput',
    id: arn,
    ...(summary.provisionedModelName ? { name: summary.provisionedModelName } : {}),
    arn,
    modelArn: summary.modelArn ?? '',
    ...(summary.foundationModelArn ? { foundationModelArn: summary.foundationModelArn } : {}),
    ...(summary.modelUnits !== undefined ? { modelUnits: summary.modelUnits } : {}),
    ...(summary.status ? { status: String(summary.status) } : {}),
    ...(summary.commitmentDuration ? { commitmentDuration: String(summary.commitmentDuration) } : {}),
  });
}

/** One ListInferenceProfiles summary (application profiles: the scan lists only those). */
export function inferenceProfile(summary: InferenceProfileSummary, where: Where): AwsInferenceProfile {
  const arn = summary.inferenceProfileArn ?? '';
  return validated<AwsInferenceProfile>({
    ...base(where),
    type: 'aws.bedrock.inference-profile',
    id: arn,
    ...(summary.inferenceProfileName ? { name: summary.inferenceProfileName } : {}),
    arn,
    inferenceProfileId: summary.inferenceProfileId ?? arn.split('/').pop() ?? '',
    ...(summary.type ? { profileType: String(summary.type) } : {}),
    ...(summary.status ? { status: String(summary.status) } : {}),
    modelArns: (summary.models ?? []).flatMap((model) => (model.modelArn ? [model.modelArn] : [])),
  });
}

type ManagementEvents = NonNullable<AwsTrail['managementEvents']>;

function mergeManagement(current: ManagementEvents, next: ManagementEvents): ManagementEvents {
  if (current === 'all' || next === 'all') return 'all';
  if (current === 'none') return next;
  if (next === 'none' || next === current) return current;
  return 'all'; // read + write
}

/** Reads which management events and which data-event resource types a trail's selectors record. */
export function trailSelectors(selectors: GetEventSelectorsCommandOutput): { managementEvents: ManagementEvents; dataEventResourceTypes: string[] } {
  let managementEvents: ManagementEvents = 'none';
  const dataTypes = new Set<string>();
  for (const selector of selectors.EventSelectors ?? []) {
    if (selector.IncludeManagementEvents !== false) {
      const kind: ManagementEvents = selector.ReadWriteType === 'ReadOnly' ? 'read' : selector.ReadWriteType === 'WriteOnly' ? 'write' : 'all';
      managementEvents = mergeManagement(managementEvents, kind);
    }
    for (const resource of selector.DataResources ?? []) if (resource.Type) dataTypes.add(resource.Type);
  }
  for (const selector of selectors.AdvancedEventSelectors ?? []) {
    const field = (name: string) => selector.FieldSelectors?.find((candidate) => candidate.Field === name);
    const category = field('eventCategory')?.Equals ?? [];
    if (category.includes('Management')) {
      const readOnly = field('readOnly')?.Equals ?? [];
      const kind: ManagementEvents = readOnly.length === 1 ? (readOnly[0] === 'true' ? 'read' : 'write') : 'all';
      managementEvents = mergeManagement(managementEvents, kind);
    }
    if (category.includes('Data')) for (const type of field('resources.type')?.Equals ?? []) dataTypes.add(type);
  }
  return { managementEvents, dataEventResourceTypes: [...dataTypes].sort() };
}

export function trail(
  summary: Trail,
  status: GetTrailStatusCommandOutput | undefined,
  selectors: GetEventSelectorsCommandOutput | undefined,
  unreadable: string | undefined,
  where: Where,
): AwsTrail {
  const arn = summary.TrailARN ?? '';
  const recorded = selectors ? trailSelectors(selectors) : undefined;
  return validated<AwsTrail>({
    ...base(where),
    type: 'aws.cloudtrail.trail',
    id: arn,
    name: summary.Name,
    arn,
    homeRegion: summary.HomeRegion ?? where.region ?? '',
    isMultiRegion: summary.IsMultiRegionTrail ?? false,
    isOrganizationTrail: summary.IsOrganizationTrail ?? false,
    ...(status ? { isLogging: status.IsLogging ?? false } : {}),
    ...(recorded ?? {}),
    ...(unreadable ? { unreadable } : {}),
  });
}

function alarmResource(alarm: MetricAlarm | CompositeAlarm, alarmType: AwsAlarm['alarmType'], metrics: AwsAlarm['metrics'], where: Where): AwsAlarm {
  return validated<AwsAlarm>({
    ...base(where),
    type: 'aws.cloudwatch.alarm',
    id: alarm.AlarmArn ?? alarm.AlarmName ?? '',
    name: alarm.AlarmName,
    arn: alarm.AlarmArn ?? '',
    alarmType,
    actionsEnabled: alarm.ActionsEnabled ?? false,
    alarmActionCount: alarm.AlarmActions?.length ?? 0,
    metrics,
  });
}

/** A metric alarm with every metric it watches, directly or through metric math. */
export function metricAlarm(alarm: MetricAlarm, where: Where): AwsAlarm {
  const metrics: AwsAlarm['metrics'] = [];
  if (alarm.Namespace && alarm.MetricName) metrics.push({ namespace: alarm.Namespace, metricName: alarm.MetricName });
  for (const query of alarm.Metrics ?? []) {
    const metric = query.MetricStat?.Metric;
    if (metric?.Namespace && metric.MetricName) metrics.push({ namespace: metric.Namespace, metricName: metric.MetricName });
  }
  return alarmResource(alarm, 'MetricAlarm', metrics, where);
}

/** Composite alarms combine other alarms and watch no metric themselves. */
export function compositeAlarm(alarm: CompositeAlarm, where: Where): AwsAlarm {
  return alarmResource(alarm, 'CompositeAlarm', [], where);
}

export function configRecorder(
  recorder: ConfigurationRecorder,
  status: ConfigurationRecorderStatus | undefined,
  where: Where & { region: string },
): AwsConfigRecorder {
  const name = recorder.name ?? 'default';
  const group = recorder.recordingGroup;
  return validated<AwsConfigRecorder>({
    ...base(where),
    type: 'aws.config.recorder',
    id: recorder.arn ?? `arn:${where.partition}:config:${where.region}:${where.scope.id}:configuration-recorder/${name}`,
    name,
    ...(status ? { recording: status.recording ?? false } : {}),
    // A recorder without a recording group records all supported types (the AWS default).
    allSupported: group ? (group.allSupported ?? false) : true,
    resourceTypes: (group?.resourceTypes ?? []).map(String),
    exclusionResourceTypes: (group?.exclusionByResourceTypes?.resourceTypes ?? []).map(String),
  });
}

// ---------------------------------------------------------------------------------------------
// Response shapes: what each answer must at least hold before the collector reads it

/**
 * A successful (2xx) answer that is not the API's: an HTML page from a proxy, an empty body, or a
 * body without the member the collector reads. The read fails (coverage `error`) instead of
 * reading as "none".
 */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponse';
}

const list = z.array(z.unknown());
/** A page of a listing whose list member the API always sends (required in its model): the list, or a page that is only a next token. */
const pageOf = (member: string, token: string) =>
  z
    .looseObject({ [member]: list.optional(), [token]: z.string().nullish() })
    .refine((page) => page[member] !== undefined || (typeof page[token] === 'string' && page[token] !== ''), {
      message: `expected the "${member}" list (or a page with only a ${token})`,
    });
/** A page whose list members the API may leave out when empty (optional in its model): each one, when present, a list. Its body is never empty. */
const optionalLists = (...members: string[]) => z.looseObject(Object.fromEntries(members.map((member) => [member, list.optional()])));
const object = z.looseObject({});

/** Per operation (the SDK command without "Command"): the minimal shape of its answer. Every operation in operations.ts has one. */
export const awsResponseShapes: Readonly<Record<string, z.ZodType>> = {
  GetCallerIdentity: z.looseObject({ Account: z.string().min(1) }),
  DescribeRegions: z.looseObject({ Regions: list }),
  GetParametersByPath: optionalLists('Parameters'),
  ListGuardrails: pageOf('guardrails', 'nextToken'),
  GetGuardrail: z.looseObject({ guardrailId: z.string(), guardrailArn: z.string(), version: z.string() }),
  ListTagsForResource: optionalLists('tags'),
  ListEnforcedGuardrailsConfiguration: pageOf('guardrailsConfig', 'nextToken'),
  // No logging configured is `{}`: only an empty body (the client's check) or a non-object loggingConfig is wrong.
  GetModelInvocationLoggingConfiguration: z.looseObject({ loggingConfig: object.optional() }),
  ListCustomModels: optionalLists('modelSummaries'),
  GetCustomModel: z.looseObject({ modelArn: z.string() }),
  ListProvisionedModelThroughputs: optionalLists('provisionedModelSummaries'),
  ListInferenceProfiles: optionalLists('inferenceProfileSummaries'),
  ListImportedModels: optionalLists('modelSummaries'),
  ListAgents: pageOf('agentSummaries', 'nextToken'),
  GetAgent: z.looseObject({ agent: z.looseObject({ agentId: z.string() }) }),
  ListKnowledgeBases: pageOf('knowledgeBaseSummaries', 'nextToken'),
  ListDataSources: pageOf('dataSourceSummaries', 'nextToken'),
  GetDataSource: z.looseObject({ dataSource: object }),
  DescribeTrails: optionalLists('trailList'),
  GetTrailStatus: object,
  GetEventSelectors: optionalLists('EventSelectors', 'AdvancedEventSelectors'),
  DescribeAlarms: optionalLists('MetricAlarms', 'CompositeAlarms'),
  ListMetrics: optionalLists('Metrics'),
  GetMetricData: optionalLists('MetricDataResults', 'Messages'),
  DescribeConfigurationRecorders: optionalLists('ConfigurationRecorders'),
  DescribeConfigurationRecorderStatus: optionalLists('ConfigurationRecordersStatus'),
  // Success always carries the policy: "none" is EffectivePolicyNotFoundException.
  DescribeEffectivePolicy: z.looseObject({ EffectivePolicy: object }),
  // Organizations may answer a page without accounts that still carries a NextToken: paging goes on.
  ListAccounts: pageOf('Accounts', 'NextToken'),
  AssumeRole: z.looseObject({
    Credentials: z.looseObject({ AccessKeyId: z.string().min(1), SecretAccessKey: z.string().min(1), SessionToken: z.string().min(1), Expiration: z.date() }),
  }),
};

/** Returns `output` when it has the shape `operation` promises; throws `UnexpectedResponseError` naming what is wrong otherwise. */
export function checkedOutput<T>(operation: string, output: T): T {
  const shape = awsResponseShapes[operation];
  if (shape === undefined) throw new UnexpectedResponseError(`no response shape is known for ${operation}`);
  const checked = shape.safeParse(output);
  if (checked.success) return output;
  const issue = checked.error.issues[0];
  const at = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new UnexpectedResponseError(`${operation} answered without the expected body (${at}${issue?.message ?? 'unexpected shape'})`);
}
