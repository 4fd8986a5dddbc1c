import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { LOCATION, gcpInventory, project, raiFilter, raiFilterTypes, strongFilters, template, unknownListingId } from './case-builders.ts';

const templateId = template().id;

export const cases: readonly RuleCase[] = [
  { name: 'no templates: no verdicts', inventory: gcpInventory({ resources: [project()] }), expect: [] },
  {
    name: 'a template with every filter at the baseline passes',
    inventory: gcpInventory({ resources: [project(), template()] }),
    expect: [{ resource: templateId, status: 'pass', reason: 'filters-meet-baseline' }],
  },
  {
    name: 'the captured attestor-strict-ingress template (DANGEROUS at LOW_AND_ABOVE, the others MEDIUM_AND_ABOVE) passes',
    inventory: gcpInventory({
      resources: [
        project(),
        template({ filters: strongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, type === 'DANGEROUS' ? 'high' : 'medium')) }) }),
      ],
    }),
    expect: [{ resource: templateId, status: 'pass', reason: 'filters-meet-baseline' }],
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
    expect: [{ resource: templateId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'HIGH confidence passes when the baseline asks only for low',
    inventory: gcpInventory({ resources: [project(), template({ filters: strongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, 'low')) }) })] }),
    baseline: { harmCategories: { input: 'low', output: 'low' } },
    expect: [{ resource: templateId, status: 'pass', reason: 'filters-meet-baseline' }],
  },
  {
    name: 'no prompt-injection filter fails',
    inventory: gcpInventory({ resources: [project(), template({ filters: strongFilters({ promptInjection: null }) })] }),
    expect: [{ resource: templateId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'an unreadable template is unknown',
    inventory: gcpInventory({ resources: [project(), template({ unreadable: 'PERMISSION_DENIED' })] }),
    expect: [{ resource: templateId, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a denied template listing in a location is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.modelarmor-template', region: LOCATION }] }),
    expect: [{ resource: unknownListingId('gcp.modelarmor-template', LOCATION), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a failed location list is unknown for the project',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.modelarmor-template', status: 'error' }] }),
    expect: [{ resource: unknownListingId('gcp.modelarmor-template'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
