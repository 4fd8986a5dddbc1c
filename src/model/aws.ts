import { z } from 'zod';
import { StrengthSchema, HarmCategorySchema, resourceBase, type HarmCategory, type Strength } from './common.ts';

/**
 * Bedrock's vocabulary on the neutral scale (spec §6): the one table used by the collector,
 * every IaC reader, the rules and the tests. A value outside it is unknown, never guessed.
 * Source: Amazon Bedrock API reference, GuardrailContentFilter / GuardrailContentFilterConfig
 * (type HATE | INSULTS | SEXUAL | VIOLENCE | MISCONDUCT | PROMPT_ATTACK; inputStrength and
 * outputStrength NONE | LOW | MEDIUM | HIGH; inputAction and outputAction BLOCK | NONE).
 */
export const bedrockVocabulary = {
  categories: { HATE: 'hate', INSULTS: 'insults', SEXUAL: 'sexual', VIOLENCE: 'violence', MISCONDUCT: 'misconduct', PROMPT_ATTACK: 'prompt-attack' },
  strengths: { NONE: 'off', LOW: 'low', MEDIUM: 'medium', HIGH: 'high' },
  filterActions: ['BLOCK', 'NONE'],
  piiActions: ['BLOCK', 'ANONYMIZE', 'NONE'],
  tiers: ['CLASSIC', 'STANDARD'],
} as const satisfies {
  categories: Record<string, HarmCategory>;
  strengths: Record<string, Strength>;
  filterActions: readonly string[];
  piiActions: readonly string[];
  tiers: readonly string[];
};

/** The five harm-category filter types every guardrail must configure, as Bedrock names them. */
export const bedrockHarmFilterTypes = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'] as const satisfies ReadonlyArray<
  keyof typeof bedrockVocabulary.categories
>;

/** One direction (input or output) of a guardrail filter; `null` = the API omitted the field. */
const FilterDirectionSchema = z.object({
  enabled: z.boolean().nullable(),
  action: z.enum(['BLOCK', 'NONE']).nullable(),
  strength: StrengthSchema,
});
export type FilterDirection = z.infer<typeof FilterDirectionSchema>;

const TierSchema = z.enum(['CLASSIC', 'STANDARD']).nullable();

export const GuardrailContentFilterSchema = z.object({
  type: z.string(),
  category: HarmCategorySchema.nullable(),
  input: FilterDirectionSchema,
  output: FilterDirectionSchema,
});
export type GuardrailContentFilter = z.infer<typeof GuardrailContentFilterSchema>;

export const PiiEntitySchema = z.object({
  type: z.string(),
  action: z.enum(['BLOCK', 'ANONYMIZE', 'NONE']),
  inputAction: z.enum(['BLOCK', 'ANONYMIZE', 'NONE']).nullable(),
  outputAction: z.enum(['BLOCK', 'ANONYMIZE', 'NONE']).nullable(),
  inputEnabled: z.boolean().nullable(),
  outputEnabled: z.boolean().nullable(),
});
export type PiiEntity = z.infer<typeof PiiEntitySchema>;

export const GroundingFilterSchema = z.object({
  type: z.string(),
  threshold: z.number().nullable(),
  action: z.enum(['BLOCK', 'NONE']).nullable(),
  enabled: z.boolean().nullable(),
});
export type GroundingFilter = z.infer<typeof GroundingFilterSchema>;

/**
 * One version of a Bedrock guardrail: the versions referenced by agents, enforced
 * configurations or the organisation policy, or DRAFT when nothing references one.
 * Policies are `null` when the guardrail has none, `undefined` when unreadable.
 */
export const AwsGuardrailSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.guardrail'),
  guardrailId: z.string(),
  arn: z.string(),
  version: z.string(),
  status: z.string().optional(),
  referencedBy: z.array(z.string()),
  kmsKeyArn: z.string().nullable().optional(),
  contentPolicy: z
    .object({ tier: TierSchema, filters: z.array(GuardrailContentFilterSchema) })
    .nullable()
    .optional(),
  topicPolicy: z.object({ tier: TierSchema, topicCount: z.number().int() }).nullable().optional(),
  sensitiveInformationPolicy: z
    .object({ piiEntities: z.array(PiiEntitySchema), regexCount: z.number().int() })
    .nullable()
    .optional(),
  contextualGroundingPolicy: z
    .object({ tier: TierSchema, filters: z.array(GroundingFilterSchema) })
    .nullable()
    .optional(),
});
export type AwsGuardrail = z.infer<typeof AwsGuardrailSchema>;

export const GuardrailReferenceSchema = z.object({
  /** Guardrail id or ARN, as written by the referencing resource. */
  identifier: z.string(),
  version: z.string().nullable(),
});
export type GuardrailReference = z.infer<typeof GuardrailReferenceSchema>;

export const AwsAgentSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.agent'),
  agentId: z.string(),
  arn: z.string(),
  status: z.string().optional(),
  guardrail: GuardrailReferenceSchema.nullable(),
  /** `undefined` when GetAgent could not be read. */
  customerEncryptionKeyArn: z.string().nullable().optional(),
});
export type AwsAgent = z.infer<typeof AwsAgentSchema>;

/** An account-level enforced guardrail configuration (ListEnforcedGuardrailsConfiguration). */
export const AwsEnforcedGuardrailSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.enforced-guardrail'),
  configId: z.string(),
  guardrail: GuardrailReferenceSchema,
  includedModels: z.array(z.string()),
  excludedModels: z.array(z.string()),
});
export type AwsEnforcedGuardrail = z.infer<typeof AwsEnforcedGuardrailSchema>;

/** The effective organisation BEDROCK_POLICY of an account, flattened to its guardrail assignments. */
export const AwsOrgBedrockPolicySchema = z.object({
  ...resourceBase,
  type: z.literal('aws.organizations.bedrock-policy'),
  /** false when the account has no effective BEDROCK_POLICY (or is not in an organisation). */
  present: z.boolean(),
  assignments: z.array(
    z.object({
      region: z.string(),
      name: z.string(),
      guardrail: GuardrailReferenceSchema.nullable(),
    }),
  ),
});
export type AwsOrgBedrockPolicy = z.infer<typeof AwsOrgBedrockPolicySchema>;

export const AwsInvocationLoggingSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.invocation-logging'),
  configured: z.boolean(),
  cloudWatchLogGroup: z.string().nullable(),
  s3Bucket: z.string().nullable(),
  textDataDeliveryEnabled: z.boolean().nullable(),
});
export type AwsInvocationLogging = z.infer<typeof AwsInvocationLoggingSchema>;

export const AwsKnowledgeBaseSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.knowledge-base'),
  knowledgeBaseId: z.string(),
  arn: z.string(),
  status: z.string().optional(),
});
export type AwsKnowledgeBase = z.infer<typeof AwsKnowledgeBaseSchema>;

export const AwsDataSourceSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.data-source'),
  dataSourceId: z.string(),
  knowledgeBaseId: z.string(),
  knowledgeBaseArn: z.string(),
  /** `undefined` when GetDataSource could not be read. */
  kmsKeyArn: z.string().nullable().optional(),
});
export type AwsDataSource = z.infer<typeof AwsDataSourceSchema>;

export const AwsCustomModelSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.custom-model'),
  arn: z.string(),
  /** `undefined` when GetCustomModel could not be read. */
  modelKmsKeyArn: z.string().nullable().optional(),
  /** From the ListCustomModels summary (no extra call): the model it was customised from. */
  baseModelArn: z.string().optional(),
  baseModelName: z.string().optional(),
  customizationType: z.string().optional(),
});
export type AwsCustomModel = z.infer<typeof AwsCustomModelSchema>;

/**
 * Signals of Bedrock use in a region other than the resources above: metrics with data in
 * the AWS/Bedrock namespace, provisioned throughput and application inference profiles.
 * A field is `undefined` when its read failed.
 */
export const AwsRegionActivitySchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.region-activity'),
  bedrockMetricNames: z.array(z.string()).optional(),
  /** The `ModelId` values of the AWS/Bedrock `Invocations` series ListMetrics found (models invoked in the last two weeks). */
  invokedModelIds: z.array(z.string()).optional(),
  provisionedThroughputCount: z.number().int().optional(),
  applicationInferenceProfileCount: z.number().int().optional(),
});
export type AwsRegionActivity = z.infer<typeof AwsRegionActivitySchema>;

/** An imported model (ListImportedModels summary; Custom Model Import). */
export const AwsImportedModelSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.imported-model'),
  arn: z.string(),
  architecture: z.string().optional(),
  instructSupported: z.boolean().optional(),
});
export type AwsImportedModel = z.infer<typeof AwsImportedModelSchema>;

/** A provisioned throughput (ListProvisionedModelThroughputs summary): reserved capacity for one model. */
export const AwsProvisionedThroughputSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.provisioned-throughput'),
  arn: z.string(),
  /** The model served: a foundation model or a custom model ARN. */
  modelArn: z.string(),
  foundationModelArn: z.string().optional(),
  modelUnits: z.number().int().optional(),
  status: z.string().optional(),
  commitmentDuration: z.string().optional(),
});
export type AwsProvisionedThroughput = z.infer<typeof AwsProvisionedThroughputSchema>;

/** An application inference profile (ListInferenceProfiles, type APPLICATION): the models it routes to. */
export const AwsInferenceProfileSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.bedrock.inference-profile'),
  arn: z.string(),
  inferenceProfileId: z.string(),
  profileType: z.string().optional(),
  status: z.string().optional(),
  modelArns: z.array(z.string()),
});
export type AwsInferenceProfile = z.infer<typeof AwsInferenceProfileSchema>;

/**
 * The CloudWatch vocabulary of Bedrock usage and guardrail activity: the one table the collector,
 * the fake cloud, the rules and the tests share.
 * Sources: https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-runtime-metrics.html
 * (namespace AWS/Bedrock, `Invocations` per `ModelId`: successful Converse, ConverseStream,
 * InvokeModel and InvokeModelWithResponseStream requests) and
 * https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html
 * (namespace AWS/Bedrock/Guardrails: `Invocations`, `InvocationsIntervened`, `TextUnitCount`;
 * dimensions `Operation`, `GuardrailContentSource` (Input | Output), `GuardrailPolicyType`
 * (ContentPolicy, TopicPolicy, WordPolicy, SensitiveInformationPolicy, ContextualGroundingPolicy;
 * only on InvocationsIntervened and TextUnitCount), `GuardrailArn` + `GuardrailVersion` (a number
 * or DRAFT)).
 */
export const bedrockMetrics = {
  runtimeNamespace: 'AWS/Bedrock',
  guardrailsNamespace: 'AWS/Bedrock/Guardrails',
  /** The runtime metric read per model (the others — tokens, latency — are not needed). */
  modelInvocations: 'Invocations',
  modelIdDimension: 'ModelId',
  /** The guardrail metrics read per guardrail version. */
  guardrailMetrics: { invocations: 'Invocations', intervened: 'InvocationsIntervened', textUnits: 'TextUnitCount' },
  dimensions: {
    arn: 'GuardrailArn',
    version: 'GuardrailVersion',
    contentSource: 'GuardrailContentSource',
    policyType: 'GuardrailPolicyType',
    operation: 'Operation',
  },
  contentSources: ['Input', 'Output'],
  policyTypes: ['ContentPolicy', 'TopicPolicy', 'WordPolicy', 'SensitiveInformationPolicy', 'ContextualGroundingPolicy'],
  /** The statistic read: each metric's unit is SampleCount, so the Sum over the window is its total. */
  statistic: 'Sum',
} as const;

export const AwsTrailSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.cloudtrail.trail'),
  arn: z.string(),
  homeRegion: z.string(),
  isMultiRegion: z.boolean(),
  isOrganizationTrail: z.boolean(),
  /** `undefined` when GetTrailStatus could not be read. */
  isLogging: z.boolean().optional(),
  /** Which management events the selectors record; `undefined` when unreadable. */
  managementEvents: z.enum(['all', 'write', 'read', 'none']).optional(),
  /** Data-event resource types the selectors record (e.g. AWS::Bedrock::Guardrail). */
  dataEventResourceTypes: z.array(z.string()).optional(),
});
export type AwsTrail = z.infer<typeof AwsTrailSchema>;

export const AwsAlarmSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.cloudwatch.alarm'),
  arn: z.string(),
  alarmType: z.enum(['MetricAlarm', 'CompositeAlarm']),
  actionsEnabled: z.boolean(),
  alarmActionCount: z.number().int(),
  /** Every metric the alarm watches, directly or through metric math. */
  metrics: z.array(z.object({ namespace: z.string(), metricName: z.string() })),
});
export type AwsAlarm = z.infer<typeof AwsAlarmSchema>;

export const AwsConfigRecorderSchema = z.object({
  ...resourceBase,
  type: z.literal('aws.config.recorder'),
  /** `undefined` when the recorder status could not be read. */
  recording: z.boolean().optional(),
  allSupported: z.boolean(),
  resourceTypes: z.array(z.string()),
  exclusionResourceTypes: z.array(z.string()),
});
export type AwsConfigRecorder = z.infer<typeof AwsConfigRecorderSchema>;

export const AwsResourceSchema = z.discriminatedUnion('type', [
  AwsGuardrailSchema,
  AwsAgentSchema,
  AwsEnforcedGuardrailSchema,
  AwsOrgBedrockPolicySchema,
  AwsInvocationLoggingSchema,
  AwsKnowledgeBaseSchema,
  AwsDataSourceSchema,
  AwsCustomModelSchema,
  AwsImportedModelSchema,
  AwsProvisionedThroughputSchema,
  AwsInferenceProfileSchema,
  AwsRegionActivitySchema,
  AwsTrailSchema,
  AwsAlarmSchema,
  AwsConfigRecorderSchema,
]);
export type AwsResource = z.infer<typeof AwsResourceSchema>;
