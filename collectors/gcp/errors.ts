import type { ListingStatus } from '../../src/model/inventory.ts';

interface GoogleErrorShape {
  code?: number | string;
  status?: number | string;
  message?: string;
  reason?: string;
  errorInfoMetadata?: unknown;
  statusDetails?: unknown;
  response?: { status?: number; headers?: Record<string, string> | { get?(name: string): string | null } };
}

function httpStatus(shape: GoogleErrorShape): number | undefined {
  if (typeof shape.response?.status === 'number') return shape.response.status;
  if (typeof shape.status === 'number') return shape.status;
  if (typeof shape.code === 'number' && shape.code >= 100) return shape.code;
  return undefined;
}

/** gRPC code when the transport is gRPC, mapped from the HTTP status in REST mode. */
function grpcCode(shape: GoogleErrorShape): number | undefined {
  if (typeof shape.code === 'number' && shape.code < 100) return shape.code;
  const byHttp: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13, 503: 14, 504: 4 };
  const status = httpStatus(shape);
  return status !== undefined ? byHttp[status] : undefined;
}

function headerValue(shape: GoogleErrorShape, name: string): string | undefined {
  const headers = shape.response?.headers;
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

export function isNotFound(error: unknown): boolean {
  return grpcCode((error ?? {}) as GoogleErrorShape) === 5;
}

/** Server-side failures worth sending again: INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED (HTTP 500, 503, 504), and HTTP 502. */
const transientCodes = new Set([4, 13, 14]);

/**
 * RESOURCE_EXHAUSTED (gRPC 8 / HTTP 429): Google's clients never retry it, the scheduler does;
 * and transient server errors, which the scheduler retries the same way.
 */
export function gcpThrottle(error: unknown): { throttled: boolean; transient?: boolean; retryAfterMs?: number } {
  const shape = (error ?? {}) as GoogleErrorShape;
  const code = grpcCode(shape);
  if (code !== 8) return transientCodes.has(code ?? -1) || httpStatus(shape) === 502 ? { throttled: false, transient: true } : { throttled: false };
  const seconds = Number(headerValue(shape, 'retry-after'));
  return Number.isFinite(seconds) ? { throttled: true, retryAfterMs: seconds * 1000 } : { throttled: true };
}

/** REST-mode errors may carry the whole Google error body as their message; keep its `message`. */
function readableMessage(raw: string): string {
  const trimmed = raw.trim();
  const start = trimmed.indexOf('{');
  if (start >= 0) {
    try {
      const body = JSON.parse(trimmed.slice(start)) as { error?: { message?: string }; message?: string };
      const inner = body.error?.message ?? body.message;
      if (inner) return inner.split('\n')[0] ?? inner;
    } catch {
      // not JSON: fall through to the first line
    }
  }
  return trimmed.split('\n')[0] ?? trimmed;
}

/** SERVICE_DISABLED: the API is turned off in the project (for every location), Google's ErrorInfo reason or its message. */
export function isServiceDisabled(error: unknown): boolean {
  const shape = (error ?? {}) as GoogleErrorShape;
  return /SERVICE_DISABLED|has not been used in project|is disabled/i.test(
    `${shape.reason ?? ''} ${JSON.stringify(shape.errorInfoMetadata ?? '')} ${readableMessage(shape.message ?? String(error))}`,
  );
}

export function classifyGcpError(error: unknown): { status: Exclude<ListingStatus, 'ok'>; message: string } {
  const shape = (error ?? {}) as GoogleErrorShape;
  const code = grpcCode(shape);
  const text = readableMessage(shape.message ?? String(error));
  const message = `${code !== undefined ? `${['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'][code] ?? code}: ` : ''}${text}`;
  if (isServiceDisabled(error)) return { status: 'unsupported', message };
  if (code === 7 || code === 16) return { status: 'denied', message };
  return { status: 'error', message };
}
