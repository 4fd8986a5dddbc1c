/**
 * The report's `inventory` and `effectiveness` sections (spec §12): what AI runs where, which
 * controls are attached to it, and — over a metrics window — how much of its traffic the
 * controls see, how often they act and what they cost. Each provider's rules half derives its
 * part from the neutral model (`ProviderRules.aiInventory` / `ProviderRules.effectiveness`); the
 * reporters only read these types.
 *
 * `null` always means "not measurable", with the reason in the sibling `reason` field — never 0.
 */
import type { Provider } from './common.ts';

export const aiAssetKinds = [
  'foundation-model',
  'custom-model',
  'deployment',
  'endpoint',
  'agent',
  'knowledge-base',
  'inference-profile',
  'provisioned-throughput',
] as const;
export type AiAssetKind = (typeof aiAssetKinds)[number];

/** A control attached to an asset: a guardrail (and version), an RAI policy, a floor setting or template. */
export interface AttachedControl {
  /** e.g. `bedrock-guardrail`, `rai-policy`, `model-armor-template`, `model-armor-floor-setting`. */
  type: string;
  id: string;
  version?: string;
}

/** One AI asset in use (spec §12 `inventory[]`). */
export interface AiAsset {
  provider: Provider;
  scope: { type: string; id: string };
  region: string | null;
  kind: AiAssetKind;
  id: string;
  name: string;
  model: { provider?: string; name: string; version?: string } | null;
  /** Whether usage metrics show invocations in the window; null: not measurable (see `reason`). */
  invoked: boolean | null;
  controls: AttachedControl[];
  /** The control types the asset should have and does not (e.g. `bedrock-guardrail`). */
  missingControls: string[];
  /** Provider-specific facts worth showing (SKU, capacity, …): shown in the inventory table and the ML-BOM. */
  details?: Record<string, string | number | boolean>;
  reason?: string;
}

/** Why a number is missing or noteworthy: stable codes, like a finding's `reason`. */
export type EffectivenessFlag =
  | 'bypassed-traffic' // guarded share below the baseline
  | 'never-fires' // a control with meaningful volume and no intervention
  | 'over-blocking'; // intervention rate above the baseline: review false positives

export interface MeasuredControl {
  /** The control's id (guardrail ARN:version, RAI policy id, template name). */
  id: string;
  type: string;
  scope: { type: string; id: string };
  region: string | null;
  invocations: number | null;
  interventions: number | null;
  interventionRate: number | null;
  estimatedCost: { amount: number; currency: string; basis: string } | null;
  flags: EffectivenessFlag[];
  reason?: string;
}

export interface GuardedShare {
  scope: { type: string; id: string };
  region: string | null;
  /** The deployment or endpoint the share is about, where the provider measures per deployment. */
  target?: string;
  modelInvocations: number | null;
  guardedInvocations: number | null;
  share: number | null;
  flags: EffectivenessFlag[];
  reason?: string;
}

/** One platform's measured effectiveness over the window (spec §12 `effectiveness[]`). */
export interface PlatformEffectiveness {
  provider: Provider;
  window: { from: string; to: string };
  controls: MeasuredControl[];
  guardedShare: GuardedShare[];
  /** Why the platform as a whole could not be measured (metrics denied, no series, …). */
  reason?: string;
}

/** The metrics window a scan reads (`--metrics-window`, default 30 days). */
export interface MetricsWindow {
  from: Date;
  to: Date;
}

export const defaultMetricsWindowDays = 30;
