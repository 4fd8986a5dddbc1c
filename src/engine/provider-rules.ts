/**
 * The judging half of a provider module: its rules, the facts they share, and how its findings
 * and facts become maturity evidence. Each provider implements it in `rules/<id>/index.ts`.
 */
import type { RuleModule, FactsDeriver } from './rule.ts';
import type { CriteriaEvaluator } from './evidence.ts';
import type { ProviderFacts } from './facts.ts';

export interface ProviderRules<F extends ProviderFacts = ProviderFacts> {
  id: string;
  /** The provider's rules, in catalogue order (spec §6). */
  rules: readonly RuleModule[];
  /** Derives the provider's facts once per evaluation. */
  deriveFacts: (context: Parameters<FactsDeriver>[0]) => F;
  /** Maturity evidence per criterion from the provider's findings and facts (spec §7). */
  criteria: CriteriaEvaluator<F>;
}
