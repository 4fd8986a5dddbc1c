/**
 * Measured Bedrock activity over the metrics window, derived once per evaluation from the
 * `metric.series` the collector read (spec §12) and shared by `effectiveness`, `aiInventory` and
 * the L4 maturity criteria. Vocabulary: `bedrockMetrics` (src/model/aws.ts, with its sources).
 */
import type { RuleContext } from '../../src/engine/rule.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import { bedrockMetrics } from '../../src/model/aws.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { metricSeriesType } from '../../src/model/metrics.ts';

/** Why a region's numbers are missing: stable codes, quoted beside every null. */
export const activityReasons = {
  metricsDenied: 'metrics-denied',
  metricsUnreadable: 'metrics-unreadable',
  metricsNotRead: 'metrics-not-read',
  noSeries: 'no-series',
  noDatapoints: 'no-datapoints-in-window',
  noContentSourceSplit: 'no-content-source-split',
  noModelInvocations: 'no-model-invocations',
  noTextUnitSeries: 'no-text-unit-series',
  noPrice: 'no-price-for-policy-type',
  windowTooShort: 'window-too-short',
} as const;

/** A total read from one or more series: `null` when nothing was measurable, with the reason. */
export interface Measured {
  value: number | null;
  reason?: string;
}

export interface GuardrailActivity {
  scope: ScopeRef;
  region: string;
  arn: string;
  version: string;
  /** Evaluations of the guardrail (input and output together). */
  invocations: Measured;
  /** Evaluations of model input (`GuardrailContentSource` Input): one per guarded model call. */
  inputInvocations: Measured;
  interventions: Measured;
  /** Text units per `GuardrailPolicyType` (only those with data). */
  textUnits: Record<string, number>;
}

export interface RegionActivity {
  scope: ScopeRef;
  region: string;
  /** ok: the series were read; otherwise why not (the listing's status). */
  status: 'read' | 'denied' | 'error' | 'not-read';
  message?: string;
  /** Model invocations per ModelId (a null value: the series was listed but silent or unreadable). */
  models: Map<string, Measured>;
  guardrails: GuardrailActivity[];
  window: { from: string; to: string } | null;
}

export interface AwsActivity {
  regions: RegionActivity[];
  /** The window every series was read over; null when none was read. */
  window: { from: string; to: string } | null;
}

const key = (scopeId: string, region: string) => `${scopeId}\u0000${region}`;

/** Sums series: null when none had datapoints (never 0 by assumption). */
function total(series: readonly MetricSeries[]): Measured {
  if (series.length === 0) return { value: null, reason: activityReasons.noSeries };
  const withData = series.filter((entry) => entry.sum !== null);
  if (withData.length === 0) {
    const unreadable = series.some((entry) => entry.datapoints === null);
    return { value: null, reason: unreadable ? activityReasons.metricsUnreadable : activityReasons.noDatapoints };
  }
  return { value: withData.reduce((sum, entry) => sum + (entry.sum ?? 0), 0) };
}

/** The series carrying exactly these dimension names (so totals and splits are never added together). */
function withDimensions(series: readonly MetricSeries[], names: readonly string[]): MetricSeries[] {
  return series.filter((entry) => {
    const keys = Object.keys(entry.dimensions);
    return keys.length === names.length && names.every((name) => keys.includes(name));
  });
}

function guardrailActivity(scope: ScopeRef, region: string, arn: string, version: string, series: readonly MetricSeries[]): GuardrailActivity {
  const { dimensions: d, guardrailMetrics: m } = bedrockMetrics;
  const of = (metric: string) => series.filter((entry) => entry.metric === metric);
  const base = [d.arn, d.version];
  // The per-version total when published; otherwise the content-source split added up (each evaluation is of one source).
  const totalOf = (metric: string) => {
    const direct = withDimensions(of(metric), base);
    return direct.length > 0 ? total(direct) : total(withDimensions(of(metric), [...base, d.contentSource]));
  };
  const inputSeries = withDimensions(of(m.invocations), [...base, d.contentSource]).filter(
    (entry) => entry.dimensions[d.contentSource]?.toLowerCase() === 'input',
  );
  const inputInvocations: Measured = inputSeries.length > 0 ? total(inputSeries) : { value: null, reason: activityReasons.noContentSourceSplit };
  const textUnits: Record<string, number> = {};
  for (const entry of withDimensions(of(m.textUnits), [...base, d.policyType])) {
    const policyType = entry.dimensions[d.policyType] ?? '';
    if (entry.sum !== null) textUnits[policyType] = (textUnits[policyType] ?? 0) + entry.sum;
  }
  return { scope, region, arn, version, invocations: totalOf(m.invocations), inputInvocations, interventions: totalOf(m.intervened), textUnits };
}

function deriveActivity(context: RuleContext): AwsActivity {
  const series = context.resources(metricSeriesType).filter((entry) => entry.provider === 'aws');
  const byRegion = new Map<string, MetricSeries[]>();
  for (const entry of series) {
    const k = key(entry.scope.id, entry.region ?? '');
    byRegion.set(k, [...(byRegion.get(k) ?? []), entry]);
  }
  const regions: RegionActivity[] = [];
  for (const scanned of context.inventory.regions) {
    if (scanned.provider !== 'aws' || !scanned.supported) continue;
    const listings = context.listingsIn(metricSeriesType, scanned.scope.id).filter((entry) => entry.region === scanned.region);
    const failed = listings.find((entry) => entry.status !== 'ok');
    const status: RegionActivity['status'] =
      listings.length === 0 || failed?.status === 'unsupported' ? 'not-read' : failed?.status === 'denied' ? 'denied' : failed ? 'error' : 'read';
    const inRegion = byRegion.get(key(scanned.scope.id, scanned.region)) ?? [];
    const models = new Map<string, Measured>();
    const guardrailSeries = new Map<string, MetricSeries[]>();
    const { dimensions: d } = bedrockMetrics;
    for (const entry of inRegion) {
      if (entry.namespace === bedrockMetrics.runtimeNamespace && entry.metric === bedrockMetrics.modelInvocations) {
        const modelId = entry.dimensions[bedrockMetrics.modelIdDimension];
        if (modelId !== undefined) models.set(modelId, total([entry]));
      } else if (entry.namespace === bedrockMetrics.guardrailsNamespace) {
        const arn = entry.dimensions[d.arn];
        const version = entry.dimensions[d.version];
        if (arn === undefined || version === undefined) continue;
        const k = `${arn}:${version}`;
        guardrailSeries.set(k, [...(guardrailSeries.get(k) ?? []), entry]);
      }
    }
    const guardrails = [...guardrailSeries.values()].map((entries) => {
      const first = entries[0] as MetricSeries;
      return guardrailActivity(scanned.scope, scanned.region, first.dimensions[d.arn] ?? '', first.dimensions[d.version] ?? '', entries);
    });
    regions.push({
      scope: scanned.scope,
      region: scanned.region,
      status,
      ...(failed?.message ? { message: failed.message } : {}),
      models,
      guardrails,
      window: inRegion[0]?.window ?? null,
    });
  }
  return { regions, window: series[0]?.window ?? null };
}

/** The measured activity of this evaluation (derived on first use, then shared). */
export function awsActivity(context: RuleContext): AwsActivity {
  return context.memo('aws/activity', () => deriveActivity(context));
}

/** Why a region's numbers are null when its series were not read. */
export function unreadReason(region: RegionActivity): string | undefined {
  if (region.status === 'denied') return activityReasons.metricsDenied;
  if (region.status === 'error') return activityReasons.metricsUnreadable;
  if (region.status === 'not-read') return activityReasons.metricsNotRead;
  return undefined;
}
