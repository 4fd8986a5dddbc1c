/**
 * Exposure windows over a series of comparable scans (evidence-reporting §6.3): when each
 * failure opened, when it closed, and how long it was observed failing — the base of mean time
 * to remediate (MTTR) and of remediation-SLA breaches. Pure: the caller loads the scans.
 *
 * Scans only sample the truth, so every figure is bounded by the scan interval: the fix of a
 * closed window lies between its last failing scan and its closing scan (`boundDays`).
 */
import type { Severity } from '../engine/rule.ts';
import { severityRank } from '../engine/rule.ts';
import type { Provider } from '../model/common.ts';
import { byString, observationsByFingerprint, scopeReader, type ScanView } from './drift.ts';
import type { Observation } from './model.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A scan's time (its `finishedAt`) in epoch milliseconds. */
export function timeOf(view: ScanView): number {
  const time = Date.parse(view.scan.finishedAt);
  if (Number.isNaN(time)) throw new RangeError(`scan ${view.scan.id} has an unreadable finishedAt: ${JSON.stringify(view.scan.finishedAt)}`);
  return time;
}

/** The series oldest first (by time, then id, as the store lists scans); a copy. */
export function chronological(series: readonly ScanView[]): ScanView[] {
  return series
    .map((view) => ({ view, time: timeOf(view) }))
    .sort((a, b) => a.time - b.time || byString(a.view.scan.id, b.view.scan.id))
    .map(({ view }) => view);
}

/** Rounded to 2 decimals, as reports show days. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export type CloseReason = 'passed' | 'gone';

/** One stretch during which a finding was open: from the scan it first failed in to the scan it passed in, or was gone from a scope that was read. */
export interface ExposureWindow {
  fingerprint: string;
  /** Of the latest failing observation in the window. */
  ruleId: string;
  provider: Provider;
  resourceId: string;
  severity: Severity;
  openedScanId: string;
  openedAt: string;
  closedScanId: string | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  /** Days observed failing: the sum of the intervals that start at a failing scan (paused spans do not count). */
  exposureDays: number;
  /** The time of the last scan in the window where the finding failed. */
  lastFailAt: string;
  /** closedAt − lastFailAt: the fix lies in that interval. Null while open. */
  boundDays: number | null;
}

interface Draft {
  opened: number;
  lastFail: number;
  latest: Observation;
  exposureMs: number;
}

/**
 * The exposure windows of every fingerprint in the series (comparable scans; sorted oldest first
 * here whatever the order given), ordered by fingerprint, then opening time.
 *
 * Per fingerprint: `fail` opens a window (unless one is open); `pass` closes it (`passed`); absent
 * from a scan that read the finding's scope closes it (`gone`); absent from a scan that did not
 * read the scope, `unknown`, `not_applicable` and `suppressed` (an accepted risk) pause it. A
 * later failure after a close opens a new window. Exposure accrues over each interval that
 * starts at a failing scan of the window; a window still open runs to the last scan.
 */
export function exposureWindows(series: readonly ScanView[]): ExposureWindow[] {
  const scans = chronological(series);
  const times = scans.map(timeOf);
  const byFingerprint = scans.map((view) => observationsByFingerprint(view));
  const readers = scans.map((view) => scopeReader(view));
  const fingerprints = [...new Set(byFingerprint.flatMap((observations) => [...observations.keys()]))].sort(byString);
  const windows: ExposureWindow[] = [];

  const finish = (fingerprint: string, draft: Draft, closing: { index: number; reason: CloseReason } | null): ExposureWindow => ({
    fingerprint,
    ruleId: draft.latest.ruleId,
    provider: draft.latest.provider,
    resourceId: draft.latest.resourceId,
    severity: draft.latest.severity,
    openedScanId: (scans[draft.opened] as ScanView).scan.id,
    openedAt: (scans[draft.opened] as ScanView).scan.finishedAt,
    closedScanId: closing === null ? null : (scans[closing.index] as ScanView).scan.id,
    closedAt: closing === null ? null : (scans[closing.index] as ScanView).scan.finishedAt,
    closeReason: closing?.reason ?? null,
    exposureDays: draft.exposureMs / DAY_MS,
    lastFailAt: (scans[draft.lastFail] as ScanView).scan.finishedAt,
    boundDays: closing === null ? null : ((times[closing.index] as number) - (times[draft.lastFail] as number)) / DAY_MS,
  });

  for (const fingerprint of fingerprints) {
    let open: Draft | null = null;
    let previousFailed = false;
    let where: Observation | undefined;
    for (let index = 0; index < scans.length; index += 1) {
      if (open !== null && previousFailed) open.exposureMs += (times[index] as number) - (times[index - 1] as number);
      const observation = (byFingerprint[index] as Map<string, Observation>).get(fingerprint);
      if (observation !== undefined) where = observation;
      const status = observation?.status ?? null;
      previousFailed = status === 'fail';
      if (observation !== undefined && status === 'fail') {
        if (open === null) open = { opened: index, lastFail: index, latest: observation, exposureMs: 0 };
        open.lastFail = index;
        open.latest = observation;
        continue;
      }
      if (open === null) continue;
      const gone = status === null && where !== undefined && (readers[index] as ReturnType<typeof scopeReader>)(where);
      if (status === 'pass' || gone) {
        windows.push(finish(fingerprint, open, { index, reason: status === 'pass' ? 'passed' : 'gone' }));
        open = null;
      }
      // Otherwise paused: unknown, not applicable, suppressed, or absent from a scope not read.
    }
    if (open !== null) windows.push(finish(fingerprint, open, null));
  }
  return windows;
}

export interface Mttr {
  provider: Provider;
  severity: Severity;
  /** Mean exposure of the closed windows, in days (2 decimals). */
  days: number;
  /** How many closed windows the mean is over. */
  resolved: number;
}

/** Mean time to remediate per provider and severity, over closed windows; sorted by provider, then severity (critical first). */
export function mttr(windows: readonly ExposureWindow[]): Mttr[] {
  const groups = new Map<string, { provider: Provider; severity: Severity; total: number; resolved: number }>();
  for (const window of windows) {
    if (window.closedAt === null) continue;
    const key = JSON.stringify([window.provider, window.severity]);
    const group = groups.get(key) ?? { provider: window.provider, severity: window.severity, total: 0, resolved: 0 };
    group.total += window.exposureDays;
    group.resolved += 1;
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => byString(a.provider, b.provider) || severityRank[b.severity] - severityRank[a.severity])
    .map(({ provider, severity, total, resolved }) => ({ provider, severity, days: round2(total / resolved), resolved }));
}

/** The median and largest gap between consecutive scans, in days (2 decimals; null with fewer than 2 scans): the precision bound of MTTR. */
export function scanIntervalDays(series: readonly ScanView[]): { median: number | null; max: number | null } {
  const times = chronological(series).map(timeOf);
  const gaps = times
    .slice(1)
    .map((time, index) => (time - (times[index] as number)) / DAY_MS)
    .sort((a, b) => a - b);
  if (gaps.length === 0) return { median: null, max: null };
  const middle = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? (gaps[middle] as number) : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
  return { median: round2(median), max: round2(gaps[gaps.length - 1] as number) };
}

/**
 * Whether a window's exposure exceeds an SLA. Compared at the precision reports show (2
 * decimals, about 15 minutes), so a window shown at "14 days" never breaches a 14-day SLA
 * because a scan ran a few seconds later than the one before.
 */
export function exceedsSla(window: Pick<ExposureWindow, 'exposureDays'>, slaDays: number): boolean {
  return round2(window.exposureDays) > slaDays;
}

export interface SlaBreach {
  fingerprint: string;
  ruleId: string;
  resource: { id: string };
  openSince: string;
  days: number;
  slaDays: number;
}

/** Open windows exposed longer than the SLA of their severity, most overdue (days beyond the SLA) first. */
export function slaBreaches(windows: readonly ExposureWindow[], slaFor: (severity: Severity) => number): SlaBreach[] {
  return windows
    .filter((window) => window.closedAt === null && exceedsSla(window, slaFor(window.severity)))
    .map((window) => ({
      fingerprint: window.fingerprint,
      ruleId: window.ruleId,
      resource: { id: window.resourceId },
      openSince: window.openedAt,
      days: round2(window.exposureDays),
      slaDays: slaFor(window.severity),
    }))
    .sort((a, b) => b.days - b.slaDays - (a.days - a.slaDays) || b.days - a.days || byString(a.fingerprint, b.fingerprint));
}
