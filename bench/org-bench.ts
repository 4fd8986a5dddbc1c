/**
 * Organisation-scale collection benchmark (not a test; reference §5.3). Builds a seeded synthetic
 * organisation, serves it from the fake cloud in a child process (so the figures are the
 * scanner's alone on a 2-core machine) with a served latency, a token bucket per throttling key
 * and, optionally, a random share of throttled answers, runs the real collection (the provider
 * module's `collect`, as `scan` does) and prints one JSON line per run: wall time, the lower bound
 * of reference §5.1 computed from the served request log (which term binds), wall ÷ bound, calls,
 * resources, calls per resource, retries, throttles and the time spent waiting on them, CPU, peak
 * RSS and the heap still held after a full GC.
 *
 *   npm run bench:org -- --provider aws [--latency 100] [--scopes 100] [--guardrails 10000] [--throttle 0.02]
 *   npm run bench:org -- --provider azure --scopes 200 --latency 20
 *   npm run bench:org -- --provider gcp --scopes 500 [--folders 10] [--model-armor-share 0.5]
 *
 * Options: `--page-size N` (largest page any listing returns, default 20); `--rate-limit off`;
 * `--throttle SHARE` (random 429s, default 0) with `--retry-after S` (default 1 s, scaled);
 * `--scale S` (default 100 ÷ latency: every bucket refills S× faster, Retry-After and the
 * scheduler's back-off base are S× shorter, so all lower-bound terms shrink alike and the ratio
 * stands, reference §5.3); `--slots K` (the scanner's global concurrency, default 64);
 * `--workers N` (AWS: N worker threads, each collecting 1/N of the accounts through `--shard`,
 * K/N slots each — a prototype, not how `scan` runs); `--runs N`; `--seed N`; `--cpu-prof DIR`
 * (profile the collecting process); `--heap-snapshot FILE` (written when the collection is done,
 * its result still held; with `--heap-snapshot-at MS` also one that far into it); `--keep-log
 * FILE` (the served request log); `--node-options "…"` (flags for the collecting process, e.g.
 * `--max-old-space-size=192`); `--account-concurrency N` (AWS accounts read at once).
 * `node bench/profile-summary.ts` and `node bench/heap-summary.ts` summarise a profile / snapshot.
 *
 * Each run has its own processes: the estate is generated in one (so the generator's memory is
 * not the collector's peak), T0 and the client CPU per call are measured in another against an
 * empty scope with no latency, and each collection runs in a fresh process against a fresh fake
 * cloud.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { writeHeapSnapshot } from 'node:v8';
import type { CollectResult } from '../src/collect/collector.ts';
import type { Shard } from '../src/collect/shard.ts';
import { Throttler, type RandomThrottle, type RateLimit } from '../fakecloud/throttling.ts';
import { spawnFakeCloud } from './fake-cloud-process.ts';
import { awsAccountIds, awsCalibrationEstate, awsMemberRole, awsOrgEstate, azureOrgEstate, gcpOrgEstate, type ServingOptions } from './org-estates.ts';
import { lowerBound } from './org-lower-bound.ts';

type Provider = 'aws' | 'azure' | 'gcp';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'aws' },
    latency: { type: 'string', default: '100' },
    scopes: { type: 'string' },
    guardrails: { type: 'string', default: '10000' },
    folders: { type: 'string', default: '10' },
    'model-armor-share': { type: 'string', default: '0.5' },
    'page-size': { type: 'string', default: '20' },
    'rate-limit': { type: 'string', default: 'on' },
    throttle: { type: 'string', default: '0' },
    'retry-after': { type: 'string', default: '1' },
    scale: { type: 'string' },
    slots: { type: 'string', default: '64' },
    'account-concurrency': { type: 'string' },
    workers: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
    'heap-snapshot': { type: 'string' },
    'heap-snapshot-at': { type: 'string' },
    'keep-log': { type: 'string' },
    'node-options': { type: 'string' },
    'live-heap': { type: 'boolean', default: false },
    // Internal: the phase a child process runs, and its inputs.
    phase: { type: 'string' },
    url: { type: 'string' },
    out: { type: 'string' },
  },
  allowPositionals: false,
});

const provider = (values.provider ?? 'aws') as Provider;
if (!['aws', 'azure', 'gcp'].includes(provider)) throw new Error(`--provider: expected aws, azure or gcp, got ${provider}`);
const latencyMs = Number(values.latency);
const scopes = Number(values.scopes ?? { aws: 100, azure: 200, gcp: 500 }[provider]);
const scale = Number(values.scale ?? 100 / Math.max(latencyMs, 1));
const slots = Number(values.slots);
const workers = Number(values.workers);
const seed = Number(values.seed);
const pageSize = Number(values['page-size']);
const throttleShare = Number(values.throttle);
const retryAfterS = Number(values['retry-after']) / scale;
const modelArmorShare = Number(values['model-armor-share']);
const gcpFolders = Number(values.folders);

/**
 * Each cloud's buckets at their published (or, where none is published, assumed) rates, reference
 * §1, refilled `scale`× faster: AWS per account × region × service (Bedrock, Bedrock Agents,
 * CloudTrail 10/s; CloudWatch 9/s; Config 5/s assumed; Organizations 5/s for the organisation,
 * assumed; STS 600/s; EC2 20/s with 100 burst), Azure 25/s with 250 burst per subscription and for
 * the tenant, Google 1,200/min per project × API (20/s, 100 burst).
 */
function rateLimitFor(which: Provider): RateLimit {
  const bucket = (perSecond: number, burst: number) => ({ perKeyPerSecond: perSecond * scale, burst });
  if (which === 'aws')
    return {
      ...bucket(10, 10),
      overrides: {
        cloudwatch: bucket(9, 9),
        'config-service': bucket(5, 5),
        organizations: bucket(5, 5),
        sts: bucket(600, 600),
        ec2: bucket(20, 100),
        ssm: bucket(40, 40),
      },
    };
  if (which === 'azure') return { ...bucket(25, 250), retryAfter: 1 / scale };
  return bucket(20, 100);
}

function serving(): ServingOptions {
  const randomThrottle: RandomThrottle | undefined = throttleShare > 0 ? { rate: throttleShare, retryAfter: retryAfterS, seed } : undefined;
  return {
    latencyMs,
    pageSize,
    ...(values['rate-limit'] === 'off' ? {} : { rateLimit: rateLimitFor(provider) }),
    ...(randomThrottle ? { randomThrottle } : {}),
  };
}

/** The scopes in the order their listing returns them, for the critical path. */
function scopeOrder(estateFile: string) {
  if (provider === 'aws') return { ids: awsAccountIds(scopes), pageSize: 20, levelsAbove: 0 };
  const estate = JSON.parse(readFileSync(estateFile, 'utf8')) as {
    azure?: { subscriptions: Array<{ subscriptionId: string }> };
    gcp?: { projects: Array<{ projectId: string }>; folders: unknown[] };
  };
  if (provider === 'azure') return { ids: (estate.azure?.subscriptions ?? []).map((entry) => entry.subscriptionId), pageSize, levelsAbove: 0 };
  // Organisation → top folders → sub-folders → projects: two Folders_List levels above each Projects_List.
  return { ids: (estate.gcp?.projects ?? []).map((entry) => entry.projectId), pageSize, levelsAbove: 2, perParent: gcpFolders * 2 };
}

// ---------------------------------------------------------------------------------------------
// Phase: estate (child) — writes the organisation and the calibration estate.

async function estatePhase(out: string): Promise<void> {
  const main =
    provider === 'aws'
      ? await awsOrgEstate({ accounts: scopes, guardrails: Number(values.guardrails), seed }, serving())
      : provider === 'azure'
        ? await azureOrgEstate({ subscriptions: scopes, seed }, serving())
        : await gcpOrgEstate({ projects: scopes, folders: gcpFolders, modelArmorShare, seed }, serving());
  const idle = { latencyMs: 0, pageSize: 1000 };
  const calibration =
    provider === 'aws'
      ? await awsCalibrationEstate()
      : provider === 'azure'
        ? await azureOrgEstate({ subscriptions: 1, seed: 3 }, idle)
        : await gcpOrgEstate({ projects: 1, folders: 1, modelArmorShare: 1, seed }, idle);
  writeFileSync(join(out, 'estate.json'), JSON.stringify(main));
  writeFileSync(join(out, 'calibration.json'), JSON.stringify(calibration));
}

// ---------------------------------------------------------------------------------------------
// Collection options, per provider, as `scan` would build them (credentials for the fake cloud).

async function collectOptions(url: string, shard?: Shard): Promise<Record<string, unknown>> {
  const scheduler = { globalConcurrency: shard ? Math.max(1, Math.round(slots / shard.count)) : slots, baseDelayMs: 500 / scale };
  // As `scan` runs: usage metrics over the default 30-day window (spec §12), so their calls are counted.
  const to = new Date();
  const common = { scheduler, metricsWindow: { from: new Date(to.getTime() - 30 * 86_400_000), to } };
  if (provider === 'aws')
    return {
      endpoint: url,
      region: 'us-east-1',
      credentials: async () => ({ accessKeyId: 'AKIDBENCHMANAGEMENT', secretAccessKey: 'bench-secret' }),
      org: true,
      assumeRole: awsMemberRole,
      ...common,
      ...(values['account-concurrency'] !== undefined ? { accountConcurrency: Number(values['account-concurrency']) } : {}),
      ...(shard ? { shard } : {}),
    };
  if (provider === 'azure')
    return {
      endpoint: url,
      credential: { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      ...common,
      ...(shard ? { shard } : {}),
    };
  const { OAuth2Client } = await import('google-auth-library');
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'bench-token' });
  return { endpoint: url, authClient, organization: '999', ...common, ...(shard ? { shard } : {}) };
}

/** The provider module's `collect`, loaded as `scan` loads it (its SDKs load inside). */
async function collect(options: Record<string, unknown>): Promise<CollectResult> {
  const module =
    provider === 'aws'
      ? (await import('../collectors/aws/module.ts')).awsCollector
      : provider === 'azure'
        ? (await import('../collectors/azure/module.ts')).azureCollector
        : (await import('../collectors/gcp/module.ts')).gcpCollector;
  return (module.collect as (options: Record<string, unknown>) => Promise<CollectResult>)(options);
}

// ---------------------------------------------------------------------------------------------
// Phase: calibrate (child) — T0 on an empty scope, then the client CPU per call.

async function calibratePhase(url: string): Promise<void> {
  const started = performance.now();
  // An empty scope: a shard holding none of the calibration estate's scopes (its discovery still runs).
  const result = await collect(await collectOptions(url, await emptyShard()));
  const t0Ms = performance.now() - started;
  // The floor of the memory figures: the collector and its SDKs loaded, nothing collected.
  (globalThis as { gc?: () => void }).gc?.();
  const emptyScan = { peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), heapAfterGcMiB: Math.round(process.memoryUsage().heapUsed / 1048576) };
  const perCall = await calibrateCalls(url);
  process.stdout.write(`${JSON.stringify({ t0Ms, t0Calls: result.calls.length, emptyScan, cpuPerCallMs: perCall })}\n`);
}

/** A shard (of 1,000) that holds none of the calibration estate's scopes. */
async function emptyShard(): Promise<Shard> {
  const { shardOf } = await import('../src/collect/shard.ts');
  const ids = provider === 'aws' ? awsAccountIds(2) : provider === 'azure' ? ['00000000-0000-4000-8000-000000000001'] : ['ai-bench-00000'];
  const taken = new Set(ids.map((id) => shardOf(provider, id.toLowerCase(), 1000)));
  let index = 1;
  while (taken.has(index)) index++;
  return { index, count: 1000 };
}

/**
 * The client CPU of one call, per operation: 320 calls, 8 at a time, against the idle fake cloud,
 * after 80 to warm up, the cheapest of three rounds; CPU of the main (JavaScript) thread ÷ calls. AWS: the official clients alone, as
 * cheaply configured as we know; Azure and GCP: through the scanner's client factories (their
 * wrappers are one pipeline policy / one fetch hook), no scheduler.
 */
async function calibrateCalls(url: string): Promise<Record<string, number>> {
  // The main thread's CPU only: GC helper and libuv threads run beside it, so process CPU would overstate what one thread must spend.
  // Calls run 8 at a time (as in a scan, where some per-call work is shared), three rounds, the cheapest kept.
  const measure = async (send: () => Promise<unknown>): Promise<number> => {
    const lanes = async (calls: number) =>
      Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let index = 0; index < calls / 8; index++) await send();
        }),
      );
    await lanes(80);
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      const before = process.threadCpuUsage();
      await lanes(320);
      const used = process.threadCpuUsage(before);
      best = Math.min(best, (used.user + used.system) / 1000 / 320);
    }
    return Number(best.toFixed(3));
  };
  if (provider === 'aws') {
    // The official clients alone, in their cheapest set-up (handler cache, keep-alive): the SDK's floor, not our wrappers'.
    const { BedrockClient, ListGuardrailsCommand } = await import('@aws-sdk/client-bedrock');
    const { CloudWatchClient, DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
    const { CloudTrailClient, DescribeTrailsCommand } = await import('@aws-sdk/client-cloudtrail');
    const { ConfigServiceClient, DescribeConfigurationRecordersCommand } = await import('@aws-sdk/client-config-service');
    const { Agent } = await import('node:http');
    const httpAgent = new Agent({ keepAlive: true });
    const config = {
      region: 'us-east-1',
      endpoint: url,
      credentials: async () => ({ accessKeyId: 'AKIDBENCHMANAGEMENT', secretAccessKey: 'bench-secret' }),
      maxAttempts: 1,
      cacheMiddleware: true,
      requestHandler: { httpAgent },
    };
    const bedrock = new BedrockClient(config);
    const cloudwatch = new CloudWatchClient(config);
    const cloudtrail = new CloudTrailClient(config);
    const configService = new ConfigServiceClient(config);
    const results = {
      'bedrock:ListGuardrails': await measure(() => bedrock.send(new ListGuardrailsCommand({}))),
      'cloudwatch:DescribeAlarms': await measure(() => cloudwatch.send(new DescribeAlarmsCommand({}))),
      'cloudtrail:DescribeTrails': await measure(() => cloudtrail.send(new DescribeTrailsCommand({}))),
      'config:DescribeConfigurationRecorders': await measure(() => configService.send(new DescribeConfigurationRecordersCommand({}))),
    };
    for (const client of [bedrock, cloudwatch, cloudtrail, configService]) client.destroy();
    return results;
  }
  if (provider === 'azure') {
    const { AzureClientFactory } = await import('../collectors/azure/clients.ts');
    const { azureEndpoint } = await import('../collectors/azure/endpoint.ts');
    const factory = new AzureClientFactory(
      { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      azureEndpoint(url),
    );
    const subscription = '00000000-0000-4000-8000-000000000001';
    const firstPage = async <T>(pager: { byPage(): AsyncIterableIterator<T[]> }) => (await pager.byPage().next()).value;
    return {
      Subscriptions_List: await measure(() => firstPage(factory.subscriptions().subscriptions.list())),
      MetricAlerts_ListBySubscription: await measure(() => firstPage(factory.monitor(subscription).metricAlerts.listBySubscription())),
      Accounts_List: await measure(() => firstPage(factory.cognitiveServices(subscription).accounts.list())),
    };
  }
  const { GcpClientFactory } = await import('../collectors/gcp/clients.ts');
  const { gcpEndpoint } = await import('../collectors/gcp/endpoint.ts');
  const { OAuth2Client } = await import('google-auth-library');
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'bench-token' });
  const factory = new GcpClientFactory(authClient, gcpEndpoint(url));
  const project = 'ai-bench-00000';
  const results = {
    Templates_List: await measure(() => factory.modelArmor().listTemplates({ parent: `projects/${project}/locations/us-central1` }, { autoPaginate: false })),
    AlertPolicies_List: await measure(() => factory.alertPolicies().listAlertPolicies({ name: `projects/${project}` }, { autoPaginate: false, retry: null })),
    Services_Get: await measure(() => factory.serviceUsage().getService({ name: `projects/${project}/services/aiplatform.googleapis.com` })),
  };
  await factory.close();
  return results;
}

// ---------------------------------------------------------------------------------------------
// Phase: collect (child) — the measured collection.

interface CollectSummary {
  wallMs: number;
  cpuMs: number;
  /** The JavaScript thread's own CPU (the process's also counts GC helper and libuv threads). */
  mainThreadCpuMs: number;
  calls: number;
  resources: number;
  scopes: number;
  notOk: number;
  retries: number;
  throttled: number;
  throttleWaitMs: number;
  throttleWaitWallMs: number;
  byOperation: Record<string, number>;
  startedAt: number;
}

function summarise(result: CollectResult, wallMs: number, cpuMs: number, mainThreadCpuMs: number, startedAt: number): CollectSummary {
  const byOperation: Record<string, number> = {};
  for (const call of result.calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
  return {
    wallMs,
    cpuMs,
    mainThreadCpuMs,
    calls: result.calls.length,
    resources: result.inventory.resources.length,
    scopes: result.inventory.scopes.length,
    notOk: result.inventory.listings.filter((entry) => entry.status !== 'ok').length,
    retries: result.stats.retries ?? 0,
    throttled: result.stats.throttled,
    throttleWaitMs: result.stats.throttleWaitMs ?? 0,
    throttleWaitWallMs: result.stats.throttleWaitWallMs ?? 0,
    byOperation,
    startedAt,
  };
}

async function collectPhase(url: string): Promise<void> {
  // Where the memory goes while collecting: the peaks of the V8 heap and of memory outside it.
  const peaks = { heapUsedMiB: 0, heapTotalMiB: 0, externalMiB: 0, rssMiB: 0 };
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peaks.heapUsedMiB = Math.max(peaks.heapUsedMiB, usage.heapUsed / 1048576);
    peaks.heapTotalMiB = Math.max(peaks.heapTotalMiB, usage.heapTotal / 1048576);
    peaks.externalMiB = Math.max(peaks.externalMiB, usage.external / 1048576);
    peaks.rssMiB = Math.max(peaks.rssMiB, usage.rss / 1048576);
  }, 100);
  sampler.unref();
  // `--live-heap`: a full GC every 2 s and the heap left after it — what the collection really holds, not garbage
  // awaiting collection (perturbs the timing a little).
  const live: Array<[number, number]> = [];
  const liveSampler = values['live-heap']
    ? setInterval(() => {
        (globalThis as { gc?: () => void }).gc?.();
        live.push([Math.round((Date.now() - startedAt) / 1000), Math.round(process.memoryUsage().heapUsed / 1048576)]);
      }, 2000)
    : undefined;
  liveSampler?.unref();
  // `--heap-snapshot-at MS`: a snapshot that far into the collection (what is live while it runs).
  const snapshotAt = values['heap-snapshot-at'];
  if (snapshotAt !== undefined && values['heap-snapshot'] !== undefined) {
    const file = values['heap-snapshot'].replace(/(\.heapsnapshot)?$/, '.during.heapsnapshot');
    setTimeout(() => writeHeapSnapshot(file), Number(snapshotAt)).unref();
  }
  const startedAt = Date.now();
  const cpuBefore = process.cpuUsage();
  const threadBefore = process.threadCpuUsage();
  const started = performance.now();
  let summary: CollectSummary;
  let held: unknown;
  if (workers <= 1) {
    const result = await collect(await collectOptions(url));
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const thread = process.threadCpuUsage(threadBefore);
    summary = summarise(result, wallMs, (cpu.user + cpu.system) / 1000, (thread.user + thread.system) / 1000, startedAt);
    held = result;
  } else {
    // Prototype: N worker threads, each with 1/N of the scopes (`--shard i/N`) and K/N slots.
    const parts = await Promise.all(
      Array.from(
        { length: workers },
        (_, index) =>
          new Promise<CollectSummary>((resolve, reject) => {
            const worker = new Worker(fileURLToPath(import.meta.url), {
              argv: process.argv.slice(2),
              workerData: { url, shard: { index: index + 1, count: workers } },
            });
            worker.once('message', (message: CollectSummary) => resolve(message));
            worker.once('error', reject);
          }),
      ),
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const byOperation: Record<string, number> = {};
    for (const part of parts) for (const [operation, count] of Object.entries(part.byOperation)) byOperation[operation] = (byOperation[operation] ?? 0) + count;
    const sum = (field: keyof CollectSummary) => parts.reduce((total, part) => total + Number(part[field]), 0);
    summary = {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      // The busiest worker's thread: the threads run side by side.
      mainThreadCpuMs: Math.max(...parts.map((part) => part.mainThreadCpuMs)),
      calls: sum('calls'),
      resources: sum('resources'),
      scopes: sum('scopes'),
      notOk: sum('notOk'),
      retries: sum('retries'),
      throttled: sum('throttled'),
      throttleWaitMs: sum('throttleWaitMs'),
      throttleWaitWallMs: Math.max(...parts.map((part) => part.throttleWaitWallMs)),
      byOperation,
      startedAt,
    };
  }
  clearInterval(sampler);
  if (liveSampler !== undefined) clearInterval(liveSampler);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  if (values['heap-snapshot'] !== undefined) writeHeapSnapshot(values['heap-snapshot']);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapAfterGcMiB = gc ? process.memoryUsage().heapUsed / 1048576 : undefined;
  // The result stays referenced until the heap is measured: what a scan keeps for the rules.
  if (held === null) throw new Error('no result');
  process.stdout.write(
    `${JSON.stringify({ ...summary, peakRssMiB, heapAfterGcMiB, memoryPeaks: peaks, ...(live.length > 0 ? { liveHeapMiB: live } : {}) })}\n`,
  );
}

async function workerPhase(): Promise<void> {
  const { url, shard } = workerData as { url: string; shard: Shard };
  const cpuBefore = process.cpuUsage();
  const threadBefore = process.threadCpuUsage();
  const started = performance.now();
  const result = await collect(await collectOptions(url, shard));
  const cpu = process.cpuUsage(cpuBefore);
  const thread = process.threadCpuUsage(threadBefore);
  parentPort?.postMessage(summarise(result, performance.now() - started, (cpu.user + cpu.system) / 1000, (thread.user + thread.system) / 1000, Date.now()));
}

// ---------------------------------------------------------------------------------------------
// Orchestration (the parent)

function runChild(args: string[], execArgv: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...execArgv, fileURLToPath(import.meta.url), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output.trim().split('\n').pop() ?? '') : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

/** CPU time (ms) every core of the machine spent busy so far (Linux /proc/stat); undefined elsewhere. */
function machineBusyMs(): number | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return undefined;
  }
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function orchestrate(): Promise<void> {
  const passthrough = process.argv
    .slice(2)
    .filter(
      (_, index, all) =>
        !['--cpu-prof', '--heap-snapshot', '--keep-log', '--node-options'].includes(all[index - 1] ?? '') &&
        !['--cpu-prof', '--heap-snapshot', '--keep-log', '--node-options'].includes(all[index] ?? ''),
    );
  const dir = mkdtempSync(join(tmpdir(), 'aiposture-org-bench-'));
  try {
    await runChild([...passthrough, '--phase', 'estate', '--out', dir]);
    const estateFile = join(dir, 'estate.json');

    const idle = await spawnFakeCloud(join(dir, 'calibration.json'));
    const calibration = JSON.parse(await runChild([...passthrough, '--phase', 'calibrate', '--url', idle.url], ['--expose-gc'])) as {
      t0Ms: number;
      t0Calls: number;
      emptyScan: { peakRssMiB: number; heapAfterGcMiB: number };
      cpuPerCallMs: Record<string, number>;
    };
    await idle.stop();
    const cpuPerCallMs = Math.min(...Object.values(calibration.cpuPerCallMs));

    const order = scopeOrder(estateFile);
    const throttler = new Throttler({ rateLimit: values['rate-limit'] === 'off' ? undefined : rateLimitFor(provider) });
    const ratios: number[] = [];
    for (let run = 1; run <= Number(values.runs); run++) {
      const cloud = await spawnFakeCloud(estateFile);
      await cloud.reset(); // its CPU counted from here: serving, not loading the estate
      const busyBefore = machineBusyMs();
      const [loadBefore = 0] = loadavg();
      const execArgv = [
        '--expose-gc',
        ...(values['cpu-prof'] !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []),
        ...(values['node-options'] !== undefined ? values['node-options'].split(/\s+/).filter(Boolean) : []),
      ];
      const collected = JSON.parse(
        await runChild(
          [...passthrough, '--phase', 'collect', '--url', cloud.url, ...(values['heap-snapshot'] ? ['--heap-snapshot', values['heap-snapshot']] : [])],
          execArgv,
        ),
      ) as CollectSummary & { peakRssMiB: number; heapAfterGcMiB?: number; memoryPeaks: Record<string, number>; liveHeapMiB?: Array<[number, number]> };
      const busyAfter = machineBusyMs();
      const { requests: log, cpuMs: fakeCloudCpuMs, maxRssMiB: fakeCloudRssMiB } = await cloud.log(join(dir, 'requests.json'));
      // CPU the rest of the machine used meanwhile (other processes, the kernel's loopback work): > 0 means the figure is disturbed.
      const otherCpuMs = busyBefore === undefined || busyAfter === undefined ? null : Math.round(busyAfter - busyBefore - collected.cpuMs - fakeCloudCpuMs);
      await cloud.stop();
      if (values['keep-log'] !== undefined) writeFileSync(values['keep-log'], JSON.stringify(log));

      const bound = lowerBound({
        provider,
        log,
        t0Ms: calibration.t0Ms,
        slots,
        cpuPerCallMs,
        threads: workers,
        bucketOf: (part) => throttler.bucketFor(part),
        randomRetryAfterS: retryAfterS,
        scopeOrder: order,
      });
      const throttledRate = log.filter((request) => request.throttled === 'rate').length;
      const throttledRandom = log.filter((request) => request.throttled === 'random').length;
      const firstRequestMs = Math.min(...log.map((request) => request.at)) - collected.startedAt;
      const ratio = collected.wallMs / bound.boundMs;
      ratios.push(ratio);
      const listingCalls = Object.entries(collected.byOperation)
        .filter(([operation]) => /^(List|Describe|GetModelInvocation|GetParametersByPath)|_List/.test(operation))
        .reduce((sum, [, count]) => sum + count, 0);
      console.log(
        JSON.stringify({
          run,
          provider,
          scopes: collected.scopes,
          latencyMs,
          scale: round(scale, 2),
          slots,
          workers,
          pageSize,
          rateLimit: values['rate-limit'] !== 'off',
          randomThrottle: throttleShare > 0 ? { share: throttleShare, retryAfterS: round(retryAfterS, 3) } : null,
          wallMs: round(collected.wallMs),
          lowerBound: {
            boundMs: round(bound.boundMs),
            binding: bound.binding,
            t0Ms: round(bound.t0Ms),
            criticalPathMs: round(bound.criticalPathMs),
            workOverSlotsMs: round(bound.workOverSlotsMs),
            maxBucketMs: round(bound.maxBucketMs),
            maxBucketKey: bound.maxBucketKey,
            clientCpuMs: round(bound.cpuMs),
            cpuPerCallMs,
            ioBoundMs: round(bound.ioBoundMs),
          },
          wallOverLowerBound: round(ratio, 2),
          wallOverIoLowerBound: round(collected.wallMs / bound.ioBoundMs, 2),
          calls: collected.calls,
          served: log.length,
          resources: collected.resources,
          callsPerResource: round(collected.calls / Math.max(collected.resources, 1), 2),
          listingCalls,
          detailCallsPerResource: round((collected.calls - listingCalls) / Math.max(collected.resources, 1), 2),
          retries: collected.retries,
          throttled: { total: collected.throttled, rateLimited: throttledRate, injected: throttledRandom },
          throttleWaitMs: round(collected.throttleWaitMs),
          throttleWaitWallMs: round(collected.throttleWaitWallMs),
          throttleWaitShareOfWall: round(collected.throttleWaitWallMs / collected.wallMs, 2),
          notOkListings: collected.notOk,
          cpuMs: round(collected.cpuMs),
          mainThreadCpuMs: round(collected.mainThreadCpuMs),
          mainThreadCpuPerCallMs: round(collected.mainThreadCpuMs / Math.max(collected.calls, 1), 3),
          firstRequestMs: round(firstRequestMs),
          fakeCloudCpuMs,
          fakeCloudRssMiB,
          machine: { otherCpuMs, loadAverageBefore: round(loadBefore, 2) },
          peakRssMiB: round(collected.peakRssMiB),
          heapAfterGcMiB: collected.heapAfterGcMiB === undefined ? null : round(collected.heapAfterGcMiB),
          memoryPeaksMiB: Object.fromEntries(Object.entries(collected.memoryPeaks).map(([name, value]) => [name.replace(/MiB$/, ''), round(value)])),
          emptyScan: calibration.emptyScan,
          ...(collected.liveHeapMiB ? { liveHeapMiB: collected.liveHeapMiB } : {}),
          calibration: { t0Calls: calibration.t0Calls, cpuPerCallMs: calibration.cpuPerCallMs },
          byOperation: collected.byOperation,
        }),
      );
    }
    if (ratios.length > 1)
      console.log(
        JSON.stringify({
          summary: true,
          provider,
          latencyMs,
          runs: ratios.length,
          medianWallOverLowerBound: round(median(ratios), 2),
          worst: round(Math.max(...ratios), 2),
        }),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) await workerPhase();
else if (values.phase === 'estate') await estatePhase(values.out ?? '.');
else if (values.phase === 'calibrate') await calibratePhase(values.url ?? '');
else if (values.phase === 'collect') await collectPhase(values.url ?? '');
else await orchestrate();
