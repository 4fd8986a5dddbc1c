import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CallScheduler } from '../../src/collect/scheduler.ts';
import { awsThrottle } from '../../collectors/aws/errors.ts';
import { callPriority } from '../../src/collect/listing.ts';

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });

describe('CallScheduler', () => {
  it.each([
    ['another call on the same key', { perKeyConcurrency: 1 }, 'aws:acct:us-east-1:bedrock'],
    ['a call on another key', { globalConcurrency: 1 }, 'aws:acct:eu-west-1:bedrock'],
  ])('retries a throttled call until it succeeds, waiting outside the concurrency slot: %s runs during the back-off', async (_, limits, otherKey) => {
    // Concurrency 1: the other call is queued behind the throttled one and can only run if the
    // throttled call gives its slot back before it sleeps.
    const events: string[] = [];
    const waits: number[] = [];
    let otherRan = (): void => undefined;
    const otherHasRun = new Promise<void>((resolve) => (otherRan = resolve));
    const scheduler = new CallScheduler(awsThrottle, {
      ...limits,
      baseDelayMs: 100,
      random: () => 1,
      sleep: async (ms) => {
        waits.push(ms);
        // The back-off lasts until the queued call has run; if that call cannot run (the slot is
        // still held) it ends after 50 ms anyway, so a regression fails instead of hanging.
        await Promise.race([otherHasRun, delay(50)]);
        events.push(`back-off ${ms} over`);
      },
    });
    let attempts = 0;
    const throttledCall = scheduler.run('aws:acct:us-east-1:bedrock', async () => {
      attempts++;
      events.push(`throttled call, attempt ${attempts}`);
      if (attempts <= 2) throw throttling();
      return 'ok';
    });
    const otherCall = scheduler.run(otherKey, async () => {
      events.push('other call');
      otherRan();
      return 'other';
    });
    await expect(throttledCall).resolves.toBe('ok');
    await expect(otherCall).resolves.toBe('other');
    expect(events).toEqual([
      'throttled call, attempt 1',
      'other call',
      'back-off 100 over',
      'throttled call, attempt 2',
      'back-off 200 over',
      'throttled call, attempt 3',
    ]);
    expect(attempts).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(scheduler.stats).toEqual({ calls: 4, throttled: 2, retries: 2 });
  });

  it('grants a freed global slot to the waiting call of highest priority, first come first within one', async () => {
    const scheduler = new CallScheduler(awsThrottle, { globalConcurrency: 1 });
    const order: string[] = [];
    let release = (): void => undefined;
    const holding = scheduler.run('aws:a:us-east-1:bedrock', () => new Promise<void>((resolve) => (release = resolve)));
    const queued = [
      ['detail 1', callPriority.detail],
      ['listing 1', callPriority.listing],
      ['detail 2', callPriority.detail],
      ['discovery', callPriority.discovery],
      ['listing 2', callPriority.listing],
    ] as const;
    // Distinct keys: only the global slot orders them.
    const calls = queued.map(([name, priority], index) => scheduler.run(`aws:a:region-${index}:bedrock`, async () => void order.push(name), priority));
    await delay(5);
    expect(order).toEqual([]);
    release();
    await Promise.all([holding, ...calls]);
    expect(order).toEqual(['discovery', 'listing 1', 'listing 2', 'detail 1', 'detail 2']);
  });

  it('gives up after maxAttempts and surfaces the throttling error', async () => {
    const scheduler = new CallScheduler(awsThrottle, { maxAttempts: 3, sleep: async () => undefined });
    await expect(scheduler.run('k', async () => Promise.reject(throttling()))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(scheduler.stats.throttled).toBe(3);
  });

  it('does not retry other errors', async () => {
    const scheduler = new CallScheduler(awsThrottle, { sleep: async () => undefined });
    let attempts = 0;
    await expect(
      scheduler.run('k', async () => {
        attempts++;
        throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      }),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(attempts).toBe(1);
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const waits: number[] = [];
    const scheduler = new CallScheduler(awsThrottle, { baseDelayMs: 10, random: () => 0.5, sleep: async (ms) => void waits.push(ms) });
    let attempts = 0;
    await scheduler.run('k', async () => {
      if (attempts++ === 0) throw Object.assign(throttling(), { $response: { headers: { 'retry-after': '2' } } });
      return 1;
    });
    expect(waits).toEqual([2000]);
  });

  it('limits concurrency per key', async () => {
    const scheduler = new CallScheduler(awsThrottle, { perKeyConcurrency: 2, globalConcurrency: 10 });
    let running = 0;
    let peak = 0;
    const task = () =>
      scheduler.run('same-key', async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
      });
    await Promise.all(Array.from({ length: 8 }, task));
    expect(peak).toBe(2);
  });

  it('adapts each key AIMD: a throttle halves its concurrency, successes add it back one at a time, other keys untouched', async () => {
    const scheduler = new CallScheduler(awsThrottle, { perKeyConcurrency: 8, sleep: async () => undefined });
    let throttles = 3;
    await scheduler.run('hot', async () => {
      if (throttles-- > 0) throw throttling();
      return 'ok';
    });
    // 8 → 4 → 2 → 1, then the success that ended the retries counts toward 1 → 2.
    expect(scheduler.concurrencyOf('hot')).toBe(2);
    for (let index = 0; index < 2; index++) await scheduler.run('hot', async () => 'ok');
    expect(scheduler.concurrencyOf('hot')).toBe(3);
    for (let index = 0; index < 100; index++) await scheduler.run('hot', async () => 'ok');
    expect(scheduler.concurrencyOf('hot')).toBe(8);
    await scheduler.run('cold', async () => 'ok');
    expect(scheduler.concurrencyOf('cold')).toBe(8);
  });

  it('holds a key to its rate: a burst of one second, then one call per 1/rate', async () => {
    const scheduler = new CallScheduler(awsThrottle, { perKeyRatePerSecond: 50, globalConcurrency: 64, perKeyConcurrency: 64 });
    const started: number[] = [];
    const begin = Date.now();
    await Promise.all(Array.from({ length: 60 }, () => scheduler.run('rated', async () => void started.push(Date.now() - begin))));
    started.sort((a, b) => a - b);
    // 50 at once, the last 10 spaced 20 ms apart: the 60th starts about 200 ms in.
    expect(started[49]).toBeLessThan(100);
    expect(started[59]).toBeGreaterThanOrEqual(150);
    expect(started[59]).toBeLessThan(1000);
  });
});
