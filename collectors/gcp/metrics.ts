/**
 * Vertex AI usage and Model Armor API use over the metrics window (spec §12), read from Cloud
 * Monitoring `projects.timeSeries.list` (https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.timeSeries/list).
 * Each query sums its counter over the whole window: alignment period = the window, per-series
 * aligner ALIGN_SUM (the metrics are DELTA INT64 counters), cross-series reducer REDUCE_SUM
 * grouped by the few labels the rules need — so a call returns one point per model (or endpoint,
 * or method), never the raw minute-by-minute series. Three queries per project (publisher-model
 * invocations, endpoint predictions, Model Armor API requests), each paged; what to ask is the
 * model's table `gcpUsageMetrics`.
 */
import type { protos } from '@google-cloud/monitoring';
import type { ScopeRef } from '../../src/model/common.ts';
import { gcpUsageMetrics, gcpUsageStatistic, type GcpUsageMetric } from '../../src/model/gcp.ts';
import { MetricSeriesSchema, metricSeriesType, type MetricSeries } from '../../src/model/metrics.ts';
import type { GaxPage, GcpClientFactory } from './clients.ts';
import { pageRequest } from './clients.ts';

type TimeSeries = protos.google.monitoring.v3.ITimeSeries;
type ListTimeSeriesRequest = protos.google.monitoring.v3.IListTimeSeriesRequest;

export interface UsageWindow {
  from: Date;
  to: Date;
}

/** The window in whole seconds, at least the API's minimum alignment period of 60 s. */
export function alignmentSeconds(window: UsageWindow): number {
  return Math.max(60, Math.ceil((window.to.getTime() - window.from.getTime()) / 1000));
}

/** The filter of one usage query: metric type, monitored-resource type and the resource labels it fixes. */
export function usageFilter(query: GcpUsageMetric): string {
  const { metric, resource, resourceLabels } = gcpUsageMetrics[query];
  return [
    `metric.type = "${metric}"`,
    `resource.type = "${resource}"`,
    ...Object.entries(resourceLabels as Record<string, string>).map(([key, value]) => `resource.label.${key} = "${value}"`),
  ].join(' AND ');
}

/**
 * The request of one usage query: one alignment period ending at the window's end and exactly as
 * long as the window, so every series comes back as one summed point.
 */
export function usageRequest(projectId: string, query: GcpUsageMetric, window: UsageWindow): ListTimeSeriesRequest {
  const seconds = alignmentSeconds(window);
  const end = Math.ceil(window.to.getTime() / 1000);
  return {
    name: `projects/${projectId}`,
    filter: usageFilter(query),
    interval: { startTime: { seconds: end - seconds }, endTime: { seconds: end } },
    aggregation: {
      alignmentPeriod: { seconds },
      perSeriesAligner: 'ALIGN_SUM',
      crossSeriesReducer: 'REDUCE_SUM',
      groupByFields: [...gcpUsageMetrics[query].groupBy],
    },
    view: 'FULL',
  };
}

/** A point's value as a number (int64 arrives as a string or a Long in proto3 JSON); null when it has none. */
function pointValue(value: protos.google.monitoring.v3.ITypedValue | null | undefined): number | null {
  const raw = value?.int64Value ?? value?.doubleValue;
  if (raw === null || raw === undefined) return null;
  const number = Number(String(raw));
  return Number.isFinite(number) ? number : null;
}

/**
 * A returned series as a neutral `metric.series`: its labels (resource, then metric) as the
 * dimensions, the sum of its points over the window. A series whose points carry no numeric
 * value is kept with `sum: null` (listed, not readable) — never 0.
 */
export function metricSeries(series: TimeSeries, query: GcpUsageMetric, scope: ScopeRef, window: UsageWindow): MetricSeries {
  const { namespace, metric } = gcpUsageMetrics[query];
  const dimensions: Record<string, string> = {};
  for (const [key, value] of Object.entries(series.resource?.labels ?? {})) dimensions[key] = String(value);
  for (const [key, value] of Object.entries(series.metric?.labels ?? {})) dimensions[key] = String(value);
  const points = series.points ?? [];
  const values = points.map((point) => pointValue(point.value));
  const readable = values.every((value): value is number => value !== null);
  const sorted = Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const id = `projects/${scope.id}/timeSeries/${metric}${sorted.length > 0 ? `?${sorted.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}` : ''}`;
  const location = dimensions.location;
  const resource: MetricSeries = {
    provider: 'gcp',
    scope,
    region: location === undefined || location === '' ? null : location,
    source: { kind: 'api', api: 'TimeSeries_List' },
    type: metricSeriesType,
    id,
    name: metric,
    namespace,
    metric,
    dimensions: Object.fromEntries(sorted),
    statistic: gcpUsageStatistic,
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    sum: readable ? values.reduce((total, value) => total + value, 0) : null,
    datapoints: points.length,
    ...(readable ? {} : { unreadable: 'a point of the series carries no numeric value' }),
  };
  MetricSeriesSchema.parse(resource);
  return resource;
}

/** Lists every page of a query (each page one scheduled call), checked at the boundary by the caller's `pages`. */
export type UsagePages = (query: GcpUsageMetric, fetchPage: (pageToken: string | undefined) => Promise<GaxPage<TimeSeries>>) => Promise<TimeSeries[]>;

/**
 * Every usage series of a project over the window: the three queries concurrently, all or
 * nothing (a failed query fails the project's `metric.series` listing, so "metrics denied" is never
 * read as "no usage"). `retry: null`: the Monitoring client's own policy would retry inside each of
 * the scheduler's attempts; the scheduler alone decides retries.
 */
export async function readUsage(factory: GcpClientFactory, scope: ScopeRef, window: UsageWindow, pages: UsagePages): Promise<MetricSeries[]> {
  const queries = Object.keys(gcpUsageMetrics) as GcpUsageMetric[];
  const results = await Promise.all(
    queries.map(async (query) => {
      const request = usageRequest(scope.id, query, window);
      const found = await pages(query, (pageToken) => factory.metrics().listTimeSeries(pageRequest(request, pageToken), { autoPaginate: false, retry: null }));
      return found.map((series) => metricSeries(series, query, scope, window));
    }),
  );
  return results.flat();
}
