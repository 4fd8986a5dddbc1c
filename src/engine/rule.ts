import type { Provider, Provenance, ScopeRef } from '../model/common.ts';
import type { Inventory, Listing, ListingStatus, Resource, ResourceOfType, ResourceType } from '../model/inventory.ts';
import type { ProviderFacts } from './facts.ts';
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
  /**
   * Former ids of this rule. Scan history recorded under an alias is read as this rule's, so a
   * rename neither resolves every old finding nor opens new ones.
   */
  aliases?: readonly string[];
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
  /** The scanned providers that derive facts, in registry order. */
  readonly providers: readonly Provider[];
  /** Every resource of a type (indexed once per evaluation). */
  resources<T extends ResourceType>(type: T): ResourceOfType<T>[];
  /** The resources of a type in one scope (and, when given, one region): a lookup, not a scan. */
  resourcesIn<T extends ResourceType>(type: T, scopeId: string, region?: string | null): ResourceOfType<T>[];
  /** How the listing of `type` went in that scope and region; undefined when it was not attempted. */
  listing(type: ResourceType, scope: ScopeRef, region: string | null): ListingStatus | undefined;
  /** The listings of a type that were denied or failed, in any scope and region. */
  failedListings(type: string): readonly Listing[];
  /** The listings of a type in one scope, in any region, in inventory order: a lookup, not a scan. */
  listingsIn(type: string, scopeId: string): readonly Listing[];
  /**
   * The resources of a type grouped under keys derived from each one (a parent id, a normalised
   * id, …), built once per evaluation under `name` (callers sharing a name must derive the same
   * keys) and then looked up. Each group keeps inventory order; a resource with several keys is
   * in each of their groups, once.
   */
  groupBy<T extends ResourceType>(
    type: T,
    name: string,
    keysOf: (resource: ResourceOfType<T>) => string | readonly string[] | null | undefined,
  ): ReadonlyMap<string, readonly ResourceOfType<T>[]>;
  /**
   * The facts a provider derives from the inventory (used regions, AI accounts, Vertex projects,
   * neutral controls), computed once per evaluation and shared by every rule and by maturity.
   */
  facts<F extends ProviderFacts = ProviderFacts>(provider: Provider): F | undefined;
  /** Memoises a derived value for the lifetime of this context (one evaluation). */
  memo<T>(key: string, derive: () => T): T;
}

export interface RuleModule {
  meta: RuleMeta;
  check(context: RuleContext): Verdict[];
}

/** Derives a provider's facts from the context; registered per provider by the composition root. */
export type FactsDeriver = (context: RuleContext) => ProviderFacts;

const indexKey = (type: string, scopeId: string, region?: string | null) =>
  region === undefined ? `${type}\u0000${scopeId}` : `${type}\u0000${scopeId}\u0000${region ?? ''}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createRuleContext(inventory: Inventory, baseline: Baseline, factDerivers: ReadonlyMap<Provider, FactsDeriver> = new Map()): RuleContext {
  const byType = new Map<string, Resource[]>();
  const byScope = new Map<string, Resource[]>();
  const byRegion = new Map<string, Resource[]>();
  for (const resource of inventory.resources) {
    push(byType, resource.type, resource);
    push(byScope, indexKey(resource.type, resource.scope.id), resource);
    push(byRegion, indexKey(resource.type, resource.scope.id, resource.region), resource);
  }
  const listings = new Map<string, ListingStatus>();
  const failed = new Map<string, Listing[]>();
  for (const entry of inventory.listings) {
    listings.set(indexKey(entry.resourceType, entry.scope.id, entry.region), entry.status);
    if (entry.status === 'denied' || entry.status === 'error') push(failed, entry.resourceType, entry);
  }
  const memos = new Map<string, unknown>();
  const context: RuleContext = {
    inventory,
    baseline,
    providers: [...factDerivers.keys()].filter((provider) => inventory.providers.includes(provider)),
    resources: <T extends ResourceType>(type: T) => (byType.get(type) ?? []) as ResourceOfType<T>[],
    resourcesIn: <T extends ResourceType>(type: T, scopeId: string, region?: string | null) =>
      ((region === undefined ? byScope.get(indexKey(type, scopeId)) : byRegion.get(indexKey(type, scopeId, region))) ?? []) as ResourceOfType<T>[],
    listing: (type, scope, region) => listings.get(indexKey(type, scope.id, region)),
    failedListings: (type) => failed.get(type) ?? [],
    listingsIn: (type, scopeId) =>
      context
        .memo('listingsIn\u0000', () => {
          const byScope = new Map<string, Listing[]>();
          for (const entry of inventory.listings) push(byScope, indexKey(entry.resourceType, entry.scope.id), entry);
          return byScope;
        })
        .get(indexKey(type, scopeId)) ?? [],
    groupBy: <T extends ResourceType>(type: T, name: string, keysOf: (resource: ResourceOfType<T>) => string | readonly string[] | null | undefined) =>
      context.memo(`groupBy\u0000${type}\u0000${name}`, () => {
        const groups = new Map<string, ResourceOfType<T>[]>();
        for (const resource of context.resources(type)) {
          const keys = keysOf(resource);
          if (keys === null || keys === undefined) continue;
          for (const key of typeof keys === 'string' ? [keys] : new Set(keys)) push(groups, key, resource);
        }
        return groups as ReadonlyMap<string, readonly ResourceOfType<T>[]>;
      }),
    memo: <T>(key: string, derive: () => T): T => {
      if (!memos.has(key)) memos.set(key, derive());
      return memos.get(key) as T;
    },
    facts: <F extends ProviderFacts>(provider: Provider) => {
      const derive = factDerivers.get(provider);
      return derive ? context.memo(`facts:${provider}`, () => derive(context) as F) : undefined;
    },
  };
  return context;
}
