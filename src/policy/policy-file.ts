import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import type { RuleSettings } from '../engine/evaluate.ts';
import type { Severity } from '../engine/rule.ts';
import { readTextFile } from '../read-file.ts';
import { z } from 'zod';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { ProviderSchema } from '../model/common.ts';
import { severities } from '../engine/rule.ts';
import { criterionIds } from '../model/criteria.ts';
import { BaselineSchema, type Baseline } from './baseline.ts';

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
  /** sha256 of the validated policy document (null for the built-in defaults): reports of one policy can be merged. */
  sha256: string | null;
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
  for (const provider of Object.keys(parsed.data.baseline.approvedScopes ?? {})) {
    if (!knownProviders.has(provider)) {
      const line = lineOf(['baseline', 'approvedScopes', provider]);
      throw new InputError(
        `${path}${line ? `:${line}` : ''}: baseline.approvedScopes.${provider}: unknown provider (known: ${[...knownProviders].join(', ')})`,
      );
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
  return {
    file: path,
    sha256: createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex'),
    document: parsed.data,
    baseline: BaselineSchema.parse({ ...defaults, ...parsed.data.baseline }),
  };
}

export function defaultPolicy(defaults: Baseline): Policy {
  return { sha256: null, baseline: defaults, document: PolicySchema.parse({}) };
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
