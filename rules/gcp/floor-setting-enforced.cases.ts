import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { FOLDER, ORGANIZATION, PROJECT, floorSetting, gcpInventory, iacScope, project, raiFilter, strongFilters, unknownListingId } from './case-builders.ts';

const projectId = project().id;

/** A floor setting declared in a Terraform file (no project resources in IaC). */
const fileFloor = (address: string, enforcementEnabled: boolean | null, unreadable?: string) =>
  floorSetting({
    id: address,
    scope: { ...iacScope, id: 'main.tf' },
    source: { kind: 'file', file: 'main.tf', line: 3, address },
    enforcementEnabled,
    ...(unreadable !== undefined ? { unreadable } : {}),
  });

export const cases: readonly RuleCase[] = [
  { name: 'no projects: no verdicts', inventory: gcpInventory(), expect: [] },
  {
    name: "the project's own enforced floor setting passes",
    inventory: gcpInventory({ resources: [project(), floorSetting()] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'floor-enforced' }],
  },
  {
    name: 'an enforced organisation floor setting covers a project without its own (and one that does not use Vertex)',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), floorSetting({ owner: ORGANIZATION })] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'floor-enforced' }],
  },
  {
    name: 'enableFloorSettingEnforcement false fails (acceptance; the captured not-enforced floor setting)',
    inventory: gcpInventory({
      resources: [
        project(),
        floorSetting({
          enforcementEnabled: false,
          filters: strongFilters({
            rai: [raiFilter('SEXUALLY_EXPLICIT', 'medium'), raiFilter('HATE_SPEECH', 'medium')],
            promptInjection: { enabled: true, strength: 'medium' },
            sensitiveData: null,
          }),
          integratedServices: ['AI_PLATFORM'],
          aiPlatformMode: 'inspectOnly',
        }),
      ],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'floor-not-enforced' }],
  },
  {
    name: 'a project floor setting with enforcement off takes precedence over an enforced organisation one',
    inventory: gcpInventory({ resources: [project(), floorSetting({ enforcementEnabled: false }), floorSetting({ owner: ORGANIZATION })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'floor-not-enforced' }],
  },
  {
    name: 'no floor setting anywhere fails',
    inventory: gcpInventory({ resources: [project()] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'no-floor-setting' }],
  },
  {
    name: 'enforcement not reported is unknown',
    inventory: gcpInventory({ resources: [project(), floorSetting({ owner: FOLDER, enforcementEnabled: null })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'enforcement-unreported' }],
  },
  {
    name: 'a denied folder floor-setting read is unknown when the project has none (acceptance: denied is unknown)',
    inventory: gcpInventory({ resources: [project(), floorSetting({ owner: ORGANIZATION })], failed: [{ type: 'gcp.floor-setting', owner: FOLDER }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'a denied folder read does not matter when the project has its own floor setting',
    inventory: gcpInventory({ resources: [project(), floorSetting()], failed: [{ type: 'gcp.floor-setting', owner: FOLDER }] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'floor-enforced' }],
  },
  {
    name: 'an unreadable ancestry with no project floor setting is unknown',
    inventory: gcpInventory({ resources: [project({ ancestors: undefined })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'an organisation floor setting never read is unknown',
    inventory: gcpInventory({ resources: [project()], skipped: [{ type: 'gcp.floor-setting', owner: ORGANIZATION }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'an unreadable floor setting is unknown',
    inventory: gcpInventory({ resources: [project(), floorSetting({ unreadable: 'INTERNAL' })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: "a floor setting that sets nothing (never configured) does not take precedence over the organisation's",
    inventory: gcpInventory({
      resources: [
        project(),
        floorSetting({
          enforcementEnabled: null,
          filters: { rai: [], promptInjection: null, maliciousUri: null, sensitiveData: null },
          integratedServices: [],
          aiPlatformMode: null,
          aiPlatformCloudLogging: null,
        }),
        floorSetting({ owner: ORGANIZATION }),
      ],
    }),
    expect: [{ resource: projectId, status: 'pass', reason: 'floor-enforced' }],
  },
  {
    name: 'a project whose details could not be read is judged once, on what was read (ancestry unknown)',
    inventory: gcpInventory({
      resources: [project({ unreadable: 'the project could not be read', ancestors: undefined, projectNumber: null }), floorSetting({ owner: ORGANIZATION })],
      failed: [{ type: 'gcp.project', owner: PROJECT }],
    }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'in IaC, a floor setting with enable_floor_setting_enforcement false fails on itself; true passes; not set or unreadable is unknown',
    inventory: gcpInventory({
      resources: [
        fileFloor('google_model_armor_floorsetting.off', false),
        fileFloor('google_model_armor_floorsetting.on', true),
        fileFloor('google_model_armor_floorsetting.unset', null),
        fileFloor('google_model_armor_floorsetting.later', null, 'not known before apply: parent'),
      ],
    }),
    expect: [
      { resource: 'google_model_armor_floorsetting.off', status: 'fail', reason: 'floor-not-enforced' },
      { resource: 'google_model_armor_floorsetting.on', status: 'pass', reason: 'floor-enforced' },
      { resource: 'google_model_armor_floorsetting.unset', status: 'unknown', reason: 'enforcement-unreported' },
      { resource: 'google_model_armor_floorsetting.later', status: 'unknown', reason: 'resource-unreadable' },
    ],
  },
  {
    name: 'a project that could not be read is unknown',
    inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
    expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
