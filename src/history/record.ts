/**
 * A finished report as a stored scan: the index rows (scan, observations, coverage) and the
 * immutable snapshot. Used for live scans and for reports imported from files alike, so a
 * backfilled scan is indexed exactly as if it had been recorded when it ran.
 */
import { createHash } from 'node:crypto';
import type { Provider } from '../model/common.ts';
import type { Report } from '../report/build.ts';
import { fingerprintComponents, fingerprintOf, type FingerprintComponents } from '../report/fingerprint.ts';
import { scopeKey, type CoverageRecord, type FailCounts, type Observation, type ScanRecord, type StoredScan } from './model.ts';

/** The message collectors give reads that `--max-duration` cut off: a scan with any is not complete. */
const notReached = /^not reached\b/;

/** What recording needs to know about the providers: which fold id case, and former rule ids. */
export interface Identity {
  caseInsensitiveProviders: ReadonlySet<string>;
  ruleAliases: ReadonlyMap<string, string>;
}

export function observationsOf(report: Pick<Report, 'findings'>, identity: Identity): Observation[] {
  const byFingerprint = new Map<string, Observation>();
  for (const finding of report.findings) {
    const components = fingerprintComponents(finding, identity.caseInsensitiveProviders.has(finding.provider));
    const observation = toObservation({ ...components, ruleId: identity.ruleAliases.get(components.ruleId) ?? components.ruleId }, finding);
    // Two findings on one identity (a rule judging one resource twice) keep the worse status.
    const earlier = byFingerprint.get(observation.fingerprint);
    if (!earlier || statusWeight[observation.status] > statusWeight[earlier.status]) byFingerprint.set(observation.fingerprint, observation);
  }
  return [...byFingerprint.values()];
}

const statusWeight: Record<Observation['status'], number> = { fail: 4, unknown: 3, suppressed: 2, pass: 1, not_applicable: 0 };

function toObservation(components: FingerprintComponents, finding: Report['findings'][number]): Observation {
  return {
    fingerprint: fingerprintOf(components),
    ruleId: components.ruleId,
    provider: components.provider,
    scopeId: components.scopeId,
    region: components.location === 'global' ? null : components.location,
    resourceId: components.resourceUid,
    severity: finding.severity,
    status: finding.status,
  };
}

/**
 * An observation recorded under a rule's former id, read as the rule's current one: the stored
 * components are re-fingerprinted, so a rename keeps the finding's history.
 */
export function realias(observation: Observation, ruleAliases: ReadonlyMap<string, string>): Observation {
  const current = ruleAliases.get(observation.ruleId);
  if (current === undefined) return observation;
  return {
    ...observation,
    ruleId: current,
    fingerprint: fingerprintOf({
      ruleId: current,
      provider: observation.provider,
      scopeId: observation.scopeId,
      location: observation.region ?? 'global',
      resourceUid: observation.resourceId,
    }),
  };
}

export function coverageOf(report: Pick<Report, 'coverage'>, identity: Identity): CoverageRecord[] {
  const fold = (provider: Provider, id: string) => (identity.caseInsensitiveProviders.has(provider) ? id.toLowerCase() : id);
  return report.coverage.map((entry) => ({
    provider: entry.provider,
    scopeId: fold(entry.provider, entry.scope.id),
    region: entry.region,
    collector: entry.collector,
    status: entry.status,
  }));
}

export function failCounts(report: Pick<Report, 'findings'>): FailCounts {
  const counts: FailCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of report.findings) if (finding.status === 'fail' && finding.severity !== 'info') counts[finding.severity]++;
  return counts;
}

export function scanRecordOf(report: Report, id: string, origin: ScanRecord['origin'], reportJson: string): ScanRecord {
  return {
    id,
    startedAt: report.scan.startedAt,
    finishedAt: report.scan.finishedAt,
    mode: report.scan.mode,
    scopeKey: scopeKey(report.scan.mode, report.scan.providers, report.scan.scopes),
    providers: report.scan.providers,
    scopes: report.scan.scopes,
    toolVersion: report.tool.version,
    complete: !report.coverage.some((entry) => entry.message !== undefined && notReached.test(entry.message)),
    origin,
    reportSha256: createHash('sha256').update(reportJson).digest('hex'),
    levels: (report.maturity?.platforms ?? []).map((platform) => ({ provider: platform.provider, inUse: platform.inUse, level: platform.level })),
    fail: failCounts(report),
  };
}

/** The stored form of a report: `reportJson` is the report as rendered (its sha256 makes imports idempotent). */
export function storedScanOf(input: {
  report: Report;
  id: string;
  origin: ScanRecord['origin'];
  inventory: unknown;
  identity: Identity;
  reportJson?: string;
}): StoredScan {
  const reportJson = input.reportJson ?? JSON.stringify(input.report);
  return {
    scan: scanRecordOf(input.report, input.id, input.origin, reportJson),
    observations: observationsOf(input.report, input.identity),
    coverage: coverageOf(input.report, input.identity),
    snapshot: { report: input.report, inventory: input.inventory },
  };
}
