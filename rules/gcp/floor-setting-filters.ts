import type { RuleModule } from '../../src/engine/rule.ts';
import {
  FOLDER,
  ORGANIZATION,
  floorSetting,
  gcpInventory,
  project,
  raiFilter,
  raiFilterTypes,
  strongFilters,
  unknownListingId,
  PROJECT,
} from './case-builders.ts';
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

const projectId = project().id;

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
    return checkProjects(context, (entry) => {
      const label = projectLabel(entry);
      const resolution = effectiveFloorSetting(context, entry);
      if (resolution.status === 'unknown')
        return {
          status: 'unknown',
          message: `The floor setting in effect for ${label.toLowerCase()} could not be determined: ${resolution.reason}.`,
          expected,
        };
      if (resolution.status === 'none') {
        return {
          status: 'fail',
          message: `No Model Armor floor setting covers ${label.toLowerCase()} (none on ${resolution.checked.join(', ')}), so no filter minimum applies.`,
          observed: null,
          expected,
        };
      }
      const { floor } = resolution;
      const observed = { floorSetting: floor.id, level: floor.level, ...observedModelArmorFilters(floor.filters) };
      const problems = assessModelArmorFilters(floor.filters, context.baseline);
      if (problems.length > 0)
        return { status: 'fail', message: `${label}: ${floorLabel(floor)} does not meet the baseline: ${problems.join('; ')}.`, observed, expected };
      return { status: 'pass', message: `${label}: ${floorLabel(floor)} requires ${filtersSummary(context.baseline)}.`, observed, expected };
    });
  },
  cases: [
    {
      name: 'a strong project floor setting passes',
      inventory: gcpInventory({ resources: [project(), floorSetting()] }),
      expect: [
        {
          resource: projectId,
          status: 'pass',
          message: /requires RAI filters HATE_SPEECH, HARASSMENT, SEXUALLY_EXPLICIT, DANGEROUS at MEDIUM_AND_ABOVE or stricter/,
        },
      ],
    },
    {
      name: 'a strong folder floor setting covers a project without its own',
      inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), floorSetting({ owner: FOLDER })] }),
      expect: [{ resource: projectId, status: 'pass', message: /folder-level floor setting of folders\/111/ }],
    },
    {
      name: 'the captured floor setting (two RAI filters, prompt injection at MEDIUM_AND_ABOVE) fails',
      inventory: gcpInventory({
        resources: [
          project(),
          floorSetting({
            filters: strongFilters({
              rai: [raiFilter('SEXUALLY_EXPLICIT', 'medium'), raiFilter('HATE_SPEECH', 'medium')],
              promptInjection: { enabled: true, strength: 'medium' },
            }),
          }),
        ],
      }),
      expect: [
        {
          resource: projectId,
          status: 'fail',
          message:
            /HARASSMENT filter is not configured; DANGEROUS filter is not configured; prompt-injection and jailbreak confidence level is MEDIUM_AND_ABOVE, weaker than LOW_AND_ABOVE/,
        },
      ],
    },
    {
      name: 'the captured attestor floor setting (no RAI filters) fails',
      inventory: gcpInventory({ resources: [project(), floorSetting({ filters: strongFilters({ rai: [] }) })] }),
      expect: [{ resource: projectId, status: 'fail', message: /HATE_SPEECH filter is not configured/ }],
    },
    {
      name: 'a RAI filter at HIGH confidence (neutral low) fails against the medium baseline',
      inventory: gcpInventory({
        resources: [
          project(),
          floorSetting({ filters: strongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, type === 'DANGEROUS' ? 'low' : 'medium')) }) }),
        ],
      }),
      expect: [{ resource: projectId, status: 'fail', message: /DANGEROUS confidence level is HIGH, weaker than MEDIUM_AND_ABOVE/ }],
    },
    {
      name: 'the stricter of the input and output baselines applies (output high)',
      inventory: gcpInventory({ resources: [project(), floorSetting()] }),
      baseline: { harmCategories: { input: 'medium', output: 'high' } },
      expect: [{ resource: projectId, status: 'fail', message: /weaker than LOW_AND_ABOVE/ }],
    },
    {
      name: 'prompt injection at MEDIUM_AND_ABOVE passes when the baseline asks for medium',
      inventory: gcpInventory({ resources: [project(), floorSetting({ filters: strongFilters({ promptInjection: { enabled: true, strength: 'medium' } }) })] }),
      baseline: { promptAttack: 'medium' },
      expect: [{ resource: projectId, status: 'pass' }],
    },
    {
      name: 'disabled prompt injection and no malicious-URI filter fail',
      inventory: gcpInventory({
        resources: [project(), floorSetting({ filters: strongFilters({ promptInjection: { enabled: false, strength: 'high' }, maliciousUri: null }) })],
      }),
      expect: [
        { resource: projectId, status: 'fail', message: /prompt-injection and jailbreak detection is disabled; malicious-URI detection is not configured/ },
      ],
    },
    {
      name: 'the nearest floor setting applies as a whole: a weak project floor is not strengthened by a strong organisation floor',
      inventory: gcpInventory({
        resources: [project(), floorSetting({ filters: strongFilters({ maliciousUri: false }) }), floorSetting({ owner: ORGANIZATION })],
      }),
      expect: [{ resource: projectId, status: 'fail', message: /malicious-URI detection is disabled/ }],
    },
    {
      name: 'no floor setting anywhere fails',
      inventory: gcpInventory({ resources: [project()] }),
      expect: [{ resource: projectId, status: 'fail', message: /No Model Armor floor setting covers/ }],
    },
    {
      name: 'a denied project floor-setting read is unknown',
      inventory: gcpInventory({ resources: [project(), floorSetting({ owner: ORGANIZATION })], failed: [{ type: 'gcp.floor-setting', owner: PROJECT }] }),
      expect: [{ resource: projectId, status: 'unknown', message: /projects\/ai-prod-123 could not be read \(denied\)/ }],
    },
    {
      name: 'a project that could not be read is unknown',
      inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT, status: 'error' }] }),
      expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown' }],
    },
  ],
};
