import type { AzureAccount, AzureMetricAlert } from '../../src/model/azure.ts';
import type { RuleContext, RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { accountLabel, armIdKey, armIdParentKeys, armIdWithin, checkAiAccounts, contentSafetyMetricNames } from './accounts.ts';

const safetyMetrics = new Set<string>(contentSafetyMetricNames.map((name) => name.toLowerCase()));
const alertName = (alert: AzureMetricAlert) => alert.name ?? alert.id;
const watchesSafety = (alert: AzureMetricAlert) => alert.metricNames.some((name) => safetyMetrics.has(name.toLowerCase()));
/** The alert's scopes include the account, its resource group or its subscription. */
const covers = (alert: AzureMetricAlert, owner: AzureAccount) => alert.scopes.some((scope) => armIdWithin(owner.id, scope));

/**
 * The alerts that may cover an account (a scope that is the account or one of its parents), plus,
 * when `withUnscoped`, the alerts that have no scopes; in inventory order, each once. A lookup
 * that narrows the alerts to judge; callers still apply {@link covers}.
 */
function alertsNear(context: RuleContext, owner: AzureAccount, withUnscoped: boolean): AzureMetricAlert[] {
  const alerts = context.resources('azure.metric-alert');
  const { position, unscoped } = context.memo('azure/metric-alert-positions', () => ({
    position: new Map(alerts.map((alert, index) => [alert, index])),
    unscoped: alerts.filter((alert) => alert.scopes.length === 0),
  }));
  const byScope = context.groupBy('azure.metric-alert', 'scope-keys', (alert) => alert.scopes.map(armIdKey));
  const near = new Set([...armIdParentKeys(owner.id).flatMap((key) => byScope.get(key) ?? []), ...(withUnscoped ? unscoped : [])]);
  return [...near].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

const expected = {
  metricNames: `any of ${contentSafetyMetricNames.join(', ')}`,
  enabled: true,
  actionCount: '>= 1',
  scopes: 'the account, its resource group or subscription',
};

export const rule: RuleModule = {
  meta: {
    id: 'azure/content-safety-alerts',
    provider: 'azure',
    title: "An enabled metric alert with actions watches every Azure OpenAI / AI Services account's content-safety metrics",
    severity: 'medium',
    resourceTypes: ['azure.metric-alert', 'azure.cognitive-account'],
    criteria: ['L4.effectiveness-metrics', 'L3.coverage'],
    presenceOf: ['azure.metric-alert'],
    description: `Content-filter activations are measured by the Microsoft.CognitiveServices/accounts metrics of the "ContentSafety - Risks&Safety" category: ${contentSafetyMetricNames.join(', ')} (portal names Blocked Volume, Harmful Volume Detected, Potentially Abusive User Count). For each OpenAI or AI Services account (or any account with deployments), at least one Azure Monitor metric alert must watch one of them, be enabled, have at least one action (action group), and be scoped to the account, its resource group or its subscription, so that a surge of blocked or harmful requests reaches someone.`,
    remediation:
      'Create a metric alert rule on the account (portal: account > Monitoring > Alerts > Create > signal "Blocked Volume" or "Harmful Volume Detected"; az monitor metrics alert create --scopes <account id> --condition "total RAIRejectedRequests > 0" --action <action group id>; Terraform azurerm_monitor_metric_alert with metric_namespace Microsoft.CognitiveServices/accounts) and keep it enabled with an action group.',
    references: [
      'https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cognitiveservices-accounts-metrics',
      'https://learn.microsoft.com/azure/ai-foundry/openai/monitor-openai-reference',
      'https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-metric-alert-rule',
    ],
  },
  check(context) {
    return checkAiAccounts(context, 'the content-safety alerts', (owner) => {
      const label = accountLabel(owner);
      const watching = alertsNear(context, owner, false)
        .filter((alert) => alert.unreadable === undefined && covers(alert, owner) && watchesSafety(alert))
        .sort((a, b) => alertName(a).localeCompare(alertName(b)));
      const observed = watching.map((alert) => ({
        alert: alertName(alert),
        enabled: alert.enabled,
        actionCount: alert.actionCount,
        metricNames: alert.metricNames,
        scopes: alert.scopes,
      }));
      const working = watching.filter((alert) => alert.enabled && alert.actionCount > 0);
      if (working.length > 0) {
        return {
          status: 'pass',
          reason: 'safety-alert-active',
          message: `${label}'s content-safety metrics are alerted by ${working.map((alert) => `${alertName(alert)} (${alert.metricNames.filter((name) => safetyMetrics.has(name.toLowerCase())).join(', ')}; ${alert.actionCount} action${alert.actionCount > 1 ? 's' : ''})`).join(', ')}.`,
          observed,
          expected,
        };
      }
      const listing = context.listing('azure.metric-alert', owner.scope, null);
      const unreadable = alertsNear(context, owner, true).filter(
        (alert) => alert.unreadable !== undefined && (alert.scopes.length === 0 || covers(alert, owner)),
      );
      if (listing !== 'ok' || unreadable.length > 0) {
        const gaps = [
          ...(listing !== 'ok' ? [`the metric alerts of subscription ${owner.scope.id} could not be listed (${listing ?? 'not read'})`] : []),
          ...unreadable.map((alert) => `alert ${alertName(alert)} could not be read (${alert.unreadable})`),
        ];
        return {
          status: 'unknown',
          reason: listing !== 'ok' ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
          message: `${label}: whether its content-safety metrics are alerted is unknown: ${gaps.join('; ')}.`,
          observed,
          expected,
        };
      }
      if (watching.length === 0) {
        return {
          status: 'fail',
          reason: 'no-safety-alert',
          message: `${label}: no metric alert watches its content-safety metrics (${contentSafetyMetricNames.join(', ')}), so blocked and harmful requests alert no one.`,
          observed,
          expected,
        };
      }
      const reasons = watching.map(
        (alert) => `${alertName(alert)} ${[...(alert.enabled ? [] : ['is disabled']), ...(alert.actionCount > 0 ? [] : ['has no actions'])].join(' and ')}`,
      );
      return {
        status: 'fail',
        reason: 'safety-alerts-silent',
        message: `${label}: the alerts on its content-safety metrics notify no one: ${reasons.join('; ')}.`,
        observed,
        expected,
      };
    });
  },
};
