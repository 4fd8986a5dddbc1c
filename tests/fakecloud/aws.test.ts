/**
 * The fake AWS cloud, driven by the real AWS SDK v3 clients over loopback HTTP.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BedrockClient,
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListCustomModelsCommand,
  ListEnforcedGuardrailsConfigurationCommand,
  ListFoundationModelsCommand,
  ListGuardrailsCommand,
  ListInferenceProfilesCommand,
  ListProvisionedModelThroughputsCommand,
  ListTagsForResourceCommand,
  paginateListGuardrails,
  type GetGuardrailCommandOutput,
} from '@aws-sdk/client-bedrock';
import * as bedrockSdk from '@aws-sdk/client-bedrock';
import {
  BedrockAgentClient,
  GetAgentCommand,
  GetDataSourceCommand,
  GetKnowledgeBaseCommand,
  ListAgentsCommand,
  ListDataSourcesCommand,
  ListKnowledgeBasesCommand,
  paginateListAgents,
  type Agent,
} from '@aws-sdk/client-bedrock-agent';
import * as agentSdk from '@aws-sdk/client-bedrock-agent';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import * as cloudTrailSdk from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, ListMetricsCommand, paginateDescribeAlarms, paginateListMetrics } from '@aws-sdk/client-cloudwatch';
import * as cloudWatchSdk from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import * as configSdk from '@aws-sdk/client-config-service';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeEffectivePolicyCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetParametersByPathCommand, paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { defaultErrorStatus, modelledErrorStatus } from '../../fakecloud/aws.ts';
import * as estateSchemas from '../../fakecloud/aws-estate.ts';
import { awsEstateSchema, defaultBedrockRegions, type AwsEstateInput } from '../../fakecloud/aws-estate.ts';
import { loadEstate, loadEstateFile, parseEstate, startFakeCloud, type FakeCloud } from '../../fakecloud/server.ts';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' };
const account = '111122223333';
const estatesDir = fileURLToPath(new URL('../../fixtures/estates/', import.meta.url));

interface ClientOptions {
  region?: string;
  maxAttempts?: number;
}
function clients(cloud: FakeCloud, options: ClientOptions = {}) {
  const config = { region: options.region ?? 'us-east-1', endpoint: cloud.url, credentials, maxAttempts: options.maxAttempts ?? 1 };
  return {
    bedrock: new BedrockClient(config),
    agent: new BedrockAgentClient(config),
    cloudtrail: new CloudTrailClient(config),
    cloudwatch: new CloudWatchClient(config),
    config: new ConfigServiceClient(config),
    ec2: new EC2Client(config),
    organizations: new OrganizationsClient(config),
    ssm: new SSMClient(config),
    sts: new STSClient(config),
  };
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $fault?: string; code?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}

const guardrailVersion: z.input<typeof estateSchemas.guardrailVersionSchema> = {
  version: 1,
  description: 'Support assistant guardrail',
  createdAt: '2025-04-01T09:00:00Z',
  updatedAt: '2025-04-02T10:30:00Z',
  blockedInputMessaging: 'Sorry, I cannot help with that request.',
  blockedOutputsMessaging: 'Sorry, I cannot provide that answer.',
  contentPolicy: {
    filters: [
      { type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH', inputAction: 'BLOCK', outputAction: 'BLOCK', inputEnabled: true, outputEnabled: true },
      {
        type: 'PROMPT_ATTACK',
        inputStrength: 'HIGH',
        outputStrength: 'NONE',
        inputAction: 'BLOCK',
        outputAction: 'NONE',
        inputEnabled: true,
        outputEnabled: false,
      },
    ],
    tier: { tierName: 'CLASSIC' },
  },
  sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }] },
  contextualGroundingPolicy: { filters: [{ type: 'GROUNDING', threshold: 0.75, action: 'BLOCK', enabled: true }] },
  kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

const trailArn = `arn:aws:cloudtrail:us-east-1:${account}:trail/org-audit`;

const testEstate: AwsEstateInput = {
  accountId: account,
  organization: {
    bedrockPolicy: {
      bedrock: {
        guardrail_inference: { 'us-east-1': { baseline: { identifier: { '@@assign': `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0support01:1` } } } },
      },
    },
  },
  enabledRegions: ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-1'],
  bedrockRegions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  regions: {
    'us-east-1': {
      guardrails: [
        {
          id: 'gr0support01',
          name: 'support-bot',
          tags: { team: 'support', 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:us-east-1:111122223333:stack/gr/1' },
          versions: [{ version: 'DRAFT', status: 'READY' }, guardrailVersion],
        },
        { id: 'gr0draftonly', name: 'experiments', versions: [{ version: 'DRAFT' }] },
        { id: 'gr0third0003', name: 'third', versions: [{ version: '2' }] },
      ],
      enforcedGuardrails: [{ guardrailId: 'gr0support01', guardrailVersion: 1, inputTags: 'IGNORE' }],
      invocationLogging: {
        cloudWatchConfig: { logGroupName: '/aws/bedrock/invocations', roleArn: `arn:aws:iam::${account}:role/BedrockLogging` },
        textDataDeliveryEnabled: true,
      },
      agents: [
        {
          agentId: 'AGENT00001',
          agentName: 'support-agent',
          foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
          guardrailConfiguration: { guardrailIdentifier: 'gr0support01', guardrailVersion: '1' },
          latestAgentVersion: 3,
        },
        { agentId: 'AGENT00002', agentName: 'faq-agent' },
        { agentId: 'AGENT00003', agentName: 'hr-agent', customerEncryptionKeyArn: `arn:aws:kms:us-east-1:${account}:key/abcd` },
      ],
      knowledgeBases: [
        {
          knowledgeBase: { knowledgeBaseId: 'KB00000001', name: 'support-docs' },
          dataSources: [
            { dataSourceId: 'DS00000001', name: 'manuals', serverSideEncryptionConfiguration: { kmsKeyArn: `arn:aws:kms:us-east-1:${account}:key/kb` } },
            { dataSourceId: 'DS00000002', name: 'wiki' },
          ],
        },
      ],
      customModels: [
        {
          modelName: 'support-tuned',
          baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
          baseModelName: 'Titan Text G1 - Express',
          modelKmsKeyArn: `arn:aws:kms:us-east-1:${account}:key/cm`,
          creationTime: '2025-05-01T00:00:00Z',
        },
        { modelName: 'shared-model', ownerAccountId: '444455556666', creationTime: '2025-05-02T00:00:00Z' },
      ],
      provisionedThroughputs: [
        {
          provisionedModelName: 'support-pt',
          modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          commitmentDuration: 'OneMonth',
        },
      ],
      inferenceProfiles: [
        {
          inferenceProfileName: 'support-app-profile',
          models: [{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0' }],
        },
        { inferenceProfileName: 'US Anthropic Claude 3 Haiku', inferenceProfileId: 'us.anthropic.claude-3-haiku-20240307-v1:0', type: 'SYSTEM_DEFINED' },
      ],
      metrics: [
        { Namespace: 'AWS/Bedrock', MetricName: 'Invocations', Dimensions: [{ Name: 'ModelId', Value: 'anthropic.claude-3-haiku-20240307-v1:0' }] },
        { Namespace: 'AWS/Bedrock', MetricName: 'InputTokenCount', Dimensions: [{ Name: 'ModelId', Value: 'anthropic.claude-3-haiku-20240307-v1:0' }] },
        { Namespace: 'AWS/Bedrock', MetricName: 'OutputTokenCount', Dimensions: [{ Name: 'ModelId', Value: 'anthropic.claude-3-haiku-20240307-v1:0' }] },
        {
          Namespace: 'AWS/Bedrock/Guardrails',
          MetricName: 'InvocationsIntervened',
          Dimensions: [
            { Name: 'GuardrailArn', Value: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0support01` },
            { Name: 'GuardrailVersion', Value: '1' },
          ],
        },
        { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-0c986c72' }] },
      ],
      alarms: {
        MetricAlarms: [
          {
            AlarmName: 'bedrock-guardrail-interventions',
            Namespace: 'AWS/Bedrock/Guardrails',
            MetricName: 'InvocationsIntervened',
            Statistic: 'Sum',
            Period: 300,
            EvaluationPeriods: 1,
            Threshold: 10,
            ComparisonOperator: 'GreaterThanThreshold',
            AlarmActions: [`arn:aws:sns:us-east-1:${account}:security-alerts`],
            StateUpdatedTimestamp: '2014-04-09T18:59:06.442Z',
          },
          { AlarmName: 'cpu-high', Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', StateValue: 'ALARM' },
          { AlarmName: 'errors', Namespace: 'AWS/Bedrock', MetricName: 'InvocationServerErrors' },
        ],
        CompositeAlarms: [{ AlarmName: 'ai-platform-health', AlarmRule: 'ALARM(bedrock-guardrail-interventions) OR ALARM(errors)' }],
      },
      configRecorders: [
        {
          recorder: { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
          status: { recording: true, lastStatus: 'Success' },
        },
      ],
    },
    'eu-west-1': { agents: [{ agentId: 'AGENTEU001', agentName: 'eu-agent' }] },
  },
  trails: [
    {
      trail: { Name: 'org-audit', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: 'audit-logs' },
      status: { IsLogging: true, LatestDeliveryTime: 1454022144.869, TimeLoggingStarted: '2015-11-06T18:36:38Z', StartLoggingTime: '2015-11-06T18:36:38.695Z' },
      eventSelectors: { AdvancedEventSelectors: [{ Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] },
    },
    { trail: { Name: 'eu-local', HomeRegion: 'eu-west-1' }, status: { IsLogging: false } },
  ],
};

describe('fake AWS cloud, real SDK clients', () => {
  let cloud: FakeCloud;
  let c: ReturnType<typeof clients>;
  let eu: ReturnType<typeof clients>;
  const unknown: string[] = [];

  beforeAll(async () => {
    cloud = await startFakeCloud({ aws: testEstate, onUnknownOperation: (info) => unknown.push(`${info.service} ${info.operation}`) });
    c = clients(cloud);
    eu = clients(cloud, { region: 'eu-west-1' });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('binds to 127.0.0.1 only', () => {
    expect(cloud.url).toBe(`http://127.0.0.1:${cloud.port}`);
  });

  it('STS GetCallerIdentity (awsQuery XML)', async () => {
    const out = await c.sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(account);
    expect(out.Arn).toBe(`arn:aws:sts::${account}:assumed-role/AiPostureReadOnly/aiposture-scan`);
    expect(out.UserId).toMatch(/^AROA/);
    expect(cloud.requests.at(-1)).toMatchObject({ service: 'sts', region: 'us-east-1', operation: 'GetCallerIdentity', status: 200 });
  });

  it('EC2 DescribeRegions honours AllRegions, RegionNames and filters (ec2Query XML)', async () => {
    const enabled = await c.ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-1']);
    expect(enabled.Regions?.[0]).toEqual({ RegionName: 'ap-southeast-2', Endpoint: 'ec2.ap-southeast-2.amazonaws.com', OptInStatus: 'opt-in-not-required' });
    const all = await c.ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.length).toBeGreaterThan(30);
    expect(all.Regions?.find((r) => r.RegionName === 'me-central-1')?.OptInStatus).toBe('not-opted-in');
    const named = await c.ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] }));
    expect(named.Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1']);
    const filtered = await c.ec2.send(
      new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['opt-in-not-required', 'opted-in'] }] }),
    );
    expect(filtered.Regions?.map((r) => r.RegionName)).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-1']);
  });

  it('SSM GetParametersByPath serves the Bedrock regions, 10 per page (awsJson1.1)', async () => {
    const path = '/aws/service/global-infrastructure/services/bedrock/regions';
    const first = await c.ssm.send(new GetParametersByPathCommand({ Path: path }));
    expect(first.Parameters).toHaveLength(3);
    expect(first.Parameters?.[0]).toMatchObject({ Name: `${path}/ap-southeast-2`, Value: 'ap-southeast-2', Type: 'String', DataType: 'text' });
    expect(first.Parameters?.[0]?.LastModifiedDate).toBeInstanceOf(Date);
    expect(first.NextToken).toBeUndefined();
    const other = await c.ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/global-infrastructure/services/nope/regions' }));
    expect(other.Parameters).toEqual([]);
    const bad = await failure(c.ssm.send(new GetParametersByPathCommand({ Path: path, MaxResults: 50 })));
    expect(bad.name).toBe('ValidationException');
  });

  it('Bedrock ListGuardrails lists DRAFTs, or every version of one guardrail by id or ARN', async () => {
    const drafts = await c.bedrock.send(new ListGuardrailsCommand({}));
    expect(drafts.guardrails?.map((g) => [g.id, g.version])).toEqual([
      ['gr0support01', 'DRAFT'],
      ['gr0draftonly', 'DRAFT'],
      ['gr0third0003', 'DRAFT'],
    ]);
    expect(drafts.guardrails?.[0]).toMatchObject({ arn: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0support01`, name: 'support-bot', status: 'READY' });
    expect(drafts.guardrails?.[0]?.createdAt).toBeInstanceOf(Date);
    const versions = await c.bedrock.send(new ListGuardrailsCommand({ guardrailIdentifier: 'gr0support01' }));
    expect(versions.guardrails?.map((g) => g.version)).toEqual(['DRAFT', '1']);
    expect(versions.guardrails?.[1]?.createdAt?.toISOString()).toBe('2025-04-01T09:00:00.000Z');
    const byArn = await c.bedrock.send(new ListGuardrailsCommand({ guardrailIdentifier: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0third0003` }));
    expect(byArn.guardrails?.map((g) => g.version)).toEqual(['DRAFT', '2']);
    const none = await eu.bedrock.send(new ListGuardrailsCommand({}));
    expect(none.guardrails).toEqual([]);
  });

  it('Bedrock GetGuardrail returns DRAFT by default, numbered versions on request, 404 when unknown', async () => {
    const draft = await c.bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: 'gr0support01' }));
    expect(draft.version).toBe('DRAFT');
    expect(draft.blockedInputMessaging).toBe('Sorry, the model cannot answer this question.');
    const v1 = await c.bedrock.send(
      new GetGuardrailCommand({ guardrailIdentifier: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0support01`, guardrailVersion: '1' }),
    );
    expect(v1).toMatchObject({
      name: 'support-bot',
      guardrailId: 'gr0support01',
      version: '1',
      status: 'READY',
      kmsKeyArn: guardrailVersion.kmsKeyArn,
      contentPolicy: { tier: { tierName: 'CLASSIC' } },
      contextualGroundingPolicy: { filters: [{ type: 'GROUNDING', threshold: 0.75, action: 'BLOCK', enabled: true }] },
      sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }] },
    });
    expect(v1.contentPolicy?.filters?.[1]).toMatchObject({ type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' });
    expect(v1.updatedAt).toEqual(new Date('2025-04-02T10:30:00Z'));
    // A guardrail written without DRAFT gets one derived from its latest version.
    const derived = await c.bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: 'gr0third0003' }));
    expect(derived.version).toBe('DRAFT');
    const missing = await failure(c.bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: 'gr0support01', guardrailVersion: '7' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const unknownGuardrail = await failure(c.bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: 'nosuchguardrail' })));
    expect(unknownGuardrail.name).toBe('ResourceNotFoundException');
  });

  it('Bedrock ListTagsForResource (POST /listTagsForResource)', async () => {
    const tags = await c.bedrock.send(new ListTagsForResourceCommand({ resourceARN: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0support01` }));
    expect(tags.tags).toEqual([
      { key: 'team', value: 'support' },
      { key: 'aws:cloudformation:stack-id', value: 'arn:aws:cloudformation:us-east-1:111122223333:stack/gr/1' },
    ]);
    const untagged = await c.bedrock.send(new ListTagsForResourceCommand({ resourceARN: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0draftonly` }));
    expect(untagged.tags).toEqual([]);
    const missing = await failure(c.bedrock.send(new ListTagsForResourceCommand({ resourceARN: `arn:aws:bedrock:us-east-1:${account}:guardrail/zzz` })));
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('Bedrock GetModelInvocationLoggingConfiguration: config, or {} when not configured', async () => {
    const on = await c.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}));
    expect(on.loggingConfig).toEqual({
      cloudWatchConfig: { logGroupName: '/aws/bedrock/invocations', roleArn: `arn:aws:iam::${account}:role/BedrockLogging` },
      textDataDeliveryEnabled: true,
    });
    const off = await eu.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}));
    expect(off.loggingConfig).toBeUndefined();
  });

  it('Bedrock ListEnforcedGuardrailsConfiguration', async () => {
    const out = await c.bedrock.send(new ListEnforcedGuardrailsConfigurationCommand({}));
    expect(out.guardrailsConfig).toHaveLength(1);
    expect(out.guardrailsConfig?.[0]).toMatchObject({
      guardrailId: 'gr0support01',
      guardrailArn: `arn:aws:bedrock:us-east-1:${account}:guardrail/gr0support01`,
      guardrailVersion: '1',
      inputTags: 'IGNORE',
      owner: 'ACCOUNT',
    });
    expect(out.guardrailsConfig?.[0]?.configId).toMatch(/^[0-9a-f]{10}$/);
    expect(out.guardrailsConfig?.[0]?.createdAt).toBeInstanceOf(Date);
    expect(out.guardrailsConfig?.[0]?.modelEnforcement).toBeUndefined();
  });

  it('Bedrock ListCustomModels honours isOwned; GetCustomModel by ARN or name', async () => {
    const all = await c.bedrock.send(new ListCustomModelsCommand({}));
    expect(all.modelSummaries?.map((m) => m.modelName)).toEqual(['shared-model', 'support-tuned']);
    const owned = await c.bedrock.send(new ListCustomModelsCommand({ isOwned: true }));
    expect(owned.modelSummaries?.map((m) => m.modelName)).toEqual(['support-tuned']);
    const summary = owned.modelSummaries?.[0];
    expect(summary).toMatchObject({
      ownerAccountId: account,
      baseModelName: 'Titan Text G1 - Express',
      customizationType: 'FINE_TUNING',
      modelStatus: 'Active',
    });
    expect(summary?.creationTime).toEqual(new Date('2025-05-01T00:00:00Z'));
    const byArn = await c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: summary?.modelArn ?? '' }));
    expect(byArn.modelKmsKeyArn).toBe(`arn:aws:kms:us-east-1:${account}:key/cm`);
    const byName = await c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: 'shared-model' }));
    expect(byName.modelKmsKeyArn).toBeUndefined();
    expect(await failure(c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: 'nope' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('Bedrock ListProvisionedModelThroughputs and ListInferenceProfiles (typeEquals is sent as ?type=)', async () => {
    const pt = await c.bedrock.send(new ListProvisionedModelThroughputsCommand({}));
    expect(pt.provisionedModelSummaries?.[0]).toMatchObject({
      provisionedModelName: 'support-pt',
      status: 'InService',
      commitmentDuration: 'OneMonth',
      modelUnits: 1,
    });
    expect(pt.provisionedModelSummaries?.[0]?.creationTime).toBeInstanceOf(Date);
    const app = await c.bedrock.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    expect(app.inferenceProfileSummaries?.map((p) => p.inferenceProfileName)).toEqual(['support-app-profile']);
    expect(app.inferenceProfileSummaries?.[0]?.inferenceProfileArn).toMatch(/:application-inference-profile\/[0-9a-f]{12}$/);
    const system = await c.bedrock.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    expect(system.inferenceProfileSummaries?.map((p) => p.inferenceProfileId)).toEqual(['us.anthropic.claude-3-haiku-20240307-v1:0']);
    const both = await c.bedrock.send(new ListInferenceProfilesCommand({}));
    expect(both.inferenceProfileSummaries).toHaveLength(2);
  });

  it('Bedrock Agent ListAgents (POST /agents/) and GetAgent (GET /agents/{id}/)', async () => {
    const list = await c.agent.send(new ListAgentsCommand({}));
    expect(list.agentSummaries?.map((a) => a.agentId)).toEqual(['AGENT00001', 'AGENT00002', 'AGENT00003']);
    expect(list.agentSummaries?.[0]).toMatchObject({
      agentName: 'support-agent',
      agentStatus: 'PREPARED',
      latestAgentVersion: '3',
      guardrailConfiguration: { guardrailIdentifier: 'gr0support01', guardrailVersion: '1' },
    });
    expect(list.agentSummaries?.[1]?.guardrailConfiguration).toBeUndefined();
    expect(list.agentSummaries?.[0]?.updatedAt).toBeInstanceOf(Date);
    const agent = await c.agent.send(new GetAgentCommand({ agentId: 'AGENT00003' }));
    expect(agent.agent).toMatchObject({
      agentId: 'AGENT00003',
      agentArn: `arn:aws:bedrock:us-east-1:${account}:agent/AGENT00003`,
      agentVersion: 'DRAFT',
      customerEncryptionKeyArn: `arn:aws:kms:us-east-1:${account}:key/abcd`,
      agentResourceRoleArn: `arn:aws:iam::${account}:role/service-role/AmazonBedrockExecutionRoleForAgents_AGENT00003`,
    });
    expect(agent.agent?.createdAt).toBeInstanceOf(Date);
    expect(await failure(c.agent.send(new GetAgentCommand({ agentId: 'AGENT99999' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    const euList = await eu.agent.send(new ListAgentsCommand({}));
    expect(euList.agentSummaries?.map((a) => a.agentId)).toEqual(['AGENTEU001']);
  });

  it('Bedrock Agent knowledge bases and data sources', async () => {
    const kbs = await c.agent.send(new ListKnowledgeBasesCommand({}));
    expect(kbs.knowledgeBaseSummaries).toEqual([{ knowledgeBaseId: 'KB00000001', name: 'support-docs', status: 'ACTIVE', updatedAt: expect.any(Date) }]);
    const kb = await c.agent.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: 'KB00000001' }));
    expect(kb.knowledgeBase?.knowledgeBaseArn).toBe(`arn:aws:bedrock:us-east-1:${account}:knowledge-base/KB00000001`);
    const sources = await c.agent.send(new ListDataSourcesCommand({ knowledgeBaseId: 'KB00000001' }));
    expect(sources.dataSourceSummaries?.map((d) => [d.dataSourceId, d.status])).toEqual([
      ['DS00000001', 'AVAILABLE'],
      ['DS00000002', 'AVAILABLE'],
    ]);
    const withKey = await c.agent.send(new GetDataSourceCommand({ knowledgeBaseId: 'KB00000001', dataSourceId: 'DS00000001' }));
    expect(withKey.dataSource?.serverSideEncryptionConfiguration?.kmsKeyArn).toBe(`arn:aws:kms:us-east-1:${account}:key/kb`);
    expect(withKey.dataSource?.dataSourceConfiguration?.type).toBe('S3');
    const withoutKey = await c.agent.send(new GetDataSourceCommand({ knowledgeBaseId: 'KB00000001', dataSourceId: 'DS00000002' }));
    expect(withoutKey.dataSource?.serverSideEncryptionConfiguration).toBeUndefined();
    expect(await failure(c.agent.send(new ListDataSourcesCommand({ knowledgeBaseId: 'KB99999999' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('CloudTrail DescribeTrails honours includeShadowTrails and the request region', async () => {
    const home = await c.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(home.trailList?.map((t) => t.Name)).toEqual(['org-audit']);
    expect(home.trailList?.[0]).toMatchObject({
      TrailARN: trailArn,
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      S3BucketName: 'audit-logs',
      HasCustomEventSelectors: true,
    });
    const euOwn = await eu.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(euOwn.trailList?.map((t) => t.Name)).toEqual(['eu-local']);
    const euAll = await eu.cloudtrail.send(new DescribeTrailsCommand({}));
    expect(euAll.trailList?.map((t) => t.Name)).toEqual(['org-audit', 'eu-local']);
    const byArn = await eu.cloudtrail.send(new DescribeTrailsCommand({ trailNameList: [trailArn] }));
    expect(byArn.trailList?.map((t) => t.Name)).toEqual(['org-audit']);
  });

  it('CloudTrail GetTrailStatus and GetEventSelectors by name (home region) or ARN (shadow trails)', async () => {
    const status = await c.cloudtrail.send(new GetTrailStatusCommand({ Name: 'org-audit' }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toEqual(new Date(1454022144869));
    expect(status.StartLoggingTime).toEqual(new Date('2015-11-06T18:36:38.695Z'));
    expect(status.TimeLoggingStarted).toBe('2015-11-06T18:36:38Z');
    const shadow = await eu.cloudtrail.send(new GetTrailStatusCommand({ Name: trailArn }));
    expect(shadow.IsLogging).toBe(true);
    const byNameElsewhere = await failure(eu.cloudtrail.send(new GetTrailStatusCommand({ Name: 'org-audit' })));
    expect(byNameElsewhere.name).toBe('TrailNotFoundException');
    const selectors = await eu.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trailArn }));
    expect(selectors).toMatchObject({
      TrailARN: trailArn,
      AdvancedEventSelectors: [{ Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    });
    expect(selectors.EventSelectors).toBeUndefined();
    const basic = await eu.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'eu-local' }));
    expect(basic.EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    const stopped = await eu.cloudtrail.send(new GetTrailStatusCommand({ Name: 'eu-local' }));
    expect(stopped.IsLogging).toBe(false);
  });

  it('CloudWatch DescribeAlarms: metric alarms by default, composite on request (awsJson1.0)', async () => {
    const metricOnly = await c.cloudwatch.send(new DescribeAlarmsCommand({}));
    expect(metricOnly.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['bedrock-guardrail-interventions', 'cpu-high', 'errors']);
    expect(metricOnly.CompositeAlarms).toBeUndefined();
    const alarm = metricOnly.MetricAlarms?.[0];
    expect(alarm).toMatchObject({
      Namespace: 'AWS/Bedrock/Guardrails',
      MetricName: 'InvocationsIntervened',
      ActionsEnabled: true,
      AlarmActions: [`arn:aws:sns:us-east-1:${account}:security-alerts`],
      AlarmArn: `arn:aws:cloudwatch:us-east-1:${account}:alarm:bedrock-guardrail-interventions`,
    });
    expect(alarm?.StateUpdatedTimestamp).toEqual(new Date('2014-04-09T18:59:06.442Z'));
    const both = await c.cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));
    expect(both.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(['ai-platform-health']);
    expect(both.MetricAlarms).toHaveLength(3);
    const inAlarm = await c.cloudwatch.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(inAlarm.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['cpu-high']);
    const euAlarms = await eu.cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));
    expect(euAlarms).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
  });

  it('CloudWatch ListMetrics filters by Namespace, MetricName and Dimensions', async () => {
    const bedrock = await c.cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Bedrock' }));
    expect(bedrock.Metrics?.map((m) => m.MetricName)).toEqual(['Invocations', 'InputTokenCount', 'OutputTokenCount']);
    expect(bedrock.Metrics?.[0]?.Dimensions).toEqual([{ Name: 'ModelId', Value: 'anthropic.claude-3-haiku-20240307-v1:0' }]);
    const intervened = await c.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/Bedrock/Guardrails',
        MetricName: 'InvocationsIntervened',
        Dimensions: [{ Name: 'GuardrailVersion', Value: '1' }],
      }),
    );
    expect(intervened.Metrics).toHaveLength(1);
    const none = await eu.cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Bedrock' }));
    expect(none.Metrics).toEqual([]);
  });

  it('Config DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus', async () => {
    const recorders = await c.config.send(new DescribeConfigurationRecordersCommand({}));
    expect(recorders.ConfigurationRecorders?.[0]).toMatchObject({
      name: 'default',
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      roleARN: expect.stringContaining('AWSServiceRoleForConfig'),
    });
    const status = await c.config.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(status.ConfigurationRecordersStatus?.[0]).toMatchObject({ name: 'default', recording: true, lastStatus: 'Success' });
    expect(status.ConfigurationRecordersStatus?.[0]?.lastStartTime).toBeInstanceOf(Date);
    const euRecorders = await eu.config.send(new DescribeConfigurationRecordersCommand({}));
    expect(euRecorders.ConfigurationRecorders).toEqual([]);
    const missing = await failure(c.config.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['other'] })));
    expect(missing.name).toBe('NoSuchConfigurationRecorderException');
  });

  it('Organizations DescribeEffectivePolicy returns the BEDROCK_POLICY as JSON text', async () => {
    const out = await c.organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' }));
    expect(out.EffectivePolicy).toMatchObject({ PolicyType: 'BEDROCK_POLICY', TargetId: account });
    expect(JSON.parse(out.EffectivePolicy?.PolicyContent ?? '')).toEqual(testEstate.organization?.bedrockPolicy);
    expect(out.EffectivePolicy?.LastUpdatedTimestamp).toBeInstanceOf(Date);
    const other = await failure(c.organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' })));
    expect(other.name).toBe('EffectivePolicyNotFoundException');
    expect(other.$metadata?.httpStatusCode).toBe(400);
  });

  it('answers unknown operations with 400 UnknownOperationException in each protocol, and reports them', async () => {
    const rest = await failure(c.bedrock.send(new ListFoundationModelsCommand({})));
    expect(rest).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    const json = await failure(c.cloudtrail.send(new ListTrailsCommand({})));
    expect(json).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    const query = await failure(c.sts.send(new GetSessionTokenCommand({})));
    expect(query).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    const ec2 = await failure(c.ec2.send(new DescribeInstancesCommand({})));
    expect(ec2).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    expect(unknown).toEqual(['bedrock GET /foundation-models', 'cloudtrail ListTrails', 'sts GetSessionToken', 'ec2 DescribeInstances']);
    expect(cloud.requests.filter((r) => r.status === 400).map((r) => r.operation)).toContain('GET /foundation-models');
  });

  it('refuses regions that are not enabled, and drops Bedrock connections where Bedrock is not offered', async () => {
    const disabled = clients(cloud, { region: 'eu-central-2' });
    const denied = await failure(disabled.cloudtrail.send(new DescribeTrailsCommand({})));
    expect(denied).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
    const noBedrock = clients(cloud, { region: 'us-west-1' });
    const dropped = await failure(noBedrock.bedrock.send(new ListGuardrailsCommand({})));
    expect(dropped.name).not.toBe('ListGuardrailsCommand');
    expect(dropped.$metadata?.httpStatusCode).toBeUndefined();
    expect(cloud.requests.at(-1)).toMatchObject({ service: 'bedrock', region: 'us-west-1', operation: 'ListGuardrails', status: 0 });
    // Other services still answer there.
    expect((await noBedrock.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
  });

  it('works through AWS_ENDPOINT_URL alone', async () => {
    const previous = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = cloud.url;
    try {
      const bedrock = new BedrockClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
      const agent = new BedrockAgentClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
      const cloudwatch = new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
      expect((await bedrock.send(new ListGuardrailsCommand({}))).guardrails).toHaveLength(3);
      expect((await agent.send(new ListAgentsCommand({}))).agentSummaries).toHaveLength(3);
      expect((await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Bedrock' }))).Metrics).toHaveLength(3);
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = previous;
    }
  });
});

describe('pagination', () => {
  let cloud: FakeCloud;
  let c: ReturnType<typeof clients>;
  beforeAll(async () => {
    cloud = await startFakeCloud({ aws: { ...testEstate, pageSize: 2 } });
    c = clients(cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  const pagesOf = (operation: string) => cloud.requests.filter((r) => r.operation === operation && r.status === 200).length;

  it('ListGuardrails pages with nextToken/maxResults', async () => {
    const ids: string[] = [];
    for await (const page of paginateListGuardrails({ client: c.bedrock }, {})) ids.push(...(page.guardrails ?? []).map((g) => g.id ?? ''));
    expect(ids).toEqual(['gr0support01', 'gr0draftonly', 'gr0third0003']);
    expect(pagesOf('ListGuardrails')).toBe(2);
    const one = await c.bedrock.send(new ListGuardrailsCommand({ maxResults: 1 }));
    expect(one.guardrails).toHaveLength(1);
    expect(one.nextToken).toBeTypeOf('string');
    const tooMany = await failure(c.bedrock.send(new ListGuardrailsCommand({ maxResults: 5000 })));
    expect(tooMany.name).toBe('ValidationException');
    const badToken = await failure(c.bedrock.send(new ListGuardrailsCommand({ nextToken: 'not-a-token' })));
    expect(badToken.name).toBe('ValidationException');
  });

  it('ListAgents pages', async () => {
    const ids: string[] = [];
    for await (const page of paginateListAgents({ client: c.agent }, {})) ids.push(...(page.agentSummaries ?? []).map((a) => a.agentId ?? ''));
    expect(ids).toEqual(['AGENT00001', 'AGENT00002', 'AGENT00003']);
    expect(pagesOf('ListAgents')).toBe(2);
  });

  it('DescribeAlarms pages across metric and composite alarms with NextToken', async () => {
    const names: string[] = [];
    for await (const page of paginateDescribeAlarms({ client: c.cloudwatch }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })) {
      names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName ?? ''), ...(page.CompositeAlarms ?? []).map((a) => `composite:${a.AlarmName ?? ''}`));
    }
    expect(names).toEqual(['bedrock-guardrail-interventions', 'cpu-high', 'errors', 'composite:ai-platform-health']);
    expect(pagesOf('DescribeAlarms')).toBe(2);
    const badToken = await failure(c.cloudwatch.send(new DescribeAlarmsCommand({ NextToken: 'bogus' })));
    expect(badToken.name).toBe('InvalidNextToken');
  });

  it('ListMetrics pages', async () => {
    const names: string[] = [];
    for await (const page of paginateListMetrics({ client: c.cloudwatch }, {})) names.push(...(page.Metrics ?? []).map((m) => m.MetricName ?? ''));
    expect(names).toEqual(['Invocations', 'InputTokenCount', 'OutputTokenCount', 'InvocationsIntervened', 'CPUUtilization']);
    expect(pagesOf('ListMetrics')).toBe(3);
  });

  it('GetParametersByPath pages', async () => {
    const values: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: c.ssm }, { Path: '/aws/service/global-infrastructure/services/bedrock/regions' })) {
      values.push(...(page.Parameters ?? []).map((p) => p.Value ?? ''));
    }
    expect(values).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
    expect(pagesOf('GetParametersByPath')).toBe(2);
  });

  it('the 25 default Bedrock regions take 3 SSM pages of 10', async () => {
    const defaults = await startFakeCloud({ aws: { accountId: account } });
    try {
      const ssm = new SSMClient({ region: 'us-east-1', endpoint: defaults.url, credentials, maxAttempts: 1 });
      const values: string[] = [];
      for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: '/aws/service/global-infrastructure/services/bedrock/regions' })) {
        values.push(...(page.Parameters ?? []).map((p) => p.Value ?? ''));
      }
      expect(values.sort()).toEqual([...defaultBedrockRegions].sort());
      expect(defaults.requests.filter((r) => r.operation === 'GetParametersByPath')).toHaveLength(3);
    } finally {
      await defaults.close();
    }
  });
});

describe('faults and latency', () => {
  const faultEstate: AwsEstateInput = {
    ...testEstate,
    faults: [
      { region: 'eu-west-1', service: 'bedrock', error: 'AccessDeniedException' },
      { region: 'eu-west-1', service: 'bedrock-agent', operation: '*', error: 'AccessDeniedException' },
      { region: 'us-east-1', service: 'bedrock', operation: 'ListGuardrails', error: 'ThrottlingException', times: 2 },
      { region: 'us-east-1', service: 'cloudtrail', operation: 'GetEventSelectors', error: 'AccessDeniedException' },
      { service: 'cloudwatch', operation: 'DescribeAlarms', error: 'AccessDenied', message: 'no cloudwatch:DescribeAlarms for you' },
      { service: 'organizations', error: 'AccessDeniedException' },
      { service: 'sts', error: 'AccessDenied' },
      { service: 'ec2', error: 'UnauthorizedOperation' },
      { service: 'ssm', error: 'ThrottlingException' },
      { service: 'config-service', error: 'InternalServerException', status: 503, retryAfter: 1 },
    ],
  };
  let cloud: FakeCloud;
  beforeAll(async () => {
    cloud = await startFakeCloud({ aws: faultEstate });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('AccessDenied maps to error.name in every protocol', async () => {
    const eu = clients(cloud, { region: 'eu-west-1' });
    const bedrock = await failure(eu.bedrock.send(new ListGuardrailsCommand({})));
    expect(bedrock).toMatchObject({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 } });
    expect(bedrock.message).toBe(
      `User: arn:aws:sts::${account}:assumed-role/AiPostureReadOnly/aiposture-scan is not authorized to perform: bedrock:ListGuardrails because no identity-based policy allows the bedrock:ListGuardrails action`,
    );
    expect(bedrock).toBeInstanceOf(bedrockSdk.AccessDeniedException);
    expect(await failure(eu.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({})))).toMatchObject({ name: 'AccessDeniedException' });
    const agent = await failure(eu.agent.send(new ListAgentsCommand({})));
    expect(agent).toBeInstanceOf(agentSdk.AccessDeniedException);
    expect(agent).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    // eu-west-1 CloudTrail is unaffected.
    expect((await eu.cloudtrail.send(new DescribeTrailsCommand({}))).trailList).toHaveLength(2);

    const us = clients(cloud);
    const trail = await failure(us.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'org-audit' })));
    expect(trail).toBeInstanceOf(cloudTrailSdk.AccessDeniedException);
    expect(trail).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    const cw = await failure(us.cloudwatch.send(new DescribeAlarmsCommand({})));
    expect(cw).toMatchObject({ name: 'AccessDenied', message: 'no cloudwatch:DescribeAlarms for you', $metadata: { httpStatusCode: 403 } });
    const org = await failure(us.organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' })));
    expect(org).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    const sts = await failure(us.sts.send(new GetCallerIdentityCommand({})));
    expect(sts).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const ec2 = await failure(us.ec2.send(new DescribeRegionsCommand({})));
    expect(ec2).toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    const config = await failure(us.config.send(new DescribeConfigurationRecordersCommand({})));
    expect(config).toMatchObject({ name: 'InternalServerException', $fault: 'server', $metadata: { httpStatusCode: 503 } });
    expect(config).toBeInstanceOf(configSdk.ConfigServiceServiceException);
  });

  it('throttling with times: 2 fails twice then succeeds (SDK retries with maxAttempts 3)', async () => {
    const before = cloud.requests.length;
    const retrying = clients(cloud, { maxAttempts: 3 });
    const out = await retrying.bedrock.send(new ListGuardrailsCommand({}));
    expect(out.guardrails).toHaveLength(3);
    expect(out.$metadata.attempts).toBe(3);
    expect(cloud.requests.slice(before).map((r) => r.status)).toEqual([429, 429, 200]);
    // The fault is used up: later calls succeed at once.
    expect((await clients(cloud).bedrock.send(new ListGuardrailsCommand({}))).guardrails).toHaveLength(3);
  });

  it('a JSON-protocol ThrottlingException is a 400 the SDK still recognises', async () => {
    const ssm = clients(cloud).ssm;
    const error = await failure(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/global-infrastructure/services/bedrock/regions' })));
    expect(error).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  });

  it('cloudwatch errors carry the awsQuery-compatible code header', async () => {
    const response = await fetch(`${cloud.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-query-error')).toBe('AccessDenied;Sender');
    expect(await response.json()).toEqual({ __type: 'AccessDenied', message: 'no cloudwatch:DescribeAlarms for you' });
  });

  it('applies latency per request', async () => {
    const slow = await startFakeCloud({
      aws: { accountId: account, latencyMs: 120, enabledRegions: ['us-east-1', 'eu-west-1'], regions: { 'eu-west-1': { latencyMs: 200 } } },
    });
    try {
      const started = Date.now();
      await clients(slow).sts.send(new GetCallerIdentityCommand({}));
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
      const euStarted = Date.now();
      await clients(slow, { region: 'eu-west-1' }).bedrock.send(new ListGuardrailsCommand({}));
      expect(Date.now() - euStarted).toBeGreaterThanOrEqual(315);
      expect(slow.requests.map((r) => r.latencyMs)).toEqual([120, 320]);
    } finally {
      await slow.close();
    }
  });

  it('organisation membership: not in an organisation, or no effective policy', async () => {
    for (const [organization, expected] of [
      [null, 'AWSOrganizationsNotInUseException'],
      [undefined, 'AWSOrganizationsNotInUseException'],
      [{}, 'EffectivePolicyNotFoundException'],
    ] as const) {
      const org = await startFakeCloud({ aws: { accountId: account, ...(organization === undefined ? {} : { organization }) } });
      try {
        const error = await failure(clients(org).organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' })));
        expect(error).toMatchObject({ name: expected, $metadata: { httpStatusCode: 400 } });
      } finally {
        await org.close();
      }
    }
  });
});

describe('error statuses follow the SDK models', () => {
  const registries: Record<string, Record<string, unknown>> = {
    bedrock: bedrockSdk,
    'bedrock-agent': agentSdk,
    cloudtrail: cloudTrailSdk,
    cloudwatch: cloudWatchSdk,
  };
  it.each(Object.entries(modelledErrorStatus))('%s', (service, statuses) => {
    const sdk = registries[service] ?? {};
    for (const [code, status] of Object.entries(statuses ?? {})) {
      const schema = sdk[`${code}$`];
      expect(Array.isArray(schema), `${service} ${code} schema`).toBe(true);
      const traits = (schema as unknown[])[3] as Record<string, unknown>;
      expect(traits.httpError, `${service} ${code}`).toBe(status);
    }
  });
  it('defaults by protocol', () => {
    expect(defaultErrorStatus('bedrock', 'restJson1', 'ThrottlingException')).toBe(429);
    expect(defaultErrorStatus('cloudtrail', 'awsJson1_1', 'ThrottlingException')).toBe(400);
    expect(defaultErrorStatus('organizations', 'awsJson1_1', 'TooManyRequestsException')).toBe(400);
    expect(defaultErrorStatus('organizations', 'awsJson1_1', 'AccessDeniedException')).toBe(400);
    expect(defaultErrorStatus('ssm', 'awsJson1_1', 'AccessDeniedException')).toBe(400);
    expect(defaultErrorStatus('sts', 'awsQuery', 'AccessDenied')).toBe(403);
  });
});

describe('estate schemas match the SDK output shapes', () => {
  type Members = string[];
  const members = (sdk: Record<string, unknown>, name: string): Members => {
    const schema = sdk[`${name}$`];
    if (!Array.isArray(schema)) throw new Error(`no schema ${name}`);
    return schema[4] as Members;
  };
  const shapeKeys = (schema: unknown): Members => Object.keys((schema as { shape: Record<string, unknown> }).shape);
  const cases: [string, unknown, Record<string, unknown>, string, Members][] = [
    ['guardrail version', estateSchemas.guardrailVersionSchema, bedrockSdk, 'GetGuardrailResponse', []],
    ['content filter', estateSchemas.guardrailContentFilterSchema, bedrockSdk, 'GuardrailContentFilter', []],
    ['enforced guardrail', estateSchemas.enforcedGuardrailSchema, bedrockSdk, 'AccountEnforcedGuardrailOutputConfiguration', []],
    ['logging config', estateSchemas.loggingConfigSchema, bedrockSdk, 'LoggingConfig', []],
    ['custom model', estateSchemas.customModelSchema, bedrockSdk, 'GetCustomModelResponse', ['baseModelName', 'ownerAccountId']],
    ['provisioned throughput', estateSchemas.provisionedThroughputSchema, bedrockSdk, 'ProvisionedModelSummary', []],
    ['imported model', estateSchemas.importedModelSchema, bedrockSdk, 'ImportedModelSummary', []],
    ['inference profile', estateSchemas.inferenceProfileSchema, bedrockSdk, 'InferenceProfileSummary', []],
    ['agent', estateSchemas.agentSchema, agentSdk, 'Agent', ['latestAgentVersion']],
    ['knowledge base', estateSchemas.knowledgeBaseSchema, agentSdk, 'KnowledgeBase', []],
    ['data source', estateSchemas.dataSourceSchema, agentSdk, 'DataSource', []],
    ['trail', estateSchemas.trailSchema, cloudTrailSdk, 'Trail', []],
    ['trail status', estateSchemas.trailStatusSchema, cloudTrailSdk, 'GetTrailStatusResponse', []],
    // Sum: fake-only, the series' total that GetMetricData answers.
    ['metric', estateSchemas.metricSchema, cloudWatchSdk, 'Metric', ['Sum']],
    ['metric alarm', estateSchemas.metricAlarmSchema, cloudWatchSdk, 'MetricAlarm', []],
    ['composite alarm', estateSchemas.compositeAlarmSchema, cloudWatchSdk, 'CompositeAlarm', []],
    ['log alarm', estateSchemas.logAlarmSchema, cloudWatchSdk, 'LogAlarm', []],
    ['config recorder', estateSchemas.configRecorderSchema, configSdk, 'ConfigurationRecorder', []],
    ['config recorder status', estateSchemas.configRecorderStatusSchema, configSdk, 'ConfigurationRecorderStatus', []],
  ];
  it.each(cases)('%s', (_label, schema, sdk, sdkName, extras) => {
    expect(shapeKeys(schema).sort()).toEqual([...members(sdk, sdkName), ...extras].sort());
  });
  it('enums match the SDK', () => {
    expect([...estateSchemas.guardrailPiiEntityTypes].sort()).toEqual(Object.values(bedrockSdk.GuardrailPiiEntityType).sort());
  });
});

describe('estate files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiposture-estate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every shipped estate loads', async () => {
    const files = (await readdir(estatesDir)).filter((file) => /\.(ya?ml|json)$/.test(file));
    expect(files).toEqual(expect.arrayContaining(['aws-level1.yaml', 'aws-level2.yaml', 'aws-level3.yaml', 'aws-denied.yaml', 'demo.yaml']));
    for (const file of files) {
      const estate = await loadEstateFile(join(estatesDir, file));
      if (file.startsWith('aws') || file === 'demo.yaml') expect(estate.aws?.accountId, file).toMatch(/^\d{12}$/);
    }
  });

  it('rejects a malformed estate with a message naming the file, the key and the line', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      [
        'aws:',
        '  accountId: "111122223333"',
        '  regions:',
        '    us-east-1:',
        '      guardrails:',
        '        - id: gr1',
        '          name: test',
        '          versions:',
        '            - version: 1',
        '              contentPolicy:',
        '                filters:',
        '                  - { type: HATE, inputStrength: EXTREME, outputStrength: HIGH }',
      ].join('\n'),
    );
    await expect(loadEstate(file)).rejects.toThrow(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*aws\\.regions\\.us-east-1\\.guardrails\\[0\\]\\.versions\\[0\\]\\.contentPolicy\\.filters\\[0\\]\\.inputStrength \\(line 12\\)`,
      ),
    );
  });

  it('rejects unknown keys, naming them', () => {
    expect(() => parseEstate('aws:\n  accountId: "111122223333"\n  regions:\n    us-east-1:\n      guardrail: []\n', 'typo.yaml')).toThrow(
      /typo\.yaml: aws\.regions\.us-east-1\.guardrail \(line 5\): unknown key "guardrail"/,
    );
    expect(() => parseEstate('aws: { accountId: "111122223333" }\noci: {}\n', 'top.yaml')).toThrow(/top\.yaml: oci \(line 2\): unknown key "oci"/);
  });

  it('checks regions and timestamps', () => {
    expect(() => parseEstate('aws:\n  accountId: "111122223333"\n  enabledRegions: [us-east-1]\n  regions:\n    eu-west-1: {}\n', 'r.yaml')).toThrow(
      /aws\.regions\.eu-west-1 \(line 5\): region eu-west-1 is not in enabledRegions/,
    );
    expect(() =>
      parseEstate(
        'aws:\n  accountId: 111122223333\n  regions:\n    us-east-1:\n      agents: [{ agentId: AGENT00001, agentName: a, createdAt: yesterday }]\n',
        't.json',
      ),
    ).toThrow(/t\.json: aws\.regions\.us-east-1\.agents\[0\]\.createdAt \(line 5\): invalid timestamp "yesterday"/);
  });

  it('reports YAML syntax errors with file and line', () => {
    expect(() => parseEstate('aws:\n  accountId: "1\n', 'syntax.yaml')).toThrow(/Invalid estate file syntax\.yaml:\d+:\d+:/);
  });

  it('reports a missing file and a file without an aws section', async () => {
    await expect(loadEstate(join(dir, 'missing.yaml'))).rejects.toThrow(/Cannot read estate file .*missing\.yaml/);
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '{}');
    await expect(loadEstate(empty)).rejects.toThrow(/empty\.json: it has no "aws" section/);
  });

  it('parsing is idempotent (a parsed estate can be served again)', () => {
    const once = awsEstateSchema.parse(testEstate);
    const twice = awsEstateSchema.parse(once);
    expect(twice).toEqual(once);
  });
});

/** Reads an estate through the SDK the way a scanner would; returns what it saw and which calls failed. */
async function walk(cloud: FakeCloud, maxAttempts = 1) {
  const errors: string[] = [];
  const attempt = async <T>(label: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      errors.push(`${label}: ${error instanceof Error ? error.name : String(error)}`);
      return undefined;
    }
  };
  const home = clients(cloud, { maxAttempts });
  const identity = await home.sts.send(new GetCallerIdentityCommand({}));
  const enabled = (await home.ec2.send(new DescribeRegionsCommand({ AllRegions: false }))).Regions?.map((r) => r.RegionName ?? '') ?? [];
  const offered: string[] = [];
  for await (const page of paginateGetParametersByPath({ client: home.ssm }, { Path: '/aws/service/global-infrastructure/services/bedrock/regions' })) {
    offered.push(...(page.Parameters ?? []).map((p) => p.Value ?? ''));
  }
  const policy = await attempt('us-east-1 DescribeEffectivePolicy', () =>
    home.organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' })),
  );
  const regions: Record<
    string,
    {
      guardrails: GetGuardrailCommandOutput[];
      agents: Agent[];
      enforced: number;
      logging: boolean | undefined;
      dataSourceKeys: (string | undefined)[];
      customModelKeys: (string | undefined)[];
      metrics: string[];
      alarms: string[];
      recorders: { allSupported?: boolean; recording?: boolean }[];
      trails: string[];
    }
  > = {};
  for (const region of enabled.filter((r) => offered.includes(r))) {
    const c = clients(cloud, { region, maxAttempts });
    const view: (typeof regions)[string] = {
      guardrails: [],
      agents: [],
      enforced: 0,
      logging: undefined,
      dataSourceKeys: [],
      customModelKeys: [],
      metrics: [],
      alarms: [],
      recorders: [],
      trails: [],
    };
    regions[region] = view;
    const drafts = await attempt(`${region} ListGuardrails`, async () => {
      const all = [];
      for await (const page of paginateListGuardrails({ client: c.bedrock }, {})) all.push(...(page.guardrails ?? []));
      return all;
    });
    for (const draft of drafts ?? []) {
      const versions = await attempt(`${region} ListGuardrails(${draft.id})`, () =>
        c.bedrock.send(new ListGuardrailsCommand({ guardrailIdentifier: draft.id })),
      );
      for (const version of versions?.guardrails ?? []) {
        const got = await attempt(`${region} GetGuardrail`, () =>
          c.bedrock.send(
            new GetGuardrailCommand({ guardrailIdentifier: draft.id, ...(version.version === 'DRAFT' ? {} : { guardrailVersion: version.version }) }),
          ),
        );
        if (got !== undefined) view.guardrails.push(got);
      }
      await attempt(`${region} ListTagsForResource`, () => c.bedrock.send(new ListTagsForResourceCommand({ resourceARN: draft.arn })));
    }
    const enforced = await attempt(`${region} ListEnforcedGuardrailsConfiguration`, () => c.bedrock.send(new ListEnforcedGuardrailsConfigurationCommand({})));
    view.enforced = enforced?.guardrailsConfig?.length ?? 0;
    const logging = await attempt(`${region} GetModelInvocationLoggingConfiguration`, () =>
      c.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({})),
    );
    view.logging = logging === undefined ? undefined : logging.loggingConfig?.textDataDeliveryEnabled === true;
    const models = await attempt(`${region} ListCustomModels`, () => c.bedrock.send(new ListCustomModelsCommand({ isOwned: true })));
    for (const model of models?.modelSummaries ?? []) {
      const got = await attempt(`${region} GetCustomModel`, () => c.bedrock.send(new GetCustomModelCommand({ modelIdentifier: model.modelArn })));
      view.customModelKeys.push(got?.modelKmsKeyArn);
    }
    await attempt(`${region} ListProvisionedModelThroughputs`, () => c.bedrock.send(new ListProvisionedModelThroughputsCommand({})));
    await attempt(`${region} ListInferenceProfiles`, () => c.bedrock.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' })));
    const agents = await attempt(`${region} ListAgents`, () => c.agent.send(new ListAgentsCommand({})));
    for (const summary of agents?.agentSummaries ?? []) {
      const got = await attempt(`${region} GetAgent`, () => c.agent.send(new GetAgentCommand({ agentId: summary.agentId })));
      if (got?.agent !== undefined) view.agents.push(got.agent);
    }
    const kbs = await attempt(`${region} ListKnowledgeBases`, () => c.agent.send(new ListKnowledgeBasesCommand({})));
    for (const kb of kbs?.knowledgeBaseSummaries ?? []) {
      const sources = await attempt(`${region} ListDataSources`, () => c.agent.send(new ListDataSourcesCommand({ knowledgeBaseId: kb.knowledgeBaseId })));
      for (const source of sources?.dataSourceSummaries ?? []) {
        const got = await attempt(`${region} GetDataSource`, () =>
          c.agent.send(new GetDataSourceCommand({ knowledgeBaseId: kb.knowledgeBaseId, dataSourceId: source.dataSourceId })),
        );
        view.dataSourceKeys.push(got?.dataSource?.serverSideEncryptionConfiguration?.kmsKeyArn);
      }
    }
    for await (const page of paginateListMetrics({ client: c.cloudwatch }, { Namespace: 'AWS/Bedrock' }))
      view.metrics.push(...(page.Metrics ?? []).map((m) => m.MetricName ?? ''));
    for await (const page of paginateDescribeAlarms({ client: c.cloudwatch }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })) {
      view.alarms.push(
        ...(page.MetricAlarms ?? [])
          .filter(
            (a) =>
              a.Namespace === 'AWS/Bedrock/Guardrails' && a.MetricName === 'InvocationsIntervened' && a.ActionsEnabled && (a.AlarmActions ?? []).length > 0,
          )
          .map((a) => a.AlarmName ?? ''),
      );
    }
    const recorders = await c.config.send(new DescribeConfigurationRecordersCommand({}));
    const statuses = await c.config.send(new DescribeConfigurationRecorderStatusCommand({}));
    view.recorders = (recorders.ConfigurationRecorders ?? []).map((r, i) => ({
      allSupported: r.recordingGroup?.allSupported,
      recording: statuses.ConfigurationRecordersStatus?.[i]?.recording,
    }));
    const trails = await c.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    for (const trail of trails.trailList ?? []) {
      const status = await c.cloudtrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
      const selectors = await c.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN }));
      const dataTypes = (selectors.AdvancedEventSelectors ?? [])
        .flatMap((s) => s.FieldSelectors ?? [])
        .filter((f) => f.Field === 'resources.type')
        .flatMap((f) => f.Equals ?? []);
      view.trails.push(
        `${trail.Name ?? ''}${trail.IsMultiRegionTrail ? ' multi-region' : ''}${status.IsLogging ? ' logging' : ' stopped'}${dataTypes.length > 0 ? ` data:${dataTypes.join(',')}` : ''}`,
      );
    }
  }
  return { identity, enabled, offered, policy, regions, errors };
}

describe('shipped estates', () => {
  const serve = async (name: string) =>
    startFakeCloud({
      aws: await loadEstate(join(estatesDir, name)),
      onUnknownOperation: (info) => {
        throw new Error(`unknown operation ${info.operation}`);
      },
    });

  it('aws-level1: Bedrock used in us-east-1 without guardrails, logging or trails', async () => {
    const cloud = await serve('aws-level1.yaml');
    try {
      const seen = await walk(cloud);
      expect(seen.errors).toEqual(['us-east-1 DescribeEffectivePolicy: AWSOrganizationsNotInUseException']);
      expect(seen.identity.Account).toBe(account);
      expect(seen.enabled).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
      const us = seen.regions['us-east-1'];
      expect(us).toMatchObject({ guardrails: [], enforced: 0, logging: false, trails: [], alarms: [], recorders: [] });
      expect(us?.metrics).toContain('Invocations');
      expect(us?.agents.map((a) => a.guardrailConfiguration)).toEqual([undefined]);
      expect(seen.regions['eu-west-1']).toMatchObject({ guardrails: [], agents: [], metrics: [], logging: false });
      expect(seen.policy).toBeUndefined();
      expect(cloud.requests.every((r) => r.status === 200 || r.operation === 'DescribeEffectivePolicy')).toBe(true);
    } finally {
      await cloud.close();
    }
  });

  it('aws-level2: weak published guardrail, DRAFT-only guardrail in eu-west-1, logging in us-east-1 only, one trail', async () => {
    const cloud = await serve('aws-level2.yaml');
    try {
      const seen = await walk(cloud);
      expect(seen.errors).toEqual(['us-east-1 DescribeEffectivePolicy: AWSOrganizationsNotInUseException']);
      const us = seen.regions['us-east-1'];
      const v1 = us?.guardrails.find((g) => g.version === '1');
      expect(v1).toMatchObject({ name: 'support-bot', status: 'READY' });
      expect(v1?.contentPolicy?.filters?.map((f) => `${f.type}:${f.inputStrength}/${f.outputStrength}`)).toEqual([
        'HATE:MEDIUM/MEDIUM',
        'SEXUAL:MEDIUM/MEDIUM',
        'VIOLENCE:MEDIUM/MEDIUM',
        'PROMPT_ATTACK:LOW/NONE',
      ]);
      expect(v1?.sensitiveInformationPolicy).toBeUndefined();
      expect(us?.agents.map((a) => a.guardrailConfiguration?.guardrailVersion)).toEqual(['1', undefined]);
      expect(us).toMatchObject({ logging: true, enforced: 0, alarms: [], recorders: [], trails: ['management-events multi-region logging'] });
      const euWest = seen.regions['eu-west-1'];
      expect(euWest?.guardrails.map((g) => g.version)).toEqual(['DRAFT']);
      expect(euWest).toMatchObject({ logging: false, trails: [] });
      expect(seen.regions['ap-southeast-2']).toMatchObject({ guardrails: [], agents: [], metrics: [] });
    } finally {
      await cloud.close();
    }
  });

  it('aws-level3: every medium+ control in both used regions', async () => {
    const cloud = await serve('aws-level3.yaml');
    try {
      const seen = await walk(cloud);
      expect(seen.errors).toEqual(['us-east-1 DescribeEffectivePolicy: EffectivePolicyNotFoundException']);
      for (const name of ['us-east-1', 'eu-west-1']) {
        const region = seen.regions[name];
        const v1 = region?.guardrails.find((g) => g.version === '1');
        expect(v1?.contentPolicy?.filters?.map((f) => `${f.type}:${f.inputStrength}/${f.outputStrength}:${f.inputAction}/${f.outputAction}`)).toEqual([
          'HATE:HIGH/HIGH:BLOCK/BLOCK',
          'INSULTS:HIGH/HIGH:BLOCK/BLOCK',
          'SEXUAL:HIGH/HIGH:BLOCK/BLOCK',
          'VIOLENCE:HIGH/HIGH:BLOCK/BLOCK',
          'MISCONDUCT:HIGH/HIGH:BLOCK/BLOCK',
          'PROMPT_ATTACK:HIGH/NONE:BLOCK/NONE',
        ]);
        expect(v1?.contentPolicy?.tier?.tierName).toBe('CLASSIC');
        expect(v1?.sensitiveInformationPolicy?.piiEntities?.map((p) => `${p.type}:${p.action}`)).toEqual([
          'EMAIL:ANONYMIZE',
          'PHONE:ANONYMIZE',
          'CREDIT_DEBIT_CARD_NUMBER:ANONYMIZE',
          'US_SOCIAL_SECURITY_NUMBER:ANONYMIZE',
          'AWS_SECRET_KEY:ANONYMIZE',
        ]);
        expect(v1?.contextualGroundingPolicy?.filters).toEqual([
          { type: 'GROUNDING', threshold: 0.75, action: 'BLOCK', enabled: true },
          { type: 'RELEVANCE', threshold: 0.75, action: 'BLOCK', enabled: true },
        ]);
        expect(v1?.kmsKeyArn).toBeUndefined();
        expect(region?.agents.map((a) => a.guardrailConfiguration?.guardrailVersion)).toEqual(['1']);
        expect(region).toMatchObject({ enforced: 1, logging: true, recorders: [{ allSupported: true, recording: true }] });
        expect(region?.alarms).toHaveLength(1);
      }
      expect(seen.regions['us-east-1']?.trails).toEqual([
        'org-governance multi-region logging data:AWS::Bedrock::Guardrail,AWS::Bedrock::AgentAlias,AWS::Bedrock::KnowledgeBase,AWS::Bedrock::Model',
      ]);
      const tags = await clients(cloud).bedrock.send(
        new ListTagsForResourceCommand({ resourceARN: `arn:aws:bedrock:us-east-1:${account}:guardrail/a7m2x9k4q1w8` }),
      );
      expect(tags.tags?.map((t) => t.key)).toContain('aws:cloudformation:stack-id');
    } finally {
      await cloud.close();
    }
  });

  it('aws-denied: Bedrock denied in eu-west-1; throttled ListGuardrails in us-east-1 succeeds on retry', async () => {
    const cloud = await serve('aws-denied.yaml');
    try {
      const seen = await walk(cloud, 3);
      expect(seen.errors.filter((e) => !e.startsWith('eu-west-1'))).toEqual(['us-east-1 DescribeEffectivePolicy: AWSOrganizationsNotInUseException']);
      const eu = seen.errors.filter((e) => e.startsWith('eu-west-1'));
      expect(eu.length).toBeGreaterThanOrEqual(8);
      expect(eu.every((e) => e.endsWith(': AccessDeniedException'))).toBe(true);
      expect(seen.regions['us-east-1']?.guardrails.length).toBe(2);
      const listCalls = cloud.requests.filter((r) => r.region === 'us-east-1' && r.operation === 'ListGuardrails').map((r) => r.status);
      expect(listCalls.slice(0, 3)).toEqual([429, 429, 200]);
      expect(cloud.requests.filter((r) => r.region === 'eu-west-1' && r.service.startsWith('bedrock')).every((r) => r.status === 403)).toBe(true);
      expect(seen.regions['eu-west-1']?.metrics).toEqual(['Invocations']);
    } finally {
      await cloud.close();
    }
  });

  it('demo: three used regions with varied findings', async () => {
    const cloud = await serve('demo.yaml');
    try {
      const seen = await walk(cloud);
      expect(seen.errors).toEqual([]);
      expect(JSON.parse(seen.policy?.EffectivePolicy?.PolicyContent ?? '{}')).toHaveProperty(['bedrock', 'guardrail_inference', 'us-east-1']);
      const us = seen.regions['us-east-1'];
      expect(us?.agents.map((a) => a.guardrailConfiguration?.guardrailVersion)).toEqual(['1', '2', 'DRAFT', undefined]);
      expect(us?.dataSourceKeys).toEqual([expect.stringMatching(/^arn:aws:kms:/), undefined]);
      expect(us?.customModelKeys).toEqual([undefined]);
      expect(us?.alarms).toEqual([]);
      expect(us?.recorders).toEqual([{ allSupported: false, recording: true }]);
      expect(seen.regions['eu-west-1']).toMatchObject({ enforced: 1, logging: false, trails: ['eu-data-events stopped data:AWS::Bedrock::KnowledgeBase'] });
      expect(seen.regions['eu-west-1']?.guardrails.map((g) => g.version)).toEqual(['DRAFT', '1']);
      expect(seen.regions['ap-southeast-2']).toMatchObject({ guardrails: [], metrics: ['Invocations', 'Invocations'] });
    } finally {
      await cloud.close();
    }
  });
});
