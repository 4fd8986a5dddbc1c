/**
 * Throttling as the clouds do it, for benchmarks and tests: a token bucket per throttling key
 * (`rateLimit`) and a share of requests answered with a throttle at random (`randomThrottle`).
 * Each provider's estate takes both options; its handler builds the key the way its cloud counts
 * (AWS account × region × service, Azure subscription — or the tenant —, Google project × API)
 * and answers a throttled request in its own wire format (AWS `ThrottlingException` /
 * `TooManyRequestsException` / `Throttling` / `RequestLimitExceeded`, ARM 429
 * `SubscriptionRequestsThrottled` with `Retry-After`, Google 429 `RESOURCE_EXHAUSTED` with an
 * `ErrorInfo`). The request log says which requests were throttled and why (`throttled`).
 *
 * Benchmarks shorten time by one factor (reference §5.3: rates × s, latencies ÷ s), so
 * `retryAfter` may be a fraction of a second; it is sent as written (`Retry-After: 0.1`).
 */
import { z } from 'zod';

const bucketFields = {
  /** Tokens added to each key's bucket per second (the sustained rate). */
  perKeyPerSecond: z.number().positive(),
  /** The bucket's size: requests a key may make at once after a quiet spell (default: one second's worth, at least 1). */
  burst: z.number().int().positive().optional(),
};

export const rateLimitSchema = z.strictObject({
  ...bucketFields,
  /** Seconds sent as Retry-After on a throttled answer (default: none for AWS, as AWS sends none; 1 for Azure and Google). */
  retryAfter: z.number().nonnegative().optional(),
  /**
   * Other buckets for some keys, by the key's last part: the AWS service (`organizations`,
   * `bedrock-agent`, …), the Google API host; e.g. `{ organizations: { perKeyPerSecond: 5 } }`.
   */
  overrides: z.record(z.string(), z.strictObject(bucketFields)).optional(),
});
export type RateLimit = z.output<typeof rateLimitSchema>;

export const randomThrottleSchema = z.strictObject({
  /** Share of requests (0-1) answered with a throttle, whatever their key's bucket holds. */
  rate: z.number().min(0).max(1),
  /** Seconds sent as Retry-After (default 1); null sends none. */
  retryAfter: z.number().nonnegative().nullable().optional(),
  /** Seed of the draw (default 1): the same seed throttles the same requests of the same sequence. */
  seed: z.number().int().optional(),
});
export type RandomThrottle = z.output<typeof randomThrottleSchema>;

/** The estate fields every provider takes. */
export const throttlingFields = {
  /** A token bucket per throttling key; a request finding it empty is throttled. */
  rateLimit: rateLimitSchema.optional(),
  /** A random share of requests throttled (before the bucket is consulted). */
  randomThrottle: randomThrottleSchema.optional(),
};

/** Why a request was throttled: its key's bucket was empty, or the random draw. */
export type ThrottleCause = 'rate' | 'random';

export interface ThrottleDecision {
  cause: ThrottleCause;
  /** Seconds to send as Retry-After; undefined: the provider's default. */
  retryAfter: number | null | undefined;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** mulberry32: a small seeded generator, so a benchmark's random throttles (and its generated estates) repeat run to run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per request, whether it is throttled. One per provider handler. */
export class Throttler {
  private readonly rateLimit: RateLimit | undefined;
  private readonly random: RandomThrottle | undefined;
  private readonly draw: () => number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(options: { rateLimit?: RateLimit | undefined; randomThrottle?: RandomThrottle | undefined }, now: () => number = Date.now) {
    this.rateLimit = options.rateLimit;
    this.random = options.randomThrottle;
    this.draw = seeded(options.randomThrottle?.seed ?? 1);
    this.now = now;
  }

  /** Whether any throttling is configured (the handlers skip the check otherwise). */
  get active(): boolean {
    return this.rateLimit !== undefined || (this.random !== undefined && this.random.rate > 0);
  }

  /**
   * The decision for one request under `key`; `part` is the key's last part, for `overrides`.
   * A throttled request takes no token (as the clouds' buckets do).
   */
  check(key: string, part: string): ThrottleDecision | undefined {
    if (this.random !== undefined && this.random.rate > 0 && this.draw() < this.random.rate) {
      return { cause: 'random', retryAfter: this.random.retryAfter === undefined ? 1 : this.random.retryAfter };
    }
    const limit = this.rateLimit;
    if (limit === undefined) return undefined;
    const own = limit.overrides?.[part];
    const rate = own?.perKeyPerSecond ?? limit.perKeyPerSecond;
    const burst = own?.burst ?? (own === undefined ? limit.burst : undefined) ?? Math.max(1, Math.round(rate));
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return { cause: 'rate', retryAfter: limit.retryAfter };
  }

  /** The bucket (size, refill per second) that applies to a key whose last part is `part`; undefined without a rate limit. */
  bucketFor(part: string): { burst: number; perSecond: number } | undefined {
    const limit = this.rateLimit;
    if (limit === undefined) return undefined;
    const own = limit.overrides?.[part];
    const perSecond = own?.perKeyPerSecond ?? limit.perKeyPerSecond;
    return { perSecond, burst: own?.burst ?? (own === undefined ? limit.burst : undefined) ?? Math.max(1, Math.round(perSecond)) };
  }
}

/** `Retry-After` as sent: whole seconds as integers, fractions (scaled benchmarks) as written. */
export function retryAfterHeader(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : String(Number(seconds.toFixed(3)));
}
