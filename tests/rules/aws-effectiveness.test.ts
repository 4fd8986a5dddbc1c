import { describe, expect, it } from 'vitest';
import { createRuleContext } from '../../src/engine/rule.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import type { Inventory, Listing } from '../../src/model/inventory.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { deriveAwsFacts } from '../../rules/aws/facts.ts';
import { awsEffectiveness } from '../../rules/aws/effectiveness.ts';
import { awsAiInventory } from '../../rules/aws/inventory.ts';
import { awsCriteria } from '../../rules/aws/maturity.ts';
import { awsRules } from '../../rules/aws/index.ts';
import { awsInventory, guardrail, regionActivity } from '../../rules/aws/case-builders.ts';

const scope = { provider: 'aws' as const, type: 'account', id: '111122223333' };
const arn = 'arn:aws:bedrock:us-east-1:111122223333:guardrail/a7m2x9k4q1w8';
const days = (n: number) => ({ from: new Date(Date.UTC(2025, 9, 1)), to: new Date(Date.UTC(2025, 9, 1) + n * 86_400_000) });

function series(namespace: string, metric: string, dimensions: Record<string, string>, sum: number | null, window = days(30)): MetricSeries {
  return {
    provider: 'aws',
    scope,
    region: 'us-east-1',
    source: { kind: 'api', api: 'cloudwatch:GetMetricData' },
    type: 'metric.series',
    id: `arn:aws:cloudwatch:us-east-1:111122223333:metric/${namespace}/${metric}?${Object.values(dimensions).join('&')}`,
    namespace,
    metric,
    dimensions,
    statistic: 'Sum',
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    sum,
    datapoints: sum === null ? 0 : 1,
  };
}
const model = (sum: number | null) => series('AWS/Bedrock', 'Invocations', { ModelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' }, sum);
const g = (metric: string, extra: Record<string, string>, sum: number | null) =>
  series('AWS/Bedrock/Guardrails', metric, { GuardrailArn: arn, GuardrailVersion: '1', ...extra }, sum);
const metricsListing = (status: Listing['status']): Listing => ({
  provider: 'aws',
  scope,
  region: 'us-east-1',
  resourceType: 'metric.series',
  collector: 'cloudwatch:GetMetricData',
  status,
});

function run(resources: Inventory['resources'], listing: Listing['status'] = 'ok', window = days(30)) {
  const base = awsInventory({
    resources: [regionActivity({ bedrockMetricNames: ['Invocations'] }), guardrail({ guardrailId: 'a7m2x9k4q1w8', referencedBy: ['agent'] }), ...resources],
  });
  const inventory: Inventory = { ...base, listings: [...base.listings, metricsListing(listing)] };
  const context = createRuleContext(inventory, defaultBaseline);
  const facts = deriveAwsFacts(context);
  const insight = { inventory, facts, baseline: defaultBaseline, window };
  return { effectiveness: awsEffectiveness(insight), assets: awsAiInventory(insight), facts };
}

const evaluated = (input: number, output: number, intervened: number) => [
  g('Invocations', {}, input + output),
  g('Invocations', { GuardrailContentSource: 'Input' }, input),
  g('Invocations', { GuardrailContentSource: 'Output' }, output),
  g('InvocationsIntervened', {}, intervened),
];

describe('AWS effectiveness (measured from metric series)', () => {
  const cases: Array<{
    name: string;
    resources: Inventory['resources'];
    listing?: Listing['status'];
    window?: { from: Date; to: Date };
    control: object;
    share: object;
  }> = [
    {
      name: 'pass: guarded, intervening at a normal rate',
      resources: [model(10_000), ...evaluated(10_000, 9_900, 300)],
      control: { invocations: 19_900, interventions: 300, interventionRate: 0.0151, flags: [] },
      share: { modelInvocations: 10_000, guardedInvocations: 10_000, share: 1, flags: [] },
    },
    {
      name: 'flag never-fires: meaningful volume, no intervention; bypassed-traffic: half the calls unguarded',
      resources: [model(20_000), ...evaluated(10_000, 10_000, 0)],
      control: { invocations: 20_000, interventions: 0, interventionRate: 0, flags: ['never-fires'] },
      share: { share: 0.5, flags: ['bypassed-traffic'] },
    },
    {
      name: 'flag over-blocking: a quarter of evaluations intervened',
      resources: [model(1_000), ...evaluated(1_000, 1_000, 500)],
      control: { interventionRate: 0.25, flags: ['over-blocking'] },
      share: { share: 1, flags: [] },
    },
    {
      name: 'unknown: metrics denied',
      resources: [],
      listing: 'denied',
      control: { invocations: null, interventionRate: null, reason: 'metrics-denied' },
      share: { share: null, modelInvocations: null, reason: 'metrics-denied' },
    },
    {
      name: 'unknown: no series for a referenced guardrail; no input split for the share',
      resources: [model(5_000), g('Invocations', {}, 5_000)],
      control: { invocations: 5_000 },
      share: { share: null, modelInvocations: 5_000, reason: 'no-content-source-split' },
    },
    {
      name: 'unknown: window too short',
      resources: [model(100), ...evaluated(100, 100, 1)],
      window: { from: new Date(Date.UTC(2025, 9, 1)), to: new Date(Date.UTC(2025, 9, 1, 2)) },
      control: { invocations: null, reason: 'window-too-short' },
      share: { share: null, reason: 'window-too-short' },
    },
  ];
  for (const entry of cases) {
    it(entry.name, () => {
      const { effectiveness } = run(entry.resources, entry.listing, entry.window);
      expect(effectiveness?.controls[0]).toMatchObject(entry.control);
      expect(effectiveness?.guardedShare[0]).toMatchObject(entry.share);
    });
  }

  it('a referenced guardrail without any series has no activation data (null, no-series)', () => {
    const { effectiveness } = run([model(5_000)]);
    expect(effectiveness?.controls[0]).toMatchObject({ id: `${arn}:1`, invocations: null, reason: 'no-series' });
    expect(effectiveness?.guardedShare[0]).toMatchObject({ share: 0, flags: ['bypassed-traffic'] });
  });

  it('estimates the monthly cost from text units per policy type, normalised to 30 days', () => {
    const resources = [
      model(1_000),
      ...evaluated(1_000, 1_000, 10).map((entry) => ({ ...entry, window: { from: days(15).from.toISOString(), to: days(15).to.toISOString() } })),
      { ...g('TextUnitCount', { GuardrailPolicyType: 'ContentPolicy' }, 10_000), window: { from: days(15).from.toISOString(), to: days(15).to.toISOString() } },
    ];
    const { effectiveness } = run(resources, 'ok', days(15));
    // 10,000 units × $0.15 / 1,000 = $1.50 over 15 days → $3.00 per 30 days.
    expect(effectiveness?.controls[0]?.estimatedCost).toMatchObject({ amount: 3, currency: 'USD' });
    expect(effectiveness?.controls[0]?.estimatedCost?.basis).toMatch(/as of \d{4}-\d{2}-\d{2}/);
  });

  it('inventory: an invoked foundation model with its missing guardrail; unknown when metrics are denied', () => {
    expect(run([model(10)]).assets.find((asset) => asset.kind === 'foundation-model')).toMatchObject({
      invoked: true,
      controls: [],
      missingControls: ['bedrock-guardrail'],
    });
    expect(run([model(null)]).assets.find((asset) => asset.kind === 'foundation-model')).toMatchObject({ invoked: false });
    const denied = run([], 'denied');
    expect(denied.assets.filter((asset) => asset.kind === 'foundation-model')).toEqual([]);
  });

  it('L4.effectiveness-metrics quotes the measured numbers, and is unknown when metrics are denied', () => {
    const criteria = (resources: Inventory['resources'], listing: Listing['status'] = 'ok') =>
      awsCriteria({ findings: [], rules: awsRules.rules.map((rule) => rule.meta), facts: run(resources, listing).facts, baseline: defaultBaseline });
    const measured = criteria([model(10_000), ...evaluated(10_000, 10_000, 420)]);
    expect(measured['L4.effectiveness-metrics'].summary).toContain('1 guardrail version, 20,000 evaluations, 2.1% intervened over 30 days');
    // Denied metrics make the measurement unknown (here combined with no alarm finding at all, which is unmet).
    expect(criteria([], 'denied')['L4.effectiveness-metrics'].summary).toMatch(/\(metrics-denied\) could not be read/);
    expect(criteria([model(5_000)])['L4.effectiveness-metrics'].status).toBe('unmet');
    expect(measured['L4.measured-review']).toMatchObject({ status: 'unmet' });
    expect(measured['L4.measured-review'].summary).toMatch(/False-positive review is not observable/);
  });
});
