/**
 * The SQLite history store: one file, on Node's built-in `node:sqlite` (synchronous, so a whole
 * write transaction runs in one turn of the event loop and no other call of this process can
 * interleave with it). Several aiposture processes may share the file: WAL lets readers run
 * beside the one writer, and a busy timeout makes a second writer wait instead of failing.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { HistoryStoreError, InputError } from '../errors.ts';
import type { CoverageRecord, HistoryStore, Observation, ScanRecord, Snapshot, StoredScan } from './model.ts';
import { compressJson, decompressJson, defaultBusyTimeoutMs, migrationsTable, migrationsTableSql, pendingMigrations, storedInstant } from './migrations.ts';
import { conflictError, coverageFromRow, groupByScan, observationFromRow, scanColumns, scanRowValues, type Row } from './rows.ts';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's write to finish (default 15 s). */
  busyTimeoutMs?: number;
}

/**
 * Marks the file as an aiposture history store in the SQLite header
 * (https://www.sqlite.org/pragma.html#pragma_application_id): a database with tables and another
 * application id is someone else's, and is never modified. 0x41695073 is "AiPs" in ASCII.
 */
const applicationId = 0x41695073;

/** SQLite result codes (https://www.sqlite.org/rescode.html); node:sqlite reports the extended code in `errcode`. */
const sqliteBusy = 5;
const sqliteLocked = 6;
const sqliteNotADatabase = 26;

let warningSilenced = false;

/** Drops Node's ExperimentalWarning about SQLite, and only that one; every other warning passes. */
function silenceSqliteWarning(): void {
  if (warningSilenced) return;
  warningSilenced = true;
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning instanceof Error ? warning.message : warning).includes('SQLite is an experimental feature')) return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<HistoryStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  await checkStorePath(path);
  // Imported lazily, and without its warning: on Node 22 loading node:sqlite emits "SQLite is an
  // experimental feature" (stable enough on 24); a scheduled scan's stderr should carry only its
  // own messages.
  silenceSqliteWarning();
  const { DatabaseSync } = await import('node:sqlite');
  let db: DatabaseSync;
  try {
    // An absolute path, so a file named ':memory:' or 'file:…' is a file, not SQLite's in-memory or URI syntax.
    db = new DatabaseSync(resolve(path), { timeout: busyTimeoutMs, enableForeignKeyConstraints: true });
  } catch (error) {
    throw new InputError(`history store ${path} cannot be opened: ${messageOf(error)}`);
  }
  try {
    prepareConnection(db, path, busyTimeoutMs);
    migrate(db, path);
    return new SqliteStore(db, path);
  } catch (error) {
    db.close();
    throw error instanceof InputError || error instanceof HistoryStoreError ? error : storeError(path, error, 'cannot be opened');
  }
}

/** Refuses, before SQLite creates anything, a location that cannot be a store file: SQLite's own errors would not say which problem it is. */
async function checkStorePath(path: string): Promise<void> {
  const info = await statOrUndefined(path);
  if (info !== undefined) {
    if (info.isDirectory()) throw new InputError(`history store ${path} is a directory, not an SQLite file`);
    if (!info.isFile()) throw new InputError(`history store ${path} is not a regular file`);
    return;
  }
  const parent = dirname(resolve(path));
  const parentInfo = await statOrUndefined(parent);
  if (parentInfo === undefined) throw new InputError(`history store ${path}: directory ${parent} does not exist`);
  if (!parentInfo.isDirectory()) throw new InputError(`history store ${path}: ${parent} is not a directory`);
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError(`history store ${path} cannot be opened: ${code ?? messageOf(error)}`);
  }
}

/**
 * Checks that the file is an SQLite database that is empty or ours, then switches it to WAL.
 * The checks only read: a foreign file must be left byte for byte as it was, and
 * `journal_mode=WAL` rewrites the header, so it comes after them.
 */
function prepareConnection(db: DatabaseSync, path: string, busyTimeoutMs: number): void {
  // The same wait as the `timeout` option, which Node only honours from 22.16 (engines allow 22.13).
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  let id: number;
  let tables: string[];
  try {
    id = Number(db.prepare('PRAGMA application_id').get()?.application_id ?? 0);
    tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      .all()
      .map((row) => String(row.name));
  } catch (error) {
    if (errcodeOf(error) === sqliteNotADatabase) throw new InputError(`history store ${path} is not an SQLite database`);
    throw error;
  }
  if (id !== applicationId && (id !== 0 || tables.length > 0)) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw new InputError(`history store ${path} is an SQLite database of another application (tables: ${shown || 'none'}), not an aiposture history store`);
  }
  // WAL: readers do not block the writer and the writer does not block readers; the mode is
  // persistent, stored in the file (https://www.sqlite.org/wal.html).
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA foreign_keys = ON');
}

function schemaVersion(db: DatabaseSync): number {
  const present = db.prepare('SELECT 1 AS present FROM sqlite_schema WHERE type = ? AND name = ?').get('table', migrationsTable);
  if (present === undefined) return 0;
  return Number(db.prepare(`SELECT coalesce(max(version), 0) AS version FROM ${migrationsTable}`).get()?.version ?? 0);
}

/**
 * Applies the pending migrations in one write transaction. The version is read twice: first
 * without a lock, so an up-to-date store (the usual case) writes nothing at all; then again under
 * the write lock, because another process may have migrated the file in between.
 */
function migrate(db: DatabaseSync, path: string): void {
  if (pendingMigrations(path, schemaVersion(db)).length === 0) return;
  inWriteTransaction(db, () => {
    const pending = pendingMigrations(path, schemaVersion(db));
    if (pending.length === 0) return;
    db.exec(migrationsTableSql.sqlite);
    const record = db.prepare(`INSERT INTO ${migrationsTable} (version) VALUES (?)`);
    for (const migration of pending) {
      db.exec(migration.sqlite);
      record.run(migration.version);
    }
    db.exec(`PRAGMA application_id = ${applicationId}`);
  });
}

/**
 * BEGIN IMMEDIATE takes the write lock at the start (waiting up to the busy timeout), so the
 * transaction can never fail half-way because another connection wrote first — a deferred
 * transaction that reads and then writes can get SQLITE_BUSY without the busy handler being
 * called (https://www.sqlite.org/lang_transaction.html#deferred_immediate_and_exclusive_transactions).
 */
function inWriteTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    try {
      db.exec('ROLLBACK');
    } catch {
      // Some errors (SQLITE_FULL, SQLITE_IOERR, …) roll the transaction back themselves, and then
      // ROLLBACK fails with "no transaction is active" (https://www.sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction).
    }
    throw error;
  }
}

/** The statements a save runs, prepared once per store and reused for every row. */
interface WriteStatements {
  findConflict: StatementSync;
  insertScan: StatementSync;
  insertObservation: StatementSync;
  insertCoverage: StatementSync;
  insertSnapshot: StatementSync;
}

function prepareWrites(db: DatabaseSync): WriteStatements {
  return {
    findConflict: db.prepare('SELECT id, report_sha256 FROM scans WHERE id = ? OR report_sha256 = ? LIMIT 1'),
    insertScan:
      db.prepare(`INSERT INTO scans (id, started_at, finished_at, mode, scope_key, providers, scopes, tool_version, complete, origin, report_sha256, levels, fail)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertObservation: db.prepare(`INSERT INTO observations (scan_id, fingerprint, rule_id, provider, scope_id, region, resource_id, severity, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertCoverage: db.prepare(`INSERT INTO coverage (scan_id, position, provider, scope_id, region, collector, status) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertSnapshot: db.prepare('INSERT INTO snapshots (scan_id, report, inventory) VALUES (?, ?, ?)'),
  };
}

class SqliteStore implements HistoryStore {
  readonly kind = 'sqlite';
  readonly location: string;
  readonly #db: DatabaseSync;
  readonly #writes: WriteStatements;
  #closed = false;

  constructor(db: DatabaseSync, location: string) {
    this.#db = db;
    this.location = location;
    this.#writes = prepareWrites(db);
  }

  async save(stored: StoredScan): Promise<void> {
    const scan = stored.scan;
    const scanRow = scanParameters(scan);
    // Compressed before the transaction: the write lock is held only for the inserts.
    const report = await compressJson(stored.snapshot.report);
    const inventory = stored.snapshot.inventory == null ? null : await compressJson(stored.snapshot.inventory);
    this.#run(`cannot save scan ${scan.id}`, () =>
      inWriteTransaction(this.#db, () => {
        const conflict = this.#writes.findConflict.get(scan.id, scan.reportSha256);
        if (conflict !== undefined) throw conflictError(this.location, scan, conflict);
        this.#writes.insertScan.run(...scanRow);
        for (const observation of stored.observations) this.#writes.insertObservation.run(scan.id, ...observationParameters(observation));
        stored.coverage.forEach((entry, position) => this.#writes.insertCoverage.run(scan.id, position, ...coverageParameters(entry)));
        this.#writes.insertSnapshot.run(scan.id, report, inventory);
      }),
    );
  }

  async scans(filter: { scopeKey?: string; completeOnly?: boolean } = {}): Promise<ScanRecord[]> {
    const conditions: string[] = [];
    const parameters: SQLInputValue[] = [];
    if (filter.scopeKey !== undefined) {
      conditions.push('scope_key = ?');
      parameters.push(filter.scopeKey);
    }
    if (filter.completeOnly === true) conditions.push('complete = 1');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.#read(() => this.#db.prepare(`SELECT ${scanColumns} FROM scans ${where} ORDER BY finished_at, id`).all(...parameters));
    return rows.map(scanFromRow);
  }

  async scan(id: string): Promise<ScanRecord | undefined> {
    const row = this.#read(() => this.#db.prepare(`SELECT ${scanColumns} FROM scans WHERE id = ?`).get(id));
    return row === undefined ? undefined : scanFromRow(row);
  }

  async hasReport(reportSha256: string): Promise<boolean> {
    return this.#read(() => this.#db.prepare('SELECT 1 FROM scans WHERE report_sha256 = ?').get(reportSha256)) !== undefined;
  }

  async observations(scanIds: readonly string[]): Promise<Map<string, Observation[]>> {
    // The ids go in as one JSON array (json_each), so any number of them fits one statement
    // without meeting SQLite's limit on bound parameters.
    const rows = this.#read(() =>
      this.#db
        .prepare(
          `SELECT scan_id, fingerprint, rule_id, provider, scope_id, region, resource_id, severity, status FROM observations
           WHERE scan_id IN (SELECT value FROM json_each(?)) ORDER BY scan_id, fingerprint`,
        )
        .all(JSON.stringify(scanIds)),
    );
    return groupByScan(scanIds, rows, observationFromRow);
  }

  async coverage(scanIds: readonly string[]): Promise<Map<string, CoverageRecord[]>> {
    const rows = this.#read(() =>
      this.#db
        .prepare(
          `SELECT scan_id, provider, scope_id, region, collector, status FROM coverage
           WHERE scan_id IN (SELECT value FROM json_each(?)) ORDER BY scan_id, position`,
        )
        .all(JSON.stringify(scanIds)),
    );
    return groupByScan(scanIds, rows, coverageFromRow);
  }

  async snapshot(scanId: string): Promise<Snapshot | undefined> {
    const row = this.#read(() => this.#db.prepare('SELECT report, inventory FROM snapshots WHERE scan_id = ?').get(scanId));
    if (row === undefined) return undefined;
    return {
      report: await decompressJson(row.report as Uint8Array),
      inventory: row.inventory === null ? null : await decompressJson(row.inventory as Uint8Array),
    };
  }

  async reindex(scanId: string, observations: readonly Observation[], coverage: readonly CoverageRecord[]): Promise<void> {
    this.#run(`cannot reindex scan ${scanId}`, () =>
      inWriteTransaction(this.#db, () => {
        if (this.#db.prepare('SELECT 1 AS present FROM scans WHERE id = ?').get(scanId) === undefined)
          throw new HistoryStoreError(`history store ${this.location} has no scan ${scanId}`);
        this.#db.prepare('DELETE FROM observations WHERE scan_id = ?').run(scanId);
        this.#db.prepare('DELETE FROM coverage WHERE scan_id = ?').run(scanId);
        for (const observation of observations) this.#writes.insertObservation.run(scanId, ...observationParameters(observation));
        coverage.forEach((entry, position) => this.#writes.insertCoverage.run(scanId, position, ...coverageParameters(entry)));
      }),
    );
  }

  async prune(finishedBefore: string): Promise<number> {
    const before = storedInstant(finishedBefore, 'prune time');
    // ON DELETE CASCADE removes the scans' observations, coverage and snapshots in the same statement.
    return this.#run('cannot prune', () =>
      inWriteTransaction(this.#db, () => Number(this.#db.prepare('DELETE FROM scans WHERE finished_at < ?').run(before).changes)),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #read<T>(work: () => T): T {
    return this.#run('cannot be read', work);
  }

  #run<T>(doing: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof InputError || error instanceof HistoryStoreError) throw error;
      throw storeError(this.location, error, doing);
    }
  }
}

function scanParameters(scan: ScanRecord): SQLInputValue[] {
  // SQLite has no boolean: STRICT tables keep `complete` as an INTEGER 0/1.
  return scanRowValues(scan, (value) => (value ? 1 : 0)) as SQLInputValue[];
}

function observationParameters(observation: Observation): SQLInputValue[] {
  return [
    observation.fingerprint,
    observation.ruleId,
    observation.provider,
    observation.scopeId,
    observation.region,
    observation.resourceId,
    observation.severity,
    observation.status,
  ];
}

function coverageParameters(entry: CoverageRecord): SQLInputValue[] {
  return [entry.provider, entry.scopeId, entry.region, entry.collector, entry.status];
}

function scanFromRow(row: Row): ScanRecord {
  return {
    id: String(row.id),
    startedAt: String(row.started_at),
    finishedAt: String(row.finished_at),
    mode: String(row.mode) as ScanRecord['mode'],
    scopeKey: String(row.scope_key),
    providers: JSON.parse(String(row.providers)) as ScanRecord['providers'],
    scopes: JSON.parse(String(row.scopes)) as ScanRecord['scopes'],
    toolVersion: String(row.tool_version),
    complete: row.complete === 1,
    origin: String(row.origin) as ScanRecord['origin'],
    reportSha256: String(row.report_sha256),
    levels: JSON.parse(String(row.levels)) as ScanRecord['levels'],
    fail: JSON.parse(String(row.fail)) as ScanRecord['fail'],
  };
}

function storeError(location: string, error: unknown, doing: string): HistoryStoreError {
  const code = errcodeOf(error);
  // Extended codes keep the primary code in their low byte (SQLITE_BUSY_SNAPSHOT is 517 = 5 + 2 << 8).
  if (code !== undefined && ((code & 0xff) === sqliteBusy || (code & 0xff) === sqliteLocked)) {
    return new HistoryStoreError(`history store ${location} is busy: another process kept it locked past the busy timeout (${messageOf(error)})`, {
      cause: error,
    });
  }
  return new HistoryStoreError(`history store ${location} ${doing}: ${messageOf(error)}`, { cause: error });
}

function errcodeOf(error: unknown): number | undefined {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
