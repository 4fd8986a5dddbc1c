import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { assessModelArmorFilters, expectedModelArmorFilters, filtersSummary, observedModelArmorFilters } from './projects.ts';

export const rule: RuleModule = {
  meta: {
    id: 'gcp/template-filters',
    provider: 'gcp',
    title: 'Every Model Armor template meets the baseline: four RAI filters, prompt-injection/jailbreak and malicious-URI detection',
    severity: 'medium',
    resourceTypes: ['gcp.modelarmor-template'],
    criteria: ['L2.controls', 'L3.coverage'],
    description:
      'Checks the filter configuration of every Model Armor template in every scanned location: the RAI filters HATE_SPEECH, HARASSMENT, SEXUALLY_EXPLICIT and DANGEROUS each present at a confidence level at least as strict as the baseline harm-category strength (the stricter of input and output, since a template may screen prompts or responses; neutral scale HIGH = low, MEDIUM_AND_ABOVE = medium, LOW_AND_ABOVE = high), prompt-injection and jailbreak detection enabled at the baseline prompt-attack strength, and malicious-URI detection enabled. A filter the API does not return is not configured.',
    remediation:
      'Update the template (gcloud model-armor templates update TEMPLATE --location=LOCATION --rai-settings-filters=filterType=HATE_SPEECH,confidenceLevel=MEDIUM_AND_ABOVE … for HARASSMENT, SEXUALLY_EXPLICIT and DANGEROUS, --pi-and-jailbreak-filter-settings-enforcement=ENABLED --pi-and-jailbreak-filter-settings-confidence-level=LOW_AND_ABOVE, --malicious-uri-filter-settings-enforcement=ENABLED), or the google_model_armor_template filter_config block; an enforced floor setting keeps new templates from going below it.',
    references: [
      'https://docs.cloud.google.com/model-armor/manage-templates',
      'https://docs.cloud.google.com/model-armor/reference/rest/v1/projects.locations.templates',
      'OWASP LLM01:2025 Prompt Injection',
    ],
  },
  check(context) {
    const expected = expectedModelArmorFilters(context.baseline);
    const summary = filtersSummary(context.baseline);
    return [
      ...context.resources('gcp.modelarmor-template').map((entry) => {
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the filter configuration');
        const label = `Model Armor template ${entry.name ?? entry.id}${entry.region ? ` in ${entry.region}` : ''}`;
        const observed = observedModelArmorFilters(entry.filters);
        const problems = assessModelArmorFilters(entry.filters, context.baseline);
        if (problems.length > 0)
          return verdictOn(entry, 'fail', 'filters-below-baseline', `${label} does not meet the baseline: ${problems.join('; ')}.`, { observed, expected });
        return verdictOn(entry, 'pass', 'filters-meet-baseline', `${label} applies ${summary}.`, { observed, expected });
      }),
      ...unreadableListings(context, 'gcp.modelarmor-template', 'Model Armor templates'),
    ];
  },
};
