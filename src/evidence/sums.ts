/**
 * SHA-256 digests of the pack's files, and `SHA256SUMS` in the format GNU coreutils' `sha256sum`
 * writes and `sha256sum -c` checks: one line per file, `<64 hex>  <path>` (two spaces: text
 * mode), paths relative to the pack directory with `/` separators
 * (https://www.gnu.org/software/coreutils/manual/html_node/md5sum-invocation.html). A path with a
 * newline or backslash would need coreutils' escaping; pack paths are generated and never have one.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function renderSums(entries: ReadonlyArray<{ path: string; sha256: string }>): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => `${entry.sha256}  ${entry.path}\n`)
    .join('');
}

/** The entries of a SHA256SUMS file; a line that is not `<hex>  <path>` (or `<hex> *<path>`) is a problem. */
export function parseSums(text: string): { entries: Array<{ path: string; sha256: string }>; problems: string[] } {
  const entries: Array<{ path: string; sha256: string }> = [];
  const problems: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) problems.push(`SHA256SUMS line ${index + 1} is not "<sha256>  <path>"`);
    else entries.push({ sha256: match[1] as string, path: match[2] as string });
  }
  return { entries, problems };
}
