/** The content filters of the RAI policies in use on the neutral scale, for `multi/consistent-baseline`. */
import type { RuleContext } from '../../src/engine/rule.ts';
import { azureContentFilterVocabulary } from '../../src/model/azure.ts';
import { directionsOf } from '../../src/engine/facts.ts';
import type { ComparedCategory, Direction, NeutralControls, NeutralGap, NeutralObservation, ProviderFacts } from '../../src/engine/facts.ts';
import { findFilter, policiesInUse, policyUseLabel } from './accounts.ts';

/** Azure content filters have no insults (harassment) or misconduct (dangerous) category. */
export const azureExpressible: ReadonlySet<ComparedCategory> = new Set(['hate', 'sexual', 'violence', 'self-harm', 'prompt-attack']);

/** Each compared filter and direction: the harm filters on prompts and completions, Jailbreak on prompts. */
const azureFilters: ReadonlyArray<readonly [string, ComparedCategory, 'Prompt' | 'Completion', Direction]> = Object.entries(
  azureContentFilterVocabulary.categories,
).flatMap(([name, category]) =>
  (Object.entries(azureContentFilterVocabulary.sources) as Array<['Prompt' | 'Completion', Direction]>)
    .filter(([, direction]) => directionsOf(category).includes(direction))
    .map(([source, direction]) => [name, category, source, direction] as const),
);

export function azureNeutralControls(context: RuleContext, facts: Pick<ProviderFacts, 'usage'>): NeutralControls {
  const certain = facts.usage === 'used';
  const observations: NeutralObservation[] = [];
  const gaps: NeutralGap[] = [];
  const { uses, unknowns } = policiesInUse(context, 'the content filters');
  for (const unknown of unknowns) gaps.push({ what: unknown.message.replace(/\.$/, '') });
  for (const policyUse of uses) {
    const label = policyUseLabel(policyUse);
    if (policyUse.policy.unreadable !== undefined) {
      gaps.push({ what: `the content filters of ${label} could not be read (${policyUse.policy.unreadable})` });
      continue;
    }
    for (const [name, category, source, direction] of azureFilters) {
      const entry = findFilter(policyUse.policy, name, source);
      if (!entry) {
        observations.push({ control: label, category, direction, strength: 'off', certain });
        continue;
      }
      const multiLevel = category !== 'prompt-attack';
      const switchedOff = entry.enabled === false || entry.blocking === false;
      if (!switchedOff && (entry.enabled === null || entry.blocking === null || (multiLevel && entry.severityThreshold === null))) {
        gaps.push({ what: `${name} on ${source} of ${label} is not fully reported`, categories: [category] });
        continue;
      }
      observations.push({ control: label, category, direction, strength: entry.strength, certain });
    }
  }
  return { expressible: azureExpressible, observations, gaps };
}
