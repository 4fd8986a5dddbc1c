/**
 * Measured effectiveness of Model Armor on Vertex AI over the metrics window (spec §12).
 *
 * Controls. The floor setting that screens a project's Vertex AI traffic: its invocations are the
 * Gemini generateContent calls it screened (publisher-model invocation counts); its interventions
 * are not measurable — Model Armor publishes no Cloud Monitoring metric of sanitisation results,
 * only Cloud Logging entries (https://docs.cloud.google.com/model-armor/integrations). Templates:
 * neither invocations nor interventions per template are published (the Model Armor API's request
 * count has a method label, no template label); the project's Model Armor API requests per
 * location are shown as their own entry, a proxy for direct template use, never interventions.
 * So `never-fires` and `over-blocking` cannot be raised on GCP; they need interventions.
 *
 * Guarded share, per project × location: model invocations a blocking floor setting screened
 * (Gemini generateContent calls in a project whose floor setting integrates Vertex AI in
 * inspect-and-block with enforcement on) ÷ all model invocations there (publisher-model
 * invocations and endpoint predictions). Traffic outside the Vertex AI integration — partner
 * models, other methods, custom models on endpoints — is never guarded by a floor setting; below
 * `baseline.effectiveness.minGuardedShare` the share is flagged `bypassed-traffic`.
 *
 * Cost: no Model Armor price is kept in the baseline (`baseline.controlPrices` holds AWS guardrail
 * prices only), so cost is null with that reason — never an invented price.
 */
import type { GuardedShare, MeasuredControl, PlatformEffectiveness } from '../../src/model/ai-inventory.ts';
import type { InsightContext } from '../../src/engine/provider-rules.ts';
import type { GcpFacts } from './facts.ts';
import type { Resource } from '../../src/model/inventory.ts';
import { controlTypes } from './inventory.ts';
import { total, unmeasured, type ProjectActivity } from './usage.ts';

export const effectivenessReasons = {
  noInterventionMetric:
    'Model Armor publishes no Cloud Monitoring metric of sanitisation results (matches, blocks): they are visible only in Cloud Logging (https://docs.cloud.google.com/model-armor/integrations)',
  noTemplateMetric: 'Model Armor publishes no per-template request or sanitisation metric (the API request count is per method, not per template)',
  apiRequestsProxy:
    'Model Armor API requests (serviceruntime api/request_count): how much traffic applications sent to templates directly — a proxy for use, not interventions',
  noPrice: 'no Model Armor price in the baseline (baseline.controlPrices holds AWS guardrail prices only)',
} as const;

const scopeOf = (activity: ProjectActivity) => ({ type: 'project', id: activity.project.projectId });

function floorControls(activity: ProjectActivity): MeasuredControl[] {
  const { screening } = activity;
  if (screening.status !== 'blocking' && screening.status !== 'inspect-only') return [];
  const notMeasured = unmeasured(activity);
  const screened = notMeasured === undefined ? total(activity.publisherModels.filter((use) => use.screenable).map((use) => use.invocations)) : null;
  return [
    {
      id: screening.floor.id,
      type: controlTypes.floorSetting,
      scope: scopeOf(activity),
      region: null,
      invocations: screened,
      interventions: null,
      interventionRate: null,
      estimatedCost: null,
      flags: [],
      reason: [
        notMeasured ?? (screened === null ? 'a model_invocation_count series could not be read' : undefined),
        `${screening.status === 'inspect-only' ? 'inspect-only (logged, not blocked); ' : ''}interventions: ${effectivenessReasons.noInterventionMetric}`,
        `cost: ${effectivenessReasons.noPrice}`,
      ]
        .filter(Boolean)
        .join('; '),
    },
  ];
}

/** The Model Armor templates of each project, grouped once (an organisation has many projects). */
function templatesByProject(context: InsightContext<GcpFacts>): Map<string, Resource[]> {
  return Map.groupBy(
    context.inventory.resources.filter((resource) => resource.type === 'gcp.modelarmor-template' && resource.scope.type === 'project'),
    (resource) => resource.scope.id,
  );
}

function templateControls(templatesOf: ReadonlyMap<string, Resource[]>, activity: ProjectActivity): MeasuredControl[] {
  const id = activity.project.projectId;
  const templates = templatesOf.get(id) ?? [];
  const perTemplate: MeasuredControl[] = templates.map((template) => ({
    id: template.id,
    type: controlTypes.template,
    scope: scopeOf(activity),
    region: template.region,
    invocations: null,
    interventions: null,
    interventionRate: null,
    estimatedCost: null,
    flags: [],
    reason: `${effectivenessReasons.noTemplateMetric}; ${effectivenessReasons.noInterventionMetric}`,
  }));
  if (unmeasured(activity) !== undefined) return perTemplate;
  const byLocation = new Map<string, Array<number | null>>();
  for (const use of activity.modelArmorApi) byLocation.set(use.location, [...(byLocation.get(use.location) ?? []), use.requests]);
  const requests: MeasuredControl[] = [...byLocation].map(([location, values]) => ({
    id: `projects/${id}/locations/${location || 'global'}/modelArmorApi`,
    type: controlTypes.apiRequests,
    scope: scopeOf(activity),
    region: location || null,
    invocations: total(values),
    interventions: null,
    interventionRate: null,
    estimatedCost: null,
    flags: [],
    reason: `${effectivenessReasons.apiRequestsProxy}; interventions: ${effectivenessReasons.noInterventionMetric}`,
  }));
  return [...perTemplate, ...requests];
}

function guardedShares(activity: ProjectActivity, minGuardedShare: number): GuardedShare[] {
  const scope = scopeOf(activity);
  const notMeasured = unmeasured(activity);
  if (notMeasured !== undefined)
    return [{ scope, region: null, modelInvocations: null, guardedInvocations: null, share: null, flags: [], reason: notMeasured }];
  const locations = [...new Set([...activity.publisherModels.map((use) => use.location), ...activity.endpoints.map((use) => use.location)])].sort();
  if (locations.length === 0)
    return [
      { scope, region: null, modelInvocations: 0, guardedInvocations: null, share: null, flags: [], reason: 'no model invocations in the window (no series)' },
    ];
  const { screening } = activity;
  return locations.map((location): GuardedShare => {
    const publisher = activity.publisherModels.filter((use) => use.location === location);
    const predictions = activity.endpoints.filter((use) => use.location === location);
    const modelInvocations = total([...publisher.map((use) => use.invocations), ...predictions.map((use) => use.predictions)]);
    const screenable = total(publisher.filter((use) => use.screenable).map((use) => use.invocations));
    const region = location || null;
    if (modelInvocations === null || screenable === null)
      return { scope, region, modelInvocations, guardedInvocations: null, share: null, flags: [], reason: 'an invocation series could not be read' };
    if (screening.status === 'unknown')
      return {
        scope,
        region,
        modelInvocations,
        guardedInvocations: null,
        share: null,
        flags: [],
        reason: `whether Model Armor screens the project is unknown: ${screening.reason}`,
      };
    const guarded = screening.status === 'blocking' ? screenable : 0;
    if (modelInvocations === 0)
      return { scope, region, modelInvocations, guardedInvocations: guarded, share: null, flags: [], reason: 'no model invocations in the window' };
    const share = guarded / modelInvocations;
    const outside = modelInvocations - screenable;
    const why = [
      ...(screening.status === 'blocking' || screenable === 0 ? [] : [`the Gemini traffic is not blocked by a floor setting (${screening.status})`]),
      ...(outside > 0 ? [`${outside} invocation(s) outside the Model Armor Vertex AI integration (partner models, other methods, custom endpoints)`] : []),
    ];
    return {
      scope,
      region,
      modelInvocations,
      guardedInvocations: guarded,
      share,
      flags: share < minGuardedShare ? ['bypassed-traffic'] : [],
      ...(why.length > 0 ? { reason: why.join('; ') } : {}),
    };
  });
}

/** The platform's effectiveness; null when Vertex AI is not used in any scanned project. */
export function gcpEffectiveness(context: InsightContext<GcpFacts>): PlatformEffectiveness | null {
  const { facts, baseline, window } = context;
  if (facts.usage === 'unused') return null;
  const considered = new Set(facts.projects.filter((entry) => entry.use.usage !== 'unused').map((entry) => entry.project.projectId));
  const activities = facts.activity.filter((activity) => considered.has(activity.project.projectId));
  const unmeasurable = activities.map(unmeasured).filter((reason): reason is string => reason !== undefined);
  const templates = templatesByProject(context);
  return {
    provider: 'gcp',
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    controls: activities.flatMap((activity) => [...floorControls(activity), ...templateControls(templates, activity)]),
    guardedShare: activities.flatMap((activity) => guardedShares(activity, baseline.effectiveness.minGuardedShare)),
    ...(activities.length > 0 && unmeasurable.length === activities.length ? { reason: `usage metrics could not be read: ${unmeasurable.join('; ')}` } : {}),
  };
}
