/**
 * The AWS part of a fake-cloud estate file: what one AWS account looks like to the fake cloud.
 *
 * The shapes follow the AWS API responses (member names exactly as the SDK's operation schemas
 * spell them), so real payloads can be pasted in: a guardrail version is a `GetGuardrail`
 * response, an agent is `GetAgent`'s `agent`, a trail is a `DescribeTrails` `trailList` entry,
 * and so on. Timestamps are written as ISO 8601 strings (epoch seconds and `Date` objects are
 * accepted too) and the fake cloud serves them in each protocol's wire format.
 *
 * Everything below the account id is optional; identifiers, ARNs, statuses and timestamps that
 * an estate leaves out are derived when the estate is served (see `aws.ts`). Objects are strict
 * so that a misspelt key fails loudly instead of silently never reaching the scanner; only deep
 * configuration blobs that the scanner does not read (data-source connectors, prompt overrides,
 * knowledge-base storage, …) are free-form.
 */
import { z } from 'zod';
import { bodyFaultSchema } from './body-faults.ts';
import { isTransportFault, transportFaultFields } from './transport-faults.ts';
import { throttlingFields } from './throttling.ts';

// ---------------------------------------------------------------------------------------------
// Reference lists

/** Regions enabled in every account without opting in (DescribeRegions `opt-in-not-required`). */
export const defaultEnabledRegions: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** Opt-in commercial regions, listed by DescribeRegions(AllRegions=true) as `not-opted-in` unless enabled. */
export const optInRegions: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

/**
 * Regions where the fake cloud offers Bedrock by default (served by SSM
 * `/aws/service/global-infrastructure/services/bedrock/regions`): 25 commercial regions from the
 * Bedrock regional-availability page (cloud-apis.md §A9).
 */
export const defaultBedrockRegions: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'me-central-1',
  'il-central-1',
];

/** Service names used in `faults[].service` and in the fake cloud's request log (the SDK client package suffix). */
export const awsServiceNames = ['sts', 'ec2', 'ssm', 'bedrock', 'bedrock-agent', 'cloudtrail', 'cloudwatch', 'config-service', 'organizations'] as const;
export type AwsServiceName = (typeof awsServiceNames)[number];

// ---------------------------------------------------------------------------------------------
// Scalars

const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A timestamp: ISO 8601 string, epoch seconds (as the AWS CLI prints CloudTrail times) or a Date. */
export const timestampSchema = z.union([z.string(), z.number(), z.date()]).transform((value, ctx): Date => {
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value * 1000);
  else if (isoDateTime.test(value)) date = new Date(value);
  else date = new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `invalid timestamp ${JSON.stringify(value)} (expected an ISO 8601 date-time such as 2025-06-01T12:00:00Z)` });
    return z.NEVER;
  }
  return date;
});

/** Guardrail and agent versions: "DRAFT" or a number; YAML's `version: 1` is accepted. */
const versionSchema = z.union([z.string().regex(/^(DRAFT|[1-9]\d*)$/, 'expected "DRAFT" or a version number'), z.number().int().positive()]).transform(String);

const accountIdSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => (typeof value === 'number' ? String(value).padStart(12, '0') : value))
  .pipe(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'));

const regionNameSchema = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, 'expected an AWS region name such as us-east-1');

const str = z.string();
const bool = z.boolean();
const num = z.number();
const strings = z.array(z.string());
/** Free-form configuration the fake cloud passes through untouched. */
const blob = z.record(z.string(), z.unknown());

/** Tags as a map (`{ team: ai }`) or as the API's list (`[{ key: team, value: ai }]`); parsed to a map. */
const tagsSchema = z
  .union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)), z.array(z.strictObject({ key: str, value: str }))])
  .transform((tags): Record<string, string> => (Array.isArray(tags) ? Object.fromEntries(tags.map((tag) => [tag.key, tag.value])) : tags));

// ---------------------------------------------------------------------------------------------
// Bedrock guardrails (GetGuardrail response)

const blockOrNone = z.enum(['BLOCK', 'NONE']);
const filterStrength = z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH']);
const tierSchema = z.strictObject({ tierName: z.enum(['CLASSIC', 'STANDARD']) });

export const guardrailContentFilterSchema = z.strictObject({
  type: z.enum(['SEXUAL', 'VIOLENCE', 'HATE', 'INSULTS', 'MISCONDUCT', 'PROMPT_ATTACK']),
  inputStrength: filterStrength,
  outputStrength: filterStrength,
  inputModalities: z.array(z.enum(['TEXT', 'IMAGE'])).optional(),
  outputModalities: z.array(z.enum(['TEXT', 'IMAGE'])).optional(),
  inputAction: blockOrNone.optional(),
  outputAction: blockOrNone.optional(),
  inputEnabled: bool.optional(),
  outputEnabled: bool.optional(),
});

export const guardrailPiiEntityTypes = [
  'ADDRESS',
  'AGE',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'CA_HEALTH_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER',
  'CREDIT_DEBIT_CARD_CVV',
  'CREDIT_DEBIT_CARD_EXPIRY',
  'CREDIT_DEBIT_CARD_NUMBER',
  'DRIVER_ID',
  'EMAIL',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'IP_ADDRESS',
  'LICENSE_PLATE',
  'MAC_ADDRESS',
  'NAME',
  'PASSWORD',
  'PHONE',
  'PIN',
  'SWIFT_CODE',
  'UK_NATIONAL_HEALTH_SERVICE_NUMBER',
  'UK_NATIONAL_INSURANCE_NUMBER',
  'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER',
  'URL',
  'USERNAME',
  'US_BANK_ACCOUNT_NUMBER',
  'US_BANK_ROUTING_NUMBER',
  'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  'US_PASSPORT_NUMBER',
  'US_SOCIAL_SECURITY_NUMBER',
  'VEHICLE_IDENTIFICATION_NUMBER',
] as const;
const piiAction = z.enum(['BLOCK', 'ANONYMIZE', 'NONE']);

export const guardrailVersionSchema = z.strictObject({
  /** Defaults to the guardrail's `name`. */
  name: str.optional(),
  guardrailId: str.optional(),
  guardrailArn: str.optional(),
  version: versionSchema,
  status: z.enum(['CREATING', 'UPDATING', 'VERSIONING', 'READY', 'FAILED', 'DELETING']).optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  blockedInputMessaging: str.optional(),
  blockedOutputsMessaging: str.optional(),
  description: str.optional(),
  topicPolicy: z
    .strictObject({
      topics: z.array(
        z.strictObject({
          name: str,
          definition: str,
          examples: strings.optional(),
          type: z.enum(['DENY']).optional(),
          inputAction: blockOrNone.optional(),
          outputAction: blockOrNone.optional(),
          inputEnabled: bool.optional(),
          outputEnabled: bool.optional(),
        }),
      ),
      tier: tierSchema.optional(),
    })
    .optional(),
  contentPolicy: z.strictObject({ filters: z.array(guardrailContentFilterSchema).optional(), tier: tierSchema.optional() }).optional(),
  wordPolicy: z
    .strictObject({
      words: z
        .array(
          z.strictObject({
            text: str,
            inputAction: blockOrNone.optional(),
            outputAction: blockOrNone.optional(),
            inputEnabled: bool.optional(),
            outputEnabled: bool.optional(),
          }),
        )
        .optional(),
      managedWordLists: z
        .array(
          z.strictObject({
            type: z.enum(['PROFANITY']),
            inputAction: blockOrNone.optional(),
            outputAction: blockOrNone.optional(),
            inputEnabled: bool.optional(),
            outputEnabled: bool.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  sensitiveInformationPolicy: z
    .strictObject({
      piiEntities: z
        .array(
          z.strictObject({
            type: z.enum(guardrailPiiEntityTypes),
            action: piiAction,
            inputAction: piiAction.optional(),
            outputAction: piiAction.optional(),
            inputEnabled: bool.optional(),
            outputEnabled: bool.optional(),
          }),
        )
        .optional(),
      regexes: z
        .array(
          z.strictObject({
            name: str,
            pattern: str,
            action: piiAction,
            description: str.optional(),
            inputAction: piiAction.optional(),
            outputAction: piiAction.optional(),
            inputEnabled: bool.optional(),
            outputEnabled: bool.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  contextualGroundingPolicy: z
    .strictObject({
      filters: z.array(
        z.strictObject({ type: z.enum(['GROUNDING', 'RELEVANCE']), threshold: num.min(0).max(1), action: blockOrNone.optional(), enabled: bool.optional() }),
      ),
      tier: tierSchema.optional(),
    })
    .optional(),
  automatedReasoningPolicy: z.strictObject({ policies: strings, confidenceThreshold: num.optional() }).optional(),
  crossRegionDetails: z.strictObject({ guardrailProfileId: str.optional(), guardrailProfileArn: str.optional() }).optional(),
  statusReasons: strings.optional(),
  failureRecommendations: strings.optional(),
  kmsKeyArn: str.optional(),
});
export type AwsGuardrailVersion = z.output<typeof guardrailVersionSchema>;

export const guardrailSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+$/, 'expected a guardrail id (lower-case letters and digits)'),
    name: z.string().min(1),
    /** Defaults to arn:aws:bedrock:<region>:<account>:guardrail/<id>. */
    arn: str.optional(),
    tags: tagsSchema.optional(),
    /** GetGuardrail responses. A missing DRAFT is derived from the highest numbered version. */
    versions: z.array(guardrailVersionSchema).min(1),
  })
  .superRefine((guardrail, ctx) => {
    const seen = new Set<string>();
    guardrail.versions.forEach((version, index) => {
      if (seen.has(version.version)) ctx.addIssue({ code: 'custom', path: ['versions', index, 'version'], message: `duplicate version ${version.version}` });
      seen.add(version.version);
      if (version.guardrailId !== undefined && version.guardrailId !== guardrail.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', index, 'guardrailId'],
          message: `guardrailId ${version.guardrailId} differs from the guardrail's id ${guardrail.id}`,
        });
      }
    });
  });
export type AwsGuardrail = z.output<typeof guardrailSchema>;

/** ListEnforcedGuardrailsConfiguration `guardrailsConfig[]` entry. */
export const enforcedGuardrailSchema = z
  .strictObject({
    configId: str.optional(),
    guardrailArn: str.optional(),
    guardrailId: str.optional(),
    inputTags: z.enum(['HONOR', 'IGNORE']).optional(),
    selectiveContentGuarding: z
      .strictObject({ system: z.enum(['SELECTIVE', 'COMPREHENSIVE']).optional(), messages: z.enum(['SELECTIVE', 'COMPREHENSIVE']).optional() })
      .optional(),
    guardrailVersion: versionSchema,
    createdAt: timestampSchema.optional(),
    createdBy: str.optional(),
    updatedAt: timestampSchema.optional(),
    updatedBy: str.optional(),
    owner: z.enum(['ACCOUNT']).optional(),
    /** Absent = every model. */
    modelEnforcement: z.strictObject({ includedModels: strings.optional(), excludedModels: strings.optional() }).optional(),
  })
  .refine((config) => config.guardrailArn !== undefined || config.guardrailId !== undefined, { message: 'give guardrailArn or guardrailId' });
export type AwsEnforcedGuardrail = z.output<typeof enforcedGuardrailSchema>;

const s3ConfigSchema = z.strictObject({ bucketName: str, keyPrefix: str.optional() });

/** GetModelInvocationLoggingConfiguration `loggingConfig`. */
export const loggingConfigSchema = z.strictObject({
  cloudWatchConfig: z.strictObject({ logGroupName: str, roleArn: str, largeDataDeliveryS3Config: s3ConfigSchema.optional() }).optional(),
  s3Config: s3ConfigSchema.optional(),
  textDataDeliveryEnabled: bool.optional(),
  imageDataDeliveryEnabled: bool.optional(),
  embeddingDataDeliveryEnabled: bool.optional(),
  videoDataDeliveryEnabled: bool.optional(),
  audioDataDeliveryEnabled: bool.optional(),
});
export type AwsLoggingConfig = z.output<typeof loggingConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Bedrock models, throughput, inference profiles

/** GetCustomModel response, plus the ListCustomModels-only members `baseModelName` and `ownerAccountId`. */
export const customModelSchema = z.strictObject({
  modelArn: str.optional(),
  modelName: z.string().min(1),
  creationTime: timestampSchema.optional(),
  jobName: str.optional(),
  jobArn: str.optional(),
  baseModelArn: str.optional(),
  customizationType: z.enum(['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION', 'REINFORCEMENT_FINE_TUNING', 'IMPORTED']).optional(),
  modelKmsKeyArn: str.optional(),
  hyperParameters: z.record(z.string(), z.string()).optional(),
  trainingDataConfig: blob.optional(),
  validationDataConfig: blob.optional(),
  outputDataConfig: blob.optional(),
  trainingMetrics: blob.optional(),
  validationMetrics: z.array(blob).optional(),
  customizationConfig: blob.optional(),
  modelStatus: z.enum(['Active', 'Creating', 'Failed']).optional(),
  failureMessage: str.optional(),
  /** ListCustomModels only. */
  baseModelName: str.optional(),
  /** ListCustomModels only; defaults to the estate's account (a model shared from elsewhere is not "owned"). */
  ownerAccountId: accountIdSchema.optional(),
});
export type AwsCustomModel = z.output<typeof customModelSchema>;

/** ListProvisionedModelThroughputs `provisionedModelSummaries[]` entry. */
export const provisionedThroughputSchema = z.strictObject({
  provisionedModelName: z.string().min(1),
  provisionedModelArn: str.optional(),
  modelArn: str,
  desiredModelArn: str.optional(),
  foundationModelArn: str.optional(),
  modelUnits: z.number().int().optional(),
  desiredModelUnits: z.number().int().optional(),
  status: z.enum(['Creating', 'InService', 'Updating', 'Failed']).optional(),
  creationTime: timestampSchema.optional(),
  lastModifiedTime: timestampSchema.optional(),
  commitmentDuration: z.enum(['OneMonth', 'SixMonths']).optional(),
  commitmentExpirationTime: timestampSchema.optional(),
});
export type AwsProvisionedThroughput = z.output<typeof provisionedThroughputSchema>;

/** ListInferenceProfiles `inferenceProfileSummaries[]` entry. */
export const inferenceProfileSchema = z.strictObject({
  inferenceProfileName: z.string().min(1),
  inferenceProfileArn: str.optional(),
  models: z.array(z.strictObject({ modelArn: str })).optional(),
  inferenceProfileId: str.optional(),
  status: z.enum(['ACTIVE']).optional(),
  /** Defaults to APPLICATION. */
  type: z.enum(['SYSTEM_DEFINED', 'APPLICATION']).optional(),
  description: str.optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});
export type AwsInferenceProfile = z.output<typeof inferenceProfileSchema>;

// ---------------------------------------------------------------------------------------------
// Bedrock Agents

const guardrailConfigurationSchema = z.strictObject({ guardrailIdentifier: str.optional(), guardrailVersion: versionSchema.optional() });

/** GetAgent `agent`, plus the ListAgents-only member `latestAgentVersion`. */
export const agentSchema = z.strictObject({
  agentId: z.string().regex(/^[0-9a-zA-Z]{10}$/, 'expected a 10-character agent id'),
  agentName: z.string().min(1),
  agentArn: str.optional(),
  agentVersion: str.optional(),
  agentStatus: z.enum(['CREATING', 'PREPARING', 'PREPARED', 'NOT_PREPARED', 'DELETING', 'FAILED', 'VERSIONING', 'UPDATING']).optional(),
  idleSessionTTLInSeconds: z.number().int().optional(),
  agentResourceRoleArn: str.optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  clientToken: str.optional(),
  instruction: str.optional(),
  foundationModel: str.optional(),
  description: str.optional(),
  orchestrationType: z.enum(['DEFAULT', 'CUSTOM_ORCHESTRATION']).optional(),
  customOrchestration: blob.optional(),
  customerEncryptionKeyArn: str.optional(),
  preparedAt: timestampSchema.optional(),
  failureReasons: strings.optional(),
  recommendedActions: strings.optional(),
  promptOverrideConfiguration: blob.optional(),
  guardrailConfiguration: guardrailConfigurationSchema.optional(),
  memoryConfiguration: blob.optional(),
  agentCollaboration: z.enum(['SUPERVISOR', 'SUPERVISOR_ROUTER', 'DISABLED']).optional(),
  /** ListAgents only. */
  latestAgentVersion: versionSchema.optional(),
});
export type AwsAgent = z.output<typeof agentSchema>;

/** GetKnowledgeBase `knowledgeBase`. */
export const knowledgeBaseSchema = z.strictObject({
  knowledgeBaseId: z.string().regex(/^[0-9a-zA-Z]{10}$/, 'expected a 10-character knowledge base id'),
  name: z.string().min(1),
  knowledgeBaseArn: str.optional(),
  roleArn: str.optional(),
  knowledgeBaseConfiguration: blob.optional(),
  status: z.enum(['CREATING', 'ACTIVE', 'DELETING', 'UPDATING', 'FAILED', 'DELETE_UNSUCCESSFUL', 'UPDATE_UNSUCCESSFUL']).optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  description: str.optional(),
  storageConfiguration: blob.optional(),
  failureReasons: strings.optional(),
});
export type AwsKnowledgeBase = z.output<typeof knowledgeBaseSchema>;

/** GetDataSource `dataSource`. */
export const dataSourceSchema = z.strictObject({
  knowledgeBaseId: str.optional(),
  dataSourceId: z.string().regex(/^[0-9a-zA-Z]{10}$/, 'expected a 10-character data source id'),
  name: z.string().min(1),
  status: z.enum(['AVAILABLE', 'DELETING', 'DELETE_UNSUCCESSFUL', 'CREATING', 'UPDATING', 'FAILED']).optional(),
  dataSourceConfiguration: blob.optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  description: str.optional(),
  serverSideEncryptionConfiguration: z.strictObject({ kmsKeyArn: str.optional() }).optional(),
  vectorIngestionConfiguration: blob.optional(),
  dataDeletionPolicy: z.enum(['RETAIN', 'DELETE']).optional(),
  failureReasons: strings.optional(),
});
export type AwsDataSource = z.output<typeof dataSourceSchema>;

// ---------------------------------------------------------------------------------------------
// CloudWatch

const dimensionSchema = z.strictObject({ Name: str, Value: str });

/**
 * ListMetrics `Metrics[]` entry, plus (fake-cloud only) `Sum`: the series' total over the
 * `usageSpanDays` before each request, spread evenly — what GetMetricData answers for it. Without
 * `Sum` the series exists but has no datapoints (GetMetricData returns it empty).
 */
export const metricSchema = z.strictObject({
  Namespace: str,
  MetricName: str,
  Dimensions: z.array(dimensionSchema).optional(),
  Sum: z.number().nonnegative().optional(),
});
export type AwsMetric = z.output<typeof metricSchema>;

/** The span (days before each request) over which a series' `Sum` is spread evenly. */
export const usageSpanDays = 30;

const countsBy = <K extends readonly [string, ...string[]]>(keys: K) => z.partialRecord(z.enum(keys), z.number().int().nonnegative());

/**
 * Bedrock usage in a region over the last `usageSpanDays`, written the way people think of it;
 * the fake expands it into the CloudWatch series AWS would publish (see `usageSeries` in aws.ts):
 * AWS/Bedrock `Invocations` per `ModelId`, and per guardrail version AWS/Bedrock/Guardrails
 * `Invocations` and `InvocationsIntervened` (in total and per `GuardrailContentSource`) and
 * `TextUnitCount` per `GuardrailPolicyType`.
 */
export const usageSchema = z.strictObject({
  /** Model invocations per ModelId (a foundation model id, an inference profile id or a model ARN). */
  models: z.record(z.string().min(1), z.number().int().nonnegative()).default(() => ({})),
  guardrails: z
    .array(
      z.strictObject({
        /** The guardrail's id (in this region's `guardrails`) or its ARN. */
        guardrail: z.string().min(1),
        version: z.string().min(1).default('DRAFT'),
        invocations: countsBy(['Input', 'Output']),
        intervened: countsBy(['Input', 'Output']).default(() => ({})),
        textUnits: countsBy(['ContentPolicy', 'TopicPolicy', 'WordPolicy', 'SensitiveInformationPolicy', 'ContextualGroundingPolicy']).default(() => ({})),
      }),
    )
    .default(() => []),
});
export type AwsUsage = z.output<typeof usageSchema>;

/** ListImportedModels `modelSummaries[]` entry. */
export const importedModelSchema = z.strictObject({
  modelName: z.string().min(1),
  modelArn: str.optional(),
  creationTime: timestampSchema.optional(),
  instructSupported: bool.optional(),
  modelArchitecture: str.optional(),
});
export type AwsImportedModel = z.output<typeof importedModelSchema>;

const alarmCommon = {
  AlarmName: z.string().min(1),
  AlarmArn: str.optional(),
  AlarmDescription: str.optional(),
  AlarmConfigurationUpdatedTimestamp: timestampSchema.optional(),
  /** Defaults to true. */
  ActionsEnabled: bool.optional(),
  OKActions: strings.optional(),
  AlarmActions: strings.optional(),
  InsufficientDataActions: strings.optional(),
  /** Defaults to OK. */
  StateValue: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).optional(),
  StateReason: str.optional(),
  StateReasonData: str.optional(),
  StateUpdatedTimestamp: timestampSchema.optional(),
  StateTransitionedTimestamp: timestampSchema.optional(),
  ActionConfiguration: blob.optional(),
};

export const metricAlarmSchema = z.strictObject({
  ...alarmCommon,
  MetricName: str.optional(),
  Namespace: str.optional(),
  Statistic: z.enum(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']).optional(),
  ExtendedStatistic: str.optional(),
  Dimensions: z.array(dimensionSchema).optional(),
  Period: z.number().int().optional(),
  Unit: str.optional(),
  EvaluationPeriods: z.number().int().optional(),
  DatapointsToAlarm: z.number().int().optional(),
  Threshold: num.optional(),
  ComparisonOperator: str.optional(),
  TreatMissingData: str.optional(),
  EvaluateLowSampleCountPercentile: str.optional(),
  Metrics: z
    .array(
      z.strictObject({
        Id: str,
        MetricStat: z
          .strictObject({
            Metric: z.strictObject({ Namespace: str.optional(), MetricName: str.optional(), Dimensions: z.array(dimensionSchema).optional() }),
            Period: z.number().int(),
            Stat: str,
            Unit: str.optional(),
          })
          .optional(),
        Expression: str.optional(),
        Label: str.optional(),
        ReturnData: bool.optional(),
        Period: z.number().int().optional(),
        AccountId: str.optional(),
      }),
    )
    .optional(),
  ThresholdMetricId: str.optional(),
  EvaluationState: str.optional(),
  EvaluationWindow: blob.optional(),
  WarmUpConfiguration: blob.optional(),
  EvaluationCriteria: blob.optional(),
  EvaluationInterval: z.number().int().optional(),
});
export type AwsMetricAlarm = z.output<typeof metricAlarmSchema>;

export const compositeAlarmSchema = z.strictObject({
  ...alarmCommon,
  AlarmRule: str.optional(),
  ActionsSuppressedBy: str.optional(),
  ActionsSuppressedReason: str.optional(),
  ActionsSuppressor: str.optional(),
  ActionsSuppressorWaitPeriod: z.number().int().optional(),
  ActionsSuppressorExtensionPeriod: z.number().int().optional(),
});
export type AwsCompositeAlarm = z.output<typeof compositeAlarmSchema>;

export const logAlarmSchema = z.strictObject({
  ...alarmCommon,
  ScheduledQueryConfiguration: blob.optional(),
  QueryResultsToEvaluate: z.number().int().optional(),
  QueryResultsToAlarm: z.number().int().optional(),
  Threshold: num.optional(),
  ComparisonOperator: str.optional(),
  TreatMissingData: str.optional(),
  EvaluationState: str.optional(),
  ActionLogLineCount: z.number().int().optional(),
  ActionLogLineRoleArn: str.optional(),
  WarmUpConfiguration: blob.optional(),
});
export type AwsLogAlarm = z.output<typeof logAlarmSchema>;

// ---------------------------------------------------------------------------------------------
// AWS Config

export const configRecorderSchema = z.strictObject({
  arn: str.optional(),
  /** Defaults to "default". */
  name: str.optional(),
  roleARN: str.optional(),
  recordingGroup: z
    .strictObject({
      allSupported: bool.optional(),
      includeGlobalResourceTypes: bool.optional(),
      resourceTypes: strings.optional(),
      exclusionByResourceTypes: z.strictObject({ resourceTypes: strings.optional() }).optional(),
      recordingStrategy: z
        .strictObject({ useOnly: z.enum(['ALL_SUPPORTED_RESOURCE_TYPES', 'INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES']).optional() })
        .optional(),
    })
    .optional(),
  recordingMode: blob.optional(),
  recordingScope: z.enum(['INTERNAL', 'PAID']).optional(),
  servicePrincipal: str.optional(),
  connectorArn: str.optional(),
  scopeConfiguration: blob.optional(),
});
export type AwsConfigRecorder = z.output<typeof configRecorderSchema>;

export const configRecorderStatusSchema = z.strictObject({
  arn: str.optional(),
  name: str.optional(),
  lastStartTime: timestampSchema.optional(),
  lastStopTime: timestampSchema.optional(),
  /** Defaults to true. */
  recording: bool.optional(),
  lastStatus: z.enum(['Pending', 'Success', 'Failure', 'NotApplicable']).optional(),
  lastErrorCode: str.optional(),
  lastErrorMessage: str.optional(),
  lastStatusChangeTime: timestampSchema.optional(),
  servicePrincipal: str.optional(),
});
export type AwsConfigRecorderStatus = z.output<typeof configRecorderStatusSchema>;

// ---------------------------------------------------------------------------------------------
// CloudTrail

/** DescribeTrails `trailList[]` entry. */
export const trailSchema = z.strictObject({
  Name: z.string().min(1),
  S3BucketName: str.optional(),
  S3KeyPrefix: str.optional(),
  SnsTopicName: str.optional(),
  SnsTopicARN: str.optional(),
  IncludeGlobalServiceEvents: bool.optional(),
  IsMultiRegionTrail: bool.optional(),
  /** Defaults to the region of TrailARN; one of the two is required. */
  HomeRegion: regionNameSchema.optional(),
  TrailARN: str.optional(),
  LogFileValidationEnabled: bool.optional(),
  CloudWatchLogsLogGroupArn: str.optional(),
  CloudWatchLogsRoleArn: str.optional(),
  KmsKeyId: str.optional(),
  HasCustomEventSelectors: bool.optional(),
  HasInsightSelectors: bool.optional(),
  IsOrganizationTrail: bool.optional(),
  RecursiveLogging: bool.optional(),
});
export type AwsTrail = z.output<typeof trailSchema>;

/** GetTrailStatus response (the *Attempt* and TimeLogging* members are strings in the API, not timestamps). */
export const trailStatusSchema = z.strictObject({
  /** Defaults to true. */
  IsLogging: bool.optional(),
  LatestDeliveryError: str.optional(),
  LatestNotificationError: str.optional(),
  LatestDeliveryTime: timestampSchema.optional(),
  LatestNotificationTime: timestampSchema.optional(),
  StartLoggingTime: timestampSchema.optional(),
  StopLoggingTime: timestampSchema.optional(),
  LatestCloudWatchLogsDeliveryError: str.optional(),
  LatestCloudWatchLogsDeliveryTime: timestampSchema.optional(),
  LatestDigestDeliveryTime: timestampSchema.optional(),
  LatestDigestDeliveryError: str.optional(),
  LatestDeliveryAttemptTime: str.optional(),
  LatestNotificationAttemptTime: str.optional(),
  LatestNotificationAttemptSucceeded: str.optional(),
  LatestDeliveryAttemptSucceeded: str.optional(),
  TimeLoggingStarted: str.optional(),
  TimeLoggingStopped: str.optional(),
});
export type AwsTrailStatus = z.output<typeof trailStatusSchema>;

const fieldSelectorSchema = z.strictObject({
  Field: str,
  Equals: strings.optional(),
  StartsWith: strings.optional(),
  EndsWith: strings.optional(),
  NotEquals: strings.optional(),
  NotStartsWith: strings.optional(),
  NotEndsWith: strings.optional(),
});

/** GetEventSelectors response without TrailARN: basic or advanced selectors, never both. */
export const eventSelectorsSchema = z
  .strictObject({
    EventSelectors: z
      .array(
        z.strictObject({
          ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).optional(),
          IncludeManagementEvents: bool.optional(),
          DataResources: z.array(z.strictObject({ Type: str.optional(), Values: strings.optional() })).optional(),
          ExcludeManagementEventSources: strings.optional(),
        }),
      )
      .optional(),
    AdvancedEventSelectors: z.array(z.strictObject({ Name: str.optional(), FieldSelectors: z.array(fieldSelectorSchema) })).optional(),
  })
  .refine((selectors) => selectors.EventSelectors === undefined || selectors.AdvancedEventSelectors === undefined, {
    message: 'a trail has EventSelectors or AdvancedEventSelectors, never both',
  });
export type AwsEventSelectors = z.output<typeof eventSelectorsSchema>;

export const trailEntrySchema = z
  .strictObject({
    trail: trailSchema,
    status: trailStatusSchema.optional(),
    /** Defaults to one basic selector recording all management events (a new trail's default). */
    eventSelectors: eventSelectorsSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.trail.HomeRegion === undefined && regionOfArn(entry.trail.TrailARN) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['trail', 'HomeRegion'], message: 'give HomeRegion (or a TrailARN naming the region)' });
    }
  });
export type AwsTrailEntry = z.output<typeof trailEntrySchema>;

// ---------------------------------------------------------------------------------------------
// Faults

export const faultSchema = z
  .strictObject({
    /** Only requests signed for this region (omitted = every region). */
    region: regionNameSchema.optional(),
    /** Only this service (omitted = every service). */
    service: z.enum(awsServiceNames).optional(),
    /** Operation name as in the SDK command without "Command", e.g. ListGuardrails; omitted or "*" = every operation. */
    operation: z
      .string()
      .regex(/^(\*|[A-Z][A-Za-z0-9]+)$/, 'expected an operation name such as ListGuardrails, or "*"')
      .optional(),
    /** Error code, e.g. AccessDeniedException, ThrottlingException, TooManyRequestsException, InternalServerException. */
    error: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'expected an AWS error code such as AccessDeniedException')
      .optional(),
    /** Instead of an error: answer 200 with this body (an HTML page, nothing, or the real body cut off); see body-faults.ts. */
    body: bodyFaultSchema.optional(),
    message: str.optional(),
    /** HTTP status; defaults to what the service returns for that error in its protocol. */
    status: z.number().int().min(400).max(599).optional(),
    /** Let this many matching requests through before the fault applies (e.g. 1: the second page of a listing fails). */
    after: z.number().int().nonnegative().optional(),
    /** Fail this many matching requests, then succeed; omitted = always fail. */
    times: z.number().int().positive().optional(),
    /** Seconds, sent as a Retry-After header. */
    retryAfter: z.number().int().nonnegative().optional(),
    /** Transport faults (hang, reset, redirect, repeatToken); see transport-faults.ts. */
    ...transportFaultFields,
  })
  .refine((fault) => fault.error !== undefined || fault.body !== undefined || isTransportFault(fault), {
    message: 'a fault needs an error code, a body or a transport fault',
  });
export type AwsFault = z.output<typeof faultSchema>;

// ---------------------------------------------------------------------------------------------
// Regions and the account

const list = <T extends z.ZodType>(item: T) => z.array(item).default(() => []);

export const regionEstateSchema = z
  .strictObject({
    guardrails: list(guardrailSchema),
    enforcedGuardrails: list(enforcedGuardrailSchema),
    /** null or omitted = invocation logging not configured (GetModelInvocationLoggingConfiguration returns `{}`). */
    invocationLogging: loggingConfigSchema.nullable().default(null),
    agents: list(agentSchema),
    knowledgeBases: list(z.strictObject({ knowledgeBase: knowledgeBaseSchema, dataSources: list(dataSourceSchema) })),
    customModels: list(customModelSchema),
    importedModels: list(importedModelSchema),
    provisionedThroughputs: list(provisionedThroughputSchema),
    inferenceProfiles: list(inferenceProfileSchema),
    metrics: list(metricSchema),
    /** Usage the fake publishes as CloudWatch series (added to `metrics`). */
    usage: usageSchema.optional(),
    alarms: z
      .strictObject({ MetricAlarms: list(metricAlarmSchema), CompositeAlarms: list(compositeAlarmSchema), LogAlarms: list(logAlarmSchema) })
      .prefault({}),
    configRecorders: list(z.strictObject({ recorder: configRecorderSchema.prefault({}), status: configRecorderStatusSchema.prefault({}) })),
    /** Extra latency for every request signed for this region (added to the account's latencyMs). */
    latencyMs: z.number().int().nonnegative().optional(),
  })
  .superRefine((region, ctx) => {
    const unique = <T>(items: readonly T[], key: (item: T) => string, path: (index: number) => (string | number)[], what: string) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        const value = key(item);
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: path(index), message: `duplicate ${what} ${value}` });
        seen.add(value);
      });
    };
    unique(
      region.guardrails,
      (g) => g.id,
      (i) => ['guardrails', i, 'id'],
      'guardrail id',
    );
    unique(
      region.agents,
      (a) => a.agentId,
      (i) => ['agents', i, 'agentId'],
      'agent id',
    );
    unique(
      region.knowledgeBases,
      (k) => k.knowledgeBase.knowledgeBaseId,
      (i) => ['knowledgeBases', i, 'knowledgeBase', 'knowledgeBaseId'],
      'knowledge base id',
    );
    unique(
      region.customModels,
      (m) => m.modelName,
      (i) => ['customModels', i, 'modelName'],
      'custom model name',
    );
    unique(
      region.alarms.MetricAlarms,
      (a) => a.AlarmName,
      (i) => ['alarms', 'MetricAlarms', i, 'AlarmName'],
      'alarm name',
    );
    unique(
      region.configRecorders,
      (r) => r.recorder.name ?? 'default',
      (i) => ['configRecorders', i, 'recorder', 'name'],
      'configuration recorder',
    );
  });
export type AwsRegionEstate = z.output<typeof regionEstateSchema>;

/** Which Bedrock resources a region holds (used to check it is a Bedrock region). */
export function regionHasBedrockResources(region: AwsRegionEstate): boolean {
  return (
    region.guardrails.length +
      region.enforcedGuardrails.length +
      region.agents.length +
      region.knowledgeBases.length +
      region.customModels.length +
      region.importedModels.length +
      region.provisionedThroughputs.length +
      region.inferenceProfiles.length >
      0 || region.invocationLogging !== null
  );
}

export function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}

// ---------------------------------------------------------------------------------------------
// AWS Organizations: the management account's member accounts, their roles and estates

/** ListAccounts `State` (the retired `Status` has only ACTIVE, SUSPENDED and PENDING_CLOSURE). */
export const organizationAccountStates = ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'] as const;
export type OrganizationAccountState = (typeof organizationAccountStates)[number];

/** The member role every member account has unless its `role.name` says otherwise. */
export const defaultMemberRoleName = 'AiPostureReadOnly';

/** An IAM role name, optionally under a path (`path/Name`). */
export const roleNamePattern = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** `sts:ExternalId`: 2–1,224 characters (IAM quotas). */
export const externalIdPattern = /^[\w+=,.@:/-]{2,1224}$/;

/** What the member role of one account lets a scanner do (its trust policy and MaxSessionDuration). */
export const memberRoleSchema = z.strictObject({
  /** The role's name (default: the organisation's `roleName`, else AiPostureReadOnly). Any other role name is AccessDenied. */
  name: z.string().regex(roleNamePattern, 'expected an IAM role name such as AiPostureReadOnly').optional(),
  /** false: every AssumeRole into the account is AccessDenied (the role does not trust the scanner, or was never deployed). */
  assumable: bool.default(true),
  /** The `sts:ExternalId` the trust policy requires; a request without it or with another is AccessDenied. */
  externalId: z.string().regex(externalIdPattern, 'expected 2-1224 characters of [\\w+=,.@:/-]').optional(),
  /** The role's MaxSessionDuration in seconds (1-12 h): a longer DurationSeconds is a ValidationError. */
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  /**
   * Fake-cloud only: the issued credentials expire after this many seconds, whatever
   * DurationSeconds asked for (tests of refreshing before expiry; AWS never goes below 900 s).
   */
  credentialLifetimeSeconds: z.number().positive().optional(),
});
export type AwsMemberRole = z.output<typeof memberRoleSchema>;

/** The organisation membership of an account: what DescribeEffectivePolicy answers for it. */
const membershipFields = {
  /** The effective BEDROCK_POLICY document (an object, or its JSON text). */
  bedrockPolicy: z.union([blob, z.string()]).optional(),
  lastUpdatedTimestamp: timestampSchema.optional(),
};

/** What one AWS account looks like; the top-level estate adds its `accountId` and may be an organisation's management account. */
const accountFields = {
  /** GetCallerIdentity; defaults to an assumed-role session in the account. */
  identity: z.strictObject({ arn: str.optional(), userId: str.optional() }).optional(),
  /** Regions DescribeRegions reports as enabled (AllRegions=false). */
  enabledRegions: z
    .array(regionNameSchema)
    .min(1)
    .default(() => [...defaultEnabledRegions]),
  /** Regions where Bedrock is offered (the SSM global-infrastructure parameters). */
  bedrockRegions: z.array(regionNameSchema).default(() => [...defaultBedrockRegions]),
  regions: z.record(regionNameSchema, regionEstateSchema).default(() => ({})),
  trails: list(trailEntrySchema),
  faults: list(faultSchema),
  /** Largest page any paginated operation returns (forces pagination). */
  pageSize: z.number().int().positive().optional(),
  /** Latency added to every response, in milliseconds. */
  latencyMs: z.number().int().nonnegative().optional(),
};

interface AccountShape {
  enabledRegions: string[];
  bedrockRegions: string[];
  regions: Record<string, AwsRegionEstate>;
  trails: AwsTrailEntry[];
}

/** Cross-field checks of one account: its regions are enabled, Bedrock resources sit where Bedrock is offered, trails are unique. */
function checkAccount(estate: AccountShape, ctx: z.RefinementCtx, at: (string | number)[] = []): void {
  const enabled = new Set(estate.enabledRegions);
  const bedrock = new Set(estate.bedrockRegions);
  for (const [name, region] of Object.entries(estate.regions)) {
    if (!enabled.has(name)) ctx.addIssue({ code: 'custom', path: [...at, 'regions', name], message: `region ${name} is not in enabledRegions` });
    else if (regionHasBedrockResources(region) && !bedrock.has(name)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'regions', name], message: `region ${name} has Bedrock resources but is not in bedrockRegions` });
    }
  }
  const trailNames = new Set<string>();
  estate.trails.forEach((entry, index) => {
    const home = entry.trail.HomeRegion ?? regionOfArn(entry.trail.TrailARN);
    if (home !== undefined && !enabled.has(home)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'trails', index, 'trail', 'HomeRegion'], message: `trail home region ${home} is not in enabledRegions` });
    }
    const key = `${home}/${entry.trail.Name}`;
    if (trailNames.has(key))
      ctx.addIssue({ code: 'custom', path: [...at, 'trails', index, 'trail', 'Name'], message: `duplicate trail ${entry.trail.Name} in ${home}` });
    trailNames.add(key);
  });
}

/**
 * A member account's estate: the same shape as a single account's, without `accountId` (the
 * member's `Id`). Its `organization` is its membership (default: a member without an effective
 * BEDROCK_POLICY); `delegatedAdministrator: true` lets its principals call ListAccounts.
 */
export const memberEstateSchema = z
  .strictObject({
    ...accountFields,
    organization: z.strictObject({ ...membershipFields, delegatedAdministrator: bool.optional() }).prefault({}),
  })
  .superRefine((estate, ctx) => checkAccount(estate, ctx));
export type AwsMemberEstate = z.output<typeof memberEstateSchema>;

/**
 * One member account as ListAccounts lists it (member names as the API spells them, so `aws
 * organizations list-accounts` output can be pasted in), plus its member role and its estate.
 */
export const organizationAccountSchema = z.strictObject({
  Id: accountIdSchema,
  /** Defaults to `account-<Id>`. */
  Name: z.string().min(1).max(50).optional(),
  /** Defaults to `aws+<Id>@example.com`. */
  Email: str.optional(),
  /** Defaults to arn:aws:organizations::<management>:account/<organization id>/<Id>. */
  Arn: str.optional(),
  State: z.enum(organizationAccountStates).default('ACTIVE'),
  /** Retired on 2026-09-09 (use State); derived from State when omitted. */
  Status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).optional(),
  JoinedMethod: z.enum(['CREATED', 'INVITED']).default('CREATED'),
  JoinedTimestamp: timestampSchema.optional(),
  /** The member role (default: assumable, no external id, 1 h sessions). */
  role: memberRoleSchema.prefault({}),
  /** What the account holds (default: an empty account with every default region enabled). */
  estate: memberEstateSchema.prefault({}),
});
export type AwsOrganizationAccount = z.output<typeof organizationAccountSchema>;

export const awsEstateSchema = z
  .strictObject({
    accountId: accountIdSchema,
    ...accountFields,
    /**
     * The account's AWS Organizations membership. Omitted or null: not in an organisation
     * (DescribeEffectivePolicy and ListAccounts → AWSOrganizationsNotInUseException). Present
     * without bedrockPolicy: EffectivePolicyNotFoundException. With `accounts`, this account is
     * the organisation's management account: ListAccounts lists it and its members, AssumeRole
     * issues sessions in the members, and each request is served from the estate of the account
     * its access key belongs to (any key AssumeRole did not issue is this account's own).
     * Without `accounts`, ListAccounts is AccessDeniedException (a member account).
     */
    organization: z
      .strictObject({
        ...membershipFields,
        /** The organisation id (default derived from the management account id). */
        id: z
          .string()
          .regex(/^o-[a-z0-9]{10,32}$/, 'expected an organization id such as o-a1b2c3d4e5')
          .optional(),
        /** This (management) account's own `Name` and `Email` in ListAccounts. */
        name: z.string().min(1).max(50).optional(),
        email: str.optional(),
        /** The member accounts. */
        accounts: z.array(organizationAccountSchema).optional(),
        /** The member role's name in every member account that does not name its own (default AiPostureReadOnly). */
        roleName: z.string().regex(roleNamePattern, 'expected an IAM role name such as AiPostureReadOnly').optional(),
        /** ListAccounts page size (Organizations' own maximum is 20). */
        pageSize: z.number().int().min(1).max(20).optional(),
        /** ListAccounts answers an empty page (with a NextToken) between two pages of accounts, as Organizations may. */
        emptyPages: bool.optional(),
      })
      .nullable()
      .default(null),
    /**
     * Throttling of every account of the estate (see throttling.ts): one token bucket per account ×
     * region × service (Organizations: one for the organisation, in us-east-1; STS: the caller's
     * account); `overrides` by service name. Throttled answers are each protocol's own:
     * `ThrottlingException` (429 in restJson1, 400 in JSON protocols), `Throttling` (STS,
     * CloudWatch), `TooManyRequestsException` (Organizations, 400), `RequestLimitExceeded` (EC2, 503).
     */
    ...throttlingFields,
  })
  .superRefine((estate, ctx) => {
    checkAccount(estate, ctx);
    const seen = new Set<string>([estate.accountId]);
    (estate.organization?.accounts ?? []).forEach((account, index) => {
      if (seen.has(account.Id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['organization', 'accounts', index, 'Id'],
          message: account.Id === estate.accountId ? `account ${account.Id} is the management account itself` : `duplicate account ${account.Id}`,
        });
      }
      seen.add(account.Id);
    });
  });

/** A validated AWS estate (defaults applied, timestamps as Dates). */
export type AwsEstate = z.output<typeof awsEstateSchema>;
/** What an estate file or test may write (before defaults). A parsed `AwsEstate` is also accepted. */
export type AwsEstateInput = z.input<typeof awsEstateSchema>;

/** One account of an estate as the fake cloud serves it: the management (or only) account, or a member with its `Id` as `accountId`. */
export type AwsAccountEstate = Omit<AwsEstate, 'organization'> & {
  organization: (Pick<NonNullable<AwsEstate['organization']>, 'bedrockPolicy' | 'lastUpdatedTimestamp'> & { delegatedAdministrator?: boolean }) | null;
};
