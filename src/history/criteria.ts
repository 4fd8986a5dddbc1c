/**
 * The evidence scan history gives three maturity criteria (spec §7): drift detection (≥4 scans
 * of the scope in 30 days), the remediation SLA (no baseline failure open longer than its SLA,
 * with MTTR) and continuous validation (a scan in each of the last seven days). Each is
 * `unknown`, not `unmet`, while the history is too short to tell — and says so.
 */
import type { CriterionEvidence } from '../engine/evidence.ts';
import { severityRank, type Severity } from '../engine/rule.ts';
import type { Provider } from '../model/common.ts';
import type { CriterionId } from '../model/criteria.ts';
import { slaDays, type Baseline } from '../policy/baseline.ts';
import { byString, type ScanView } from './drift.ts';
import { chronological, DAY_MS, exceedsSla, exposureWindows, mttr, round2, scanIntervalDays, timeOf, type ExposureWindow } from './windows.ts';

export type HistoryCriterionId = Extract<CriterionId, 'L3.drift-detection' | 'L4.remediation-sla' | 'L5.continuous-validation'>;

export interface HistoryCriteriaInput {
  provider: Provider;
  /** The comparable scans, oldest first, the current one last. Scans after `now` are ignored. */
  series: readonly ScanView[];
  /** The current scan's time (ISO 8601). */
  now: string;
  baseline: Baseline;
  /** Fingerprint → id of the current scan's finding, to name the findings behind a verdict. */
  findingIds?: ReadonlyMap<string, string>;
}

/** Scans of the scope needed in the last 30 days for L3.drift-detection. */
export const DRIFT_SCANS = 4;
const DRIFT_DAYS = 30;
/** Closed windows older than this no longer count against L4.remediation-sla. */
export const SLA_LOOKBACK_DAYS = 90;
const DAILY_DAYS = 7;
/** Severities whose failures are baseline failures (spec §7: severity ≥ medium). */
const baselineSeverities: readonly Severity[] = ['critical', 'high', 'medium'];
/** Breaches named in a summary; the rest are counted. */
const NAMED = 5;

const dateOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const days = (value: number) => plural(round2(value), 'day');

function parseNow(now: string): number {
  const time = Date.parse(now);
  if (Number.isNaN(time)) throw new RangeError(`unreadable time for now: ${JSON.stringify(now)}`);
  return time;
}

export function historyCriteria(input: HistoryCriteriaInput): Record<HistoryCriterionId, CriterionEvidence> {
  const now = parseNow(input.now);
  const series = chronological(input.series)
    .filter((view) => timeOf(view) <= now)
    .map((view) => ({ ...view, observations: view.observations.filter((observation) => observation.provider === input.provider) }));
  const times = series.map(timeOf);
  return {
    'L3.drift-detection': driftDetection(times, now),
    'L4.remediation-sla': remediationSla(series, times, now, input.baseline, input.findingIds),
    'L5.continuous-validation': continuousValidation(times, now),
  };
}

function driftDetection(times: readonly number[], now: number): CriterionEvidence {
  const since = now - DRIFT_DAYS * DAY_MS;
  const recent = times.filter((time) => time > since);
  const need = `drift detection by scanning needs ${DRIFT_SCANS} scans of the scope in ${DRIFT_DAYS} days`;
  const first = times[0];
  if (recent.length >= DRIFT_SCANS)
    return {
      status: 'met',
      summary: `Scan history: ${recent.length} scans of the scope in the last ${DRIFT_DAYS} days (${dateOf(recent[0] as number)} to ${dateOf(recent[recent.length - 1] as number)}).`,
      findings: [],
    };
  if (first === undefined) return { status: 'unknown', summary: `No scan history yet: ${need}.`, findings: [] };
  if (first > since)
    return { status: 'unknown', summary: `Scan history starts ${dateOf(first)}: ${plural(times.length, 'scan')} so far; ${need}.`, findings: [] };
  return {
    status: 'unmet',
    summary: `Scan history: only ${plural(recent.length, 'scan')} in the last ${DRIFT_DAYS} days (since ${dateOf(since)}); ${need}.`,
    findings: [],
  };
}

function remediationSla(
  series: readonly ScanView[],
  times: readonly number[],
  now: number,
  baseline: Baseline,
  findingIds: ReadonlyMap<string, string> | undefined,
): CriterionEvidence {
  const horizon = now - SLA_LOOKBACK_DAYS * DAY_MS;
  const windows = exposureWindows(series).filter(
    (window) => severityRank[window.severity] >= severityRank.medium && (window.closedAt === null || Date.parse(window.closedAt) > horizon),
  );
  const sla = (window: ExposureWindow) => slaDays(baseline, window.severity);
  const overdue = (window: ExposureWindow) => window.exposureDays - sla(window);
  const breaching = windows
    .filter((window) => exceedsSla(window, sla(window)))
    .sort((a, b) => overdue(b) - overdue(a) || byString(a.fingerprint, b.fingerprint) || byString(a.openedAt, b.openedAt));
  if (breaching.length > 0) {
    const named = breaching.slice(0, NAMED).map((window) => {
      const span =
        window.closedAt === null
          ? `open since ${dateOf(Date.parse(window.openedAt))}`
          : `open ${dateOf(Date.parse(window.openedAt))} to ${dateOf(Date.parse(window.closedAt))}`;
      return `${window.ruleId} on ${window.resourceId} (${window.severity}, ${span}: failing ${days(window.exposureDays)} > ${sla(window)}-day SLA)`;
    });
    const more = breaching.length > NAMED ? `; and ${breaching.length - NAMED} more` : '';
    const ids = [...new Set(breaching.map((window) => findingIds?.get(window.fingerprint)).filter((id): id is string => id !== undefined))];
    return {
      status: 'unmet',
      summary: `${plural(breaching.length, 'baseline failure')} left open longer than the SLA (open now, or closed in the last ${SLA_LOOKBACK_DAYS} days): ${named.join('; ')}${more}.`,
      findings: ids,
    };
  }

  const first = times[0];
  const last = times[times.length - 1];
  const needed = Math.max(...baselineSeverities.map((severity) => slaDays(baseline, severity)));
  const need = `the SLA check needs ≥2 scans spanning ≥${days(needed)} (the longest baseline SLA)`;
  if (first === undefined || last === undefined) return { status: 'unknown', summary: `No scan history yet: ${need}.`, findings: [] };
  const span = (last - first) / DAY_MS;
  if (times.length < 2 || span < needed)
    return {
      status: 'unknown',
      summary: `Scan history starts ${dateOf(first)}: ${plural(times.length, 'scan')} spanning ${days(span)} so far, no baseline failure over its SLA yet; ${need}.`,
      findings: [],
    };

  const open = windows.filter((window) => window.closedAt === null);
  const oldest = open.reduce<ExposureWindow | undefined>(
    (max, window) => (max === undefined || window.exposureDays > max.exposureDays ? window : max),
    undefined,
  );
  const openText =
    oldest === undefined
      ? 'none open'
      : `${open.length} open within the SLA, the longest failing ${days(oldest.exposureDays)}, since ${dateOf(Date.parse(oldest.openedAt))}`;
  const means = mttr(windows);
  const mttrText =
    means.length === 0
      ? `no baseline failure resolved in the last ${SLA_LOOKBACK_DAYS} days`
      : `MTTR over the last ${SLA_LOOKBACK_DAYS} days: ${means.map((mean) => `${mean.severity} ${days(mean.days)} (${mean.resolved} resolved)`).join(', ')}`;
  const interval = scanIntervalDays(series);
  return {
    status: 'met',
    summary:
      `No baseline failure left open longer than its SLA over ${plural(times.length, 'scan')} from ${dateOf(first)} to ${dateOf(last)} (${openText}); ` +
      `${mttrText}; scan interval median ${days(interval.median ?? 0)}, max ${days(interval.max ?? 0)}.`,
    findings: [],
  };
}

function continuousValidation(times: readonly number[], now: number): CriterionEvidence {
  const need = `continuous validation needs a scan in each of the last ${DAILY_DAYS} days`;
  const first = times[0];
  if (first === undefined) return { status: 'unknown', summary: `No scan history yet: ${need}.`, findings: [] };
  // Bucket k is the 24 hours (now − (k+1)·24h, now − k·24h]; oldest first here.
  const buckets = Array.from({ length: DAILY_DAYS }, (_, index) => {
    const k = DAILY_DAYS - 1 - index;
    const end = now - k * DAY_MS;
    return { end, scanned: times.some((time) => time > end - DAY_MS && time <= end) };
  });
  const recent = times.filter((time) => time > now - DAILY_DAYS * DAY_MS);
  if (buckets.every((bucket) => bucket.scanned))
    return {
      status: 'met',
      summary: `Scan history: a scan in each of the last ${DAILY_DAYS} days (${plural(recent.length, 'scan')} from ${dateOf(recent[0] as number)} to ${dateOf(recent[recent.length - 1] as number)}).`,
      findings: [],
    };
  if (first > now - (DAILY_DAYS - 1) * DAY_MS)
    return {
      status: 'unknown',
      summary: `Scan history starts ${dateOf(first)}: ${plural(times.length, 'scan')} covering ${days((now - first) / DAY_MS)} so far; ${need}.`,
      findings: [],
    };
  const missing = buckets.filter((bucket) => !bucket.scanned);
  const clock = new Date(now).toISOString().slice(11, 16);
  return {
    status: 'unmet',
    summary: `Scan history: no scan in ${missing.length} of the last ${DAILY_DAYS} days (24-hour periods ending ${clock} UTC): ${missing.map((bucket) => dateOf(bucket.end)).join(', ')}.`,
    findings: [],
  };
}
