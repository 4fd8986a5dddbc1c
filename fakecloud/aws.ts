/**
 * Fake AWS: serves one AWS estate over the real wire protocols, so the unmodified AWS SDK v3
 * clients work against it when pointed at it with `AWS_ENDPOINT_URL` or the `endpoint` option.
 *
 * Every service shares one port. A request is routed by its SigV4 credential scope
 * (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`) plus `X-Amz-Target` (JSON RPC), the
 * `Action` form field (query protocols) or the REST path (Bedrock and Bedrock Agent both sign as
 * `bedrock` and are told apart by path). Routes, member names, pagination tokens and error
 * formats follow the SDK's generated operation schemas (`@aws-sdk/client-*`/dist-cjs).
 *
 * | service        | protocol                                         | operations |
 * |----------------|--------------------------------------------------|------------|
 * | sts            | awsQuery (XML)                                   | GetCallerIdentity, AssumeRole |
 * | ec2            | ec2Query (XML)                                   | DescribeRegions |
 * | ssm            | awsJson1.1 `AmazonSSM.`                          | GetParametersByPath |
 * | bedrock        | restJson1                                        | ListGuardrails, GetGuardrail, ListTagsForResource, GetModelInvocationLoggingConfiguration, ListEnforcedGuardrailsConfiguration, ListCustomModels, GetCustomModel, ListImportedModels, ListProvisionedModelThroughputs, ListInferenceProfiles |
 * | bedrock-agent  | restJson1                                        | ListAgents, GetAgent, ListKnowledgeBases, GetKnowledgeBase, ListDataSources, GetDataSource |
 * | cloudtrail     | awsJson1.1 `CloudTrail_20131101.`                | DescribeTrails, GetTrailStatus, GetEventSelectors |
 * | cloudwatch     | awsJson1.0 `GraniteServiceVersion20100801.` (awsQueryCompatible) | DescribeAlarms, ListMetrics, GetMetricData |
 * | config-service | awsJson1.1 `StarlingDoveService.`                | DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus |
 * | organizations  | awsJson1.1 `AWSOrganizationsV20161128.`          | DescribeEffectivePolicy, ListAccounts |
 *
 * An estate whose `organization` lists member `accounts` is an AWS Organization (see aws-org.ts):
 * AssumeRole issues sessions in the member accounts, and every request is served from the estate
 * of the account its access key belongs to (any key AssumeRole did not issue is the management
 * account's). Each account has its own regions, resources and faults.
 *
 * Anything else is answered with 400 `UnknownOperationException` in the protocol's error format
 * and reported through `onUnknownOperation`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  awsEstateSchema,
  defaultEnabledRegions,
  type AwsAccountEstate,
  optInRegions,
  regionOfArn,
  type AwsAgent,
  type AwsCompositeAlarm,
  type AwsConfigRecorder,
  type AwsConfigRecorderStatus,
  type AwsCustomModel,
  type AwsDataSource,
  type AwsEstate,
  type AwsEstateInput,
  type AwsEventSelectors,
  type AwsFault,
  type AwsGuardrailVersion,
  type AwsImportedModel,
  type AwsInferenceProfile,
  type AwsKnowledgeBase,
  type AwsMetric,
  type AwsUsage,
  usageSpanDays,
  type AwsLogAlarm,
  type AwsMetricAlarm,
  type AwsProvisionedThroughput,
  type AwsRegionEstate,
  type AwsServiceName,
  type AwsTrail,
  type AwsTrailStatus,
} from './aws-estate.ts';
import type { FakeRequest, FakeResponse, FakeResult, ProviderHandler } from './server.ts';
import { FakeOrganization, type ApiFailure, type FakeCaller, type FakeSession } from './aws-org.ts';
import { withBodyFault, type BodyFault } from './body-faults.ts';
import { applyTransportFault, TransportFault } from './transport-faults.ts';
import { Throttler, type ThrottleCause } from './throttling.ts';

// ---------------------------------------------------------------------------------------------
// Protocols and errors

type Protocol = 'restJson1' | 'awsJson1_0' | 'awsJson1_1' | 'awsQuery' | 'ec2Query';

/** An error answered in the protocol's wire format. */
export class AwsApiError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;
  constructor(code: string, message: string, status?: number, retryAfter?: number) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/**
 * HTTP statuses the SDK models (`httpError` trait of the error schemas) for the errors this fake
 * sends. Organizations is deliberately absent: its API reference documents HTTP 400 for every
 * error, although the SDK model now says 403/404 (the SDK does not use the status to identify
 * the error). Checked against the SDK in tests/fakecloud/aws.test.ts.
 */
export const modelledErrorStatus: Partial<Record<AwsServiceName, Record<string, number>>> = {
  bedrock: {
    AccessDeniedException: 403,
    ConflictException: 400,
    InternalServerException: 500,
    ResourceInUseException: 400,
    ResourceNotFoundException: 404,
    ServiceQuotaExceededException: 400,
    ServiceUnavailableException: 503,
    ThrottlingException: 429,
    TooManyTagsException: 400,
    ValidationException: 400,
  },
  'bedrock-agent': {
    AccessDeniedException: 403,
    ConflictException: 409,
    InternalServerException: 500,
    ResourceNotFoundException: 404,
    ServiceQuotaExceededException: 402,
    ThrottlingException: 429,
    ValidationException: 400,
  },
  cloudtrail: {
    AccessDeniedException: 403,
    TrailNotFoundException: 404,
    InvalidTrailNameException: 400,
    CloudTrailARNInvalidException: 400,
    InvalidParameterException: 400,
    OperationNotPermittedException: 400,
    UnsupportedOperationException: 400,
  },
  cloudwatch: { InvalidNextToken: 400, InvalidParameterValueException: 400, InvalidParameterCombinationException: 400, ResourceNotFound: 404 },
};

/** awsQuery error codes CloudWatch (awsQueryCompatible) puts in `x-amzn-query-error`, per the SDK's `awsQueryError` traits. */
const cloudWatchQueryCodes: Record<string, string> = {
  InvalidParameterValueException: 'InvalidParameterValue',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  InvalidNextToken: 'InvalidNextToken',
  ResourceNotFound: 'ResourceNotFound',
};

/** The error each service answers when a request is throttled (its protocol sets the status: 429, 400, EC2 503). */
const throttlingCode: Record<AwsServiceName, string> = {
  sts: 'Throttling',
  ec2: 'RequestLimitExceeded',
  ssm: 'ThrottlingException',
  bedrock: 'ThrottlingException',
  'bedrock-agent': 'ThrottlingException',
  cloudtrail: 'ThrottlingException',
  cloudwatch: 'Throttling',
  'config-service': 'ThrottlingException',
  organizations: 'TooManyRequestsException',
};

const throttlingCodes =
  /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled|RequestThrottledException|SlowDown|ThrottledException|LimitExceededException)$/;

export function defaultErrorStatus(service: AwsServiceName, protocol: Protocol, code: string): number {
  if (/^(InternalServer|InternalFailure|InternalError|ServiceException$)/.test(code)) return 500;
  if (/^ServiceUnavailable/.test(code)) return 503;
  if (throttlingCodes.test(code)) return protocol === 'restJson1' ? 429 : service === 'ec2' ? 503 : 400;
  if (service === 'organizations') return 400;
  const modelled = modelledErrorStatus[service]?.[code];
  if (modelled !== undefined) return modelled;
  if (code === 'UnrecognizedClientException' || code === 'UnauthorizedOperation' || code === 'AccessDenied') return 403;
  if (/AccessDenied/.test(code)) return protocol === 'restJson1' || protocol === 'awsQuery' || protocol === 'ec2Query' ? 403 : 400;
  if (/NotFound/.test(code) && protocol === 'restJson1') return 404;
  return 400;
}

/** IAM action prefix per service, for realistic AccessDenied messages. */
const iamPrefix: Record<AwsServiceName, string> = {
  sts: 'sts',
  ec2: 'ec2',
  ssm: 'ssm',
  bedrock: 'bedrock',
  'bedrock-agent': 'bedrock',
  cloudtrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  'config-service': 'config',
  organizations: 'organizations',
};

/** Which validation error each service returns for bad input. */
const validationCode: Record<AwsServiceName, string> = {
  sts: 'ValidationError',
  ec2: 'InvalidParameterValue',
  ssm: 'ValidationException',
  bedrock: 'ValidationException',
  'bedrock-agent': 'ValidationException',
  cloudtrail: 'InvalidParameterException',
  cloudwatch: 'InvalidParameterValueException',
  'config-service': 'ValidationException',
  organizations: 'InvalidInputException',
};

const invalidTokenCode: Record<AwsServiceName, string> = {
  ...validationCode,
  ssm: 'InvalidNextToken',
  cloudwatch: 'InvalidNextToken',
  cloudtrail: 'InvalidNextTokenException',
  'config-service': 'InvalidNextTokenException',
};

// ---------------------------------------------------------------------------------------------
// Serialisation

/** JSON with Dates as RFC 3339 strings (restJson1) or epoch seconds (awsJson 1.0/1.1). */
function toJson(value: unknown, dates: 'iso' | 'epoch'): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, current: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return dates === 'iso' ? raw.toISOString() : raw.getTime() / 1000;
    return current;
  });
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function xml(name: string, content: string | number | boolean | Date | undefined): string {
  if (content === undefined) return '';
  const text = content instanceof Date ? content.toISOString() : typeof content === 'string' ? xmlEscape(content) : String(content);
  return `<${name}>${text}</${name}>`;
}

const xmlNamespaces = { sts: 'https://sts.amazonaws.com/doc/2011-06-15/', ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/' } as const;

const jsonTargets: Record<string, { service: AwsServiceName; protocol: Protocol }> = {
  AmazonSSM: { service: 'ssm', protocol: 'awsJson1_1' },
  CloudTrail_20131101: { service: 'cloudtrail', protocol: 'awsJson1_1' },
  GraniteServiceVersion20100801: { service: 'cloudwatch', protocol: 'awsJson1_0' },
  StarlingDoveService: { service: 'config-service', protocol: 'awsJson1_1' },
  AWSOrganizationsV20161128: { service: 'organizations', protocol: 'awsJson1_1' },
};

/** SigV4 signing names → services (bedrock-agent also signs as `bedrock`). */
const signingNames: Record<string, AwsServiceName> = {
  sts: 'sts',
  ec2: 'ec2',
  ssm: 'ssm',
  bedrock: 'bedrock',
  cloudtrail: 'cloudtrail',
  monitoring: 'cloudwatch',
  config: 'config-service',
  organizations: 'organizations',
};

/** Services that answer in every region regardless of enablement (global endpoints). */
const globalServices = new Set<AwsServiceName>(['sts', 'organizations']);

// ---------------------------------------------------------------------------------------------
// The served world: the estate with identifiers, ARNs and defaults filled in

const defaultCreatedAt = new Date('2025-03-03T10:15:00Z');
const defaultUpdatedAt = new Date('2025-06-02T14:30:00Z');

type Filled<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

type GuardrailVersionView = Filled<
  AwsGuardrailVersion,
  'name' | 'guardrailId' | 'guardrailArn' | 'status' | 'createdAt' | 'updatedAt' | 'blockedInputMessaging' | 'blockedOutputsMessaging'
>;
interface GuardrailView {
  id: string;
  arn: string;
  tags: Record<string, string>;
  /** DRAFT first, then numbered versions in ascending order. */
  versions: GuardrailVersionView[];
}
type AgentView = Filled<AwsAgent, 'agentArn' | 'agentVersion' | 'agentStatus' | 'agentResourceRoleArn' | 'createdAt' | 'updatedAt' | 'idleSessionTTLInSeconds'>;
type KnowledgeBaseView = Filled<AwsKnowledgeBase, 'knowledgeBaseArn' | 'roleArn' | 'knowledgeBaseConfiguration' | 'status' | 'createdAt' | 'updatedAt'>;
type DataSourceView = Filled<AwsDataSource, 'knowledgeBaseId' | 'status' | 'dataSourceConfiguration' | 'createdAt' | 'updatedAt'>;
type CustomModelView = Filled<AwsCustomModel, 'modelArn' | 'creationTime' | 'customizationType' | 'modelStatus' | 'ownerAccountId'>;
type ProvisionedView = Filled<
  AwsProvisionedThroughput,
  'provisionedModelArn' | 'status' | 'modelUnits' | 'desiredModelUnits' | 'desiredModelArn' | 'foundationModelArn' | 'creationTime' | 'lastModifiedTime'
>;
type ProfileView = Filled<AwsInferenceProfile, 'inferenceProfileArn' | 'inferenceProfileId' | 'status' | 'type' | 'models'>;
type AlarmView =
  { kind: 'MetricAlarm'; alarm: AwsMetricAlarm } | { kind: 'CompositeAlarm'; alarm: AwsCompositeAlarm } | { kind: 'LogAlarm'; alarm: AwsLogAlarm };
interface RecorderView {
  recorder: Filled<AwsConfigRecorder, 'name' | 'arn' | 'roleARN'>;
  status: AwsConfigRecorderStatus;
}
interface TrailView {
  trail: Filled<AwsTrail, 'HomeRegion' | 'TrailARN' | 'IsMultiRegionTrail'>;
  status: AwsTrailStatus;
  eventSelectors: AwsEventSelectors;
}

interface RegionView {
  name: string;
  guardrails: GuardrailView[];
  enforced: Record<string, unknown>[];
  logging: AwsRegionEstate['invocationLogging'];
  agents: AgentView[];
  knowledgeBases: { knowledgeBase: KnowledgeBaseView; dataSources: DataSourceView[] }[];
  customModels: CustomModelView[];
  importedModels: Filled<AwsImportedModel, 'modelArn' | 'creationTime'>[];
  provisioned: ProvisionedView[];
  profiles: ProfileView[];
  metrics: AwsRegionEstate['metrics'];
  alarms: AlarmView[];
  recorders: RecorderView[];
  latencyMs: number;
}

/** A short stable identifier derived from text (for ARNs the estate leaves out). */
function shortId(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function versionOrder(version: string): number {
  return version === 'DRAFT' ? 0 : Number(version);
}

function buildRegion(estate: AwsAccountEstate, name: string, region: AwsRegionEstate): RegionView {
  const account = estate.accountId;
  const arnPrefix = `arn:aws:bedrock:${name}:${account}`;
  const guardrails = region.guardrails.map((guardrail): GuardrailView => {
    const arn = guardrail.arn ?? `${arnPrefix}:guardrail/${guardrail.id}`;
    const fill = (version: AwsGuardrailVersion): GuardrailVersionView => ({
      ...version,
      name: version.name ?? guardrail.name,
      guardrailId: guardrail.id,
      guardrailArn: arn,
      status: version.status ?? 'READY',
      createdAt: version.createdAt ?? defaultCreatedAt,
      updatedAt: version.updatedAt ?? version.createdAt ?? defaultUpdatedAt,
      blockedInputMessaging: version.blockedInputMessaging ?? 'Sorry, the model cannot answer this question.',
      blockedOutputsMessaging: version.blockedOutputsMessaging ?? 'Sorry, the model cannot answer this question.',
    });
    const versions = guardrail.versions.map(fill).sort((a, b) => versionOrder(a.version) - versionOrder(b.version));
    const first = versions[0];
    if (first !== undefined && first.version !== 'DRAFT') {
      const latest = versions[versions.length - 1] ?? first;
      versions.unshift({ ...latest, version: 'DRAFT' });
    }
    return { id: guardrail.id, arn, tags: guardrail.tags ?? {}, versions };
  });

  const enforced = region.enforcedGuardrails.map((config, index): Record<string, unknown> => {
    const guardrailId = config.guardrailId ?? config.guardrailArn?.split('/').pop()?.split(':')[0] ?? '';
    return {
      ...config,
      configId: config.configId ?? shortId(`${account}/${name}/enforced/${index}`, 10),
      guardrailId,
      guardrailArn: config.guardrailArn ?? `${arnPrefix}:guardrail/${guardrailId}`,
      owner: config.owner ?? 'ACCOUNT',
      createdAt: config.createdAt ?? defaultCreatedAt,
      createdBy: config.createdBy ?? `arn:aws:sts::${account}:assumed-role/Admin/platform-admin`,
      updatedAt: config.updatedAt ?? config.createdAt ?? defaultUpdatedAt,
      updatedBy: config.updatedBy ?? config.createdBy ?? `arn:aws:sts::${account}:assumed-role/Admin/platform-admin`,
    };
  });

  const agents = region.agents.map((agent): AgentView => ({
    ...agent,
    agentArn: agent.agentArn ?? `${arnPrefix}:agent/${agent.agentId}`,
    agentVersion: agent.agentVersion ?? 'DRAFT',
    agentStatus: agent.agentStatus ?? 'PREPARED',
    agentResourceRoleArn: agent.agentResourceRoleArn ?? `arn:aws:iam::${account}:role/service-role/AmazonBedrockExecutionRoleForAgents_${agent.agentId}`,
    idleSessionTTLInSeconds: agent.idleSessionTTLInSeconds ?? 600,
    createdAt: agent.createdAt ?? defaultCreatedAt,
    updatedAt: agent.updatedAt ?? defaultUpdatedAt,
  }));

  const knowledgeBases = region.knowledgeBases.map(({ knowledgeBase, dataSources }) => {
    const kbId = knowledgeBase.knowledgeBaseId;
    return {
      knowledgeBase: {
        ...knowledgeBase,
        knowledgeBaseArn: knowledgeBase.knowledgeBaseArn ?? `${arnPrefix}:knowledge-base/${kbId}`,
        roleArn: knowledgeBase.roleArn ?? `arn:aws:iam::${account}:role/service-role/AmazonBedrockExecutionRoleForKnowledgeBase_${kbId}`,
        knowledgeBaseConfiguration: knowledgeBase.knowledgeBaseConfiguration ?? {
          type: 'VECTOR',
          vectorKnowledgeBaseConfiguration: { embeddingModelArn: `arn:aws:bedrock:${name}::foundation-model/amazon.titan-embed-text-v2:0` },
        },
        status: knowledgeBase.status ?? 'ACTIVE',
        createdAt: knowledgeBase.createdAt ?? defaultCreatedAt,
        updatedAt: knowledgeBase.updatedAt ?? defaultUpdatedAt,
      },
      dataSources: dataSources.map((source): DataSourceView => ({
        ...source,
        knowledgeBaseId: kbId,
        status: source.status ?? 'AVAILABLE',
        dataSourceConfiguration: source.dataSourceConfiguration ?? {
          type: 'S3',
          s3Configuration: { bucketArn: `arn:aws:s3:::kb-source-${account}-${kbId.toLowerCase()}` },
        },
        createdAt: source.createdAt ?? defaultCreatedAt,
        updatedAt: source.updatedAt ?? defaultUpdatedAt,
      })),
    };
  });

  const customModels = region.customModels.map((model): CustomModelView => ({
    ...model,
    modelArn: model.modelArn ?? `${arnPrefix}:custom-model/${shortId(`${account}/${name}/${model.modelName}`)}`,
    creationTime: model.creationTime ?? defaultCreatedAt,
    customizationType: model.customizationType ?? 'FINE_TUNING',
    modelStatus: model.modelStatus ?? 'Active',
    ownerAccountId: model.ownerAccountId ?? account,
  }));

  const provisioned = region.provisionedThroughputs.map((entry): ProvisionedView => ({
    ...entry,
    provisionedModelArn: entry.provisionedModelArn ?? `${arnPrefix}:provisioned-model/${shortId(`${account}/${name}/${entry.provisionedModelName}`)}`,
    status: entry.status ?? 'InService',
    modelUnits: entry.modelUnits ?? 1,
    desiredModelUnits: entry.desiredModelUnits ?? entry.modelUnits ?? 1,
    desiredModelArn: entry.desiredModelArn ?? entry.modelArn,
    foundationModelArn: entry.foundationModelArn ?? entry.modelArn,
    creationTime: entry.creationTime ?? defaultCreatedAt,
    lastModifiedTime: entry.lastModifiedTime ?? entry.creationTime ?? defaultUpdatedAt,
  }));

  const profiles = region.inferenceProfiles.map((profile): ProfileView => {
    const type = profile.type ?? 'APPLICATION';
    const id =
      profile.inferenceProfileId ?? (type === 'APPLICATION' ? shortId(`${account}/${name}/${profile.inferenceProfileName}`) : profile.inferenceProfileName);
    return {
      ...profile,
      type,
      inferenceProfileId: id,
      inferenceProfileArn:
        profile.inferenceProfileArn ?? `${arnPrefix}:${type === 'APPLICATION' ? 'application-inference-profile' : 'inference-profile'}/${id}`,
      status: profile.status ?? 'ACTIVE',
      models: profile.models ?? [],
      createdAt: profile.createdAt ?? defaultCreatedAt,
      updatedAt: profile.updatedAt ?? defaultUpdatedAt,
    };
  });

  const alarmArn = (alarmName: string) => `arn:aws:cloudwatch:${name}:${account}:alarm:${alarmName}`;
  const fillAlarm = <T extends AwsMetricAlarm | AwsCompositeAlarm | AwsLogAlarm>(alarm: T): T => ({
    ...alarm,
    AlarmArn: alarm.AlarmArn ?? alarmArn(alarm.AlarmName),
    ActionsEnabled: alarm.ActionsEnabled ?? true,
    OKActions: alarm.OKActions ?? [],
    AlarmActions: alarm.AlarmActions ?? [],
    InsufficientDataActions: alarm.InsufficientDataActions ?? [],
    StateValue: alarm.StateValue ?? 'OK',
    StateReason: alarm.StateReason ?? 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
    AlarmConfigurationUpdatedTimestamp: alarm.AlarmConfigurationUpdatedTimestamp ?? defaultCreatedAt,
    StateUpdatedTimestamp: alarm.StateUpdatedTimestamp ?? defaultUpdatedAt,
    StateTransitionedTimestamp: alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp ?? defaultUpdatedAt,
  });
  const byName = (a: AlarmView, b: AlarmView) => (a.alarm.AlarmName < b.alarm.AlarmName ? -1 : a.alarm.AlarmName > b.alarm.AlarmName ? 1 : 0);
  const alarms: AlarmView[] = [
    ...region.alarms.MetricAlarms.map((alarm): AlarmView => ({ kind: 'MetricAlarm', alarm: fillAlarm(alarm) })).sort(byName),
    ...region.alarms.CompositeAlarms.map((alarm): AlarmView => ({ kind: 'CompositeAlarm', alarm: fillAlarm(alarm) })).sort(byName),
    ...region.alarms.LogAlarms.map((alarm): AlarmView => ({ kind: 'LogAlarm', alarm: fillAlarm(alarm) })).sort(byName),
  ];

  const recorders = region.configRecorders.map(({ recorder, status }): RecorderView => {
    const recorderName = recorder.name ?? 'default';
    const arn = recorder.arn ?? `arn:aws:config:${name}:${account}:configuration-recorder/${recorderName}/${shortId(`${account}/${name}/${recorderName}`, 16)}`;
    const recording = status.recording ?? true;
    return {
      recorder: {
        ...recorder,
        name: recorderName,
        arn,
        roleARN: recorder.roleARN ?? `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: recorder.recordingGroup ?? {
          allSupported: true,
          includeGlobalResourceTypes: false,
          resourceTypes: [],
          exclusionByResourceTypes: { resourceTypes: [] },
          recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
        },
        recordingMode: recorder.recordingMode ?? { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
      },
      status: {
        ...status,
        arn: status.arn ?? arn,
        name: status.name ?? recorderName,
        recording,
        lastStatus: status.lastStatus ?? (recording ? 'Success' : 'Pending'),
        lastStartTime: status.lastStartTime ?? defaultCreatedAt,
        ...(recording ? {} : { lastStopTime: status.lastStopTime ?? defaultUpdatedAt }),
        lastStatusChangeTime: status.lastStatusChangeTime ?? defaultUpdatedAt,
      },
    };
  });

  return {
    name,
    guardrails,
    enforced,
    logging: region.invocationLogging,
    agents,
    knowledgeBases,
    customModels,
    importedModels: region.importedModels.map((model) => ({
      ...model,
      modelArn: model.modelArn ?? `${arnPrefix}:imported-model/${shortId(`${account}/${name}/${model.modelName}`)}`,
      creationTime: model.creationTime ?? defaultCreatedAt,
    })),
    provisioned,
    profiles,
    metrics: withUsage(
      region.metrics,
      region.usage,
      (guardrail) =>
        guardrails.find((g) => g.id === guardrail || g.arn === guardrail)?.arn ??
        (guardrail.startsWith('arn:') ? guardrail : `${arnPrefix}:guardrail/${guardrail}`),
    ),
    alarms,
    recorders,
    latencyMs: region.latencyMs ?? 0,
  };
}

function emptyRegion(estate: AwsAccountEstate, name: string): RegionView {
  return buildRegion(estate, name, regionDefaults);
}
const regionDefaults: AwsRegionEstate = {
  guardrails: [],
  enforcedGuardrails: [],
  invocationLogging: null,
  agents: [],
  knowledgeBases: [],
  customModels: [],
  importedModels: [],
  provisionedThroughputs: [],
  inferenceProfiles: [],
  metrics: [],
  alarms: { MetricAlarms: [], CompositeAlarms: [], LogAlarms: [] },
  configRecorders: [],
};

/**
 * The series AWS publishes for a region's usage (the `usage` key of the estate), added to the
 * listed `metrics` (a listed series with the same name and dimensions takes the usage's Sum).
 * Which dimension sets exist follows the guardrail metrics page
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html):
 * per guardrail version, in total and split by content source (Input/Output); text units and
 * interventions also per policy type; and the account-wide `Operation` aggregate.
 */
function withUsage(metrics: readonly AwsMetric[], usage: AwsUsage | undefined, arnOf: (guardrail: string) => string): AwsMetric[] {
  if (usage === undefined) return [...metrics];
  const added: AwsMetric[] = [];
  const series = (Namespace: string, MetricName: string, dims: Record<string, string>, Sum: number) =>
    added.push({ Namespace, MetricName, Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })), Sum });
  const total = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce<number>((sum, value) => sum + (value ?? 0), 0);
  for (const [ModelId, count] of Object.entries(usage.models)) series('AWS/Bedrock', 'Invocations', { ModelId }, count);
  let applyGuardrail = 0;
  for (const entry of usage.guardrails) {
    const guardrail = { GuardrailArn: arnOf(entry.guardrail), GuardrailVersion: entry.version };
    const ns = 'AWS/Bedrock/Guardrails';
    applyGuardrail += total(entry.invocations);
    series(ns, 'Invocations', guardrail, total(entry.invocations));
    series(ns, 'InvocationsIntervened', guardrail, total(entry.intervened));
    for (const source of ['Input', 'Output'] as const) {
      if (entry.invocations[source] !== undefined) series(ns, 'Invocations', { ...guardrail, GuardrailContentSource: source }, entry.invocations[source] ?? 0);
      if (entry.intervened[source] !== undefined)
        series(ns, 'InvocationsIntervened', { ...guardrail, GuardrailContentSource: source }, entry.intervened[source] ?? 0);
    }
    for (const [GuardrailPolicyType, units] of Object.entries(entry.textUnits)) series(ns, 'TextUnitCount', { ...guardrail, GuardrailPolicyType }, units ?? 0);
  }
  if (usage.guardrails.length > 0) series('AWS/Bedrock/Guardrails', 'Invocations', { Operation: 'ApplyGuardrail' }, applyGuardrail);
  const key = (metric: AwsMetric) =>
    `${metric.Namespace}|${metric.MetricName}|${(metric.Dimensions ?? [])
      .map((d) => `${d.Name}=${d.Value}`)
      .sort()
      .join('&')}`;
  const addedKeys = new Set(added.map(key));
  return [...metrics.filter((metric) => !addedKeys.has(key(metric))), ...added];
}

/**
 * The datapoints GetMetricData answers for one series: its `Sum` spread evenly over the
 * `usageSpanDays` before the last whole hour before `now`, summed per period from `start` (a bucket only where the span
 * overlaps it), whole numbers, oldest first.
 */
function seriesDatapoints(metric: AwsMetric, start: number, end: number, periodMs: number, now: number): Array<{ at: number; value: number }> {
  if (metric.Sum === undefined) return [];
  const spanMs = usageSpanDays * 86_400_000;
  // The span ends on the last whole hour: a window a little shorter or longer than the span (the
  // collector rounds its start to the hour) still sees every datapoint, whatever the time of the run.
  const dataEnd = Math.floor(now / 3_600_000) * 3_600_000;
  const spanStart = dataEnd - spanMs;
  const points: Array<{ at: number; value: number }> = [];
  // Rounded cumulatively, so the buckets of a whole span add up to exactly `Sum`.
  let covered = 0;
  for (let at = start; at < end; at += periodMs) {
    const overlap = Math.min(at + periodMs, end, dataEnd) - Math.max(at, spanStart);
    if (overlap <= 0) continue;
    const before = Math.round((metric.Sum * covered) / spanMs);
    covered += overlap;
    points.push({ at, value: Math.round((metric.Sum * covered) / spanMs) - before });
  }
  return points;
}

function buildTrails(estate: AwsAccountEstate): TrailView[] {
  return estate.trails.map(({ trail, status, eventSelectors }): TrailView => {
    const home = trail.HomeRegion ?? regionOfArn(trail.TrailARN) ?? 'us-east-1';
    const selectors = eventSelectors ?? {
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
    };
    const custom =
      selectors.AdvancedEventSelectors !== undefined ||
      (selectors.EventSelectors ?? []).some((s) => (s.DataResources ?? []).length > 0 || s.ReadWriteType !== 'All' || s.IncludeManagementEvents === false);
    return {
      trail: {
        ...trail,
        HomeRegion: home,
        TrailARN: trail.TrailARN ?? `arn:aws:cloudtrail:${home}:${estate.accountId}:trail/${trail.Name}`,
        S3BucketName: trail.S3BucketName ?? `aws-cloudtrail-logs-${estate.accountId}-${shortId(trail.Name, 8)}`,
        IncludeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? true,
        IsMultiRegionTrail: trail.IsMultiRegionTrail ?? false,
        LogFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
        HasCustomEventSelectors: trail.HasCustomEventSelectors ?? custom,
        HasInsightSelectors: trail.HasInsightSelectors ?? false,
        IsOrganizationTrail: trail.IsOrganizationTrail ?? false,
      },
      status: { ...status, IsLogging: status?.IsLogging ?? true },
      eventSelectors: selectors,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Request context and helpers

interface OperationContext {
  service: AwsServiceName;
  region: string;
  /** Who signed the request: this account's own principal, or a session AssumeRole issued in it. */
  caller: FakeCaller;
  /** The AssumeRole session the request was signed with, if any. */
  session: FakeSession | undefined;
  view: RegionView;
  /** restJson1 path labels, decoded. */
  labels: Record<string, string>;
  /** restJson1 query string. */
  query: URLSearchParams;
  /** JSON body (restJson1 POST and awsJson), `{}` when absent. */
  body: Record<string, unknown>;
  /** Form fields (query protocols). */
  form: URLSearchParams;
}
type Operation = (context: OperationContext) => unknown;

/** Validates operation input with zod; failures become the service's validation error. */
function input<T extends z.ZodType>(context: OperationContext, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? '' : issue.path.join('.');
  throw new AwsApiError(
    validationCode[context.service],
    `1 validation error detected: Value at '${where}' failed to satisfy constraint: ${issue?.message ?? 'invalid input'}`,
  );
}

const optionalInt = (min: number, max: number) => z.number().int().min(min).max(max).optional();
/** A query-string integer (restJson1 httpQuery members). */
const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();
const queryBool = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}

/** One account of the estate (the management or only account, or a member) over the wire protocols. */
class FakeAccount {
  readonly estate: AwsAccountEstate;
  private readonly organization: FakeOrganization;
  private readonly regions = new Map<string, RegionView>();
  private readonly trails: TrailView[];
  private readonly faultUses: number[];
  /** Matching requests seen per fault (for `after`). */
  private readonly faultMatches: number[];
  /** Set by `injectFault` when a `repeatToken` fault matches the request being served. */
  private repeatToken = false;
  private readonly onUnknownOperation: (info: { service: string; region: string; operation: string }) => void;
  /** The estate's throttling (shared by every account of it), when it has any. */
  private readonly throttler: Throttler | undefined;

  constructor(
    estate: AwsAccountEstate,
    organization: FakeOrganization,
    options: { onUnknownOperation?: (info: { service: string; region: string; operation: string }) => void; throttler?: Throttler } = {},
  ) {
    this.estate = estate;
    this.organization = organization;
    this.throttler = options.throttler;
    for (const [name, region] of Object.entries(this.estate.regions)) this.regions.set(name, buildRegion(this.estate, name, region));
    this.trails = buildTrails(this.estate);
    this.faultUses = this.estate.faults.map(() => 0);
    this.faultMatches = this.estate.faults.map(() => 0);
    this.onUnknownOperation =
      options.onUnknownOperation ??
      ((info) =>
        process.stderr.write(`[fakecloud] unknown AWS operation ${info.service} ${info.operation} (${info.region}) -> 400 UnknownOperationException\n`));
  }

  private region(name: string): RegionView {
    let view = this.regions.get(name);
    if (view === undefined) {
      view = emptyRegion(this.estate, name);
      this.regions.set(name, view);
    }
    return view;
  }

  private pageSize(requested: number | undefined, fallback: number): number {
    return Math.min(requested ?? fallback, this.estate.pageSize ?? Number.POSITIVE_INFINITY);
  }

  /** Slices one page; tokens are opaque and tied to the operation and region. */
  private paginate<T>(
    context: OperationContext,
    operation: string,
    items: readonly T[],
    token: string | undefined,
    size: number,
  ): { page: T[]; nextToken: string | undefined } {
    const key = `${operation}@${context.region}`;
    let offset = 0;
    if (token !== undefined && token !== '') {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      const match = /^(.*)\|(\d+)$/.exec(decoded);
      if (match === null || match[1] !== key) throw new AwsApiError(invalidTokenCode[context.service], 'The pagination token is invalid.');
      offset = Number(match[2]);
    }
    const page = items.slice(offset, offset + size);
    if (this.repeatToken) {
      // The token it was sent, or (first page) one for the rest: every later page names itself.
      const end = Math.min(offset + size, items.length);
      return { page, nextToken: token !== undefined && token !== '' ? token : Buffer.from(`${key}|${end}`, 'utf8').toString('base64url') };
    }
    const next = offset + size < items.length ? Buffer.from(`${key}|${offset + size}`, 'utf8').toString('base64url') : undefined;
    return { page, nextToken: next };
  }

  private accessDeniedMessage(caller: FakeCaller, service: AwsServiceName, operation: string): string {
    return `User: ${caller.arn} is not authorized to perform: ${iamPrefix[service]}:${operation} because no identity-based policy allows the ${iamPrefix[service]}:${operation} action`;
  }

  /** The principal signing with `session` (an AssumeRole session in this account), or the account's own. */
  private caller(session: FakeSession | undefined): FakeCaller {
    if (session !== undefined) return { account: this.estate.accountId, arn: session.assumedRoleArn, roleSession: true };
    const arn = this.estate.identity?.arn ?? `arn:aws:sts::${this.estate.accountId}:assumed-role/AiPostureReadOnly/aiposture-scan`;
    return { account: this.estate.accountId, arn, roleSession: /:assumed-role\//.test(arn) };
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  static matches(request: FakeRequest): boolean {
    const auth = header(request, 'authorization') ?? '';
    return (
      auth.startsWith('AWS4-HMAC-SHA256') ||
      header(request, 'x-amz-target') !== undefined ||
      header(request, 'amz-sdk-invocation-id') !== undefined ||
      header(request, 'x-amz-date') !== undefined
    );
  }

  /** Serves one request signed with `session` (undefined: the account's own credentials); `refused`: its key was refused (expired, no token). */
  async handle(request: FakeRequest, session?: FakeSession, refused?: ApiFailure): Promise<FakeResult> {
    const scope = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header(request, 'authorization') ?? '');
    const region = scope?.[1] ?? 'us-east-1';
    const signingName = scope?.[2];
    const resolved = this.resolve(request, signingName);
    const requestId = randomUUID();
    const { service, protocol, operation } = resolved;
    const key = this.throttlingKey(service, region);
    let throttled: ThrottleCause | undefined;
    const done = (response: FakeResult['response'], latencyMs = 0): FakeResult => ({
      response,
      service,
      region,
      operation,
      latencyMs,
      key,
      ...(throttled === undefined ? {} : { throttled }),
    });

    if (resolved.run === undefined) {
      this.onUnknownOperation({ service, region, operation });
      return done(this.errorResponse(service, protocol, requestId, new AwsApiError('UnknownOperationException', `Unknown operation ${operation}`, 400)));
    }

    const latencyMs = (this.estate.latencyMs ?? 0) + (this.regions.get(region)?.latencyMs ?? 0);
    try {
      if (refused !== undefined) throw refusal(refused, protocol);
      if (!globalServices.has(service) && !this.estate.enabledRegions.includes(region)) {
        throw new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
      }
      if ((service === 'bedrock' || service === 'bedrock-agent') && !this.estate.bedrockRegions.includes(region)) {
        // Bedrock is not offered here: real clients fail at DNS/connection level.
        return done(null, latencyMs);
      }
      const caller = this.caller(session);
      const decision = this.throttler?.check(key, service);
      if (decision !== undefined) {
        throttled = decision.cause;
        throw new AwsApiError(throttlingCode[service], 'Rate exceeded', undefined, decision.retryAfter ?? undefined);
      }
      const bodyFault = this.injectFault(caller, service, region, operation);
      const context: OperationContext = {
        service,
        region,
        caller,
        session,
        view: this.region(region),
        labels: resolved.labels,
        query: request.query,
        body: protocol === 'awsQuery' || protocol === 'ec2Query' ? {} : parseJsonBody(request.body, service),
        form: protocol === 'awsQuery' || protocol === 'ec2Query' ? new URLSearchParams(request.body.toString('utf8')) : new URLSearchParams(),
      };
      const output = resolved.run(context);
      return done(withBodyFault(this.successResponse(protocol, operation, requestId, output), bodyFault), latencyMs);
    } catch (error) {
      if (error instanceof AwsApiError) return done(this.errorResponse(service, protocol, requestId, error), latencyMs);
      if (error instanceof TransportFault) return done(error.response, latencyMs);
      throw error;
    }
  }

  /**
   * The token bucket a request counts against: account × region × service, as AWS counts; the
   * Organizations API has one for the whole organisation (a global service homed in us-east-1).
   */
  private throttlingKey(service: AwsServiceName, region: string): string {
    if (service === 'organizations') return `${this.organization.management.accountId}:us-east-1:organizations`;
    return `${this.estate.accountId}:${region}:${service}`;
  }

  /** Throws the first matching error fault; returns the first matching body fault, to apply to the answer. */
  private injectFault(caller: FakeCaller, service: AwsServiceName, region: string, operation: string): BodyFault | undefined {
    let bodyFault: BodyFault | undefined;
    this.repeatToken = false;
    this.estate.faults.forEach((fault: AwsFault, index) => {
      if (fault.region !== undefined && fault.region !== region) return;
      if (fault.service !== undefined && fault.service !== service) return;
      if (fault.operation !== undefined && fault.operation !== '*' && fault.operation !== operation) return;
      const matched = this.faultMatches[index] ?? 0;
      this.faultMatches[index] = matched + 1;
      if (fault.after !== undefined && matched < fault.after) return;
      if (fault.times !== undefined) {
        const used = this.faultUses[index] ?? 0;
        if (used >= fault.times) return;
        this.faultUses[index] = used + 1;
      }
      if (applyTransportFault(fault)) this.repeatToken = true;
      if (fault.error === undefined) {
        bodyFault ??= fault.body;
        return;
      }
      const message =
        fault.message ??
        (/AccessDenied|UnauthorizedOperation/.test(fault.error)
          ? this.accessDeniedMessage(caller, service, operation)
          : throttlingCodes.test(fault.error)
            ? 'Rate exceeded'
            : `Injected ${fault.error}`);
      throw new AwsApiError(fault.error, message, fault.status, fault.retryAfter);
    });
    return bodyFault;
  }

  private resolve(
    request: FakeRequest,
    signingName: string | undefined,
  ): { service: AwsServiceName; protocol: Protocol; operation: string; labels: Record<string, string>; run: Operation | undefined } {
    const target = header(request, 'x-amz-target');
    if (target !== undefined) {
      const dot = target.lastIndexOf('.');
      const prefix = target.slice(0, dot);
      const operation = target.slice(dot + 1);
      const known = jsonTargets[prefix];
      const service = known?.service ?? signingNames[signingName ?? ''] ?? 'sts';
      const protocol = known?.protocol ?? 'awsJson1_1';
      return {
        service,
        protocol,
        operation: known === undefined ? target : operation,
        labels: {},
        run: known === undefined ? undefined : this.jsonOperations[service]?.[operation],
      };
    }
    const contentType = header(request, 'content-type') ?? '';
    if (request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      const action = new URLSearchParams(request.body.toString('utf8')).get('Action') ?? '';
      const operation = action === '' ? 'UnknownAction' : action;
      if (signingName === 'ec2' || (signingName === undefined && action === 'DescribeRegions')) {
        return { service: 'ec2', protocol: 'ec2Query', operation, labels: {}, run: action === 'DescribeRegions' ? this.describeRegions : undefined };
      }
      const service = signingNames[signingName ?? 'sts'] ?? 'sts';
      return {
        service,
        protocol: 'awsQuery',
        operation,
        labels: {},
        run: service === 'sts' ? this.stsOperations[action] : undefined,
      };
    }
    const segments = request.path.split('/');
    for (const route of this.routes) {
      const labels = matchRoute(route.segments, segments);
      if (route.method === request.method && labels !== undefined)
        return { service: route.service, protocol: 'restJson1', operation: route.operation, labels, run: route.run };
    }
    const service: AwsServiceName = /^\/(agents|knowledgebases)\b/.test(request.path) ? 'bedrock-agent' : (signingNames[signingName ?? 'bedrock'] ?? 'bedrock');
    return { service, protocol: 'restJson1', operation: `${request.method} ${request.path}`, labels: {}, run: undefined };
  }

  private successResponse(protocol: Protocol, operation: string, requestId: string, output: unknown): FakeResponse {
    switch (protocol) {
      case 'restJson1':
        return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body: toJson(output, 'iso') };
      case 'awsJson1_0':
      case 'awsJson1_1':
        return {
          status: 200,
          headers: { 'content-type': `application/x-amz-json-${protocol === 'awsJson1_0' ? '1.0' : '1.1'}`, 'x-amzn-requestid': requestId },
          body: toJson(output, 'epoch'),
        };
      case 'awsQuery':
        return {
          status: 200,
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
          body: `<${operation}Response xmlns="${xmlNamespaces.sts}"><${operation}Result>${String(output)}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
        };
      case 'ec2Query':
        return {
          status: 200,
          headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${xmlNamespaces.ec2}"><requestId>${requestId}</requestId>${String(output)}</${operation}Response>`,
        };
    }
  }

  private errorResponse(service: AwsServiceName, protocol: Protocol, requestId: string, error: AwsApiError): FakeResponse {
    const status = error.status ?? defaultErrorStatus(service, protocol, error.code);
    const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
    if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
    switch (protocol) {
      case 'restJson1':
        return {
          status,
          headers: { ...headers, 'content-type': 'application/json', 'x-amzn-errortype': error.code },
          body: JSON.stringify({ message: error.message }),
        };
      case 'awsJson1_0':
      case 'awsJson1_1': {
        if (service === 'cloudwatch')
          headers['x-amzn-query-error'] = `${cloudWatchQueryCodes[error.code] ?? error.code};${status >= 500 ? 'Receiver' : 'Sender'}`;
        return {
          status,
          headers: { ...headers, 'content-type': `application/x-amz-json-${protocol === 'awsJson1_0' ? '1.0' : '1.1'}` },
          body: JSON.stringify({ __type: error.code, message: error.message }),
        };
      }
      case 'awsQuery':
        return {
          status,
          headers: { ...headers, 'content-type': 'text/xml' },
          body: `<ErrorResponse xmlns="${xmlNamespaces.sts}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>${xml('Code', error.code)}${xml('Message', error.message)}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        };
      case 'ec2Query':
        return {
          status,
          headers: { ...headers, 'content-type': 'text/xml;charset=UTF-8' },
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${xml('Code', error.code)}${xml('Message', error.message)}</Error></Errors><RequestID>${requestId}</RequestID></Response>`,
        };
    }
  }

  // -------------------------------------------------------------------------------------------
  // STS and EC2 (XML)

  private readonly stsOperations: Record<string, Operation> = {
    GetCallerIdentity: ({ caller, session }) => {
      const userId = session?.assumedRoleId ?? this.estate.identity?.userId ?? 'AROAZ3FAKEROLEID7EXAMPLE:aiposture-scan';
      return xml('Arn', caller.arn) + xml('UserId', userId) + xml('Account', this.estate.accountId);
    },
    AssumeRole: ({ caller, form }) => {
      const outcome = this.organization.assumeRole(caller, {
        ...optionalField('RoleArn', form.get('RoleArn')),
        ...optionalField('RoleSessionName', form.get('RoleSessionName')),
        ...optionalField('ExternalId', form.get('ExternalId')),
        ...optionalField('DurationSeconds', form.get('DurationSeconds')),
      });
      if (!outcome.ok) throw new AwsApiError(outcome.code, outcome.message, outcome.status);
      const session = outcome.value;
      return (
        `<AssumedRoleUser>${xml('AssumedRoleId', session.assumedRoleId)}${xml('Arn', session.assumedRoleArn)}</AssumedRoleUser>` +
        `<Credentials>${xml('AccessKeyId', session.accessKeyId)}${xml('SecretAccessKey', session.secretAccessKey)}${xml('SessionToken', session.sessionToken)}${xml('Expiration', session.expiration)}</Credentials>`
      );
    },
  };

  private readonly describeRegions: Operation = (context) => {
    const form = context.form;
    const allRegions = (form.get('AllRegions') ?? 'false').toLowerCase() === 'true';
    const enabled = new Set(this.estate.enabledRegions);
    const known = [...new Set([...defaultEnabledRegions, ...optInRegions, ...this.estate.enabledRegions])].sort();
    const optIn = (region: string) => (enabled.has(region) ? (defaultEnabledRegions.includes(region) ? 'opt-in-not-required' : 'opted-in') : 'not-opted-in');
    let regions = known.filter((region) => allRegions || enabled.has(region));
    const names = indexedValues(form, 'RegionName');
    if (names.length > 0) {
      const unknown = names.filter((name) => !known.includes(name));
      if (unknown.length > 0) throw new AwsApiError('InvalidParameterValue', `Invalid region(s): ${unknown.join(', ')}`, 400);
      regions = regions.filter((region) => names.includes(region));
    }
    for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
      const filterName = form.get(`Filter.${i}.Name`) ?? '';
      const values = indexedValues(form, `Filter.${i}.Value`);
      const field: Record<string, (region: string) => string> = {
        'region-name': (region) => region,
        'opt-in-status': optIn,
        endpoint: (region) => `ec2.${region}.amazonaws.com`,
      };
      const get = field[filterName];
      if (get === undefined) throw new AwsApiError('InvalidParameterValue', `The filter '${filterName}' is invalid`, 400);
      regions = regions.filter((region) => values.includes(get(region)));
    }
    const items = regions
      .map((region) => `<item>${xml('regionName', region)}${xml('regionEndpoint', `ec2.${region}.amazonaws.com`)}${xml('optInStatus', optIn(region))}</item>`)
      .join('');
    return `<regionInfo>${items}</regionInfo>`;
  };

  // -------------------------------------------------------------------------------------------
  // JSON RPC services

  private readonly jsonOperations: Partial<Record<AwsServiceName, Record<string, Operation>>> = {
    ssm: {
      GetParametersByPath: (context) => {
        const body = input(
          context,
          z.looseObject({ Path: z.string().min(1), Recursive: z.boolean().optional(), MaxResults: optionalInt(1, 10), NextToken: z.string().optional() }),
          context.body,
        );
        const base = '/aws/service/global-infrastructure/services/bedrock/regions';
        const path = body.Path.replace(/\/+$/, '');
        const parameters =
          path === base
            ? [...this.estate.bedrockRegions].sort().map((region) => ({
                Name: `${base}/${region}`,
                Type: 'String',
                Value: region,
                Version: 1,
                LastModifiedDate: new Date('2025-01-15T18:23:42.614Z'),
                ARN: `arn:aws:ssm:${context.region}::parameter${base}/${region}`,
                DataType: 'text',
              }))
            : [];
        const { page, nextToken } = this.paginate(context, 'GetParametersByPath', parameters, body.NextToken, this.pageSize(body.MaxResults, 10));
        return { Parameters: page, NextToken: nextToken };
      },
    },
    cloudtrail: {
      DescribeTrails: (context) => {
        const body = input(
          context,
          z.looseObject({ trailNameList: z.array(z.string()).optional(), includeShadowTrails: z.boolean().optional() }),
          context.body,
        );
        const shadows = body.includeShadowTrails ?? true;
        const visible = this.trails.filter((t) => t.trail.HomeRegion === context.region || (shadows && t.trail.IsMultiRegionTrail));
        let trails = visible;
        if (body.trailNameList !== undefined && body.trailNameList.length > 0) {
          const wanted = body.trailNameList;
          trails = this.trails.filter((t) =>
            wanted.some((name) => (name.startsWith('arn:') ? t.trail.TrailARN === name : t.trail.Name === name && t.trail.HomeRegion === context.region)),
          );
        }
        return { trailList: trails.map((t) => t.trail) };
      },
      GetTrailStatus: (context) => {
        const body = input(context, z.looseObject({ Name: z.string().min(1) }), context.body);
        return this.findTrail(context, body.Name).status;
      },
      GetEventSelectors: (context) => {
        const body = input(context, z.looseObject({ TrailName: z.string().min(1) }), context.body);
        const trail = this.findTrail(context, body.TrailName);
        return { TrailARN: trail.trail.TrailARN, ...trail.eventSelectors };
      },
    },
    cloudwatch: {
      DescribeAlarms: (context) => {
        const body = input(
          context,
          z.looseObject({
            AlarmNames: z.array(z.string()).optional(),
            AlarmNamePrefix: z.string().optional(),
            AlarmTypes: z.array(z.enum(['CompositeAlarm', 'MetricAlarm', 'LogAlarm'])).optional(),
            ChildrenOfAlarmName: z.string().optional(),
            ParentsOfAlarmName: z.string().optional(),
            StateValue: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).optional(),
            ActionPrefix: z.string().optional(),
            MaxRecords: optionalInt(1, 100),
            NextToken: z.string().optional(),
          }),
          context.body,
        );
        if (body.AlarmNames !== undefined && body.AlarmNames.length > 0 && body.AlarmNamePrefix !== undefined) {
          throw new AwsApiError('InvalidParameterCombinationException', 'AlarmNames and AlarmNamePrefix cannot be used together.');
        }
        const types = new Set(body.AlarmTypes !== undefined && body.AlarmTypes.length > 0 ? body.AlarmTypes : ['MetricAlarm']);
        const alarms =
          body.ChildrenOfAlarmName !== undefined || body.ParentsOfAlarmName !== undefined
            ? []
            : context.view.alarms.filter(
                ({ kind, alarm }) =>
                  types.has(kind) &&
                  (body.AlarmNames === undefined || body.AlarmNames.length === 0 || body.AlarmNames.includes(alarm.AlarmName)) &&
                  (body.AlarmNamePrefix === undefined || alarm.AlarmName.startsWith(body.AlarmNamePrefix)) &&
                  (body.StateValue === undefined || alarm.StateValue === body.StateValue) &&
                  (body.ActionPrefix === undefined || (alarm.AlarmActions ?? []).some((action) => action.startsWith(body.ActionPrefix ?? ''))),
              );
        const { page, nextToken } = this.paginate(context, 'DescribeAlarms', alarms, body.NextToken, this.pageSize(body.MaxRecords, 50));
        const of = <K extends AlarmView['kind']>(kind: K) => page.filter((entry) => entry.kind === kind).map((entry) => entry.alarm);
        return {
          ...(types.has('CompositeAlarm') ? { CompositeAlarms: of('CompositeAlarm') } : {}),
          MetricAlarms: of('MetricAlarm'),
          ...(types.has('LogAlarm') ? { LogAlarms: of('LogAlarm') } : {}),
          NextToken: nextToken,
        };
      },
      ListMetrics: (context) => {
        const body = input(
          context,
          z.looseObject({
            Namespace: z.string().optional(),
            MetricName: z.string().optional(),
            Dimensions: z.array(z.object({ Name: z.string(), Value: z.string().optional() })).optional(),
            NextToken: z.string().optional(),
            RecentlyActive: z.enum(['PT3H']).optional(),
          }),
          context.body,
        );
        const metrics = context.view.metrics.filter(
          (metric) =>
            (body.Namespace === undefined || metric.Namespace === body.Namespace) &&
            (body.MetricName === undefined || metric.MetricName === body.MetricName) &&
            (body.Dimensions ?? []).every((filter) =>
              (metric.Dimensions ?? []).some((d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value)),
            ),
        );
        const { page, nextToken } = this.paginate(context, 'ListMetrics', metrics, body.NextToken, this.pageSize(undefined, 500));
        return { Metrics: page.map((m) => ({ Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: m.Dimensions ?? [] })), NextToken: nextToken };
      },
      GetMetricData: (context) => {
        // awsJson1.0: timestamps are epoch seconds. Only MetricStat queries (no math, no Metrics Insights).
        const dimensions = z.array(z.object({ Name: z.string(), Value: z.string() })).max(30);
        const body = input(
          context,
          z.looseObject({
            MetricDataQueries: z
              .array(
                z.looseObject({
                  Id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'The Id must start with a lower-case letter'),
                  MetricStat: z.looseObject({
                    Metric: z.looseObject({ Namespace: z.string(), MetricName: z.string(), Dimensions: dimensions.optional() }),
                    Period: z.number().int().positive(),
                    Stat: z.string(),
                  }),
                  ReturnData: z.boolean().optional(),
                }),
              )
              .min(1)
              .max(500, 'The collection MetricDataQueries must not have a size greater than 500.'),
            StartTime: z.number(),
            EndTime: z.number(),
            NextToken: z.string().optional(),
            ScanBy: z.enum(['TimestampDescending', 'TimestampAscending']).optional(),
            MaxDatapoints: z.number().int().positive().optional(),
          }),
          context.body,
        );
        const queries = body.MetricDataQueries;
        if (new Set(queries.map((query) => query.Id)).size !== queries.length)
          throw new AwsApiError('InvalidParameterValueException', 'The values for parameter Id in MetricDataQueries are not unique.');
        if (queries.some((query) => query.MetricStat.Period % 60 !== 0))
          throw new AwsApiError('InvalidParameterValueException', 'The parameter Period must be a multiple of 60.');
        const end = body.EndTime * 1000;
        const now = Date.now();
        // CloudWatch rounds a StartTime more than 15 days ago down to the hour (GetMetricData, "StartTime").
        const requestedStart = body.StartTime * 1000;
        const start = now - requestedStart > 15 * 86_400_000 ? Math.floor(requestedStart / 3_600_000) * 3_600_000 : requestedStart;
        if (!(end > requestedStart))
          throw new AwsApiError('InvalidParameterValueException', 'The parameter StartTime must be less than the parameter EndTime.');
        const ascending = body.ScanBy === 'TimestampAscending';
        const sameSeries = (metric: AwsMetric, wanted: (typeof queries)[number]['MetricStat']['Metric']) =>
          metric.Namespace === wanted.Namespace &&
          metric.MetricName === wanted.MetricName &&
          (metric.Dimensions ?? []).length === (wanted.Dimensions ?? []).length &&
          (wanted.Dimensions ?? []).every((d) => (metric.Dimensions ?? []).some((m) => m.Name === d.Name && m.Value === d.Value));
        // Every query's datapoints in query order (newest first unless ascending), paged by MaxDatapoints over all of them.
        const points = queries.flatMap((query) => {
          const metric = context.view.metrics.find((m) => sameSeries(m, query.MetricStat.Metric));
          const series = metric === undefined ? [] : seriesDatapoints(metric, start, end, query.MetricStat.Period * 1000, now);
          return (ascending ? series : series.reverse()).map((point) => ({ id: query.Id, ...point }));
        });
        const { page, nextToken } = this.paginate(context, 'GetMetricData', points, body.NextToken, body.MaxDatapoints ?? 100_800);
        const remaining = new Set(
          nextToken === undefined ? [] : points.slice(points.indexOf(page[page.length - 1] as (typeof points)[number]) + 1).map((point) => point.id),
        );
        return {
          MetricDataResults: queries
            .filter((query) => query.ReturnData !== false)
            .map((query) => {
              const mine = page.filter((point) => point.id === query.Id);
              return {
                Id: query.Id,
                Label: query.MetricStat.Metric.MetricName,
                Timestamps: mine.map((point) => new Date(point.at)),
                Values: mine.map((point) => point.value),
                StatusCode: remaining.has(query.Id) ? 'PartialData' : 'Complete',
              };
            }),
          Messages: [],
          NextToken: nextToken,
        };
      },
    },
    'config-service': {
      DescribeConfigurationRecorders: (context) => ({ ConfigurationRecorders: this.findRecorders(context).map((r) => r.recorder) }),
      DescribeConfigurationRecorderStatus: (context) => ({ ConfigurationRecordersStatus: this.findRecorders(context).map((r) => r.status) }),
    },
    organizations: {
      ListAccounts: (context) => {
        const body = input(context, z.looseObject({ MaxResults: z.number().int().optional(), NextToken: z.string().optional() }), context.body);
        const outcome = this.organization.listAccounts(context.caller, body);
        if (!outcome.ok) throw new AwsApiError(outcome.code, outcome.message, outcome.status);
        return outcome.value;
      },
      DescribeEffectivePolicy: (context) => {
        const body = input(context, z.looseObject({ PolicyType: z.string().min(1), TargetId: z.string().optional() }), context.body);
        const organization = this.estate.organization;
        if (organization === null) {
          throw new AwsApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
        }
        const target = body.TargetId ?? this.estate.accountId;
        if (target !== this.estate.accountId) throw new AwsApiError('TargetNotFoundException', `We can't find a target with the TargetId ${target}.`);
        if (body.PolicyType !== 'BEDROCK_POLICY' || organization.bedrockPolicy === undefined) {
          throw new AwsApiError('EffectivePolicyNotFoundException', `We can't find an effective policy of type ${body.PolicyType} for the target ${target}.`);
        }
        const policy = organization.bedrockPolicy;
        return {
          EffectivePolicy: {
            PolicyContent: typeof policy === 'string' ? policy : JSON.stringify(policy),
            LastUpdatedTimestamp: organization.lastUpdatedTimestamp ?? defaultUpdatedAt,
            TargetId: target,
            PolicyType: 'BEDROCK_POLICY',
          },
        };
      },
    },
  };

  private findTrail(context: OperationContext, nameOrArn: string): TrailView {
    const trail = nameOrArn.startsWith('arn:')
      ? this.trails.find((t) => t.trail.TrailARN === nameOrArn && (t.trail.HomeRegion === context.region || t.trail.IsMultiRegionTrail))
      : this.trails.find((t) => t.trail.Name === nameOrArn && t.trail.HomeRegion === context.region);
    if (trail === undefined) throw new AwsApiError('TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${this.estate.accountId}`);
    return trail;
  }

  private findRecorders(context: OperationContext): RecorderView[] {
    const body = input(
      context,
      z.looseObject({ ConfigurationRecorderNames: z.array(z.string()).optional(), Arn: z.string().optional(), ServicePrincipal: z.string().optional() }),
      context.body,
    );
    const names = body.ConfigurationRecorderNames ?? [];
    for (const name of names) {
      if (!context.view.recorders.some((r) => r.recorder.name === name)) {
        throw new AwsApiError('NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${name}'.`);
      }
    }
    return context.view.recorders.filter(
      (r) =>
        (names.length === 0 || names.includes(r.recorder.name)) &&
        (body.Arn === undefined || r.recorder.arn === body.Arn) &&
        (body.ServicePrincipal === undefined || r.recorder.servicePrincipal === body.ServicePrincipal),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Bedrock and Bedrock Agent (restJson1)

  private findGuardrail(context: OperationContext, identifier: string): GuardrailView {
    const id = identifier.startsWith('arn:') ? identifier.split('/').pop()?.split(':')[0] : identifier;
    const guardrail = context.view.guardrails.find((g) => g.id === id || g.arn === identifier);
    if (guardrail === undefined) throw new AwsApiError('ResourceNotFoundException', `The guardrail ${identifier} does not exist.`);
    return guardrail;
  }

  private readonly bedrockOperations: Record<string, Operation> = {
    ListGuardrails: (context) => {
      const query = input(
        context,
        z.looseObject({ guardrailIdentifier: z.string().optional(), maxResults: queryInt(1, 1000), nextToken: z.string().optional() }),
        queryObject(context.query),
      );
      const versions =
        query.guardrailIdentifier === undefined
          ? context.view.guardrails.flatMap((g) => g.versions.filter((v) => v.version === 'DRAFT'))
          : this.findGuardrail(context, query.guardrailIdentifier).versions;
      const { page, nextToken } = this.paginate(
        context,
        `ListGuardrails:${query.guardrailIdentifier ?? ''}`,
        versions,
        query.nextToken,
        this.pageSize(query.maxResults, 100),
      );
      return {
        guardrails: page.map((v) => ({
          id: v.guardrailId,
          arn: v.guardrailArn,
          status: v.status,
          name: v.name,
          description: v.description,
          version: v.version,
          createdAt: v.createdAt,
          updatedAt: v.updatedAt,
          crossRegionDetails: v.crossRegionDetails,
        })),
        nextToken,
      };
    },
    GetGuardrail: (context) => {
      const identifier = context.labels.guardrailIdentifier ?? '';
      const wanted = context.query.get('guardrailVersion') ?? 'DRAFT';
      const guardrail = this.findGuardrail(context, identifier);
      const version = guardrail.versions.find((v) => v.version === wanted);
      if (version === undefined) throw new AwsApiError('ResourceNotFoundException', `The guardrail ${identifier} version ${wanted} does not exist.`);
      return version;
    },
    ListTagsForResource: (context) => {
      const body = input(context, z.looseObject({ resourceARN: z.string().min(1) }), context.body);
      const arn = body.resourceARN;
      const guardrail = context.view.guardrails.find((g) => g.arn === arn || arn.startsWith(`${g.arn}:`));
      if (guardrail !== undefined) return { tags: Object.entries(guardrail.tags).map(([key, value]) => ({ key, value })) };
      const known =
        context.view.customModels.some((m) => m.modelArn === arn) ||
        context.view.provisioned.some((p) => p.provisionedModelArn === arn) ||
        context.view.profiles.some((p) => p.inferenceProfileArn === arn);
      if (known) return { tags: [] };
      throw new AwsApiError('ResourceNotFoundException', `The resource ${arn} does not exist.`);
    },
    GetModelInvocationLoggingConfiguration: (context) => (context.view.logging === null ? {} : { loggingConfig: context.view.logging }),
    ListEnforcedGuardrailsConfiguration: (context) => {
      const query = input(context, z.looseObject({ nextToken: z.string().optional() }), queryObject(context.query));
      const { page, nextToken } = this.paginate(
        context,
        'ListEnforcedGuardrailsConfiguration',
        context.view.enforced,
        query.nextToken,
        this.pageSize(undefined, 100),
      );
      return { guardrailsConfig: page, nextToken };
    },
    ListCustomModels: (context) => {
      const query = input(
        context,
        z.looseObject({
          creationTimeBefore: z.string().optional(),
          creationTimeAfter: z.string().optional(),
          nameContains: z.string().optional(),
          baseModelArnEquals: z.string().optional(),
          foundationModelArnEquals: z.string().optional(),
          maxResults: queryInt(1, 1000),
          nextToken: z.string().optional(),
          sortBy: z.enum(['CreationTime']).optional(),
          sortOrder: z.enum(['Ascending', 'Descending']).optional(),
          isOwned: queryBool,
          modelStatus: z.enum(['Active', 'Creating', 'Failed']).optional(),
        }),
        queryObject(context.query),
      );
      const before = query.creationTimeBefore === undefined ? undefined : new Date(query.creationTimeBefore);
      const after = query.creationTimeAfter === undefined ? undefined : new Date(query.creationTimeAfter);
      const models = context.view.customModels
        .filter(
          (m) =>
            (query.isOwned !== true || m.ownerAccountId === this.estate.accountId) &&
            (query.nameContains === undefined || m.modelName.includes(query.nameContains)) &&
            (query.baseModelArnEquals === undefined || m.baseModelArn === query.baseModelArnEquals) &&
            (query.foundationModelArnEquals === undefined || m.baseModelArn === query.foundationModelArnEquals) &&
            (query.modelStatus === undefined || m.modelStatus === query.modelStatus) &&
            (before === undefined || m.creationTime < before) &&
            (after === undefined || m.creationTime > after),
        )
        .sort((a, b) => (a.creationTime.getTime() - b.creationTime.getTime()) * (query.sortOrder === 'Ascending' ? 1 : -1));
      const { page, nextToken } = this.paginate(context, 'ListCustomModels', models, query.nextToken, this.pageSize(query.maxResults, 100));
      return {
        modelSummaries: page.map((m) => ({
          modelArn: m.modelArn,
          modelName: m.modelName,
          creationTime: m.creationTime,
          baseModelArn: m.baseModelArn,
          baseModelName: m.baseModelName,
          customizationType: m.customizationType,
          ownerAccountId: m.ownerAccountId,
          modelStatus: m.modelStatus,
        })),
        nextToken,
      };
    },
    GetCustomModel: (context) => {
      const identifier = context.labels.modelIdentifier ?? '';
      const model = context.view.customModels.find((m) => m.modelArn === identifier || m.modelName === identifier);
      if (model === undefined) throw new AwsApiError('ResourceNotFoundException', `The model ${identifier} does not exist.`);
      const { baseModelName: _summaryOnly, ownerAccountId: _owner, ...detail } = model;
      return detail;
    },
    ListProvisionedModelThroughputs: (context) => {
      const query = input(
        context,
        z.looseObject({
          statusEquals: z.enum(['Creating', 'InService', 'Updating', 'Failed']).optional(),
          modelArnEquals: z.string().optional(),
          nameContains: z.string().optional(),
          maxResults: queryInt(1, 1000),
          nextToken: z.string().optional(),
          sortOrder: z.enum(['Ascending', 'Descending']).optional(),
        }),
        queryObject(context.query),
      );
      const items = context.view.provisioned
        .filter(
          (p) =>
            (query.statusEquals === undefined || p.status === query.statusEquals) &&
            (query.modelArnEquals === undefined || p.modelArn === query.modelArnEquals) &&
            (query.nameContains === undefined || p.provisionedModelName.includes(query.nameContains)),
        )
        .sort((a, b) => (a.creationTime.getTime() - b.creationTime.getTime()) * (query.sortOrder === 'Ascending' ? 1 : -1));
      const { page, nextToken } = this.paginate(context, 'ListProvisionedModelThroughputs', items, query.nextToken, this.pageSize(query.maxResults, 100));
      return { provisionedModelSummaries: page, nextToken };
    },
    ListImportedModels: (context) => {
      const query = input(
        context,
        z.looseObject({
          nameContains: z.string().optional(),
          maxResults: queryInt(1, 1000),
          nextToken: z.string().optional(),
          sortOrder: z.enum(['Ascending', 'Descending']).optional(),
        }),
        queryObject(context.query),
      );
      const items = context.view.importedModels
        .filter((m) => query.nameContains === undefined || m.modelName.includes(query.nameContains))
        .sort((a, b) => (a.creationTime.getTime() - b.creationTime.getTime()) * (query.sortOrder === 'Ascending' ? 1 : -1));
      const { page, nextToken } = this.paginate(context, 'ListImportedModels', items, query.nextToken, this.pageSize(query.maxResults, 100));
      return { modelSummaries: page, nextToken };
    },
    ListInferenceProfiles: (context) => {
      // The SDK sends `typeEquals` as the query parameter `type`.
      const query = input(
        context,
        z.looseObject({ type: z.enum(['SYSTEM_DEFINED', 'APPLICATION']).optional(), maxResults: queryInt(1, 1000), nextToken: z.string().optional() }),
        queryObject(context.query),
      );
      const items = context.view.profiles.filter((p) => query.type === undefined || p.type === query.type);
      const { page, nextToken } = this.paginate(
        context,
        `ListInferenceProfiles:${query.type ?? ''}`,
        items,
        query.nextToken,
        this.pageSize(query.maxResults, 100),
      );
      return { inferenceProfileSummaries: page, nextToken };
    },
  };

  private findKnowledgeBase(context: OperationContext): RegionView['knowledgeBases'][number] {
    const id = context.labels.knowledgeBaseId ?? '';
    const entry = context.view.knowledgeBases.find((k) => k.knowledgeBase.knowledgeBaseId === id);
    if (entry === undefined) throw new AwsApiError('ResourceNotFoundException', `KnowledgeBase with id ${id} does not exist`);
    return entry;
  }

  private readonly agentOperations: Record<string, Operation> = {
    ListAgents: (context) => {
      const body = input(context, z.looseObject({ maxResults: optionalInt(1, 1000), nextToken: z.string().optional() }), context.body);
      const { page, nextToken } = this.paginate(context, 'ListAgents', context.view.agents, body.nextToken, this.pageSize(body.maxResults, 100));
      return {
        agentSummaries: page.map((a) => ({
          agentId: a.agentId,
          agentName: a.agentName,
          agentStatus: a.agentStatus,
          description: a.description,
          updatedAt: a.updatedAt,
          latestAgentVersion: a.latestAgentVersion,
          guardrailConfiguration: a.guardrailConfiguration,
        })),
        nextToken,
      };
    },
    GetAgent: (context) => {
      const id = context.labels.agentId ?? '';
      const agent = context.view.agents.find((a) => a.agentId === id);
      if (agent === undefined)
        throw new AwsApiError(
          'ResourceNotFoundException',
          `Failed to retrieve resource because it doesn't exist. Retry the request with a different resource identifier.`,
        );
      const { latestAgentVersion: _summaryOnly, ...detail } = agent;
      return { agent: detail };
    },
    ListKnowledgeBases: (context) => {
      const body = input(context, z.looseObject({ maxResults: optionalInt(1, 1000), nextToken: z.string().optional() }), context.body);
      const { page, nextToken } = this.paginate(
        context,
        'ListKnowledgeBases',
        context.view.knowledgeBases,
        body.nextToken,
        this.pageSize(body.maxResults, 100),
      );
      return {
        knowledgeBaseSummaries: page.map(({ knowledgeBase: k }) => ({
          knowledgeBaseId: k.knowledgeBaseId,
          name: k.name,
          description: k.description,
          status: k.status,
          updatedAt: k.updatedAt,
        })),
        nextToken,
      };
    },
    GetKnowledgeBase: (context) => ({ knowledgeBase: this.findKnowledgeBase(context).knowledgeBase }),
    ListDataSources: (context) => {
      const body = input(context, z.looseObject({ maxResults: optionalInt(1, 1000), nextToken: z.string().optional() }), context.body);
      const entry = this.findKnowledgeBase(context);
      const key = `ListDataSources:${entry.knowledgeBase.knowledgeBaseId}`;
      const { page, nextToken } = this.paginate(context, key, entry.dataSources, body.nextToken, this.pageSize(body.maxResults, 100));
      return {
        dataSourceSummaries: page.map((d) => ({
          knowledgeBaseId: d.knowledgeBaseId,
          dataSourceId: d.dataSourceId,
          name: d.name,
          status: d.status,
          description: d.description,
          updatedAt: d.updatedAt,
        })),
        nextToken,
      };
    },
    GetDataSource: (context) => {
      const entry = this.findKnowledgeBase(context);
      const id = context.labels.dataSourceId ?? '';
      const source = entry.dataSources.find((d) => d.dataSourceId === id);
      if (source === undefined) throw new AwsApiError('ResourceNotFoundException', `DataSource with id ${id} does not exist`);
      return { dataSource: source };
    },
  };

  /** restJson1 routes exactly as the SDK's operation schemas spell them (`http` trait). */
  private readonly routes: { method: string; segments: string[]; service: AwsServiceName; operation: string; run: Operation | undefined }[] = [
    ['bedrock', 'GET', '/guardrails', 'ListGuardrails'],
    ['bedrock', 'GET', '/guardrails/{guardrailIdentifier}', 'GetGuardrail'],
    ['bedrock', 'POST', '/listTagsForResource', 'ListTagsForResource'],
    ['bedrock', 'GET', '/logging/modelinvocations', 'GetModelInvocationLoggingConfiguration'],
    ['bedrock', 'GET', '/enforcedGuardrailsConfiguration', 'ListEnforcedGuardrailsConfiguration'],
    ['bedrock', 'GET', '/custom-models', 'ListCustomModels'],
    ['bedrock', 'GET', '/custom-models/{modelIdentifier}', 'GetCustomModel'],
    ['bedrock', 'GET', '/provisioned-model-throughputs', 'ListProvisionedModelThroughputs'],
    ['bedrock', 'GET', '/inference-profiles', 'ListInferenceProfiles'],
    ['bedrock', 'GET', '/imported-models', 'ListImportedModels'],
    ['bedrock-agent', 'POST', '/agents/', 'ListAgents'],
    ['bedrock-agent', 'GET', '/agents/{agentId}/', 'GetAgent'],
    ['bedrock-agent', 'POST', '/knowledgebases/', 'ListKnowledgeBases'],
    ['bedrock-agent', 'GET', '/knowledgebases/{knowledgeBaseId}', 'GetKnowledgeBase'],
    ['bedrock-agent', 'POST', '/knowledgebases/{knowledgeBaseId}/datasources/', 'ListDataSources'],
    ['bedrock-agent', 'GET', '/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}', 'GetDataSource'],
  ].map(([service, method, path, operation]) => {
    const svc = service as AwsServiceName;
    const op = operation ?? '';
    return {
      method: method ?? 'GET',
      segments: (path ?? '').split('/'),
      service: svc,
      operation: op,
      run: (svc === 'bedrock' ? this.bedrockOperations : this.agentOperations)[op],
    };
  });
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Matches a path against route segments (`{label}` matches one non-empty segment); returns decoded labels. */
function matchRoute(route: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (route.length !== path.length) return undefined;
  const labels: Record<string, string> = {};
  for (let i = 0; i < route.length; i++) {
    const expected = route[i] ?? '';
    const actual = path[i] ?? '';
    const label = /^\{(\w+)\}$/.exec(expected);
    if (label?.[1] !== undefined) {
      if (actual === '') return undefined;
      try {
        labels[label[1]] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return labels;
}

/** Form values `Name.1`, `Name.2`, … in order. */
function indexedValues(form: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; form.has(`${prefix}.${i}`); i++) values.push(form.get(`${prefix}.${i}`) ?? '');
  return values;
}

function parseJsonBody(body: Buffer, service: AwsServiceName): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsApiError(
      service === 'bedrock' || service === 'bedrock-agent' ? 'ValidationException' : 'SerializationException',
      'The request body is not valid JSON.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsApiError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** `{ name: value }` when the form has the field. */
function optionalField<K extends string>(name: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [name]: value }) as { [P in K]?: string };
}

/** A refused access key as each protocol reports it. */
function refusal(failure: ApiFailure, protocol: Protocol): AwsApiError {
  const query = protocol === 'awsQuery' || protocol === 'ec2Query';
  if (failure.code === 'ExpiredToken')
    return new AwsApiError(query ? 'ExpiredToken' : 'ExpiredTokenException', failure.message, query || protocol === 'restJson1' ? 403 : 400);
  return new AwsApiError(query ? failure.code : 'UnrecognizedClientException', failure.message, query || protocol === 'restJson1' ? 403 : 400);
}

/** One request the fake AWS served, with the account whose estate answered it. */
export interface FakeAwsServed {
  account: string;
  accessKeyId: string | undefined;
  service: string;
  region: string;
  operation: string;
  /** 0 when the connection was dropped or left hanging. */
  status: number;
}

/** What a fake AWS did, beyond the server's request log: the sessions AssumeRole issued and the account each request reached. */
export interface FakeAwsJournal {
  sessions: FakeSession[];
  served: FakeAwsServed[];
}

const journals = new WeakMap<object, FakeAwsJournal>();

/**
 * The journal of the fake AWS serving `estate` (the very object handed to `startFakeCloud`), for
 * tests: the sessions AssumeRole issued (account, role, external id, expiry) and each request with
 * the account it was routed to. Empty when no fake serves it.
 */
export function fakeAwsJournal(estate: object): FakeAwsJournal {
  return journals.get(estate) ?? { sessions: [], served: [] };
}

/**
 * The AWS side of the fake cloud: one account, or an organisation whose requests go to the
 * account their access key belongs to.
 */
export class FakeAws {
  readonly estate: AwsEstate;
  readonly organization: FakeOrganization;
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly journal: FakeAwsJournal = { sessions: [], served: [] };

  constructor(estate: AwsEstateInput, options: { onUnknownOperation?: (info: { service: string; region: string; operation: string }) => void } = {}) {
    this.estate = awsEstateSchema.parse(estate);
    this.organization = new FakeOrganization(this.estate, { onSession: (session) => this.journal.sessions.push(session) });
    const throttler = new Throttler(this.estate);
    const accountOptions = { ...options, ...(throttler.active ? { throttler } : {}) };
    for (const [id, account] of this.organization.accountEstates()) this.accounts.set(id, new FakeAccount(account, this.organization, accountOptions));
    journals.set(estate, this.journal);
  }

  matches(request: FakeRequest): boolean {
    return FakeAccount.matches(request);
  }

  async handle(request: FakeRequest): Promise<FakeResult> {
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(header(request, 'authorization') ?? '')?.[1];
    const { session, failure } = this.organization.identify(accessKeyId, header(request, 'x-amz-security-token'));
    const account = session?.account ?? this.estate.accountId;
    const fake = this.accounts.get(account);
    if (fake === undefined) throw new Error(`no estate for account ${account}`);
    const result = await fake.handle(request, session, failure);
    const status = result.response === null || result.response === 'hang' ? 0 : result.response.status;
    this.journal.served.push({ account, accessKeyId, service: result.service, region: result.region, operation: result.operation, status });
    return result;
  }
}

/** Creates the AWS provider handler for the fake-cloud server. */
export function createAwsHandler(
  estate: AwsEstateInput,
  options: { onUnknownOperation?: (info: { service: string; region: string; operation: string }) => void } = {},
): ProviderHandler {
  const aws = new FakeAws(estate, options);
  return { provider: 'aws', matches: (request) => aws.matches(request), handle: (request) => aws.handle(request) };
}
