import { z } from 'zod';

/**
 * A provider id (`aws`, `azure`, `gcp`, …). The model does not enumerate providers: the provider
 * registry does (`src/providers.ts`), so a new provider needs no change here.
 */
export const ProviderSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case provider id');
export type Provider = z.infer<typeof ProviderSchema>;

/** How much a filter blocks, on the one scale every provider is mapped to (spec §6). */
export const StrengthSchema = z.enum(['off', 'low', 'medium', 'high']);
export type Strength = z.infer<typeof StrengthSchema>;

/** The one order of the neutral scale; every comparison of strengths goes through it. */
const strengthOrder: Record<Strength, number> = { off: 0, low: 1, medium: 2, high: 3 };
export function strengthAtLeast(observed: Strength, required: Strength): boolean {
  return strengthOrder[observed] >= strengthOrder[required];
}

/** The weaker of two strengths. */
export function weaker(a: Strength, b: Strength): Strength {
  return strengthOrder[a] <= strengthOrder[b] ? a : b;
}

/** The weakest of several strengths (`high` for none). */
export function weakest(strengths: readonly Strength[]): Strength {
  return strengths.reduce<Strength>(weaker, 'high');
}

/** The strongest of several strengths (`off` for none). */
export function strongest(strengths: readonly Strength[]): Strength {
  return strengths.reduce<Strength>((max, next) => (strengthOrder[next] > strengthOrder[max] ? next : max), 'off');
}

/**
 * Looks a provider's name for something up in its vocabulary table (spec §6); a name outside
 * the table is `undefined` — unknown, never guessed.
 */
export function lookUp<V>(table: Readonly<Record<string, V>>, name: string | null | undefined): V | undefined {
  return name !== null && name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** `value` when it is one of the provider's names in `names`; `undefined` (unknown) otherwise. */
export function oneOf<T extends string>(names: readonly T[], value: string | null | undefined): T | undefined {
  return (names as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

/** The provider's name of a neutral value: the first name in the table that maps to it. */
export function nameOf<V>(table: Readonly<Record<string, V>>, value: V): string | undefined {
  let reverse = reverseTables.get(table) as Map<V, string> | undefined;
  if (reverse === undefined) {
    reverse = new Map();
    // The first name that maps to a value wins, as the table lists them.
    for (const [name, candidate] of Object.entries(table)) if (!reverse.has(candidate)) reverse.set(candidate, name);
    reverseTables.set(table, reverse);
  }
  return reverse.get(value);
}

/** Each vocabulary table's reverse lookup, built on first use (the tables are constants). */
const reverseTables = new WeakMap<object, Map<unknown, string>>();

export const HarmCategorySchema = z.enum(['hate', 'insults', 'sexual', 'violence', 'misconduct', 'self-harm', 'prompt-attack', 'pii']);
export type HarmCategory = z.infer<typeof HarmCategorySchema>;

export const ScopeRefSchema = z.object({
  provider: ProviderSchema,
  /** `account`, `organization`, `subscription`, `project`, `folder`, `iac`, or a new provider's own scope type. */
  type: z.string().min(1),
  id: z.string().min(1),
  name: z.string().optional(),
});
export type ScopeRef = z.infer<typeof ScopeRefSchema>;

/** Where a resource's facts were read: a live API call or a line of an IaC file. */
export const ProvenanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('api'), api: z.string().min(1) }),
  z.object({
    kind: z.literal('file'),
    file: z.string().min(1),
    line: z.number().int().positive().optional(),
    address: z.string().optional(),
  }),
]);
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** Fields every resource of every provider carries, whatever its source. */
export const resourceBase = {
  provider: ProviderSchema,
  id: z.string().min(1),
  name: z.string().optional(),
  scope: ScopeRefSchema,
  region: z.string().nullable(),
  source: ProvenanceSchema,
  /** Resource tags; `undefined` when they could not be read (not the same as no tags). */
  tags: z.record(z.string(), z.string()).optional(),
  /**
   * Set when the resource was listed but its details could not be read: rules that need
   * the details must report `unknown`, never `pass`.
   */
  unreadable: z.string().optional(),
  /**
   * The file references the resource but does not create it (ARM `existing`, a parent it only
   * names, Terraform `data`): kept so its children link to it, but no verdict is given on it.
   */
  referenceOnly: z.boolean().optional(),
};
