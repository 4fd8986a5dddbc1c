/**
 * Scan history through the CLI, as a platform team uses it: scheduled scans with `--history`, the
 * report's `history` section and its "since the last scan" block, `diff`, `history`, `history
 * import` of archived reports (back-dated, so the history criteria can be observed over weeks),
 * `history show`, `history prune`, and `policy init/check`. Runs in process against the fake
 * cloud's level-2 and level-3 AWS estates (same account, so their scans are comparable).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registry, createRegistry, builtInProviders } from '../../src/providers.ts';
import type { Report } from '../../src/report/build.ts';
import type { DiffReport, HistoryListEntry } from '../../src/report/history-section.ts';
import { reportSchema } from '../../src/report/schema.ts';
import { openHistoryStore } from '../../src/history/open.ts';
import { estatePath } from '../e2e/helpers.ts';
import { runMain } from '../e2e/in-process.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-history-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(reportSchema(registry.providers.map((provider) => provider.id)));

const day = 86_400_000;
let counter = 0;
const freshStore = () => join(work, `history-${++counter}.db`);

async function demo(estate: string, store: string, extra: string[] = []): Promise<Report> {
  const run = await runMain(['demo', '--estate', estatePath(estate), '--history', store, '--format', 'json', ...extra]);
  expect(run.stderr).toBe('');
  expect([0, 1]).toContain(run.code);
  return JSON.parse(run.stdout) as Report;
}

/** A saved report moved back in time: what a team archiving nightly JSON reports has on disk. */
function backdated(report: Report, daysAgo: number, now: number): string {
  const copy = structuredClone(report);
  delete copy.history;
  const finished = now - daysAgo * day;
  copy.scan.startedAt = new Date(finished - 60_000).toISOString();
  copy.scan.finishedAt = new Date(finished).toISOString();
  const file = join(work, `report-${++counter}.json`);
  writeFileSync(file, `${JSON.stringify(copy, null, 2)}\n`);
  return file;
}

const criterion = (report: Report, id: string) => report.maturity?.platforms[0]?.criteria.find((entry) => entry.id === id);

describe('scheduled scans with --history', () => {
  it('record every scan; the second report says what changed since the first, and diff agrees', async () => {
    const store = freshStore();
    const first = await demo('aws-level2.yaml', store);
    expect(first.history).toMatchObject({ store: 'sqlite', previousScanId: null, drift: { new: 0, resolved: 0, stillOpen: 0 } });
    expect(validateReport(first), JSON.stringify(validateReport.errors)).toBe(true);

    const second = await demo('aws-level3.yaml', store);
    expect(validateReport(second), JSON.stringify(validateReport.errors)).toBe(true);
    // The schema is not vacuous about the section: a drift state or store it does not know fails it.
    const change = second.history?.changes[0];
    expect(validateReport({ ...second, history: { ...second.history, changes: [{ ...change, state: 'fixed' }] } })).toBe(false);
    expect(validateReport({ ...second, history: { ...second.history, store: 'mysql' } })).toBe(false);
    const history = second.history;
    expect(history?.previousScanId).toBe(first.history?.scanId);
    expect(history?.levelChanges).toEqual([{ provider: 'aws', from: 2, to: 3 }]);
    // Level 2 → 3 fixes the failures the level-3 estate no longer has: they are resolved, none is new.
    const failingBefore = first.findings.filter((finding) => finding.status === 'fail');
    const failingAfter = new Set(second.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.fingerprint));
    const resolved = failingBefore.filter((finding) => second.findings.some((later) => later.fingerprint === finding.fingerprint && later.status === 'pass'));
    expect(resolved.length).toBeGreaterThan(0);
    expect(history?.drift.resolved).toBe(resolved.length);
    expect(history?.drift.stillOpen).toBe(failingBefore.filter((finding) => failingAfter.has(finding.fingerprint)).length);
    expect(history?.changes.filter((change) => change.state === 'resolved').map((change) => change.fingerprint)).toEqual(
      expect.arrayContaining(resolved.map((finding) => finding.fingerprint)),
    );
    // Both scans finished seconds apart: the windows they closed are shorter than a day.
    expect(history?.mttrDays.every((entry) => entry.days < 1 && entry.provider === 'aws')).toBe(true);

    const diff = await runMain(['diff', '--history', store, '--format', 'json']);
    expect(diff.code).toBe(0);
    const parsed = JSON.parse(diff.stdout) as DiffReport;
    expect(parsed).toMatchObject({ from: first.history?.scanId, to: history?.scanId, levelChanges: [{ provider: 'aws', from: 2, to: 3 }] });
    expect(parsed.counts).toEqual(history?.drift);
    expect(parsed.findings.find((entry) => entry.state === 'resolved')).toMatchObject({ before: 'fail', after: 'pass' });

    const text = await runMain(['diff', '--history', store]);
    expect(text.stdout).toMatch(/^aiposture diff .* → /);
    expect(text.stdout).toContain(`${history?.drift.resolved} resolved`);
    expect(text.stdout).toMatch(/level: AWS Bedrock: Level 2 → Level 3/);
    const markdown = await runMain(['diff', '--history', store, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/\| resolved \| \w+ \| `aws\//);

    const list = await runMain(['history', '--history', store, '--format', 'json']);
    const scans = (JSON.parse(list.stdout) as { scans: HistoryListEntry[] }).scans;
    expect(scans.map((scan) => scan.id)).toEqual([first.history?.scanId, history?.scanId]);
    expect(scans.map((scan) => scan.levels)).toEqual([[{ provider: 'aws', level: 2 }], [{ provider: 'aws', level: 3 }]]);
    expect(scans[0]?.fail).toEqual({
      critical: 0,
      high: failingBefore.filter((finding) => finding.severity === 'high').length,
      medium: failingBefore.filter((finding) => finding.severity === 'medium').length,
      low: failingBefore.filter((finding) => finding.severity === 'low').length,
    });
  });

  it('the text report shows "since the last scan"; AIPOSTURE_HISTORY sets the default store', async () => {
    const store = freshStore();
    const env = { AIPOSTURE_HISTORY: store };
    expect((await runMain(['demo', '--estate', estatePath('aws-level2.yaml')], env)).code).toBe(0);
    const run = await runMain(['demo', '--estate', estatePath('aws-level3.yaml')], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Since the last scan\n {2}since \d{4}-\d\d-\d\d \d\d:\d\d \(scan [0-9a-f-]{36}\): \d+ new, [1-9]\d* resolved, 0 regressed/);
    expect(run.stdout).toContain('level: AWS Bedrock: Level 2 → Level 3');
    expect(run.stdout).toMatch(/ {2}resolved {3}(high|medium) +aws\//);
    const list = await runMain(['history'], env);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
  });
});

describe('criteria that need time, from imported archives', () => {
  it('level-2 failures left open for three weeks breach the SLA; fixed now, they resolve with their MTTR and L4.remediation-sla stays unmet', async () => {
    const store = freshStore();
    const now = Date.now();
    const level2 = await demo('aws-level2.yaml', freshStore());
    const archive = Array.from({ length: 21 }, (_, index) => backdated(level2, 21 - index, now));
    const imported = await runMain(['history', 'import', ...archive, '--history', store]);
    expect(imported.code).toBe(0);
    expect(imported.stdout.match(/^imported: /gm)).toHaveLength(21);

    const stillLevel2 = await demo('aws-level2.yaml', store);
    expect(criterion(stillLevel2, 'L5.continuous-validation')).toMatchObject({ status: 'met' });
    expect(criterion(stillLevel2, 'L3.drift-detection')?.status).toBe('met');
    const sla = criterion(stillLevel2, 'L4.remediation-sla');
    expect(sla?.status).toBe('unmet');
    const breaches = stillLevel2.history?.slaBreaches ?? [];
    const mediumOrAbove = stillLevel2.findings.filter((finding) => finding.status === 'fail' && ['critical', 'high', 'medium'].includes(finding.severity));
    expect(breaches.map((breach) => breach.fingerprint)).toEqual(expect.arrayContaining(mediumOrAbove.map((finding) => finding.fingerprint)));
    expect(breaches[0]).toMatchObject({ slaDays: 14 });
    expect(breaches[0]?.days).toBeGreaterThanOrEqual(21);
    expect(sla?.findings).toEqual(expect.arrayContaining(mediumOrAbove.map((finding) => finding.id)));

    const fixed = await demo('aws-level3.yaml', store);
    expect(fixed.history?.drift.resolved).toBeGreaterThan(0);
    const mttr = fixed.history?.mttrDays.find((entry) => entry.severity === 'high');
    expect(mttr?.days).toBeGreaterThanOrEqual(21);
    expect(fixed.history?.slaBreaches).toEqual([]);
    // Remediated, but three weeks late: the SLA was not kept in the last 90 days.
    expect(criterion(fixed, 'L4.remediation-sla')?.status).toBe('unmet');
  });

  it('a clean estate scanned daily for three weeks, with the measured review attested, is Level 4', async () => {
    const store = freshStore();
    const now = Date.now();
    const level3 = await demo('aws-level3.yaml', freshStore());
    const archive = Array.from({ length: 21 }, (_, index) => backdated(level3, 21 - index, now));
    expect((await runMain(['history', 'import', ...archive, '--history', store])).code).toBe(0);
    const policy = join(work, 'attested.yaml');
    writeFileSync(
      policy,
      [
        'attestations:',
        '  - criterion: L4.measured-review',
        '    statement: Monthly false-positive review; AI security cost in the FinOps dashboard',
        '    owner: platform-security@example.com',
        '    date: 2026-11-01',
        '    reference: https://wiki.example.com/reviews',
        '',
      ].join('\n'),
    );
    const report = await demo('aws-level3.yaml', store, ['--policy', policy]);
    expect(criterion(report, 'L4.remediation-sla')).toMatchObject({ status: 'met' });
    expect(criterion(report, 'L5.continuous-validation')).toMatchObject({ status: 'met' });
    expect(report.maturity?.platforms[0]?.level).toBe(4);
  });

  it('without enough history the criteria are unknown and say why', async () => {
    const store = freshStore();
    const report = await demo('aws-level3.yaml', store);
    expect(criterion(report, 'L4.remediation-sla')).toMatchObject({ status: 'unknown' });
    expect(criterion(report, 'L4.remediation-sla')?.summary).toMatch(/1 scan|one scan|span/i);
    expect(criterion(report, 'L5.continuous-validation')).toMatchObject({ status: 'unknown' });
    const without = await runMain(['demo', '--estate', estatePath('aws-level3.yaml'), '--format', 'json']);
    const plain = JSON.parse(without.stdout) as Report;
    expect(plain.history).toBeUndefined();
    expect(criterion(plain, 'L4.remediation-sla')?.summary).toContain('--history');
  });
});

describe('history import, show, prune', () => {
  it('imports a report written before fingerprints existed as the same findings a scan records', async () => {
    const store = freshStore();
    const report = await demo('aws-level2.yaml', freshStore());
    const old = structuredClone(report) as unknown as { findings: Array<Record<string, unknown>>; history?: unknown };
    for (const finding of old.findings) delete finding.fingerprint;
    delete old.history;
    const file = join(work, 'pre-fingerprint.json');
    writeFileSync(file, JSON.stringify(old));
    expect((await runMain(['history', 'import', file, '--history', store])).code).toBe(0);
    await demo('aws-level2.yaml', store);
    const diff = JSON.parse((await runMain(['diff', '--history', store, '--format', 'json'])).stdout) as DiffReport;
    expect(diff.counts.new).toBe(0);
    expect(diff.counts.noLongerReported).toBe(0);
    expect(diff.counts.stillOpen).toBe(report.findings.filter((finding) => finding.status === 'fail').length);
  });

  it('a renamed rule keeps its history through the alias in its metadata', async () => {
    const store = freshStore();
    const report = await demo('aws-level2.yaml', freshStore());
    // The archive was written when aws/enforced-guardrail was called aws/account-guardrail.
    const old = structuredClone(report);
    delete old.history;
    for (const finding of old.findings) if (finding.ruleId === 'aws/enforced-guardrail') finding.ruleId = 'aws/account-guardrail';
    const file = join(work, 'renamed.json');
    writeFileSync(file, JSON.stringify(old));
    const renamed = createRegistry(
      builtInProviders.map((provider) =>
        provider.id !== 'aws'
          ? provider
          : {
              ...provider,
              rules: provider.rules.map((rule) =>
                rule.meta.id === 'aws/enforced-guardrail' ? { ...rule, meta: { ...rule.meta, aliases: ['aws/account-guardrail'] } } : rule,
              ),
            },
      ),
    );
    const { main } = await import('../../src/main.ts');
    const io = { stdout: () => undefined, stderr: () => undefined, isTty: false };
    expect(await main(['history', 'import', file, '--history', store], io, renamed)).toBe(0);
    let stdout = '';
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    expect([0, 1]).toContain(await main(['demo', '--estate', estatePath('aws-level2.yaml'), '--history', store, '--quiet'], io, renamed));
    expect(await main(['diff', '--history', store, '--format', 'json'], { ...io, stdout: (text) => void (stdout += text) }, renamed)).toBe(0);
    const diff = JSON.parse(stdout) as DiffReport;
    const present = diff.findings.filter((entry) => entry.ruleId === 'aws/enforced-guardrail');
    expect(present.length).toBeGreaterThan(0);
    expect(present.every((entry) => entry.state === 'still_open')).toBe(true);
    expect(diff.counts.new).toBe(0);
  });

  it('reindex rebuilds the index from the snapshots', async () => {
    const store = freshStore();
    await demo('aws-level2.yaml', store);
    await demo('aws-level3.yaml', store);
    const before = (await runMain(['diff', '--history', store, '--format', 'json'])).stdout;
    // Damage the index of both scans; the snapshots stay.
    const opened = await openHistoryStore(store);
    for (const scan of await opened.scans()) await opened.reindex(scan.id, [], []);
    await opened.close();
    expect((JSON.parse((await runMain(['diff', '--history', store, '--format', 'json'])).stdout) as DiffReport).findings).toEqual([]);
    const run = await runMain(['history', 'reindex', '--history', store]);
    expect(run).toMatchObject({ code: 0, stdout: 'reindexed 2 scan(s) from their snapshots\n' });
    expect((await runMain(['diff', '--history', store, '--format', 'json'])).stdout).toBe(before);
  });

  it('validates every file before importing any; importing twice stores once', async () => {
    const store = freshStore();
    const good = backdated(await demo('aws-level2.yaml', freshStore()), 1, Date.now());
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, tool: { name: 'aiposture', version: '0.0.1' }, scan: { mode: 'live' } }));
    const refused = await runMain(['history', 'import', good, bad, '--history', store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^aiposture: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: scan\\.startedAt: .*\\n$`));
    expect((await runMain(['history', '--history', store])).stdout).toBe('no scans stored yet\n');

    expect((await runMain(['history', 'import', good, '--history', store])).stdout).toMatch(/^imported: /);
    expect((await runMain(['history', 'import', good, '--history', store])).stdout).toMatch(/^already stored: /);
    const notJson = join(work, 'not.json');
    writeFileSync(notJson, 'hello');
    expect((await runMain(['history', 'import', notJson, '--history', store])).stderr).toMatch(/not\.json: not JSON/);
  });

  it('show re-renders a stored scan in another format; prune removes old scans only', async () => {
    const store = freshStore();
    const now = Date.now();
    const report = await demo('aws-level2.yaml', freshStore());
    const files = [500, 30, 2].map((daysAgo) => backdated(report, daysAgo, now));
    expect((await runMain(['history', 'import', ...files, '--history', store])).code).toBe(0);
    const scans = (JSON.parse((await runMain(['history', '--history', store, '--format', 'json'])).stdout) as { scans: HistoryListEntry[] }).scans;
    expect(scans).toHaveLength(3);

    const shown = await runMain(['history', 'show', scans[2]?.id ?? '', '--history', store, '--format', 'markdown']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^## aiposture .* — demo scan/);
    const unknownId = await runMain(['history', 'show', 'no-such-scan', '--history', store]);
    expect(unknownId).toMatchObject({ code: 2 });
    expect(unknownId.stderr).toMatch(/no-such-scan: no such scan/);

    const pruned = await runMain(['history', 'prune', '--older-than', '400d', '--history', store]);
    expect(pruned.stdout).toMatch(/^pruned 1 scan\(s\) finished before /);
    const left = (JSON.parse((await runMain(['history', '--history', store, '--format', 'json'])).stdout) as { scans: HistoryListEntry[] }).scans;
    expect(left.map((scan) => scan.id)).toEqual([scans[1]?.id, scans[2]?.id]);
    expect((await runMain(['history', 'prune', '--older-than', 'soon', '--history', store])).stderr).toMatch(/--older-than: expected an age such as 400d/);
  });
});

describe('history stores that are not', () => {
  it.each([
    ['a directory', () => work, /is a directory|directory/],
    ['a text file', () => writeText('notes.db', 'not a database'), /not an? (SQLite|aiposture)/i],
  ])('%s is bad input (exit 2, one line), before any scan', async (_name, path, message) => {
    const run = await runMain(['demo', '--estate', estatePath('aws-level2.yaml'), '--history', path()]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('history and diff without a store say how to name one', async () => {
    const run = await runMain(['diff']);
    expect(run).toMatchObject({ code: 2 });
    expect(run.stderr).toContain('no history store: pass --history');
    const empty = freshStore();
    expect((await runMain(['diff', '--history', empty])).stderr).toMatch(/no complete scan stored/);
  });
});

describe('policy init and check', () => {
  it('init writes a commented policy that check accepts and a scan uses unchanged', async () => {
    const file = join(work, 'policy.yaml');
    const init = await runMain(['policy', 'init', '--output', file]);
    expect(init.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# aiposture policy/);
    expect(text).toContain('remediationSlaDays: 14');
    expect(text).toContain('#  - criterion: L4.measured-review');
    const check = await runMain(['policy', 'check', file]);
    expect(check).toMatchObject({ code: 0, stderr: '' });
    expect(check.stdout).toMatch(/policy\.yaml: valid — 0 rule setting\(s\), 0 exception\(s\), 0 attestation\(s\), remediation SLA 14 days/);
    const again = await runMain(['policy', 'init', '--output', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
  });

  it('check names the line and key of the first problem (exit 2)', async () => {
    const file = writeText('bad-policy.yaml', ['version: 1', 'baseline:', '  remediationSlaDaysBySeverity:', '    critical: -3', ''].join('\n'));
    const run = await runMain(['policy', 'check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-policy\.yaml:4: baseline\.remediationSlaDaysBySeverity\.critical: /);
  });

  it('a per-severity SLA from the policy applies to SLA breaches', async () => {
    const store = freshStore();
    const now = Date.now();
    const level2 = await demo('aws-level2.yaml', freshStore());
    const archive = [5, 4, 3, 2, 1].map((daysAgo) => backdated(level2, daysAgo, now));
    expect((await runMain(['history', 'import', ...archive, '--history', store])).code).toBe(0);
    const policy = writeText('sla.yaml', ['baseline:', '  remediationSlaDaysBySeverity:', '    high: 3', ''].join('\n'));
    const report = await demo('aws-level2.yaml', store, ['--policy', policy]);
    const breaches = report.history?.slaBreaches ?? [];
    const severities = new Set(breaches.map((breach) => report.findings.find((finding) => finding.fingerprint === breach.fingerprint)?.severity));
    expect([...severities]).toEqual(['high']);
    expect(breaches.every((breach) => breach.slaDays === 3 && breach.days >= 5)).toBe(true);
  });
});

function writeText(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}
