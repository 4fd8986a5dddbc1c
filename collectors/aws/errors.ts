import type { ListingStatus } from '../../src/model/inventory.ts';

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const throttlingNames = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Server-side failures worth sending again (the SDK's own transient set: 500, 502, 503, 504). */
const transientStatuses = new Set([500, 502, 503, 504]);

/**
 * Throttling as the AWS SDK recognises it, honouring Retry-After when the service sends it; and
 * transient server errors (5xx), which the scheduler retries the same way.
 */
export function awsThrottle(error: unknown): { throttled: boolean; transient?: boolean; retryAfterMs?: number } {
  const shape = (error ?? {}) as SdkErrorShape;
  const throttled = throttlingNames.has(shape.name ?? '') || shape.$metadata?.httpStatusCode === 429;
  if (!throttled) return transientStatuses.has(shape.$metadata?.httpStatusCode ?? 0) ? { throttled, transient: true } : { throttled };
  const header = shape.$response?.headers?.['retry-after'] ?? shape.$response?.headers?.['x-amz-retry-after'];
  const seconds = header !== undefined ? Number(header) : NaN;
  return Number.isFinite(seconds) ? { throttled, retryAfterMs: seconds * 1000 } : { throttled };
}

/** Maps a failed read to a coverage status: denied, unsupported (no such service there) or error. */
export function classifyAwsError(error: unknown): { status: Exclude<ListingStatus, 'ok'>; message: string } {
  const shape = (error ?? {}) as SdkErrorShape;
  const name = shape.name ?? 'Error';
  const message = `${name}: ${shape.message ?? String(error)}`;
  if (/AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|Forbidden/i.test(name) || shape.$metadata?.httpStatusCode === 403)
    return { status: 'denied', message };
  if (shape.code === 'ENOTFOUND' || shape.code === 'EAI_AGAIN' || /getaddrinfo ENOTFOUND/.test(shape.message ?? '')) return { status: 'unsupported', message };
  return { status: 'error', message };
}
