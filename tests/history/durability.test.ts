/**
 * History under the conditions of real schedules, through real `aiposture` processes: a scan
 * killed midway (kill -9) leaves the earlier history intact and the SQLite file sound; two scans
 * writing to one file at once both land; and a team's PostgreSQL history works end to end
 * (scans, the history section, diff) on a real server started by the test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Report } from '../../src/report/build.ts';
import type { DiffReport, HistoryListEntry } from '../../src/report/history-section.ts';
import { estatePath, repoRoot, runCli } from '../e2e/helpers.ts';
import { runMain } from '../e2e/in-process.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-history-durability-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function integrity(file: string): string {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return String((db.prepare('PRAGMA integrity_check').get() as Record<string, unknown>).integrity_check);
  } finally {
    db.close();
  }
}

async function listed(store: string): Promise<HistoryListEntry[]> {
  const run = await runMain(['history', '--history', store, '--format', 'json']);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { scans: HistoryListEntry[] }).scans;
}

/** The level-2 AWS estate with every request delayed: a scan that takes many seconds. */
function slowEstate(latencyMs: number): string {
  const estate = parse(readFileSync(estatePath('aws-level2.yaml'), 'utf8')) as { aws: Record<string, unknown> };
  estate.aws.latencyMs = latencyMs;
  const file = join(work, `slow-${latencyMs}.yaml`);
  writeFileSync(file, stringify(estate));
  return file;
}

describe('SQLite history and real processes', () => {
  it('a scan killed midway (kill -9) leaves the earlier history intact, readable and sound', async () => {
    const store = join(work, 'killed.db');
    const first = await runCli(['demo', '--estate', estatePath('aws-level2.yaml'), '--history', store, '--format', 'json']);
    expect(first.code).toBe(0);
    const before = await listed(store);
    expect(before).toHaveLength(1);

    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/cli.ts', 'demo', '--estate', slowEstate(400), '--history', store], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    // The store is opened (and migrated) before collection starts; each request then takes 400 ms,
    // so 2.5 s in, the scan is mid-collection.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    expect(stderr).toBe('');

    expect(integrity(store)).toBe('ok');
    const after = await listed(store);
    expect(after).toEqual(before);
    // The store still takes scans and compares against the one before the killed run.
    const next = await runMain(['demo', '--estate', estatePath('aws-level2.yaml'), '--history', store, '--format', 'json']);
    expect((JSON.parse(next.stdout) as Report).history?.previousScanId).toBe(before[0]?.id);
  });

  it('two scans writing to one file at once both land', async () => {
    const store = join(work, 'concurrent.db');
    const runs = await Promise.all(
      ['aws-level2.yaml', 'aws-level3.yaml'].map((estate) => runCli(['demo', '--estate', estatePath(estate), '--history', store, '--format', 'json'])),
    );
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });
    const ids = runs.map((run) => (JSON.parse(run.stdout) as Report).history?.scanId);
    expect(integrity(store)).toBe('ok');
    expect(
      (await listed(store))
        .map((scan) => scan.id)
        .sort()
        .join(),
    ).toBe([...ids].sort().join());
  });
});

describe('PostgreSQL history shared by runners', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records scans, reports drift and diffs them like SQLite does', async () => {
    const url = await server.newDatabase();
    const first = JSON.parse((await runMain(['demo', '--estate', estatePath('aws-level2.yaml'), '--history', url, '--format', 'json'])).stdout) as Report;
    const second = JSON.parse((await runMain(['demo', '--estate', estatePath('aws-level3.yaml'), '--history', url, '--format', 'json'])).stdout) as Report;
    expect(first.history).toMatchObject({ store: 'postgres', previousScanId: null });
    expect(second.history).toMatchObject({ store: 'postgres', previousScanId: first.history?.scanId, levelChanges: [{ provider: 'aws', from: 2, to: 3 }] });
    expect(second.history?.drift.resolved).toBeGreaterThan(0);
    const diff = JSON.parse((await runMain(['diff', '--history', url, '--format', 'json'])).stdout) as DiffReport;
    expect(diff.counts).toEqual(second.history?.drift);
    const shown = await runMain(['history', 'show', second.history?.scanId ?? '', '--history', url, '--format', 'json']);
    expect(JSON.parse(shown.stdout)).toEqual(second);
  });

  it('an unreachable server is exit 3 with one line that carries no password', async () => {
    const run = await runMain(['demo', '--estate', estatePath('aws-level2.yaml'), '--history', 'postgres://scanner:s3cret-pw@127.0.0.1:1/history']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
