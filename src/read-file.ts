/**
 * Bounded reading of files the user names (the policy file, IaC files): a leaf module, so the
 * policy loader and the IaC readers share one reader without depending on each other.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from './errors.ts';

/** The text of a file, or why it is not readable as one (a phrase for an error line or a `skipped` entry). */
export type TextFileRead = { text: string } | { problem: string; /** errno code when the file could not be opened or read */ code?: string };

function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'FIFO';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  if (info.isSocket()) return 'socket';
  if (info.isDirectory()) return 'directory';
  return 'special file';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a regular file of at most `limit.bytes` as UTF-8 text. Opened non-blocking and checked
 * with fstat on the open descriptor, so a FIFO or device never blocks the run (and cannot be
 * swapped in between a check and the read); never reads more than `limit.bytes + 1` bytes, so
 * a file that grows or lies about its size cannot exhaust memory. Text with NUL bytes is binary.
 */
export async function readTextFile(path: string, limit: { bytes: number; name: string }): Promise<TextFileRead> {
  const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return { problem: `cannot read file (${errno(error)})`, code: errno(error) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: `not a regular file (${fileKind(info)})` };
    const tooLarge = { problem: `larger than ${limit.name}` };
    if (info.size > limit.bytes) return { problem: `${tooLarge.problem} (${info.size} bytes)` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size + 1 - total, 64 * 1024), limit.bytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit.bytes) return tooLarge;
    }
    const bytes = Buffer.concat(chunks, total);
    if (bytes.includes(0)) return { problem: 'binary file (contains NUL bytes), not JSON or YAML text' };
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      return { problem: 'not UTF-8 text (binary file?)' };
    }
  } catch (error) {
    return { problem: `cannot read file (${errno(error)})`, code: errno(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * A JSON document the user names (a saved report, a shard report, a pack's inventory), read as
 * `readTextFile` reads and parsed; any problem is an InputError naming the file.
 */
export async function readJsonFile(path: string, limit: { bytes: number; name: string }): Promise<unknown> {
  const read = await readTextFile(path, limit);
  if ('problem' in read) throw new InputError(`${path}: ${read.problem}`);
  try {
    return JSON.parse(read.text) as unknown;
  } catch (error) {
    throw new InputError(`${path}: not JSON: ${(error as Error).message}`);
  }
}
