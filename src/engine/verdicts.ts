import type { Resource, ResourceType } from '../model/inventory.ts';
import type { RuleContext, Verdict, VerdictStatus } from './rule.ts';

type VerdictDetails = Pick<Verdict, 'observed' | 'expected'>;

/** What a check decided about one subject, before it is attached to the subject. */
export interface Outcome extends VerdictDetails {
  status: Exclude<VerdictStatus, 'not_applicable'>;
  reason: string;
  message: string;
}

/** Reason codes shared by every rule (each rule adds its own for pass and fail). */
export const commonReasons = {
  /** A listing that could have held the subject was denied or failed. */
  listingUnreadable: 'listing-unreadable',
  /** The subject was listed but the details the rule needs could not be read. */
  resourceUnreadable: 'resource-unreadable',
  /** The check would fail, but whether the platform is used there could not be decided. */
  usageUndecided: 'usage-undecided',
} as const;

/** A verdict about one collected resource, carrying its scope, region and provenance. */
export function verdictOn(resource: Resource, status: VerdictStatus, reason: string, message: string, details: VerdictDetails = {}): Verdict {
  return {
    status,
    reason,
    resource: { id: resource.id, type: resource.type, ...(resource.name ? { name: resource.name } : {}) },
    scope: resource.scope,
    region: resource.region,
    message,
    ...details,
    source: resource.source,
  };
}

/** The subject id used when a whole listing could not be read: `<scope>/<region>/<type>/unknown`. */
export function unknownSubjectId(scopeId: string, region: string | null, type: string): string {
  return `${scopeId}/${region ?? 'global'}/${type}/unknown`;
}

/**
 * One `unknown` verdict for every scope and region where the listing of `type` was denied
 * or failed: resources we could not see must not be silently treated as absent.
 */
export function unreadableListings(context: RuleContext, type: ResourceType, what: string): Verdict[] {
  return context.failedListings(type).map((entry) => ({
    status: 'unknown' as const,
    reason: commonReasons.listingUnreadable,
    resource: { id: unknownSubjectId(entry.scope.id, entry.region, type), type },
    scope: entry.scope,
    region: entry.region,
    message: `Could not list ${what}${entry.region ? ` in ${entry.region}` : ''} (${entry.status}${entry.message ? `: ${entry.message}` : ''}).`,
    source: { kind: 'api' as const, api: entry.collector },
  }));
}

/** The verdict for a resource whose details could not be read. */
export function unreadableResource(resource: Resource, what: string): Verdict {
  return verdictOn(
    resource,
    'unknown',
    commonReasons.resourceUnreadable,
    `Could not read ${what} of ${resource.name ?? resource.id}: ${resource.unreadable ?? 'details missing'}.`,
  );
}
