import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { LOCATION, gcpInventory, project, raiFilter, raiFilterTypes, strongFilters, template, unknownListingId } from './case-builders.ts';
import { assessModelArmorFilters, expectedModelArmorFilters, filtersSummary, observedModelArmorFilters } from './projects.ts';

const templateId = template().id;

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
    return [
      ...context.resources('gcp.modelarmor-template').map((entry) => {
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the filter configuration');
        const label = `Model Armor template ${entry.name ?? entry.id}${entry.region ? ` in ${entry.region}` : ''}`;
        const observed = observedModelArmorFilters(entry.filters);
        const problems = assessModelArmorFilters(entry.filters, context.baseline);
        if (problems.length > 0) return verdictOn(entry, 'fail', `${label} does not meet the baseline: ${problems.join('; ')}.`, { observed, expected });
        return verdictOn(entry, 'pass', `${label} applies ${filtersSummary(context.baseline)}.`, { observed, expected });
      }),
      ...unreadableListings(context, 'gcp.modelarmor-template', 'Model Armor templates'),
    ];
  },
  cases: [
    { name: 'no templates: no verdicts', inventory: gcpInventory({ resources: [project()] }), expect: [] },
    {
      name: 'a template with every filter at the baseline passes',
      inventory: gcpInventory({ resources: [project(), template()] }),
      expect: [{ resource: templateId, status: 'pass' }],
    },
    {
      name: 'the captured attestor-strict-ingress template (DANGEROUS at LOW_AND_ABOVE, the others MEDIUM_AND_ABOVE) passes',
      inventory: gcpInventory({
        resources: [
          project(),
          template({ filters: strongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, type === 'DANGEROUS' ? 'high' : 'medium')) }) }),
        ],
      }),
      expect: [{ resource: templateId, status: 'pass' }],
    },
    {
      name: 'the captured inspect-only template (two RAI filters, prompt injection MEDIUM_AND_ABOVE) fails',
      inventory: gcpInventory({
        resources: [
          project(),
          template({
            filters: strongFilters({
              rai: [raiFilter('SEXUALLY_EXPLICIT', 'medium'), raiFilter('HATE_SPEECH', 'medium')],
              promptInjection: { enabled: true, strength: 'medium' },
              sensitiveData: null,
            }),
          }),
        ],
      }),
      expect: [
        {
          resource: templateId,
          status: 'fail',
          message:
            /HARASSMENT filter is not configured; DANGEROUS filter is not configured; prompt-injection and jailbreak confidence level is MEDIUM_AND_ABOVE/,
        },
      ],
    },
    {
      name: 'HIGH confidence passes when the baseline asks only for low',
      inventory: gcpInventory({ resources: [project(), template({ filters: strongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, 'low')) }) })] }),
      baseline: { harmCategories: { input: 'low', output: 'low' } },
      expect: [{ resource: templateId, status: 'pass' }],
    },
    {
      name: 'no prompt-injection filter fails',
      inventory: gcpInventory({ resources: [project(), template({ filters: strongFilters({ promptInjection: null }) })] }),
      expect: [{ resource: templateId, status: 'fail', message: /prompt-injection and jailbreak detection is not configured/ }],
    },
    {
      name: 'an unreadable template is unknown',
      inventory: gcpInventory({ resources: [project(), template({ unreadable: 'PERMISSION_DENIED' })] }),
      expect: [{ resource: templateId, status: 'unknown', message: /PERMISSION_DENIED/ }],
    },
    {
      name: 'a denied template listing in a location is unknown',
      inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.modelarmor-template', region: LOCATION }] }),
      expect: [{ resource: unknownListingId('gcp.modelarmor-template', LOCATION), status: 'unknown' }],
    },
    {
      name: 'a failed location list is unknown for the project',
      inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.modelarmor-template', status: 'error' }] }),
      expect: [{ resource: unknownListingId('gcp.modelarmor-template'), status: 'unknown', message: /Could not list Model Armor templates \(error/ }],
    },
  ],
};
