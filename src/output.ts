import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors.ts';

/** Where the CLI writes: injected so tests run it in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

/** A report as one string, or in pieces written one after another (the JSON report of a large scan). */
export type OutputContent = string | Iterable<string>;

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** Stats of a path, or undefined when nothing is there. */
async function statOrNothing(read: (path: string) => Promise<Stats>, path: string): Promise<Stats | undefined> {
  try {
    return await read(path);
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces (or creates) a regular file atomically: the content goes to a temporary file created
 * exclusively (O_CREAT|O_EXCL, which never follows a planted symlink) under an unpredictable name
 * beside it, is flushed, and renamed over the target. The mode of the file it replaces is kept.
 */
async function replaceAtomically(target: string, content: OutputContent, mode: number | undefined): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target).slice(0, 200)}.${randomBytes(8).toString('hex')}.tmp`);
  let handle: FileHandle | undefined = await open(temporary, 'wx', mode ?? 0o666);
  try {
    // The umask may have cleared bits of the mode asked for at creation.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Paths that name a descriptor or a device (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`): written
 * in place even when they lead to a regular file (the shell's `> report` or `>> log`), appending, so
 * the caller's redirection is honoured rather than the file replaced under it.
 */
const descriptorPath = /^\/(dev|proc)\//;

/** Writes to a character device or FIFO in place (`/dev/null`, a named pipe), or appends to a descriptor's file: these are never replaced. */
async function writeInPlace(path: string, content: OutputContent, descriptor: boolean): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | (descriptor ? constants.O_APPEND : 0) | (constants.O_NOCTTY ?? 0));
  try {
    const info = await handle.stat();
    // Swapped for a regular file since it was checked: do not write into it in place.
    if (info.isFile() && !descriptor) throw new InputError(`${path}: cannot write output (the file changed while it was being written)`);
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function writeFileSafely(file: string, content: OutputContent): Promise<void> {
  const refuse = (problem: string) => new InputError(`${file}: cannot write output (${problem})`);
  let info = await statOrNothing(lstat, file);
  let target = file;
  if (info?.isSymbolicLink()) {
    // Written through, as shell redirection does: the link stays, what it points to gets the report.
    info = await statOrNothing(stat, file);
    if (!info) throw refuse('symbolic link to a missing file');
    if (info.isFile()) target = await realpath(file);
  }
  if (!info) return replaceAtomically(target, content, undefined);
  if (info.isFile() && descriptorPath.test(file)) return writeInPlace(file, content, true);
  if (info.isFile()) return replaceAtomically(target, content, info.mode & 0o7777);
  if (info.isCharacterDevice() || info.isFIFO()) return writeInPlace(file, content, false);
  if (info.isDirectory()) throw refuse('is a directory');
  throw refuse(`not a regular file, character device or FIFO (${info.isSocket() ? 'socket' : info.isBlockDevice() ? 'block device' : 'special file'})`);
}

/**
 * Writes a report to stdout or to a file. A regular file is replaced atomically (a failed run never
 * leaves a half-written report behind) and keeps its mode; a character device or FIFO is written
 * in place, like `/dev/stdout`; a symbolic link is written through to its target. Every failure is one InputError line.
 */
export async function writeOutput(content: OutputContent, file: string | undefined, stdout: (text: string) => void): Promise<void> {
  if (file === undefined) {
    if (typeof content === 'string') stdout(content);
    else for (const piece of content) stdout(piece);
    return;
  }
  if (file === '') throw new InputError('--output: empty file name (leave --output out to write to stdout)');
  try {
    await writeFileSafely(file, content);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot write output (${errno(error)})`);
  }
}
