/**
 * Facts each provider derives once per evaluation from its inventory (spec §6, §7): whether the
 * platform is in use, its neutral content controls, the control resources that should be managed
 * as code. Rules and maturity both read them, so they cannot drift apart.
 */
import type { HarmCategory, Strength } from '../model/common.ts';
import type { AiAsset } from '../model/ai-inventory.ts';

export type Usage = 'used' | 'unused' | 'unknown';

/** The neutral categories compared across platforms (pii is judged per provider, not across). */
export const comparedCategories = [
  'hate',
  'insults',
  'sexual',
  'violence',
  'misconduct',
  'self-harm',
  'prompt-attack',
] as const satisfies readonly HarmCategory[];
export type ComparedCategory = (typeof comparedCategories)[number];
export type Direction = 'input' | 'output';

/** Prompt attacks are judged on the input only; harm categories on both directions. */
export const directionsOf = (category: ComparedCategory): readonly Direction[] => (category === 'prompt-attack' ? ['input'] : ['input', 'output']);

/** One control's strength for one category and direction. `certain` is false when the platform or scope may not be in use. */
export interface NeutralObservation {
  control: string;
  category: ComparedCategory;
  direction: Direction;
  strength: Strength;
  certain: boolean;
}

/** A control (or part of one) that could not be read; `categories` undefined = all. */
export interface NeutralGap {
  what: string;
  categories?: readonly ComparedCategory[];
}

/** A platform's content controls on the neutral scale, for `multi/consistent-baseline`. */
export interface NeutralControls {
  /** The categories the platform can express at all; the others are not counted against it. */
  expressible: ReadonlySet<ComparedCategory>;
  observations: NeutralObservation[];
  gaps: NeutralGap[];
}

/** A control resource and whether its provenance shows infrastructure-as-code (`null`: tags unreadable). */
export interface IacCandidate {
  id: string;
  managed: boolean | null;
}

export interface ProviderFacts {
  /** Whether the platform is in use in the scanned scopes; `unknown` when the reads that could show it failed. */
  usage: Usage;
  /** Why: where it is used, or what could not be read. */
  usageNote: string;
  /** The platform's content controls on the neutral scale; undefined when it has none to compare. */
  neutralControls?: NeutralControls;
  /**
   * The control resources whose IaC provenance feeds L3.iac, with the noun that names them in
   * reports; undefined when the provider's rules judge provenance (their findings feed L3.iac).
   */
  iac?: { what: { plural: string; none: string }; candidates: readonly IacCandidate[] };
  /**
   * The AI assets in use (spec §12 `inventory`), from the provider's `aiInventory` — set by the
   * engine beside the provider's own facts (`withAiAssets`), so the report section and the
   * `multi/approved-*` rules read one derivation; undefined when the provider has no `aiInventory`.
   */
  aiAssets?: readonly AiAsset[];
}

/** Every expressible category and direction at `strength` for one control. */
export function observedEverywhere(expressible: ReadonlySet<ComparedCategory>, control: string, strength: Strength, certain: boolean): NeutralObservation[] {
  return [...expressible].flatMap((category) => directionsOf(category).map((direction) => ({ control, category, direction, strength, certain })));
}

/** Whether tags show IaC provenance (one of the baseline's tag keys, case-insensitive); `null` when the tags could not be read. */
export function hasIacTag(tags: Readonly<Record<string, string>> | undefined, iacTagKeys: readonly string[]): boolean | null {
  if (tags === undefined) return null;
  const keys = new Set(iacTagKeys.map((key) => key.toLowerCase()));
  return Object.keys(tags).some((key) => keys.has(key.toLowerCase()));
}
