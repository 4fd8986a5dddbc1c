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
  /**
   * Learn each key's rate from its throttles (default off here; every collection turns it on): a
   * throttle of a call sent after the key's last cut holds the key to 3/4 of the rate at which its
   * latest calls succeeded (never below one call per `baseDelayMs`), and every second's worth of
   * successes raises it by a fifth, up to `perKeyRatePerSecond` if set. The
   * clouds throttle with token buckets; pacing below them prevents 429s instead of paying for
   * them (each costs a round trip, client CPU and a back-off on the critical path).
   */
  adaptiveRate?: boolean;
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

/** Time spent backing off after throttles (never inside a slot). */
export interface ThrottleWaits {
  /** Every throttled call's waits, summed. */
  throttleWaitMs: number;
  /** Wall time during which at least one call was waiting after a throttle. */
  throttleWaitWallMs: number;
}

/**
 * The global slots, granted to the waiting call of the highest priority first, first come first
 * within one: the calls that discover more work (scopes, regions, listing pages) go ahead of the
 * detail reads they unlock, so every bucket starts working early and the scan has no tail of
 * late-discovered work (critical path first, reference §5.1).
 */
class PrioritySlots {
  private active = 0;
  private sequence = 0;
  /** A binary max-heap on (priority, earlier sequence). */
  private readonly waiting: Array<{ priority: number; sequence: number; start: () => void }> = [];
  private readonly size: number;

  constructor(size: number) {
    this.size = Math.max(1, size);
  }

  async run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((start) => this.push({ priority, sequence: this.sequence++, start }));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next call, or is given back.
      const next = this.pop();
      if (next) next.start();
      else this.active--;
    }
  }

  private before(a: { priority: number; sequence: number }, b: { priority: number; sequence: number }): boolean {
    return a.priority > b.priority || (a.priority === b.priority && a.sequence < b.sequence);
  }

  private push(item: { priority: number; sequence: number; start: () => void }): void {
    const heap = this.waiting;
    heap.push(item);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = heap[parent];
      if (above === undefined || !this.before(item, above)) break;
      heap[at] = above;
      at = parent;
    }
    heap[at] = item;
  }

  private pop(): { priority: number; sequence: number; start: () => void } | undefined {
    const heap = this.waiting;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const leftItem = heap[left];
      const rightItem = heap[right];
      const child = rightItem !== undefined && leftItem !== undefined && this.before(rightItem, leftItem) ? right : left;
      const childItem = heap[child];
      if (childItem === undefined || !this.before(childItem, last)) break;
      heap[at] = childItem;
      at = child;
    }
    heap[at] = last;
    return top;
  }
}

/** One throttling key: its concurrency limiter (adapted AIMD), its run of successes, its token bucket. */
interface KeyState {
  limit: LimitFunction;
  successes: number;
  /** Calls started per second (configured, or learned from throttles); undefined: not paced. */
  rate: number | undefined;
  tokens: number;
  refilledAt: number;
  /** When the key's latest successes (at most `recentSuccesses`, within the last second) were answered (learning only). */
  answered: number[];
  /** Successes since the learned rate last changed. */
  sinceChange: number;
  /** When the learned rate was last cut: a throttle of a call sent before then is the same burst. */
  cutAt: number;
}

/** A throttle cuts a learned rate to this share of the rate at which the key's latest calls succeeded. */
const rateCut = 0.75;
/** How many of a key's latest successes measure the rate it was answered at. */
const recentSuccesses = 10;
/** Every second's worth of successes raises a learned rate by this factor. */
const rateGrowth = 1.2;

/**
 * Reports whether an error is the provider asking us to slow down (and for how long it asked),
 * or a transient failure worth sending again (HTTP 5xx and the like). Dropped connections and
 * timeouts are recognised by the scheduler itself, whatever the provider.
 */
export type ThrottleClassifier = (error: unknown) => { throttled: boolean; transient?: boolean; retryAfterMs?: number };

/**
 * Runs provider calls with one concurrency limiter (and, once it has been throttled, a learned
 * rate) per throttling key inside a global pool whose slots go to discovery and listings before
 * detail reads. A throttled or transiently failed call gives its slot back before it waits, so a
 * backing-off call never blocks unrelated keys (SDK retries would sleep inside the slot; our
 * clients make one attempt each). Every retry is bounded: by attempts, by the call's total wait (each wait
 * capped, Retry-After included) and by the deadline; a call given up on rethrows its last error,
 * marked (`giveUpOf`) so coverage can say so.
 */
export class CallScheduler {
  readonly stats: SchedulerStats = { calls: 0, throttled: 0, retries: 0 };
  private readonly global: PrioritySlots;
  private readonly perKey = new Map<string, KeyState>();
  private readonly options: Required<Omit<SchedulerOptions, 'attemptTimeoutMs' | 'deadline' | 'onRequest' | 'perKeyRatePerSecond' | 'adaptiveRate'>> &
    Pick<SchedulerOptions, 'attemptTimeoutMs' | 'deadline' | 'onRequest' | 'perKeyRatePerSecond' | 'adaptiveRate'>;

  private readonly classify: ThrottleClassifier;
  private readonly waits: ThrottleWaits = { throttleWaitMs: 0, throttleWaitWallMs: 0 };
  /** Calls waiting after a throttle right now, and since when one has been. */
  private waitingNow = 0;
  private waitingSince = 0;

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
      adaptiveRate: options.adaptiveRate,
    };
    this.global = new PrioritySlots(this.options.globalConcurrency);
  }

  /** Time spent backing off after throttles so far. */
  get throttleWaits(): ThrottleWaits {
    const ongoing = this.waitingNow > 0 ? Date.now() - this.waitingSince : 0;
    return { throttleWaitMs: this.waits.throttleWaitMs, throttleWaitWallMs: this.waits.throttleWaitWallMs + ongoing };
  }

  /** Sleeps `ms` after a throttle, counting the wait (summed, and as wall time while any call waits). */
  private async waitThrottled(ms: number): Promise<void> {
    if (this.waitingNow++ === 0) this.waitingSince = Date.now();
    try {
      await this.options.sleep(ms);
    } finally {
      this.waits.throttleWaitMs += ms;
      if (--this.waitingNow === 0) this.waits.throttleWaitWallMs += Date.now() - this.waitingSince;
    }
  }

  /** The key's current concurrency (after AIMD adaptation). */
  concurrencyOf(key: string): number {
    return this.perKey.get(key)?.limit.concurrency ?? this.options.perKeyConcurrency;
  }

  /** The key's current rate (configured or learned), in calls started per second; undefined when it is not paced. */
  rateOf(key: string): number | undefined {
    return this.perKey.get(key)?.rate ?? this.options.perKeyRatePerSecond;
  }

  private keyState(key: string): KeyState {
    let state = this.perKey.get(key);
    if (!state) {
      const rate = this.options.perKeyRatePerSecond;
      state = {
        limit: pLimit(this.options.perKeyConcurrency),
        successes: 0,
        rate,
        tokens: rate ?? 0,
        refilledAt: Date.now(),
        answered: [],
        sinceChange: 0,
        cutAt: 0,
      };
      this.perKey.set(key, state);
    }
    return state;
  }

  /** Additive increase: every `concurrency` successes in a row raise the key's concurrency by one, up to the ceiling; a learned rate rises by a fifth per second's worth of successes. */
  private succeeded(state: KeyState): void {
    if (this.options.adaptiveRate === true) {
      this.successWindow(state, Date.now(), true);
      if (state.rate !== undefined && ++state.sinceChange >= state.rate) {
        state.sinceChange = 0;
        const ceiling = this.options.perKeyRatePerSecond ?? Number.POSITIVE_INFINITY;
        state.rate = Math.min(ceiling, Math.max(state.rate + 1, state.rate * rateGrowth));
      }
    }
    if (++state.successes < state.limit.concurrency) return;
    state.successes = 0;
    if (state.limit.concurrency < this.options.perKeyConcurrency) state.limit.concurrency += 1;
  }

  /** The key's last successes (at most `recentSuccesses`, none older than a second); `add`: one more, now. */
  private successWindow(state: KeyState, now: number, add: boolean): void {
    if (add) state.answered.push(now);
    let drop = Math.max(0, state.answered.length - recentSuccesses);
    while (drop < state.answered.length && (state.answered[drop] ?? now) <= now - 1000) drop++;
    if (drop > 0) state.answered.splice(0, drop);
  }

  /**
   * Multiplicative decrease: a throttle halves the key's concurrency (never below one) and, when
   * learning, cuts its rate to 3/4 of the rate its latest calls succeeded at — once per burst: a
   * call sent before the last cut was paced by the old rate.
   */
  private throttledOn(state: KeyState, sentAt: number): void {
    state.successes = 0;
    state.limit.concurrency = Math.max(1, Math.floor(state.limit.concurrency / 2));
    if (this.options.adaptiveRate !== true || sentAt < state.cutAt) return;
    const now = Date.now();
    const floor = 1000 / Math.max(1, this.options.baseDelayMs);
    // The rate the key's last successes came at (the bucket's pace when we outran it), over at most a second.
    this.successWindow(state, now, false);
    const recent = state.answered;
    const first = recent[0];
    const last = recent[recent.length - 1];
    if (recent.length >= 3 && first !== undefined && last !== undefined) {
      const measured = (recent.length - 1) / (Math.max(1, last - first) / 1000);
      const learned = Math.max(floor, rateCut * measured);
      state.rate = state.rate === undefined ? learned : Math.max(floor, Math.min(state.rate, learned));
    } else if (state.rate !== undefined) {
      state.rate = Math.max(floor, state.rate * rateCut);
    } else {
      // Nothing to learn from yet (the key's first calls): the back-off and the concurrency cut do.
      return;
    }
    // Pacing starts now: one call may go at once (the retry of this one, as a rule), the rest at the new rate.
    state.tokens = 1;
    state.refilledAt = now;
    state.cutAt = now;
    state.sinceChange = 0;
  }

  /** Waits (inside the key's slot, before the global one) until the key's token bucket has a token. */
  private async token(state: KeyState): Promise<void> {
    for (;;) {
      const rate = state.rate;
      if (rate === undefined) return;
      const now = Date.now();
      state.tokens = Math.min(Math.max(1, rate), state.tokens + ((now - state.refilledAt) / 1000) * rate);
      state.refilledAt = now;
      if (state.tokens >= 1) {
        state.tokens -= 1;
        return;
      }
      await this.options.sleep(Math.ceil(((1 - state.tokens) / rate) * 1000));
    }
  }

  /**
   * Runs `call` under throttling key `key`. `priority` orders the calls waiting for a global slot
   * (higher first; default 0): discovery and listings above the detail reads they lead to.
   */
  async run<T>(key: string, call: () => Promise<T>, priority = 0): Promise<T> {
    const state = this.keyState(key);
    const { maxAttempts, maxTransientAttempts, baseDelayMs, maxDelayMs, maxWaitMs, deadline } = this.options;
    let throttledAttempts = 0;
    let transientAttempts = 0;
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let sentAt = 0;
      try {
        const result = await state.limit(async () => {
          await this.token(state);
          return this.global.run(priority, () => {
            sentAt = Date.now();
            return this.attempt(call);
          });
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
          this.throttledOn(state, sentAt);
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
        if (throttled) await this.waitThrottled(wait);
        else await this.options.sleep(wait);
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
