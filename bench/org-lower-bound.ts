/**
 * The lower bound of reference §5.1 computed from a fake cloud's request log:
 *
 *   LB = T0 + max(D, W/K, max_b R_b, C)
 *
 * - T0: fixed cost before the first request (measured by the bench on an empty scope).
 * - D: the critical path — the longest chain of round trips the scan cannot overlap (the pages
 *   of a listing one after another; a detail read after the listing that names it; every call of
 *   an account after its AssumeRole, itself after the ListAccounts page that lists the account;
 *   a project after the folder listings above it). Counted per scope from the log's page counts
 *   and the estate's listing order; a randomly throttled call adds its Retry-After and a second
 *   round trip on its own path.
 * - W/K: the served latency of every request an ideal scanner makes (all but those throttled for
 *   exceeding a bucket), over the scanner's K slots.
 * - R_b: per throttling key, (N_b − burst)/rate + the shortest round trip.
 * - C: client CPU — the requests an ideal scanner makes × the measured client CPU per call, over
 *   the scanner's JavaScript threads (one, unless the bench runs worker threads): the bound when
 *   latency is short.
 *
 * Every term is a lower bound of any schedule, so their maximum is too. D is counted with the
 * weaker of the dependencies where the collector waits for more (e.g. a guardrail's version read
 * after ListAgents' pages, not after GetAgent), so it may only come out low, never high.
 */
import type { FakeCloudRequest } from '../fakecloud/server.ts';

export interface Bucket {
  burst: number;
  perSecond: number;
}

export interface LowerBoundInput {
  provider: 'aws' | 'azure' | 'gcp';
  log: readonly FakeCloudRequest[];
  t0Ms: number;
  /** The scanner's global concurrency (K). */
  slots: number;
  /** Client CPU per call (ms), from the calibration; 0 leaves the CPU term out. */
  cpuPerCallMs: number;
  /** JavaScript threads the scanner runs on (1, or the bench's worker threads): the CPU term is shared among them. */
  threads?: number;
  /** The bucket of a key's last part (AWS service, Azure `tenant`/`subscription`, Google API host); undefined: no rate limit. */
  bucketOf: (part: string) => Bucket | undefined;
  /** Retry-After (seconds) of a randomly throttled request. */
  randomRetryAfterS: number;
  /** Scopes in listing order with the page size of their listing, and how deep below the root listing they sit (GCP folder levels). */
  scopeOrder: { ids: readonly string[]; pageSize: number; levelsAbove: number; perParent?: number };
}

export interface LowerBound {
  t0Ms: number;
  criticalPathMs: number;
  workOverSlotsMs: number;
  maxBucketMs: number;
  maxBucketKey: string | null;
  cpuMs: number;
  /** LB with the CPU term. */
  boundMs: number;
  /** LB without it (I/O only, as the reference's table). */
  ioBoundMs: number;
  binding: 'critical path' | 'work/slots' | 'bucket' | 'client CPU';
  /** Requests an ideal scanner makes (those not throttled for exceeding a bucket). */
  idealRequests: number;
}

/** The part of a throttling key its bucket is chosen by. */
export function keyPart(provider: LowerBoundInput['provider'], key: string): string {
  if (provider === 'azure') return key === 'tenant' ? 'tenant' : 'subscription';
  return key.split(':').pop() ?? key;
}

type Pages = (scope: string, region: string, operation: string) => number;

export function lowerBound(input: LowerBoundInput): LowerBound {
  const ideal = input.log.filter((request) => request.throttled !== 'rate');
  const answered = ideal.filter((request) => request.throttled === undefined);
  const latency = Math.min(...answered.map((request) => request.latencyMs).filter((value) => value > 0), Number.POSITIVE_INFINITY);
  const l = Number.isFinite(latency) ? latency : 0;

  // W/K.
  const work = ideal.reduce((sum, request) => sum + request.latencyMs, 0);
  const workOverSlotsMs = work / input.slots;

  // R_b.
  const perKey = new Map<string, number>();
  for (const request of answered) if (request.key !== undefined) perKey.set(request.key, (perKey.get(request.key) ?? 0) + 1);
  let maxBucketMs = 0;
  let maxBucketKey: string | null = null;
  for (const [key, count] of perKey) {
    const bucket = input.bucketOf(keyPart(input.provider, key));
    if (bucket === undefined) continue;
    const bound = (Math.max(0, count - bucket.burst) / bucket.perSecond) * 1000 + l;
    if (bound > maxBucketMs) {
      maxBucketMs = bound;
      maxBucketKey = key;
    }
  }

  // D.
  const counts = new Map<string, number>();
  for (const request of answered) {
    const scope = scopeOf(input.provider, request);
    const id = `${scope}|${request.region}|${request.operation}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const pages: Pages = (scope, region, operation) => counts.get(`${scope}|${region}|${operation}`) ?? 0;
  const trips =
    input.provider === 'aws'
      ? awsTrips(answered, pages, input)
      : input.provider === 'azure'
        ? azureTrips(answered, pages, input)
        : gcpTrips(answered, pages, input);
  const randomPenalty = Math.max(
    0,
    ...input.log.filter((request) => request.throttled === 'random').map((request) => input.randomRetryAfterS * 1000 + request.latencyMs + l),
  );
  const criticalPathMs = Math.max(trips * l, randomPenalty);

  const cpuMs = (ideal.length * input.cpuPerCallMs) / Math.max(1, input.threads ?? 1);
  const terms: Array<[LowerBound['binding'], number]> = [
    ['critical path', criticalPathMs],
    ['work/slots', workOverSlotsMs],
    ['bucket', maxBucketMs],
    ['client CPU', cpuMs],
  ];
  const [binding, top] = terms.reduce((best, term) => (term[1] > best[1] ? term : best));
  const io = Math.max(criticalPathMs, workOverSlotsMs, maxBucketMs);
  return {
    t0Ms: input.t0Ms,
    criticalPathMs,
    workOverSlotsMs,
    maxBucketMs,
    maxBucketKey,
    cpuMs,
    boundMs: input.t0Ms + top,
    ioBoundMs: input.t0Ms + io,
    binding,
    idealRequests: ideal.length,
  };
}

/** The scope (account, subscription, project) a request belongs to. */
function scopeOf(provider: LowerBoundInput['provider'], request: FakeCloudRequest): string {
  if (provider === 'aws') return request.key?.split(':')[0] ?? '';
  if (provider === 'azure') return request.region;
  return request.region;
}

/** The page (1-based) of its listing on which the scope at `index` arrives. */
function pageOf(index: number, pageSize: number): number {
  return Math.floor(index / Math.max(1, pageSize)) + 1;
}

/** Round trips on the longest AWS chain: caller → ListAccounts page → AssumeRole → region discovery → the longest region chain. */
function awsTrips(log: readonly FakeCloudRequest[], pages: Pages, input: LowerBoundInput): number {
  const regionsOf = new Map<string, Set<string>>();
  for (const request of log) {
    const account = request.key?.split(':')[0];
    if (account === undefined || request.service === 'sts' || request.service === 'organizations' || request.service === 'ssm' || request.service === 'ec2')
      continue;
    let regions = regionsOf.get(account);
    if (!regions) regionsOf.set(account, (regions = new Set()));
    regions.add(request.region);
  }
  const present = (account: string, region: string, operation: string) => (pages(account, region, operation) > 0 ? 1 : 0);
  let longest = 0;
  input.scopeOrder.ids.forEach((account, index) => {
    const management = index === 0;
    const prefix = 1 + pageOf(index, input.scopeOrder.pageSize) + (management ? 0 : 1);
    const discovery = Math.max(pages(account, 'us-east-1', 'GetParametersByPath'), 1);
    let region = 0;
    for (const name of regionsOf.get(account) ?? []) {
      const p = (operation: string) => pages(account, name, operation);
      const chain = Math.max(
        Math.max(p('ListGuardrails'), p('ListAgents'), p('ListEnforcedGuardrailsConfiguration')) + present(account, name, 'GetGuardrail'),
        p('ListKnowledgeBases') + present(account, name, 'ListDataSources') + present(account, name, 'GetDataSource'),
        p('ListCustomModels') + present(account, name, 'GetCustomModel'),
        p('DescribeTrails') + present(account, name, 'GetTrailStatus'),
        p('DescribeConfigurationRecorders') + present(account, name, 'DescribeConfigurationRecorderStatus'),
        p('DescribeAlarms'),
        p('ListMetrics'),
        p('ListProvisionedModelThroughputs'),
        p('ListInferenceProfiles'),
        p('GetModelInvocationLoggingConfiguration'),
      );
      region = Math.max(region, chain);
    }
    longest = Math.max(longest, prefix + discovery + region);
  });
  return longest;
}

/** Round trips on the longest Azure chain: the Subscriptions_List page → accounts → their children; assignments → definitions. */
function azureTrips(log: readonly FakeCloudRequest[], pages: Pages, input: LowerBoundInput): number {
  const definitions = log.some((request) => /Definitions_/.test(request.operation));
  let longest = 0;
  input.scopeOrder.ids.forEach((id, index) => {
    const subscription = id.toLowerCase();
    const p = (operation: string) => pages(subscription, subscription, operation);
    const children = ['Deployments_List', 'RaiPolicies_List', 'RaiBlocklists_List', 'DefenderForAISettings_List', 'DiagnosticSettings_List'].some(
      (operation) => p(operation) > 0,
    );
    const chain = Math.max(
      p('Accounts_List') + (children ? 1 : 0),
      p('MetricAlerts_ListBySubscription'),
      p('PolicyAssignments_List') + (definitions ? 1 : 0),
      p('Pricings_Get'),
    );
    longest = Math.max(longest, pageOf(index, input.scopeOrder.pageSize) + chain);
  });
  return longest;
}

/** Round trips on the longest GCP chain: the folder listings above a project → its Projects_List page → its longest chain. */
function gcpTrips(_log: readonly FakeCloudRequest[], pages: Pages, input: LowerBoundInput): number {
  const perParent = input.scopeOrder.perParent ?? 1;
  let longest = 0;
  input.scopeOrder.ids.forEach((project, index) => {
    const p = (operation: string) => pages(project, project, operation);
    const chain = Math.max(
      p('Locations_List') + (p('Endpoints_List') > 0 ? 1 : 0),
      p('Templates_List') > 0 ? 1 : 0,
      p('AlertPolicies_List'),
      p('Services_Get'),
      p('FloorSettings_Get'),
      p('GetIamPolicy'),
    );
    // Projects are spread round-robin over the leaf folders: the index within its folder decides its page.
    const within = Math.floor(index / perParent);
    longest = Math.max(longest, input.scopeOrder.levelsAbove + pageOf(within, input.scopeOrder.pageSize) + chain);
  });
  return longest;
}
