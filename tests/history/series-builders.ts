/**
 * Builders for the history tests: scans, observations and coverage with sensible defaults
 * (AWS account 111122223333, us-east-1, every scan reading that scope), and a table notation for
 * one finding's statuses over time:
 *
 *   series(['2026-11-01', 'fail'], ['2026-11-02', 'unknown'], ['2026-11-04', 'pass'])
 *
 * A cell is a finding status, `gone` (absent from a scan that read its scope) or `unread`
 * (absent from a scan whose read of the scope was denied).
 */
import type { FindingStatus } from '../../src/engine/evaluate.ts';
import type { ScanView } from '../../src/history/drift.ts';
import type { CoverageRecord, Observation, ScanRecord } from '../../src/history/model.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/** `2026-11-01` → midnight UTC that day; `2026-11-01T06:00` → that time UTC; a full ISO string is kept. */
export function at(when: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) return `${when}T00:00:00.000Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(when)) return `${when}:00.000Z`;
  return when;
}

export function observation(fingerprint: string, status: FindingStatus, extra: Partial<Observation> = {}): Observation {
  return {
    fingerprint,
    ruleId: `aws/${fingerprint}`,
    provider: 'aws',
    scopeId: ACCOUNT,
    region: REGION,
    resourceId: `arn:${fingerprint}`,
    severity: 'high',
    status,
    ...extra,
  };
}

export function coverage(extra: Partial<CoverageRecord> = {}): CoverageRecord {
  return { provider: 'aws', scopeId: ACCOUNT, region: REGION, collector: 'bedrock', status: 'ok', ...extra };
}

export interface ScanOptions {
  id?: string;
  /** Defaults to one `ok` read of the default scope. */
  coverage?: CoverageRecord[];
  levels?: ScanRecord['levels'];
}

/** One scan finished at `when` (see `at`); its id is `scan@<when>` unless given. */
export function scanView(when: string, observations: Observation[] = [], options: ScanOptions = {}): ScanView {
  const finishedAt = at(when);
  return {
    scan: {
      id: options.id ?? `scan@${when}`,
      startedAt: finishedAt,
      finishedAt,
      mode: 'live',
      scopeKey: '["live",["aws"],["aws:111122223333"]]',
      providers: ['aws'],
      scopes: [{ provider: 'aws', type: 'account', id: ACCOUNT }],
      toolVersion: '0.1.0',
      complete: true,
      origin: 'scan',
      reportSha256: `sha-${when}`,
      levels: options.levels ?? [],
      fail: { critical: 0, high: 0, medium: 0, low: 0 },
    },
    observations,
    coverage: options.coverage ?? [coverage()],
  };
}

export type Cell = FindingStatus | 'gone' | 'unread';

/** One finding's statuses over time (fingerprint `fp`, unless `finding` says otherwise). */
export function seriesOf(finding: Partial<Observation>, ...rows: Array<[string, Cell]>): ScanView[] {
  const fingerprint = finding.fingerprint ?? 'fp';
  return rows.map(([when, cell]) => {
    const where = coverage({ provider: finding.provider ?? 'aws', scopeId: finding.scopeId ?? ACCOUNT, region: finding.region ?? REGION });
    if (cell === 'gone') return scanView(when, [], { coverage: [where] });
    if (cell === 'unread') return scanView(when, [], { coverage: [{ ...where, status: 'denied' }] });
    return scanView(when, [observation(fingerprint, cell, finding)], { coverage: [where] });
  });
}

export function series(...rows: Array<[string, Cell]>): ScanView[] {
  return seriesOf({}, ...rows);
}

/**
 * Several findings over the same scans, one row per finding: its observation fields (at least
 * the fingerprint), then one cell per scan. A scan reads the scope of every finding of the
 * table unless the finding's cell is `unread` — give such a finding a scope of its own.
 *
 *   timeline(['2026-11-01', '2026-11-03'], [{ fingerprint: 'a' }, 'fail', 'pass'], [{ fingerprint: 'b', severity: 'low' }, 'pass', 'fail'])
 */
export function timeline(whens: readonly string[], ...rows: Array<[Partial<Observation> & { fingerprint: string }, ...Cell[]]>): ScanView[] {
  for (const [finding, ...cells] of rows) {
    if (cells.length !== whens.length) throw new Error(`timeline row ${finding.fingerprint} has ${cells.length} cells for ${whens.length} scans`);
  }
  return merge(...rows.map(([finding, ...cells]) => seriesOf(finding, ...whens.map((when, index): [string, Cell] => [when, cells[index] as Cell]))));
}

/** Several series over the same scans merged into one: observations and coverage of scans at the same time are joined. */
export function merge(...serieses: ScanView[][]): ScanView[] {
  const byTime = new Map<string, ScanView>();
  for (const view of serieses.flat()) {
    const seen = byTime.get(view.scan.finishedAt);
    if (seen === undefined) byTime.set(view.scan.finishedAt, { ...view, observations: [...view.observations], coverage: [...view.coverage] });
    else {
      seen.observations.push(...view.observations);
      seen.coverage.push(...view.coverage);
    }
  }
  return [...byTime.values()].sort((a, b) => Date.parse(a.scan.finishedAt) - Date.parse(b.scan.finishedAt));
}

/** Scans with no findings at the given times (each reading the default scope). */
export function scansAt(...whens: string[]): ScanView[] {
  return whens.map((when) => scanView(when));
}

/** The date `days` days after `date` (may be negative or fractional), as an ISO string. */
export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(at(date)) + days * 24 * 60 * 60 * 1000).toISOString();
}
