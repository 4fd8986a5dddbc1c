import {
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListCustomModelsCommand,
  ListEnforcedGuardrailsConfigurationCommand,
  ListGuardrailsCommand,
  ListInferenceProfilesCommand,
  ListProvisionedModelThroughputsCommand,
  ListTagsForResourceCommand,
  type GuardrailSummary,
} from '@aws-sdk/client-bedrock';
import { GetAgentCommand, GetDataSourceCommand, ListAgentsCommand, ListDataSourcesCommand, ListKnowledgeBasesCommand } from '@aws-sdk/client-bedrock-agent';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DescribeEffectivePolicyCommand } from '@aws-sdk/client-organizations';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Logger } from 'pino';
import type { ScopeRef } from '../../src/model/common.ts';
import type { AwsResource, GuardrailReference } from '../../src/model/aws.ts';
import type { Inventory, Listing, ResourceType, ScannedRegion } from '../../src/model/inventory.ts';
import { CallScheduler, type SchedulerOptions } from '../../src/collect/scheduler.ts';
import { AwsClientPool, defaultCredentials, type AwsClientFamilies, type AwsClientFamily } from './clients.ts';
import { awsThrottle, classifyAwsError } from './errors.ts';
import { ScanAbortedError } from '../../src/errors.ts';
import * as normalise from './normalise.ts';
import { bedrockRegionsParameterPath, fallbackBedrockRegions } from './regions.ts';
import { awsPartition } from '../../rules/aws/regions.ts';

export interface AwsCollectOptions {
  profile?: string;
  /** Explicit regions (`--regions`); default: every enabled region where Bedrock is offered. */
  regions?: readonly string[];
  credentials?: AwsCredentialIdentityProvider;
  scheduler?: SchedulerOptions;
  logger?: Logger;
}

export interface AwsCollectResult {
  inventory: Inventory;
  calls: AwsClientPool['calls'];
  stats: CallScheduler['stats'];
}

/** The region used for account-wide calls (STS, EC2 region discovery) unless the environment names one. */
function homeRegion(): string {
  return process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

async function allPages<T>(fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return items;
}

/** Collects the Bedrock posture of the account the credentials belong to. */
export async function collectAws(options: AwsCollectOptions = {}): Promise<AwsCollectResult> {
  const pool = new AwsClientPool(options.credentials ?? defaultCredentials(options.profile));
  const scheduler = new CallScheduler(awsThrottle, options.scheduler);
  const logger = options.logger;
  const resources: AwsResource[] = [];
  const listings: Listing[] = [];
  const regions: ScannedRegion[] = [];

  try {
    const identity = await pool
      .get('sts', homeRegion())
      .send(new GetCallerIdentityCommand({}))
      .catch((error: unknown) => {
        throw new ScanAbortedError(`AWS credentials could not be used (${classifyAwsError(error).message})`);
      });
    const scope: ScopeRef = { provider: 'aws', type: 'account', id: identity.Account ?? 'unknown' };

    const call = <F extends AwsClientFamily, O>(family: F, region: string, send: (client: AwsClientFamilies[F]) => Promise<O>): Promise<O> =>
      scheduler.run(`aws:${scope.id}:${region}:${family}`, () => send(pool.get(family, region)));

    const record = (resourceType: ResourceType, region: string | null, collector: string, outcome: { status: Listing['status']; message?: string }) => {
      listings.push({
        provider: 'aws',
        scope,
        region,
        resourceType,
        collector,
        status: outcome.status,
        ...(outcome.message ? { message: outcome.message } : {}),
      });
      if (outcome.status !== 'ok') logger?.warn({ region, collector, status: outcome.status }, outcome.message ?? 'read failed');
    };

    /** Runs one listing; on failure records it as a coverage gap instead of throwing. */
    const listing = async <T>(resourceType: ResourceType, region: string | null, collector: string, read: () => Promise<T>): Promise<T | undefined> => {
      try {
        const value = await read();
        record(resourceType, region, collector, { status: 'ok' });
        return value;
      } catch (error) {
        record(resourceType, region, collector, classifyAwsError(error));
        return undefined;
      }
    };

    const scanRegions = await discoverRegions(options.regions, (family, region, send) => call(family, region, send), record);
    for (const [region, supported] of scanRegions) regions.push({ provider: 'aws', scope, region, supported });

    const orgPolicy = await listing('aws.organizations.bedrock-policy', null, 'organizations:DescribeEffectivePolicy', async () => {
      try {
        const output = await call('organizations', 'us-east-1', (client) => client.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' })));
        return output.EffectivePolicy?.PolicyContent;
      } catch (error) {
        // No effective policy, or no organisation at all: a definite "none", not a gap.
        const name = (error as { name?: string }).name;
        if (name === 'EffectivePolicyNotFoundException' || name === 'AWSOrganizationsNotInUseException') return undefined;
        throw error;
      }
    });
    const orgPolicyRead = listings.at(-1)?.status === 'ok';
    const policy = orgPolicyRead ? normalise.orgBedrockPolicy(orgPolicy, { scope, region: null, api: 'organizations:DescribeEffectivePolicy' }) : undefined;
    if (policy) resources.push(policy);

    const supportedRegions = [...scanRegions].filter(([, supported]) => supported).map(([region]) => region);
    await Promise.all(
      supportedRegions.map((region) =>
        collectRegion({ region, scope, call, listing, resources, orgAssignments: policy?.assignments.filter((entry) => entry.region === region) ?? [] }),
      ),
    );
    for (const [region, supported] of scanRegions) {
      if (!supported) record('aws.bedrock.guardrail', region, 'aws.regions', { status: 'unsupported', message: `Amazon Bedrock is not offered in ${region}` });
    }

    return {
      inventory: { providers: ['aws'], scopes: [scope], regions, resources, listings },
      calls: pool.calls,
      stats: scheduler.stats,
    };
  } finally {
    pool.destroy();
  }
}

type Call = <F extends AwsClientFamily, O>(family: F, region: string, send: (client: AwsClientFamilies[F]) => Promise<O>) => Promise<O>;
type RecordListing = (resourceType: ResourceType, region: string | null, collector: string, outcome: { status: Listing['status']; message?: string }) => void;

/**
 * The regions to scan, each marked whether Bedrock is offered there: enabled regions (EC2)
 * intersected with Bedrock's regions (SSM public parameters), or the user's list.
 */
async function discoverRegions(requested: readonly string[] | undefined, call: Call, record: RecordListing): Promise<Map<string, boolean>> {
  let bedrockRegions: string[] | undefined;
  try {
    const parameters = await allPages(async (token) => {
      const page = await call('ssm', 'us-east-1', (client) =>
        client.send(new GetParametersByPathCommand({ Path: bedrockRegionsParameterPath, NextToken: token })),
      );
      return { items: page.Parameters, next: page.NextToken };
    });
    bedrockRegions = parameters.flatMap((parameter) => (parameter.Value ? [parameter.Value] : []));
  } catch (error) {
    const { status, message } = classifyAwsError(error);
    record('aws.bedrock.region-activity', null, 'ssm:GetParametersByPath', {
      status,
      message: `Bedrock regions not discoverable, using the built-in list (${message})`,
    });
  }
  const offered = new Set(bedrockRegions ?? fallbackBedrockRegions);
  if (requested && requested.length > 0) return new Map(requested.map((region) => [region, offered.has(region)]));

  let enabled: string[] | undefined;
  try {
    const output = await call('ec2', homeRegion(), (client) => client.send(new DescribeRegionsCommand({ AllRegions: false })));
    enabled = (output.Regions ?? []).flatMap((region) => (region.RegionName ? [region.RegionName] : []));
  } catch (error) {
    const { status, message } = classifyAwsError(error);
    record('aws.bedrock.region-activity', null, 'ec2:DescribeRegions', {
      status,
      message: `Enabled regions not discoverable, scanning every Bedrock region (${message})`,
    });
  }
  const candidates = enabled ?? [...offered];
  return new Map(
    candidates
      .filter((region) => offered.has(region))
      .sort()
      .map((region) => [region, true]),
  );
}

interface RegionContext {
  region: string;
  scope: ScopeRef;
  call: Call;
  listing: <T>(resourceType: ResourceType, region: string | null, collector: string, read: () => Promise<T>) => Promise<T | undefined>;
  resources: AwsResource[];
  orgAssignments: ReadonlyArray<{ name: string; guardrail: GuardrailReference | null }>;
}

/** Keeps the SDK error's name and status (so it classifies the same) but says what was being read. */
function withContext(error: unknown, what: string): unknown {
  const shape = error as { name?: string; message?: string; $metadata?: unknown };
  return Object.assign(new Error(`${what}: ${shape.message ?? String(error)}`), { name: shape.name ?? 'Error', $metadata: shape.$metadata });
}

async function detail<T>(read: () => Promise<T>): Promise<{ value?: T; unreadable?: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    return { unreadable: classifyAwsError(error).message };
  }
}

async function collectRegion(context: RegionContext): Promise<void> {
  const { region, scope, call, listing, resources } = context;
  const where = (api: string) => ({ scope, region, api });

  const guardrailsTask = listing('aws.bedrock.guardrail', region, 'bedrock:ListGuardrails', () =>
    allPages(async (token) => {
      const page = await call('bedrock', region, (client) => client.send(new ListGuardrailsCommand({ nextToken: token })));
      return { items: page.guardrails, next: page.nextToken };
    }),
  );

  const agentsTask = listing('aws.bedrock.agent', region, 'bedrock-agent:ListAgents', async () => {
    const summaries = await allPages(async (token) => {
      const page = await call('bedrock-agent', region, (client) => client.send(new ListAgentsCommand({ nextToken: token })));
      return { items: page.agentSummaries, next: page.nextToken };
    });
    return Promise.all(
      summaries.map(async (summary) => {
        const agentId = summary.agentId ?? '';
        const got = await detail(() => call('bedrock-agent', region, (client) => client.send(new GetAgentCommand({ agentId }))));
        return normalise.agent({ ...summary, agentId }, got.value?.agent, got.unreadable, where('bedrock-agent:GetAgent'));
      }),
    );
  });

  const enforcedTask = listing('aws.bedrock.enforced-guardrail', region, 'bedrock:ListEnforcedGuardrailsConfiguration', async () => {
    const configs = await allPages(async (token) => {
      const page = await call('bedrock', region, (client) => client.send(new ListEnforcedGuardrailsConfigurationCommand({ nextToken: token })));
      return { items: page.guardrailsConfig, next: page.nextToken };
    });
    return configs.map((config) => normalise.enforcedGuardrail(config, where('bedrock:ListEnforcedGuardrailsConfiguration')));
  });

  const otherTasks = [
    listing('aws.bedrock.invocation-logging', region, 'bedrock:GetModelInvocationLoggingConfiguration', async () => {
      const output = await call('bedrock', region, (client) => client.send(new GetModelInvocationLoggingConfigurationCommand({})));
      resources.push(normalise.invocationLogging(output.loggingConfig, where('bedrock:GetModelInvocationLoggingConfiguration')));
    }),
    collectKnowledgeBases(context),
    listing('aws.bedrock.custom-model', region, 'bedrock:ListCustomModels', async () => {
      const summaries = await allPages(async (token) => {
        const page = await call('bedrock', region, (client) => client.send(new ListCustomModelsCommand({ isOwned: true, nextToken: token })));
        return { items: page.modelSummaries, next: page.nextToken };
      });
      for (const summary of summaries) {
        const modelArn = summary.modelArn ?? '';
        const got = await detail(() => call('bedrock', region, (client) => client.send(new GetCustomModelCommand({ modelIdentifier: modelArn }))));
        resources.push(normalise.customModel({ modelArn, modelName: summary.modelName }, got.value, got.unreadable, where('bedrock:GetCustomModel')));
      }
    }),
    collectActivity(context),
    collectTrails(context),
    listing('aws.cloudwatch.alarm', region, 'cloudwatch:DescribeAlarms', async () => {
      let token: string | undefined;
      do {
        const page = await call('cloudwatch', region, (client) =>
          client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: token })),
        );
        for (const alarm of page.MetricAlarms ?? []) resources.push(normalise.metricAlarm(alarm, where('cloudwatch:DescribeAlarms')));
        for (const alarm of page.CompositeAlarms ?? []) resources.push(normalise.compositeAlarm(alarm, where('cloudwatch:DescribeAlarms')));
        token = page.NextToken;
      } while (token);
    }),
    listing('aws.config.recorder', region, 'config:DescribeConfigurationRecorders', async () => {
      const output = await call('config-service', region, (client) => client.send(new DescribeConfigurationRecordersCommand({})));
      const recorders = output.ConfigurationRecorders ?? [];
      if (recorders.length === 0) return;
      const statuses = await detail(() => call('config-service', region, (client) => client.send(new DescribeConfigurationRecorderStatusCommand({}))));
      for (const recorder of recorders) {
        const status = statuses.value?.ConfigurationRecordersStatus?.find((entry) => entry.name === recorder.name);
        resources.push(normalise.configRecorder(recorder, status, where('config:DescribeConfigurationRecorders')));
      }
    }),
  ];

  const [guardrails, agents, enforced] = await Promise.all([guardrailsTask, agentsTask, enforcedTask]);
  resources.push(...(agents ?? []), ...(enforced ?? []));

  const references: Array<{ by: string; ref: GuardrailReference }> = [
    ...(agents ?? []).flatMap((agent) => (agent.guardrail ? [{ by: agent.arn, ref: agent.guardrail }] : [])),
    ...(enforced ?? []).map((config) => ({ by: config.id, ref: config.guardrail })),
    ...context.orgAssignments.flatMap((assignment) =>
      assignment.guardrail ? [{ by: `organizations:BEDROCK_POLICY/${assignment.name}`, ref: assignment.guardrail }] : [],
    ),
  ];
  if (guardrails) await collectGuardrailVersions(context, guardrails, references);
  await Promise.all(otherTasks);
}

/** Reads the versions that matter: each one referenced, or DRAFT when nothing references the guardrail. */
async function collectGuardrailVersions(
  context: RegionContext,
  summaries: GuardrailSummary[],
  references: Array<{ by: string; ref: GuardrailReference }>,
): Promise<void> {
  const { region, call, resources, scope } = context;
  await Promise.all(
    summaries.map(async (summary) => {
      const id = summary.id ?? '';
      const arn = summary.arn ?? '';
      const referencedVersions = new Map<string, string[]>();
      for (const { by, ref } of references) {
        const identifier = normalise.splitGuardrailIdentifier(ref.identifier).identifier;
        if (identifier !== id && identifier !== arn) continue;
        const version = ref.version ?? 'DRAFT';
        referencedVersions.set(version, [...(referencedVersions.get(version) ?? []), by]);
      }
      if (referencedVersions.size === 0) referencedVersions.set('DRAFT', []);
      const tagsRead = detail(() => call('bedrock', region, (client) => client.send(new ListTagsForResourceCommand({ resourceARN: arn }))));
      const versionsRead = [...referencedVersions].map(async ([version, by]) => ({
        version,
        by,
        got: await detail(() =>
          call('bedrock', region, (client) =>
            client.send(new GetGuardrailCommand({ guardrailIdentifier: id, ...(version === 'DRAFT' ? {} : { guardrailVersion: version }) })),
          ),
        ),
      }));
      const tags = await tagsRead;
      const tagMap = tags.value ? Object.fromEntries((tags.value.tags ?? []).map((tag) => [tag.key ?? '', tag.value ?? ''])) : undefined;
      const where = { scope, region, api: 'bedrock:GetGuardrail' };
      for (const { version, by, got } of await Promise.all(versionsRead)) {
        resources.push(
          got.value
            ? normalise.guardrailVersion(got.value, by, tagMap, where)
            : normalise.unreadableGuardrailVersion({ id, arn, name: summary.name, status: summary.status }, version, by, got.unreadable ?? 'unreadable', where),
        );
      }
    }),
  );
}

async function collectKnowledgeBases(context: RegionContext): Promise<void> {
  const { region, scope, call, listing, resources } = context;
  let listError: unknown;
  const knowledgeBases = await listing('aws.bedrock.knowledge-base', region, 'bedrock-agent:ListKnowledgeBases', () =>
    allPages(async (token) => {
      const page = await call('bedrock-agent', region, (client) => client.send(new ListKnowledgeBasesCommand({ nextToken: token })));
      return { items: page.knowledgeBaseSummaries, next: page.nextToken };
    }).catch((error: unknown) => {
      listError = error;
      throw error;
    }),
  );
  if (!knowledgeBases) {
    // Without the knowledge bases their data sources are unknown too, for the same reason.
    await listing('aws.bedrock.data-source', region, 'bedrock-agent:ListDataSources', () =>
      Promise.reject(withContext(listError, 'knowledge bases could not be listed')),
    );
    return;
  }
  for (const summary of knowledgeBases) {
    const knowledgeBaseId = summary.knowledgeBaseId ?? '';
    const arn = `arn:${awsPartition(region)}:bedrock:${region}:${scope.id}:knowledge-base/${knowledgeBaseId}`;
    let unreadable: string | undefined;
    try {
      const dataSources = await allPages(async (token) => {
        const page = await call('bedrock-agent', region, (client) => client.send(new ListDataSourcesCommand({ knowledgeBaseId, nextToken: token })));
        return { items: page.dataSourceSummaries, next: page.nextToken };
      });
      for (const dataSource of dataSources) {
        const dataSourceId = dataSource.dataSourceId ?? '';
        const got = await detail(() => call('bedrock-agent', region, (client) => client.send(new GetDataSourceCommand({ knowledgeBaseId, dataSourceId }))));
        resources.push(
          normalise.dataSource({ knowledgeBaseId, arn }, { dataSourceId, name: dataSource.name }, got.value?.dataSource, got.unreadable, {
            scope,
            region,
            api: 'bedrock-agent:GetDataSource',
          }),
        );
      }
    } catch (error) {
      // The knowledge base is known, its data sources are not: rules report it as unknown.
      unreadable = `ListDataSources failed: ${classifyAwsError(error).message}`;
    }
    resources.push({
      provider: 'aws',
      scope,
      region,
      source: { kind: 'api', api: 'bedrock-agent:ListKnowledgeBases' },
      type: 'aws.bedrock.knowledge-base',
      id: arn,
      ...(summary.name ? { name: summary.name } : {}),
      knowledgeBaseId,
      arn,
      ...(summary.status ? { status: summary.status } : {}),
      ...(unreadable ? { unreadable } : {}),
    });
  }
  await listing('aws.bedrock.data-source', region, 'bedrock-agent:ListDataSources', async () => undefined);
}

async function collectActivity(context: RegionContext): Promise<void> {
  const { region, scope, call, resources, listing } = context;
  let failure: { api: string; error: unknown } | undefined;
  const read = async <T>(api: string, get: () => Promise<T>) => {
    try {
      return await get();
    } catch (error) {
      failure ??= { api, error };
      return undefined;
    }
  };
  const [metrics, throughputs, profiles] = await Promise.all([
    read('cloudwatch:ListMetrics', () =>
      allPages(async (token) => {
        const page = await call('cloudwatch', region, (client) => client.send(new ListMetricsCommand({ Namespace: 'AWS/Bedrock', NextToken: token })));
        return { items: page.Metrics, next: page.NextToken };
      }),
    ),
    read('bedrock:ListProvisionedModelThroughputs', () =>
      allPages(async (token) => {
        const page = await call('bedrock', region, (client) => client.send(new ListProvisionedModelThroughputsCommand({ nextToken: token })));
        return { items: page.provisionedModelSummaries, next: page.nextToken };
      }),
    ),
    read('bedrock:ListInferenceProfiles', () =>
      allPages(async (token) => {
        const page = await call('bedrock', region, (client) => client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', nextToken: token })));
        return { items: page.inferenceProfileSummaries, next: page.nextToken };
      }),
    ),
  ]);
  const unreadable = [
    metrics === undefined && 'cloudwatch:ListMetrics',
    throughputs === undefined && 'bedrock:ListProvisionedModelThroughputs',
    profiles === undefined && 'bedrock:ListInferenceProfiles',
  ].filter(Boolean);
  resources.push({
    provider: 'aws',
    scope,
    region,
    source: { kind: 'api', api: 'cloudwatch:ListMetrics' },
    type: 'aws.bedrock.region-activity',
    id: `arn:aws:bedrock:${region}:${scope.id}:activity`,
    ...(metrics ? { bedrockMetricNames: [...new Set(metrics.flatMap((metric) => (metric.MetricName ? [metric.MetricName] : [])))].sort() } : {}),
    ...(throughputs ? { provisionedThroughputCount: throughputs.length } : {}),
    ...(profiles ? { applicationInferenceProfileCount: profiles.length } : {}),
  });
  await listing('aws.bedrock.region-activity', region, failure?.api ?? 'cloudwatch:ListMetrics', async () => {
    if (failure !== undefined) throw withContext(failure.error, `Bedrock activity signals unreadable (${unreadable.join(', ')})`);
  });
}

async function collectTrails(context: RegionContext): Promise<void> {
  const { region, scope, call, listing, resources } = context;
  await listing('aws.cloudtrail.trail', region, 'cloudtrail:DescribeTrails', async () => {
    // Only trails homed here: every region is scanned, so each trail is read once, in its home region.
    const output = await call('cloudtrail', region, (client) => client.send(new DescribeTrailsCommand({ includeShadowTrails: false })));
    for (const summary of output.trailList ?? []) {
      const name = summary.TrailARN ?? summary.Name ?? '';
      const home = summary.HomeRegion ?? region;
      const [status, selectors] = await Promise.all([
        detail(() => call('cloudtrail', home, (client) => client.send(new GetTrailStatusCommand({ Name: name })))),
        detail(() => call('cloudtrail', home, (client) => client.send(new GetEventSelectorsCommand({ TrailName: name })))),
      ]);
      const unreadable = [status.unreadable, selectors.unreadable].filter(Boolean).join('; ');
      resources.push(normalise.trail(summary, status.value, selectors.value, unreadable || undefined, { scope, region, api: 'cloudtrail:DescribeTrails' }));
    }
  });
}
