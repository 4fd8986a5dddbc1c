import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { FOLDER, ORGANIZATION, PROJECT, auditConfig, gcpInventory, project, unknownListingId } from './case-builders.ts';

const projectId = project().id;

export const cases: readonly RuleCase[] = [
  {
    name: 'DATA_READ and DATA_WRITE on aiplatform.googleapis.com in the project passes',
    inventory: gcpInventory({ resources: [project(), auditConfig()] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'data-access-logs-on' }],
  },
  {
    name: 'allServices at the organisation passes (inherited)',
    inventory: gcpInventory({
      resources: [project(), auditConfig({ owner: ORGANIZATION, services: [{ service: 'allServices', logTypes: ['DATA_READ', 'DATA_WRITE'] }] })],
    }),
    expect: [{ resource: projectId, status: 'pass', reason: 'data-access-logs-on' }],
  },
  {
    name: 'DATA_READ on the folder and DATA_WRITE on the project add up',
    inventory: gcpInventory({
      resources: [
        project(),
        auditConfig({ owner: FOLDER, services: [{ service: 'aiplatform.googleapis.com', logTypes: ['DATA_READ'] }] }),
        auditConfig({ services: [{ service: 'aiplatform.googleapis.com', logTypes: ['DATA_WRITE'] }] }),
      ],
    }),
    expect: [{ resource: projectId, status: 'pass', reason: 'data-access-logs-on' }],
  },
  {
    name: 'no data-access logs anywhere fails (acceptance)',
    inventory: gcpInventory({ resources: [project()] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'data-access-logs-missing' }],
  },
  {
    name: 'only ADMIN_READ and DATA_READ fails naming DATA_WRITE',
    inventory: gcpInventory({
      resources: [project(), auditConfig({ services: [{ service: 'aiplatform.googleapis.com', logTypes: ['ADMIN_READ', 'DATA_READ'] }] })],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'data-access-logs-missing' }],
  },
  {
    name: 'logs for another service do not count',
    inventory: gcpInventory({
      resources: [project(), auditConfig({ services: [{ service: 'storage.googleapis.com', logTypes: ['DATA_READ', 'DATA_WRITE'] }] })],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'data-access-logs-missing' }],
  },
  {
    name: 'a project not using Vertex AI gets no verdict',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false })] }),
    expect: [],
  },
  {
    name: 'a denied organisation IAM policy read is unknown when the logs are not found elsewhere (acceptance: denied is unknown)',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.audit-config', owner: ORGANIZATION }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'audit-config-unreadable' }],
  },
  {
    name: 'a denied organisation read does not matter when the project already has both log types',
    inventory: gcpInventory({ resources: [project(), auditConfig()], failed: [{ type: 'gcp.audit-config', owner: ORGANIZATION }] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'data-access-logs-on' }],
  },
  {
    name: 'an unreadable ancestry is unknown when the project alone does not have the logs',
    inventory: gcpInventory({ resources: [project({ ancestors: undefined })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'audit-config-unreadable' }],
  },
  {
    name: 'a project that could not be read is unknown',
    inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
    expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
