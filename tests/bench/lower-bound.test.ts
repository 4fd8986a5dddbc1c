/**
 * The benchmark's lower bound (bench/org-lower-bound.ts, reference §5.1) on hand-made request
 * logs: each term, which one binds, and what an ideal scanner would not have sent.
 */
import { describe, expect, it } from 'vitest';
import { keyPart, lowerBound, type LowerBoundInput } from '../../bench/org-lower-bound.ts';
import type { FakeCloudRequest } from '../../fakecloud/server.ts';

const request = (fields: Partial<FakeCloudRequest> & Pick<FakeCloudRequest, 'operation' | 'key' | 'region'>): FakeCloudRequest => ({
  provider: 'aws',
  service: fields.key?.split(':').pop() ?? 'bedrock',
  status: 200,
  at: 0,
  latencyMs: 100,
  ...fields,
});

const base: Omit<LowerBoundInput, 'log'> = {
  provider: 'aws',
  t0Ms: 50,
  slots: 2,
  cpuPerCallMs: 0,
  bucketOf: () => undefined,
  randomRetryAfterS: 1,
  scopeOrder: { ids: ['100000000000'], pageSize: 20, levelsAbove: 0 },
};

describe('lowerBound', () => {
  it('W/K: the served latency of every call over the slots; rate-limited throttles are not work an ideal scanner does', () => {
    const log = [
      ...Array.from({ length: 10 }, () => request({ operation: 'GetGuardrail', key: '100000000000:us-east-1:bedrock', region: 'us-east-1' })),
      request({ operation: 'GetGuardrail', key: '100000000000:us-east-1:bedrock', region: 'us-east-1', status: 429, throttled: 'rate' }),
    ];
    const bound = lowerBound({ ...base, log });
    expect(bound.workOverSlotsMs).toBe(500);
    expect(bound.idealRequests).toBe(10);
    expect(bound.binding).toBe('work/slots');
    expect(bound.boundMs).toBe(550);
  });

  it('R_b: (calls − burst) ÷ rate + one round trip, per key, with its bucket', () => {
    const log = Array.from({ length: 30 }, () => request({ operation: 'GetGuardrail', key: '100000000000:us-east-1:bedrock', region: 'us-east-1' }));
    const bound = lowerBound({ ...base, slots: 64, log, bucketOf: (part) => (part === 'bedrock' ? { burst: 10, perSecond: 10 } : undefined) });
    expect(bound.maxBucketMs).toBe(2100);
    expect(bound.maxBucketKey).toBe('100000000000:us-east-1:bedrock');
    expect(bound.binding).toBe('bucket');
  });

  it('D: discovery, then the longest region chain (listing pages, then the detail reads they name)', () => {
    const key = (service: string, region = 'us-east-1') => `100000000000:${region}:${service}`;
    const log = [
      request({ operation: 'GetParametersByPath', key: key('ssm'), region: 'us-east-1' }),
      request({ operation: 'GetParametersByPath', key: key('ssm'), region: 'us-east-1' }),
      request({ operation: 'DescribeRegions', key: key('ec2'), region: 'us-east-1' }),
      // Three pages of guardrails, then their versions: four round trips in us-east-1.
      ...[1, 2, 3].map(() => request({ operation: 'ListGuardrails', key: key('bedrock'), region: 'us-east-1' })),
      request({ operation: 'GetGuardrail', key: key('bedrock'), region: 'us-east-1' }),
      request({ operation: 'ListGuardrails', key: key('bedrock', 'eu-west-1'), region: 'eu-west-1' }),
    ];
    const bound = lowerBound({ ...base, slots: 64, log });
    // GetCallerIdentity + ListAccounts page 1 (the management account: no AssumeRole) + 2 SSM pages + 4.
    expect(bound.criticalPathMs).toBe((1 + 1 + 2 + 4) * 100);
    expect(bound.binding).toBe('critical path');
  });

  it('C: client CPU per call over the threads; a random throttle adds its Retry-After on its path', () => {
    const log = [
      ...Array.from({ length: 100 }, () => request({ operation: 'GetGuardrail', key: '100000000000:us-east-1:bedrock', region: 'us-east-1', latencyMs: 1 })),
      request({ operation: 'GetGuardrail', key: '100000000000:us-east-1:bedrock', region: 'us-east-1', latencyMs: 1, status: 429, throttled: 'random' }),
    ];
    const one = lowerBound({ ...base, slots: 64, cpuPerCallMs: 0.5, log, randomRetryAfterS: 0.01 });
    expect(one.cpuMs).toBeCloseTo(50.5);
    expect(one.binding).toBe('client CPU');
    const two = lowerBound({ ...base, slots: 64, cpuPerCallMs: 0.5, threads: 2, log, randomRetryAfterS: 0.2 });
    expect(two.cpuMs).toBeCloseTo(25.25);
    expect(two.criticalPathMs).toBe(202);
  });

  it('names the part of a key its bucket is chosen by', () => {
    expect(keyPart('aws', '123456789012:us-east-1:bedrock-agent')).toBe('bedrock-agent');
    expect(keyPart('gcp', 'proj-one:modelarmor.googleapis.com')).toBe('modelarmor.googleapis.com');
    expect(keyPart('azure', 'tenant')).toBe('tenant');
    expect(keyPart('azure', '00000000-0000-4000-8000-000000000001')).toBe('subscription');
  });
});
