import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { LOCATION, PROJECT, floorSetting, gcpInventory, project, template, unknownListingId } from './case-builders.ts';

const projectId = project().id;
const templateId = template().id;

export const cases: readonly RuleCase[] = [
  {
    name: 'Cloud Logging on the Vertex integration and a logging template pass',
    inventory: gcpInventory({ resources: [project(), floorSetting(), template()] }),
    expect: [
      { resource: projectId, status: 'pass', reason: 'vertex-logging-on' },
      { resource: templateId, status: 'pass', reason: 'sanitize-logging-on' },
    ],
  },
  {
    name: 'Cloud Logging off on the Vertex integration fails',
    inventory: gcpInventory({ resources: [project(), floorSetting({ aiPlatformCloudLogging: false })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'vertex-logging-off' }],
  },
  {
    name: 'an inspect-only integration must log too',
    inventory: gcpInventory({ resources: [project(), floorSetting({ aiPlatformMode: 'inspectOnly', aiPlatformCloudLogging: null })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'vertex-logging-off' }],
  },
  {
    name: 'the captured template without logSanitizeOperations fails',
    inventory: gcpInventory({
      resources: [
        project({ vertexApiEnabled: false }),
        template({ enforcementType: 'INSPECT_ONLY', logSanitizeOperations: null, logTemplateOperations: null }),
      ],
    }),
    expect: [{ resource: templateId, status: 'fail', reason: 'sanitize-logging-off' }],
  },
  {
    name: 'no Vertex integration on the floor: no project verdict (reported by gcp/vertex-inline-enforcement)',
    inventory: gcpInventory({ resources: [project(), floorSetting({ integratedServices: [], aiPlatformMode: null, aiPlatformCloudLogging: null })] }),
    expect: [],
  },
  {
    name: 'a project not using Vertex AI gets no project verdict',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), floorSetting({ aiPlatformCloudLogging: false })] }),
    expect: [],
  },
  {
    name: 'a denied floor-setting read is unknown for a Vertex project',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.floor-setting', owner: PROJECT }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'floor-setting-undetermined' }],
  },
  {
    name: 'an unreadable template is unknown',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), template({ unreadable: 'PERMISSION_DENIED' })] }),
    expect: [{ resource: templateId, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'templates that could not be listed in a location are unknown',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false })], failed: [{ type: 'gcp.modelarmor-template', region: LOCATION }] }),
    expect: [{ resource: unknownListingId('gcp.modelarmor-template', LOCATION), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
