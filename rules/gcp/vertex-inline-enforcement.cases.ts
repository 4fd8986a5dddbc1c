import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ORGANIZATION, PROJECT, endpoint, floorSetting, gcpInventory, project, unknownListingId } from './case-builders.ts';

const projectId = project().id;

export const cases: readonly RuleCase[] = [
  {
    name: 'in an IaC file, a floor setting integrating Vertex AI in inspect-only mode fails on its own',
    inventory: gcpInventory({
      resources: [
        floorSetting({
          id: 'google_model_armor_floorsetting.weak',
          aiPlatformMode: 'inspectOnly',
          source: { kind: 'file', file: 'plan.json', address: 'google_model_armor_floorsetting.weak' },
        }),
        floorSetting({
          id: 'google_model_armor_floorsetting.strong',
          source: { kind: 'file', file: 'plan.json', address: 'google_model_armor_floorsetting.strong' },
        }),
      ],
    }),
    expect: [
      { resource: 'google_model_armor_floorsetting.weak', status: 'fail', reason: 'inspect-only' },
      { resource: 'google_model_armor_floorsetting.strong', status: 'pass', reason: 'inspect-and-block-enforced' },
    ],
  },
  {
    name: 'inspect-and-block on the project floor setting passes',
    inventory: gcpInventory({ resources: [project(), floorSetting()] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'inspect-and-block-enforced' }],
  },
  {
    name: 'a project that does not use Vertex AI gets no verdict',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false })] }),
    expect: [],
  },
  {
    name: 'inspect-only mode fails (acceptance)',
    inventory: gcpInventory({ resources: [project(), floorSetting({ aiPlatformMode: 'inspectOnly' })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'inspect-only' }],
  },
  {
    name: 'a floor setting without the Vertex AI integration fails',
    inventory: gcpInventory({ resources: [project(), floorSetting({ integratedServices: [], aiPlatformMode: null, aiPlatformCloudLogging: null })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'vertex-not-integrated' }],
  },
  {
    name: 'an organisation floor setting without the integration fails and says it belongs on the project',
    inventory: gcpInventory({ resources: [project(), floorSetting({ owner: ORGANIZATION, integratedServices: [], aiPlatformMode: null })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'vertex-not-integrated' }],
  },
  {
    name: 'inspect-and-block with floor enforcement off fails',
    inventory: gcpInventory({ resources: [project(), floorSetting({ enforcementEnabled: false })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'floor-not-enforced' }],
  },
  {
    name: 'no floor setting fails for a project using Vertex through an endpoint only',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), endpoint()] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'no-floor-setting' }],
  },
  {
    name: 'no floor setting with Vertex use undecidable is unknown',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: undefined })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'usage-undecided' }],
  },
  {
    name: 'a passing floor setting passes even when Vertex use is undecidable',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: undefined }), floorSetting()] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'inspect-and-block-enforced' }],
  },
  {
    name: 'AI_PLATFORM without an enforcement mode is unknown',
    inventory: gcpInventory({ resources: [project(), floorSetting({ aiPlatformMode: null })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'vertex-mode-unreported' }],
  },
  {
    name: 'a denied floor-setting read is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.floor-setting', owner: PROJECT }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'a project that could not be read is unknown',
    inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
    expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
