/**
 * Small builders for the case tables of the AWS rules: an inventory as a successful scan of
 * account 111122223333 would produce it, and resources with sensible passing defaults that
 * each case overrides to show one behaviour.
 */
import type { ScopeRef } from '../../src/model/common.ts';
import { lookUp } from '../../src/model/common.ts';
import { bedrockVocabulary } from '../../src/model/aws.ts';
import type {
  AwsAgent,
  AwsAlarm,
  AwsConfigRecorder,
  AwsCustomModel,
  AwsDataSource,
  AwsEnforcedGuardrail,
  AwsGuardrail,
  AwsInvocationLogging,
  AwsKnowledgeBase,
  AwsOrgBedrockPolicy,
  AwsRegionActivity,
  AwsTrail,
  GuardrailContentFilter,
} from '../../src/model/aws.ts';
import type { Inventory, ListingStatus, Resource, ResourceType } from '../../src/model/inventory.ts';

export const ACCOUNT = '111122223333';
export const account: ScopeRef = { provider: 'aws', type: 'account', id: ACCOUNT };

export const regionalTypes = [
  'aws.bedrock.guardrail',
  'aws.bedrock.agent',
  'aws.bedrock.enforced-guardrail',
  'aws.bedrock.invocation-logging',
  'aws.bedrock.knowledge-base',
  'aws.bedrock.data-source',
  'aws.bedrock.custom-model',
  'aws.bedrock.region-activity',
  'aws.cloudtrail.trail',
  'aws.cloudwatch.alarm',
  'aws.config.recorder',
] as const satisfies readonly ResourceType[];

export const globalTypes = ['aws.organizations.bedrock-policy'] as const satisfies readonly ResourceType[];

export interface InventoryOptions {
  regions?: string[];
  /** Regions scanned but where Bedrock is not offered. */
  unsupportedRegions?: string[];
  resources?: Resource[];
  failed?: Array<{ type: ResourceType; region: string | null; status?: Exclude<ListingStatus, 'ok'> }>;
}

export function awsInventory(options: InventoryOptions = {}): Inventory {
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  const failedStatus = (type: string, region: string | null): Exclude<ListingStatus, 'ok'> | undefined => {
    const entry = options.failed?.find((failure) => failure.type === type && failure.region === region);
    return entry ? (entry.status ?? 'denied') : undefined;
  };
  const listing = (type: ResourceType, region: string | null) => {
    const failed = failedStatus(type, region);
    return {
      provider: 'aws' as const,
      scope: account,
      region,
      resourceType: type,
      collector: `test:${type}`,
      status: failed ?? ('ok' as const),
      ...(failed ? { message: 'AccessDeniedException: not authorized' } : {}),
    };
  };
  return {
    providers: ['aws'],
    scopes: [account],
    regions: [
      ...regions.map((region) => ({ provider: 'aws' as const, scope: account, region, supported: true })),
      ...(options.unsupportedRegions ?? []).map((region) => ({ provider: 'aws' as const, scope: account, region, supported: false })),
    ],
    resources: options.resources ?? [],
    listings: [...regions.flatMap((region) => regionalTypes.map((type) => listing(type, region))), ...globalTypes.map((type) => listing(type, null))],
  };
}

function base(region: string | null, api: string) {
  return { provider: 'aws' as const, scope: account, region, source: { kind: 'api' as const, api } };
}

export function contentFilter(
  type: string,
  strength: 'off' | 'low' | 'medium' | 'high' = 'high',
  overrides: Partial<GuardrailContentFilter> = {},
): GuardrailContentFilter {
  return {
    type,
    category: lookUp(bedrockVocabulary.categories, type) ?? null,
    input: { enabled: true, action: 'BLOCK', strength },
    // Bedrock requires output strength NONE for PROMPT_ATTACK.
    output: type === 'PROMPT_ATTACK' ? { enabled: false, action: 'NONE', strength: 'off' } : { enabled: true, action: 'BLOCK', strength },
    ...overrides,
  };
}

export const allContentFilters = (strength: 'off' | 'low' | 'medium' | 'high' = 'high') =>
  Object.keys(bedrockVocabulary.categories).map((type) => contentFilter(type, strength));

/** A guardrail version meeting the default baseline in every respect. */
export function guardrail(overrides: Partial<AwsGuardrail> & { region?: string } = {}): AwsGuardrail {
  const region = overrides.region ?? 'us-east-1';
  const guardrailId = overrides.guardrailId ?? 'gr-strong';
  const version = overrides.version ?? '1';
  const arn = `arn:aws:bedrock:${region}:${ACCOUNT}:guardrail/${guardrailId}`;
  return {
    ...base(region, 'bedrock:GetGuardrail'),
    type: 'aws.bedrock.guardrail',
    id: `${arn}:${version}`,
    name: guardrailId,
    guardrailId,
    arn,
    version,
    status: 'READY',
    referencedBy: [],
    kmsKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    tags: { 'aws:cloudformation:stack-id': `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/ai/1` },
    contentPolicy: { tier: 'STANDARD', filters: allContentFilters('high') },
    topicPolicy: { tier: 'STANDARD', topicCount: 1 },
    sensitiveInformationPolicy: {
      piiEntities: ['EMAIL', 'PHONE', 'CREDIT_DEBIT_CARD_NUMBER', 'US_SOCIAL_SECURITY_NUMBER', 'AWS_SECRET_KEY'].map((type) => ({
        type,
        action: 'ANONYMIZE' as const,
        inputAction: 'ANONYMIZE' as const,
        outputAction: 'ANONYMIZE' as const,
        inputEnabled: true,
        outputEnabled: true,
      })),
      regexCount: 0,
    },
    contextualGroundingPolicy: {
      tier: null,
      filters: [
        { type: 'GROUNDING', threshold: 0.75, action: 'BLOCK', enabled: true },
        { type: 'RELEVANCE', threshold: 0.75, action: 'BLOCK', enabled: true },
      ],
    },
    ...overrides,
  };
}

export function agent(overrides: Partial<AwsAgent> & { region?: string } = {}): AwsAgent {
  const region = overrides.region ?? 'us-east-1';
  const agentId = overrides.agentId ?? 'AGENT00001';
  const arn = `arn:aws:bedrock:${region}:${ACCOUNT}:agent/${agentId}`;
  return {
    ...base(region, 'bedrock-agent:GetAgent'),
    type: 'aws.bedrock.agent',
    id: arn,
    name: agentId,
    agentId,
    arn,
    status: 'PREPARED',
    guardrail: { identifier: 'gr-strong', version: '1' },
    customerEncryptionKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/agent-key`,
    ...overrides,
  };
}

export function enforcedGuardrail(overrides: Partial<AwsEnforcedGuardrail> & { region?: string } = {}): AwsEnforcedGuardrail {
  const region = overrides.region ?? 'us-east-1';
  const configId = overrides.configId ?? 'cfg-1';
  return {
    ...base(region, 'bedrock:ListEnforcedGuardrailsConfiguration'),
    type: 'aws.bedrock.enforced-guardrail',
    id: `arn:aws:bedrock:${region}:${ACCOUNT}:enforced-guardrail-configuration/${configId}`,
    configId,
    guardrail: { identifier: `arn:aws:bedrock:${region}:${ACCOUNT}:guardrail/gr-strong`, version: '1' },
    includedModels: [],
    excludedModels: [],
    ...overrides,
  };
}

export function orgPolicy(overrides: Partial<AwsOrgBedrockPolicy> = {}): AwsOrgBedrockPolicy {
  return {
    ...base(null, 'organizations:DescribeEffectivePolicy'),
    type: 'aws.organizations.bedrock-policy',
    id: `arn:aws:organizations::${ACCOUNT}:effective-policy/bedrock_policy`,
    present: true,
    assignments: [],
    ...overrides,
  };
}

export function invocationLogging(overrides: Partial<AwsInvocationLogging> & { region?: string } = {}): AwsInvocationLogging {
  const region = overrides.region ?? 'us-east-1';
  return {
    ...base(region, 'bedrock:GetModelInvocationLoggingConfiguration'),
    type: 'aws.bedrock.invocation-logging',
    id: `arn:aws:bedrock:${region}:${ACCOUNT}:model-invocation-logging`,
    configured: true,
    cloudWatchLogGroup: '/aws/bedrock/invocations',
    s3Bucket: null,
    textDataDeliveryEnabled: true,
    ...overrides,
  };
}

export function knowledgeBase(overrides: Partial<AwsKnowledgeBase> & { region?: string } = {}): AwsKnowledgeBase {
  const region = overrides.region ?? 'us-east-1';
  const knowledgeBaseId = overrides.knowledgeBaseId ?? 'KB00000001';
  const arn = `arn:aws:bedrock:${region}:${ACCOUNT}:knowledge-base/${knowledgeBaseId}`;
  return {
    ...base(region, 'bedrock-agent:ListKnowledgeBases'),
    type: 'aws.bedrock.knowledge-base',
    id: arn,
    name: knowledgeBaseId,
    knowledgeBaseId,
    arn,
    status: 'ACTIVE',
    ...overrides,
  };
}

export function dataSource(overrides: Partial<AwsDataSource> & { region?: string } = {}): AwsDataSource {
  const region = overrides.region ?? 'us-east-1';
  const knowledgeBaseId = overrides.knowledgeBaseId ?? 'KB00000001';
  const dataSourceId = overrides.dataSourceId ?? 'DS00000001';
  const knowledgeBaseArn = `arn:aws:bedrock:${region}:${ACCOUNT}:knowledge-base/${knowledgeBaseId}`;
  return {
    ...base(region, 'bedrock-agent:GetDataSource'),
    type: 'aws.bedrock.data-source',
    id: `${knowledgeBaseArn}/data-source/${dataSourceId}`,
    name: dataSourceId,
    dataSourceId,
    knowledgeBaseId,
    knowledgeBaseArn,
    kmsKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/ds-key`,
    ...overrides,
  };
}

export function customModel(overrides: Partial<AwsCustomModel> & { region?: string } = {}): AwsCustomModel {
  const region = overrides.region ?? 'us-east-1';
  const arn = `arn:aws:bedrock:${region}:${ACCOUNT}:custom-model/example.base-v1/test-custom-model`;
  return {
    ...base(region, 'bedrock:GetCustomModel'),
    type: 'aws.bedrock.custom-model',
    id: arn,
    name: 'test-custom-model',
    arn,
    modelKmsKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/model-key`,
    ...overrides,
  };
}

export function regionActivity(overrides: Partial<AwsRegionActivity> & { region?: string } = {}): AwsRegionActivity {
  const region = overrides.region ?? 'us-east-1';
  return {
    ...base(region, 'cloudwatch:ListMetrics'),
    type: 'aws.bedrock.region-activity',
    id: `arn:aws:bedrock:${region}:${ACCOUNT}:activity`,
    bedrockMetricNames: [],
    provisionedThroughputCount: 0,
    applicationInferenceProfileCount: 0,
    ...overrides,
  };
}

export function trail(overrides: Partial<AwsTrail> & { region?: string } = {}): AwsTrail {
  const region = overrides.region ?? 'us-east-1';
  const name = overrides.name ?? 'org-trail';
  const arn = `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;
  return {
    ...base(region, 'cloudtrail:DescribeTrails'),
    type: 'aws.cloudtrail.trail',
    id: arn,
    name,
    arn,
    homeRegion: region,
    isMultiRegion: true,
    isOrganizationTrail: false,
    isLogging: true,
    managementEvents: 'all',
    dataEventResourceTypes: ['AWS::Bedrock::Guardrail', 'AWS::Bedrock::AgentAlias', 'AWS::Bedrock::KnowledgeBase', 'AWS::Bedrock::Model'],
    ...overrides,
  };
}

export function alarm(overrides: Partial<AwsAlarm> & { region?: string } = {}): AwsAlarm {
  const region = overrides.region ?? 'us-east-1';
  const name = overrides.name ?? 'guardrail-interventions';
  const arn = `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
  return {
    ...base(region, 'cloudwatch:DescribeAlarms'),
    type: 'aws.cloudwatch.alarm',
    id: arn,
    name,
    arn,
    alarmType: 'MetricAlarm',
    actionsEnabled: true,
    alarmActionCount: 1,
    metrics: [{ namespace: 'AWS/Bedrock/Guardrails', metricName: 'InvocationsIntervened' }],
    ...overrides,
  };
}

export function configRecorder(overrides: Partial<AwsConfigRecorder> & { region?: string } = {}): AwsConfigRecorder {
  const region = overrides.region ?? 'us-east-1';
  const name = overrides.name ?? 'default';
  return {
    ...base(region, 'config:DescribeConfigurationRecorders'),
    type: 'aws.config.recorder',
    id: `arn:aws:config:${region}:${ACCOUNT}:configuration-recorder/${name}`,
    name,
    recording: true,
    allSupported: true,
    resourceTypes: [],
    exclusionResourceTypes: [],
    ...overrides,
  };
}
