/**
 * The collection plumbing every provider shares: one object per provider scan that runs each
 * API request through the scheduler, walks paged listings one scheduled request per page,
 * keeps the log of requests sent, and files the outcome of every read in coverage.
 *
 * Every request of every provider passes through `call`; every paged listing is fetched by
 * `pages` (Azure, GCP: the token loop) or by an AWS SDK paginator whose client sends through
 * `call`, and consumed through `each`/`all`. So per-call timeouts (a backstop behind the
 * clients' own), transient-error retries, the deadline and response validation belong in `call`,
 * repeated-page-token detection in `pages` and `each` (one guard; `each` reads an SDK page's
 * `nextToken`/`NextToken`).
 */
import type { Logger } from 'pino';
import type { Provider, ScopeRef } from '../model/common.ts';
import type { Inventory, Listing, ListingStatus } from '../model/inventory.ts';
import type { CallRecord, CollectResult, CollectStats } from './collector.ts';
import { DeadlineError, RedirectRefusedError, RepeatedPageTokenError, defaultTimeoutMs, formatSeconds, giveUpOf, isTimeoutError } from './failures.ts';
import { CallScheduler, type SchedulerOptions, type ThrottleClassifier } from './scheduler.ts';
import type { CollectProgress } from './progress.ts';

/** A failed read as coverage reports it: denied, unsupported (no such service there) or error. */
export interface ReadFailure {
  status: Exclude<ListingStatus, 'ok'>;
  message: string;
}

/** The provider's mapping of an SDK error to a coverage status (`classifyAwsError`, …). */
export type FailureClassifier = (error: unknown) => ReadFailure;

export interface CollectionOptions {
  provider: Provider;
  /** Which errors are the provider asking to slow down, or transient (5xx); the scheduler retries those. */
  throttle: ThrottleClassifier;
  classify: FailureClassifier;
  scheduler?: SchedulerOptions;
  logger?: Logger;
  /** The timeout the provider's clients were given per request (default `defaultTimeoutMs`); the scheduler's backstop is twice it. */
  timeoutMs?: number;
  /** Epoch ms (`--max-duration`): from then on no call is sent; see `SchedulerOptions.deadline`. */
  deadline?: number;
  /** Told of every request sent and retry scheduled. */
  progress?: CollectProgress;
}

/** Where a read's outcome is filed in coverage: one resource type, in one scope and region, read by one API. */
export interface ListingKey {
  scope: ScopeRef;
  region: string | null;
  resourceType: string;
  /** The API (operation) that reads it, e.g. `bedrock:ListGuardrails`, `Deployments_List`. */
  collector: string;
}

/**
 * How urgently a request needs a global slot (the scheduler serves higher first): finding the
 * scopes and regions to read, then listings (every page), then the detail reads they lead to.
 */
export const callPriority = { discovery: 2, listing: 1, detail: 0 } as const;

export class Collection {
  /** Every request sent, as the client's read-only allow-list check saw it (see `recordCall`). */
  readonly calls: CallRecord[] = [];
  readonly listings: Listing[] = [];
  private readonly provider: Provider;
  private readonly scheduler: CallScheduler;
  private readonly classifier: FailureClassifier;
  private readonly logger: Logger | undefined;
  private readonly timeoutMs: number;

  constructor(options: CollectionOptions) {
    this.provider = options.provider;
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const deadline = options.deadline ?? options.scheduler?.deadline;
    const { progress, provider } = options;
    this.scheduler = new CallScheduler(options.throttle, {
      attemptTimeoutMs: 2 * this.timeoutMs,
      adaptiveRate: true,
      ...options.scheduler,
      ...(deadline === undefined ? {} : { deadline }),
      ...(progress ? { onRequest: (kind: 'call' | 'retry' | 'throttled') => progress.request(provider, kind) } : {}),
    });
    this.classifier = options.classify;
    this.logger = options.logger;
  }

  /**
   * Logs one request. The provider's client hook calls it for each request it lets through:
   * only the transport knows the operation and target actually sent, retries included.
   */
  readonly recordCall = (call: CallRecord): void => {
    this.calls.push(call);
  };

  /**
   * One request under throttling key `key` (e.g. account × region × service): limited per key and
   * globally; when throttled it gives its slot back, waits and is sent again, alone. `priority`
   * (see `callPriority`) orders the requests waiting for a global slot.
   */
  call<T>(key: string, send: () => Promise<T>, priority?: number): Promise<T> {
    return this.scheduler.run(key, send, priority);
  }

  /**
   * The pages of a token-paged listing, each page one `call`: a throttled page is retried by
   * itself, never the listing from its start. `fetch(undefined)` reads the first page. A next
   * token seen before in the listing ends it with a `RepeatedPageTokenError`.
   */
  async *pages<P>(
    key: string,
    fetch: (token: string | undefined) => Promise<P>,
    nextToken: (page: P) => string | null | undefined,
    priority: number = callPriority.listing,
  ): AsyncGenerator<P> {
    const guard = pageTokenGuard();
    let token: string | undefined;
    do {
      const current = token;
      const page = await this.call(key, () => fetch(current), priority);
      yield page;
      token = nextToken(page) || undefined;
      guard(token);
    } while (token !== undefined);
  }

  /**
   * Hands each page of a paged listing (from `pages`, or an SDK paginator over a scheduled client)
   * to `use` as it arrives. A next token (`nextToken(page)`; by default an SDK page's
   * `nextToken`/`NextToken`) seen before in the listing ends it with a `RepeatedPageTokenError`:
   * AWS paginators follow a repeating token forever.
   */
  async each<P>(pages: AsyncIterable<P>, use: (page: P) => void, nextToken: (page: P) => string | null | undefined = sdkNextToken): Promise<void> {
    const guard = pageTokenGuard();
    for await (const page of pages) {
      use(page);
      guard(nextToken(page) || undefined);
    }
  }

  /** Every item of a paged listing. */
  async all<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | null | undefined): Promise<T[]> {
    const found: T[] = [];
    await this.each(pages, (page) => found.push(...(items(page) ?? [])));
    return found;
  }

  /**
   * Maps a failed read to its coverage entry: the plumbing's own failures (deadline, timeout,
   * refused redirect, repeated page token) first, then the provider's classifier; a call the
   * scheduler retried and gave up on says so.
   */
  classify(error: unknown): ReadFailure {
    if (error instanceof DeadlineError) return { status: 'error', message: error.message };
    const failure = this.describe(error);
    const giveUp = giveUpOf(error);
    if (giveUp === undefined) return failure;
    const attempts = `${giveUp.attempts} attempt${giveUp.attempts === 1 ? '' : 's'}`;
    const why = giveUp.reason === 'deadline' ? '; the next would pass --max-duration' : giveUp.reason === 'budget' ? '; the wait budget is spent' : '';
    return { status: 'error', message: `gave up after ${attempts} (waited ${formatSeconds(giveUp.waitedMs)}${why}): ${failure.message}` };
  }

  private describe(error: unknown): ReadFailure {
    const own = ownFailure(error);
    if (own) return { status: 'error', message: own.message };
    if (isTimeoutError(error)) return { status: 'error', message: `request timed out after ${formatSeconds(this.timeoutMs)}` };
    return this.classifier(error);
  }

  /** Files a read's outcome in coverage; failures are also logged. */
  record(at: ListingKey, outcome: { status: ListingStatus; message?: string }): void {
    this.listings.push({
      provider: this.provider,
      scope: at.scope,
      region: at.region,
      resourceType: at.resourceType,
      collector: at.collector,
      status: outcome.status,
      ...(outcome.message ? { message: outcome.message } : {}),
    });
    if (outcome.status !== 'ok')
      this.logger?.warn(
        { provider: this.provider, scope: at.scope.id, region: at.region, collector: at.collector, status: outcome.status },
        outcome.message ?? 'read failed',
      );
  }

  /**
   * Runs one read (any number of calls) and files it in coverage: ok, or the classified failure.
   * A failure never throws: the result is `undefined` and `onFailure` hears why.
   */
  async listing<T>(at: ListingKey, read: () => Promise<T>, onFailure?: (failure: ReadFailure, error: unknown) => void): Promise<T | undefined> {
    let value: T;
    try {
      value = await read();
    } catch (error) {
      const failure = this.classify(error);
      this.record(at, failure);
      onFailure?.(failure, error);
      return undefined;
    }
    this.record(at, { status: 'ok' });
    return value;
  }

  /** Scheduled attempts and how many of them were throttled. */
  get stats(): CollectStats {
    return this.scheduler.stats;
  }

  /** The collector's result: its inventory with this collection's coverage, the request log and stats. */
  result(inventory: Omit<Inventory, 'listings'>): CollectResult {
    return { inventory: { ...inventory, listings: this.listings }, calls: this.calls, stats: { ...this.scheduler.stats, ...this.scheduler.throttleWaits } };
  }
}

/** Throws when a listing's next token repeats one it already handed out. */
function pageTokenGuard(): (token: string | undefined) => void {
  const seen = new Set<string>();
  let pages = 0;
  return (token) => {
    pages++;
    if (token === undefined) return;
    if (seen.has(token)) throw new RepeatedPageTokenError(pages);
    seen.add(token);
  };
}

/** The next token of an AWS SDK page (`nextToken` in REST/JSON services, `NextToken` in the others). */
function sdkNextToken(page: unknown): string | undefined {
  if (typeof page !== 'object' || page === null) return undefined;
  const { nextToken, NextToken } = page as { nextToken?: unknown; NextToken?: unknown };
  const token = nextToken ?? NextToken;
  return typeof token === 'string' ? token : undefined;
}

/** A failure the plumbing raised itself (also when an SDK wrapped it as the `cause` of its own). */
function ownFailure(error: unknown): Error | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof RedirectRefusedError || current instanceof RepeatedPageTokenError || current instanceof DeadlineError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
