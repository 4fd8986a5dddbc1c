/**
 * The scheduler learning a key's rate from its throttles (`adaptiveRate`, on in every
 * collection): against a token bucket it settles near the bucket's rate, so throttles stay a
 * small share of the calls instead of recurring on every burst; other keys are not paced.
 */
import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../src/collect/scheduler.ts';
import { awsThrottle } from '../../collectors/aws/errors.ts';

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });

/** A cloud-side token bucket: `rate` tokens a second, `burst` at most; a call finding it empty is throttled. */
function bucket(rate: number, burst: number) {
  let tokens = burst;
  let at = Date.now();
  let served = 0;
  let throttled = 0;
  const call = async () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * rate);
    at = now;
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (tokens < 1) {
      throttled++;
      throw throttling();
    }
    tokens -= 1;
    served++;
    return 'ok';
  };
  return { call, stats: () => ({ served, throttled }) };
}

describe('adaptive per-key rate', () => {
  it('settles near the bucket’s rate: few throttles, every call served, the learned rate close to the bucket', async () => {
    const cloud = bucket(100, 5);
    const scheduler = new CallScheduler(awsThrottle, { adaptiveRate: true, perKeyConcurrency: 4, baseDelayMs: 20, maxAttempts: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 200 }, () => scheduler.run('hot', cloud.call)));
    const elapsed = Date.now() - started;
    const { served, throttled } = cloud.stats();
    expect(served).toBe(200);
    // Unpaced (4 at a time, 2 ms each) the key would try ~2,000 calls a second against 100: most would be throttled.
    expect(throttled).toBeLessThan(40);
    const learned = scheduler.rateOf('hot') ?? 0;
    expect(learned).toBeGreaterThan(50);
    expect(learned).toBeLessThan(200);
    // 200 calls at 100 a second (5 at once) take about two seconds; well paced, not much more.
    expect(elapsed).toBeGreaterThan(1500);
    expect(elapsed).toBeLessThan(4000);
  });

  it('leaves unthrottled keys unpaced, and never paces below one call per baseDelayMs', async () => {
    const scheduler = new CallScheduler(awsThrottle, { adaptiveRate: true, baseDelayMs: 100, sleep: async () => undefined });
    await Promise.all(Array.from({ length: 50 }, () => scheduler.run('cold', async () => 'ok')));
    expect(scheduler.rateOf('cold')).toBeUndefined();
    // A key whose calls succeeded, then are throttled: it is paced from then on, never below the floor.
    for (let index = 0; index < 10; index++) await scheduler.run('hot', async () => 'ok');
    for (let index = 0; index < 5; index++) {
      let first = true;
      await scheduler.run('hot', async () => {
        if (first) {
          first = false;
          throw throttling();
        }
        return 'ok';
      });
    }
    expect(scheduler.rateOf('hot')).toBeGreaterThanOrEqual(10);
  });

  it('without adaptiveRate (the scheduler’s default) a throttle paces nothing', async () => {
    const scheduler = new CallScheduler(awsThrottle, { sleep: async () => undefined });
    let first = true;
    for (let index = 0; index < 20; index++)
      await scheduler.run('k', async () => {
        if (first) {
          first = false;
          throw throttling();
        }
        return 'ok';
      });
    expect(scheduler.rateOf('k')).toBeUndefined();
  });
});
