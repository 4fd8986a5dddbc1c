import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Provider, ScopeRef } from '../model/common.ts';
import { parseInventory, type Inventory, type Resource } from '../model/inventory.ts';
import type { Finding } from '../engine/evaluate.ts';
import { InputError } from '../errors.ts';
import { readTextFile } from '../read-file.ts';
import { IacInputError, type ClaimedFile, type IacDirectoryReader, type IacReader, type Suppression } from './reader.ts';
import { bicepSkipReason } from './arm.ts';

export interface SkippedFile {
  file: string;
  reason: string;
}

/** An IaC file found in a directory walk that could not be read: reported, and the rest is still judged. */
export interface IacFileError {
  file: string;
  line?: number;
  problem: string;
}

export interface IacReadout {
  inventory: Inventory;
  suppressions: Suppression[];
  files: Array<{ file: string; format: IacReader['format'] }>;
  skipped: SkippedFile[];
  /** IaC files of a walk that could not be read (a named file that cannot be read is an IacInputError instead). */
  errors: IacFileError[];
  /** Problems with the run as a whole (nothing read at all), for stderr and the report. */
  warnings: string[];
}

/** Plans of large estates run to tens of MB; far beyond that, a file is a mistake or an attack. */
export const maxIacFileBytes = 50 * 1024 * 1024;
const sizeLimit = { bytes: maxIacFileBytes, name: 'the 50 MB limit for IaC files' };
/**
 * AI resources (guardrails, agents, accounts, deployments, …) one run reports on. Real estates have
 * hundreds; each yields a dozen findings, and past ~40k the JSON report no longer fits in a string.
 */
export const maxIacResources = 10_000;
/** Real plans and templates nest a few dozen levels; the readers recurse, so deeper input is refused. */
export const maxNestingDepth = 256;

/** Genkit `.prompt` files: YAML front matter (`config.safetySettings`) above the prompt text. */
const candidateExtensions = new Set(['.json', '.yaml', '.yml', '.template', '.prompt']);
const ignoredDirectories = new Set(['node_modules', '.git', '.terraform', 'dist', 'coverage']);
const recognisedFormats = 'Terraform plan JSON, CloudFormation, ARM, Vertex request/config';

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

function kindOf(info: Stats | Dirent<string | Buffer>): string {
  if (info.isFIFO()) return 'FIFO';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A file name as UTF-8, or undefined when its bytes are not UTF-8 (then it cannot be named faithfully in a report). */
function decodeName(name: Buffer): string | undefined {
  try {
    return utf8.decode(name);
  } catch {
    return undefined;
  }
}

/** A non-UTF-8 file name for display: ASCII kept, every other byte as `\xNN`. */
function escapedName(name: Buffer): string {
  return [...name]
    .map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`))
    .join('');
}

interface Walk {
  cwd: string;
  found: Array<{ path: string; explicit: boolean }>;
  /** Files a directory reader reads (Terraform HCL: a directory's `.tf` files form one module), by name. */
  claimed: ClaimedFile[];
  claims: (path: string) => boolean;
  skipped: SkippedFile[];
  /** Real paths of the directories walked: a symlinked directory is entered once, so links cannot loop. */
  visited: Map<string, string>;
}

const display = (walk: Walk, path: string) => relative(walk.cwd, path) || path;

/** A path named on the command line: a directory is walked, a regular file read; anything else is an error naming it. */
async function walkNamed(path: string, walk: Walk): Promise<void> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new IacInputError(path, `cannot read path (${errno(error)})`);
  }
  if (info.isDirectory()) await walkDirectory(path, true, walk);
  else if (info.isFile() && ['.bicep', '.bicepparam'].includes(extname(path).toLowerCase())) {
    let siblings: string[] = [];
    try {
      siblings = await readdir(join(path, '..'));
    } catch {
      // No listing: the reason then names the build command.
    }
    throw new IacInputError(display(walk, path), bicepSkipReason(display(walk, path), siblings));
  } else if (info.isFile() && walk.claims(path)) walk.claimed.push({ path, explicit: true });
  else if (info.isFile()) walk.found.push({ path, explicit: true });
  else throw new IacInputError(path, `not a regular file (${kindOf(info)})`);
}

/**
 * Walks a directory. Entries are read in name order; symbolic links are followed (a directory
 * only once, by real path); special files, unreadable directories, broken links and names that
 * are not UTF-8 are listed as skipped, never read and never fatal.
 */
async function walkDirectory(dir: string, named: boolean, walk: Walk): Promise<void> {
  let entries: Array<Dirent<Buffer>>;
  try {
    const real = await realpath(dir);
    const seen = walk.visited.get(real);
    if (seen !== undefined) {
      walk.skipped.push({ file: display(walk, dir), reason: `directory already read (as ${seen})` });
      return;
    }
    walk.visited.set(real, display(walk, dir));
    entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    if (named) throw new IacInputError(dir, `cannot read directory (${errno(error)})`);
    walk.skipped.push({ file: display(walk, dir), reason: `cannot read directory (${errno(error)})` });
    return;
  }
  const byName = entries.map((entry) => ({ entry, name: decodeName(entry.name) }));
  byName.sort((a, b) => (a.name ?? escapedName(a.entry.name)).localeCompare(b.name ?? escapedName(b.entry.name)));
  for (const { entry, name } of byName) {
    if (name === undefined) {
      walk.skipped.push({ file: display(walk, join(dir, escapedName(entry.name))), reason: 'file name is not valid UTF-8 (rename it to read it)' });
      continue;
    }
    const child = join(dir, name);
    let info: Stats | Dirent<Buffer> = entry;
    if (entry.isSymbolicLink()) {
      try {
        info = await stat(child);
      } catch (error) {
        if (candidateExtensions.has(extname(name).toLowerCase()) || errno(error) === 'ELOOP')
          walk.skipped.push({ file: display(walk, child), reason: `broken symbolic link (${errno(error)})` });
        continue;
      }
    }
    if (info.isDirectory()) {
      if (!ignoredDirectories.has(name)) await walkDirectory(child, false, walk);
      continue;
    }
    // Before the candidate test, so `main.tf.json` is read as Terraform, never as plain JSON.
    if (info.isFile() && walk.claims(child)) {
      walk.claimed.push({ path: child, explicit: false });
      continue;
    }
    const extension = extname(name).toLowerCase();
    const candidate = candidateExtensions.has(extension);
    if (!info.isFile()) {
      if (candidate) walk.skipped.push({ file: display(walk, child), reason: `not a regular file (${kindOf(info)})` });
    } else if (candidate) walk.found.push({ path: child, explicit: false });
    else if (extension === '.bicep' || extension === '.bicepparam') {
      walk.skipped.push({
        file: display(walk, child),
        // The path as the report names it (relative), never the machine's absolute path.
        reason: bicepSkipReason(
          display(walk, child),
          byName.map((other) => other.name ?? ''),
        ),
      });
    }
  }
}

/** A Genkit `.prompt` file's YAML front matter (between the leading `---` lines), keeping line numbers; the text itself otherwise. */
function frontMatter(path: string, text: string): string {
  if (extname(path).toLowerCase() !== '.prompt') return text;
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  // The opening `---` becomes a comment line, so lines in findings are the file's own.
  return match ? `#\n${match[1] ?? ''}\n` : text;
}

/** Content that says it is IaC even when it does not parse: then it is an error to report, not a file to skip. */
const iacMarkers =
  /AWSTemplateFormatVersion|Transform:\s*AWS::Serverless|["']?Type["']?\s*:\s*["']?AWS::|deploymentTemplate\.json|"format_version"\s*:|"terraform_version"\s*:/;

/** How deeply a parsed value nests, counted without recursion and given up past `limit`. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const inner of Array.isArray(current) ? current : Object.values(current))
      if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
  }
  return deepest;
}

/** Parses JSON or YAML leniently enough to recognise the format (CloudFormation tags become plain values); a problem is a phrase. */
function parseForRecognition(text: string): { parsed: unknown } | { problem: string; line?: number } {
  if (text.trim() === '') return { problem: 'empty file' };
  let parsed: unknown;
  try {
    parsed =
      text.trimStart().startsWith('{') || text.trimStart().startsWith('[')
        ? JSON.parse(text)
        : // uniqueKeys off: its check is quadratic in a mapping's size (5–10 s on an 8,000-resource
          // template); the CloudFormation reader checks duplicate keys itself, in one pass.
          parseYaml(text, { logLevel: 'silent', strict: false, customTags: [], uniqueKeys: false });
  } catch (error) {
    const message = String((error as Error).message);
    const line = /line (\d+)/i.exec(message)?.[1];
    const problem = /call stack/i.test(message) ? `nested deeper than ${maxNestingDepth} levels` : `malformed JSON/YAML: ${message.split('\n')[0]}`;
    return { problem, ...(line !== undefined ? { line: Number(line) } : {}) };
  }
  if (nestingDepth(parsed, maxNestingDepth) > maxNestingDepth) return { problem: `nested deeper than ${maxNestingDepth} levels` };
  return { parsed };
}

/** Prints a line on stderr, as the CLI does (the default for {@link readIac}'s `warn`). */
function stderrLine(message: string): void {
  process.stderr.write(`aiposture: ${message}\n`);
}

/**
 * Reads every IaC file under the given paths into the resource model. Formats are recognised by
 * content. A path named directly must be IaC (anything else is an IacInputError naming it); files
 * found in a walk that are not IaC, not regular files, too large, binary or too deeply nested are
 * listed as skipped, never silently ignored. A run that reads no IaC file at all says so through
 * `warn` (stderr by default) and in `warnings`.
 */
export interface ReadIacOptions {
  /** Readers whose unit is a directory (Terraform HCL). */
  directoryReaders?: readonly IacDirectoryReader[];
  /** Terraform `--var-file` files, in order. */
  varFiles?: readonly string[];
}

export async function readIac(
  paths: readonly string[],
  readers: readonly IacReader[],
  cwd: string = process.cwd(),
  warn: (message: string) => void = stderrLine,
  options: ReadIacOptions = {},
): Promise<IacReadout> {
  const directoryReaders = options.directoryReaders ?? [];
  const walk: Walk = {
    cwd,
    found: [],
    claimed: [],
    claims: (path) => directoryReaders.some((reader) => reader.claims(path)),
    skipped: [],
    visited: new Map(),
  };
  for (const path of paths) await walkNamed(path, walk);
  const { skipped } = walk;
  const errors: IacFileError[] = [];
  const resources: Resource[] = [];
  const suppressions: Suppression[] = [];
  const files: IacReadout['files'] = [];
  for (const { path, explicit } of walk.found) {
    const name = display(walk, path);
    /** Not IaC (or not readable as a file at all): skipped in a walk. */
    const refuse = (problem: string, line?: number) => {
      if (explicit) throw new IacInputError(name, problem, line);
      skipped.push({ file: name, reason: problem });
    };
    /** IaC that cannot be read: reported in a walk, and the rest is still judged. */
    const fail = (problem: string, line?: number) => {
      if (explicit) throw new IacInputError(name, problem, line);
      errors.push({ file: name, ...(line !== undefined ? { line } : {}), problem });
    };
    const read = await readTextFile(path, sizeLimit);
    if ('problem' in read) {
      refuse(read.problem);
      continue;
    }
    const text = frontMatter(path, read.text);
    const recognised = parseForRecognition(text);
    if ('problem' in recognised) {
      if (iacMarkers.test(text)) fail(recognised.problem, recognised.line);
      else refuse(explicit ? recognised.problem : recognised.problem.startsWith('malformed') ? 'not valid JSON or YAML' : recognised.problem, recognised.line);
      continue;
    }
    try {
      const reader = readers.find((candidate) => candidate.recognise(recognised.parsed, text));
      if (!reader) {
        refuse(`not a recognised IaC format (${recognisedFormats})`);
        continue;
      }
      let result: ReturnType<IacReader['read']>;
      try {
        result = reader.read(name, text, recognised.parsed);
      } catch (error) {
        if (!(error instanceof IacInputError) || explicit) throw error;
        // The reader's message already starts with the file name.
        const located = /^(?:.*?):(\d+): (.*)$/s.exec(error.message.slice(name.length));
        fail(located ? (located[2] as string) : error.message.slice(name.length + 2), located ? Number(located[1]) : undefined);
        continue;
      }
      if (resources.length + result.resources.length > maxIacResources) {
        throw new IacInputError(
          name,
          `${result.resources.length} AI resources${resources.length > 0 ? ` (${resources.length} before it)` : ''}: more than the ${maxIacResources} one run reports on; check the files in smaller runs`,
        );
      }
      // One push per element: spreading 300k resources into push() overflows the stack.
      for (const resource of result.resources) resources.push(resource);
      for (const suppression of result.suppressions) suppressions.push(suppression);
      files.push({ file: name, format: reader.format });
    } catch (error) {
      if (error instanceof InputError) throw error;
      // Whatever a reader trips over in hostile content (a stack overflow, a resource limit) names the file.
      const message = String((error as Error).message).split('\n')[0];
      throw new IacInputError(name, error instanceof RangeError ? `too large or too deeply nested to read (${message})` : `cannot read: ${message}`);
    }
  }
  for (const reader of directoryReaders) {
    const mine = walk.claimed.filter((file) => reader.claims(file.path));
    if (mine.length === 0) continue;
    const result = await reader.read(mine, { display: (path) => display(walk, path), ...(options.varFiles ? { varFiles: options.varFiles } : {}) });
    if (resources.length + result.resources.length > maxIacResources) {
      throw new IacInputError(
        mine[0] ? display(walk, mine[0].path) : reader.format,
        `${result.resources.length} AI resources in Terraform modules${resources.length > 0 ? ` (${resources.length} before them)` : ''}: more than the ${maxIacResources} one run reports on; check the files in smaller runs`,
      );
    }
    for (const resource of result.resources) resources.push(resource);
    for (const suppression of result.suppressions) suppressions.push(suppression);
    for (const file of result.files) files.push(file);
    for (const entry of result.skipped) skipped.push(entry);
    for (const error of result.errors) errors.push(error);
  }
  const warnings: string[] = [];
  if (files.length === 0) {
    warnings.push(`no IaC file was read${skipped.length > 0 ? ` (${skipped.length} skipped)` : ''}: nothing was checked (formats read: ${recognisedFormats})`);
  }
  for (const warning of warnings) warn(warning);
  const scopes = new Map<string, ScopeRef>();
  for (const resource of resources) scopes.set(`${resource.provider}\u0000${resource.scope.id}`, resource.scope);
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  const inventory = parseInventory({ providers, scopes: [...scopes.values()], regions: [], resources, listings: [] });
  for (const error of errors)
    warn(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}: ${error.problem} (not read; the other files were judged)`);
  return { inventory, suppressions, files, skipped, errors, warnings };
}

/**
 * Marks failing or unknown findings covered by an inline suppression (same file, same resource
 * address, same rule) as suppressed; suppressions past their `until` date no longer apply.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  today: string,
): { findings: Finding[]; expired: Suppression[] } {
  const expired = suppressions.filter((entry) => entry.until !== undefined && entry.until < today);
  const live = suppressions.filter((entry) => !expired.includes(entry));
  return {
    expired,
    findings: findings.map((finding) => {
      if (finding.status !== 'fail' && finding.status !== 'unknown') return finding;
      if (!('file' in finding.source)) return finding;
      const source = finding.source;
      const match = live.find(
        (entry) => entry.ruleId === finding.ruleId && entry.file === source.file && (entry.address === source.address || entry.address === finding.resource.id),
      );
      if (!match) return finding;
      return { ...finding, status: 'suppressed' as const, suppression: { reason: match.reason, ...(match.until ? { expires: match.until } : {}) } };
    }),
  };
}
