/**
 * Bedrock usage and guardrail activity over the metrics window (spec §12): which CloudWatch series
 * to read, and reading all of them with batched GetMetricData — up to 500 queries per call, the
 * API's maximum (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html),
 * one period spanning the whole window, statistic Sum — never one call per metric. A region with
 * a few hundred series costs one call (plus a page per MaxDatapoints, which one period per series
 * never reaches).
 */
import { paginateGetMetricData, type CloudWatchClient, type Metric, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ScopeRef } from '../../src/model/common.ts';
import { bedrockMetrics } from '../../src/model/aws.ts';
import { MetricSeriesSchema, metricSeriesType, type MetricSeries } from '../../src/model/metrics.ts';
import type { Collection } from '../../src/collect/listing.ts';

/** The API's maximum number of queries in one GetMetricData call. */
export const maxQueriesPerCall = 500;

const guardrailMetricNames: ReadonlySet<string> = new Set(Object.values(bedrockMetrics.guardrailMetrics));

/**
 * The series worth reading: AWS/Bedrock `Invocations` per `ModelId` (the models invoked), and the
 * AWS/Bedrock/Guardrails invocations, interventions and text units of each guardrail version (every
 * series carrying `GuardrailArn` and `GuardrailVersion`; the `Operation`-only aggregates add nothing).
 */
export function seriesToRead(metrics: readonly Metric[]): Metric[] {
  const { dimensions } = bedrockMetrics;
  const names = (metric: Metric) => new Set((metric.Dimensions ?? []).map((dimension) => dimension.Name));
  const seen = new Set<string>();
  return metrics.filter((metric) => {
    const has = names(metric);
    const wanted =
      (metric.Namespace === bedrockMetrics.runtimeNamespace &&
        metric.MetricName === bedrockMetrics.modelInvocations &&
        has.has(bedrockMetrics.modelIdDimension) &&
        has.size === 1) ||
      (metric.Namespace === bedrockMetrics.guardrailsNamespace &&
        guardrailMetricNames.has(metric.MetricName ?? '') &&
        has.has(dimensions.arn) &&
        has.has(dimensions.version));
    if (!wanted) return false;
    const key = seriesKey(metric);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dimensionsOf(metric: Metric): Record<string, string> {
  return Object.fromEntries(
    (metric.Dimensions ?? []).map((dimension) => [dimension.Name ?? '', dimension.Value ?? ''] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function seriesKey(metric: Metric): string {
  const dims = Object.entries(dimensionsOf(metric))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${metric.Namespace ?? ''}/${metric.MetricName ?? ''}${dims ? `?${dims}` : ''}`;
}

/**
 * One period covering the whole window, in seconds: CloudWatch wants a multiple of 60, and of 3600
 * for data older than 63 days (the start time is rounded down likewise), so a window of an hour or
 * more is rounded up to whole hours. Two datapoints at most per series.
 */
export function periodFor(window: { from: Date; to: Date }): number {
  const seconds = Math.max(1, Math.ceil((window.to.getTime() - window.from.getTime()) / 1000));
  return seconds >= 3600 ? Math.ceil(seconds / 3600) * 3600 : Math.ceil(seconds / 60) * 60;
}

/** The queries, in batches of at most `maxQueriesPerCall`; query ids `m<index>` (ids must start with a lower-case letter). */
export function metricQueryBatches(series: readonly Metric[], period: number): MetricDataQuery[][] {
  const queries = series.map((metric, index): MetricDataQuery => ({
    Id: `m${index}`,
    MetricStat: {
      Metric: { Namespace: metric.Namespace, MetricName: metric.MetricName, Dimensions: metric.Dimensions },
      Period: period,
      Stat: bedrockMetrics.statistic,
    },
    ReturnData: true,
  }));
  const batches: MetricDataQuery[][] = [];
  for (let start = 0; start < queries.length; start += maxQueriesPerCall) batches.push(queries.slice(start, start + maxQueriesPerCall));
  return batches;
}

export interface MetricsRead {
  collection: Collection;
  cloudwatch: CloudWatchClient;
  scope: ScopeRef;
  partition: string;
  region: string;
  window: { from: Date; to: Date };
}

/**
 * Reads every series over the window: one paged GetMetricData per batch of 500. A series' values
 * may continue on the next page (StatusCode PartialData): they are added up by query id. Throws
 * when any call fails: the caller files the region's metrics as denied/failed and keeps none.
 */
export async function readSeries(read: MetricsRead, series: readonly Metric[]): Promise<MetricSeries[]> {
  const { collection, cloudwatch, scope, partition, region, window } = read;
  const period = periodFor(window);
  const totals = new Map<string, { sum: number; datapoints: number }>();
  for (const batch of metricQueryBatches(series, period)) {
    await collection.each(paginateGetMetricData({ client: cloudwatch }, { MetricDataQueries: batch, StartTime: window.from, EndTime: window.to }), (page) => {
      for (const result of page.MetricDataResults ?? []) {
        const id = result.Id ?? '';
        const values = result.Values ?? [];
        const total = totals.get(id) ?? { sum: 0, datapoints: 0 };
        for (const value of values) if (Number.isFinite(value)) total.sum += value;
        total.datapoints += values.length;
        totals.set(id, total);
      }
    });
  }
  const windowText = { from: window.from.toISOString(), to: window.to.toISOString() };
  return series.map((metric, index) => {
    const total = totals.get(`m${index}`);
    const resource: MetricSeries = {
      provider: 'aws',
      scope,
      region,
      source: { kind: 'api', api: 'cloudwatch:GetMetricData' },
      type: metricSeriesType,
      id: `arn:${partition}:cloudwatch:${region}:${scope.id}:metric/${seriesKey(metric)}`,
      namespace: metric.Namespace ?? '',
      metric: metric.MetricName ?? '',
      dimensions: dimensionsOf(metric),
      statistic: bedrockMetrics.statistic,
      window: windowText,
      // No result for a query at all: its values were not returned (never assumed 0). Returned without datapoints: silent in the window.
      sum: total === undefined || total.datapoints === 0 ? null : total.sum,
      datapoints: total === undefined ? null : total.datapoints,
      ...(total === undefined ? { unreadable: 'GetMetricData returned no result for this series' } : {}),
    };
    MetricSeriesSchema.parse(resource);
    return resource;
  });
}
