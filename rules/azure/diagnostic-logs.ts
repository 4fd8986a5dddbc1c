import type { AzureDiagnosticSetting } from '../../src/model/azure.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { accountLabel, armIdKey, checkAiAccounts } from './accounts.ts';

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
    const settingsByTarget = context.groupBy('azure.diagnostic-setting', 'targetId', (setting) => armIdKey(setting.targetId));
    return checkAiAccounts(context, 'the diagnostic settings', (owner) => {
      const label = accountLabel(owner);
      const own = settingsByTarget.get(armIdKey(owner.id)) ?? [];
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
          reason: 'logs-sent',
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
          reason: owner.readErrors.diagnosticSettings !== undefined ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
          message: `${label}: whether Audit and RequestResponse logs reach Log Analytics or Event Hub is unknown: ${why}.`,
          observed,
          expected,
        };
      }
      if (own.length === 0) {
        return {
          status: 'fail',
          reason: 'no-diagnostic-setting',
          message: `${label} has no diagnostic setting: its Audit and RequestResponse logs are not kept anywhere.`,
          observed,
          expected,
        };
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
        reason: 'logs-not-sent',
        message: `${label} does not send ${missing.join(' and ')} logs to Log Analytics or Event Hub: ${reasons.join('; ')}.`,
        observed,
        expected,
      };
    });
  },
};
