/**
 * Builders of stored scans for the history store tests (also imported by the child processes of
 * the concurrent-writer test, so plain data only: no test framework here).
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { scopeKey, type CoverageRecord, type Observation, type ScanRecord, type Snapshot, type StoredScan } from '../../src/history/model.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A small, valid stored scan; every part can be replaced. The report digest derives from the id, so two built scans never share one by accident. */
export function storedScan(
  overrides: Partial<ScanRecord> = {},
  parts: { observations?: Observation[]; coverage?: CoverageRecord[]; snapshot?: Snapshot } = {},
): StoredScan {
  const id = overrides.id ?? uuidv7();
  const mode = overrides.mode ?? 'live';
  const providers = overrides.providers ?? ['aws'];
  const scopes = overrides.scopes ?? [{ provider: 'aws', type: 'account', id: '111122223333' }];
  const scan: ScanRecord = {
    id,
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:05:00.000Z',
    mode,
    scopeKey: scopeKey(mode, providers, scopes),
    providers,
    scopes,
    toolVersion: '0.1.0',
    complete: true,
    origin: 'scan',
    reportSha256: sha256(`report of ${id}`),
    levels: [{ provider: 'aws', inUse: true, level: 2 }],
    fail: { critical: 0, high: 1, medium: 2, low: 3 },
    ...overrides,
  };
  return {
    scan,
    observations: parts.observations ?? manyObservations(3, id),
    coverage: parts.coverage ?? [{ provider: 'aws', scopeId: '111122223333', region: 'us-east-1', collector: 'bedrock', status: 'ok' }],
    snapshot: parts.snapshot ?? { report: { scanId: id }, inventory: null },
  };
}

const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
const statuses = ['fail', 'pass', 'unknown', 'not_applicable', 'suppressed'] as const;

/** `count` observations whose fingerprints sort in the order generated (the order a store returns them in). */
export function manyObservations(count: number, prefix: string): Observation[] {
  return Array.from({ length: count }, (_, index) => ({
    fingerprint: `${prefix}-${String(index).padStart(7, '0')}`,
    ruleId: `AWS-BEDROCK-${String(index % 40).padStart(3, '0')}`,
    provider: 'aws',
    scopeId: '111122223333',
    region: index % 7 === 0 ? null : 'eu-west-1',
    resourceId: `arn:aws:bedrock:eu-west-1:111122223333:guardrail/g-${index}`,
    severity: severities[index % severities.length] ?? 'low',
    status: statuses[index % statuses.length] ?? 'fail',
  }));
}
