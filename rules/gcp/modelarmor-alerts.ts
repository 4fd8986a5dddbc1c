import type { GcpAlertPolicy, GcpProject } from '../../src/model/gcp.ts';
import type { RuleContext, RuleModule } from '../../src/engine/rule.ts';
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
  const covers = (policy: GcpAlertPolicy) =>
    (policy.scope.type === 'project' && policy.scope.id === entry.projectId) || policy.conditions.some((condition) => namesProject(condition, entry.projectId));
  const policies = context.resources('gcp.alert-policy');
  // A project id made only of [a-z0-9-] is named as a whole token exactly when it is one of the
  // maximal [a-z0-9-] runs of a condition, so the policies naming it can be looked up; any other
  // id is matched by scanning.
  if (!/^[a-z0-9-]+$/.test(entry.projectId)) return policies.filter(covers);
  const position = context.memo('gcp/alert-policy-positions', () => new Map(policies.map((policy, index) => [policy, index])));
  const byToken = context.groupBy('gcp.alert-policy', 'condition-tokens', (policy) =>
    policy.conditions.flatMap((condition) => condition.match(/[a-z0-9-]+/g) ?? []),
  );
  const candidates = new Set([...context.resourcesIn('gcp.alert-policy', entry.projectId), ...(byToken.get(entry.projectId) ?? [])]);
  return [...candidates].filter(covers).sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

const expected = {
  enabled: true,
  notificationChannelCount: '>= 1',
  condition: 'mentions modelarmor.googleapis.com, SanitizeOperationLogEntry or a Model Armor log-based metric',
};

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
          reason: 'model-armor-alerted',
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
          reason: 'alert-policies-unreadable',
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
        return {
          status: 'fail',
          reason: 'alert-ineffective',
          message: `${label}: no effective alert on Model Armor results: ${reasons.join('; ')}.`,
          observed,
          expected,
        };
      }
      return {
        status: 'fail',
        reason: 'no-model-armor-alert',
        message: `${label} uses Vertex AI but no alert policy watches Model Armor results.`,
        observed,
        expected,
      };
    });
  },
};
