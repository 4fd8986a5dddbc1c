import type { Provider, Provenance, ScopeRef } from '../model/common.ts';
import type { Inventory, ListingStatus, Resource, ResourceOfType, ResourceType } from '../model/inventory.ts';
import type { Baseline } from '../policy/baseline.ts';
import type { CriterionId } from '../model/criteria.ts';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];
export const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export type VerdictStatus = 'pass' | 'fail' | 'unknown' | 'not_applicable';

export interface RuleMeta {
  id: string;
  provider: Provider | 'multi';
  /** States the passing condition. */
  title: string;
  severity: Severity;
  resourceTypes: readonly ResourceType[];
  criteria: readonly CriterionId[];
  description: string;
  remediation: string;
  /** Anchor checks, framework ids and documentation links. */
  references: readonly string[];
  /** Where and why this rule deliberately differs from an anchor tool. */
  differences?: string;
  /**
   * For rules about the presence of something (a diagnostic setting, an alert, a policy
   * assignment): in IaC mode the rule applies only when the files declare a resource of one of
   * these types, so a partial plan does not fail for what it never meant to contain.
   */
  presenceOf?: readonly ResourceType[];
}

/** A resource a verdict is about: a real one, or a region/account when the rule is about presence. */
export interface VerdictSubject {
  id: string;
  type: string;
  name?: string;
}

export interface Verdict {
  status: VerdictStatus;
  /**
   * Stable, machine-readable code of why the verdict is what it is (kebab-case, like ESLint's
   * messageId): tests and consumers match on it, so the prose of `message` can improve freely.
   */
  reason: string;
  resource: VerdictSubject;
  scope: ScopeRef;
  region: string | null;
  message: string;
  observed?: unknown;
  expected?: unknown;
  source: Provenance;
}

export interface RuleContext {
  readonly inventory: Inventory;
  readonly baseline: Baseline;
  resources<T extends ResourceType>(type: T): ResourceOfType<T>[];
  /** How the listing of `type` went in that scope and region; undefined when it was not attempted. */
  listing(type: ResourceType, scope: ScopeRef, region: string | null): ListingStatus | undefined;
}

export interface RuleModule {
  meta: RuleMeta;
  check(context: RuleContext): Verdict[];
}

export function createRuleContext(inventory: Inventory, baseline: Baseline): RuleContext {
  const byType = new Map<string, Resource[]>();
  for (const resource of inventory.resources) {
    const list = byType.get(resource.type) ?? [];
    list.push(resource);
    byType.set(resource.type, list);
  }
  const listingKey = (type: string, scopeId: string, region: string | null) => `${type}\u0000${scopeId}\u0000${region ?? ''}`;
  const listings = new Map<string, ListingStatus>();
  for (const entry of inventory.listings) {
    listings.set(listingKey(entry.resourceType, entry.scope.id, entry.region), entry.status);
  }
  return {
    inventory,
    baseline,
    resources: <T extends ResourceType>(type: T) => (byType.get(type) ?? []) as ResourceOfType<T>[],
    listing: (type, scope, region) => listings.get(listingKey(type, scope.id, region)),
  };
}
