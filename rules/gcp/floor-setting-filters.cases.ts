import type { RuleCase } from '../../tests/rules/rule-case.ts';
import {
  FOLDER,
  ORGANIZATION,
  PROJECT,
  floorSetting,
  gcpInventory,
  project,
  raiFilter,
  raiFilterTypes,
  strongFilters,
  unknownListingId,
} from './case-builders.ts';

const projectId = project().id;

export const cases: readonly RuleCase[] = [
  {
    name: 'a strong project floor setting passes',
    inventory: gcpInventory({ resources: [project(), floorSetting()] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'filters-meet-baseline' }],
  },
  {
    name: 'a strong folder floor setting covers a project without its own',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), floorSetting({ owner: FOLDER })] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'filters-meet-baseline' }],
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
    expect: [{ resource: projectId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'the captured attestor floor setting (no RAI filters) fails',
    inventory: gcpInventory({ resources: [project(), floorSetting({ filters: strongFilters({ rai: [] }) })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'a RAI filter at HIGH confidence (neutral low) fails against the medium baseline',
    inventory: gcpInventory({
      resources: [
        project(),
        floorSetting({ filters: strongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, type === 'DANGEROUS' ? 'low' : 'medium')) }) }),
      ],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'the stricter of the input and output baselines applies (output high)',
    inventory: gcpInventory({ resources: [project(), floorSetting()] }),
    baseline: { harmCategories: { input: 'medium', output: 'high' } },
    expect: [{ resource: projectId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'prompt injection at MEDIUM_AND_ABOVE passes when the baseline asks for medium',
    inventory: gcpInventory({ resources: [project(), floorSetting({ filters: strongFilters({ promptInjection: { enabled: true, strength: 'medium' } }) })] }),
    baseline: { promptAttack: 'medium' },
    expect: [{ resource: projectId, status: 'pass', reason: 'filters-meet-baseline' }],
  },
  {
    name: 'disabled prompt injection and no malicious-URI filter fail',
    inventory: gcpInventory({
      resources: [project(), floorSetting({ filters: strongFilters({ promptInjection: { enabled: false, strength: 'high' }, maliciousUri: null }) })],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'the nearest floor setting applies as a whole: a weak project floor is not strengthened by a strong organisation floor',
    inventory: gcpInventory({
      resources: [project(), floorSetting({ filters: strongFilters({ maliciousUri: false }) }), floorSetting({ owner: ORGANIZATION })],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'filters-below-baseline' }],
  },
  {
    name: 'no floor setting anywhere fails',
    inventory: gcpInventory({ resources: [project()] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'no-floor-setting' }],
  },
  {
    name: 'a denied project floor-setting read is unknown',
    inventory: gcpInventory({ resources: [project(), floorSetting({ owner: ORGANIZATION })], failed: [{ type: 'gcp.floor-setting', owner: PROJECT }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'a project that could not be read is unknown',
    inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT, status: 'error' }] }),
    expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
