/**
 * Measured effectiveness of Bedrock guardrails over the metrics window (spec §12 `effectiveness`):
 * per guardrail version in use, its evaluations, interventions, intervention rate and estimated
 * monthly cost; per account × region, the guarded share of model invocations. Read from the facts
 * (`facts.activity`, derived once), so the L4 criteria quote the same numbers.
 */
import type { InsightContext } from '../../src/engine/provider-rules.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import type { EffectivenessFlag, GuardedShare, MeasuredControl, PlatformEffectiveness } from '../../src/model/ai-inventory.ts';
import { activityReasons, unreadReason, type GuardrailActivity, type RegionActivity } from './activity.ts';
import type { AwsFacts } from './facts.ts';

const dayMs = 86_400_000;
/** The shortest window whose numbers say anything about a month of traffic. */
export const minWindowMs = dayMs;
/** Costs are given per month of 30 days. */
const monthMs = 30 * dayMs;

export const guardrailControlType = 'bedrock-guardrail';

/** A guardrail version in use in one account and region: referenced by configuration, or evaluated (its series). */
interface ControlInUse {
  region: RegionActivity | undefined;
  scope: { type: string; id: string };
  regionName: string;
  arn: string;
  version: string;
  activity: GuardrailActivity | undefined;
}

function controlsInUse(facts: AwsFacts): ControlInUse[] {
  const found = new Map<string, ControlInUse>();
  const regionOf = (scopeId: string, region: string) => facts.activity.regions.find((entry) => entry.scope.id === scopeId && entry.region === region);
  for (const guardrail of facts.guardrails) {
    if (guardrail.referencedBy.length === 0 || guardrail.region === null) continue;
    const k = `${guardrail.scope.id}|${guardrail.region}|${guardrail.arn}:${guardrail.version}`;
    found.set(k, {
      region: regionOf(guardrail.scope.id, guardrail.region),
      scope: { type: guardrail.scope.type, id: guardrail.scope.id },
      regionName: guardrail.region,
      arn: guardrail.arn,
      version: guardrail.version,
      activity: undefined,
    });
  }
  for (const region of facts.activity.regions) {
    for (const activity of region.guardrails) {
      const k = `${region.scope.id}|${region.region}|${activity.arn}:${activity.version}`;
      const existing = found.get(k);
      if (existing) existing.activity = activity;
      // Evaluated without being referenced in configuration: a request-level guardrail (guardrailIdentifier on the call).
      else if (activity.invocations.value !== null && activity.invocations.value > 0)
        found.set(k, {
          region,
          scope: { type: region.scope.type, id: region.scope.id },
          regionName: region.region,
          arn: activity.arn,
          version: activity.version,
          activity,
        });
    }
  }
  for (const control of found.values()) {
    control.activity ??= control.region?.guardrails.find((entry) => entry.arn === control.arn && entry.version === control.version);
  }
  return [...found.values()];
}

/** Per-month cost from the text units per policy type and the baseline's prices (source and date quoted). */
function estimatedCost(activity: GuardrailActivity, baseline: Baseline, windowMs: number): { cost: MeasuredControl['estimatedCost']; reason?: string } {
  const units = Object.entries(activity.textUnits);
  if (units.length === 0) return { cost: null, reason: activityReasons.noTextUnitSeries };
  const prices = baseline.controlPrices;
  const unpriced = units.filter(([policyType]) => prices.awsGuardrailPer1000TextUnits[policyType] === undefined);
  if (unpriced.length > 0) return { cost: null, reason: `${activityReasons.noPrice}: ${unpriced.map(([policyType]) => policyType).join(', ')}` };
  const windowCost = units.reduce((sum, [policyType, count]) => sum + (count / 1000) * (prices.awsGuardrailPer1000TextUnits[policyType] ?? 0), 0);
  const amount = Math.round(((windowCost * monthMs) / windowMs) * 100) / 100;
  const days = Math.round((windowMs / dayMs) * 10) / 10;
  return {
    cost: {
      amount,
      currency: prices.currency,
      basis: `TextUnitCount per GuardrailPolicyType over ${days} days (${units.map(([policyType, count]) => `${policyType} ${count}`).join(', ')}) × the price per 1,000 text units (${prices.source}, as of ${prices.asOf}), per 30 days`,
    },
  };
}

/** The measured controls: shared by `effectiveness` and the L4 criteria. */
export function measuredControls(facts: AwsFacts, baseline: Baseline, windowMs: number): MeasuredControl[] {
  const thresholds = baseline.effectiveness;
  return controlsInUse(facts).map((control): MeasuredControl => {
    const base = { id: `${control.arn}:${control.version}`, type: guardrailControlType, scope: control.scope, region: control.regionName };
    const none = (reason: string): MeasuredControl => ({
      ...base,
      invocations: null,
      interventions: null,
      interventionRate: null,
      estimatedCost: null,
      flags: [],
      reason,
    });
    const unread = control.region ? unreadReason(control.region) : activityReasons.metricsNotRead;
    if (unread !== undefined) return none(unread);
    if (windowMs < minWindowMs) return none(activityReasons.windowTooShort);
    if (control.activity === undefined) return none(activityReasons.noSeries);
    const { invocations, interventions } = control.activity;
    if (invocations.value === null) return none(invocations.reason ?? activityReasons.noSeries);
    const interventionsValue = interventions.value;
    const rate = interventionsValue !== null && invocations.value > 0 ? interventionsValue / invocations.value : null;
    const flags: EffectivenessFlag[] = [];
    // InvocationsIntervened is published only when the guardrail intervened: a silent or absent series over real volume is "never fires".
    const intervenedNever = interventionsValue === 0 || (interventionsValue === null && interventions.reason !== activityReasons.metricsUnreadable);
    if (invocations.value >= thresholds.meaningfulVolume && intervenedNever) flags.push('never-fires');
    if (rate !== null && rate > thresholds.maxInterventionRate) flags.push('over-blocking');
    const cost = estimatedCost(control.activity, baseline, windowMs);
    const reasons = [rate === null && invocations.value > 0 ? (interventions.reason ?? undefined) : undefined, cost.reason].filter(Boolean);
    return {
      ...base,
      invocations: invocations.value,
      interventions: interventionsValue,
      interventionRate: rate === null ? null : Math.round(rate * 10_000) / 10_000,
      estimatedCost: cost.cost,
      flags,
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    };
  });
}

/**
 * Guarded share per account × region: model calls whose input a guardrail evaluated
 * (`Invocations` with `GuardrailContentSource` Input — each guarded call has its input evaluated
 * once per guardrail, outputs are evaluated again and would count it twice) ÷ AWS/Bedrock
 * `Invocations` over every ModelId; capped at 1 (two guardrails on one call, or ApplyGuardrail
 * used without a model call, count twice).
 */
export function guardedShares(facts: AwsFacts, baseline: Baseline, windowMs: number): GuardedShare[] {
  const shares: GuardedShare[] = [];
  for (const region of facts.activity.regions) {
    const usage = facts.regions.find((entry) => entry.scope.id === region.scope.id && entry.region === region.region)?.usage;
    if (usage === 'unused' && region.models.size === 0) continue;
    const scope = { type: region.scope.type, id: region.scope.id };
    const none = (reason: string, modelInvocations: number | null = null): GuardedShare => ({
      scope,
      region: region.region,
      modelInvocations,
      guardedInvocations: null,
      share: null,
      flags: [],
      reason,
    });
    const unread = unreadReason(region);
    if (unread !== undefined) {
      shares.push(none(unread));
      continue;
    }
    if (windowMs < minWindowMs) {
      shares.push(none(activityReasons.windowTooShort));
      continue;
    }
    const counted = [...region.models.values()].flatMap((measured) => (measured.value === null ? [] : [measured.value]));
    const modelInvocations = counted.reduce((sum, value) => sum + value, 0);
    if (counted.length === 0 || modelInvocations === 0) {
      // Not used in the window (or only as configuration): nothing to share.
      if (usage === 'used') shares.push(none(activityReasons.noModelInvocations));
      continue;
    }
    const evaluated = region.guardrails.filter((entry) => entry.invocations.value !== null && entry.invocations.value > 0);
    const unsplit = evaluated.find((entry) => entry.inputInvocations.value === null && entry.inputInvocations.reason === activityReasons.noContentSourceSplit);
    if (unsplit !== undefined) {
      shares.push(none(activityReasons.noContentSourceSplit, modelInvocations));
      continue;
    }
    const guarded = evaluated.reduce((sum, entry) => sum + (entry.inputInvocations.value ?? 0), 0);
    const share = Math.min(1, guarded / modelInvocations);
    shares.push({
      scope,
      region: region.region,
      modelInvocations,
      guardedInvocations: guarded,
      share: Math.round(share * 10_000) / 10_000,
      flags: share < baseline.effectiveness.minGuardedShare ? ['bypassed-traffic'] : [],
    });
  }
  return shares;
}

/** `ProviderRules.effectiveness` for AWS. */
export function awsEffectiveness({ facts, baseline, window }: InsightContext<AwsFacts>): PlatformEffectiveness | null {
  if (facts.usage === 'unused' && facts.activity.regions.every((region) => region.models.size === 0)) return null;
  if (facts.activity.regions.length === 0) return null;
  const windowMs = window.to.getTime() - window.from.getTime();
  const controls = measuredControls(facts, baseline, windowMs);
  const guardedShare = guardedShares(facts, baseline, windowMs);
  const unread = facts.activity.regions.map(unreadReason);
  const reason = unread.every((entry) => entry !== undefined)
    ? unread[0]
    : windowMs < minWindowMs
      ? activityReasons.windowTooShort
      : facts.activity.window === null
        ? activityReasons.noSeries
        : undefined;
  return {
    provider: 'aws',
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    controls,
    guardedShare,
    ...(reason !== undefined ? { reason } : {}),
  };
}
