/**
 * Fake-cloud throttling (fakecloud/throttling.ts): a token bucket per throttling key and a random
 * share of throttled answers, each answered in its provider's wire format and recorded in the
 * request log with its key and cause.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEffectivePolicyCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startFakeCloud, type FakeCloud, type FakeCloudOptions } from '../../fakecloud/server.ts';
import { Throttler, retryAfterHeader } from '../../fakecloud/throttling.ts';

const account = '123456789012';
const credentials = { accessKeyId: 'AKIDTHROTTLE', secretAccessKey: 'secret' };
const subscription = '00000000-0000-4000-8000-000000000001';
const bearer = { authorization: 'Bearer test-token' };

let cloud: FakeCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function start(options: FakeCloudOptions): Promise<FakeCloud> {
  cloud = await startFakeCloud(options);
  return cloud;
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ name?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } }> {
  try {
    await promise;
  } catch (error) {
    return error as { name?: string };
  }
  throw new Error('expected the call to fail');
}

describe('Throttler', () => {
  it('refills each key at its rate up to its burst; a throttled request takes no token; overrides by the key’s last part', () => {
    let now = 0;
    const throttler = new Throttler({ rateLimit: { perKeyPerSecond: 2, burst: 2, overrides: { slow: { perKeyPerSecond: 1, burst: 1 } } } }, () => now);
    expect([throttler.check('a:x', 'x'), throttler.check('a:x', 'x'), throttler.check('a:x', 'x')].map((decision) => decision?.cause)).toEqual([
      undefined,
      undefined,
      'rate',
    ]);
    expect(throttler.check('b:x', 'x')).toBeUndefined();
    now = 500;
    expect(throttler.check('a:x', 'x')).toBeUndefined();
    expect(throttler.check('a:x', 'x')?.cause).toBe('rate');
    expect(throttler.check('a:slow', 'slow')).toBeUndefined();
    expect(throttler.check('a:slow', 'slow')?.cause).toBe('rate');
    expect(throttler.bucketFor('slow')).toEqual({ burst: 1, perSecond: 1 });
    expect(throttler.bucketFor('x')).toEqual({ burst: 2, perSecond: 2 });
  });

  it('throttles a seeded random share, the same requests for the same seed', () => {
    const draws = (seed: number) => {
      const throttler = new Throttler({ randomThrottle: { rate: 0.3, seed, retryAfter: 0.25 } });
      return Array.from({ length: 200 }, () => throttler.check('k', 'k'));
    };
    const first = draws(7);
    expect(first.map((decision) => decision?.cause ?? null)).toEqual(draws(7).map((decision) => decision?.cause ?? null));
    const share = first.filter((decision) => decision !== undefined).length / first.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    expect(first.find((decision) => decision !== undefined)).toEqual({ cause: 'random', retryAfter: 0.25 });
    expect(retryAfterHeader(0.25)).toBe('0.25');
    expect(retryAfterHeader(1)).toBe('1');
  });
});

describe('AWS', () => {
  it('one bucket per account × region × service, answered in each protocol’s throttling error, logged with its key', async () => {
    const fake = await start({
      aws: {
        accountId: account,
        organization: { bedrockPolicy: { bedrock: {} } },
        rateLimit: { perKeyPerSecond: 0.001, burst: 1, retryAfter: 2 },
      },
    });
    const bedrock = (region: string) => new BedrockClient({ region, endpoint: fake.url, credentials, maxAttempts: 1 });
    await bedrock('us-east-1').send(new ListGuardrailsCommand({}));
    const throttled = await failure(bedrock('us-east-1').send(new ListGuardrailsCommand({})));
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.$metadata?.httpStatusCode).toBe(429);
    expect(throttled.$response?.headers?.['retry-after']).toBe('2');
    // Another region is another bucket.
    await bedrock('eu-west-1').send(new ListGuardrailsCommand({}));

    const cloudwatch = new CloudWatchClient({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts: 1 });
    await cloudwatch.send(new DescribeAlarmsCommand({}));
    const alarms = await failure(cloudwatch.send(new DescribeAlarmsCommand({})));
    expect(alarms.name).toBe('Throttling');
    expect(alarms.$metadata?.httpStatusCode).toBe(400);

    const organizations = new OrganizationsClient({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts: 1 });
    await organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' }));
    const org = await failure(organizations.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' })));
    expect(org.name).toBe('TooManyRequestsException');
    expect(org.$metadata?.httpStatusCode).toBe(400);

    expect(fake.requests.map((request) => [request.key, request.status, request.throttled ?? null])).toEqual([
      [`${account}:us-east-1:bedrock`, 200, null],
      [`${account}:us-east-1:bedrock`, 429, 'rate'],
      [`${account}:eu-west-1:bedrock`, 200, null],
      [`${account}:us-east-1:cloudwatch`, 200, null],
      [`${account}:us-east-1:cloudwatch`, 400, 'rate'],
      [`${account}:us-east-1:organizations`, 200, null],
      [`${account}:us-east-1:organizations`, 400, 'rate'],
    ]);
  });

  it('random throttles send the configured (scaled) Retry-After', async () => {
    const fake = await start({ aws: { accountId: account, randomThrottle: { rate: 1, retryAfter: 0.1 } } });
    const bedrock = new BedrockClient({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts: 1 });
    const throttled = await failure(bedrock.send(new ListGuardrailsCommand({})));
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.$response?.headers?.['retry-after']).toBe('0.1');
    expect(fake.requests[0]).toMatchObject({ throttled: 'random', status: 429 });
  });
});

describe('Azure', () => {
  it('a bucket per subscription and one for the tenant; 429 SubscriptionRequestsThrottled with Retry-After and no reads remaining', async () => {
    const fake = await start({
      azure: {
        tenantId: '11111111-1111-4111-8111-111111111111',
        subscriptions: [{ subscriptionId: subscription, displayName: 'one' }],
        rateLimit: { perKeyPerSecond: 0.001, burst: 1, retryAfter: 0.5 },
      },
    });
    const accounts = `${fake.url}/subscriptions/${subscription}/providers/Microsoft.CognitiveServices/accounts?api-version=2025-09-01`;
    expect((await fetch(accounts, { headers: bearer })).status).toBe(200);
    const throttled = await fetch(accounts, { headers: bearer });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('0.5');
    expect(throttled.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('0');
    expect(((await throttled.json()) as { error: { code: string } }).error.code).toBe('SubscriptionRequestsThrottled');
    // Tenant-level reads have their own bucket.
    expect((await fetch(`${fake.url}/subscriptions?api-version=2022-12-01`, { headers: bearer })).status).toBe(200);
    const tenant = await fetch(`${fake.url}/subscriptions?api-version=2022-12-01`, { headers: bearer });
    expect(((await tenant.json()) as { error: { code: string } }).error.code).toBe('TenantRequestsThrottled');
    expect(fake.requests.map((request) => [request.key, request.throttled ?? null])).toEqual([
      [subscription, null],
      [subscription, 'rate'],
      ['tenant', null],
      ['tenant', 'rate'],
    ]);
  });
});

describe('GCP', () => {
  it('a bucket per project × API; 429 RESOURCE_EXHAUSTED with a RATE_LIMIT_EXCEEDED ErrorInfo', async () => {
    const fake = await start({
      gcp: {
        organizations: [{ id: '999' }],
        projects: [{ projectId: 'proj-one', projectNumber: '111111111111', parent: 'organizations/999', vertexApi: 'ENABLED' }],
        rateLimit: { perKeyPerSecond: 0.001, burst: 1 },
      },
    });
    const templates = `${fake.url}/v1/projects/proj-one/locations/us-central1/templates`;
    expect((await fetch(templates, { headers: bearer })).status).toBe(200);
    const throttled = await fetch(templates, { headers: bearer });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
    const body = (await throttled.json()) as { error: { status: string; details: Array<{ reason?: string }> } };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details.find((detail) => detail.reason !== undefined)?.reason).toBe('RATE_LIMIT_EXCEEDED');
    // Another API of the same project: another bucket.
    expect((await fetch(`${fake.url}/v3/projects/proj-one/alertPolicies`, { headers: bearer })).status).toBe(200);
    expect(fake.requests.map((request) => [request.key, request.throttled ?? null])).toEqual([
      ['proj-one:modelarmor.googleapis.com', null],
      ['proj-one:modelarmor.googleapis.com', 'rate'],
      ['proj-one:monitoring.googleapis.com', null],
    ]);
  });
});
