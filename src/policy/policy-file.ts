import { InputError } from '../errors.ts';
import type { RuleSettings } from '../engine/evaluate.ts';
import type { Severity } from '../engine/rule.ts';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { ProviderSchema } from '../model/common.ts';
import { severities } from '../engine/rule.ts';
import { criterionIds } from '../model/criteria.ts';
import { BaselineSchema, type Baseline } from './baseline.ts';

/** Invalid user input (exit code 2): the message names the file, the place and the problem. */
const level = z.number().int().min(1).max(5);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read policy file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
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
  const parsed = PolicySchema.safeParse(document.toJS() ?? {});
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
