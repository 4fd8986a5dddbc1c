import type { GcpAlertPolicy, GcpProject } from '../../src/model/gcp.ts';
import type { RuleContext, RuleModule } from '../../src/engine/rule.ts';
import { PROJECT, alertPolicy, gcpInventory, project, unknownListingId, scopeOf } from './case-builders.ts';
import { checkVertexProjects, ownerListing, projectLabel, projectOwner } from './projects.ts';

/**
 * Heuristics for "this condition watches Model Armor results", matched against each condition's
 * filter or query text (case-insensitive):
 * - `modelarmor.googleapis.com`: the service in log filters (protoPayload.serviceName, logName
 *   `…/logs/modelarmor.googleapis.com%2F…`), its monitored-resource and metric types, and the
 *   `modelarmor.googleapis.com/client_name` label of sanitize log entries;
 * - `SanitizeOperationLogEntry`: the payload type of Model Armor sanitize-operation log entries
 *   (`type.googleapis.com/google.cloud.modelarmor.logging.v1.SanitizeOperationLogEntry`), used by
 *   log-match conditions;
 * - a user-defined log-based metric whose name mentions Model Armor (`model armor`, `model-armor`,
 *   `model_armor`, `modelarmor`, also "armour"), in the metric type form
 *   `logging.googleapis.com/user/<name>` or the PromQL form `logging_googleapis_com:user_<name>`.
 * A log-based metric with an unrelated name is not recognised (its filter lives on the metric, not
 * on the alert policy); name it after Model Armor or alert on the log entries directly.
 */
const modelArmorPatterns = [
  /modelarmor\.googleapis\.com/i,
  /SanitizeOperationLogEntry/i,
  /logging[._]googleapis[._]com(?:\/|:)user[/_][\w.\-/]*model[\s_.-]?armou?r/i,
];

export function watchesModelArmor(condition: string): boolean {
  return modelArmorPatterns.some((pattern) => pattern.test(condition));
}

const policyName = (entry: GcpAlertPolicy) => entry.name ?? entry.id;

/** The condition names the project id as a whole token (so `ai-prod-1` does not match `ai-prod-123`). */
function namesProject(condition: string, projectId: string): boolean {
  const escaped = projectId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9-])${escaped}($|[^a-z0-9-])`).test(condition);
}

/** Alert policies that may cover a project: its own, and those of other scanned projects whose conditions name it (metrics scopes). */
function candidatePolicies(context: RuleContext, entry: GcpProject): GcpAlertPolicy[] {
  return context
    .resources('gcp.alert-policy')
    .filter(
      (policy) =>
        (policy.scope.type === 'project' && policy.scope.id === entry.projectId) ||
        policy.conditions.some((condition) => namesProject(condition, entry.projectId)),
    );
}

const expected = {
  enabled: true,
  notificationChannelCount: '>= 1',
  condition: 'mentions modelarmor.googleapis.com, SanitizeOperationLogEntry or a Model Armor log-based metric',
};
const projectId = project().id;

export const rule: RuleModule = {
  meta: {
    id: 'gcp/modelarmor-alerts',
    provider: 'gcp',
    title: 'Every project that uses Vertex AI has an enabled alert policy with a notification channel on Model Armor results',
    severity: 'medium',
    resourceTypes: ['gcp.alert-policy', 'gcp.project'],
    criteria: ['L4.effectiveness-metrics', 'L3.coverage'],
    presenceOf: ['gcp.alert-policy'],
    description:
      "Filter activations are measured only if someone is told about them. For every project that uses Vertex AI, looks for a Cloud Monitoring alert policy that is enabled, has at least one notification channel, and has a condition about Model Armor: the condition text mentions modelarmor.googleapis.com (service, resource or metric type, log name, client_name label), the SanitizeOperationLogEntry log payload type, or a user-defined log-based metric named after Model Armor (logging.googleapis.com/user/…model…armor…, or its PromQL form). Policies in the project count, and so do policies in other scanned projects (a metrics-scoping project) whose conditions name the project id. A log-based metric with an unrelated name is not recognised. When no qualifying policy is found and the project's alert policies could not be listed or read, the verdict is unknown.",
    remediation:
      'Turn on Cloud Logging for Model Armor (floor setting Vertex AI integration, template logSanitizeOperations), then create a log-match alert policy (or a log-based metric named e.g. model_armor_blocks with an alert on it) on entries with jsonPayload."@type"="type.googleapis.com/google.cloud.modelarmor.logging.v1.SanitizeOperationLogEntry" and a filter match, and attach a notification channel.',
    references: [
      'https://docs.cloud.google.com/model-armor/configure-logging',
      'https://cloud.google.com/logging/docs/alerting/log-based-alerts',
      'https://cloud.google.com/monitoring/alerts',
    ],
  },
  check(context) {
    return checkVertexProjects(context, (entry) => {
      const label = projectLabel(entry);
      const candidates = candidatePolicies(context, entry);
      const watching = candidates.filter((policy) => policy.unreadable === undefined && policy.conditions.some(watchesModelArmor));
      const observed = watching.map((policy) => ({
        alertPolicy: policy.id,
        enabled: policy.enabled,
        notificationChannelCount: policy.notificationChannelCount,
      }));
      const effective = watching.filter((policy) => policy.enabled && policy.notificationChannelCount > 0);
      if (effective.length > 0) {
        return {
          status: 'pass',
          message: `${label}: Model Armor results are alerted by ${effective.map((policy) => `${policyName(policy)} (${policy.notificationChannelCount} channel${policy.notificationChannelCount > 1 ? 's' : ''})`).join(', ')}.`,
          observed,
          expected,
        };
      }
      const listing = ownerListing(context, 'gcp.alert-policy', projectOwner(entry));
      const unreadable = candidates.filter((policy) => policy.unreadable !== undefined);
      if (listing !== 'ok' || unreadable.length > 0) {
        const gaps = [
          ...(listing !== 'ok' ? [`the alert policies of ${entry.projectId} could not be listed (${listing ?? 'not read'})`] : []),
          ...unreadable.map((policy) => `alert policy ${policyName(policy)} could not be read (${policy.unreadable})`),
        ];
        return {
          status: 'unknown',
          message: `Whether Model Armor results are alerted in ${entry.projectId} could not be decided: ${gaps.join('; ')}.`,
          observed,
          expected,
        };
      }
      if (watching.length > 0) {
        const reasons = watching.map(
          (policy) =>
            `${policyName(policy)} is ${[!policy.enabled ? 'disabled' : '', policy.notificationChannelCount === 0 ? 'without notification channels' : ''].filter(Boolean).join(' and ')}`,
        );
        return { status: 'fail', message: `${label}: no effective alert on Model Armor results: ${reasons.join('; ')}.`, observed, expected };
      }
      return { status: 'fail', message: `${label} uses Vertex AI but no alert policy watches Model Armor results.`, observed, expected };
    });
  },
  cases: [
    {
      name: 'an enabled log-match policy on SanitizeOperationLogEntry with a channel passes',
      inventory: gcpInventory({ resources: [project(), alertPolicy()] }),
      expect: [{ resource: projectId, status: 'pass', message: /alerted by model-armor-matches \(1 channel\)/ }],
    },
    {
      name: 'a policy on a log-based metric named after Model Armor passes',
      inventory: gcpInventory({
        resources: [project(), alertPolicy({ conditions: ['metric.type="logging.googleapis.com/user/model_armor_blocked" AND resource.type="global"'] })],
      }),
      expect: [{ resource: projectId, status: 'pass' }],
    },
    {
      name: 'a PromQL condition on a Model Armor log-based metric passes',
      inventory: gcpInventory({
        resources: [project(), alertPolicy({ conditions: ['sum(rate(logging_googleapis_com:user_modelarmor_match_found[5m])) > 0'] })],
      }),
      expect: [{ resource: projectId, status: 'pass' }],
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
      expect: [{ resource: projectId, status: 'pass' }],
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
      expect: [{ resource: projectId, status: 'fail' }],
    },
    {
      name: 'no alert policy on Model Armor fails',
      inventory: gcpInventory({
        resources: [project(), alertPolicy({ conditions: ['metric.type="aiplatform.googleapis.com/prediction/online/error_count"'] })],
      }),
      expect: [{ resource: projectId, status: 'fail', message: /no alert policy watches Model Armor results/ }],
    },
    {
      name: 'a disabled policy without channels fails and says why',
      inventory: gcpInventory({ resources: [project(), alertPolicy({ enabled: false, notificationChannelCount: 0 })] }),
      expect: [{ resource: projectId, status: 'fail', message: /model-armor-matches is disabled and without notification channels/ }],
    },
    {
      name: 'a log-based metric with an unrelated name is not recognised',
      inventory: gcpInventory({ resources: [project(), alertPolicy({ conditions: ['metric.type="logging.googleapis.com/user/blocked_prompts"'] })] }),
      expect: [{ resource: projectId, status: 'fail' }],
    },
    {
      name: 'a project not using Vertex AI gets no verdict',
      inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false })] }),
      expect: [],
    },
    {
      name: 'denied alert-policy listing is unknown',
      inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.alert-policy', owner: PROJECT }] }),
      expect: [{ resource: projectId, status: 'unknown', message: /could not be listed \(denied\)/ }],
    },
    {
      name: 'an unreadable alert policy is unknown when nothing else qualifies',
      inventory: gcpInventory({ resources: [project(), alertPolicy({ conditions: [], unreadable: 'PERMISSION_DENIED' })] }),
      expect: [{ resource: projectId, status: 'unknown', message: /could not be read \(PERMISSION_DENIED\)/ }],
    },
    {
      name: 'a project that could not be read is unknown',
      inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
      expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown' }],
    },
  ],
};
