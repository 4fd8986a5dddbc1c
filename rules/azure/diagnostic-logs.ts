import type { AzureDiagnosticSetting } from '../../src/model/azure.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts, sameArmId } from './accounts.ts';
import { ACCOUNT_ID, account, azureInventory, diagnosticSetting, unknownListingId } from './case-builders.ts';

const required = ['Audit', 'RequestResponse'] as const;
type Category = (typeof required)[number];

/** Categories a log entry covers: an explicit category, or a group (allLogs ⊇ all, audit ⊇ Audit). */
function covered(log: AzureDiagnosticSetting['logs'][number]): Category[] {
  if (!log.enabled) return [];
  const group = log.categoryGroup?.toLowerCase();
  if (group === 'alllogs') return [...required];
  if (group === 'audit') return ['Audit'];
  return required.filter((category) => category.toLowerCase() === log.category?.toLowerCase());
}

function sinks(setting: AzureDiagnosticSetting): string[] {
  return [...(setting.workspaceId?.trim() ? ['Log Analytics'] : []), ...(setting.eventHubAuthorizationRuleId?.trim() ? ['Event Hub'] : [])];
}

const settingName = (setting: AzureDiagnosticSetting) => setting.name ?? setting.id;
const expected = { categories: [...required], destination: 'Log Analytics workspace or Event Hub' };

export const rule: RuleModule = {
  meta: {
    id: 'azure/diagnostic-logs',
    provider: 'azure',
    title: 'Every Azure OpenAI / AI Services account sends Audit and RequestResponse logs to Log Analytics or Event Hub',
    severity: 'medium',
    resourceTypes: ['azure.diagnostic-setting', 'azure.cognitive-account'],
    criteria: ['L2.logging', 'L3.coverage'],
    presenceOf: ['azure.diagnostic-setting'],
    description:
      'For each OpenAI or AI Services account (or any account with deployments), checks that its diagnostic settings send the Audit and RequestResponse log categories — listed explicitly, or through the enabled category group allLogs (both) or audit (Audit) — to a Log Analytics workspace or an Event Hub, where they can be queried and alerted on. Several settings may share the work. A setting that sends only to a storage account does not count. Diagnostic settings that could not be listed make the verdict unknown.',
    remediation:
      'Add a diagnostic setting to the account (portal: account > Monitoring > Diagnostic settings; az monitor diagnostic-settings create --resource <account id> --workspace <workspace id> --logs \'[{"categoryGroup":"allLogs","enabled":true}]\'; Terraform azurerm_monitor_diagnostic_setting) that sends Audit and RequestResponse (or allLogs) to a Log Analytics workspace or an Event Hub.',
    references: [
      'Azure Policy 1b4d1c4e (Diagnostic logs in Azure AI services resources should be enabled)',
      'Microsoft Defender for Cloud recommendation: diagnostic logs in Azure AI services resources should be enabled',
      'https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-cognitiveservices-accounts-logs',
      'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/monitor-openai',
    ],
    differences:
      'Azure Policy 1b4d1c4e (AuditIfNotExists) is satisfied by any diagnostic setting that has a logs entry, whatever its categories, enabled flags or destination; we require the Audit and RequestResponse categories to reach Log Analytics or Event Hub (storage-only archives do not count), where they can be searched and alerted on. Checkov has no check for diagnostic settings on Cognitive Services accounts.',
  },
  check(context) {
    const settings = context.resources('azure.diagnostic-setting');
    return checkAiAccounts(context, 'the diagnostic settings', (owner) => {
      const label = accountLabel(owner);
      const own = settings.filter((setting) => sameArmId(setting.targetId, owner.id));
      const observed = own.map((setting) => ({
        setting: settingName(setting),
        destinations: sinks(setting),
        storageAccount: setting.storageAccountId !== null,
        categories: [...new Set(setting.logs.flatMap(covered))],
      }));
      const readable = own.filter((setting) => setting.unreadable === undefined);
      const reaching = new Set(readable.filter((setting) => sinks(setting).length > 0).flatMap((setting) => setting.logs.flatMap(covered)));
      const missing = required.filter((category) => !reaching.has(category));
      if (missing.length === 0) {
        const used = readable.filter((setting) => sinks(setting).length > 0 && setting.logs.some((log) => covered(log).length > 0));
        return {
          status: 'pass',
          message: `${label} sends Audit and RequestResponse logs to ${used.map((setting) => `${[...new Set(sinks(setting))].join(' and ')} (${settingName(setting)})`).join(', ')}.`,
          observed,
          expected,
        };
      }
      const unreadable = own.filter((setting) => setting.unreadable !== undefined);
      if (owner.readErrors.diagnosticSettings !== undefined || unreadable.length > 0) {
        const why =
          owner.readErrors.diagnosticSettings !== undefined
            ? `its diagnostic settings could not be listed (${owner.readErrors.diagnosticSettings})`
            : `diagnostic setting(s) ${unreadable.map(settingName).join(', ')} could not be read`;
        return {
          status: 'unknown',
          message: `${label}: whether Audit and RequestResponse logs reach Log Analytics or Event Hub is unknown: ${why}.`,
          observed,
          expected,
        };
      }
      if (own.length === 0) {
        return { status: 'fail', message: `${label} has no diagnostic setting: its Audit and RequestResponse logs are not kept anywhere.`, observed, expected };
      }
      const reasons = readable.map((setting) => {
        const categories = new Set(setting.logs.flatMap(covered));
        if (sinks(setting).length === 0)
          return `${settingName(setting)} sends ${setting.storageAccountId ? 'only to a storage account' : 'to no Log Analytics workspace or Event Hub'}`;
        const lacking = missing.filter((category) => !categories.has(category));
        return `${settingName(setting)} does not send ${lacking.join(' or ')}`;
      });
      return {
        status: 'fail',
        message: `${label} does not send ${missing.join(' and ')} logs to Log Analytics or Event Hub: ${reasons.join('; ')}.`,
        observed,
        expected,
      };
    });
  },
  cases: [
    { name: 'no accounts: no verdicts', inventory: azureInventory(), expect: [] },
    {
      name: 'allLogs to Log Analytics passes',
      inventory: azureInventory({ resources: [account(), diagnosticSetting()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'pass', message: /to Log Analytics \(to-law\)/ }],
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
      expect: [{ resource: ACCOUNT_ID, status: 'pass', message: /Event Hub \(to-eh\)/ }],
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
      expect: [{ resource: ACCOUNT_ID, status: 'pass' }],
    },
    {
      name: 'no diagnostic setting fails (acceptance)',
      inventory: azureInventory({ resources: [account()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /has no diagnostic setting/ }],
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
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /archive sends only to a storage account/ }],
    },
    {
      name: 'the audit group alone lacks RequestResponse: fail',
      inventory: azureInventory({ resources: [account(), diagnosticSetting({ logs: [{ category: null, categoryGroup: 'audit', enabled: true }] })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /does not send RequestResponse logs.*to-law does not send RequestResponse/ }],
    },
    {
      name: 'allLogs present but disabled fails',
      inventory: azureInventory({ resources: [account(), diagnosticSetting({ logs: [{ category: null, categoryGroup: 'allLogs', enabled: false }] })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /does not send Audit and RequestResponse/ }],
    },
    {
      name: 'a setting on another resource does not count',
      inventory: azureInventory({ resources: [account(), diagnosticSetting({ targetId: `${ACCOUNT_ID}-other` })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail' }],
    },
    {
      name: 'diagnostic settings that could not be listed are unknown',
      inventory: azureInventory({
        resources: [account({ readErrors: { diagnosticSettings: 'AuthorizationFailed: Microsoft.Insights/diagnosticSettings/read' } })],
      }),
      expect: [{ resource: ACCOUNT_ID, status: 'unknown', message: /could not be listed \(AuthorizationFailed/ }],
    },
    {
      name: 'non-AI kinds without deployments are out of scope',
      inventory: azureInventory({ resources: [account({ kind: 'TextAnalytics' })] }),
      expect: [],
    },
    {
      name: 'a failed account listing is unknown',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown' }],
    },
  ],
};
