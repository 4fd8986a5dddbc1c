import { InputError } from '../errors.ts';
import type { RuleSettings } from '../engine/evaluate.ts';
import type { Severity } from '../engine/rule.ts';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { ProviderSchema } from '../model/common.ts';
import { severities } from '../engine/rule.ts';
import { criterionIds } from '../model/criteria.ts';
import { BaselineSchema, type Baseline } from './baseline.ts';

/** Invalid user input (exit code 2): the message names the file, the place and the problem. */
const level = z.number().int().min(1).max(5);

/** `2026-02-30` has the shape of a date but names no day: it must not silently become 2 March. */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isCalendarDate, 'not a real date (no such day in the calendar)');

/** A policy is a few kilobytes; anything near this size is a mistake or an attack on the parser. */
export const maxPolicyBytes = 1024 * 1024;
/** YAML aliases expanded while converting the policy (billion-laughs guard; a policy needs few, if any). */
const maxAliasCount = 100;

export const PolicySchema = z
  .object({
    version: z.literal(1).default(1),
    baseline: BaselineSchema.partial().strict().default({}),
    rules: z
      .record(
        z.string(),
        // `off` is shorthand for `{ enabled: false }`.
        z.preprocess(
          (value) => (value === 'off' ? { enabled: false } : value),
          z.object({ enabled: z.boolean().optional(), severity: z.enum(severities).optional() }).strict(),
        ),
      )
      .default({}),
    /** Target level per provider id; the ids are checked against the registry after parsing. */
    targets: z.record(z.string(), level).default({}),
    exceptions: z
      .array(
        z
          .object({
            rule: z.string().min(1),
            /** Resource id pattern; `*` matches any run of characters. */
            resource: z.string().min(1),
            reason: z.string().min(1),
            expires: isoDate.optional(),
          })
          .strict(),
      )
      .default([]),
    attestations: z
      .array(
        z
          .object({
            criterion: z.enum(criterionIds),
            provider: ProviderSchema.optional(),
            statement: z.string().min(1),
            owner: z.string().min(1),
            date: isoDate,
            reference: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type PolicyFile = z.infer<typeof PolicySchema>;

export interface Policy {
  file?: string;
  baseline: Baseline;
  document: PolicyFile;
}

/**
 * Reads, parses and validates a policy file (every problem becomes one InputError line) against the catalogue (`knownRuleIds`) and the
 * registered providers (`knownProviders`, for `targets`).
 */
export async function loadPolicy(path: string, knownRuleIds: ReadonlySet<string>, defaults: Baseline, knownProviders: ReadonlySet<string>): Promise<Policy> {
  const read = await readTextFile(path, { bytes: maxPolicyBytes, name: 'the 1 MB limit for policy files' });
  if ('problem' in read) throw new InputError(`${path}: ${read.code ? `cannot read policy file (${read.code})` : read.problem}`);
  const { text } = read;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first?.linePos?.[0]?.line;
    throw new InputError(`${path}${line ? `:${line}` : ''}: malformed YAML/JSON: ${first?.message.split('\n')[0] ?? 'parse error'}`);
  }
  const lineOf = (keyPath: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let depth = keyPath.length; depth >= 0; depth--) {
      const node = document.getIn(keyPath.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount });
  } catch (error) {
    // An alias bomb ("Excessive alias count …") or a structure too deep to convert.
    throw new InputError(`${path}: unreadable YAML/JSON: ${String((error as Error).message).split('\n')[0]}`);
  }
  const parsed = PolicySchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = issue?.path ?? [];
    const unknownKeys = issue && 'keys' in issue && Array.isArray(issue.keys) ? issue.keys.map(String) : [];
    const where = [...keyPath.map(String), ...unknownKeys.slice(0, 1)];
    const line = lineOf(unknownKeys.length > 0 ? [...keyPath, unknownKeys[0] as string] : keyPath);
    throw new InputError(`${path}${line ? `:${line}` : ''}: ${where.length > 0 ? `${where.join('.')}: ` : ''}${issue?.message ?? 'invalid policy'}`);
  }
  for (const provider of Object.keys(parsed.data.targets)) {
    if (!knownProviders.has(provider)) {
      const line = lineOf(['targets', provider]);
      throw new InputError(`${path}${line ? `:${line}` : ''}: targets.${provider}: unknown provider (known: ${[...knownProviders].join(', ')})`);
    }
  }
  for (const ruleId of Object.keys(parsed.data.rules)) {
    if (!knownRuleIds.has(ruleId))
      throw new InputError(
        `${path}${lineOf(['rules', ruleId]) ? `:${lineOf(['rules', ruleId])}` : ''}: rules.${ruleId}: unknown rule id (see \`aiposture rules\`)`,
      );
  }
  for (const [index, exception] of parsed.data.exceptions.entries()) {
    if (!knownRuleIds.has(exception.rule))
      throw new InputError(`${path}:${lineOf(['exceptions', index, 'rule']) ?? '?'}: exceptions.${index}.rule: unknown rule id ${exception.rule}`);
  }
  return { file: path, document: parsed.data, baseline: BaselineSchema.parse({ ...defaults, ...parsed.data.baseline }) };
}

export function defaultPolicy(defaults: Baseline): Policy {
  return { baseline: defaults, document: PolicySchema.parse({}) };
}

/** The rule settings (disabled rules, severity overrides) a policy file asks for. */
export function ruleSettings(policy: Policy): RuleSettings {
  const disabled = new Set<string>();
  const severity = new Map<string, Severity>();
  for (const [ruleId, setting] of Object.entries(policy.document.rules)) {
    if (setting.enabled === false) disabled.add(ruleId);
    else if (setting.severity) severity.set(ruleId, setting.severity);
  }
  return { disabled, severity };
}

// ---------------------------------------------------------------------------------------------
// Bounded reading of user-named files (the policy here; IaC files in src/iac reuse it).

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
