/** Pure conversions from Azure SDK models to the neutral resource model. */
import type { Account, Deployment, RaiPolicy } from '@azure/arm-cognitiveservices';
import type { DiagnosticSettingsResource, MetricAlertResource, Response as MetricsResponse } from '@azure/arm-monitor';
import {
  AzureResourceSchema,
  azureContentFilter,
  azureUsageMetrics,
  type AzureAccount,
  type AzureDeployment,
  type AzureDiagnosticSetting,
  type AzureMetricAlert,
  type AzureRaiPolicy,
} from '../../src/model/azure.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import { MetricSeriesSchema, metricSeriesType, type MetricSeries } from '../../src/model/metrics.ts';
import { z } from 'zod';

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
    modelFormat: value.properties?.model?.format ?? null,
    skuName: value.sku?.name ?? null,
    skuCapacity: value.sku?.capacity ?? null,
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

/**
 * The series of one account's Metrics_List answer (split by ModelDeploymentName), one
 * `metric.series` per (metric, deployment) with its window total. Azure Monitor returns only the
 * deployments that emitted the metric in the window, and names dimensions in lower case in
 * `metadatavalues` (matched here ignoring case). A datapoint without `total` is a grain with no
 * data: counted neither as a value nor as a datapoint. A metric the service answered with an
 * error code (per-metric `errorCode` other than Success) gives one series with `sum: null`.
 */
export function metricSeries(answer: MetricsResponse, accountId: string, window: { from: string; to: string }, where: Where): MetricSeries[] {
  const deploymentKey = azureUsageMetrics.deploymentDimension.toLowerCase();
  const series: MetricSeries[] = [];
  for (const metric of answer.value) {
    const name = metric.name.value;
    const failed = metric.errorCode !== undefined && metric.errorCode !== null && metric.errorCode !== '' && metric.errorCode.toLowerCase() !== 'success';
    if (failed) {
      series.push(
        MetricSeriesSchema.parse({
          ...base(where),
          type: metricSeriesType,
          id: `${accountId}/providers/Microsoft.Insights/metrics/${name}`,
          name,
          namespace: azureUsageMetrics.namespace,
          metric: name,
          dimensions: { [azureUsageMetrics.resourceDimension]: accountId },
          statistic: azureUsageMetrics.aggregation,
          window,
          sum: null,
          datapoints: null,
          unreadable: `${metric.errorCode}: ${metric.errorMessage ?? 'the metric could not be read'}`,
        }),
      );
      continue;
    }
    for (const element of metric.timeseries) {
      const deployment = (element.metadatavalues ?? []).find((entry) => entry.name?.value.toLowerCase() === deploymentKey)?.value;
      const values = (element.data ?? []).flatMap((point) => (typeof point.total === 'number' ? [point.total] : []));
      const dimensions: Record<string, string> = { [azureUsageMetrics.resourceDimension]: accountId };
      if (deployment !== undefined && deployment !== null) dimensions[azureUsageMetrics.deploymentDimension] = deployment;
      series.push(
        MetricSeriesSchema.parse({
          ...base(where),
          type: metricSeriesType,
          id: `${accountId}/providers/Microsoft.Insights/metrics/${name}${deployment ? `/${azureUsageMetrics.deploymentDimension}/${deployment}` : ''}`,
          name: deployment ? `${name} (${deployment})` : name,
          namespace: azureUsageMetrics.namespace,
          metric: name,
          dimensions,
          statistic: azureUsageMetrics.aggregation,
          window,
          sum: values.reduce((total, value) => total + value, 0),
          datapoints: values.length,
        }),
      );
    }
  }
  return series;
}

// ---------------------------------------------------------------------------------------------
// Response shapes: what each answer must at least hold before the collector reads it

/**
 * A successful (2xx) answer that is not Resource Manager's: an HTML page from a proxy, an empty
 * body, or a body without the member the collector reads. The read fails (coverage `error`)
 * instead of reading as "none".
 */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponse';
}

/** An answer as the SDKs hand it to `onResponse` (both generations), or a raw pipeline response with its body parsed. */
export interface ArmAnswer {
  status: number;
  bodyAsText?: string | null;
  /** The body as the SDK parsed it: undefined when it was empty or not JSON (classic clients), the text itself (modular clients). */
  parsedBody?: unknown;
  headers?: { get(name: string): string | undefined };
}

/** The minimal shape of each kind of answer the collector reads. */
export const armShapes = {
  /** A page of a list operation: its `value` list, or a page that is only a `nextLink`. */
  listPage: z
    .looseObject({ value: z.array(z.unknown()).optional(), nextLink: z.string().nullish() })
    .refine((page) => page.value !== undefined || (typeof page.nextLink === 'string' && page.nextLink !== ''), {
      message: 'expected the "value" list (or a page with only a nextLink)',
    }),
  /** A policy definition or initiative (its rule, parameters and members are under `properties`). */
  policyDefinition: z.looseObject({ properties: z.looseObject({}) }),
  /** A Metrics_List answer: the `value` list of metrics, each with its `timeseries` (and, per metric, `errorCode`). */
  metrics: z.looseObject({
    value: z.array(
      z.looseObject({
        name: z.looseObject({ value: z.string() }),
        timeseries: z.array(
          z.looseObject({
            metadatavalues: z.array(z.looseObject({ name: z.looseObject({ value: z.string() }).nullish(), value: z.string().nullish() })).nullish(),
            data: z.array(z.looseObject({ timeStamp: z.string(), total: z.number().nullish() })).nullish(),
          }),
        ),
        errorCode: z.string().nullish(),
        errorMessage: z.string().nullish(),
      }),
    ),
  }),
  /** The Defender for Cloud AI plan. */
  pricing: z.looseObject({ properties: z.looseObject({ pricingTier: z.string() }) }),
} as const;

/** Checks a 2xx answer of `operation` against `shape`; throws `UnexpectedResponseError` naming what is wrong. Other statuses are the SDK's to report. */
export function checkArmAnswer(operation: string, shape: z.ZodType, answer: ArmAnswer): void {
  if (answer.status < 200 || answer.status >= 300) return;
  const body = answer.parsedBody;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const what =
      (answer.bodyAsText ?? '') === '' ? 'an empty body' : `a body that is not a JSON object (${answer.headers?.get('content-type') ?? 'no content type'})`;
    throw new UnexpectedResponseError(`${operation} answered HTTP ${answer.status} with ${what}`);
  }
  const checked = shape.safeParse(body);
  if (checked.success) return;
  const issue = checked.error.issues[0];
  const at = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new UnexpectedResponseError(`${operation} answered HTTP ${answer.status} without the expected body (${at}${issue?.message ?? 'unexpected shape'})`);
}
