import type { AzureAccount, AzureMetricAlert } from '../../src/model/azure.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, armIdWithin, checkAiAccounts, contentSafetyMetricNames } from './accounts.ts';
import { ACCOUNT_ID, RESOURCE_GROUP, SUBSCRIPTION, account, azureInventory, metricAlert, unknownListingId } from './case-builders.ts';

const safetyMetrics = new Set<string>(contentSafetyMetricNames.map((name) => name.toLowerCase()));
const alertName = (alert: AzureMetricAlert) => alert.name ?? alert.id;
const watchesSafety = (alert: AzureMetricAlert) => alert.metricNames.some((name) => safetyMetrics.has(name.toLowerCase()));
/** The alert's scopes include the account, its resource group or its subscription. */
const covers = (alert: AzureMetricAlert, owner: AzureAccount) => alert.scopes.some((scope) => armIdWithin(owner.id, scope));

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
    const alerts = context.resources('azure.metric-alert');
    return checkAiAccounts(context, 'the content-safety alerts', (owner) => {
      const label = accountLabel(owner);
      const watching = alerts
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
          message: `${label}'s content-safety metrics are alerted by ${working.map((alert) => `${alertName(alert)} (${alert.metricNames.filter((name) => safetyMetrics.has(name.toLowerCase())).join(', ')}; ${alert.actionCount} action${alert.actionCount > 1 ? 's' : ''})`).join(', ')}.`,
          observed,
          expected,
        };
      }
      const listing = context.listing('azure.metric-alert', owner.scope, null);
      const unreadable = alerts.filter((alert) => alert.unreadable !== undefined && (alert.scopes.length === 0 || covers(alert, owner)));
      if (listing !== 'ok' || unreadable.length > 0) {
        const gaps = [
          ...(listing !== 'ok' ? [`the metric alerts of subscription ${owner.scope.id} could not be listed (${listing ?? 'not read'})`] : []),
          ...unreadable.map((alert) => `alert ${alertName(alert)} could not be read (${alert.unreadable})`),
        ];
        return { status: 'unknown', message: `${label}: whether its content-safety metrics are alerted is unknown: ${gaps.join('; ')}.`, observed, expected };
      }
      if (watching.length === 0) {
        return {
          status: 'fail',
          message: `${label}: no metric alert watches its content-safety metrics (${contentSafetyMetricNames.join(', ')}), so blocked and harmful requests alert no one.`,
          observed,
          expected,
        };
      }
      const reasons = watching.map(
        (alert) => `${alertName(alert)} ${[...(alert.enabled ? [] : ['is disabled']), ...(alert.actionCount > 0 ? [] : ['has no actions'])].join(' and ')}`,
      );
      return { status: 'fail', message: `${label}: the alerts on its content-safety metrics notify no one: ${reasons.join('; ')}.`, observed, expected };
    });
  },
  cases: [
    {
      name: 'an enabled alert with an action on RAIRejectedRequests passes',
      inventory: azureInventory({ resources: [account(), metricAlert()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'pass', message: /aoai-blocked-requests \(RAIRejectedRequests; 1 action\)/ }],
    },
    {
      name: 'an alert on RAIHarmfulRequests scoped to the resource group (ids in other case) passes',
      inventory: azureInventory({
        resources: [
          account(),
          metricAlert({
            name: 'rg-harmful',
            scopes: [`/SUBSCRIPTIONS/${SUBSCRIPTION}/resourcegroups/${RESOURCE_GROUP.toUpperCase()}`],
            metricNames: ['raiharmfulrequests'],
            actionCount: 2,
          }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'pass', message: /rg-harmful/ }],
    },
    {
      name: 'a subscription-scoped alert on RAIAbusiveUsersCount covers every account in it',
      inventory: azureInventory({
        resources: [
          account(),
          account({ name: 'foundry', kind: 'AIServices' }),
          metricAlert({ scopes: [`/subscriptions/${SUBSCRIPTION}`], metricNames: ['RAIAbusiveUsersCount'] }),
        ],
      }),
      expect: [
        { resource: ACCOUNT_ID, status: 'pass' },
        { resource: account({ name: 'foundry' }).id, status: 'pass' },
      ],
    },
    {
      name: 'no alert fails',
      inventory: azureInventory({ resources: [account()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /no metric alert watches its content-safety metrics/ }],
    },
    {
      name: 'alerts on other metrics (RAITotalRequests, AzureOpenAIRequests) or on another account do not count',
      inventory: azureInventory({
        resources: [
          account(),
          metricAlert({ name: 'volume', metricNames: ['RAITotalRequests', 'AzureOpenAIRequests'] }),
          metricAlert({ name: 'other-account', scopes: [`${ACCOUNT_ID}-dev`] }),
        ],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /no metric alert watches/ }],
    },
    {
      name: 'a disabled alert, and one without actions, fail and are named',
      inventory: azureInventory({ resources: [account(), metricAlert({ enabled: false }), metricAlert({ name: 'silent', actionCount: 0 })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /aoai-blocked-requests is disabled; silent has no actions/ }],
    },
    {
      name: 'a failed alert listing is unknown',
      inventory: azureInventory({ resources: [account()], failed: [{ type: 'azure.metric-alert' }] }),
      expect: [{ resource: ACCOUNT_ID, status: 'unknown', message: /could not be listed \(denied\)/ }],
    },
    {
      name: 'a failed alert listing does not hide a passing alert',
      inventory: azureInventory({ resources: [account(), metricAlert()], failed: [{ type: 'azure.metric-alert' }] }),
      expect: [{ resource: ACCOUNT_ID, status: 'pass' }],
    },
    {
      name: 'a failed account listing is unknown',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown' }],
    },
  ],
};
