import type { HarmCategory, Strength } from '../../src/model/common.ts';
import type { GcpSafetySettings } from '../../src/model/gcp.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { nameOf, strengthAtLeast, weakest } from '../../src/model/common.ts';
import { vertexSafetyVocabulary } from '../../src/model/gcp.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { raiRequirement } from './projects.ts';

/** The harm categories Vertex AI safety settings must cover, with their neutral categories. */
const requiredCategories: ReadonlyArray<readonly [string, HarmCategory]> = Object.entries(vertexSafetyVocabulary.categories).filter(
  ([, category]) => category !== 'prompt-attack',
);

const thresholdFor = (strength: Strength) => nameOf(vertexSafetyVocabulary.thresholds, strength) ?? strength;
const isOff = (setting: GcpSafetySettings['settings'][number]) =>
  setting.strength === 'off' || setting.threshold === 'BLOCK_NONE' || setting.threshold === 'OFF';

export const rule: RuleModule = {
  meta: {
    id: 'gcp/vertex-safety-settings',
    provider: 'gcp',
    title: 'Persisted Vertex AI safety settings cover every harm category at the baseline strength and turn none off',
    severity: 'high',
    resourceTypes: ['gcp.vertex-safety-settings'],
    criteria: ['L3.coverage', 'L5.multi-cloud'],
    description:
      "Gemini safety settings travel with each request, so they are checked where they are persisted (Vertex AI request or config files under iac, and any persisted resource that carries them). Each set must name HARM_CATEGORY_HATE_SPEECH (hate), HARM_CATEGORY_HARASSMENT (insults), HARM_CATEGORY_SEXUALLY_EXPLICIT (sexual) and HARM_CATEGORY_DANGEROUS_CONTENT (misconduct) with a threshold at least as strict as the baseline harm-category strength (neutral scale BLOCK_ONLY_HIGH = low, BLOCK_MEDIUM_AND_ABOVE = medium, BLOCK_LOW_AND_ABOVE = high; a safety setting screens prompts and responses, so the stricter of the baseline's input and output strengths applies), and no setting — for any category — may be BLOCK_NONE or OFF. An omitted category leaves the model's default in place instead of a threshold the organisation chose, and fails.",
    remediation:
      'In every request or config that sets safetySettings, list the four harm categories with threshold BLOCK_MEDIUM_AND_ABOVE or BLOCK_LOW_AND_ABOVE (per the baseline), remove BLOCK_NONE/OFF entries, and prefer a Model Armor floor setting integrated with Vertex AI for enforcement that does not depend on each request.',
    references: [
      'https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/configure-safety-filters',
      'https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/SafetySetting',
      'OWASP LLM05:2025 Improper Output Handling',
    ],
  },
  check(context) {
    const required = raiRequirement(context.baseline);
    const expected = {
      ...Object.fromEntries(requiredCategories.map(([category]) => [category, `${thresholdFor(required)} or stricter`])),
      forbidden: ['BLOCK_NONE', 'OFF'],
    };
    return [
      ...context.resources('gcp.vertex-safety-settings').map((entry) => {
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the safety settings');
        const label = `Safety settings ${entry.name ?? entry.id}`;
        const observed = entry.settings.map((setting) => ({ category: setting.category, threshold: setting.threshold }));
        const problems: string[] = [];
        for (const [category, neutral] of requiredCategories) {
          const matching = entry.settings.filter((setting) => setting.category === category || setting.neutralCategory === neutral);
          if (matching.length === 0) {
            problems.push(`${category} is not set`);
            continue;
          }
          const strength = weakest(matching.map((setting) => (isOff(setting) ? 'off' : setting.strength)));
          if (strength !== 'off' && !strengthAtLeast(strength, required))
            problems.push(`${category} is ${thresholdFor(strength)}, weaker than ${thresholdFor(required)}`);
        }
        for (const setting of entry.settings.filter(isOff)) problems.push(`${setting.category} is ${setting.threshold} (filter off)`);
        if (problems.length > 0)
          return verdictOn(entry, 'fail', 'safety-settings-below-baseline', `${label} do not meet the baseline: ${problems.join('; ')}.`, {
            observed,
            expected,
          });
        return verdictOn(
          entry,
          'pass',
          'safety-settings-meet-baseline',
          `${label} block every harm category at ${thresholdFor(required)} or stricter and turn none off.`,
          {
            observed,
            expected,
          },
        );
      }),
      ...unreadableListings(context, 'gcp.vertex-safety-settings', 'Vertex AI safety settings'),
    ];
  },
};
