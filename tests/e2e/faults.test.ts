/**
 * Transport and protocol faults, through the real SDK clients of every provider against the fake
 * cloud: a server that never answers, a dropped connection, a one-shot 5xx, a page token that
 * repeats, a Retry-After of an hour, a redirect to a write operation, and a scan deadline. Each
 * must end as a bounded retry or a coverage entry, never a hang, an abort or a forbidden request.
 */
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../collectors/aws/index.ts';
import { collectAzure } from '../../collectors/azure/index.ts';
import { collectGcp } from '../../collectors/gcp/index.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import type { SchedulerOptions } from '../../src/collect/scheduler.ts';
import { loadEstateFile, startFakeCloud, type FakeCloudEstate, type FakeCloudRequest } from '../../fakecloud/server.ts';
import { azureToken, estatePath, googleToken, staticCredentials } from './helpers.ts';

type Provider = 'aws' | 'azure' | 'gcp';
type Fault = Record<string, unknown>;

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const PROJECT = 'ai-prod-123';
/** Short back-off and waits: every test here stays well under a few seconds. */
const fast: SchedulerOptions = { baseDelayMs: 1, maxDelayMs: 20, maxWaitMs: 200 };

interface Run {
  result: CollectResult;
  served: FakeCloudRequest[];
  elapsedMs: number;
}

/** Serves the provider's level-1 estate (edited), collects it through the real SDK clients, returns what was collected and served. */
async function collect(
  provider: Provider,
  options: { faults?: Fault[]; pageSize?: number; deadline?: number; timeoutMs?: number; scheduler?: SchedulerOptions } = {},
): Promise<Run> {
  const estate: FakeCloudEstate = await loadEstateFile(estatePath(`${provider}-level1.yaml`));
  const section = estate[provider] as { faults: Fault[]; pageSize?: number } | undefined;
  if (section === undefined) throw new Error(`no ${provider} section`);
  section.faults.push(...(options.faults ?? []));
  if (options.pageSize !== undefined) section.pageSize = options.pageSize;
  const cloud = await startFakeCloud({ [provider]: section });
  const common = {
    scheduler: options.scheduler ?? fast,
    // Short only where a test waits for it: a loaded machine must not time out healthy requests.
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  };
  const started = Date.now();
  try {
    const result =
      provider === 'aws'
        ? await collectAws({ endpoint: cloud.url, credentials: staticCredentials, region: 'us-east-1', regions: ['us-east-1'], ...common })
        : provider === 'azure'
          ? await collectAzure({ endpoint: cloud.url, credential: azureToken, subscriptions: [SUBSCRIPTION], ...common })
          : await collectGcp({ endpoint: cloud.url, authClient: googleToken(), projects: [PROJECT], locations: ['us-central1'], ...common });
    return { result, served: [...cloud.requests], elapsedMs: Date.now() - started };
  } finally {
    await cloud.close();
  }
}

/** One listing of each provider, its fault selector, and the coverage collector it is filed under. */
const listings: Record<Provider, { fault: Fault; collector: string; operation: string }> = {
  aws: { fault: { region: 'us-east-1', service: 'bedrock', operation: 'ListGuardrails' }, collector: 'bedrock:ListGuardrails', operation: 'ListGuardrails' },
  azure: { fault: { subscriptionId: SUBSCRIPTION, operation: 'Accounts_List' }, collector: 'Accounts_List', operation: 'Accounts_List' },
  gcp: { fault: { project: PROJECT, operation: 'Locations_List' }, collector: 'Locations_List', operation: 'Locations_List' },
};

const coverageOf = (run: Run, collector: string) => run.result.inventory.listings.filter((entry) => entry.collector === collector);
const servedOf = (run: Run, operation: string) => run.served.filter((request) => request.operation === operation);

describe('faults through the real SDK clients', () => {
  it.each(['aws', 'azure', 'gcp'] as const)(
    '%s: a server that accepts and never answers times out; the read is a coverage error naming the timeout',
    async (provider) => {
      const { fault, collector, operation } = listings[provider];
      const run = await collect(provider, { faults: [{ ...fault, hang: true }], timeoutMs: 150 });
      expect(coverageOf(run, collector)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/timed out after 0\.15 s/) })]);
      // Retried (a timeout is transient), but bounded.
      expect(servedOf(run, operation).length).toBeGreaterThan(1);
      expect(servedOf(run, operation).length).toBeLessThanOrEqual(3);
    },
    10_000,
  );

  it.each(['aws', 'azure', 'gcp'] as const)(
    '%s: a dropped connection and a one-shot 5xx are retried by the scheduler; the read succeeds',
    async (provider) => {
      const { fault, collector, operation } = listings[provider];
      const status = provider === 'aws' ? { error: 'InternalServerException', status: 500 } : { status: 503, retryAfter: 0 };
      const run = await collect(provider, {
        faults: [
          { ...fault, reset: true, times: 1 },
          // Asked after the reset (a fault that applies stops the matching), so the second request gets it.
          { ...fault, ...status, times: 1 },
        ],
      });
      expect(coverageOf(run, collector)).toEqual([expect.objectContaining({ status: 'ok' })]);
      expect(servedOf(run, operation).map((request) => request.status)).toEqual([0, provider === 'aws' ? 500 : 503, 200]);
    },
    10_000,
  );

  it('aws: one 500 on STS GetCallerIdentity no longer aborts the scan', async () => {
    const run = await collect('aws', { faults: [{ service: 'sts', operation: 'GetCallerIdentity', error: 'InternalFailure', status: 500, times: 1 }] });
    expect(run.result.inventory.scopes).toEqual([expect.objectContaining({ id: '111122223333' })]);
    expect(servedOf(run, 'GetCallerIdentity').map((request) => request.status)).toEqual([500, 200]);
  });

  it.each(['aws', 'azure', 'gcp'] as const)(
    '%s: a listing whose next page token repeats ends with a coverage error instead of looping',
    async (provider) => {
      const { fault, collector, operation } = listings[provider];
      const run = await collect(provider, { pageSize: 1, faults: [{ ...fault, repeatToken: true }] });
      expect(coverageOf(run, collector)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/page token .* repeated/) })]);
      // The first page, the page its token names, and that page again (whose token was already seen).
      expect(servedOf(run, operation).length).toBeLessThanOrEqual(3);
    },
    10_000,
  );

  it.each(['aws', 'azure', 'gcp'] as const)(
    '%s: Retry-After: 3600 is capped; the call gives up within its budget and the gap is filed as "gave up after …"',
    async (provider) => {
      const { fault, collector } = listings[provider];
      const throttle =
        provider === 'aws'
          ? { error: 'ThrottlingException', retryAfter: 3600 }
          : provider === 'azure'
            ? { status: 429, retryAfter: 3600 }
            : { status: 429, retryAfter: 3600 };
      const run = await collect(provider, { faults: [{ ...fault, ...throttle }] });
      expect(coverageOf(run, collector)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/^gave up after \d+ attempts/) })]);
      expect(run.elapsedMs).toBeLessThan(5_000);
    },
    10_000,
  );

  it.each(['aws', 'azure', 'gcp'] as const)(
    '%s: past the deadline calls are not sent: a hung read is cut at the deadline and later reads are "not reached (--max-duration)"',
    async (provider) => {
      const { fault, collector } = listings[provider];
      const run = await collect(provider, { faults: [{ ...fault, hang: true }], timeoutMs: 20_000, deadline: Date.now() + 500 });
      expect(run.elapsedMs).toBeLessThan(3_000);
      expect(coverageOf(run, collector)).toEqual([expect.objectContaining({ status: 'error', message: 'not reached (--max-duration)' })]);
    },
    10_000,
  );

  it('gcp: a 307 from getIamPolicy to setIamPolicy is refused, never followed', async () => {
    const run = await collect('gcp', {
      faults: [{ owner: `projects/${PROJECT}`, operation: 'GetIamPolicy', redirect: `/v3/projects/${PROJECT}:setIamPolicy` }],
    });
    expect(run.served.filter((request) => /setIamPolicy/.test(request.operation))).toEqual([]);
    expect(coverageOf(run, 'Projects_GetIamPolicy')).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/redirect/i) })]);
  });

  it('azure: a same-host redirect to listKeys is refused, never followed', async () => {
    const account = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/contoso-openai/listKeys?api-version=2024-10-01`;
    const run = await collect('azure', { faults: [{ ...listings.azure.fault, redirect: account }] });
    expect(run.served.filter((request) => /listKeys/i.test(request.operation))).toEqual([]);
    expect(coverageOf(run, 'Accounts_List')).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/redirect/i) })]);
  });

  it('aws: a redirect is a failed read, never followed', async () => {
    const run = await collect('aws', { faults: [{ ...listings.aws.fault, redirect: '/guardrails/delete-me' }] });
    expect(run.served.filter((request) => /delete-me/.test(request.operation))).toEqual([]);
    expect(coverageOf(run, 'bedrock:ListGuardrails')).toEqual([expect.objectContaining({ status: 'error' })]);
  });
});
