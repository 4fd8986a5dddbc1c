/**
 * Row conversions both history back ends share: the rows of `observations` and `coverage` come
 * back with the same columns from SQLite and PostgreSQL.
 */
import { HistoryStoreError } from '../errors.ts';
import type { CoverageRecord, Observation, ScanRecord } from './model.ts';

export type Row = Record<string, unknown>;

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
