/**
 * The read side of `aiposture history` and `aiposture diff`: scans over time, and the comparison
 * of two comparable scans (by default the last two complete scans of the same scope).
 */
import { InputError } from '../errors.ts';
import type { DiffReport, HistoryListEntry } from '../report/history-section.ts';
import { compareScans } from './drift.ts';
import type { HistoryStore, ScanRecord } from './model.ts';
import { coverageOf, observationsOf, type Identity } from './record.ts';
import type { Report } from '../report/build.ts';
import { viewsOf } from './session.ts';

export async function listScans(store: HistoryStore): Promise<HistoryListEntry[]> {
  return (await store.scans()).map((scan) => ({
    id: scan.id,
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    mode: scan.mode,
    scopes: scan.scopes,
    levels: scan.levels.map(({ provider, level }) => ({ provider, level })),
    fail: scan.fail,
    complete: scan.complete,
    origin: scan.origin,
  }));
}

async function scanNamed(store: HistoryStore, id: string, flag: string): Promise<ScanRecord> {
  const scan = await store.scan(id);
  if (!scan) throw new InputError(`${flag} ${id}: no such scan in ${store.location} (see \`aiposture history\`)`);
  return scan;
}

/** The two scans `diff` compares: those named, or the latest complete scan and the latest complete comparable one before it. */
export async function scansToCompare(store: HistoryStore, from?: string, to?: string): Promise<{ from: ScanRecord; to: ScanRecord }> {
  const complete = await store.scans({ completeOnly: true });
  const after = to !== undefined ? await scanNamed(store, to, '--to') : complete.at(-1);
  if (!after) throw new InputError(`no complete scan stored in ${store.location} yet: run \`aiposture scan --history ${store.location}\``);
  if (from !== undefined) {
    const before = await scanNamed(store, from, '--from');
    if (before.scopeKey !== after.scopeKey)
      throw new InputError(
        `--from ${from} and ${after.id} are not comparable: they differ in mode, providers or scopes (spec: same providers and scope ids in the same mode)`,
      );
    return { from: before, to: after };
  }
  const before = complete.filter((scan) => scan.scopeKey === after.scopeKey && scan.finishedAt < after.finishedAt).at(-1);
  if (!before) throw new InputError(`scan ${after.id} has no earlier complete scan of the same scope to compare with`);
  return { from: before, to: after };
}

export async function diffScans(store: HistoryStore, identity: Identity, from?: string, to?: string): Promise<DiffReport> {
  const pair = await scansToCompare(store, from, to);
  const [before, after] = await viewsOf(store, [pair.from, pair.to], identity);
  if (!before || !after) throw new Error('scans vanished while reading them');
  const drift = compareScans(before, after);
  return {
    from: pair.from.id,
    to: pair.to.id,
    fromFinishedAt: pair.from.finishedAt,
    toFinishedAt: pair.to.finishedAt,
    counts: drift.counts,
    findings: drift.findings,
    levelChanges: drift.levelChanges,
    notCompared: drift.notCompared,
    coverageLost: drift.coverageLost,
  };
}

/**
 * Rebuilds the index rows of every stored scan from its immutable snapshot, under the current
 * fingerprint version and rule aliases: after an upgrade that changes fingerprints, or to repair
 * an index. Each scan is one transaction; returns how many were rebuilt.
 */
export async function reindexStore(store: HistoryStore, identity: Identity, onScan?: (scan: ScanRecord) => void): Promise<number> {
  let count = 0;
  for (const scan of await store.scans()) {
    const snapshot = await store.snapshot(scan.id);
    if (!snapshot) continue;
    const report = snapshot.report as Report;
    await store.reindex(scan.id, observationsOf(report, identity), coverageOf(report, identity));
    onScan?.(scan);
    count++;
  }
  return count;
}
