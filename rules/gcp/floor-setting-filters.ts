import type { RuleModule } from '../../src/engine/rule.ts';
import {
  assessModelArmorFilters,
  checkProjects,
  effectiveFloorSetting,
  expectedModelArmorFilters,
  filtersSummary,
  floorLabel,
  observedModelArmorFilters,
  projectLabel,
} from './projects.ts';

export const rule: RuleModule = {
  meta: {
    id: 'gcp/floor-setting-filters',
    provider: 'gcp',
    title:
      'The Model Armor floor setting in effect for every project meets the baseline: four RAI filters, prompt-injection/jailbreak and malicious-URI detection',
    severity: 'high',
    resourceTypes: ['gcp.floor-setting', 'gcp.project'],
    criteria: ['L2.controls', 'L3.coverage', 'L5.multi-cloud'],
    presenceOf: ['gcp.floor-setting'],
    description:
      "For every scanned project, resolves the Model Armor floor setting in effect (the nearest in the hierarchy: project, else nearest folder, else organisation; settings are not merged) and checks its filter configuration: the RAI filters HATE_SPEECH (hate), HARASSMENT (insults), SEXUALLY_EXPLICIT (sexual) and DANGEROUS (misconduct) each present at a confidence level at least as strict as the baseline harm-category strength (neutral scale HIGH = low, MEDIUM_AND_ABOVE = medium, LOW_AND_ABOVE = high; one configuration screens prompts and responses, so the stricter of the baseline's input and output strengths applies), prompt-injection and jailbreak detection enabled at the baseline prompt-attack strength (default high, i.e. LOW_AND_ABOVE), and malicious-URI detection enabled. A filter the API does not return is not configured. Model Armor has no violence or self-harm filter, so those categories are not required here.",
    remediation:
      'Update the floor setting in effect (gcloud model-armor floorsettings update --full-uri=<organizations|folders|projects>/ID/locations/global/floorSetting --rai-settings-filters=filterType=HATE_SPEECH,confidenceLevel=MEDIUM_AND_ABOVE … for HARASSMENT, SEXUALLY_EXPLICIT and DANGEROUS, --pi-and-jailbreak-filter-settings-enforcement=ENABLED --pi-and-jailbreak-filter-settings-confidence-level=LOW_AND_ABOVE, --malicious-uri-filter-settings-enforcement=ENABLED), or the google_model_armor_floorsetting filter_config block.',
    references: [
      'https://cloud.google.com/security-command-center/docs/model_armor_floor_settings',
      'https://docs.cloud.google.com/model-armor/reference/rest/v1/FloorSetting',
      'https://docs.cloud.google.com/model-armor/overview',
      'OWASP LLM01:2025 Prompt Injection',
    ],
    differences:
      'No anchor tool checks Model Armor floor settings; the baseline is the same neutral one used for Bedrock guardrails and Azure content filters.',
  },
  check(context) {
    const expected = expectedModelArmorFilters(context.baseline);
    const summary = filtersSummary(context.baseline);
    return checkProjects(context, (entry) => {
      const label = projectLabel(entry);
      const resolution = effectiveFloorSetting(context, entry);
      if (resolution.status === 'unknown')
        return {
          status: 'unknown',
          reason: 'floor-setting-undetermined',
          message: `The floor setting in effect for ${label.toLowerCase()} could not be determined: ${resolution.reason}.`,
          expected,
        };
      if (resolution.status === 'none') {
        return {
          status: 'fail',
          reason: 'no-floor-setting',
          message: `No Model Armor floor setting covers ${label.toLowerCase()} (none on ${resolution.checked.join(', ')}), so no filter minimum applies.`,
          observed: null,
          expected,
        };
      }
      const { floor } = resolution;
      const observed = { floorSetting: floor.id, level: floor.level, ...observedModelArmorFilters(floor.filters) };
      const problems = assessModelArmorFilters(floor.filters, context.baseline);
      if (problems.length > 0)
        return {
          status: 'fail',
          reason: 'filters-below-baseline',
          message: `${label}: ${floorLabel(floor)} does not meet the baseline: ${problems.join('; ')}.`,
          observed,
          expected,
        };
      return {
        status: 'pass',
        reason: 'filters-meet-baseline',
        message: `${label}: ${floorLabel(floor)} requires ${summary}.`,
        observed,
        expected,
      };
    });
  },
};
