import pLimit, { type LimitFunction } from 'p-limit';

export interface SchedulerOptions {
  /** Requests in flight across every throttling key. */
  globalConcurrency?: number;
  /** Requests in flight per throttling key (e.g. account × region × service). */
  perKeyConcurrency?: number;
  /** Attempts per call when the provider throttles. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface SchedulerStats {
  calls: number;
  throttled: number;
  retries: number;
}

/** Reports whether an error is the provider asking us to slow down, and for how long it asked. */
export type ThrottleClassifier = (error: unknown) => { throttled: boolean; retryAfterMs?: number };

/**
 * Runs provider calls with one concurrency limiter per throttling key inside a global pool.
 * A throttled call gives its slot back before it waits, so a backing-off call never blocks
 * unrelated keys (SDK retries would sleep inside the slot; our clients make one attempt each).
 */
export class CallScheduler {
  readonly stats: SchedulerStats = { calls: 0, throttled: 0, retries: 0 };
  private readonly global: LimitFunction;
  private readonly perKey = new Map<string, LimitFunction>();
  private readonly options: Required<SchedulerOptions>;

  private readonly classify: ThrottleClassifier;

  constructor(classify: ThrottleClassifier, options: SchedulerOptions = {}) {
    this.classify = classify;
    this.options = {
      globalConcurrency: options.globalConcurrency ?? 64,
      perKeyConcurrency: options.perKeyConcurrency ?? 4,
      maxAttempts: options.maxAttempts ?? 6,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 20_000,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
    this.global = pLimit(this.options.globalConcurrency);
  }

  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    let keyLimit = this.perKey.get(key);
    if (!keyLimit) {
      keyLimit = pLimit(this.options.perKeyConcurrency);
      this.perKey.set(key, keyLimit);
    }
    const limit = keyLimit;
    for (let attempt = 1; ; attempt++) {
      this.stats.calls++;
      try {
        return await limit(() => this.global(call));
      } catch (error) {
        const { throttled, retryAfterMs } = this.classify(error);
        if (!throttled) throw error;
        this.stats.throttled++;
        if (attempt >= this.options.maxAttempts) throw error;
        this.stats.retries++;
        // Full jitter, but never sooner than the provider asked.
        const backoff = this.options.random() * Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
        await this.options.sleep(Math.max(backoff, retryAfterMs ?? 0));
      }
    }
  }
}
