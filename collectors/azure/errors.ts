import type { ListingStatus } from '../../src/model/inventory.ts';

interface RestErrorShape {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
}

function headerValue(error: RestErrorShape, name: string): string | undefined {
  return error.response?.headers?.get?.(name);
}

/** Server-side failures worth sending again. */
const transientStatuses = new Set([500, 502, 503, 504]);

/**
 * ARM throttling: 429, waiting as long as `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After`
 * ask; and transient server errors (5xx), which the scheduler retries the same way.
 */
export function azureThrottle(error: unknown): { throttled: boolean; transient?: boolean; retryAfterMs?: number } {
  const shape = (error ?? {}) as RestErrorShape;
  if (shape.statusCode !== 429) return transientStatuses.has(shape.statusCode ?? 0) ? { throttled: false, transient: true } : { throttled: false };
  const milliseconds = Number(headerValue(shape, 'retry-after-ms') ?? headerValue(shape, 'x-ms-retry-after-ms'));
  if (Number.isFinite(milliseconds)) return { throttled: true, retryAfterMs: milliseconds };
  const seconds = Number(headerValue(shape, 'retry-after'));
  return Number.isFinite(seconds) ? { throttled: true, retryAfterMs: seconds * 1000 } : { throttled: true };
}

/** Maps a failed ARM read to a coverage status. */
export function classifyAzureError(error: unknown): { status: Exclude<ListingStatus, 'ok'>; message: string } {
  const shape = (error ?? {}) as RestErrorShape;
  const code = shape.code ?? shape.name ?? 'Error';
  const message = `${code}${shape.statusCode ? ` (${shape.statusCode})` : ''}: ${(shape.message ?? String(error)).split('\n')[0]}`;
  if (shape.statusCode === 401 || shape.statusCode === 403 || /AuthorizationFailed|Forbidden|InvalidAuthenticationToken/i.test(code))
    return { status: 'denied', message };
  if (/MissingSubscriptionRegistration|NoRegisteredProviderFound|SubscriptionNotRegistered/i.test(code)) return { status: 'unsupported', message };
  return { status: 'error', message };
}
