/**
 * Azure's measured effectiveness over the metrics window (spec §12 `effectiveness`), from the
 * activity the facts derived once (`facts.activity`):
 * - per content filter (RAI policy) in use that blocks something: the requests through the
 *   deployments that run on it (invocations), the requests it rejected (RAIRejectedRequests,
 *   interventions), the rate, and the flags `never-fires` / `over-blocking`;
 * - guarded share per deployment and per account: Azure runs a deployment's RAI policy on every
 *   request to it, so a deployment's share is 1 (its policy blocks something) or 0 (it blocks
 *   nothing, e.g. Microsoft.Nil), and an account's is the request-weighted share of its
 *   deployments; below the baseline's `minGuardedShare`: `bypassed-traffic`.
 * Cost is not estimated: Azure OpenAI content filtering has no meter of its own — the requests
 * it evaluates are billed as the model's prompt and completion tokens, a rejected prompt
 * included (learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter, "Important"
 * note on charges; azure.microsoft.com/pricing/details/cognitive-services/openai-service/ lists
 * no content-filtering meter).
 */
import type { InsightContext } from '../../src/engine/provider-rules.ts';
import type { EffectivenessFlag, GuardedShare, MeasuredControl, PlatformEffectiveness } from '../../src/model/ai-inventory.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import type { AzureAccount } from '../../src/model/azure.ts';
import type { ControlActivity, DeploymentActivity } from './activity.ts';
import type { AzureFacts } from './facts.ts';

/** Why Azure controls carry no cost estimate (a stable code, then the explanation). */
export const noSeparateMeter =
  'no-separate-meter: Azure OpenAI content filtering is not billed on its own meter; the requests it evaluates are billed as model tokens';

const rateOf = (interventions: number | null, invocations: number | null) =>
  interventions === null || invocations === null || invocations === 0 ? null : interventions / invocations;

/** The flags of a measured control against the baseline's thresholds. */
export function controlFlags(invocations: number | null, interventions: number | null, thresholds: Baseline['effectiveness']): EffectivenessFlag[] {
  const flags: EffectivenessFlag[] = [];
  if (invocations !== null && interventions === 0 && invocations >= thresholds.meaningfulVolume) flags.push('never-fires');
  const rate = rateOf(interventions, invocations);
  if (rate !== null && rate > thresholds.maxInterventionRate) flags.push('over-blocking');
  return flags;
}

function measuredControl(control: ControlActivity, baseline: Baseline): MeasuredControl {
  const { invocations, interventions } = control;
  const rate = rateOf(interventions, invocations);
  const reasons = [
    ...(control.reason !== undefined ? [control.reason] : []),
    ...(invocations === 0 ? ['no-invocations: no request reached its deployments over the window, so no rate'] : []),
    noSeparateMeter,
  ];
  return {
    id: control.policy.id,
    type: 'rai-policy',
    scope: { type: 'subscription', id: control.account.scope.id },
    region: control.account.region,
    invocations,
    interventions,
    interventionRate: rate,
    estimatedCost: null,
    flags: controlFlags(invocations, interventions, baseline.effectiveness),
    reason: reasons.join('; '),
  };
}

const accountName = (account: AzureAccount) => account.name ?? account.id.split('/').pop() ?? account.id;

/** A guarded-share entry for the deployments in `entries` (one deployment, or all of an account). */
function share(account: AzureAccount, target: string, entries: readonly DeploymentActivity[], baseline: Baseline): GuardedShare {
  const base = { scope: { type: 'subscription', id: account.scope.id }, region: account.region, target };
  const unmeasured = entries.find((entry) => entry.requests === null);
  if (unmeasured !== undefined)
    return { ...base, modelInvocations: null, guardedInvocations: null, share: null, flags: [], reason: unmeasured.reason ?? 'metrics-not-read' };
  const modelInvocations = entries.reduce((total, entry) => total + (entry.requests ?? 0), 0);
  const unknownGuard = entries.find((entry) => entry.guard.guarded === null && (entry.requests ?? 0) > 0);
  if (unknownGuard !== undefined)
    return { ...base, modelInvocations, guardedInvocations: null, share: null, flags: [], reason: `guard-unknown: ${unknownGuard.guard.note}` };
  const guardedInvocations = entries.reduce((total, entry) => total + (entry.guard.guarded === true ? (entry.requests ?? 0) : 0), 0);
  if (modelInvocations === 0)
    return { ...base, modelInvocations, guardedInvocations, share: null, flags: [], reason: 'no-invocations: no request over the window, so no share' };
  const value = guardedInvocations / modelInvocations;
  const unguarded = entries.filter((entry) => entry.guard.guarded === false && (entry.requests ?? 0) > 0);
  return {
    ...base,
    modelInvocations,
    guardedInvocations,
    share: value,
    flags: value < baseline.effectiveness.minGuardedShare ? ['bypassed-traffic'] : [],
    ...(unguarded.length > 0 ? { reason: unguarded.map((entry) => `${entry.deployment.name ?? entry.deployment.id}: ${entry.guard.note}`).join('; ') } : {}),
  };
}

/** The platform's measured effectiveness; null when Azure OpenAI / AI Services is not in use. */
export function azureEffectiveness({ facts, baseline, window }: InsightContext<AzureFacts>): PlatformEffectiveness | null {
  if (facts.usage !== 'used') return null;
  const { activity } = facts;
  const guardedShare: GuardedShare[] = [];
  // Each account's deployments, grouped once (a management group holds many accounts).
  const deploymentsOf = Map.groupBy(activity.deployments, (entry) => entry.account);
  for (const read of activity.accounts) {
    const entries = deploymentsOf.get(read.account) ?? [];
    if (entries.length === 0) continue;
    const name = accountName(read.account);
    for (const entry of entries) guardedShare.push(share(read.account, `${name}/${entry.deployment.name ?? entry.deployment.id}`, [entry], baseline));
    guardedShare.push(share(read.account, name, entries, baseline));
  }
  const measured = activity.accounts.filter((read) => read.status === 'read');
  const reason =
    measured.length === 0
      ? activity.accounts.length === 0
        ? 'no-ai-accounts: no OpenAI / AI Services account was read'
        : (activity.accounts.find((read) => read.reason !== undefined)?.reason ?? 'metrics-not-read')
      : undefined;
  return {
    provider: 'azure',
    window: measured[0]?.window ?? { from: window.from.toISOString(), to: window.to.toISOString() },
    controls: activity.controls.map((control) => measuredControl(control, baseline)),
    guardedShare,
    ...(reason === undefined ? {} : { reason }),
  };
}
