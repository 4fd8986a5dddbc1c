/**
 * Transport faults: a request the server accepts but does not answer as the protocol says —
 * it never answers (`hang`), drops the connection (`reset`), redirects elsewhere on this server
 * (`redirect`, 307 with a Location), or, for a listing, hands back the page token it was sent
 * (`repeatToken`: the listing never ends). Every provider's `faults[]` entry takes these fields
 * beside its error fields; the usual matching (`operation`, `after`, `times`, …) applies.
 */
import { z } from 'zod';
import type { FakeResult } from './server.ts';

export const transportFaultFields = {
  /** Accept the request and never answer (the connection stays open until the fake cloud closes). */
  hang: z.literal(true).optional(),
  /** Destroy the connection without answering (the client sees ECONNRESET / "socket hang up"). */
  reset: z.literal(true).optional(),
  /** Answer 307 with this Location: a path on the fake cloud, e.g. `/v3/projects/p:setIamPolicy`. */
  redirect: z
    .string()
    .regex(/^\/\S*$/, 'expected a path on the fake cloud, e.g. /v3/projects/p:setIamPolicy')
    .optional(),
  /** A page requested with a token answers that same token as its next one, so the listing never ends. */
  repeatToken: z.literal(true).optional(),
};

export interface TransportFaultFields {
  hang?: true | undefined;
  reset?: true | undefined;
  redirect?: string | undefined;
  repeatToken?: true | undefined;
}

export function isTransportFault(fault: TransportFaultFields): boolean {
  return fault.hang === true || fault.reset === true || fault.redirect !== undefined || fault.repeatToken === true;
}

/** Thrown by a handler's fault injection; the handler answers `response` (see `FakeResult.response`). */
export class TransportFault {
  readonly response: FakeResult['response'];
  constructor(response: FakeResult['response']) {
    this.response = response;
  }
}

/**
 * Applies a matching fault's transport part: throws a `TransportFault` for `hang`, `reset` and
 * `redirect`; returns true for `repeatToken` (the handler repeats the request's page token).
 */
export function applyTransportFault(fault: TransportFaultFields): boolean {
  if (fault.hang === true) throw new TransportFault('hang');
  if (fault.reset === true) throw new TransportFault(null);
  if (fault.redirect !== undefined) throw new TransportFault({ status: 307, headers: { location: fault.redirect, 'content-type': 'text/plain' }, body: '' });
  return fault.repeatToken === true;
}
