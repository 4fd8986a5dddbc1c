/**
 * The history store contract (src/history/model.ts), one suite run against both back ends: an
 * SQLite file in a temporary directory and a fresh database on a throw-away PostgreSQL server.
 * Then what only one back end has: SQLite's file checks and two processes writing one file;
 * PostgreSQL's concurrent sessions, unreachable servers and failed authentication.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { HistoryStoreError, InputError } from '../../src/errors.ts';
import { latestSchemaVersion } from '../../src/history/migrations.ts';
import { scopeKey, type HistoryStore, type StoreKind, type StoredScan } from '../../src/history/model.ts';
import { openHistoryStore, type OpenHistoryStoreOptions } from '../../src/history/open.ts';
import { urlWithoutPassword } from '../../src/history/postgres.ts';
import { passwordLoginGroup, startPostgres, type PostgresServer } from '../support/postgres.ts';
import { manyObservations, sha256, storedScan } from './builders.ts';

type Row = Record<string, unknown>;

let postgres: PostgresServer;
let scratch: string;
let files = 0;

beforeAll(async () => {
  [postgres, scratch] = await Promise.all([startPostgres(), mkdtemp(join(tmpdir(), 'aiposture-history-'))]);
}, 30_000);

afterAll(async () => {
  await postgres?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const newSqlitePath = () => join(scratch, `store-${(files += 1)}.db`);

/** Raw access to a store's database, for what the interface does not show: leftover rows, bookkeeping, integrity. */
async function sqliteQuery(path: string, sql: string): Promise<Row[]> {
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(path);
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

async function postgresQuery(url: string, sql: string): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

interface Backend {
  kind: StoreKind;
  /** The location of a new, empty store. */
  newLocation(): Promise<string>;
  query(location: string, sql: string): Promise<Row[]>;
  /** Takes the lock a save needs from another connection, until the returned function is called. */
  holdWriteLock(location: string): Promise<() => Promise<void>>;
}

const backends: Backend[] = [
  {
    kind: 'sqlite',
    newLocation: async () => newSqlitePath(),
    query: sqliteQuery,
    async holdWriteLock(path) {
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(path);
      db.exec('BEGIN IMMEDIATE');
      return async () => {
        db.exec('ROLLBACK');
        db.close();
      };
    },
  },
  {
    kind: 'postgres',
    newLocation: () => postgres.newDatabase(),
    query: postgresQuery,
    async holdWriteLock(url) {
      const client = new Client({ connectionString: url });
      await client.connect();
      // SHARE ROW EXCLUSIVE conflicts with the ROW EXCLUSIVE lock an INSERT takes.
      await client.query('BEGIN; LOCK TABLE scans IN SHARE ROW EXCLUSIVE MODE');
      return async () => {
        await client.query('ROLLBACK');
        await client.end();
      };
    },
  },
];

/** The error a promise rejects with (the test fails if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

/** Opens a store and closes it when the test ends. */
async function open(location: string, options?: OpenHistoryStoreOptions): Promise<HistoryStore> {
  const store = await openHistoryStore(location, options);
  onTestFinished(() => store.close());
  return store;
}

/** What the store returns for a saved scan: observations by fingerprint (their key), coverage in saved order. */
function readBack(stored: StoredScan) {
  return { ...stored, observations: [...stored.observations].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)) };
}

async function load(store: HistoryStore, id: string) {
  const [scan, observations, coverage, snapshot] = await Promise.all([store.scan(id), store.observations([id]), store.coverage([id]), store.snapshot(id)]);
  return { scan, observations: observations.get(id), coverage: coverage.get(id), snapshot };
}

async function rowsOf(backend: Backend, location: string, scanId: string) {
  const count = async (table: string, column: string) =>
    Number((await backend.query(location, `SELECT count(*) AS n FROM ${table} WHERE ${column} = '${scanId}'`))[0]?.n);
  return {
    scans: await count('scans', 'id'),
    observations: await count('observations', 'scan_id'),
    coverage: await count('coverage', 'scan_id'),
    snapshots: await count('snapshots', 'scan_id'),
  };
}
const noRows = { scans: 0, observations: 0, coverage: 0, snapshots: 0 };

/** Every field, with the awkward values: nulls, unicode, quotes and separators node-postgres must escape in arrays, an instant with an offset. */
function everyFieldScan(): StoredScan {
  const scopes = [
    { provider: 'aws', type: 'account', id: '123456789012', name: 'Prod — Zürich 東京 🚀' },
    { provider: 'gcp', type: 'project', id: 'vertex-prod' },
  ];
  return {
    scan: {
      id: '019300aa-0000-7000-8000-000000000001',
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:05:30.123Z',
      mode: 'live',
      scopeKey: scopeKey('live', ['gcp', 'aws'], scopes),
      providers: ['aws', 'gcp'],
      scopes,
      toolVersion: '0.2.0-rc.1',
      complete: true,
      origin: 'scan',
      reportSha256: sha256('every field'),
      levels: [
        { provider: 'aws', inUse: true, level: 3 },
        { provider: 'gcp', inUse: null, level: null },
      ],
      fail: { critical: 1, high: 2, medium: 0, low: 7 },
    },
    observations: [
      {
        fingerprint: 'fp-b',
        ruleId: 'GCP-VERTEX-001',
        provider: 'gcp',
        scopeId: 'vertex-prod',
        region: null,
        resourceId: 'projects/vertex-prod/locations/global/endpoints/ünïcødé "quoted", {braced} \\ back',
        severity: 'critical',
        status: 'fail',
      },
      {
        fingerprint: 'fp-a',
        ruleId: 'AWS-BEDROCK-002',
        provider: 'aws',
        scopeId: '123456789012',
        region: 'eu-central-1',
        resourceId: 'NULL',
        severity: 'info',
        status: 'suppressed',
      },
      {
        fingerprint: 'fp-c',
        ruleId: 'AWS-BEDROCK-003',
        provider: 'aws',
        scopeId: '123456789012',
        region: 'us-east-1',
        resourceId: '',
        severity: 'low',
        status: 'not_applicable',
      },
    ],
    coverage: [
      { provider: 'gcp', scopeId: 'vertex-prod', region: null, collector: 'vertex-endpoints', status: 'denied' },
      { provider: 'aws', scopeId: '123456789012', region: 'us-east-1', collector: 'bedrock-guardrails', status: 'ok' },
      { provider: 'aws', scopeId: '123456789012', region: 'eu-central-1', collector: 'bedrock-guardrails', status: 'error' },
    ],
    snapshot: {
      report: { schemaVersion: 1, title: 'Prüfbericht — 報告 ✅', findings: [{ id: 'x', evidence: { quote: 'a "b" \\ c', nothing: null } }], score: 3.5 },
      inventory: { aws: { guardrails: [{ id: 'g-1', tags: { owner: 'Zoë' } }] } },
    },
  };
}

describe.each(backends)('$kind history store', (backend) => {
  it('gives back every field it saved (nulls, unicode, a null inventory)', async () => {
    const store = await open(await backend.newLocation());
    expect(store.kind).toBe(backend.kind);
    const full = everyFieldScan();
    const imported = storedScan(
      { mode: 'iac', origin: 'import', complete: false, providers: [], scopes: [], levels: [], fail: { critical: 0, high: 0, medium: 0, low: 0 } },
      { observations: [], coverage: [], snapshot: { report: ['a report that is an array'], inventory: null } },
    );
    await store.save(full);
    await store.save(imported);

    expect(await load(store, full.scan.id)).toEqual(readBack(full));
    expect(await load(store, imported.scan.id)).toEqual(readBack(imported));
    expect(await store.scans()).toEqual([full.scan, imported.scan].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt)));
    expect(await store.hasReport(full.scan.reportSha256)).toBe(true);
    expect(await store.hasReport(sha256('never stored'))).toBe(false);
  });

  it('lists scans oldest first (finish time, then id), with the scope-key and complete-only filters', async () => {
    const store = await open(await backend.newLocation());
    const keyA = scopeKey('live', ['aws'], [{ provider: 'aws', id: '1' }]);
    const keyB = scopeKey('live', ['aws'], [{ provider: 'aws', id: '2' }]);
    const late = storedScan({ id: 'scan-b', finishedAt: '2026-03-02T10:00:00.000Z', scopeKey: keyA });
    const early = storedScan({ id: 'scan-z', finishedAt: '2026-03-01T10:00:00.000Z', scopeKey: keyB });
    const lateTie = storedScan({ id: 'scan-a', finishedAt: '2026-03-02T10:00:00.000Z', scopeKey: keyA, complete: false });
    // 12:30+02:00 is 10:30Z: after the two at 10:00Z although its text sorts before them.
    const offset = storedScan({ id: 'scan-c', finishedAt: '2026-03-02T12:30:00+02:00', scopeKey: keyA });
    for (const scan of [late, early, lateTie, offset]) await store.save(scan);

    const ids = (scans: Array<{ id: string }>) => scans.map((scan) => scan.id);
    expect(ids(await store.scans())).toEqual(['scan-z', 'scan-a', 'scan-b', 'scan-c']);
    expect(ids(await store.scans({ scopeKey: keyA }))).toEqual(['scan-a', 'scan-b', 'scan-c']);
    expect(ids(await store.scans({ completeOnly: true }))).toEqual(['scan-z', 'scan-b', 'scan-c']);
    expect(ids(await store.scans({ scopeKey: keyA, completeOnly: true }))).toEqual(['scan-b', 'scan-c']);
    expect(ids(await store.scans({ scopeKey: 'no such key' }))).toEqual([]);
    // Instants are stored in one form (toISOString), so they compare and round-trip the same on both back ends.
    expect((await store.scan('scan-c'))?.finishedAt).toBe('2026-03-02T10:30:00.000Z');
  });

  it('answers unknown ids with undefined, and every id asked for with a key', async () => {
    const store = await open(await backend.newLocation());
    const saved = storedScan();
    await store.save(saved);
    expect(await store.scan('no-such-scan')).toBeUndefined();
    expect(await store.snapshot('no-such-scan')).toBeUndefined();
    const observations = await store.observations(['no-such-scan', saved.scan.id]);
    expect([...observations.keys()]).toEqual(['no-such-scan', saved.scan.id]);
    expect(observations.get('no-such-scan')).toEqual([]);
    expect(observations.get(saved.scan.id)).toHaveLength(3);
    const coverage = await store.coverage([saved.scan.id, 'no-such-scan']);
    expect([...coverage.entries()]).toEqual([
      [saved.scan.id, saved.coverage],
      ['no-such-scan', []],
    ]);
    expect((await store.observations([])).size).toBe(0);
  });

  it('refuses a second scan with the same id or the same report, writing nothing of it', async () => {
    const location = await backend.newLocation();
    const store = await open(location);
    const first = storedScan({}, { observations: manyObservations(5, 'first') });
    await store.save(first);

    const sameId = storedScan({ id: first.scan.id, reportSha256: sha256('another report') }, { observations: manyObservations(5, 'same-id') });
    await expect(store.save(sameId)).rejects.toThrow(HistoryStoreError);
    await expect(store.save(sameId)).rejects.toThrow(/already has a scan with id/);
    expect(await store.hasReport(sameId.scan.reportSha256)).toBe(false);
    expect((await store.observations([first.scan.id])).get(first.scan.id)).toEqual(first.observations);

    const sameReport = storedScan({ reportSha256: first.scan.reportSha256 });
    await expect(store.save(sameReport)).rejects.toThrow(HistoryStoreError);
    await expect(store.save(sameReport)).rejects.toThrow(/already has the report/);
    expect(await rowsOf(backend, location, sameReport.scan.id)).toEqual(noRows);
    expect(await store.scans()).toEqual([first.scan]);
  });

  it('saves all or nothing: a save that fails half-way leaves no row of that scan, and the store stays usable', async () => {
    const location = await backend.newLocation();
    const store = await open(location);
    const observations = manyObservations(2_000, 'half');
    const broken = storedScan({}, { observations: [...observations, { ...observations[0]!, ruleId: 'SAME-FINGERPRINT-AGAIN' }] });
    // The scan row and 2,000 observations are written before the duplicate fingerprint fails the save.
    await expect(store.save(broken)).rejects.toThrow(HistoryStoreError);
    expect(await rowsOf(backend, location, broken.scan.id)).toEqual(noRows);
    expect(await store.scan(broken.scan.id)).toBeUndefined();
    expect(await store.hasReport(broken.scan.reportSha256)).toBe(false);

    const fixed = { ...broken, observations };
    await store.save(fixed);
    expect(await load(store, fixed.scan.id)).toEqual(readBack(fixed));
  });

  it('prunes the scans that finished before a time, with all their rows and snapshot, and keeps the rest intact', async () => {
    const location = await backend.newLocation();
    const store = await open(location);
    const at = (day: number) => `2026-03-0${day}T10:00:00.000Z`;
    const scans = [1, 2, 3, 4].map((day) =>
      storedScan({ finishedAt: at(day) }, { snapshot: { report: { day }, inventory: { day } }, observations: manyObservations(50, `day${day}`) }),
    );
    for (const scan of scans) await store.save(scan);

    expect(await store.prune(at(3))).toBe(2);
    for (const pruned of scans.slice(0, 2)) expect(await rowsOf(backend, location, pruned.scan.id)).toEqual(noRows);
    for (const kept of scans.slice(2)) expect(await load(store, kept.scan.id)).toEqual(readBack(kept));
    expect((await store.scans()).map((scan) => scan.id)).toEqual(scans.slice(2).map((scan) => scan.scan.id));
    expect(await store.prune(at(3))).toBe(0);
    await expect(store.prune('yesterday')).rejects.toThrow(InputError);
  });

  it('reindexes a scan: its observations and coverage replaced in one transaction, the scan row and snapshot kept', async () => {
    const location = await backend.newLocation();
    const store = await open(location);
    const saved = storedScan({}, { observations: manyObservations(20, 'old') });
    const other = storedScan({}, { observations: manyObservations(5, 'other') });
    await store.save(saved);
    await store.save(other);
    const observations = manyObservations(7, 'new');
    const coverage = [{ provider: 'aws', scopeId: '111122223333', region: null, collector: 'sts', status: 'denied' as const }];
    await store.reindex(saved.scan.id, observations, coverage);
    expect(await load(store, saved.scan.id)).toEqual(readBack({ ...saved, observations, coverage }));
    expect(await load(store, other.scan.id)).toEqual(readBack(other));
    await expect(store.reindex('no-such-scan', observations, coverage)).rejects.toThrow(HistoryStoreError);
    // All or nothing: a duplicate fingerprint fails the reindex and leaves the rows as they were.
    const duplicate = [...observations, observations[0] as (typeof observations)[number]];
    await expect(store.reindex(saved.scan.id, duplicate, [])).rejects.toThrow();
    expect(await load(store, saved.scan.id)).toEqual(readBack({ ...saved, observations, coverage }));
  });

  it('reopens without migrating again and keeps its data', async () => {
    const location = await backend.newLocation();
    const saved = storedScan();
    const first = await openHistoryStore(location);
    await first.save(saved);
    await first.close();
    const bookkeeping = await backend.query(location, 'SELECT version, applied_at FROM aiposture_migrations ORDER BY version');
    expect(bookkeeping.map((row) => row.version)).toEqual([1]);

    for (let reopen = 0; reopen < 2; reopen += 1) {
      const store = await open(location);
      expect(await load(store, saved.scan.id)).toEqual(readBack(saved));
    }
    expect(await backend.query(location, 'SELECT version, applied_at FROM aiposture_migrations ORDER BY version')).toEqual(bookkeeping);
  });

  it('refuses a store written by a newer aiposture', async () => {
    const location = await backend.newLocation();
    await (await openHistoryStore(location)).close();
    await backend.query(location, `INSERT INTO aiposture_migrations (version) VALUES (${latestSchemaVersion + 1})`);
    const error = await failureOf(openHistoryStore(location));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `history store ${location} has schema version ${latestSchemaVersion + 1}; this aiposture knows up to ${latestSchemaVersion}: upgrade aiposture`,
    );
  });

  it('reports a write that waits past the busy timeout as a busy store, then writes once the lock is gone', async () => {
    const location = await backend.newLocation();
    const store = await open(location, { busyTimeoutMs: 300 });
    const release = await backend.holdWriteLock(location);
    const started = Date.now();
    try {
      await expect(store.save(storedScan({ id: 'while-locked' }))).rejects.toThrow(/is busy/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      await release();
    }
    await store.save(storedScan({ id: 'after-unlock' }));
    expect((await store.scans()).map((scan) => scan.id)).toEqual(['after-unlock']);
  });
});

describe('history store locations', () => {
  it('a SQLite store is named by its path', async () => {
    const path = newSqlitePath();
    expect((await open(path)).location).toBe(path);
  });

  it('a PostgreSQL store is named by its URL without the password', async () => {
    const url = new URL(await postgres.newDatabase());
    url.password = 'pa55-w0rd';
    const store = await open(url.toString());
    expect(store.location).not.toContain('pa55-w0rd');
    url.password = '';
    expect(store.location).toBe(url.toString());
    expect(urlWithoutPassword('postgresql://u:secret@db.example:5432/h?sslmode=require&password=secret2')).toBe(
      'postgresql://u@db.example:5432/h?sslmode=require',
    );
  });

  it('refuses another URL scheme without showing its password', async () => {
    const error = await failureOf(openHistoryStore('mysql://admin:hunter2@127.0.0.1/history'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('history store mysql://admin@127.0.0.1/history: unsupported URL scheme mysql:// (use postgres://… or a file path)');
  });
});

describe('SQLite history store files', () => {
  it.each([
    { what: 'a text file', problem: 'is not an SQLite database', make: async (path: string) => writeFile(path, 'not a database\n') },
    { what: 'a directory', problem: 'is a directory, not an SQLite file', make: async (path: string) => mkdir(path) },
  ])('refuses $what', async ({ make, problem }) => {
    const path = newSqlitePath();
    await make(path);
    const error = await failureOf(openHistoryStore(path));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`history store ${path} ${problem}`);
  });

  it('refuses a path whose directory does not exist, and creates nothing', async () => {
    const path = join(scratch, 'missing', 'store.db');
    const error = await failureOf(openHistoryStore(path));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`history store ${path}: directory ${join(scratch, 'missing')} does not exist`);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it("refuses another application's SQLite database and leaves it as it was", async () => {
    const path = newSqlitePath();
    await sqliteQuery(path, 'CREATE TABLE people (name TEXT)');
    const digest = async () =>
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    const before = await digest();
    const error = await failureOf(openHistoryStore(path));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`history store ${path} is an SQLite database of another application (tables: people), not an aiposture history store`);
    expect(await digest()).toBe(before);
  });

  it('lets two processes save at once into a new file: both succeed and the file is intact', async () => {
    const path = newSqlitePath();
    const writers = await Promise.all(['writer-1', 'writer-2'].map((id) => startWriter(path, id, 20_000)));
    // Both have opened (and raced to create) the store; now both save at once.
    const results = await Promise.all(writers.map((writer) => writer.save()));
    for (const result of results) expect(result).toMatchObject({ code: 0 });
    // The saves did run at the same time (each started before the other finished), so one of them waited for the other's lock.
    const [first, second] = results.map((result) => JSON.parse(result.stdout.split('\n')[1] ?? '{}') as { started: number; finished: number });
    expect(first!.started).toBeLessThan(second!.finished);
    expect(second!.started).toBeLessThan(first!.finished);
    expect(await sqliteQuery(path, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const store = await open(path);
    expect((await store.scans()).map((scan) => scan.id).sort()).toEqual(['writer-1', 'writer-2']);
    const observations = await store.observations(['writer-1', 'writer-2']);
    expect(observations.get('writer-1')).toHaveLength(20_000);
    expect(observations.get('writer-2')).toHaveLength(20_000);
  });
});

/**
 * A separate Node process that opens the store, builds a scan of `count` observations, says
 * `ready`, and saves when told `go` on stdin (so the two saves start together).
 */
async function startWriter(path: string, id: string, count: number) {
  const script = join(scratch, 'writer.mjs');
  const module = (relative: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, relative)).href);
  await writeFile(
    script,
    `import { openHistoryStore } from ${module('../../src/history/open.ts')};
     import { storedScan, manyObservations } from ${module('./builders.ts')};
     const [path, id, count] = process.argv.slice(2);
     const scan = storedScan({ id }, { observations: manyObservations(Number(count), id) });
     const store = await openHistoryStore(path);
     process.stdout.write('ready\\n');
     process.stdin.once('data', async () => {
       const started = Date.now();
       await store.save(scan);
       const finished = Date.now();
       await store.close();
       process.stdout.write(JSON.stringify({ started, finished }) + '\\n');
       process.stdin.destroy();
     });`,
  );
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script, path, id, String(count)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    void exited.then((result) => reject(new Error(`writer ${id} exited before it was ready: ${result.stderr}`)));
  });
  return {
    save: () => {
      child.stdin.write('go\n');
      return exited;
    },
  };
}

describe('PostgreSQL history store sessions', () => {
  it('lets several runners open a new database at once: one migrates, the others find it done', async () => {
    const url = await postgres.newDatabase();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openHistoryStore(url)));
    await Promise.all(stores.map((store) => store.close()));
    expect(await postgresQuery(url, 'SELECT version FROM aiposture_migrations')).toEqual([{ version: 1 }]);
  });

  it('lets two sessions save large scans at once', async () => {
    const url = await postgres.newDatabase();
    const stores = await Promise.all([open(url), open(url)]);
    const scans = ['session-1', 'session-2'].map((id) => storedScan({ id }, { observations: manyObservations(20_000, id) }));
    await Promise.all(stores.map((store, index) => store.save(scans[index]!)));
    const observations = await stores[0]!.observations(['session-1', 'session-2']);
    expect(observations.get('session-1')).toEqual(scans[0]!.observations);
    expect(observations.get('session-2')).toEqual(scans[1]!.observations);
  });

  it('reports an unreachable server as a store failure, without the password', async () => {
    const port = await closedLoopbackPort();
    const error = await failureOf(openHistoryStore(`postgres://someone:t0p-s3cret@127.0.0.1:${port}/history`));
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect(error.message).toMatch(`history store postgres://someone@127.0.0.1:${port}/history is unreachable: `);
    expect(error.message).not.toContain('t0p-s3cret');
  });

  it('reports failed authentication as a store failure, without the password', async () => {
    await postgresQuery(
      postgres.url,
      `CREATE ROLE ${passwordLoginGroup} NOLOGIN; CREATE ROLE history_writer LOGIN PASSWORD 'right-one' IN ROLE ${passwordLoginGroup}`,
    );
    const url = new URL(await postgres.newDatabase());
    url.username = 'history_writer';
    url.password = 'wr0ng-0ne';
    const error = await failureOf(openHistoryStore(url.toString()));
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect(error.message).toMatch(
      /^history store postgres:\/\/history_writer@127\.0\.0\.1:\d+\/history_\d+: authentication failed \(password authentication failed/,
    );
    expect(error.message).not.toContain('wr0ng-0ne');
  });

  it('refuses a database whose tables aiposture did not create, and leaves them alone', async () => {
    const url = await postgres.newDatabase();
    await postgresQuery(url, 'CREATE TABLE scans (name text)');
    const error = await failureOf(openHistoryStore(url));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/has tables \(scans\) that aiposture did not create/);
    expect(await postgresQuery(url, "SELECT to_regclass('aiposture_migrations') IS NULL AS absent")).toEqual([{ absent: true }]);
  });
});

/** A loopback port nothing listens on (it was free a moment ago). */
function closedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
