/**
 * The `history` section of a report (spec §11), present when the scan ran with `--history`. The
 * report layer only knows its shape; `src/history/` fills it.
 */
import type { FindingStatus } from '../engine/evaluate.ts';
import type { Provider } from '../model/common.ts';
import type { Severity } from '../engine/rule.ts';

/** The drift states of evidence-reporting §6.1, in the order drift lists them. */
export const driftStates = ['still_open', 'resolved', 'regressed', 'new', 'no_longer_reported', 'no_longer_assessed'] as const;
export type DriftState = (typeof driftStates)[number];

export interface DriftCounts {
  new: number;
  resolved: number;
  regressed: number;
  stillOpen: number;
  noLongerAssessed: number;
  noLongerReported: number;
}

export interface LevelChange {
  provider: Provider;
  from: number | null;
  to: number | null;
}

export interface DriftChange {
  fingerprint: string;
  ruleId: string;
  provider: Provider;
  severity: Severity;
  resource: { id: string };
  state: DriftState;
  before: FindingStatus | null;
  after: FindingStatus | null;
}

export interface HistorySection {
  store: 'sqlite' | 'postgres';
  scanId: string;
  previousScanId: string | null;
  /** When the previous comparable scan finished (null without one). */
  previousFinishedAt: string | null;
  drift: DriftCounts;
  levelChanges: LevelChange[];
  mttrDays: Array<{ provider: Provider; severity: Severity; days: number; resolved: number }>;
  slaBreaches: Array<{ fingerprint: string; ruleId: string; resource: { id: string }; openSince: string; days: number; slaDays: number }>;
  /** Findings whose status changed since the previous scan (every drift state but `still_open`). */
  changes: DriftChange[];
  /** Failing findings not compared because the previous scan could not evaluate them (`unknown`). */
  notCompared: number;
  /** Reads that succeeded in the previous scan and not in this one: coverage loss can hide regressions. */
  coverageLost: number;
  /** MTTR is measured on scan times: each fix lies somewhere in one scan interval. */
  precision: { scans: number; medianScanIntervalDays: number | null; note: string };
}

/** `aiposture diff --format json` (spec §11): every failing-or-was-failing finding of two comparable scans, with its drift state. */
export interface DiffReport {
  /** Scan ids. */
  from: string;
  to: string;
  fromFinishedAt: string;
  toFinishedAt: string;
  counts: DriftCounts;
  findings: DriftChange[];
  levelChanges: LevelChange[];
  notCompared: number;
  coverageLost: CoverageLoss[];
}

/** A read that succeeded in the earlier scan and failed (or was not made) in the later one. */
export interface CoverageLoss {
  provider: Provider;
  scopeId: string;
  region: string | null;
  collector: string;
  before: 'ok';
  after: 'ok' | 'denied' | 'unsupported' | 'error' | null;
}

/** One row of `aiposture history --format json` (spec §11). */
export interface HistoryListEntry {
  id: string;
  startedAt: string;
  finishedAt: string;
  mode: string;
  scopes: Array<{ provider: Provider; type: string; id: string; name?: string }>;
  levels: Array<{ provider: Provider; level: number | null }>;
  fail: { critical: number; high: number; medium: number; low: number };
  complete: boolean;
  origin: 'scan' | 'import';
}
