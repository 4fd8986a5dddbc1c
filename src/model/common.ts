import { z } from 'zod';

export const ProviderSchema = z.enum(['aws', 'azure', 'gcp']);
export type Provider = z.infer<typeof ProviderSchema>;

/** How much a filter blocks, on the one scale every provider is mapped to (spec §6). */
export const StrengthSchema = z.enum(['off', 'low', 'medium', 'high']);
export type Strength = z.infer<typeof StrengthSchema>;

const strengthOrder: Record<Strength, number> = { off: 0, low: 1, medium: 2, high: 3 };
export function strengthAtLeast(observed: Strength, required: Strength): boolean {
  return strengthOrder[observed] >= strengthOrder[required];
}

export const HarmCategorySchema = z.enum(['hate', 'insults', 'sexual', 'violence', 'misconduct', 'self-harm', 'prompt-attack', 'pii']);
export type HarmCategory = z.infer<typeof HarmCategorySchema>;

export const ScopeRefSchema = z.object({
  provider: ProviderSchema,
  type: z.enum(['account', 'organization', 'subscription', 'project', 'folder', 'iac']),
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
};
