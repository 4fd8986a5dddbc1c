/**
 * `aiposture history import REPORT.json…`: backfills history from saved JSON reports (spec §11),
 * so teams that archived nightly reports keep their past. Every file is read and validated before
 * anything is written; a report's `scan.finishedAt` is its time; importing the same report twice
 * stores it once. Reports written before fingerprints existed are fingerprinted on import.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { readJsonFile } from '../read-file.ts';
import type { Report } from '../report/build.ts';
import { withFingerprints } from '../report/fingerprint.ts';
import type { Finding } from '../engine/evaluate.ts';
import type { HistoryStore } from './model.ts';
import { storedScanOf, type Identity } from './record.ts';

/** A day of findings of a large organisation is tens of megabytes; anything beyond this is not a report. */
const maxReportBytes = 512 * 1024 * 1024;

const isoTime = z.iso.datetime({ offset: true });
const status = z.enum(['pass', 'fail', 'unknown', 'not_applicable', 'suppressed']);

/** What history reads from a saved report (schemaVersion 1, spec §4); everything else is kept as is in the snapshot. */
const SavedReportSchema = z.looseObject({
  schemaVersion: z.literal(1),
  tool: z.looseObject({ name: z.literal('aiposture'), version: z.string() }),
  scan: z.looseObject({
    mode: z.enum(['live', 'iac', 'demo']),
    startedAt: isoTime,
    finishedAt: isoTime,
    providers: z.array(z.string().min(1)),
    scopes: z.array(z.looseObject({ provider: z.string(), type: z.string(), id: z.string(), name: z.string().optional() })),
  }),
  maturity: z
    .looseObject({
      platforms: z.array(z.looseObject({ provider: z.string(), inUse: z.boolean().nullable(), level: z.number().int().min(1).max(5).nullable() })),
    })
    .nullable(),
  findings: z.array(
    z.looseObject({
      id: z.string(),
      ruleId: z.string().min(1),
      severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
      status,
      provider: z.string().min(1),
      scope: z.looseObject({ type: z.string(), id: z.string() }),
      region: z.string().nullable(),
      resource: z.looseObject({ id: z.string(), type: z.string() }),
      source: z.union([z.looseObject({ api: z.string() }), z.looseObject({ file: z.string(), address: z.string().optional() })]),
      fingerprint: z.string().optional(),
    }),
  ),
  coverage: z.array(
    z.looseObject({
      provider: z.string(),
      scope: z.looseObject({ type: z.string(), id: z.string() }),
      region: z.string().nullable(),
      collector: z.string(),
      status: z.enum(['ok', 'denied', 'unsupported', 'error']),
      message: z.string().optional(),
    }),
  ),
});

export interface ParsedReport {
  file: string;
  report: Report;
  /** The report as compact JSON, as read (before fingerprints are added): its sha256 identifies it, however the file was indented. */
  canonical: string;
}

/** Reads and validates one saved report; any problem is an InputError naming the file and the place. */
export async function readSavedReport(file: string, identity: Identity): Promise<ParsedReport> {
  const value = await readJsonFile(file, { bytes: maxReportBytes, name: 'the 512 MB limit for reports' });
  const parsed = SavedReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new InputError(`${file}: ${where}: ${issue?.message ?? 'not an aiposture JSON report'} (expected an aiposture JSON report, --format json)`);
  }
  const canonical = JSON.stringify(value);
  const report = parsed.data as unknown as Report;
  // Reports from before fingerprints existed get them now, computed as a scan would have.
  const unprinted = report.findings.filter((finding) => !finding.fingerprint) as Finding[];
  if (unprinted.length > 0) report.findings = withFingerprints(report.findings as Finding[], identity.caseInsensitiveProviders);
  return { file, report, canonical };
}

export interface ImportOutcome {
  file: string;
  scanId: string | null;
  /** `imported`, or `already stored` when the same report was imported before. */
  result: 'imported' | 'already stored';
  finishedAt: string;
}

export async function importReports(store: HistoryStore, files: readonly string[], identity: Identity): Promise<ImportOutcome[]> {
  // All files are validated first: a bad file among many imports nothing.
  const parsed: ParsedReport[] = [];
  for (const file of files) parsed.push(await readSavedReport(file, identity));
  const outcomes: ImportOutcome[] = [];
  const seen = new Set<string>();
  for (const { file, report, canonical } of parsed) {
    // A report written by a scan run with --history names its scan: importing it again is a no-op.
    const recordedId = report.history?.scanId;
    const id = recordedId ?? uuidv7({ msecs: Date.parse(report.scan.finishedAt) });
    const stored = storedScanOf({ report, id, origin: 'import', inventory: null, identity, reportJson: canonical });
    const duplicate =
      seen.has(stored.scan.reportSha256) ||
      (await store.hasReport(stored.scan.reportSha256)) ||
      (recordedId !== undefined && (await store.scan(recordedId)) !== undefined);
    seen.add(stored.scan.reportSha256);
    if (duplicate) {
      outcomes.push({ file, scanId: null, result: 'already stored', finishedAt: report.scan.finishedAt });
      continue;
    }
    await store.save(stored);
    outcomes.push({ file, scanId: stored.scan.id, result: 'imported', finishedAt: report.scan.finishedAt });
  }
  return outcomes;
}
