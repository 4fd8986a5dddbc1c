import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { PROJECT, alertPolicy, gcpInventory, project, scopeOf, unknownListingId } from './case-builders.ts';

const projectId = project().id;

export const cases: readonly RuleCase[] = [
  {
    name: 'an enabled log-match policy on SanitizeOperationLogEntry with a channel passes',
    inventory: gcpInventory({ resources: [project(), alertPolicy()] }),
    expect: [{ resource: projectId, status: 'pass', reason: 'model-armor-alerted' }],
  },
  {
    name: 'a policy on a log-based metric named after Model Armor passes',
    inventory: gcpInventory({
      resources: [project(), alertPolicy({ conditions: ['metric.type="logging.googleapis.com/user/model_armor_blocked" AND resource.type="global"'] })],
    }),
    expect: [{ resource: projectId, status: 'pass', reason: 'model-armor-alerted' }],
  },
  {
    name: 'a PromQL condition on a Model Armor log-based metric passes',
    inventory: gcpInventory({
      resources: [project(), alertPolicy({ conditions: ['sum(rate(logging_googleapis_com:user_modelarmor_match_found[5m])) > 0'] })],
    }),
    expect: [{ resource: projectId, status: 'pass', reason: 'model-armor-alerted' }],
  },
  {
    name: 'a policy in a metrics-scoping project that names the project passes',
    inventory: gcpInventory({
      resources: [
        project(),
        project({ projectId: 'monitoring-hub', id: 'projects/monitoring-hub', name: 'monitoring-hub', vertexApiEnabled: false }),
        alertPolicy({
          scope: scopeOf('monitoring-hub'),
          conditions: ['resource.type="modelarmor.googleapis.com/Template" AND resource.labels.project_id="ai-prod-123"'],
        }),
      ],
    }),
    expect: [{ resource: projectId, status: 'pass', reason: 'model-armor-alerted' }],
  },
  {
    name: 'a policy elsewhere naming a different project with a longer id does not count',
    inventory: gcpInventory({
      resources: [
        project(),
        project({ projectId: 'monitoring-hub', id: 'projects/monitoring-hub', name: 'monitoring-hub', vertexApiEnabled: false }),
        alertPolicy({
          scope: scopeOf('monitoring-hub'),
          conditions: ['resource.type="modelarmor.googleapis.com/Template" AND resource.labels.project_id="ai-prod-1234"'],
        }),
      ],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'no-model-armor-alert' }],
  },
  {
    name: 'no alert policy on Model Armor fails',
    inventory: gcpInventory({
      resources: [project(), alertPolicy({ conditions: ['metric.type="aiplatform.googleapis.com/prediction/online/error_count"'] })],
    }),
    expect: [{ resource: projectId, status: 'fail', reason: 'no-model-armor-alert' }],
  },
  {
    name: 'a disabled policy without channels fails and says why',
    inventory: gcpInventory({ resources: [project(), alertPolicy({ enabled: false, notificationChannelCount: 0 })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'alert-ineffective' }],
  },
  {
    name: 'a log-based metric with an unrelated name is not recognised',
    inventory: gcpInventory({ resources: [project(), alertPolicy({ conditions: ['metric.type="logging.googleapis.com/user/blocked_prompts"'] })] }),
    expect: [{ resource: projectId, status: 'fail', reason: 'no-model-armor-alert' }],
  },
  {
    name: 'a project not using Vertex AI gets no verdict',
    inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false })] }),
    expect: [],
  },
  {
    name: 'denied alert-policy listing is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.alert-policy', owner: PROJECT }] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'alert-policies-unreadable' }],
  },
  {
    name: 'an unreadable alert policy is unknown when nothing else qualifies',
    inventory: gcpInventory({ resources: [project(), alertPolicy({ conditions: [], unreadable: 'PERMISSION_DENIED' })] }),
    expect: [{ resource: projectId, status: 'unknown', reason: 'alert-policies-unreadable' }],
  },
  {
    name: 'a project that could not be read is unknown',
    inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
    expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
