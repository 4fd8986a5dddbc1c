/**
 * The judging half of a provider module: its rules, the facts they share, and how its findings
 * and facts become maturity evidence. Each provider implements it in `rules/<id>/index.ts`.
 */
import type { RuleModule, FactsDeriver } from './rule.ts';
import type { CriteriaEvaluator } from './evidence.ts';
import type { ProviderFacts } from './facts.ts';
import type { Inventory } from '../model/inventory.ts';
import type { Baseline } from '../policy/baseline.ts';
import type { AiAsset, MetricsWindow, PlatformEffectiveness } from '../model/ai-inventory.ts';

/** What a provider reads to describe its AI in use and the effect of its controls (spec §12). */
export interface InsightContext<F extends ProviderFacts = ProviderFacts> {
  inventory: Inventory;
  facts: F;
  baseline: Baseline;
  /** The metrics window the collection read (`--metrics-window`). */
  window: MetricsWindow;
}

export interface ProviderRules<F extends ProviderFacts = ProviderFacts> {
  id: string;
  /** The provider's rules, in catalogue order (spec §6). */
  rules: readonly RuleModule[];
  /** Derives the provider's facts once per evaluation. */
  deriveFacts: (context: Parameters<FactsDeriver>[0]) => F;
  /** Maturity evidence per criterion from the provider's findings and facts (spec §7). */
  criteria: CriteriaEvaluator<F>;
  /** The AI assets in use, with the controls attached and missing (spec §12 `inventory`). */
  aiInventory?: (context: InsightContext<F>) => AiAsset[];
  /** Measured effectiveness of the provider's controls over the window (spec §12 `effectiveness`); null when the provider is not in use. */
  effectiveness?: (context: InsightContext<F>) => PlatformEffectiveness | null;
}
