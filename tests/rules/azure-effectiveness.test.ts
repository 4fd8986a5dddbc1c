/**
 * Azure inventory, measured effectiveness and the L4 criteria (spec §12, §7) from the facts the
 * evaluation derives once: a table of inventories (accounts, deployments, RAI policies, metric
 * series as the collector emits them) and what each must show — measured numbers, flags, and
 * null with a reason where nothing could be measured, never 0.
 */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/evaluate.ts';
import { inferMaturity } from '../../src/maturity/infer.ts';
import { registry } from '../../src/providers.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { azureEffectiveness } from '../../rules/azure/effectiveness.ts';
import { azureAiInventory } from '../../rules/azure/inventory.ts';
import type { AzureFacts } from '../../rules/azure/facts.ts';
import {
  ACCOUNT_ID,
  LOCATION,
  account,
  azureInventory,
  builtInPolicy,
  deployment,
  filter,
  metricAlert,
  raiPolicy,
  subscription,
} from '../../rules/azure/case-builders.ts';

const to = new Date('2025-06-30T00:00:00Z');
const window = { from: new Date(to.getTime() - 30 * 86_400_000), to };
const span = { from: window.from.toISOString(), to: window.to.toISOString() };

/** A series as the collector emits it for the default account. */
function series(metric: string, deploymentName: string, sum: number | null): MetricSeries {
  return {
    provider: 'azure',
    scope: subscription,
    region: LOCATION,
    source: { kind: 'api', api: 'Metrics_List' },
    type: 'metric.series',
    id: `${ACCOUNT_ID}/providers/Microsoft.Insights/metrics/${metric}/ModelDeploymentName/${deploymentName}`,
    name: `${metric} (${deploymentName})`,
    namespace: 'Microsoft.CognitiveServices/accounts',
    metric,
    dimensions: { 'Microsoft.ResourceId': ACCOUNT_ID, ModelDeploymentName: deploymentName },
    statistic: 'Total',
    window: span,
    sum,
    datapoints: sum === null ? null : 30,
  };
}

const measured = account({ metricsReadOver: span });

function evaluate(inventory: Inventory) {
  const evaluation = runRules(inventory, registry.rules, defaultBaseline, undefined, 'live', registry.factDerivers);
  const facts = evaluation.facts.get('azure') as AzureFacts;
  const context = { inventory, facts, baseline: defaultBaseline, window };
  const maturity = inferMaturity({
    providers: inventory.providers,
    modules: registry.byId,
    findings: evaluation.findings,
    facts: evaluation.facts,
    baseline: defaultBaseline,
  });
  const criterion = (id: string) => maturity.platforms.find((platform) => platform.provider === 'azure')?.criteria.find((entry) => entry.id === id);
  return { effectiveness: azureEffectiveness(context), assets: azureAiInventory(context), criterion };
}

interface Case {
  name: string;
  resources: Inventory['resources'];
  control?: { invocations: number | null; interventions: number | null; interventionRate: number | null; flags: string[]; reason?: RegExp };
  /** Guarded share of the first deployment (target aoai-prod/gpt-4o). */
  share?: { modelInvocations: number | null; guardedInvocations: number | null; share: number | null; flags: string[]; reason?: RegExp };
  invoked?: boolean | null;
  missingControls?: string[];
  l4?: { status: string; summary: RegExp };
}

const cases: Case[] = [
  {
    name: 'measured: requests and rejections per policy, rate, no flags; L4 met with the numbers quoted',
    resources: [
      measured,
      deployment(),
      raiPolicy(),
      metricAlert(),
      series('AzureOpenAIRequests', 'gpt-4o', 41_230),
      series('RAIRejectedRequests', 'gpt-4o', 866),
      series('RAIHarmfulRequests', 'gpt-4o', 1_020),
    ],
    control: { invocations: 41_230, interventions: 866, interventionRate: 866 / 41_230, flags: [], reason: /no-separate-meter/ },
    share: { modelInvocations: 41_230, guardedInvocations: 41_230, share: 1, flags: [] },
    invoked: true,
    missingControls: [],
    l4: { status: 'met', summary: /1 content filter \(RAI policies\) measured: 41,230 requests, 866 rejected \(2\.1%\) over 30 days/ },
  },
  {
    name: 'a filter that never fires over a meaningful volume is flagged never-fires (0 from the API, not assumed)',
    resources: [measured, deployment(), raiPolicy(), metricAlert(), series('AzureOpenAIRequests', 'gpt-4o', 25_000)],
    control: { invocations: 25_000, interventions: 0, interventionRate: 0, flags: ['never-fires'] },
    l4: { status: 'met', summary: /25,000 requests, 0 rejected \(0\.0%\)/ },
  },
  {
    name: 'an intervention rate above the baseline is flagged over-blocking',
    resources: [
      measured,
      deployment(),
      raiPolicy(),
      metricAlert(),
      series('AzureOpenAIRequests', 'gpt-4o', 1_000),
      series('RAIRejectedRequests', 'gpt-4o', 350),
    ],
    control: { invocations: 1_000, interventions: 350, interventionRate: 0.35, flags: ['over-blocking'] },
  },
  {
    name: 'a deployment whose policy blocks nothing: share 0, bypassed-traffic, rai-policy missing; no control to measure',
    resources: [
      measured,
      deployment({ raiPolicyName: 'annotate-only' }),
      raiPolicy({ name: 'annotate-only', contentFilters: [filter('Hate', 'Prompt', { blocking: false, severityThreshold: 'Medium' })] }),
      metricAlert(),
      series('AzureOpenAIRequests', 'gpt-4o', 5_000),
    ],
    share: { modelInvocations: 5_000, guardedInvocations: 0, share: 0, flags: ['bypassed-traffic'], reason: /blocks nothing/ },
    invoked: true,
    missingControls: ['rai-policy'],
    l4: { status: 'unmet', summary: /No content filter \(RAI policy\) that blocks anything is in use/ },
  },
  {
    name: "Microsoft's default counts as a control, custom-rai-policy missing",
    resources: [measured, deployment({ raiPolicyName: null }), builtInPolicy(), metricAlert(), series('AzureOpenAIRequests', 'gpt-4o', 10)],
    control: { invocations: 10, interventions: 0, interventionRate: 0, flags: [] },
    invoked: true,
    missingControls: ['custom-rai-policy'],
  },
  {
    name: 'metrics read, no series for the deployment: not invoked; L4 unmet (no activation data)',
    resources: [measured, deployment(), raiPolicy(), metricAlert()],
    control: { invocations: 0, interventions: 0, interventionRate: null, flags: [], reason: /no-invocations/ },
    share: { modelInvocations: 0, guardedInvocations: 0, share: null, flags: [], reason: /no-invocations/ },
    invoked: false,
    l4: { status: 'unmet', summary: /No activation data over 30 days for org-strict on aoai-prod/ },
  },
  {
    name: 'metrics denied: every number null with the reason; L4 unknown',
    resources: [account({ readErrors: { metrics: 'AuthorizationFailed (403): not authorized' } }), deployment(), raiPolicy(), metricAlert()],
    control: { invocations: null, interventions: null, interventionRate: null, flags: [], reason: /metrics-unreadable.*AuthorizationFailed/ },
    share: { modelInvocations: null, guardedInvocations: null, share: null, flags: [], reason: /metrics-unreadable/ },
    invoked: null,
    l4: { status: 'unknown', summary: /could not be measured \(metrics-unreadable/ },
  },
  {
    name: 'metrics not read (no window): null with the reason, never 0',
    resources: [account(), deployment(), raiPolicy(), metricAlert()],
    control: { invocations: null, interventions: null, interventionRate: null, flags: [], reason: /metrics-not-read/ },
    invoked: null,
    l4: { status: 'unknown', summary: /metrics-not-read/ },
  },
  {
    name: 'measured but no alert watches the content-safety metrics: L4 unmet',
    resources: [measured, deployment(), raiPolicy(), series('AzureOpenAIRequests', 'gpt-4o', 100), series('RAIRejectedRequests', 'gpt-4o', 2)],
    l4: { status: 'unmet', summary: /100 requests, 2 rejected.*Metric alerts on content-safety metrics for every AI account: 1 of 1 checks fail/ },
  },
];

describe('Azure effectiveness, inventory and L4.effectiveness-metrics', () => {
  it.each(cases)('$name', (entry) => {
    const { effectiveness, assets, criterion } = evaluate(azureInventory({ resources: entry.resources }));
    if (entry.control) {
      expect(effectiveness?.controls).toHaveLength(1);
      const { reason, ...numbers } = entry.control;
      expect(effectiveness?.controls[0]).toMatchObject({
        type: 'rai-policy',
        scope: { type: 'subscription', id: subscription.id },
        estimatedCost: null,
        ...numbers,
      });
      if (reason) expect(effectiveness?.controls[0]?.reason).toMatch(reason);
    }
    if (entry.share) {
      const { reason, ...numbers } = entry.share;
      const share = effectiveness?.guardedShare.find((item) => item.target === 'aoai-prod/gpt-4o');
      expect(share).toMatchObject(numbers);
      if (reason) expect(share?.reason).toMatch(reason);
    }
    if (entry.invoked !== undefined) expect(assets[0]?.invoked).toBe(entry.invoked);
    if (entry.missingControls) expect(assets[0]?.missingControls).toEqual(entry.missingControls);
    if (entry.l4) {
      expect(criterion('L4.effectiveness-metrics')?.status).toBe(entry.l4.status);
      expect(criterion('L4.effectiveness-metrics')?.summary).toMatch(entry.l4.summary);
    }
  });

  it('an inventory asset carries the model, SKU, capacity and content filter of the deployment', () => {
    const { assets } = evaluate(
      azureInventory({
        resources: [
          measured,
          deployment({ modelFormat: 'OpenAI', skuName: 'GlobalStandard', skuCapacity: 450 }),
          raiPolicy(),
          series('AzureOpenAIRequests', 'gpt-4o', 7),
        ],
      }),
    );
    expect(assets).toEqual([
      expect.objectContaining({
        provider: 'azure',
        kind: 'deployment',
        name: 'gpt-4o',
        region: LOCATION,
        scope: { type: 'subscription', id: subscription.id },
        model: { provider: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' },
        invoked: true,
        controls: [{ type: 'rai-policy', id: 'org-strict' }],
        details: expect.objectContaining({ sku: 'GlobalStandard', capacity: 450, requests: 7 }),
      }),
    ]);
  });

  it('the account-level share weights its deployments by requests', () => {
    const { effectiveness } = evaluate(
      azureInventory({
        resources: [
          measured,
          deployment(),
          deployment({ name: 'legacy', raiPolicyName: 'Microsoft.Nil' }),
          raiPolicy(),
          raiPolicy({ name: 'Microsoft.Nil', policyType: 'SystemManaged', contentFilters: [] }),
          series('AzureOpenAIRequests', 'gpt-4o', 900),
          series('ModelRequests', 'legacy', 100),
        ],
      }),
    );
    expect(effectiveness?.guardedShare.find((item) => item.target === 'aoai-prod')).toMatchObject({
      modelInvocations: 1_000,
      guardedInvocations: 900,
      share: 0.9,
      flags: ['bypassed-traffic'],
    });
  });

  it('L4.measured-review says what was observed and stays attestable', () => {
    const { criterion } = evaluate(
      azureInventory({ resources: [measured, deployment(), raiPolicy(), metricAlert(), series('AzureOpenAIRequests', 'gpt-4o', 10)] }),
    );
    expect(criterion('L4.measured-review')).toMatchObject({
      status: 'unmet',
      summary: expect.stringMatching(/no control cost to compute.*attest it in the policy file/),
    });
  });
});
