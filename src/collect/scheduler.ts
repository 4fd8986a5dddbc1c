import pLimit, { type LimitFunction } from 'p-limit';
import { DeadlineError, RequestTimeoutError, isTransientNetworkError, recordGiveUp, type GiveUp } from './failures.ts';

export interface SchedulerOptions {
  /** Requests in flight across every throttling key. */
  globalConcurrency?: number;
  /**
   * Requests in flight per throttling key (e.g. account × region × service): the ceiling. Each key
   * adapts below it, AIMD as TCP does: a throttle halves the key's concurrency (down to 1), and
   * every `concurrency` successes in a row add one back.
   */
  perKeyConcurrency?: number;
  /** Requests started per second per throttling key (a token bucket with a burst of one second); default: no rate limit. */
  perKeyRatePerSecond?: number;
  /** Attempts per call when the provider throttles. */
  maxAttempts?: number;
  /** Attempts per call when it fails transiently (HTTP 5xx, a dropped connection, a timeout). */
  maxTransientAttempts?: number;
  baseDelayMs?: number;
  /** The longest single wait, whatever Retry-After asks for. */
  maxDelayMs?: number;
  /** The longest total wait of one call over all its retries: past it the call gives up. */
  maxWaitMs?: number;
  /**
   * Backstop per attempt: an attempt still unsettled after this long fails as a timeout, even if
   * the client's own timeout did not fire (a body that trickles in, a wait inside the SDK).
   */
  attemptTimeoutMs?: number;
  /** Epoch ms (`--max-duration`): from then on calls are not sent, those in flight are cut, and no wait extends past it. */
  deadline?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told of every attempt sent and every retry scheduled (progress display); never affects scheduling. */
  onRequest?: (kind: 'call' | 'retry' | 'throttled') => void;
}

export interface SchedulerStats {
  calls: number;
  throttled: number;
  retries: number;
}

/** One throttling key: its concurrency limiter (adapted AIMD), its run of successes, its token bucket. */
interface KeyState {
  limit: LimitFunction;
  successes: number;
  tokens: number;
  refilledAt: number;
}

/**
 * Reports whether an error is the provider asking us to slow down (and for how long it asked),
 * or a transient failure worth sending again (HTTP 5xx and the like). Dropped connections and
 * timeouts are recognised by the scheduler itself, whatever the provider.
 */
export type ThrottleClassifier = (error: unknown) => { throttled: boolean; transient?: boolean; retryAfterMs?: number };

/**
 * Runs provider calls with one concurrency limiter per throttling key inside a global pool.
 * A throttled or transiently failed call gives its slot back before it waits, so a backing-off
 * call never blocks unrelated keys (SDK retries would sleep inside the slot; our clients make
 * one attempt each). Every retry is bounded: by attempts, by the call's total wait (each wait
 * capped, Retry-After included) and by the deadline; a call given up on rethrows its last error,
 * marked (`giveUpOf`) so coverage can say so.
 */
export class CallScheduler {
  readonly stats: SchedulerStats = { calls: 0, throttled: 0, retries: 0 };
  private readonly global: LimitFunction;
  private readonly perKey = new Map<string, KeyState>();
  private readonly options: Required<Omit<SchedulerOptions, 'attemptTimeoutMs' | 'deadline' | 'onRequest' | 'perKeyRatePerSecond'>> &
    Pick<SchedulerOptions, 'attemptTimeoutMs' | 'deadline' | 'onRequest' | 'perKeyRatePerSecond'>;

  private readonly classify: ThrottleClassifier;

  constructor(classify: ThrottleClassifier, options: SchedulerOptions = {}) {
    this.classify = classify;
    this.options = {
      globalConcurrency: options.globalConcurrency ?? 64,
      perKeyConcurrency: options.perKeyConcurrency ?? 4,
      maxAttempts: options.maxAttempts ?? 6,
      maxTransientAttempts: options.maxTransientAttempts ?? 3,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 20_000,
      maxWaitMs: options.maxWaitMs ?? 60_000,
      attemptTimeoutMs: options.attemptTimeoutMs,
      deadline: options.deadline,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      onRequest: options.onRequest,
      perKeyRatePerSecond: options.perKeyRatePerSecond,
    };
    this.global = pLimit(this.options.globalConcurrency);
  }

  /** The key's current concurrency (after AIMD adaptation). */
  concurrencyOf(key: string): number {
    return this.perKey.get(key)?.limit.concurrency ?? this.options.perKeyConcurrency;
  }

  private keyState(key: string): KeyState {
    let state = this.perKey.get(key);
    if (!state) {
      const rate = this.options.perKeyRatePerSecond;
      state = { limit: pLimit(this.options.perKeyConcurrency), successes: 0, tokens: rate ?? 0, refilledAt: Date.now() };
      this.perKey.set(key, state);
    }
    return state;
  }

  /** Additive increase: every `concurrency` successes in a row raise the key's concurrency by one, up to the ceiling. */
  private succeeded(state: KeyState): void {
    if (++state.successes < state.limit.concurrency) return;
    state.successes = 0;
    if (state.limit.concurrency < this.options.perKeyConcurrency) state.limit.concurrency += 1;
  }

  /** Multiplicative decrease: a throttle halves the key's concurrency (never below one). */
  private throttledOn(state: KeyState): void {
    state.successes = 0;
    state.limit.concurrency = Math.max(1, Math.floor(state.limit.concurrency / 2));
  }

  /** Waits (inside the key's slot, before the global one) until the key's token bucket has a token. */
  private async token(state: KeyState): Promise<void> {
    const rate = this.options.perKeyRatePerSecond;
    if (rate === undefined) return;
    for (;;) {
      const now = Date.now();
      state.tokens = Math.min(rate, state.tokens + ((now - state.refilledAt) / 1000) * rate);
      state.refilledAt = now;
      if (state.tokens >= 1) {
        state.tokens -= 1;
        return;
      }
      await this.options.sleep(Math.ceil(((1 - state.tokens) / rate) * 1000));
    }
  }

  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    const state = this.keyState(key);
    const { maxAttempts, maxTransientAttempts, baseDelayMs, maxDelayMs, maxWaitMs, deadline } = this.options;
    let throttledAttempts = 0;
    let transientAttempts = 0;
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await state.limit(async () => {
          await this.token(state);
          return this.global(() => this.attempt(call));
        });
        this.succeeded(state);
        return result;
      } catch (error) {
        if (error instanceof DeadlineError) throw error;
        const { throttled, transient, retryAfterMs } = this.classify(error);
        if (!throttled && !transient && !isTransientNetworkError(error)) throw error;
        const giveUp = (reason: GiveUp['reason']): never => {
          recordGiveUp(error, { attempts: attempt, waitedMs, reason });
          throw error;
        };
        if (throttled) {
          this.stats.throttled++;
          this.throttledOn(state);
          this.options.onRequest?.('throttled');
          if (++throttledAttempts >= maxAttempts) giveUp('attempts');
        } else if (++transientAttempts >= maxTransientAttempts) giveUp('attempts');
        // Full jitter, but never sooner than the provider asked; never longer than maxDelayMs.
        const backoff = this.options.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const wait = Math.min(maxDelayMs, Math.max(backoff, retryAfterMs ?? 0));
        if (waitedMs + wait > maxWaitMs) giveUp('budget');
        if (deadline !== undefined && Date.now() + wait >= deadline) giveUp('deadline');
        this.stats.retries++;
        this.options.onRequest?.('retry');
        waitedMs += wait;
        await this.options.sleep(wait);
      }
    }
  }

  /** One attempt, inside its slots: not sent past the deadline, and cut at the backstop or the deadline. */
  private attempt<T>(call: () => Promise<T>): Promise<T> {
    const { attemptTimeoutMs, deadline } = this.options;
    const now = Date.now();
    if (deadline !== undefined && now >= deadline) return Promise.reject(new DeadlineError());
    this.stats.calls++;
    this.options.onRequest?.('call');
    const untilDeadline = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - now;
    const backstop = attemptTimeoutMs ?? Number.POSITIVE_INFINITY;
    if (!Number.isFinite(untilDeadline) && !Number.isFinite(backstop)) return call();
    const cut = untilDeadline <= backstop ? () => new DeadlineError() : () => new RequestTimeoutError(backstop);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(cut()), Math.min(untilDeadline, backstop));
      call().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error as Error);
        },
      );
    });
  }
}
