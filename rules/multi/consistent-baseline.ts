/**
 * The one cross-cloud rule: it reads each scanned provider's neutral controls from the provider's
 * facts (`neutralControls`, derived by `rules/<provider>/neutral-controls.ts`), so it knows no
 * provider by name and a new provider takes part by deriving those facts.
 */
import type { Provider, ScopeRef, Strength } from '../../src/model/common.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import type { RuleModule, Verdict, VerdictStatus } from '../../src/engine/rule.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import { strengthAtLeast, weaker } from '../../src/model/common.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { comparedCategories, directionsOf, type ComparedCategory, type Direction, type NeutralControls, type Usage } from '../../src/engine/facts.ts';

type Category = ComparedCategory;
type Platform = Provider;

function requiredStrength(baseline: Baseline, category: Category, direction: Direction): Strength {
  return category === 'prompt-attack' ? baseline.promptAttack : baseline.harmCategories[direction];
}

/** One platform's controls and use, as its provider's facts describe them. */
interface PlatformControls extends NeutralControls {
  platform: Platform;
  use: Usage;
  useNote: string;
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface Shortfall {
  platform: Platform;
  category: Category;
  direction: Direction;
  strength: Strength;
  required: Strength;
  controls: string[];
  certain: boolean;
}

function listed(items: readonly string[], max = 3): string {
  const unique = [...new Set(items)];
  return unique.length <= max ? unique.join(', ') : `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}

function compare(controls: PlatformControls, baseline: Baseline) {
  const shortfalls: Shortfall[] = [];
  /** Gaps that leave a category undecided (no certain shortfall in it), with the categories they touch. */
  const undecided = new Map<string, Category[]>();
  const weakest: Record<string, Record<string, Strength | 'unknown' | null>> = {};
  for (const category of controls.expressible) {
    const gaps = controls.gaps.filter((gap) => gap.categories === undefined || gap.categories.includes(category));
    const row: Record<string, Strength | 'unknown' | null> = {};
    for (const direction of directionsOf(category)) {
      const required = requiredStrength(baseline, category, direction);
      const relevant = controls.observations.filter((entry) => entry.category === category && entry.direction === direction);
      const observed = relevant.length > 0 ? relevant.map((entry) => entry.strength).reduce(weaker) : null;
      row[direction] = gaps.length > 0 && (observed === null || strengthAtLeast(observed, required)) ? 'unknown' : observed;
      const below = relevant.filter((entry) => !strengthAtLeast(entry.strength, required));
      const certainBelow = below.filter((entry) => entry.certain);
      const counted = certainBelow.length > 0 ? certainBelow : below;
      if (counted.length > 0) {
        const strength = counted.map((entry) => entry.strength).reduce(weaker);
        shortfalls.push({
          platform: controls.platform,
          category,
          direction,
          strength,
          required,
          controls: counted.filter((entry) => entry.strength === strength).map((entry) => entry.control),
          certain: certainBelow.length > 0,
        });
      }
    }
    if (!shortfalls.some((entry) => entry.certain && entry.category === category)) {
      for (const gap of gaps) undecided.set(gap.what, [...(undecided.get(gap.what) ?? []), category]);
    }
    weakest[category] = row;
  }
  const gapTexts = [...undecided].map(([what, categories]) => {
    const all = categories.length === controls.expressible.size;
    return `${controls.platform} (${all ? 'every category' : categories.join(', ')}): ${what}`;
  });
  return { shortfalls, undecided: gapTexts, weakest };
}

/** "gcp input and output are low, below medium (floor setting of projects/p)" for one platform and category. */
function describeShortfalls(entries: readonly Shortfall[]): string {
  const [first, second] = entries;
  if (!first) return '';
  if (first.category === 'prompt-attack') return `${first.platform} is ${first.strength}, below ${first.required} (${listed(first.controls)})`;
  if (second && second.strength === first.strength && second.required === first.required) {
    return `${first.platform} input and output are ${first.strength}, below ${first.required} (${listed([...first.controls, ...second.controls])})`;
  }
  return entries.map((entry) => `${entry.platform} ${entry.direction} is ${entry.strength}, below ${entry.required} (${listed(entry.controls)})`).join('; ');
}

const notExpressibleNote = (platforms: readonly PlatformControls[]) => {
  const parts = platforms.flatMap(({ platform, expressible }) => {
    const missing = comparedCategories.filter((category) => !expressible.has(category));
    return missing.length > 0 ? [`${missing.join(' and ')} on ${platform}`] : [];
  });
  return parts.length > 0 ? ` Not expressible, so not counted: ${parts.join('; ')}.` : '';
};

export const SUBJECT_ID = 'multi/consistent-baseline';

function estateVerdict(
  inventory: Inventory,
  status: VerdictStatus,
  reason: string,
  message: string,
  details: Pick<Verdict, 'observed' | 'expected'> = {},
): Verdict[] {
  const provider = inventory.providers[0];
  if (!provider) return [];
  const scope: ScopeRef = { provider, type: 'organization', id: 'estate', name: 'all scanned platforms' };
  return [
    {
      status,
      reason,
      resource: { id: SUBJECT_ID, type: 'multi.estate', name: 'estate' },
      scope,
      region: null,
      message,
      ...details,
      source: { kind: 'api', api: 'multi/consistent-baseline (derived from the collected controls)' },
    },
  ];
}

export const rule: RuleModule = {
  meta: {
    id: 'multi/consistent-baseline',
    provider: 'multi',
    title: 'Every AI platform in use meets the same neutral baseline: no harm or prompt-attack category is weaker on one cloud',
    severity: 'medium',
    resourceTypes: ['aws.bedrock.guardrail', 'azure.rai-policy', 'azure.deployment', 'gcp.floor-setting', 'gcp.modelarmor-template', 'gcp.project'],
    criteria: ['L5.multi-cloud'],
    description:
      "One verdict for the whole scan. For each platform in use (AWS: Bedrock used in a region — a guardrail, agent, knowledge base, custom model, invocation logging or Bedrock metrics/throughput/profiles; Azure: an OpenAI or AI Services account, or any account with deployments; GCP: a project that uses Vertex AI) and each neutral category of the baseline (hate, insults, sexual, violence, misconduct, self-harm on input and output; prompt-attack on input), takes the weakest strength among the controls in force — AWS: every evaluated guardrail version's content filters (disabled or action NONE = off); Azure: every RAI policy in use (named by a deployment, Microsoft.DefaultV2 when none; Selfharm = self-harm, Jailbreak = prompt-attack; not enabled or not blocking = off); GCP: the effective floor setting and the Model Armor templates of each Vertex AI project (a floor setting with enforcement off or an INSPECT_ONLY template blocks nothing = off; a Vertex project with neither = off) — and compares it with the baseline. Fails naming each category and platform below the baseline; unknown when a control that could lower a category could not be read, or a shortfall is on a platform or project whose use could not be decided. Fewer than two platforms in use: not applicable.",
    remediation:
      "Raise the weaker platform's controls to the organisation baseline for the named category: Bedrock guardrail content filters (strength), Azure RAI policy severity thresholds (Medium = medium, Low = high), Model Armor floor settings and templates (MEDIUM_AND_ABOVE = medium, LOW_AND_ABOVE = high) — and make sure the control is enforced rather than detect-only.",
    references: ['Spec §6.4 and §7 L5.multi-cloud', 'OWASP LLM01:2025 Prompt Injection', 'OWASP LLM05:2025 Improper Output Handling'],
    differences:
      'Categories a platform cannot express at all are not counted against it, and the verdict says which: Bedrock has no self-harm filter, Azure content filters have no insults (harassment) or misconduct (dangerous) category, Model Armor has no violence or self-harm filter. PII is judged by the per-provider rules, not compared here. Model Armor and Azure settings are compared per direction with the same setting applying to prompts (input) and responses (output) for Model Armor.',
  },
  check(context) {
    const { inventory, baseline } = context;
    const platforms = context.providers.flatMap((platform): PlatformControls[] => {
      const facts = context.facts(platform);
      return facts?.neutralControls ? [{ platform, use: facts.usage, useNote: facts.usageNote, ...facts.neutralControls }] : [];
    });
    const inUse = platforms.filter((entry) => entry.use === 'used');
    const maybe = platforms.filter((entry) => entry.use === 'unknown');
    const expected = Object.fromEntries(
      comparedCategories.map((category) => [
        category,
        Object.fromEntries(directionsOf(category).map((direction) => [direction, requiredStrength(baseline, category, direction)])),
      ]),
    );
    if (inUse.length + maybe.length < 2) {
      const which = inUse.length === 1 ? `Only ${inUse[0]?.platform} is in use` : 'No AI platform is in use';
      return estateVerdict(
        inventory,
        'not_applicable',
        'fewer-than-two-platforms',
        `${which} (${platforms.map((entry) => `${entry.platform}: ${entry.useNote}`).join('; ')}): there is nothing to compare across platforms.`,
      );
    }
    const results = [...inUse, ...maybe].map((entry) => ({ entry, ...compare(entry, baseline) }));
    const observed = Object.fromEntries(results.map(({ entry, weakest }) => [entry.platform, weakest]));
    const certain = results.flatMap(({ shortfalls }) => shortfalls.filter((shortfall) => shortfall.certain));
    const uncertain = results.flatMap(({ shortfalls }) => shortfalls.filter((shortfall) => !shortfall.certain));
    const undecided = results.flatMap(({ undecided: gaps }) => gaps);
    const names = [...inUse, ...maybe].map((entry) => entry.platform);
    const note = notExpressibleNote([...inUse, ...maybe]);
    const byCategory = (shortfalls: readonly Shortfall[]) =>
      comparedCategories.flatMap((category) => {
        const parts = names
          .map((platform) => describeShortfalls(shortfalls.filter((entry) => entry.category === category && entry.platform === platform)))
          .filter(Boolean);
        return parts.length > 0 ? [`${category}: ${parts.join('; ')}`] : [];
      });
    const maybeNote =
      maybe.length > 0
        ? ` Whether ${maybe.map((entry) => entry.platform).join(' and ')} ${maybe.length > 1 ? 'are' : 'is'} in use could not be decided (${maybe.map((entry) => entry.useNote).join('; ')}).`
        : '';
    if (certain.length > 0 && inUse.length >= 2) {
      return estateVerdict(
        inventory,
        'fail',
        'platform-below-baseline',
        `Not every platform in use meets the baseline — ${byCategory(certain).join(' | ')}.${note}`,
        {
          observed,
          expected,
        },
      );
    }
    if (certain.length > 0 || uncertain.length > 0 || undecided.length > 0) {
      const parts = [...byCategory(certain), ...byCategory(uncertain).map((text) => `${text}, where use is undecided`), ...undecided];
      return estateVerdict(
        inventory,
        'unknown',
        undecided.length > 0 ? 'controls-unreadable' : commonReasons.usageUndecided,
        `Whether every platform in use meets the baseline could not be decided: ${parts.join(' | ')}.${maybeNote}${note}`,
        { observed, expected },
      );
    }
    return estateVerdict(
      inventory,
      'pass',
      'all-platforms-meet-baseline',
      `${names.join(', ')} all meet the neutral baseline in every category they can express (harm categories ≥ ${baseline.harmCategories.input} on input and ≥ ${baseline.harmCategories.output} on output, prompt attack ≥ ${baseline.promptAttack}).${note}`,
      { observed, expected },
    );
  },
};
