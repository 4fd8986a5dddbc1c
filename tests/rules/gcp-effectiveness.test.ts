/**
 * GCP AI inventory, measured effectiveness and the evidence-based L4 criteria, through the
 * registry's rules and facts as a scan evaluates them (case tables over built inventories).
 */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/evaluate.ts';
import { inferMaturity } from '../../src/maturity/infer.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { registry } from '../../src/providers.ts';
import type { Inventory, ListingStatus } from '../../src/model/inventory.ts';
import type { ProviderFacts } from '../../src/engine/facts.ts';
import { gcpUsageMetrics, type GcpUsageMetric } from '../../src/model/gcp.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { gcpEffectiveness, effectivenessReasons } from '../../rules/gcp/effectiveness.ts';
import type { GcpFacts } from '../../rules/gcp/facts.ts';
import * as gcp from '../../rules/gcp/case-builders.ts';

const window = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') };

function series(query: GcpUsageMetric, dimensions: Record<string, string>, sum: number | null, projectId = gcp.PROJECT): MetricSeries {
  const { metric, namespace } = gcpUsageMetrics[query];
  return {
    provider: 'gcp',
    scope: gcp.scopeOf(projectId),
    region: dimensions.location ?? null,
    source: { kind: 'api', api: 'TimeSeries_List' },
    type: 'metric.series',
    id: `projects/${projectId}/timeSeries/${metric}?${JSON.stringify(dimensions)}`,
    namespace,
    metric,
    dimensions,
    statistic: 'ALIGN_SUM',
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    sum,
    datapoints: 1,
  };
}

const gemini = (sum: number | null, location = 'us-central1') =>
  series(
    'publisherInvocations',
    { location, publisher: 'google', model_user_id: 'gemini-2.0-flash-001', model_version_id: '', method: 'GenerateContent' },
    sum,
  );
const claude = (sum: number) =>
  series(
    'publisherInvocations',
    { location: 'us-central1', publisher: 'anthropic', model_user_id: 'claude-3-5-sonnet-v2', model_version_id: '', method: 'RawPredict' },
    sum,
  );

/** An inventory with the project's metrics listing (`metrics`) and the given resources; the project, its floor setting and an alert unless replaced. */
function inventory(resources: Inventory['resources'], metrics: ListingStatus = 'ok'): Inventory {
  const built = gcp.gcpInventory({ resources: [gcp.project(), ...resources] });
  built.listings.push({ provider: 'gcp', scope: gcp.projectScope, region: null, resourceType: 'metric.series', collector: 'TimeSeries_List', status: metrics });
  return built;
}

function evaluate(built: Inventory) {
  const evaluation = runRules(built, registry.rules, defaultBaseline, undefined, 'live', registry.factDerivers);
  const facts = evaluation.facts.get('gcp') as (GcpFacts & ProviderFacts) | undefined;
  if (!facts) throw new Error('no GCP facts');
  const effectiveness = gcpEffectiveness({ inventory: built, facts, baseline: defaultBaseline, window });
  const maturity = inferMaturity({
    providers: built.providers,
    modules: registry.byId,
    findings: evaluation.findings,
    facts: evaluation.facts,
    baseline: defaultBaseline,
  });
  const criterion = (id: string) => maturity.platforms.find((platform) => platform.provider === 'gcp')?.criteria.find((entry) => entry.id === id);
  return { facts, effectiveness, criterion };
}

describe('GCP guarded share and controls (spec §12)', () => {
  const cases: Array<{
    name: string;
    resources: Inventory['resources'];
    metrics?: ListingStatus;
    share: number | null;
    guarded: number | null;
    flags: string[];
    reason?: RegExp;
  }> = [
    {
      name: 'a blocking floor setting guards every Gemini generateContent call',
      resources: [gcp.floorSetting(), gemini(41_000)],
      share: 1,
      guarded: 41_000,
      flags: [],
    },
    {
      name: 'partner-model calls bypass the floor setting',
      resources: [gcp.floorSetting(), gemini(9000), claude(1000)],
      share: 0.9,
      guarded: 9000,
      flags: ['bypassed-traffic'],
      reason: /1000 invocation\(s\) outside the Model Armor Vertex AI integration/,
    },
    {
      name: 'an inspect-only floor setting guards nothing',
      resources: [gcp.floorSetting({ aiPlatformMode: 'inspectOnly' }), gemini(500)],
      share: 0,
      guarded: 0,
      flags: ['bypassed-traffic'],
      reason: /inspect-only/,
    },
    {
      name: 'denied metrics are not measurable (null, never 0)',
      resources: [gcp.floorSetting(), gemini(500)],
      metrics: 'denied',
      share: null,
      guarded: null,
      flags: [],
      reason: /could not be read \(metrics denied/,
    },
    {
      name: 'no invocations at all: no share',
      resources: [gcp.floorSetting()],
      share: null,
      guarded: null,
      flags: [],
      reason: /no model invocations/,
    },
  ];
  for (const entry of cases) {
    it(entry.name, () => {
      const { effectiveness } = evaluate(inventory(entry.resources, entry.metrics));
      const share = effectiveness?.guardedShare[0];
      expect(share?.share).toBe(entry.share);
      expect(share?.guardedInvocations).toBe(entry.guarded);
      expect(share?.flags).toEqual(entry.flags);
      if (entry.reason) expect(share?.reason).toMatch(entry.reason);
    });
  }

  it('measures the traffic a floor setting screened, never its interventions, and prices nothing', () => {
    const { effectiveness } = evaluate(inventory([gcp.floorSetting(), gcp.template(), gemini(41_230), claude(10)]));
    const floor = effectiveness?.controls.find((control) => control.type === 'model-armor-floor-setting');
    expect(floor).toMatchObject({ invocations: 41_230, interventions: null, interventionRate: null, estimatedCost: null });
    expect(floor?.reason).toContain(effectivenessReasons.noInterventionMetric);
    expect(floor?.reason).toContain(effectivenessReasons.noPrice);
    expect(effectiveness?.controls.find((control) => control.type === 'model-armor-template')).toMatchObject({ invocations: null, interventions: null });
  });
});

describe('GCP AI inventory', () => {
  it('lists invoked publisher models with the floor setting attached or missing, and endpoints with their deployed models', () => {
    const endpoint = gcp.endpoint({
      deployedModels: [{ id: '9001', model: 'projects/1/locations/us-central1/models/fraud', displayName: 'fraud-v3', modelVersionId: '3' }],
    });
    const endpointId = endpoint.id.split('/').pop() ?? '';
    const predictions = series('endpointPredictions', { location: 'us-central1', endpoint_id: endpointId, deployed_model_id: '9001' }, 1500);
    const { facts } = evaluate(inventory([gcp.floorSetting({ integratedServices: [] }), endpoint, gemini(100), claude(5), predictions]));
    const assets = facts.aiAssets ?? [];
    expect(assets.find((asset) => asset.name === 'gemini-2.0-flash-001')).toMatchObject({
      kind: 'foundation-model',
      model: { provider: 'google', name: 'gemini-2.0-flash-001' },
      invoked: true,
      controls: [],
      missingControls: ['model-armor-floor-setting'],
    });
    // Outside the floor-setting integration only the application can screen traffic (a template it calls), unseen in configuration.
    expect(assets.find((asset) => asset.name === 'claude-3-5-sonnet-v2')).toMatchObject({
      controls: [],
      missingControls: ['model-armor-template'],
      model: { provider: 'anthropic' },
    });
    expect(assets.find((asset) => asset.kind === 'endpoint')).toMatchObject({
      missingControls: ['model-armor-template'],
      id: `${endpoint.id}/deployedModels/9001`,
      model: { name: 'projects/1/locations/us-central1/models/fraud', version: '3' },
      invoked: true,
    });
  });

  it('says an endpoint’s use is unknown when the metrics were denied', () => {
    const { facts } = evaluate(inventory([gcp.floorSetting(), gcp.endpoint()], 'denied'));
    expect(facts.aiAssets?.find((asset) => asset.kind === 'endpoint')).toMatchObject({ invoked: null, reason: expect.stringMatching(/metrics denied/) });
  });
});

describe('GCP L4.effectiveness-metrics and L4.measured-review (issue 13)', () => {
  it('is met with activity measured and an alert watching, quoting the numbers', () => {
    const { criterion } = evaluate(inventory([gcp.floorSetting(), gcp.alertPolicy(), gemini(41_230), claude(770)]));
    expect(criterion('L4.effectiveness-metrics')).toMatchObject({ status: 'met' });
    expect(criterion('L4.effectiveness-metrics')?.summary).toMatch(
      /1 floor setting screening Vertex AI, 41,230 Gemini invocations screened of 42,000 model invocations over 30 days/,
    );
  });
  it('is unknown when the metrics could not be read', () => {
    const { criterion } = evaluate(inventory([gcp.floorSetting(), gcp.alertPolicy(), gemini(10)], 'denied'));
    expect(criterion('L4.effectiveness-metrics')).toMatchObject({ status: 'unknown', summary: expect.stringMatching(/could not be measured/) });
  });
  it('is unmet when no alert watches Model Armor, even with activity', () => {
    const { criterion } = evaluate(inventory([gcp.floorSetting(), gemini(10)]));
    expect(criterion('L4.effectiveness-metrics')?.status).toBe('unmet');
  });
  it('is unmet when the control in use saw no activity', () => {
    const { criterion } = evaluate(inventory([gcp.floorSetting(), gcp.alertPolicy(), claude(10)]));
    expect(criterion('L4.effectiveness-metrics')).toMatchObject({ status: 'unmet', summary: expect.stringMatching(/screened no Gemini invocation/) });
  });
  it('keeps the review attestable and says what was observed about cost', () => {
    const { criterion } = evaluate(inventory([gcp.floorSetting(), gemini(10)]));
    expect(criterion('L4.measured-review')).toMatchObject({
      status: 'unmet',
      summary: expect.stringMatching(/not computed .*no Model Armor price.*10 model invocations measured over 30 days/),
    });
  });
});
