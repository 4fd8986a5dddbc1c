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
  provisionedThroughputCount: z.number().int().optional(),
  applicationInferenceProfileCount: z.number().int().optional(),
});
export type AwsRegionActivity = z.infer<typeof AwsRegionActivitySchema>;

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
  AwsRegionActivitySchema,
  AwsTrailSchema,
  AwsAlarmSchema,
  AwsConfigRecorderSchema,
]);
export type AwsResource = z.infer<typeof AwsResourceSchema>;
