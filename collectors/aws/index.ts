import {
  GetCustomModelCommand,
  GetGuardrailCommand,
  GetModelInvocationLoggingConfigurationCommand,
  ListTagsForResourceCommand,
  paginateListCustomModels,
  paginateListEnforcedGuardrailsConfiguration,
  paginateListGuardrails,
  paginateListImportedModels,
  paginateListInferenceProfiles,
  paginateListProvisionedModelThroughputs,
  type GuardrailSummary,
} from '@aws-sdk/client-bedrock';
import { GetAgentCommand, GetDataSourceCommand, paginateListAgents, paginateListDataSources, paginateListKnowledgeBases } from '@aws-sdk/client-bedrock-agent';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { paginateDescribeAlarms, paginateListMetrics, type Metric } from '@aws-sdk/client-cloudwatch';
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DescribeEffectivePolicyCommand, paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import { paginateGetParametersByPath } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import type { ScopeRef } from '../../src/model/common.ts';
import type { AwsResource, GuardrailReference } from '../../src/model/aws.ts';
import type { ResourceType, ScannedRegion } from '../../src/model/inventory.ts';
import type { CollectResult, CommonCollectOptions } from '../../src/collect/collector.ts';
import { bedrockMetrics } from '../../src/model/aws.ts';
import { metricSeriesType, type MetricSeries } from '../../src/model/metrics.ts';
import { parseEndpointUrl } from '../../src/collect/endpoint-url.ts';
import { DeadlineError } from '../../src/collect/failures.ts';
import { Collection, callPriority, type ListingKey } from '../../src/collect/listing.ts';
import type { CollectProgress } from '../../src/collect/progress.ts';
import type { SchedulerOptions } from '../../src/collect/scheduler.ts';
import { inShard, type Shard } from '../../src/collect/shard.ts';
import { ScanAbortedError } from '../../src/errors.ts';
import { rememberSecret } from '../../src/secrets.ts';
import {
  AwsClientPool,
  defaultCredentials,
  scheduledClient,
  sessionCredentials,
  sharedCredentials,
  type AwsClientFamilies,
  type AwsClientFamily,
} from './clients.ts';
import { awsThrottle, classifyAwsError } from './errors.ts';
import * as normalise from './normalise.ts';
import { readSeries, seriesToRead } from './metrics.ts';
import { checkOrganisationOptions, defaultRoleSessionName, isMultiAccount, type AwsOrganisationOptions } from './org-options.ts';
import { bedrockRegionsParameterPath, fallbackBedrockRegions } from './regions.ts';
import type { RawResponseRecorder } from '../../src/collect/raw-responses.ts';

/**
 * Accounts of an organisation scan read at once (each through the shared scheduler, which bounds
 * the requests). High, so that every account's buckets work from the start: an account started
 * late is a tail of its own (its busiest bucket alone can take tens of seconds); what an account
 * holds while it waits for a region slot is small.
 */
export const defaultAccountConcurrency = 256;

/**
 * Regions read at once across all accounts. Each region queues about a dozen listings, and every
 * queued listing holds its chain of pending calls (~10 KiB): 100 accounts × 17 regions at once
 * held ~220 MB. The scheduler's slots, not this, bound the requests; 256 regions queue far more
 * work than 64 slots can take, so it never idles them.
 */
export const regionsInFlight = 256;

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
  /** `--evidence`: every raw response is recorded here (redacted). */
  rawResponses?: RawResponseRecorder;
  logger?: Logger;
  /** `--shard I/N`: only the accounts this shard owns are scanned (filtered before any role is assumed). */
  shard?: Shard;
  /** Told of the accounts and regions found and finished, and of every request. */
  progress?: CollectProgress;
  /** Accounts of an organisation scan read at once (default `defaultAccountConcurrency`). */
  accountConcurrency?: number;
  /** Usage and guardrail metrics are read over this window (`--metrics-window`); absent: not read. */
  metricsWindow?: CommonCollectOptions['metricsWindow'];
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
  /** The metrics window of the scan; undefined: metrics are not read. */
  metricsWindow: CommonCollectOptions['metricsWindow'];
  /** Read from the caller identity's ARN, so resource ARNs built here match the account's partition. */
  partition: string;
  collection: Collection;
  client: ClientFor;
  resources: Array<AwsResource | MetricSeries>;
}

interface RegionContext extends AccountContext {
  region: string;
  /** The organisation's guardrail assignments for the region (DescribeEffectivePolicy, read while the region is). */
  orgAssignments: Promise<ReadonlyArray<{ name: string; guardrail: GuardrailReference | null }>>;
}

/** What every account of one scan shares: the caller, the collection, and where results go. */
interface ScanRun {
  options: AwsCollectOptions;
  collection: Collection;
  /** Every client of the scan (one per service and region), for every account. */
  pool: AwsClientPool;
  /** Region reads in flight across the accounts (`regionsInFlight`). */
  regionSlots: LimitFunction;
  /** The caller's identity: STS, Organizations, and its own account when that is scanned. */
  callerIdentity: AwsCredentialIdentityProvider;
  /** The caller's STS client in the home region (regional endpoint): GetCallerIdentity, AssumeRole. */
  sts: STSClient;
  caller: { account: string; partition: string };
  homeRegion: string;
  scopes: ScopeRef[];
  regions: ScannedRegion[];
  resources: Array<AwsResource | MetricSeries>;
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
  const source = options.credentials ?? defaultCredentials(options.profile);
  // Resolved once for the scan (the SDK would have cached it per client; it now asks per request).
  const callerIdentity = (source as { memoized?: boolean }).memoized === true ? source : sharedCredentials(source);
  // No default identity: every call says whose it is (`withAccount`), so none can sign as another account.
  const pool = new AwsClientPool({
    endpoint: options.endpoint,
    onCall: collection.recordCall,
    timeoutMs: options.timeoutMs,
    ...(options.rawResponses ? { rawResponses: options.rawResponses } : {}),
  });
  const homeRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

  try {
    const sts = checkedClient(
      scheduledClient(pool.get('sts', homeRegion), (send) =>
        collection.call(`aws:caller:${homeRegion}:sts`, () => pool.withAccount(callerIdentity, send), callPriority.discovery),
      ),
    );
    const identity = await sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
      throw new ScanAbortedError(`AWS credentials could not be used (${classifyAwsError(error).message})`);
    });
    const run: ScanRun = {
      options,
      collection,
      pool,
      callerIdentity,
      regionSlots: pLimit(regionsInFlight),
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
      await collectScope(run, scope, callerIdentity).finally(() => options.progress?.done('aws', 'scope'));
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
  const { collection, pool, callerIdentity } = run;
  const organizations = checkedClient(
    scheduledClient(pool.get('organizations', 'us-east-1'), (send) =>
      collection.call(organizationsKey, () => pool.withAccount(callerIdentity, send), callPriority.discovery),
    ),
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
 * session signs every call of the account (through the scan-wide clients) and which is renewed only before it expires. A role
 * that cannot be assumed is a coverage entry for the account (denied, with the reason); nothing
 * else of it is read.
 */
async function collectMember(run: ScanRun, scope: ScopeRef): Promise<void> {
  const { options, collection, caller } = run;
  try {
    if (scope.id === caller.account) return await collectScope(run, scope, run.callerIdentity);
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
    await collectScope(run, scope, credentials);
  } finally {
    options.progress?.done('aws', 'scope');
  }
}

/**
 * The throttling key of an AWS call: account × region × service, as AWS counts; Organizations is
 * one bucket for the whole organisation (a global service homed in us-east-1), whichever account
 * calls it (reference §0.3).
 */
const organizationsKey = 'aws:organizations';
function throttlingKey(account: string, region: string, family: AwsClientFamily): string {
  return family === 'organizations' ? organizationsKey : `aws:${account}:${region}:${family}`;
}

/** How urgently a call needs a slot: finding accounts and regions first, then listings (every page), then the detail reads. */
function priorityOf(family: AwsClientFamily, operation: string): number {
  if (family === 'sts' || family === 'ssm' || family === 'ec2' || family === 'organizations') return callPriority.discovery;
  return /^(List|Describe)|^GetModelInvocationLoggingConfiguration$/.test(operation) ? callPriority.listing : callPriority.detail;
}

/** Reads one account through the scan's clients, each call signed with `identity` (that account's credentials). */
async function collectScope(run: ScanRun, scope: ScopeRef, identity: AwsCredentialIdentityProvider): Promise<void> {
  const { collection, options, homeRegion, regions, resources, pool } = run;
  const client: ClientFor = (family, region) =>
    checkedClient(
      scheduledClient(pool.get(family, region), (send, operation) =>
        collection.call(throttlingKey(scope.id, region, family), () => pool.withAccount(identity, send), priorityOf(family, operation)),
      ),
    );
  const account: AccountContext = { scope, partition: run.caller.partition, collection, client, resources, metricsWindow: options.metricsWindow };
  // The effective policy is read while the regions are: only the guardrail version reads wait for it.
  const orgPolicyRead = readOrgPolicy(account);
  const scanRegions = await discoverRegions(account, homeRegion, options.regions);
  for (const [region, supported] of scanRegions) regions.push({ provider: 'aws', scope, region, supported });

  const supportedRegions = [...scanRegions].filter(([, supported]) => supported).map(([region]) => region);
  options.progress?.planned('aws', 'region', supportedRegions.length);
  await Promise.all(
    supportedRegions.map((region) =>
      run
        .regionSlots(() =>
          collectRegion({
            ...account,
            region,
            orgAssignments: orgPolicyRead.then((policy) => policy?.assignments.filter((entry) => entry.region === region) ?? []),
          }),
        )
        .finally(() => options.progress?.done('aws', 'region')),
    ),
  );
  await orgPolicyRead;
  for (const [region, supported] of scanRegions) {
    if (!supported)
      collection.record(listingKey(scope, 'aws.bedrock.guardrail', region, 'aws.regions'), {
        status: 'unsupported',
        message: `Amazon Bedrock is not offered in ${region}`,
      });
  }
}

/** The account's effective BEDROCK_POLICY (DescribeEffectivePolicy), kept as a resource; undefined when unreadable. */
async function readOrgPolicy(account: AccountContext): Promise<ReturnType<typeof normalise.orgBedrockPolicy> | undefined> {
  const { scope, collection, client, resources } = account;
  // Its place among the account's resources is before the regions', as when it was read first.
  const at = resources.length;
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
  if (policy) resources.splice(Math.min(at, resources.length), 0, policy);
  return policy;
}

/**
 * The same client with every answer checked at the boundary, before anything reads it: a 2xx
 * without the shape its operation promises (`normalise.awsResponseShapes`) fails the call, so the
 * read is filed as an error, never as "none" (an empty body is refused by the pool's clients
 * themselves). Paginators send through it, so every page is checked.
 */
function checkedClient<C extends { send(...args: never[]): Promise<unknown> }>(client: C): C {
  const send = async (...args: never[]) => {
    const command = args[0] as unknown as { constructor: { name: string } };
    return normalise.checkedOutput(command.constructor.name.replace(/Command$/, ''), await client.send(...args));
  };
  return Object.create(client, { send: { value: send } }) as C;
}

/** Detail reads of one listing in flight (or queued) at once: enough to keep its key busy, few enough that a scan of many regions does not hold thousands of queued requests. */
const detailFanOut = 8;

/** `read` for each item, a few at a time, the results in the items' order. */
function readEach<T, R>(items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(detailFanOut);
  return Promise.all(items.map((item) => limit(() => read(item))));
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
  const explicit = requested !== undefined && requested.length > 0;
  // Both reads at once (neither needs the other); their failures are filed in this order.
  const outcome = <T>(read: Promise<T>) =>
    read.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  const [bedrockRead, enabledRead] = await Promise.all([
    outcome(
      collection.all(paginateGetParametersByPath({ client: client('ssm', 'us-east-1') }, { Path: bedrockRegionsParameterPath }), (page) => page.Parameters),
    ),
    explicit ? undefined : outcome(client('ec2', homeRegion).send(new DescribeRegionsCommand({ AllRegions: false }))),
  ]);
  let bedrockRegions: string[] | undefined;
  if ('value' in bedrockRead) bedrockRegions = bedrockRead.value.flatMap((parameter) => (parameter.Value ? [parameter.Value] : []));
  else {
    const { status, message } = collection.classify(bedrockRead.error);
    collection.record(listingKey(scope, 'aws.bedrock.region-activity', null, 'ssm:GetParametersByPath'), {
      status,
      message: `Bedrock regions not discoverable, using the built-in list (${message})`,
    });
  }
  const offered = new Set(bedrockRegions ?? fallbackBedrockRegions);
  if (explicit) return new Map(requested.map((region) => [region, offered.has(region)]));

  let enabled: string[] | undefined;
  if (enabledRead !== undefined && 'value' in enabledRead)
    enabled = (enabledRead.value.Regions ?? []).flatMap((region) => (region.RegionName ? [region.RegionName] : []));
  else if (enabledRead !== undefined) {
    const { status, message } = collection.classify(enabledRead.error);
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
    return readEach(summaries, async (summary) => {
      const agentId = summary.agentId ?? '';
      const got = await detail(context, { type: 'aws.bedrock.agent', region, collector: 'bedrock-agent:GetAgent', resource: `agent ${agentId}` }, () =>
        agents.send(new GetAgentCommand({ agentId })),
      );
      return normalise.agent({ ...summary, agentId }, got.value?.agent, got.unreadable, where(context, region, 'bedrock-agent:GetAgent'));
    });
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
      // Read a few at a time (the scheduler bounds the requests), kept in listing order.
      const models = await readEach(summaries, async (summary) => {
        const modelArn = summary.modelArn ?? '';
        const got = await detail(
          context,
          { type: 'aws.bedrock.custom-model', region, collector: 'bedrock:GetCustomModel', resource: `custom model ${modelArn}` },
          () => bedrock.send(new GetCustomModelCommand({ modelIdentifier: modelArn })),
        );
        return normalise.customModel(
          {
            modelArn,
            modelName: summary.modelName,
            baseModelArn: summary.baseModelArn,
            baseModelName: summary.baseModelName,
            customizationType: summary.customizationType,
          },
          got.value,
          got.unreadable,
          where(context, region, 'bedrock:GetCustomModel'),
        );
      });
      resources.push(...models);
    }),
    listing('aws.bedrock.imported-model', 'bedrock:ListImportedModels', async () => {
      const summaries = await collection.all(paginateListImportedModels({ client: bedrock }, {}), (page) => page.modelSummaries);
      resources.push(...summaries.map((summary) => normalise.importedModel(summary, where(context, region, 'bedrock:ListImportedModels'))));
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

  const [guardrails, agentModels, enforced, orgAssignments] = await Promise.all([guardrailsTask, agentsTask, enforcedTask, context.orgAssignments]);
  resources.push(...(agentModels ?? []), ...(enforced ?? []));

  const references: Array<{ by: string; ref: GuardrailReference }> = [
    ...(agentModels ?? []).flatMap((agent) => (agent.guardrail ? [{ by: agent.arn, ref: agent.guardrail }] : [])),
    ...(enforced ?? []).map((config) => ({ by: config.id, ref: config.guardrail })),
    ...orgAssignments.flatMap((assignment) =>
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
  await readEach(summaries, async (summary) => {
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
  });
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
  // Every knowledge base's data sources, and every data source, read a few at a time (the scheduler bounds the requests); kept in listing order.
  const read = await readEach(knowledgeBases, async (summary) => {
    const knowledgeBaseId = summary.knowledgeBaseId ?? '';
    const arn = `arn:${partition}:bedrock:${region}:${scope.id}:knowledge-base/${knowledgeBaseId}`;
    let unreadable: string | undefined;
    let dataSources: AwsResource[] = [];
    try {
      const summaries = await collection.all(paginateListDataSources({ client: agents }, { knowledgeBaseId }), (page) => page.dataSourceSummaries);
      dataSources = await readEach(summaries, async (dataSource) => {
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
      });
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
  });
  resources.push(...read.flat());
  await collection.listing(dataSourcesKey, async () => undefined);
}

async function collectActivity(context: RegionContext): Promise<void> {
  const { region, scope, partition, collection, client, resources, metricsWindow } = context;
  const bedrock = client('bedrock', region);
  const cloudwatch = client('cloudwatch', region);
  const failures = new Map<string, unknown>();
  const read = async <T>(api: string, get: () => Promise<T>) => {
    try {
      return await get();
    } catch (error) {
      failures.set(api, error);
      return undefined;
    }
  };
  const listMetrics = (namespace: string) => collection.all(paginateListMetrics({ client: cloudwatch }, { Namespace: namespace }), (page) => page.Metrics);
  const [metrics, guardrailMetrics, throughputs, profiles] = await Promise.all([
    read('cloudwatch:ListMetrics', () => listMetrics(bedrockMetrics.runtimeNamespace)),
    // The guardrail series are only needed to read their values: without a window, no call.
    metricsWindow ? read('cloudwatch:ListMetrics (AWS/Bedrock/Guardrails)', () => listMetrics(bedrockMetrics.guardrailsNamespace)) : undefined,
    read('bedrock:ListProvisionedModelThroughputs', () =>
      collection.all(paginateListProvisionedModelThroughputs({ client: bedrock }, {}), (page) => page.provisionedModelSummaries),
    ),
    read('bedrock:ListInferenceProfiles', () =>
      collection.all(paginateListInferenceProfiles({ client: bedrock }, { typeEquals: 'APPLICATION' }), (page) => page.inferenceProfileSummaries),
    ),
  ]);
  const activityApis = ['cloudwatch:ListMetrics', 'bedrock:ListProvisionedModelThroughputs', 'bedrock:ListInferenceProfiles'];
  const unreadable = activityApis.filter((api) => failures.has(api));
  const invokedModelIds = metrics?.flatMap((metric) =>
    metric.MetricName === bedrockMetrics.modelInvocations
      ? (metric.Dimensions ?? []).flatMap((dimension) => (dimension.Name === bedrockMetrics.modelIdDimension && dimension.Value ? [dimension.Value] : []))
      : [],
  );
  resources.push({
    provider: 'aws',
    scope,
    region,
    source: { kind: 'api', api: 'cloudwatch:ListMetrics' },
    type: 'aws.bedrock.region-activity',
    id: `arn:${partition}:bedrock:${region}:${scope.id}:activity`,
    ...(metrics ? { bedrockMetricNames: [...new Set(metrics.flatMap((metric) => (metric.MetricName ? [metric.MetricName] : [])))].sort() } : {}),
    ...(invokedModelIds ? { invokedModelIds: [...new Set(invokedModelIds)].sort() } : {}),
    ...(throughputs ? { provisionedThroughputCount: throughputs.length } : {}),
    ...(profiles ? { applicationInferenceProfileCount: profiles.length } : {}),
  });
  const firstFailure = unreadable[0];
  await collection.listing(listingKey(scope, 'aws.bedrock.region-activity', region, firstFailure ?? 'cloudwatch:ListMetrics'), async () => {
    if (firstFailure !== undefined) throw withContext(failures.get(firstFailure), `Bedrock activity signals unreadable (${unreadable.join(', ')})`);
  });
  // The same listings, kept as resources for the inventory (no further call), each with its own coverage.
  await collection.listing(listingKey(scope, 'aws.bedrock.provisioned-throughput', region, 'bedrock:ListProvisionedModelThroughputs'), async () => {
    if (!throughputs) throw failures.get('bedrock:ListProvisionedModelThroughputs');
    resources.push(
      ...throughputs.map((summary) => normalise.provisionedThroughput(summary, where(context, region, 'bedrock:ListProvisionedModelThroughputs'))),
    );
  });
  await collection.listing(listingKey(scope, 'aws.bedrock.inference-profile', region, 'bedrock:ListInferenceProfiles'), async () => {
    if (!profiles) throw failures.get('bedrock:ListInferenceProfiles');
    resources.push(...profiles.map((summary) => normalise.inferenceProfile(summary, where(context, region, 'bedrock:ListInferenceProfiles'))));
  });
  await collectMetricSeries(context, metrics, guardrailMetrics, failures);
}

/**
 * The usage and guardrail series of one region over the metrics window (spec §12), filed under
 * `metric.series`: ok with every series, or denied/error with none (a partial read would make
 * shares and rates wrong). Without a window nothing is read, and the listing says so.
 */
async function collectMetricSeries(
  context: RegionContext,
  runtimeMetrics: Metric[] | undefined,
  guardrailMetrics: Metric[] | undefined,
  failures: ReadonlyMap<string, unknown>,
): Promise<void> {
  const { region, scope, partition, collection, client, resources, metricsWindow } = context;
  // No window asked for (a collector used on its own; every scan passes one): metrics are not read, nothing is filed.
  if (!metricsWindow) return;
  const listFailure = ['cloudwatch:ListMetrics', 'cloudwatch:ListMetrics (AWS/Bedrock/Guardrails)'].find((api) => failures.has(api));
  if (listFailure !== undefined || !runtimeMetrics || !guardrailMetrics) {
    await collection.listing(listingKey(scope, metricSeriesType, region, 'cloudwatch:ListMetrics'), () =>
      Promise.reject(withContext(failures.get(listFailure ?? ''), 'metric series could not be listed')),
    );
    return;
  }
  const series = await collection.listing(listingKey(scope, metricSeriesType, region, 'cloudwatch:GetMetricData'), () =>
    readSeries(
      { collection, cloudwatch: client('cloudwatch', region), scope, partition, region, window: metricsWindow },
      seriesToRead([...runtimeMetrics, ...guardrailMetrics]),
    ),
  );
  if (series) resources.push(...series);
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
