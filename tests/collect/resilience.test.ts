/**
 * The scheduler and the collection under hostile conditions: long Retry-After, transient
 * failures, a scan deadline, calls that never settle and page tokens that repeat. Every wait is
 * recorded through an injected `sleep`, so nothing here sleeps for real beyond a few milliseconds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collection, type CollectionOptions } from '../../src/collect/listing.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import { awsThrottle, classifyAwsError } from '../../collectors/aws/errors.ts';
import { azureThrottle } from '../../collectors/azure/errors.ts';
import { gcpThrottle } from '../../collectors/gcp/errors.ts';
import { azureCredential } from '../../collectors/azure/credentials.ts';

const scope: ScopeRef = { provider: 'aws', type: 'account', id: '1' };
const at = { scope, region: 'r1', resourceType: 'test.thing', collector: 'Things_List' };
const throttling = (retryAfter?: string) =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 429 },
    ...(retryAfter === undefined ? {} : { $response: { headers: { 'retry-after': retryAfter } } }),
  });
const serverError = () => Object.assign(new Error('We encountered an internal error'), { name: 'InternalServerException', $metadata: { httpStatusCode: 500 } });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

function collection(options: Partial<CollectionOptions> & { waits?: number[] } = {}): Collection {
  const { waits, ...rest } = options;
  return new Collection({
    provider: 'aws',
    throttle: awsThrottle,
    classify: classifyAwsError,
    ...rest,
    scheduler: { baseDelayMs: 1, random: () => 1, sleep: async (ms) => void waits?.push(ms), ...rest.scheduler },
  });
}

const coverage = (subject: Collection) => subject.result({ providers: ['aws'], scopes: [scope], regions: [], resources: [] }).inventory.listings;

describe('long Retry-After and the per-call budget', () => {
  it('caps every wait (Retry-After: 3600 waits at most maxDelayMs) and gives up past the wait budget, filed as "gave up after …"', async () => {
    const waits: number[] = [];
    const subject = collection({ waits, scheduler: { maxDelayMs: 20_000, maxWaitMs: 60_000 } });
    let attempts = 0;
    await subject.listing(at, () =>
      subject.call('k', async () => {
        attempts++;
        throw throttling('3600');
      }),
    );
    expect(waits.every((ms) => ms <= 20_000)).toBe(true);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(60_000);
    expect(attempts).toBe(waits.length + 1);
    expect(coverage(subject)).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringMatching(/^gave up after \d+ attempts .*ThrottlingException: Rate exceeded/) }),
    ]);
  });
});

describe('transient failures', () => {
  it.each([
    ['HTTP 500', serverError],
    ['a reset connection (ECONNRESET / socket hang up)', reset],
    ['a timeout', () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
  ])('retries %s like throttling, with the same back-off', async (_, failure) => {
    const waits: number[] = [];
    const subject = collection({ waits });
    let attempts = 0;
    await expect(
      subject.call('k', async () => {
        if (attempts++ === 0) throw failure();
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(attempts).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it('keeps transient retries bounded and files the gap', async () => {
    const subject = collection();
    let attempts = 0;
    await subject.listing(at, () =>
      subject.call('k', async () => {
        attempts++;
        throw serverError();
      }),
    );
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(4);
    expect(coverage(subject)).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringMatching(/^gave up after \d+ attempts.*InternalServerException/) }),
    ]);
  });

  it('every provider reports 5xx as transient, and 4xx (other than throttling) as final', () => {
    expect(awsThrottle(serverError())).toEqual({ throttled: false, transient: true });
    expect(awsThrottle(Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }))).toEqual({ throttled: false });
    expect(azureThrottle({ statusCode: 503 })).toEqual({ throttled: false, transient: true });
    expect(azureThrottle({ statusCode: 404 })).toEqual({ throttled: false });
    expect(gcpThrottle({ response: { status: 502 } })).toEqual({ throttled: false, transient: true });
    expect(gcpThrottle({ code: 14 })).toEqual({ throttled: false, transient: true });
    expect(gcpThrottle({ code: 7 })).toEqual({ throttled: false });
  });
});

describe('the collection deadline', () => {
  it('past the deadline a call is not sent and is filed as "not reached (--max-duration)"', async () => {
    const subject = collection({ deadline: Date.now() - 1 });
    let sent = 0;
    await subject.listing(at, () => subject.call('k', async () => void sent++));
    expect(sent).toBe(0);
    expect(coverage(subject)).toEqual([expect.objectContaining({ status: 'error', message: 'not reached (--max-duration)' })]);
  });

  it('waits never extend past the deadline', async () => {
    const waits: number[] = [];
    const deadline = Date.now() + 5_000;
    const subject = collection({ waits, deadline, scheduler: { maxDelayMs: 20_000, maxWaitMs: 60_000 } });
    await subject.listing(at, () => subject.call('k', () => Promise.reject(throttling('10'))));
    expect(waits.every((ms) => ms <= 5_000)).toBe(true);
    expect(coverage(subject)[0]).toMatchObject({ status: 'error' });
  });

  it('a call in flight when the deadline passes is cut there', async () => {
    const subject = collection({ deadline: Date.now() + 50 });
    const started = Date.now();
    await subject.listing(at, () => subject.call('k', () => new Promise(() => undefined)));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(coverage(subject)).toEqual([expect.objectContaining({ status: 'error', message: 'not reached (--max-duration)' })]);
  });
});

describe('timeouts', () => {
  it('a call that never settles times out and is filed as a coverage error naming the timeout', async () => {
    const subject = collection({ timeoutMs: 20, scheduler: { maxTransientAttempts: 2 } });
    const started = Date.now();
    await subject.listing(at, () => subject.call('k', () => new Promise(() => undefined)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(coverage(subject)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/timed out after 0\.02 s/) })]);
  });

  it('the Azure CLI credential gives up when `az` never returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aiposture-az-'));
    const path = process.env.PATH;
    try {
      await writeFile(join(dir, 'az'), '#!/bin/sh\nexec sleep 20\n', { mode: 0o755 });
      process.env.PATH = `${dir}:${path ?? ''}`;
      const started = Date.now();
      await expect(azureCredential('cli', { timeoutMs: 300 }).getToken('https://management.azure.com/.default')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      process.env.PATH = path;
      await rm(dir, { recursive: true, force: true });
    }
  }, 8_000);
});

describe('repeating page tokens', () => {
  it('a token-paged listing whose next token repeats ends with a coverage error', async () => {
    const subject = collection();
    let fetched = 0;
    await subject.listing(at, () =>
      subject.all(
        subject.pages(
          'k',
          async () => {
            if (++fetched > 50) throw new Error('still looping');
            return { items: [fetched], next: 'same' };
          },
          (page) => page.next,
        ),
        (page) => page.items,
      ),
    );
    expect(fetched).toBe(2);
    expect(coverage(subject)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/page token .* repeated/) })]);
  });

  it('an SDK paginator (pages carrying nextToken / NextToken) whose token repeats ends the same way', async () => {
    for (const field of ['nextToken', 'NextToken']) {
      const subject = collection();
      let fetched = 0;
      async function* paginator() {
        while (fetched < 50) {
          fetched++;
          yield { items: [fetched], [field]: fetched === 1 ? 'a' : 'b' };
        }
      }
      await subject.listing(at, () => subject.all(paginator(), (page) => page.items));
      expect(fetched).toBe(3);
      expect(coverage(subject)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/page token .* repeated/) })]);
    }
  });
});
