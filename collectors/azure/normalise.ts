/** Pure conversions from Azure SDK models to the neutral resource model. */
import type { Account, Deployment, RaiPolicy } from '@azure/arm-cognitiveservices';
import type { DiagnosticSettingsResource, MetricAlertResource } from '@azure/arm-monitor';
import {
  AzureResourceSchema,
  azureContentFilter,
  type AzureAccount,
  type AzureDeployment,
  type AzureDiagnosticSetting,
  type AzureMetricAlert,
  type AzureRaiPolicy,
} from '../../src/model/azure.ts';
import type { ScopeRef } from '../../src/model/common.ts';

export interface Where {
  scope: ScopeRef;
  region: string | null;
  api: string;
}

function base(where: Where) {
  return { provider: 'azure' as const, scope: where.scope, region: where.region, source: { kind: 'api' as const, api: where.api } };
}

function validated<T>(resource: T): T {
  AzureResourceSchema.parse(resource);
  return resource;
}

export function resourceGroupOf(armId: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(armId)?.[1] ?? '';
}

export function account(value: Account, where: Where): AzureAccount {
  const properties = value.properties ?? {};
  const id = value.id ?? '';
  return validated<AzureAccount>({
    ...base(where),
    type: 'azure.cognitive-account',
    id,
    name: value.name ?? id.split('/').pop(),
    ...(value.tags ? { tags: value.tags } : { tags: {} }),
    kind: value.kind ?? 'unknown',
    resourceGroup: resourceGroupOf(id),
    publicNetworkAccess: properties.publicNetworkAccess ?? null,
    networkAclsDefaultAction: properties.networkAcls?.defaultAction ?? null,
    disableLocalAuth: properties.disableLocalAuth ?? null,
    identityType: value.identity?.type ?? null,
    encryptionKeySource: properties.encryption?.keySource ?? null,
    restrictOutboundNetworkAccess: properties.restrictOutboundNetworkAccess ?? null,
    allowedFqdnList: properties.allowedFqdnList ?? [],
    readErrors: {},
  });
}

export function deployment(value: Deployment, accountId: string, where: Where): AzureDeployment {
  const id = value.id ?? `${accountId}/deployments/${value.name ?? ''}`;
  return validated<AzureDeployment>({
    ...base(where),
    type: 'azure.deployment',
    id,
    name: value.name ?? id.split('/').pop(),
    accountId,
    modelName: value.properties?.model?.name ?? null,
    modelVersion: value.properties?.model?.version ?? null,
    raiPolicyName: value.properties?.raiPolicyName || null,
  });
}

/** The neutral mapping lives with the model, shared with the IaC readers. */
export const contentFilter = azureContentFilter;

export function raiPolicy(value: RaiPolicy, accountId: string, where: Where): AzureRaiPolicy {
  const properties = value.properties ?? {};
  const id = value.id ?? `${accountId}/raiPolicies/${value.name ?? ''}`;
  return validated<AzureRaiPolicy>({
    ...base(where),
    type: 'azure.rai-policy',
    id,
    name: value.name ?? id.split('/').pop(),
    accountId,
    policyType: properties.type ?? null,
    mode: properties.mode ?? null,
    basePolicyName: properties.basePolicyName ?? null,
    contentFilters: (properties.contentFilters ?? []).map(contentFilter),
    customBlocklistCount: properties.customBlocklists?.length ?? 0,
    documentedDefault: false,
  });
}

export function diagnosticSetting(value: DiagnosticSettingsResource, targetId: string, where: Where): AzureDiagnosticSetting {
  return validated<AzureDiagnosticSetting>({
    ...base(where),
    type: 'azure.diagnostic-setting',
    id: value.id ?? `${targetId}/providers/Microsoft.Insights/diagnosticSettings/${value.name ?? ''}`,
    name: value.name,
    targetId,
    workspaceId: value.workspaceId || null,
    eventHubAuthorizationRuleId: value.eventHubAuthorizationRuleId || null,
    storageAccountId: value.storageAccountId || null,
    logs: (value.logs ?? []).map((log) => ({ category: log.category ?? null, categoryGroup: log.categoryGroup ?? null, enabled: log.enabled })),
  });
}

export function metricAlert(value: MetricAlertResource, where: Where): AzureMetricAlert {
  const criteria = value.criteria as { allOf?: Array<{ metricName?: string }> } | undefined;
  return validated<AzureMetricAlert>({
    ...base(where),
    type: 'azure.metric-alert',
    id: value.id ?? value.name ?? '',
    name: value.name,
    ...(value.tags ? { tags: value.tags } : {}),
    enabled: value.enabled,
    scopes: value.scopes ?? [],
    metricNames: (criteria?.allOf ?? []).flatMap((criterion) => (criterion.metricName ? [criterion.metricName] : [])),
    actionCount: value.actions?.length ?? 0,
  });
}
