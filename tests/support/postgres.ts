/**
 * A throw-away PostgreSQL server for tests: initdb into a temporary directory, postgres on a free
 * loopback port, one server per test file (start it in beforeAll, stop it in afterAll), one fresh
 * database per test. Trust authentication for everyone except members of `passwordLoginGroup`,
 * who must give their password (so a test can see an authentication failure).
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
 * (Debian's package creates it); otherwise as the current user.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

export interface PostgresServer {
  /** The superuser's URL of the `postgres` database (no password: trust authentication). */
  url: string;
  /** Creates an empty database and returns its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const superuser = 'aiposture_test';
/** Roles in this group authenticate with scram-sha-256 over TCP; the group itself is created by the test that needs it. */
export const passwordLoginGroup = 'password_login';

const installedRoot = '/usr/lib/postgresql';
const startDeadlineMs = 20_000;

export async function startPostgres(): Promise<PostgresServer> {
  const bin = newestPostgresBin();
  const owner = serverOwner();
  const dir = await mkdtemp(join(tmpdir(), 'aiposture-pg-'));
  if (owner) await chown(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', superuser, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], owner);
    const hba = join(data, 'pg_hba.conf');
    await writeFile(
      hba,
      ['local all all trust', `host all +${passwordLoginGroup} 127.0.0.1/32 scram-sha-256`, 'host all all 127.0.0.1/32 trust', ''].join('\n'),
    );
    if (owner) await chown(hba, owner.uid, owner.gid);
    const server = await startServer(bin, data, dir, owner);
    return serverHandle(server, dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The bin directory of the newest installed major version (Debian installs each under /usr/lib/postgresql/<major>/bin). */
function newestPostgresBin(): string {
  const versions = existsSync(installedRoot)
    ? readdirSync(installedRoot)
        .filter((name) => /^\d+(\.\d+)?$/.test(name) && existsSync(join(installedRoot, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      `No PostgreSQL server found (${installedRoot}/*/bin/initdb): the history store tests need one. ` +
        "Install Debian's postgresql package (apt-get install --no-install-recommends postgresql), as .ci/run does.",
    );
  }
  return join(installedRoot, newest, 'bin');
}

interface Owner {
  uid: number;
  gid: number;
}

/** As root: the `postgres` system user (initdb and postgres refuse root); otherwise undefined (run as ourselves). */
function serverOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root, and there is no postgres system user to run PostgreSQL as (PostgreSQL refuses to run as root)');
  }
}

const serverEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' });

function run(command: string, args: string[], owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: serverEnv(), stdio: ['ignore', 'ignore', 'pipe'], ...owner });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`))));
  });
}

interface RunningServer {
  child: ChildProcess;
  port: number;
  /** The server's log so far, for the message when it does not come up. */
  log: () => string;
}

/** Starts postgres on a free port; retries with another port if the one found was taken in between. */
async function startServer(bin: string, data: string, socketDir: string, owner: Owner | undefined): Promise<RunningServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freeLoopbackPort();
    const server = spawnServer(bin, data, socketDir, port, owner);
    try {
      await waitUntilReady(server);
      return server;
    } catch (error) {
      lastError = error;
      await stopServer(server.child);
      if (!/could not bind|address already in use/i.test(server.log())) break;
    }
  }
  throw lastError;
}

function spawnServer(bin: string, data: string, socketDir: string, port: number, owner: Owner | undefined): RunningServer {
  // fsync and full-page writes off: a test server's data need not survive a crash, and they make it much faster.
  const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', socketDir, '-c', 'fsync=off', '-c', 'full_page_writes=off'];
  const child = spawn(join(bin, 'postgres'), [...args, '-c', 'synchronous_commit=off'], { env: serverEnv(), stdio: ['ignore', 'ignore', 'pipe'], ...owner });
  let log = '';
  // Read continuously: an unread pipe would fill and block the server's logging.
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8_000)));
  // A test process that dies without afterAll must not leave the server behind.
  const killOnExit = () => child.kill('SIGQUIT');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return { child, port, log: () => log };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls until the server accepts a connection, the process exits, or the deadline passes. */
async function waitUntilReady(server: RunningServer): Promise<void> {
  const deadline = Date.now() + startDeadlineMs;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`postgres exited (${server.child.exitCode ?? server.child.signalCode}) before accepting connections:\n${server.log()}`);
    }
    const client = new Client({ connectionString: adminUrl(server.port), connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${startDeadlineMs / 1000} s:\n${server.log()}`);
    await sleep(50);
  }
}

const adminUrl = (port: number, database = 'postgres') => `postgres://${superuser}@127.0.0.1:${port}/${database}`;

function serverHandle(server: RunningServer, dir: string): PostgresServer {
  let databases = 0;
  return {
    url: adminUrl(server.port),
    async newDatabase() {
      databases += 1;
      const name = `history_${databases}`;
      const client = new Client({ connectionString: adminUrl(server.port) });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return adminUrl(server.port, name);
    },
    async stop() {
      await stopServer(server.child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Fast shutdown (SIGINT: roll back open transactions, disconnect clients); SIGKILL if it is still there after 10 s. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}
