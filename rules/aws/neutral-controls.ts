/** The content filters of the evaluated guardrail versions on the neutral scale, for `multi/consistent-baseline`. */
import type { Strength } from '../../src/model/common.ts';
import type { FilterDirection } from '../../src/model/aws.ts';
import { bedrockVocabulary } from '../../src/model/aws.ts';
import type { RuleContext } from '../../src/engine/rule.ts';
import type { ComparedCategory, NeutralControls, NeutralGap, NeutralObservation, ProviderFacts } from '../../src/engine/facts.ts';
import { directionsOf, observedEverywhere } from '../../src/engine/facts.ts';
import { versionLabel } from './guardrails.ts';

/** Bedrock guardrails have no self-harm filter. */
export const awsExpressible: ReadonlySet<ComparedCategory> = new Set(['hate', 'insults', 'sexual', 'violence', 'misconduct', 'prompt-attack']);

/** A direction blocks at its strength unless disabled or detect-only (omitted fields take the AWS defaults: enabled, BLOCK). */
function awsDirectionStrength(direction: FilterDirection): Strength {
  return direction.enabled === false || direction.action === 'NONE' ? 'off' : direction.strength;
}

export function awsNeutralControls(context: RuleContext, facts: Pick<ProviderFacts, 'usage'>): NeutralControls {
  const certain = facts.usage === 'used';
  const observations: NeutralObservation[] = [];
  const gaps: NeutralGap[] = [];
  const versions = context.resources('aws.bedrock.guardrail');
  for (const version of versions) {
    const label = `guardrail ${version.name ?? version.guardrailId} v${version.version}`;
    if (version.unreadable !== undefined || version.contentPolicy === undefined) {
      gaps.push({ what: `the content policy of ${versionLabel(version)} could not be read${version.unreadable ? ` (${version.unreadable})` : ''}` });
      continue;
    }
    if (version.contentPolicy === null) {
      observations.push(...observedEverywhere(awsExpressible, `${label} (no content policy)`, 'off', certain));
      continue;
    }
    for (const [type, category] of Object.entries(bedrockVocabulary.categories)) {
      const entry = version.contentPolicy.filters.find((candidate) => candidate.type === type || candidate.category === category);
      for (const direction of directionsOf(category)) {
        observations.push({ control: label, category, direction, strength: entry ? awsDirectionStrength(entry[direction]) : 'off', certain });
      }
    }
  }
  for (const entry of context.failedListings('aws.bedrock.guardrail')) {
    gaps.push({ what: `the guardrails of ${entry.scope.id} in ${entry.region ?? 'global'} could not be listed (${entry.status})` });
  }
  if (facts.usage !== 'unused' && versions.length === 0 && gaps.length === 0)
    observations.push(...observedEverywhere(awsExpressible, 'no guardrail', 'off', certain));
  return { expressible: awsExpressible, observations, gaps };
}
