/**
 * Drift between two stored scans (spec §11, evidence-reporting §6.1): what changed for each
 * failing finding, which platform levels moved, and which reads that succeeded before no longer
 * did — coverage lost can hide a regression. Pure: the caller loads the scans.
 */
import type { FindingStatus } from '../engine/evaluate.ts';
import { severityRank } from '../engine/rule.ts';
import type { Provider } from '../model/common.ts';
import type { CoverageRecord, Observation, ScanRecord } from './model.ts';
import { driftStates, type CoverageLoss, type DriftChange, type DriftCounts, type DriftState, type LevelChange } from '../report/history-section.ts';

/** One stored scan with its observations and coverage: what the comparisons work on. */
export interface ScanView {
  scan: ScanRecord;
  observations: Observation[];
  coverage: CoverageRecord[];
}

export { driftStates };
export type { CoverageLoss, DriftCounts, DriftState, LevelChange };
/** One finding's change between two scans: the report's `changes` and `diff`'s `findings` entries. */
export type DriftEntry = DriftChange;

export interface Drift {
  findings: DriftEntry[];
  counts: DriftCounts;
  /** Fingerprints `unknown` before and failing after: not evaluated in both scans, so not compared and not listed. */
  notCompared: number;
  levelChanges: LevelChange[];
  coverageLost: CoverageLoss[];
}

/** Plain code-unit order: the same on every machine and locale. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Null before any string. */
function byNullableString(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return byString(a, b);
}

/**
 * Which status stands for a fingerprint observed more than once in one scan (fingerprints are
 * meant to be unique per scan, so this only makes a malformed scan deterministic): a failure
 * is never hidden by a duplicate.
 */
const statusPrecedence: Record<FindingStatus, number> = { fail: 4, unknown: 3, pass: 2, suppressed: 1, not_applicable: 0 };

/** The scan's observations by fingerprint (one per fingerprint, see `statusPrecedence`), optionally of one provider only. */
export function observationsByFingerprint(view: ScanView, provider?: Provider): Map<string, Observation> {
  const byFingerprint = new Map<string, Observation>();
  for (const observation of view.observations) {
    if (provider !== undefined && observation.provider !== provider) continue;
    const seen = byFingerprint.get(observation.fingerprint);
    if (seen === undefined || statusPrecedence[observation.status] > statusPrecedence[seen.status]) byFingerprint.set(observation.fingerprint, observation);
  }
  return byFingerprint;
}

const cell = (...parts: ReadonlyArray<string | null>) => JSON.stringify(parts);

/**
 * Whether a scan read the scope of a finding cleanly, so that its absence means it is gone: the
 * finding's region of its provider and scope id (or, when the scan has no entry for that region —
 * Azure and GCP list most things scope-wide — the scope-wide entries, region null) has at least one
 * `ok` read and no `denied` or `error` one. A read that failed next to it may be what hid the
 * finding, and unknown is never read as resolved. A finding without a region needs every read of
 * its scope clean. Built once per scan, then looked up.
 */
export function scopeReader(view: ScanView): (where: Pick<Observation, 'provider' | 'scopeId' | 'region'>) => boolean {
  const cells = new Map<string, { ok: boolean; failed: boolean }>();
  const mark = (key: string, status: CoverageRecord['status']) => {
    const state = cells.get(key) ?? { ok: false, failed: false };
    if (status === 'ok') state.ok = true;
    if (status === 'denied' || status === 'error') state.failed = true;
    cells.set(key, state);
  };
  for (const entry of view.coverage) {
    mark(cell(entry.provider, entry.scopeId, entry.region), entry.status);
    mark(cell(entry.provider, entry.scopeId), entry.status);
  }
  const clean = (key: string) => {
    const state = cells.get(key);
    return state !== undefined && state.ok && !state.failed;
  };
  return (where) => {
    if (where.region === null) return clean(cell(where.provider, where.scopeId));
    const regional = cell(where.provider, where.scopeId, where.region);
    return cells.has(regional) ? clean(regional) : clean(cell(where.provider, where.scopeId, null));
  };
}

function stateOf(before: Observation | undefined, after: Observation | undefined, afterReadScope: () => boolean): DriftState | 'not_compared' | null {
  const b = before?.status ?? null;
  const a = after?.status ?? null;
  if (a === 'fail') {
    if (b === 'fail') return 'still_open';
    if (b === 'pass') return 'regressed';
    if (b === 'unknown') return 'not_compared';
    // absent, not applicable, or suppressed (an exception that expired): newly reported.
    return 'new';
  }
  if (b !== 'fail') return null;
  if (a === 'pass') return 'resolved';
  if (a === null) return afterReadScope() ? 'no_longer_reported' : 'no_longer_assessed';
  // unknown, not applicable, suppressed: no longer evaluated as a failure.
  return 'no_longer_assessed';
}

const stateOrder: Record<DriftState, number> = Object.fromEntries(driftStates.map((state, index) => [state, index])) as Record<DriftState, number>;

function byEntry(a: DriftEntry, b: DriftEntry): number {
  return (
    stateOrder[a.state] - stateOrder[b.state] ||
    severityRank[b.severity] - severityRank[a.severity] ||
    byString(a.ruleId, b.ruleId) ||
    byString(a.resource.id, b.resource.id) ||
    byString(a.fingerprint, b.fingerprint)
  );
}

function levelChanges(before: ScanRecord, after: ScanRecord): LevelChange[] {
  const levelsOf = (scan: ScanRecord) => {
    const levels = new Map<Provider, number | null>();
    for (const entry of scan.levels) if (!levels.has(entry.provider)) levels.set(entry.provider, entry.level);
    return levels;
  };
  const from = levelsOf(before);
  const to = levelsOf(after);
  const changes: LevelChange[] = [];
  for (const provider of [...new Set([...from.keys(), ...to.keys()])].sort(byString)) {
    const a = from.has(provider) ? (from.get(provider) ?? null) : null;
    const b = to.has(provider) ? (to.get(provider) ?? null) : null;
    // A provider that appears or disappears with no level (not in use) changes nothing a reader could see.
    if (a !== b) changes.push({ provider, from: a, to: b });
  }
  return changes;
}

function coverageLost(before: ScanView, after: ScanView): CoverageLoss[] {
  const key = (entry: CoverageRecord) => cell(entry.provider, entry.scopeId, entry.region, entry.collector);
  const afterStatus = new Map<string, CoverageRecord['status']>();
  for (const entry of after.coverage) {
    // A cell read ok once in the scan is ok; otherwise the first failure reported for it stands.
    if (!afterStatus.has(key(entry)) || entry.status === 'ok') afterStatus.set(key(entry), entry.status);
  }
  const lost = new Map<string, CoverageLoss>();
  for (const entry of before.coverage) {
    if (entry.status !== 'ok' || lost.has(key(entry))) continue;
    const now = afterStatus.get(key(entry)) ?? null;
    if (now === 'ok') continue;
    lost.set(key(entry), { provider: entry.provider, scopeId: entry.scopeId, region: entry.region, collector: entry.collector, before: 'ok', after: now });
  }
  return [...lost.values()].sort(
    (a, b) => byString(a.provider, b.provider) || byString(a.scopeId, b.scopeId) || byNullableString(a.region, b.region) || byString(a.collector, b.collector),
  );
}

/**
 * Compares two scans of the same scope (`before` the earlier one). Drift compares only what was
 * evaluated in both: a fingerprint `unknown` before and failing after is counted in
 * `notCompared`, not listed. Fingerprints that fail in neither scan are not listed.
 */
export function compareScans(before: ScanView, after: ScanView): Drift {
  const was = observationsByFingerprint(before);
  const is = observationsByFingerprint(after);
  const afterRead = scopeReader(after);
  const findings: DriftEntry[] = [];
  let notCompared = 0;
  for (const fingerprint of new Set([...was.keys(), ...is.keys()])) {
    const b = was.get(fingerprint);
    const a = is.get(fingerprint);
    const state = stateOf(b, a, () => afterRead(b as Observation));
    if (state === null) continue;
    if (state === 'not_compared') {
      notCompared += 1;
      continue;
    }
    const shown = (a ?? b) as Observation;
    findings.push({
      fingerprint,
      ruleId: shown.ruleId,
      provider: shown.provider,
      resource: { id: shown.resourceId },
      severity: shown.severity,
      state,
      before: b?.status ?? null,
      after: a?.status ?? null,
    });
  }
  findings.sort(byEntry);
  const count = (state: DriftState) => findings.filter((entry) => entry.state === state).length;
  return {
    findings,
    counts: {
      new: count('new'),
      resolved: count('resolved'),
      regressed: count('regressed'),
      stillOpen: count('still_open'),
      noLongerAssessed: count('no_longer_assessed'),
      noLongerReported: count('no_longer_reported'),
    },
    notCompared,
    levelChanges: levelChanges(before.scan, after.scan),
    coverageLost: coverageLost(before, after),
  };
}
