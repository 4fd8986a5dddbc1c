/**
 * The provider registry: the one list of providers the scanner knows. A provider is a folder
 * under `collectors/` (how to read it) and one under `rules/` (how to judge it), joined here by
 * one line. Everything else — CLI options, scan, maturity, policy targets, reporters, the report
 * schema, the cross-cloud rule — iterates this list.
 */
import type { CollectorModule } from './collect/collector.ts';
import type { ProviderRules } from './engine/provider-rules.ts';
import type { FactsDeriver, RuleModule } from './engine/rule.ts';
import type { ProviderFacts } from './engine/facts.ts';
import { withAiAssets } from './engine/insights.ts';
import { awsCollector } from '../collectors/aws/module.ts';
import { azureCollector } from '../collectors/azure/module.ts';
import { gcpCollector } from '../collectors/gcp/module.ts';
import { awsRules } from '../rules/aws/index.ts';
import { azureRules } from '../rules/azure/index.ts';
import { gcpRules } from '../rules/gcp/index.ts';
import { crossProviderRules } from '../rules/multi/index.ts';

/** One provider: its collecting half and its judging half, under one id. */
export interface ProviderModule extends CollectorModule, Omit<ProviderRules, 'id'> {}

// The halves are typed per provider (their options and facts); the registry holds them erased.
/* eslint-disable @typescript-eslint/no-explicit-any */
export function defineProvider<O extends object, F extends ProviderFacts>(collector: CollectorModule<O>, judge: ProviderRules<F>): ProviderModule {
  if (collector.id !== judge.id) throw new Error(`provider halves disagree: collector ${collector.id}, rules ${judge.id}`);
  for (const rule of judge.rules) {
    if (rule.meta.provider !== collector.id || !rule.meta.id.startsWith(`${collector.id}/`))
      throw new Error(`rule ${rule.meta.id} is registered under provider ${collector.id}`);
  }
  return {
    ...(collector as CollectorModule<any>),
    rules: judge.rules,
    deriveFacts: judge.deriveFacts,
    criteria: judge.criteria as ProviderRules['criteria'],
    ...(judge.aiInventory ? { aiInventory: judge.aiInventory as ProviderRules['aiInventory'] } : {}),
    ...(judge.effectiveness ? { effectiveness: judge.effectiveness as ProviderRules['effectiveness'] } : {}),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export const builtInProviders: readonly ProviderModule[] = [
  defineProvider(awsCollector, awsRules),
  defineProvider(azureCollector, azureRules),
  defineProvider(gcpCollector, gcpRules),
];

/** What the rest of the scanner is handed: the providers, and everything derived from them. */
export interface Registry {
  providers: readonly ProviderModule[];
  /** Every rule: each provider's, then the cross-provider ones. */
  rules: readonly RuleModule[];
  byId: ReadonlyMap<string, ProviderModule>;
  factDerivers: ReadonlyMap<string, FactsDeriver>;
  /** Providers whose ids compare without case (fingerprints fold them). */
  caseInsensitiveProviders: ReadonlySet<string>;
  /** Former rule id → current rule id (`meta.aliases`), for reading history recorded under an old id. */
  ruleAliases: ReadonlyMap<string, string>;
}

export function createRegistry(providers: readonly ProviderModule[] = builtInProviders, crossProvider: readonly RuleModule[] = crossProviderRules): Registry {
  const byId = new Map(providers.map((provider) => [provider.id, provider]));
  if (byId.size !== providers.length) throw new Error('two providers share an id');
  const rules = [...providers.flatMap((provider) => provider.rules), ...crossProvider];
  const ruleAliases = new Map<string, string>();
  for (const rule of rules) {
    for (const alias of rule.meta.aliases ?? []) {
      if (ruleAliases.has(alias) || rules.some((other) => other.meta.id === alias)) throw new Error(`rule alias ${alias} (of ${rule.meta.id}) is taken`);
      ruleAliases.set(alias, rule.meta.id);
    }
  }
  return {
    providers,
    rules,
    byId,
    // Each provider's facts carry its AI assets (`aiInventory`, derived once per evaluation): the report and `multi/approved-*` read them.
    factDerivers: new Map(providers.map((provider) => [provider.id, withAiAssets(provider.deriveFacts, provider.aiInventory)])),
    caseInsensitiveProviders: new Set(providers.filter((provider) => provider.caseInsensitiveIds).map((provider) => provider.id)),
    ruleAliases,
  };
}

export const registry: Registry = createRegistry();
