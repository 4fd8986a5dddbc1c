import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, diagnosticSetting, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no accounts: no verdicts', inventory: azureInventory(), expect: [] },
  {
    name: 'allLogs to Log Analytics passes',
    inventory: azureInventory({ resources: [account(), diagnosticSetting()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'logs-sent' }],
  },
  {
    name: 'explicit Audit and RequestResponse to Event Hub passes (target id compared case-insensitively)',
    inventory: azureInventory({
      resources: [
        account(),
        diagnosticSetting({
          name: 'to-eh',
          targetId: ACCOUNT_ID.toLowerCase(),
          workspaceId: '',
          eventHubAuthorizationRuleId:
            '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitor/providers/Microsoft.EventHub/namespaces/siem/authorizationRules/RootManageSharedAccessKey',
          logs: [
            { category: 'Audit', categoryGroup: null, enabled: true },
            { category: 'RequestResponse', categoryGroup: null, enabled: true },
            { category: 'Trace', categoryGroup: null, enabled: false },
          ],
        }),
      ],
    }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'logs-sent' }],
  },
  {
    name: 'audit group in one setting and RequestResponse in another together pass',
    inventory: azureInventory({
      resources: [
        account(),
        diagnosticSetting({ name: 'audit', logs: [{ category: null, categoryGroup: 'audit', enabled: true }] }),
        diagnosticSetting({ name: 'requests', logs: [{ category: 'RequestResponse', categoryGroup: null, enabled: true }] }),
      ],
    }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'logs-sent' }],
  },
  {
    name: 'no diagnostic setting fails (acceptance)',
    inventory: azureInventory({ resources: [account()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'no-diagnostic-setting' }],
  },
  {
    name: 'storage-only fails',
    inventory: azureInventory({
      resources: [
        account(),
        diagnosticSetting({
          name: 'archive',
          workspaceId: null,
          storageAccountId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs',
        }),
      ],
    }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'logs-not-sent' }],
  },
  {
    name: 'the audit group alone lacks RequestResponse: fail',
    inventory: azureInventory({ resources: [account(), diagnosticSetting({ logs: [{ category: null, categoryGroup: 'audit', enabled: true }] })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'logs-not-sent' }],
  },
  {
    name: 'allLogs present but disabled fails',
    inventory: azureInventory({ resources: [account(), diagnosticSetting({ logs: [{ category: null, categoryGroup: 'allLogs', enabled: false }] })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'logs-not-sent' }],
  },
  {
    name: 'a setting on another resource does not count',
    inventory: azureInventory({ resources: [account(), diagnosticSetting({ targetId: `${ACCOUNT_ID}-other` })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'no-diagnostic-setting' }],
  },
  {
    name: 'diagnostic settings that could not be listed are unknown',
    inventory: azureInventory({
      resources: [account({ readErrors: { diagnosticSettings: 'AuthorizationFailed: Microsoft.Insights/diagnosticSettings/read' } })],
    }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a diagnostic setting that could not be read is unknown',
    inventory: azureInventory({ resources: [account(), diagnosticSetting({ unreadable: 'InternalServerError' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'non-AI kinds without deployments are out of scope',
    inventory: azureInventory({ resources: [account({ kind: 'TextAnalytics' })] }),
    expect: [],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
