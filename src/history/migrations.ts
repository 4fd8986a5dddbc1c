/**
 * The stored schema both history back ends share: its versions (an ordered list of migrations,
 * each written once per SQL dialect) and the stored form of the values whose encoding must be
 * the same in both (instants, compressed snapshots). The back ends decide how to lock and apply;
 * this module decides what a version is and which migrations a store still needs.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { InputError } from '../errors.ts';

export interface Migration {
  version: number;
  description: string;
  sqlite: string;
  postgres: string;
}

/** Bookkeeping: one row per applied version. Prefixed so it cannot collide with another tool's `schema_migrations` in a shared PostgreSQL database. */
export const migrationsTable = 'aiposture_migrations';

/** The tables version 1 creates: finding one of them in a store with no migration table means the store is someone else's. */
export const historyTables = ['scans', 'observations', 'coverage', 'snapshots'] as const;

/** How long a write waits for another writer (SQLite busy timeout, PostgreSQL lock_timeout) before it reports the store busy. */
export const defaultBusyTimeoutMs = 15_000;

export const migrationsTableSql = {
  sqlite: `CREATE TABLE IF NOT EXISTS ${migrationsTable} (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ) STRICT`,
  postgres: `CREATE TABLE IF NOT EXISTS ${migrationsTable} (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`,
};

/*
 * Version 1. Both dialects keep the same logical schema; the differences are types only.
 * SQLite: STRICT tables reject a value of the wrong type instead of coercing it
 * (https://www.sqlite.org/stricttables.html); WITHOUT ROWID for the small rows keyed by their
 * natural primary key (https://www.sqlite.org/withoutrowid.html), not for snapshots (large blobs).
 * PostgreSQL: text keys are COLLATE "C" so ORDER BY compares bytes, as SQLite's BINARY collation
 * does, whatever the database locale; JSON columns are jsonb, times timestamptz, snapshots bytea.
 * Coverage has no natural key, so it keeps its position in the scan to read back in saved order;
 * observations read back by fingerprint (their key).
 */
const version1: Migration = {
  version: 1,
  description: 'scans, observations, coverage and snapshots',
  sqlite: `
    CREATE TABLE scans (
      id TEXT PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      mode TEXT NOT NULL,
      scope_key TEXT NOT NULL,
      providers TEXT NOT NULL,
      scopes TEXT NOT NULL,
      tool_version TEXT NOT NULL,
      complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
      origin TEXT NOT NULL,
      report_sha256 TEXT NOT NULL UNIQUE,
      levels TEXT NOT NULL,
      fail TEXT NOT NULL
    ) STRICT;
    CREATE INDEX scans_by_finish ON scans (finished_at, id);
    CREATE INDEX scans_by_scope_key ON scans (scope_key, finished_at, id);
    CREATE TABLE observations (
      scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      fingerprint TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      provider TEXT NOT NULL,
      scope_id TEXT NOT NULL,
      region TEXT,
      resource_id TEXT NOT NULL,
      severity TEXT NOT NULL,
      status TEXT NOT NULL,
      PRIMARY KEY (scan_id, fingerprint)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX observations_by_fingerprint ON observations (fingerprint);
    CREATE TABLE coverage (
      scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      provider TEXT NOT NULL,
      scope_id TEXT NOT NULL,
      region TEXT,
      collector TEXT NOT NULL,
      status TEXT NOT NULL,
      PRIMARY KEY (scan_id, position)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE snapshots (
      scan_id TEXT PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
      report BLOB NOT NULL,
      inventory BLOB
    ) STRICT;
  `,
  postgres: `
    CREATE TABLE scans (
      id text COLLATE "C" PRIMARY KEY,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      mode text NOT NULL,
      scope_key text COLLATE "C" NOT NULL,
      providers jsonb NOT NULL,
      scopes jsonb NOT NULL,
      tool_version text NOT NULL,
      complete boolean NOT NULL,
      origin text NOT NULL,
      report_sha256 text NOT NULL UNIQUE,
      levels jsonb NOT NULL,
      fail jsonb NOT NULL
    );
    CREATE INDEX scans_by_finish ON scans (finished_at, id);
    CREATE INDEX scans_by_scope_key ON scans (scope_key, finished_at, id);
    CREATE TABLE observations (
      scan_id text COLLATE "C" NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      fingerprint text COLLATE "C" NOT NULL,
      rule_id text NOT NULL,
      provider text NOT NULL,
      scope_id text NOT NULL,
      region text,
      resource_id text NOT NULL,
      severity text NOT NULL,
      status text NOT NULL,
      PRIMARY KEY (scan_id, fingerprint)
    );
    CREATE INDEX observations_by_fingerprint ON observations (fingerprint);
    CREATE TABLE coverage (
      scan_id text COLLATE "C" NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      position integer NOT NULL,
      provider text NOT NULL,
      scope_id text NOT NULL,
      region text,
      collector text NOT NULL,
      status text NOT NULL,
      PRIMARY KEY (scan_id, position)
    );
    CREATE TABLE snapshots (
      scan_id text COLLATE "C" PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
      report bytea NOT NULL,
      inventory bytea
    );
  `,
};

/** Every schema version, oldest first. Append only: a released migration never changes. */
export const migrations: readonly Migration[] = [version1];

export const latestSchemaVersion = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);

/**
 * The migrations a store at `currentVersion` still needs (none when it is up to date). A store
 * written by a newer aiposture is refused rather than read with a schema this one does not know.
 */
export function pendingMigrations(location: string, currentVersion: number): Migration[] {
  if (currentVersion > latestSchemaVersion) {
    throw new InputError(
      `history store ${location} has schema version ${currentVersion}; this aiposture knows up to ${latestSchemaVersion}: upgrade aiposture`,
    );
  }
  return migrations.filter((migration) => migration.version > currentVersion);
}

/**
 * Instants are stored in one form, `Date#toISOString()` (UTC, milliseconds), whatever the input
 * looked like: SQLite compares them as text, so `…T10:00:00Z` and `…T10:00:00.000Z` must not both
 * occur, and PostgreSQL reads timestamptz back as a Date. A time without a zone is refused
 * rather than read as local time.
 */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function storedInstant(value: string, what: string): string {
  const time = isoInstant.test(value) ? new Date(value) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw new InputError(`${what} ${JSON.stringify(value)} is not an ISO 8601 time with a time zone`);
  }
  return time.toISOString();
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A snapshot part as stored: its JSON, gzip-compressed (reports and inventories are repetitive JSON; they shrink several times). */
export async function compressJson(value: unknown): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(value ?? null), 'utf8'));
}

export async function decompressJson(stored: Uint8Array): Promise<unknown> {
  const json = await gunzipAsync(stored);
  return JSON.parse(json.toString('utf8')) as unknown;
}
