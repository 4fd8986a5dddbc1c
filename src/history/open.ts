/**
 * Opens the history store a location names: a `postgres://` or `postgresql://` URL is a
 * PostgreSQL database, anything else a file path for SQLite (created when missing).
 */
import { InputError } from '../errors.ts';
import type { HistoryStore } from './model.ts';
import { openPostgresStore, urlWithoutPassword } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';

export interface OpenHistoryStoreOptions {
  /** How long a write waits for another writer before the store is reported busy (default 15 s). */
  busyTimeoutMs?: number;
}

/** `scheme://…`: a URL, not a path. (A Windows drive path `C:\…` has no `//` after the colon.) */
const urlScheme = /^([a-z][a-z0-9+.-]*):\/\//i;

export async function openHistoryStore(location: string, options: OpenHistoryStoreOptions = {}): Promise<HistoryStore> {
  const scheme = urlScheme.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgresStore(location, options);
  if (scheme !== undefined) {
    // Refused rather than taken for a relative path: `mysql://user:secret@host/db` would become a
    // directory name, and the message naming it would show the password.
    throw new InputError(`history store ${urlWithoutPassword(location)}: unsupported URL scheme ${scheme}:// (use postgres://… or a file path)`);
  }
  if (location.trim() === '') throw new InputError('history store location is empty (use postgres://… or a file path)');
  return openSqliteStore(location, options);
}
