import {
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListTagsForResourceCommand,
  paginateListCustomModels,
  paginateListEnforcedGuardrailsConfiguration,
  paginateListGuardrails,
  paginateListInferenceProfiles,
  paginateListProvisionedModelThroughputs,
  type GuardrailSummary,
} from '@aws-sdk/client-bedrock';
import { GetAgentCommand, GetDataSourceCommand, paginateListAgents, paginateListDataSources, paginateListKnowledgeBases } from '@aws-sdk/client-bedrock-agent';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { paginateDescribeAlarms, paginateListMetrics } from '@aws-sdk/client-cloudwatch';
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DescribeEffectivePolicyCommand, paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import { paginateGetParametersByPath } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider, FinalizeRequestMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { ScopeRef } from '../../src/model/common.ts';
import type { AwsResource, GuardrailReference } from '../../src/model/aws.ts';
import type { ResourceType, ScannedRegion } from '../../src/model/inventory.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import { parseEndpointUrl } from '../../src/collect/endpoint-url.ts';
import { DeadlineError } from '../../src/collect/failures.ts';
import { Collection, type ListingKey } from '../../src/collect/listing.ts';
import type { CollectProgress } from '../../src/collect/progress.ts';
import type { SchedulerOptions } from '../../src/collect/scheduler.ts';
import { inShard, type Shard } from '../../src/collect/shard.ts';
import { ScanAbortedError } from '../../src/errors.ts';
import { rememberSecret } from '../../src/secrets.ts';
import { AwsClientPool, defaultCredentials, scheduledClient, sessionCredentials, type AwsClientFamilies, type AwsClientFamily } from './clients.ts';
import { awsThrottle, classifyAwsError } from './errors.ts';
import * as normalise from './normalise.ts';
import { checkOrganisationOptions, defaultRoleSessionName, isMultiAccount, type AwsOrganisationOptions } from './org-options.ts';
import { bedrockRegionsParameterPath, fallbackBedrockRegions } from './regions.ts';

/** Accounts of an organisation scan read at once (each through the shared scheduler, which bounds the requests). */
export const defaultAccountConcurrency = 8;

export interface AwsCollectOptions extends AwsOrganisationOptions {
  profile?: string;
  /** Explicit regions (`--regions`); default: every enabled region where Bedrock is offered. */
  regions?: readonly string[];
  /** One endpoint for every AWS API (`--aws-endpoint`, the fake cloud); default: the SDK's own, which honours AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** `--insecure-endpoint`: accept a plain-http endpoint on a non-loopback host. */
  insecureEndpoint?: boolean;
  /** Region of the account-wide calls (STS, EC2 region discovery); default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
  region?: string;
  credentials?: AwsCredentialIdentityProvider;
  scheduler?: SchedulerOptions;
  /** Each request's connect-and-answer timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Epoch ms (`--max-duration`): from then on no call is sent; the reads left are "not reached (--max-duration)". */
  deadline?: number;
  logger?: Logger;
  /** `--shard I/N`: only the accounts this shard owns are scanned (filtered before any role is assumed). */
  shard?: Shard;
  /** Told of the accounts and regions found and finished, and of every request. */
  progress?: CollectProgress;
  /** Accounts of an organisation scan read at once (default `defaultAccountConcurrency`). */
  accountConcurrency?: number;
}

/** The partition (`aws`, `aws-us-gov`, `aws-cn`, …) of an ARN: its second field. */
function partitionOf(arn: string | undefined): string | undefined {
  const [prefix, partition] = (arn ?? '').split(':');
  return prefix === 'arn' && partition ? partition : undefined;
}

/** A client of one service in one region whose every call (and paginator page) is scheduled. */
type ClientFor = <F extends AwsClientFamily>(family: F, region: string) => AwsClientFamilies[F];

interface AccountContext {
  scope: ScopeRef;
  /** Read from the caller identity's ARN, so resource ARNs built here match the account's partition. */
  partition: string;
  collection: Collection;
  client: ClientFor;
  resources: AwsResource[];
}

interface RegionContext extends AccountContext {
  region: string;
  orgAssignments: ReadonlyArray<{ name: string; guardrail: GuardrailReference | null }>;
}

/** What every account of one scan shares: the caller, the collection, and where results go. */
interface ScanRun {
  options: AwsCollectOptions;
  collection: Collection;
  /** The caller's own clients: STS, Organizations, and its own account when that is scanned. */
  pool: AwsClientPool;
  /** The caller's STS client in the home region (regional endpoint): GetCallerIdentity, AssumeRole. */
  sts: STSClient;
  caller: { account: string; partition: string };
  homeRegion: string;
  scopes: ScopeRef[];
  regions: ScannedRegion[];
  resources: AwsResource[];
}

/**
 * Collects the Bedrock posture of the account the credentials belong to; with `org` or
 * `accounts`, of each account in turn through the role `assumeRole` (spec §13).
 */
export async function collectAws(options: AwsCollectOptions = {}): Promise<CollectResult> {
  if (options.endpoint !== undefined) parseEndpointUrl('--aws-endpoint', options.endpoint, options.insecureEndpoint);
  checkOrganisationOptions(options);
  const collection = new Collection({
    provider: 'aws',
    throttle: awsThrottle,
    classify: classifyAwsError,
    scheduler: options.scheduler,
    timeoutMs: options.timeoutMs,
    deadline: options.deadline,
    logger: options.logger,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const pool = new AwsClientPool({
    credentials: options.credentials ?? defaultCredentials(options.profile),
    endpoint: options.endpoint,
    onCall: collection.recordCall,
    timeoutMs: options.timeoutMs,
  });
  const homeRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

  try {
    const sts = checkedClient(scheduledClient(pool.get('sts', homeRegion), (send) => collection.call(`aws:caller:${homeRegion}:sts`, send)));
    const identity = await sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
      throw new ScanAbortedError(`AWS credentials could not be used (${classifyAwsError(error).message})`);
    });
    const run: ScanRun = {
      options,
      collection,
      pool,
      sts,
      caller: { account: identity.Account ?? 'unknown', partition: partitionOf(identity.Arn) ?? 'aws' },
      homeRegion,
      scopes: [],
      regions: [],
      resources: [],
    };
    if (isMultiAccount(options)) {
      await collectAccounts(run);
    } else if (inShard('aws', run.caller.account, options.shard)) {
      const scope: ScopeRef = { provider: 'aws', type: 'account', id: run.caller.account };
      run.scopes.push(scope);
      options.progress?.planned('aws', 'scope', 1);
      await collectScope(run, scope, pool).finally(() => options.progress?.done('aws', 'scope'));
    }
    return collection.result({ providers: ['aws'], scopes: run.scopes, regions: run.regions, resources: run.resources });
  } finally {
    pool.destroy();
  }
}

/**
 * An organisation scan: the accounts of `--accounts`, or every account ListAccounts pages
 * through (`--org`), each scanned as soon as its page arrives, a few accounts at a time. Only
 * ACTIVE accounts are scanned; the others are coverage entries saying their state. `--shard`
 * drops the accounts of other shards before any role is assumed.
 */
async function collectAccounts(run: ScanRun): Promise<void> {
  const { options, collection } = run;
  const limit = pLimit(options.accountConcurrency ?? defaultAccountConcurrency);
  const started = new Set<string>();
  const tasks: Promise<void>[] = [];
  const start = (id: string, name: string | undefined) => {
    if (started.has(id) || !inShard('aws', id, options.shard)) return;
    started.add(id);
    const scope: ScopeRef = { provider: 'aws', type: 'account', id, ...(name ? { name } : {}) };
    // In discovery order; an account whose role cannot be assumed stays a scope: nothing of it is known.
    run.scopes.push(scope);
    options.progress?.planned('aws', 'scope', 1);
    const task = limit(() => collectMember(run, scope));
    task.catch(() => undefined); // awaited below with the others; never an unhandled rejection meanwhile
    tasks.push(task);
  };

  if (options.accounts !== undefined) {
    for (const id of options.accounts) start(id, undefined);
  } else {
    await discoverAccounts(run, (account) => {
      const id = account.Id;
      if (id === undefined || !inShard('aws', id, options.shard)) return;
      // `State`, not the retired `Status` (which reads ACTIVE for an account still PENDING_ACTIVATION).
      if (account.State === 'ACTIVE') return start(id, account.Name);
      if (started.has(id)) return;
      started.add(id);
      collection.record(
        {
          scope: { provider: 'aws', type: 'account', id, ...(account.Name ? { name: account.Name } : {}) },
          region: null,
          resourceType: 'aws.account',
          collector: 'organizations:ListAccounts',
        },
        {
          status: 'unsupported',
          message: `account ${id}${account.Name ? ` (${account.Name})` : ''} is ${account.State ?? 'in no reported state'} in AWS Organizations: only ACTIVE accounts are scanned`,
        },
      );
    });
  }
  await Promise.all(tasks);
}

/**
 * Pages through ListAccounts (from the management account or a delegated administrator), handing
 * each account on as its page arrives, and paging on while there is a NextToken, even after a
 * page without accounts. No first page: the scan cannot run. A later page failing: the accounts
 * found are scanned, and the organisation's coverage says the list is incomplete.
 */
async function discoverAccounts(run: ScanRun, found: (account: Account) => void): Promise<void> {
  const { collection, pool } = run;
  const organizations = checkedClient(
    scheduledClient(pool.get('organizations', 'us-east-1'), (send) => collection.call('aws:caller:us-east-1:organizations', send)),
  );
  let pages = 0;
  let organizationId: string | undefined;
  try {
    await collection.each(paginateListAccounts({ client: organizations }, {}), (page) => {
      pages++;
      for (const account of page.Accounts ?? []) {
        organizationId ??= /:account\/(o-[a-z0-9]+)\//.exec(account.Arn ?? '')?.[1];
        found(account);
      }
    });
  } catch (error) {
    const { status, message } = collection.classify(error);
    if (pages === 0) {
      throw new ScanAbortedError(
        `--org: the organisation's accounts could not be listed (${message}); run it as the management account or a delegated administrator allowed organizations:ListAccounts`,
      );
    }
    collection.record(
      {
        scope: { provider: 'aws', type: 'organization', id: organizationId ?? run.caller.account },
        region: null,
        resourceType: 'aws.account',
        collector: 'organizations:ListAccounts',
      },
      { status, message: `the account list broke off after ${pages} page${pages === 1 ? '' : 's'}: accounts listed later are not scanned (${message})` },
    );
  }
}

/**
 * One account of an organisation scan: the caller's own account with its own credentials (no
 * role is assumed into the account the scan runs in), any other through one AssumeRole whose
 * session every client of the account shares and which is renewed only before it expires. A role
 * that cannot be assumed is a coverage entry for the account (denied, with the reason); nothing
 * else of it is read.
 */
async function collectMember(run: ScanRun, scope: ScopeRef): Promise<void> {
  const { options, collection, caller } = run;
  try {
    if (scope.id === caller.account) return await collectScope(run, scope, run.pool);
    const roleArn = `arn:${caller.partition}:iam::${scope.id}:role/${options.assumeRole ?? ''}`;
    const credentials = sessionCredentials(async () => {
      const output = await run.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: options.roleSessionName ?? defaultRoleSessionName,
          ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
        }),
      );
      const issued = output.Credentials;
      if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new normalise.UnexpectedResponseError('AssumeRole answered without credentials');
      // Remembered before anything can echo them: no report or log carries a session's secret.
      rememberSecret(issued.SecretAccessKey);
      rememberSecret(issued.SessionToken);
      return {
        accessKeyId: issued.AccessKeyId,
        secretAccessKey: issued.SecretAccessKey,
        ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
        ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
      };
    });
    try {
      await credentials();
    } catch (error) {
      const { status, message } = collection.classify(error);
      collection.record(
        { scope, region: null, resourceType: 'aws.account', collector: 'sts:AssumeRole' },
        { status, message: error instanceof DeadlineError ? `account ${message}` : `role ${roleArn} could not be assumed: ${message}` },
      );
      return;
    }
    const pool = new AwsClientPool({ credentials, endpoint: options.endpoint, onCall: collection.recordCall, timeoutMs: options.timeoutMs });
    try {
      await collectScope(run, scope, pool);
    } finally {
      pool.destroy();
    }
  } finally {
    options.progress?.done('aws', 'scope');
  }
}

/** Reads one account through `pool` (clients signing with that account's credentials). */
async function collectScope(run: ScanRun, scope: ScopeRef, pool: AwsClientPool): Promise<void> {
  const { collection, options, homeRegion, regions, resources } = run;
  const client: ClientFor = (family, region) =>
    checkedClient(scheduledClient(pool.get(family, region), (send) => collection.call(`aws:${scope.id}:${region}:${family}`, send)));
  const account: AccountContext = { scope, partition: run.caller.partition, collection, client, resources };
  const scanRegions = await discoverRegions(account, homeRegion, options.regions);
  for (const [region, supported] of scanRegions) regions.push({ provider: 'aws', scope, region, supported });

  const orgPolicy = await collection.listing(listingKey(scope, 'aws.organizations.bedrock-policy', null, 'organizations:DescribeEffectivePolicy'), async () => {
    try {
      const output = await client('organizations', 'us-east-1').send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' }));
      return { content: output.EffectivePolicy?.PolicyContent };
    } catch (error) {
      // No effective policy, or no organisation at all: a definite "none", not a gap.
      const name = (error as { name?: string }).name;
      if (name === 'EffectivePolicyNotFoundException' || name === 'AWSOrganizationsNotInUseException') return { content: undefined };
      throw error;
    }
  });
  const policy = orgPolicy ? normalise.orgBedrockPolicy(orgPolicy.content, where(account, null, 'organizations:DescribeEffectivePolicy')) : undefined;
  if (policy) resources.push(policy);

  const supportedRegions = [...scanRegions].filter(([, supported]) => supported).map(([region]) => region);
  options.progress?.planned('aws', 'region', supportedRegions.length);
  await Promise.all(
    supportedRegions.map((region) =>
      collectRegion({ ...account, region, orgAssignments: policy?.assignments.filter((entry) => entry.region === region) ?? [] }).finally(() =>
        options.progress?.done('aws', 'region'),
      ),
    ),
  );
  for (const [region, supported] of scanRegions) {
    if (!supported)
      collection.record(listingKey(scope, 'aws.bedrock.guardrail', region, 'aws.regions'), {
        status: 'unsupported',
        message: `Amazon Bedrock is not offered in ${region}`,
      });
  }
}

/** Stacks that already refuse empty bodies: a pooled client serves many calls. */
const checkedStacks = new WeakSet<object>();

/**
 * The same client with every answer checked at the boundary, before anything reads it: a 2xx
 * with an empty body (no answer of the APIs read here is empty; the SDK would read it as `{}`)
 * or without the shape its operation promises (`normalise.awsResponseShapes`) fails the call, so
 * the read is filed as an error, never as "none". Paginators send through it, so every page is checked.
 */
function checkedClient<C extends { send(...args: never[]): Promise<unknown> }>(client: C): C {
  const stack = (client as unknown as { middlewareStack: MiddlewareStack<object, MetadataBearer> }).middlewareStack;
  if (!checkedStacks.has(stack)) {
    checkedStacks.add(stack);
    const refuseEmptyBody: FinalizeRequestMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string | undefined> };
      if (response.statusCode !== undefined && response.statusCode < 300 && response.headers?.['content-length'] === '0') {
        const operation = String(context.commandName ?? '').replace(/Command$/, '');
        throw new normalise.UnexpectedResponseError(`${operation} answered HTTP ${response.statusCode} with an empty body`);
      }
      return result;
    };
    stack.add(refuseEmptyBody, { step: 'finalizeRequest', name: 'aipostureRefuseEmptyBody' });
  }
  const send = async (...args: never[]) => {
    const command = args[0] as unknown as { constructor: { name: string } };
    return normalise.checkedOutput(command.constructor.name.replace(/Command$/, ''), await client.send(...args));
  };
  return Object.create(client, { send: { value: send } }) as C;
}

function listingKey(scope: ScopeRef, resourceType: ResourceType, region: string | null, collector: string): ListingKey {
  return { scope, region, resourceType, collector };
}

function where<R extends string | null>(context: AccountContext, region: R, api: string) {
  return { scope: context.scope, partition: context.partition, region, api };
}

/** Which read of which resource a `detail` is: its model type, region, the API and how messages name the resource. */
interface DetailRead {
  type: ResourceType;
  region: string;
  collector: string;
  resource: string;
}

/**
 * Reads a detail of one resource. A failure is noted on the resource (`unreadable`, its message
 * returned) and filed in coverage under `<type>.detail` (a type of its own, so the resource type's
 * listing keeps its status), naming the resource.
 */
async function detail<T>(context: AccountContext, at: DetailRead, read: () => Promise<T>): Promise<{ value?: T; unreadable?: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    const { status, message } = context.collection.classify(error);
    context.collection.record(
      { scope: context.scope, region: at.region, resourceType: `${at.type}.detail`, collector: at.collector },
      { status, message: `${at.resource}: ${message}` },
    );
    return { unreadable: message };
  }
}

/** Keeps the SDK error's name and status (so it classifies the same) but says what was being read. */
function withContext(error: unknown, what: string): unknown {
  const shape = error as { name?: string; message?: string; $metadata?: unknown };
  return Object.assign(new Error(`${what}: ${shape.message ?? String(error)}`), { name: shape.name ?? 'Error', $metadata: shape.$metadata });
}

/**
 * The regions to scan, each marked whether Bedrock is offered there: enabled regions (EC2)
 * intersected with Bedrock's regions (SSM public parameters), or the user's list.
 */
async function discoverRegions(context: AccountContext, homeRegion: string, requested: readonly string[] | undefined): Promise<Map<string, boolean>> {
  const { scope, collection, client } = context;
  let bedrockRegions: string[] | undefined;
  try {
    const parameters = await collection.all(
      paginateGetParametersByPath({ client: client('ssm', 'us-east-1') }, { Path: bedrockRegionsParameterPath }),
      (page) => page.Parameters,
    );
    bedrockRegions = parameters.flatMap((parameter) => (parameter.Value ? [parameter.Value] : []));
  } catch (error) {
    const { status, message } = collection.classify(error);
    collection.record(listingKey(scope, 'aws.bedrock.region-activity', null, 'ssm:GetParametersByPath'), {
      status,
      message: `Bedrock regions not discoverable, using the built-in list (${message})`,
    });
  }
  const offered = new Set(bedrockRegions ?? fallbackBedrockRegions);
  if (requested && requested.length > 0) return new Map(requested.map((region) => [region, offered.has(region)]));

  let enabled: string[] | undefined;
  try {
    const output = await client('ec2', homeRegion).send(new DescribeRegionsCommand({ AllRegions: false }));
    enabled = (output.Regions ?? []).flatMap((region) => (region.RegionName ? [region.RegionName] : []));
  } catch (error) {
    const { status, message } = collection.classify(error);
    collection.record(listingKey(scope, 'aws.bedrock.region-activity', null, 'ec2:DescribeRegions'), {
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

async function collectRegion(context: RegionContext): Promise<void> {
  const { region, scope, collection, client, resources } = context;
  const listing = <T>(resourceType: ResourceType, collector: string, read: () => Promise<T>) =>
    collection.listing(listingKey(scope, resourceType, region, collector), read);
  const bedrock = client('bedrock', region);
  const agents = client('bedrock-agent', region);

  const guardrailsTask = listing('aws.bedrock.guardrail', 'bedrock:ListGuardrails', () =>
    collection.all(paginateListGuardrails({ client: bedrock }, {}), (page) => page.guardrails),
  );

  const agentsTask = listing('aws.bedrock.agent', 'bedrock-agent:ListAgents', async () => {
    const summaries = await collection.all(paginateListAgents({ client: agents }, {}), (page) => page.agentSummaries);
    return Promise.all(
      summaries.map(async (summary) => {
        const agentId = summary.agentId ?? '';
        const got = await detail(context, { type: 'aws.bedrock.agent', region, collector: 'bedrock-agent:GetAgent', resource: `agent ${agentId}` }, () =>
          agents.send(new GetAgentCommand({ agentId })),
        );
        return normalise.agent({ ...summary, agentId }, got.value?.agent, got.unreadable, where(context, region, 'bedrock-agent:GetAgent'));
      }),
    );
  });

  const enforcedTask = listing('aws.bedrock.enforced-guardrail', 'bedrock:ListEnforcedGuardrailsConfiguration', async () => {
    const configs = await collection.all(paginateListEnforcedGuardrailsConfiguration({ client: bedrock }, {}), (page) => page.guardrailsConfig);
    return configs.map((config) => normalise.enforcedGuardrail(config, where(context, region, 'bedrock:ListEnforcedGuardrailsConfiguration')));
  });

  const otherTasks = [
    listing('aws.bedrock.invocation-logging', 'bedrock:GetModelInvocationLoggingConfiguration', async () => {
      const output = await bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}));
      resources.push(normalise.invocationLogging(output.loggingConfig, where(context, region, 'bedrock:GetModelInvocationLoggingConfiguration')));
    }),
    collectKnowledgeBases(context),
    listing('aws.bedrock.custom-model', 'bedrock:ListCustomModels', async () => {
      const summaries = await collection.all(paginateListCustomModels({ client: bedrock }, { isOwned: true }), (page) => page.modelSummaries);
      // Read concurrently (the scheduler bounds them), kept in listing order.
      const models = await Promise.all(
        summaries.map(async (summary) => {
          const modelArn = summary.modelArn ?? '';
          const got = await detail(
            context,
            { type: 'aws.bedrock.custom-model', region, collector: 'bedrock:GetCustomModel', resource: `custom model ${modelArn}` },
            () => bedrock.send(new GetCustomModelCommand({ modelIdentifier: modelArn })),
          );
          return normalise.customModel({ modelArn, modelName: summary.modelName }, got.value, got.unreadable, where(context, region, 'bedrock:GetCustomModel'));
        }),
      );
      resources.push(...models);
    }),
    collectActivity(context),
    collectTrails(context),
    listing('aws.cloudwatch.alarm', 'cloudwatch:DescribeAlarms', () =>
      // Each page's alarms are kept as they arrive, as before a later page fails.
      collection.each(paginateDescribeAlarms({ client: client('cloudwatch', region) }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }), (page) => {
        for (const alarm of page.MetricAlarms ?? []) resources.push(normalise.metricAlarm(alarm, where(context, region, 'cloudwatch:DescribeAlarms')));
        for (const alarm of page.CompositeAlarms ?? []) resources.push(normalise.compositeAlarm(alarm, where(context, region, 'cloudwatch:DescribeAlarms')));
      }),
    ),
    listing('aws.config.recorder', 'config:DescribeConfigurationRecorders', async () => {
      const config = client('config-service', region);
      const output = await config.send(new DescribeConfigurationRecordersCommand({}));
      const recorders = output.ConfigurationRecorders ?? [];
      if (recorders.length === 0) return;
      const statuses = await detail(
        context,
        {
          type: 'aws.config.recorder',
          region,
          collector: 'config:DescribeConfigurationRecorderStatus',
          resource: `configuration recorder ${recorders.map((recorder) => recorder.name ?? '').join(', ')}`,
        },
        () => config.send(new DescribeConfigurationRecorderStatusCommand({})),
      );
      for (const recorder of recorders) {
        const status = statuses.value?.ConfigurationRecordersStatus?.find((entry) => entry.name === recorder.name);
        resources.push(normalise.configRecorder(recorder, status, where(context, region, 'config:DescribeConfigurationRecorders')));
      }
    }),
  ];

  const [guardrails, agentModels, enforced] = await Promise.all([guardrailsTask, agentsTask, enforcedTask]);
  resources.push(...(agentModels ?? []), ...(enforced ?? []));

  const references: Array<{ by: string; ref: GuardrailReference }> = [
    ...(agentModels ?? []).flatMap((agent) => (agent.guardrail ? [{ by: agent.arn, ref: agent.guardrail }] : [])),
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
  const { region, client, resources } = context;
  const bedrock = client('bedrock', region);
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
      const tagsRead = detail(context, { type: 'aws.bedrock.guardrail', region, collector: 'bedrock:ListTagsForResource', resource: `guardrail ${arn}` }, () =>
        bedrock.send(new ListTagsForResourceCommand({ resourceARN: arn })),
      );
      const versionsRead = [...referencedVersions].map(async ([version, by]) => ({
        version,
        by,
        got: await detail(
          context,
          { type: 'aws.bedrock.guardrail', region, collector: 'bedrock:GetGuardrail', resource: `guardrail ${arn} version ${version}` },
          () => bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: id, ...(version === 'DRAFT' ? {} : { guardrailVersion: version }) })),
        ),
      }));
      const tags = await tagsRead;
      const tagMap = tags.value ? Object.fromEntries((tags.value.tags ?? []).map((tag) => [tag.key ?? '', tag.value ?? ''])) : undefined;
      const at = where(context, region, 'bedrock:GetGuardrail');
      for (const { version, by, got } of await Promise.all(versionsRead)) {
        resources.push(
          got.value
            ? normalise.guardrailVersion(got.value, by, tagMap, at)
            : normalise.unreadableGuardrailVersion({ id, arn, name: summary.name, status: summary.status }, version, by, got.unreadable ?? 'unreadable', at),
        );
      }
    }),
  );
}

async function collectKnowledgeBases(context: RegionContext): Promise<void> {
  const { region, scope, partition, collection, client, resources } = context;
  const agents = client('bedrock-agent', region);
  let listError: unknown;
  const knowledgeBases = await collection.listing(
    listingKey(scope, 'aws.bedrock.knowledge-base', region, 'bedrock-agent:ListKnowledgeBases'),
    () => collection.all(paginateListKnowledgeBases({ client: agents }, {}), (page) => page.knowledgeBaseSummaries),
    (_failure, error) => {
      listError = error;
    },
  );
  const dataSourcesKey = listingKey(scope, 'aws.bedrock.data-source', region, 'bedrock-agent:ListDataSources');
  if (!knowledgeBases) {
    // Without the knowledge bases their data sources are unknown too, for the same reason.
    await collection.listing(dataSourcesKey, () => Promise.reject(withContext(listError, 'knowledge bases could not be listed')));
    return;
  }
  // Every knowledge base's data sources, and every data source, read concurrently (the scheduler bounds them); kept in listing order.
  const read = await Promise.all(
    knowledgeBases.map(async (summary) => {
      const knowledgeBaseId = summary.knowledgeBaseId ?? '';
      const arn = `arn:${partition}:bedrock:${region}:${scope.id}:knowledge-base/${knowledgeBaseId}`;
      let unreadable: string | undefined;
      let dataSources: AwsResource[] = [];
      try {
        const summaries = await collection.all(paginateListDataSources({ client: agents }, { knowledgeBaseId }), (page) => page.dataSourceSummaries);
        dataSources = await Promise.all(
          summaries.map(async (dataSource) => {
            const dataSourceId = dataSource.dataSourceId ?? '';
            const got = await detail(
              context,
              {
                type: 'aws.bedrock.data-source',
                region,
                collector: 'bedrock-agent:GetDataSource',
                resource: `data source ${dataSourceId} of knowledge base ${arn}`,
              },
              () => agents.send(new GetDataSourceCommand({ knowledgeBaseId, dataSourceId })),
            );
            return normalise.dataSource(
              { knowledgeBaseId, arn },
              { dataSourceId, name: dataSource.name },
              got.value?.dataSource,
              got.unreadable,
              where(context, region, 'bedrock-agent:GetDataSource'),
            );
          }),
        );
      } catch (error) {
        // The knowledge base is known, its data sources are not: rules report it as unknown.
        const { status, message } = collection.classify(error);
        collection.record(
          { scope, region, resourceType: 'aws.bedrock.knowledge-base.detail', collector: 'bedrock-agent:ListDataSources' },
          { status, message: `knowledge base ${arn}: ${message}` },
        );
        unreadable = `ListDataSources failed: ${message}`;
      }
      const knowledgeBase: AwsResource = {
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
      };
      return [...dataSources, knowledgeBase];
    }),
  );
  resources.push(...read.flat());
  await collection.listing(dataSourcesKey, async () => undefined);
}

async function collectActivity(context: RegionContext): Promise<void> {
  const { region, scope, partition, collection, client, resources } = context;
  const bedrock = client('bedrock', region);
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
      collection.all(paginateListMetrics({ client: client('cloudwatch', region) }, { Namespace: 'AWS/Bedrock' }), (page) => page.Metrics),
    ),
    read('bedrock:ListProvisionedModelThroughputs', () =>
      collection.all(paginateListProvisionedModelThroughputs({ client: bedrock }, {}), (page) => page.provisionedModelSummaries),
    ),
    read('bedrock:ListInferenceProfiles', () =>
      collection.all(paginateListInferenceProfiles({ client: bedrock }, { typeEquals: 'APPLICATION' }), (page) => page.inferenceProfileSummaries),
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
    id: `arn:${partition}:bedrock:${region}:${scope.id}:activity`,
    ...(metrics ? { bedrockMetricNames: [...new Set(metrics.flatMap((metric) => (metric.MetricName ? [metric.MetricName] : [])))].sort() } : {}),
    ...(throughputs ? { provisionedThroughputCount: throughputs.length } : {}),
    ...(profiles ? { applicationInferenceProfileCount: profiles.length } : {}),
  });
  await collection.listing(listingKey(scope, 'aws.bedrock.region-activity', region, failure?.api ?? 'cloudwatch:ListMetrics'), async () => {
    if (failure !== undefined) throw withContext(failure.error, `Bedrock activity signals unreadable (${unreadable.join(', ')})`);
  });
}

async function collectTrails(context: RegionContext): Promise<void> {
  const { region, scope, collection, client, resources } = context;
  await collection.listing(listingKey(scope, 'aws.cloudtrail.trail', region, 'cloudtrail:DescribeTrails'), async () => {
    // Only trails homed here: every region is scanned, so each trail is read once, in its home region.
    const output = await client('cloudtrail', region).send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    for (const summary of output.trailList ?? []) {
      const name = summary.TrailARN ?? summary.Name ?? '';
      const home = client('cloudtrail', summary.HomeRegion ?? region);
      const [status, selectors] = await Promise.all([
        detail(context, { type: 'aws.cloudtrail.trail', region, collector: 'cloudtrail:GetTrailStatus', resource: `trail ${name}` }, () =>
          home.send(new GetTrailStatusCommand({ Name: name })),
        ),
        detail(context, { type: 'aws.cloudtrail.trail', region, collector: 'cloudtrail:GetEventSelectors', resource: `trail ${name}` }, () =>
          home.send(new GetEventSelectorsCommand({ TrailName: name })),
        ),
      ]);
      const unreadable = [status.unreadable, selectors.unreadable].filter(Boolean).join('; ');
      resources.push(normalise.trail(summary, status.value, selectors.value, unreadable || undefined, where(context, region, 'cloudtrail:DescribeTrails')));
    }
  });
}
