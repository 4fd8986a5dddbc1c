/**
 * Failures the collection plumbing raises or recognises on its own, whatever the provider: a
 * request that timed out, a redirect refused, a call not sent because the scan's deadline passed,
 * a listing whose page token came back, and the record of a call the scheduler gave up on.
 * `Collection.classify` turns each into its coverage entry before the provider's classifier is asked.
 */

/** Each request's timeout unless the collect options give one (`timeoutMs`): connect and answer. */
export const defaultTimeoutMs = 30_000;

/** A request that got no answer in time (the clients' own timeouts, or the scheduler's backstop). */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`request timed out after ${formatSeconds(timeoutMs)}`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** A 3xx answer: never followed, since the redirected request would escape the read-only allow-list. */
export class RedirectRefusedError extends Error {
  override name = 'RedirectRefusedError';
  readonly status: number;
  constructor(status: number, method: string, from: string, location: string | undefined) {
    super(
      `refused to follow a redirect (${status}) from ${method} ${from}${location ? ` to ${location}` : ''}: redirects are not followed (read-only allow-list)`,
    );
    this.status = status;
  }
}

/** The scan's deadline (`--max-duration`) passed before the call could be sent or answered. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor() {
    super('not reached (--max-duration)');
  }
}

/** A paged listing handed back a page token it had already handed out: it would never end. */
export class RepeatedPageTokenError extends Error {
  override name = 'RepeatedPageTokenError';
  constructor(pages: number) {
    super(`page token of page ${pages} repeated an earlier one: listing ended after ${pages} pages (it would never end)`);
  }
}

/** Why and when the scheduler stopped retrying a call; kept beside the call's last error. */
export interface GiveUp {
  attempts: number;
  waitedMs: number;
  reason: 'attempts' | 'budget' | 'deadline';
}

const giveUps = new WeakMap<object, GiveUp>();

/** Marks `error` as the last of a call the scheduler retried and gave up on. */
export function recordGiveUp(error: unknown, giveUp: GiveUp): void {
  if (typeof error === 'object' && error !== null) giveUps.set(error, giveUp);
}

/** How the scheduler gave up on the call that ended with `error`, if it retried it at all. */
export function giveUpOf(error: unknown): GiveUp | undefined {
  return typeof error === 'object' && error !== null ? giveUps.get(error) : undefined;
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its `cause` chain (SDKs wrap transport errors), bounded. */
function* chain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    yield current as ErrorLike;
    current = (current as ErrorLike).cause;
  }
}

/**
 * A request that timed out, as any of the SDKs reports it: our own `RequestTimeoutError`, a
 * `TimeoutError` (the AWS handler's, an `AbortSignal.timeout`'s), ETIMEDOUT. The AWS handler
 * also names a reset connection `TimeoutError`: its code (ECONNRESET, EPIPE) says otherwise.
 */
export function isTimeoutError(error: unknown): boolean {
  for (const link of chain(error)) {
    if (link instanceof RequestTimeoutError) return true;
    if (link.code === 'ECONNRESET' || link.code === 'EPIPE') return false;
    if (link.name === 'TimeoutError' || link.code === 'ETIMEDOUT' || link.code === 'ESOCKETTIMEDOUT' || link.code === 'TimeoutError') return true;
  }
  return false;
}

const transientCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET']);

/** A dropped connection or a timeout: worth sending again, whatever the provider. */
export function isTransientNetworkError(error: unknown): boolean {
  if (isTimeoutError(error)) return true;
  for (const link of chain(error)) {
    if (typeof link.code === 'string' && transientCodes.has(link.code)) return true;
    if (typeof link.message === 'string' && /socket hang up|ECONNRESET/.test(link.message)) return true;
  }
  return false;
}
