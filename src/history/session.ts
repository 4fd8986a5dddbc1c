/**
 * Scan history for one scan run with `--history`: before maturity is inferred it reads the
 * comparable scans the store holds and turns them into evidence for the history criteria; when the
 * report is finished it adds the `history` section (drift since the previous comparable scan,
 * remediation times, SLA breaches) and writes the scan in one transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Provider } from '../model/common.ts';
import type { HistoryEvidence } from '../maturity/infer.ts';
import type { Baseline } from '../policy/baseline.ts';
import { slaDays } from '../policy/baseline.ts';
import type { Report } from '../report/build.ts';
import type { HistorySection } from '../report/history-section.ts';
import { compareScans, type ScanView } from './drift.ts';
import { historyCriteria } from './criteria.ts';
import { scopeKey, type HistoryStore, type ScanRecord } from './model.ts';
import { coverageOf, observationsOf, realias, scanRecordOf, storedScanOf, type Identity } from './record.ts';
import { exposureWindows, mttr, scanIntervalDays, slaBreaches } from './windows.ts';

/** The comparable scans a store holds for a scope key, oldest first, with observations read under current rule ids. */
export async function loadSeries(store: HistoryStore, key: string, identity: Identity, before?: string): Promise<ScanView[]> {
  const scans = (await store.scans({ scopeKey: key })).filter((scan) => before === undefined || scan.finishedAt < before);
  return viewsOf(store, scans, identity);
}

export async function viewsOf(store: HistoryStore, scans: readonly ScanRecord[], identity: Identity): Promise<ScanView[]> {
  const ids = scans.map((scan) => scan.id);
  const [observations, coverage] = await Promise.all([store.observations(ids), store.coverage(ids)]);
  return scans.map((scan) => ({
    scan,
    observations: (observations.get(scan.id) ?? []).map((observation) => realias(observation, identity.ruleAliases)),
    coverage: coverage.get(scan.id) ?? [],
  }));
}

export class ScanHistory {
  readonly scanId = uuidv7();
  private past: ScanView[] | undefined;

  readonly store: HistoryStore;
  private readonly identity: Identity;
  private readonly baseline: Baseline;

  constructor(store: HistoryStore, identity: Identity, baseline: Baseline) {
    this.store = store;
    this.identity = identity;
    this.baseline = baseline;
  }

  private async pastOf(report: Report): Promise<ScanView[]> {
    this.past ??= await loadSeries(this.store, scopeKey(report.scan.mode, report.scan.providers, report.scan.scopes), this.identity, report.scan.finishedAt);
    return this.past;
  }

  private currentView(report: Report): ScanView {
    return {
      scan: scanRecordOf(report, this.scanId, 'scan', ''),
      observations: observationsOf(report, this.identity),
      coverage: coverageOf(report, this.identity),
    };
  }

  /** Evidence for each provider's history criteria: the comparable scans stored, plus this one. */
  async evidence(draft: Report): Promise<ReadonlyMap<Provider, HistoryEvidence>> {
    const series = [...(await this.pastOf(draft)), this.currentView(draft)];
    const findingIds = new Map(draft.findings.map((finding) => [finding.fingerprint, finding.id]));
    return new Map(
      draft.scan.providers.map((provider) => [
        provider,
        historyCriteria({ provider, series, now: draft.scan.finishedAt, baseline: this.baseline, findingIds }) as HistoryEvidence,
      ]),
    );
  }

  /** Adds the `history` section to the finished report and stores the scan (one transaction). */
  async record(report: Report, inventory: unknown): Promise<HistorySection> {
    const past = await this.pastOf(report);
    const current = this.currentView(report);
    const previous = [...past].reverse().find((view) => view.scan.complete);
    const drift = previous ? compareScans(previous, current) : undefined;
    const series = [...past, current];
    const windows = exposureWindows(series);
    const interval = scanIntervalDays(series);
    const section: HistorySection = {
      store: this.store.kind,
      scanId: this.scanId,
      previousScanId: previous?.scan.id ?? null,
      previousFinishedAt: previous?.scan.finishedAt ?? null,
      drift: drift?.counts ?? { new: 0, resolved: 0, regressed: 0, stillOpen: 0, noLongerAssessed: 0, noLongerReported: 0 },
      levelChanges: drift?.levelChanges ?? [],
      mttrDays: mttr(windows),
      slaBreaches: slaBreaches(windows, (severity) => slaDays(this.baseline, severity)),
      changes: (drift?.findings ?? []).filter((entry) => entry.state !== 'still_open'),
      notCompared: drift?.notCompared ?? 0,
      coverageLost: drift?.coverageLost.length ?? 0,
      precision: {
        scans: series.length,
        medianScanIntervalDays: interval.median,
        note:
          interval.median === null
            ? 'One scan so far: remediation times need a second scan.'
            : `Measured on scan times: a fix lies somewhere between two scans, so each time is exact to about one scan interval (median ${spanText(interval.median)}).`,
      },
    };
    report.history = section;
    await this.store.save(storedScanOf({ report, id: this.scanId, origin: 'scan', inventory, identity: this.identity }));
    return section;
  }
}

/** `2.5 days`, `6 hours`, `12 minutes`: a scan interval as people say it. */
function spanText(days: number): string {
  if (days >= 1) return `${days} days`;
  const hours = days * 24;
  const minutes = Math.max(1, Math.round(hours * 60));
  return hours >= 1 ? `${Math.round(hours * 10) / 10} hours` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
