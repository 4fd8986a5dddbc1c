/**
 * The PostgreSQL history store, for teams that keep one history for many runners. A small pool:
 * a save holds one connection for its transaction, reads take another.
 */
import { DatabaseError, Pool, type PoolClient } from 'pg';
import { HistoryStoreError, InputError } from '../errors.ts';
import type { CoverageRecord, HistoryStore, Observation, ScanRecord, Snapshot, StoredScan } from './model.ts';
import {
  compressJson,
  decompressJson,
  defaultBusyTimeoutMs,
  historyTables,
  migrationsTable,
  migrationsTableSql,
  pendingMigrations,
  storedInstant,
} from './migrations.ts';
import { conflictError, coverageFromRow, groupByScan, observationFromRow, scanColumns, scanRowValues, type Row } from './rows.ts';

export interface PostgresStoreOptions {
  /** How long a write waits for a lock another session holds (lock_timeout; default 15 s). */
  busyTimeoutMs?: number;
}

/**
 * Key of the transaction-level advisory lock every migration runs under
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS): two runners
 * opening a new database at once apply version 1 one after the other, and the second finds it
 * applied. Advisory locks are per database, so other databases on the server are not affected.
 * The number is an arbitrary constant, unlikely to be another application's advisory lock key;
 * it must never change, or an old and a new aiposture could migrate at the same time.
 */
const migrationLockKey = '4739213418537926002';

/** Rows per INSERT … SELECT FROM unnest(…): one round trip per chunk, bounded message size. */
const rowsPerInsert = 10_000;

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<HistoryStore> {
  const location = urlWithoutPassword(url);
  const secrets = secretsOf(url);
  const pool = new Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    application_name: 'aiposture',
  });
  // An idle connection that the server closes emits 'error' on the pool; without a listener that
  // would crash the process. The next query reports the problem instead.
  pool.on('error', () => undefined);
  const store = new PostgresStore(pool, location, secrets, options.busyTimeoutMs ?? defaultBusyTimeoutMs);
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** The URL as messages may show it: without its password (in the user info or a `password` query parameter). */
export function urlWithoutPassword(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: an unparsable URL may still hold a password.
    throw new InputError('history store URL is not a valid URL (expected postgres://user@host:port/database)');
  }
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) if (/pass/i.test(name)) parsed.searchParams.delete(name);
  return parsed.toString();
}

/** The password(s) of a URL, to scrub from driver messages in case one ever repeats them. */
function secretsOf(url: string): string[] {
  const parsed = new URL(url);
  const values = [parsed.password, ...[...parsed.searchParams.entries()].filter(([name]) => /pass/i.test(name)).map(([, value]) => value)];
  return values.flatMap((value) => (value === '' ? [] : [value, safeDecode(value)]));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

class PostgresStore implements HistoryStore {
  readonly kind = 'postgres';
  readonly location: string;
  readonly #pool: Pool;
  readonly #secrets: readonly string[];
  readonly #busyTimeoutMs: number;
  #closed = false;

  constructor(pool: Pool, location: string, secrets: readonly string[], busyTimeoutMs: number) {
    this.#pool = pool;
    this.location = location;
    this.#secrets = secrets;
    this.#busyTimeoutMs = Math.max(1, Math.trunc(busyTimeoutMs));
  }

  /**
   * Brings the schema up to date. The version is read first without a lock, so opening an
   * up-to-date store runs no DDL and takes no lock; only when a migration is pending does it
   * take the advisory lock and read the version again (another runner may just have migrated).
   */
  async migrate(): Promise<void> {
    const current = await this.#query('cannot be opened', (client) => schemaVersion(client));
    if (pendingMigrations(this.location, current).length === 0) return;
    await this.#transaction('cannot be migrated', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
      const version = await schemaVersion(client);
      const pending = pendingMigrations(this.location, version);
      if (pending.length === 0) return;
      if (version === 0) await refuseForeignTables(client, this.location);
      await client.query(migrationsTableSql.postgres);
      for (const migration of pending) {
        await client.query(migration.postgres);
        await client.query(`INSERT INTO ${migrationsTable} (version) VALUES ($1)`, [migration.version]);
      }
    });
  }

  async save(stored: StoredScan): Promise<void> {
    const scan = stored.scan;
    const scanRow = scanParameters(scan);
    const report = await compressJson(stored.snapshot.report);
    const inventory = stored.snapshot.inventory == null ? null : await compressJson(stored.snapshot.inventory);
    await this.#transaction(`cannot save scan ${scan.id}`, async (client) => {
      const conflict = await client.query('SELECT id FROM scans WHERE id = $1 OR report_sha256 = $2 LIMIT 1', [scan.id, scan.reportSha256]);
      const existing = conflict.rows[0] as Row | undefined;
      if (existing !== undefined) throw conflictError(this.location, scan, existing);
      await client.query(
        `INSERT INTO scans (${scanColumns})
         VALUES ($1, $2::timestamptz, $3::timestamptz, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12::jsonb, $13::jsonb)`,
        scanRow,
      );
      await insertObservations(client, scan.id, stored.observations);
      await insertCoverage(client, scan.id, stored.coverage);
      await client.query('INSERT INTO snapshots (scan_id, report, inventory) VALUES ($1, $2, $3)', [scan.id, report, inventory]);
    });
  }

  async scans(filter: { scopeKey?: string; completeOnly?: boolean } = {}): Promise<ScanRecord[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (filter.scopeKey !== undefined) {
      parameters.push(filter.scopeKey);
      conditions.push(`scope_key = $${parameters.length}`);
    }
    if (filter.completeOnly === true) conditions.push('complete');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.#rows(`SELECT ${scanColumns} FROM scans ${where} ORDER BY finished_at, id`, parameters);
    return rows.map(scanFromRow);
  }

  async scan(id: string): Promise<ScanRecord | undefined> {
    const [row] = await this.#rows(`SELECT ${scanColumns} FROM scans WHERE id = $1`, [id]);
    return row === undefined ? undefined : scanFromRow(row);
  }

  async hasReport(reportSha256: string): Promise<boolean> {
    return (await this.#rows('SELECT 1 FROM scans WHERE report_sha256 = $1', [reportSha256])).length > 0;
  }

  async observations(scanIds: readonly string[]): Promise<Map<string, Observation[]>> {
    const rows = await this.#rows(
      `SELECT scan_id, fingerprint, rule_id, provider, scope_id, region, resource_id, severity, status FROM observations
       WHERE scan_id = ANY($1::text[]) ORDER BY scan_id, fingerprint`,
      [[...scanIds]],
    );
    return groupByScan(scanIds, rows, observationFromRow);
  }

  async coverage(scanIds: readonly string[]): Promise<Map<string, CoverageRecord[]>> {
    const rows = await this.#rows(
      `SELECT scan_id, provider, scope_id, region, collector, status FROM coverage WHERE scan_id = ANY($1::text[]) ORDER BY scan_id, position`,
      [[...scanIds]],
    );
    return groupByScan(scanIds, rows, coverageFromRow);
  }

  async snapshot(scanId: string): Promise<Snapshot | undefined> {
    const [row] = await this.#rows('SELECT report, inventory FROM snapshots WHERE scan_id = $1', [scanId]);
    if (row === undefined) return undefined;
    return {
      report: await decompressJson(row.report as Buffer),
      inventory: row.inventory === null ? null : await decompressJson(row.inventory as Buffer),
    };
  }

  async reindex(scanId: string, observations: readonly Observation[], coverage: readonly CoverageRecord[]): Promise<void> {
    await this.#transaction(`cannot reindex scan ${scanId}`, async (client) => {
      const present = await client.query('SELECT 1 FROM scans WHERE id = $1 FOR UPDATE', [scanId]);
      if (present.rowCount === 0) throw new HistoryStoreError(`history store ${this.location} has no scan ${scanId}`);
      await client.query('DELETE FROM observations WHERE scan_id = $1', [scanId]);
      await client.query('DELETE FROM coverage WHERE scan_id = $1', [scanId]);
      await insertObservations(client, scanId, observations);
      await insertCoverage(client, scanId, coverage);
    });
  }

  async prune(finishedBefore: string): Promise<number> {
    const before = storedInstant(finishedBefore, 'prune time');
    // ON DELETE CASCADE removes the scans' observations, coverage and snapshots in the same transaction.
    return this.#transaction('cannot prune', async (client) => {
      const result = await client.query('DELETE FROM scans WHERE finished_at < $1::timestamptz', [before]);
      return result.rowCount ?? 0;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #rows(sql: string, parameters: unknown[]): Promise<Row[]> {
    return this.#query('cannot be read', async (client) => (await client.query(sql, parameters)).rows as Row[]);
  }

  async #query<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    let broken: unknown;
    try {
      return await work(client);
    } catch (error) {
      broken = isConnectionError(error) ? error : undefined;
      throw this.#error(error, doing);
    } finally {
      // A connection that failed is destroyed rather than returned to the pool.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /**
   * One transaction on one connection: BEGIN, the work, COMMIT — or ROLLBACK when anything fails,
   * so a save is all or nothing. lock_timeout (SET LOCAL: this transaction only) turns a wait
   * for another session's lock into an error instead of an unbounded hang; it applies to
   * advisory locks too (https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT).
   */
  async #transaction<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.#query(doing, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('lock_timeout', $1, true)", [`${this.#busyTimeoutMs}ms`]);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async #connect(): Promise<PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (error) {
      throw this.#error(error, 'cannot be opened');
    }
  }

  #error(error: unknown, doing: string): Error {
    if (error instanceof InputError || error instanceof HistoryStoreError) return error;
    const message = this.#scrub(messageOf(error));
    switch (error instanceof DatabaseError ? error.code : undefined) {
      case '28P01':
      case '28000':
        return new HistoryStoreError(`history store ${this.location}: authentication failed (${message})`);
      case '55P03': // lock_not_available: lock_timeout expired
      case '40P01': // deadlock_detected
        return new HistoryStoreError(`history store ${this.location} is busy: another session held a lock past ${this.#busyTimeoutMs / 1000} s (${message})`);
    }
    if (isConnectionError(error)) return new HistoryStoreError(`history store ${this.location} is unreachable: ${message}`);
    // The server's detail says which row conflicted (e.g. "Key (scan_id, fingerprint)=(…) already exists.").
    const detail = error instanceof DatabaseError && error.detail ? ` (${this.#scrub(error.detail)})` : '';
    return new HistoryStoreError(`history store ${this.location} ${doing}: ${message}${detail}`);
  }

  #scrub(message: string): string {
    return this.#secrets.reduce((text, secret) => text.split(secret).join('***'), message);
  }
}

async function schemaVersion(client: PoolClient): Promise<number> {
  if ((await existingTables(client, [migrationsTable])).length === 0) return 0;
  const result = await client.query(`SELECT coalesce(max(version), 0) AS version FROM ${migrationsTable}`);
  return Number((result.rows[0] as Row | undefined)?.version ?? 0);
}

/**
 * Which of these tables exist in the schema the migrations create them in (the current schema).
 * Read from pg_class with a statement snapshot, not with to_regclass: to_regclass answers from the
 * session's catalog cache, which is only refreshed at transaction start or when a relation lock is
 * taken — not after waiting for the advisory lock — so a runner that waited while another created
 * the tables would still be told they do not exist.
 */
async function existingTables(client: PoolClient, names: readonly string[]): Promise<string[]> {
  const result = await client.query(
    `SELECT relname FROM pg_catalog.pg_class
     WHERE relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema()) AND relname = ANY($1::text[])
     ORDER BY array_position($1::text[], relname::text)`,
    [[...names]],
  );
  return result.rows.map((row: Row) => String(row.relname));
}

/** A database with no aiposture bookkeeping but a `scans` (…) table holds another application's data: refuse rather than mix with it. */
async function refuseForeignTables(client: PoolClient, location: string): Promise<void> {
  const foreign = await existingTables(client, historyTables);
  if (foreign.length > 0) {
    throw new InputError(`history store ${location} has tables (${foreign.join(', ')}) that aiposture did not create; use another database or schema`);
  }
}

/**
 * Observations go in a chunk at a time as one INSERT … SELECT FROM unnest of one array per
 * column (https://www.postgresql.org/docs/current/functions-array.html): 100k rows are ten round
 * trips, not 100k, and the statement text stays the same whatever the row count.
 */
async function insertObservations(client: PoolClient, scanId: string, observations: readonly Observation[]): Promise<void> {
  for (let start = 0; start < observations.length; start += rowsPerInsert) {
    const chunk = observations.slice(start, start + rowsPerInsert);
    await client.query(
      `INSERT INTO observations (scan_id, fingerprint, rule_id, provider, scope_id, region, resource_id, severity, status)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      [
        scanId,
        chunk.map((row) => row.fingerprint),
        chunk.map((row) => row.ruleId),
        chunk.map((row) => row.provider),
        chunk.map((row) => row.scopeId),
        chunk.map((row) => row.region),
        chunk.map((row) => row.resourceId),
        chunk.map((row) => row.severity),
        chunk.map((row) => row.status),
      ],
    );
  }
}

async function insertCoverage(client: PoolClient, scanId: string, coverage: readonly CoverageRecord[]): Promise<void> {
  for (let start = 0; start < coverage.length; start += rowsPerInsert) {
    const chunk = coverage.slice(start, start + rowsPerInsert);
    await client.query(
      `INSERT INTO coverage (scan_id, position, provider, scope_id, region, collector, status)
       SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        scanId,
        chunk.map((_, index) => start + index),
        chunk.map((row) => row.provider),
        chunk.map((row) => row.scopeId),
        chunk.map((row) => row.region),
        chunk.map((row) => row.collector),
        chunk.map((row) => row.status),
      ],
    );
  }
}

function scanParameters(scan: ScanRecord): unknown[] {
  return scanRowValues(scan, (value) => value);
}

/** timestamptz arrives as a Date (node-postgres' default type parser); jsonb arrives parsed. */
function scanFromRow(row: Row): ScanRecord {
  return {
    id: String(row.id),
    startedAt: (row.started_at as Date).toISOString(),
    finishedAt: (row.finished_at as Date).toISOString(),
    mode: String(row.mode) as ScanRecord['mode'],
    scopeKey: String(row.scope_key),
    providers: row.providers as ScanRecord['providers'],
    scopes: row.scopes as ScanRecord['scopes'],
    toolVersion: String(row.tool_version),
    complete: row.complete === true,
    origin: String(row.origin) as ScanRecord['origin'],
    reportSha256: String(row.report_sha256),
    levels: row.levels as ScanRecord['levels'],
    fail: row.fail as ScanRecord['fail'],
  };
}

/** Errors of the connection itself (refused, reset, timed out), as opposed to an error the server reported with an SQLSTATE. */
function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseError || error instanceof InputError || error instanceof HistoryStoreError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  // Node's socket errors carry an errno code (ECONNREFUSED, ECONNRESET, …); node-postgres' own ones only a message.
  return (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /connect|terminated|timeout/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(messageOf).join('; ');
  if (error instanceof Error) return error.message || ((error as NodeJS.ErrnoException).code ?? error.name);
  return String(error);
}
