/**
 * Scan history (spec §11): what one stored scan is, and the store interface the SQLite and
 * PostgreSQL back ends implement. The store is an index over immutable snapshots: every scan's
 * report (and, for live scans, its normalised inventory) is kept compressed beside the rows, so
 * the index can be rebuilt from the snapshots alone.
 */
import type { FindingStatus } from '../engine/evaluate.ts';
import type { Severity } from '../engine/rule.ts';
import type { Provider } from '../model/common.ts';
import type { ScanMode } from '../report/build.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** Failing findings by severity (info never fails a gate, so it is not counted). */
export interface FailCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

/** One stored scan: the index row. Times are ISO 8601 UTC strings. */
export interface ScanRecord {
  /** UUIDv7: sorts by creation time. */
  id: string;
  startedAt: string;
  finishedAt: string;
  mode: ScanMode;
  /** Comparability key: mode, providers and scope ids (see `scopeKey`). Two scans are comparable when their keys are equal. */
  scopeKey: string;
  providers: Provider[];
  scopes: Array<{ provider: Provider; type: string; id: string; name?: string }>;
  toolVersion: string;
  /** The collection ran to its end (not cut short by `--max-duration`). Drift and `diff` default to complete scans. */
  complete: boolean;
  /** `scan` when written by a scan, `import` when backfilled from a saved JSON report. */
  origin: 'scan' | 'import';
  /** sha256 of the report JSON as stored: the same report imported twice is stored once. */
  reportSha256: string;
  levels: Array<{ provider: Provider; inUse: boolean | null; level: number | null }>;
  fail: FailCounts;
}

/** One finding of one scan, reduced to what history needs; `fingerprint` is stable across scans. */
export interface Observation {
  fingerprint: string;
  ruleId: string;
  provider: Provider;
  scopeId: string;
  region: string | null;
  resourceId: string;
  severity: Severity;
  status: FindingStatus;
}

/** One coverage entry of one scan: whether a read of a scope and region succeeded. */
export interface CoverageRecord {
  provider: Provider;
  scopeId: string;
  region: string | null;
  collector: string;
  status: 'ok' | 'denied' | 'unsupported' | 'error';
}

/** The immutable snapshot of a scan: the report as rendered to JSON, and the normalised inventory of a live scan (null for imports and IaC). */
export interface Snapshot {
  report: unknown;
  inventory: unknown;
}

export interface StoredScan {
  scan: ScanRecord;
  observations: Observation[];
  coverage: CoverageRecord[];
  snapshot: Snapshot;
}

/** The storage contract both back ends implement (tests run one suite against both). */
export interface HistoryStore {
  readonly kind: StoreKind;
  /** Where the store is, for messages: a file path, or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Writes the scan, its observations, coverage and snapshot in one transaction: all or nothing.
   * Throws `HistoryStoreError` when a scan with the same id or the same `reportSha256` exists.
   */
  save(scan: StoredScan): Promise<void>;
  /** Scans, oldest first (by `finishedAt`, then id); optionally only those of one comparability key, or only complete ones. */
  scans(filter?: { scopeKey?: string; completeOnly?: boolean }): Promise<ScanRecord[]>;
  scan(id: string): Promise<ScanRecord | undefined>;
  /** Whether a report with this sha256 is already stored (imports are idempotent). */
  hasReport(reportSha256: string): Promise<boolean>;
  /** Observations per scan id (every id asked for is a key; an unknown id maps to `[]`). */
  observations(scanIds: readonly string[]): Promise<Map<string, Observation[]>>;
  coverage(scanIds: readonly string[]): Promise<Map<string, CoverageRecord[]>>;
  snapshot(scanId: string): Promise<Snapshot | undefined>;
  /**
   * Replaces the index rows (observations, coverage) of a stored scan in one transaction, keeping
   * the scan row and its snapshot: how the index is rebuilt from the snapshots (`history reindex`).
   * Throws `HistoryStoreError` when no such scan exists.
   */
  reindex(scanId: string, observations: readonly Observation[], coverage: readonly CoverageRecord[]): Promise<void>;
  /** Deletes scans that finished before the given ISO time (rows and snapshots, in one transaction); returns how many. */
  prune(finishedBefore: string): Promise<number>;
  close(): Promise<void>;
}

/** The comparability key (spec §11): same mode, same providers, same scope ids. */
export function scopeKey(mode: ScanMode, providers: readonly Provider[], scopes: ReadonlyArray<{ provider: Provider; id: string }>): string {
  const ids = [...new Set(scopes.map((scope) => `${scope.provider}:${scope.id}`))].sort();
  return JSON.stringify([mode, [...new Set(providers)].sort(), ids]);
}
