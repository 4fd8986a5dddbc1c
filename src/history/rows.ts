/**
 * Row conversions both history back ends share: the rows of `observations` and `coverage` come
 * back with the same columns from SQLite and PostgreSQL.
 */
import { HistoryStoreError } from '../errors.ts';
import type { CoverageRecord, Observation, ScanRecord } from './model.ts';
import { storedInstant } from './migrations.ts';

export type Row = Record<string, unknown>;

/** The columns of `scans`, in the order `scanRowValues` gives their values. */
export const scanColumns = 'id, started_at, finished_at, mode, scope_key, providers, scopes, tool_version, complete, origin, report_sha256, levels, fail';

export function observationFromRow(row: Row): Observation {
  return {
    fingerprint: String(row.fingerprint),
    ruleId: String(row.rule_id),
    provider: String(row.provider),
    scopeId: String(row.scope_id),
    region: row.region === null ? null : String(row.region),
    resourceId: String(row.resource_id),
    severity: String(row.severity) as Observation['severity'],
    status: String(row.status) as Observation['status'],
  };
}

export function coverageFromRow(row: Row): CoverageRecord {
  return {
    provider: String(row.provider),
    scopeId: String(row.scope_id),
    region: row.region === null ? null : String(row.region),
    collector: String(row.collector),
    status: String(row.status) as CoverageRecord['status'],
  };
}

/** Every id asked for is a key (unknown ids map to `[]`), in the order asked. */
export function groupByScan<T>(scanIds: readonly string[], rows: readonly Row[], convert: (row: Row) => T): Map<string, T[]> {
  const grouped = new Map<string, T[]>(scanIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(String(row.scan_id))?.push(convert(row));
  return grouped;
}

export function conflictError(location: string, scan: ScanRecord, existing: Row): HistoryStoreError {
  if (existing.id === scan.id) return new HistoryStoreError(`history store ${location} already has a scan with id ${scan.id}`);
  return new HistoryStoreError(`history store ${location} already has the report with sha256 ${scan.reportSha256} (scan ${String(existing.id)})`);
}

/**
 * The values of a `scans` row, in column order. JSON columns are sent as JSON text (node-postgres
 * would send a JS array as a PostgreSQL array); `complete` is encoded by the back end.
 */
export function scanRowValues(scan: ScanRecord, encodeBoolean: (value: boolean) => boolean | number): unknown[] {
  return [
    scan.id,
    storedInstant(scan.startedAt, `scan ${scan.id} startedAt`),
    storedInstant(scan.finishedAt, `scan ${scan.id} finishedAt`),
    scan.mode,
    scan.scopeKey,
    JSON.stringify(scan.providers),
    JSON.stringify(scan.scopes),
    scan.toolVersion,
    encodeBoolean(scan.complete),
    scan.origin,
    scan.reportSha256,
    JSON.stringify(scan.levels),
    JSON.stringify(scan.fail),
  ];
}
