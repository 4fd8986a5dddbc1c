/**
 * Body faults: a request that succeeds (200) but whose body is not what the protocol promises —
 * an HTML page (a proxy's or portal's), nothing at all, or JSON/XML cut off midway. Every
 * provider's `faults[]` entry takes `body: html | empty | truncated`; the fault applies only to
 * an answer that would have succeeded, and keeps its status.
 */
import { z } from 'zod';
import type { FakeResponse } from './server.ts';

export const bodyFaultKinds = ['html', 'empty', 'truncated'] as const;
/** `html`: 200 with an HTML page; `empty`: 200 with no body; `truncated`: 200 with the first half of the real body. */
export const bodyFaultSchema = z.enum(bodyFaultKinds);
export type BodyFault = z.output<typeof bodyFaultSchema>;

const htmlPage =
  '<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body><h1>Please sign in</h1><p>This page was served by a proxy, not by the API.</p></body></html>\n';

/** `response` with its body replaced as `fault` says; an error answer, or no fault, is returned unchanged. */
export function withBodyFault(response: FakeResponse, fault: BodyFault | undefined): FakeResponse {
  if (fault === undefined || response.status >= 300) return response;
  switch (fault) {
    case 'html': {
      const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
      return { status: response.status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }, body: htmlPage };
    }
    case 'empty':
      return { ...response, body: '' };
    case 'truncated':
      return { ...response, body: response.body.slice(0, Math.max(1, Math.floor(response.body.length / 2))) };
  }
}
