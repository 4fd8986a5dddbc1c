/**
 * A toy AI gateway provider with an AI inventory and measured effectiveness, written like a real
 * provider: its collector reads "deployments" from a JSON API file and — only when the scan passes
 * a metrics window — one `metric.series` per deployment over that window (a denied gateway's
 * metrics are a denied listing); its rules half derives the assets and the effectiveness from
 * those series. Registered beside the built-in providers by the tests (nothing else knows it).
 */
import { readFileSync } from 'node:fs';
import type { CollectorModule } from '../../src/collect/collector.ts';
import { listParser } from '../../src/collect/collector.ts';
import type { ProviderRules } from '../../src/engine/provider-rules.ts';
import type { RuleContext, RuleModule } from '../../src/engine/rule.ts';
import { evidence } from '../../src/engine/evidence.ts';
import type { ProviderFacts } from '../../src/engine/facts.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import type { Inventory, Resource, ResourceType } from '../../src/model/inventory.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import type { AiAsset, GuardedShare, MeasuredControl } from '../../src/model/ai-inventory.ts';

export interface ToyDeploymentSpec {
  name: string;
  model: string;
  version?: string;
  publisher?: string;
  /** The filter attached; absent = none. */
  filter?: string;
  invocations?: number;
  intervened?: number;
}

export interface ToyApi {
  gateways: Record<string, { deployments: ToyDeploymentSpec[]; metricsDenied?: boolean; name?: string }>;
}

interface ToyOptions {
  gateways?: string[];
  api?: ToyApi;
}

interface ToyDeployment {
  provider: string;
  type: string;
  id: string;
  name: string;
  scope: ScopeRef;
  region: string;
  source: { kind: 'api'; api: string };
  model: string;
  version?: string;
  publisher?: string;
  filter?: string;
}

export const TOY_REGION = 'lab-1';

export function toyAiProvider(id: string): { collector: CollectorModule<ToyOptions>; judge: ProviderRules<ProviderFacts> } {
  const deploymentType = `${id}.deployment` as ResourceType;
  const camel = id.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

  const collector: CollectorModule<ToyOptions> = {
    id,
    displayName: `Toy AI gateway (${id})`,
    scopeType: 'gateway',
    cliOptions: [
      { flags: `--${id}-gateways <list>`, description: 'gateways to scan', parse: listParser(`--${id}-gateways`, /^[a-z0-9-]+$/, 'a gateway name') },
      { flags: `--${id}-api <file>`, description: 'the gateway API: a JSON file of deployments per gateway' },
    ],
    optionsFromFlags: (flags) => {
      const api = flags[`${camel}Api`] as string | undefined;
      return {
        ...(flags[`${camel}Gateways`] ? { gateways: flags[`${camel}Gateways`] as string[] } : {}),
        ...(api ? { api: JSON.parse(readFileSync(api, 'utf8')) as ToyApi } : {}),
      };
    },
    async collect(options) {
      const gateways = options.gateways ?? Object.keys(options.api?.gateways ?? {});
      const inventory: Inventory = { providers: [id], scopes: [], regions: [], resources: [], listings: [] };
      const calls = [];
      for (const gateway of gateways) {
        const spec = options.api?.gateways[gateway];
        const scope: ScopeRef = { provider: id, type: 'gateway', id: gateway, ...(spec?.name ? { name: spec.name } : {}) };
        inventory.scopes.push(scope);
        calls.push({ operation: 'ListDeployments', target: gateway });
        inventory.listings.push({ provider: id, scope, region: TOY_REGION, resourceType: deploymentType, collector: 'ListDeployments', status: 'ok' });
        for (const deployment of spec?.deployments ?? []) {
          const resource: ToyDeployment = {
            provider: id,
            type: deploymentType,
            id: `${gateway}/deployments/${deployment.name}`,
            name: deployment.name,
            scope,
            region: TOY_REGION,
            source: { kind: 'api', api: 'ListDeployments' },
            model: deployment.model,
            ...(deployment.version ? { version: deployment.version } : {}),
            ...(deployment.publisher ? { publisher: deployment.publisher } : {}),
            ...(deployment.filter ? { filter: deployment.filter } : {}),
          };
          inventory.resources.push(resource as unknown as Resource);
        }
        // Metrics only over the window the scan asks for; without one, nothing is read (and no listing claims otherwise).
        const window = options.metricsWindow;
        if (!window) continue;
        calls.push({ operation: 'GetMetrics', target: gateway });
        inventory.listings.push({
          provider: id,
          scope,
          region: TOY_REGION,
          resourceType: 'metric.series',
          collector: 'GetMetrics',
          status: spec?.metricsDenied ? 'denied' : 'ok',
        });
        if (spec?.metricsDenied) continue;
        for (const deployment of spec?.deployments ?? []) {
          for (const [metric, sum] of [
            ['Invocations', deployment.invocations],
            ['Intervened', deployment.intervened],
          ] as const) {
            if (sum === undefined) continue;
            const series: MetricSeries = {
              provider: id,
              type: 'metric.series',
              id: `${gateway}/metrics/${metric}/${deployment.name}`,
              scope,
              region: TOY_REGION,
              source: { kind: 'api', api: 'GetMetrics' },
              namespace: 'Toy/Gateway',
              metric,
              dimensions: { Deployment: deployment.name },
              statistic: 'Sum',
              window: { from: window.from.toISOString(), to: window.to.toISOString() },
              sum,
              datapoints: 1,
            };
            inventory.resources.push(series);
          }
        }
      }
      return { inventory, calls, stats: { calls: calls.length, throttled: 0 } };
    },
    permissions: () => ({ actions: ['gateway.deployments.list', 'gateway.metrics.get'] }),
    demoOptions: async () => ({}),
  };

  const deploymentsOf = (context: Pick<RuleContext, 'resources'>) => context.resources(deploymentType) as unknown as ToyDeployment[];
  const deploymentsIn = (inventory: Inventory) => (inventory.resources as unknown as ToyDeployment[]).filter((resource) => resource.type === deploymentType);
  /** Invocations and interventions per deployment id, from the series (absent: not measured). */
  const measured = (inventory: Inventory) => {
    const byDeployment = new Map<string, { invocations?: number; intervened?: number }>();
    for (const series of inventory.resources) {
      if (series.type !== 'metric.series' || series.provider !== id || series.sum === null) continue;
      const key = `${series.scope.id}/deployments/${series.dimensions.Deployment}`;
      const entry = byDeployment.get(key) ?? {};
      if (series.metric === 'Invocations') entry.invocations = series.sum;
      if (series.metric === 'Intervened') entry.intervened = series.sum;
      byDeployment.set(key, entry);
    }
    return byDeployment;
  };
  /** The gateways whose metrics were read. */
  const readableScopes = (inventory: Inventory) =>
    new Set(
      inventory.listings
        .filter((entry) => entry.provider === id && entry.resourceType === 'metric.series' && entry.status === 'ok')
        .map((entry) => entry.scope.id),
    );

  const filterAttached: RuleModule = {
    meta: {
      id: `${id}/deployment-filtered`,
      provider: id,
      title: 'Every gateway deployment has a content filter attached',
      severity: 'high',
      resourceTypes: [deploymentType],
      criteria: ['L2.controls'],
      description: 'A deployment without a filter passes traffic unguarded.',
      remediation: 'Attach a filter to the deployment.',
      references: ['toy gateway documentation'],
    },
    check: (context) =>
      deploymentsOf(context).map((deployment) => ({
        status: deployment.filter ? 'pass' : 'fail',
        reason: deployment.filter ? 'filter-attached' : 'no-filter',
        resource: { id: deployment.id, type: deployment.type, name: deployment.name },
        scope: deployment.scope,
        region: deployment.region,
        message: deployment.filter ? `filter ${deployment.filter}` : 'no filter',
        source: deployment.source,
      })),
  };

  const judge: ProviderRules<ProviderFacts> = {
    id,
    rules: [filterAttached],
    deriveFacts: (context) => ({ usage: deploymentsOf(context).length > 0 ? 'used' : 'unused', usageNote: `${deploymentsOf(context).length} deployment(s)` }),
    criteria: ({ findings }) => ({
      'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Deployments with a filter'),
      'L2.logging': { status: 'met', summary: 'logged', findings: [] },
      'L3.coverage': evidence.baselineCoverage(findings),
      'L3.enforcement': { status: 'met', summary: 'enforced', findings: [] },
      'L3.drift-detection': evidence.needsHistory('Drift detection by repeated scans'),
      'L3.iac': { status: 'unmet', summary: 'no IaC', findings: [] },
      'L4.effectiveness-metrics': { status: 'unmet', summary: 'No alarms.', findings: [] },
      'L4.remediation-sla': evidence.needsHistory('Remediation within the SLA'),
      'L4.measured-review': evidence.notObservable(),
      'L5.automation': { status: 'unmet', summary: 'none', findings: [] },
      'L5.continuous-validation': evidence.needsHistory('Daily validation'),
      'L5.new-capabilities': { status: 'unmet', summary: 'none', findings: [] },
      'L5.multi-cloud': { status: 'unmet', summary: 'none', findings: [] },
    }),
    aiInventory: ({ inventory }) => {
      const sums = measured(inventory);
      const readable = readableScopes(inventory);
      return deploymentsIn(inventory).map((deployment): AiAsset => {
        const invoked = readable.has(deployment.scope.id) ? (sums.get(deployment.id)?.invocations ?? 0) > 0 : null;
        return {
          provider: id,
          scope: { type: deployment.scope.type, id: deployment.scope.id },
          region: deployment.region,
          kind: 'deployment',
          id: deployment.id,
          name: deployment.name,
          model: {
            name: deployment.model,
            ...(deployment.publisher ? { provider: deployment.publisher } : {}),
            ...(deployment.version ? { version: deployment.version } : {}),
          },
          invoked,
          controls: deployment.filter ? [{ type: 'toy-filter', id: deployment.filter }] : [],
          missingControls: deployment.filter ? [] : ['toy-filter'],
          ...(invoked === null ? { reason: 'metrics denied or not read' } : {}),
        };
      });
    },
    effectiveness: ({ inventory, baseline, window }) => {
      const deployments = deploymentsIn(inventory);
      if (deployments.length === 0) return null;
      const byDeployment = measured(inventory);
      const readableGateways = readableScopes(inventory);
      const controls: MeasuredControl[] = [];
      const guardedShare: GuardedShare[] = [];
      for (const deployment of deployments) {
        const readable = readableGateways.has(deployment.scope.id);
        const counts = byDeployment.get(deployment.id);
        const invocations = readable ? (counts?.invocations ?? null) : null;
        const intervened = readable ? (counts?.intervened ?? null) : null;
        const scope = { type: deployment.scope.type, id: deployment.scope.id };
        if (deployment.filter) {
          const rate = invocations !== null && intervened !== null && invocations > 0 ? intervened / invocations : null;
          const flags: MeasuredControl['flags'] = [];
          if (rate !== null && rate > baseline.effectiveness.maxInterventionRate) flags.push('over-blocking');
          if (invocations !== null && invocations >= baseline.effectiveness.meaningfulVolume && intervened === 0) flags.push('never-fires');
          controls.push({
            id: deployment.filter,
            type: 'toy-filter',
            scope,
            region: deployment.region,
            invocations,
            interventions: intervened,
            interventionRate: rate,
            estimatedCost: invocations === null ? null : { amount: invocations / 1000, currency: 'USD', basis: '1 USD per 1,000 calls (toy price)' },
            flags,
            ...(rate === null ? { reason: readable ? 'no series' : 'metrics denied' } : {}),
          });
        }
        const share = invocations === null || invocations === 0 ? null : deployment.filter ? 1 : 0;
        guardedShare.push({
          scope,
          region: deployment.region,
          target: deployment.name,
          modelInvocations: invocations,
          guardedInvocations: invocations === null ? null : deployment.filter ? invocations : 0,
          share,
          flags: share !== null && share < baseline.effectiveness.minGuardedShare ? ['bypassed-traffic'] : [],
          ...(share === null ? { reason: readable ? 'no invocations in the window' : 'metrics denied' } : {}),
        });
      }
      return { provider: id, window: { from: window.from.toISOString(), to: window.to.toISOString() }, controls, guardedShare };
    },
  };
  return { collector, judge };
}
