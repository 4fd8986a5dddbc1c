/**
 * A toy provider — an on-premises AI gateway whose routes carry a content filter — written the
 * way a fourth real provider would be: a collecting half (CLI option, collect, permissions, demo
 * wiring) and a judging half (one rule, facts, maturity criteria), joined by `defineProvider`.
 * Nothing outside this folder knows it exists; the test registers it.
 */
import { readFileSync } from 'node:fs';
import type { CollectorModule } from '../../src/collect/collector.ts';
import { listParser } from '../../src/collect/collector.ts';
import type { ProviderRules } from '../../src/engine/provider-rules.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons, unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { evidence } from '../../src/engine/evidence.ts';
import { observedEverywhere, type ProviderFacts } from '../../src/engine/facts.ts';
import { strengthAtLeast, type ScopeRef, type Strength } from '../../src/model/common.ts';
import type { Inventory, Resource, ResourceType } from '../../src/model/inventory.ts';

/** A route of the gateway, as the toy collector reads it; `strength` undefined = its filter could not be read. */
export interface ToyRoute {
  provider: string;
  /** `<provider id>.route`: resource types are namespaced by provider. */
  type: string;
  id: string;
  name: string;
  scope: ScopeRef;
  region: null;
  source: { kind: 'api'; api: string };
  strength?: Strength;
  unreadable?: string;
}

interface ToyOptions {
  gateways?: string[];
  /** The routes each gateway serves (the toy "API"); `denied` gateways refuse the listing. */
  routes?: Record<string, Array<{ name: string; strength?: Strength }>>;
  denied?: string[];
}

export function toyProvider(id: string): { collector: CollectorModule<ToyOptions>; judge: ProviderRules<ProviderFacts> } {
  const routeType = `${id}.route` as ResourceType;
  const routesOf = (context: Parameters<RuleModule['check']>[0]) => context.resources(routeType) as unknown as ToyRoute[];

  const collector: CollectorModule<ToyOptions> = {
    id,
    displayName: `Toy AI gateway (${id})`,
    scopeType: 'gateway',
    cliOptions: [
      { flags: `--${id}-gateways <list>`, description: 'toy gateways to scan', parse: listParser(`--${id}-gateways`, /^[a-z0-9-]+$/, 'a gateway name') },
      { flags: `--${id}-api <file>`, description: "the toy gateway's API: a JSON file of routes per gateway" },
    ],
    optionsFromFlags: (flags) => {
      const camel = id.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
      const api = flags[`${camel}Api`] as string | undefined;
      return {
        ...(flags[`${camel}Gateways`] ? { gateways: flags[`${camel}Gateways`] as string[] } : {}),
        ...(api ? (JSON.parse(readFileSync(api, 'utf8')) as Pick<ToyOptions, 'routes' | 'denied'>) : {}),
      };
    },
    async collect(options) {
      const gateways = options.gateways ?? Object.keys(options.routes ?? {});
      const inventory: Inventory = { providers: [id], scopes: [], regions: [], resources: [], listings: [] };
      const calls = [];
      for (const gateway of gateways) {
        const scope: ScopeRef = { provider: id, type: 'gateway', id: gateway };
        inventory.scopes.push(scope);
        calls.push({ operation: 'ListRoutes', target: gateway });
        const denied = options.denied?.includes(gateway);
        inventory.listings.push({ provider: id, scope, region: null, resourceType: routeType, collector: 'ListRoutes', status: denied ? 'denied' : 'ok' });
        if (denied) continue;
        for (const route of options.routes?.[gateway] ?? []) {
          const resource: ToyRoute = {
            provider: id,
            type: routeType,
            id: `${gateway}/routes/${route.name}`,
            name: route.name,
            scope,
            region: null,
            source: { kind: 'api', api: 'ListRoutes' },
            ...(route.strength ? { strength: route.strength } : { unreadable: 'filter settings not returned' }),
          };
          inventory.resources.push(resource as unknown as Resource);
        }
      }
      return { inventory, calls, stats: { calls: calls.length, throttled: 0 } };
    },
    permissions: () => ({ actions: ['gateway.routes.list'] }),
    demoOptions: async () => ({}),
  };

  const routeFiltered: RuleModule = {
    meta: {
      id: `${id}/route-filtered`,
      provider: id,
      title: 'Every gateway route filters harmful content at the baseline strength',
      severity: 'high',
      resourceTypes: [routeType],
      criteria: ['L2.controls', 'L3.coverage', 'L5.multi-cloud'],
      description: 'Checks the content-filter strength of each route against the baseline harm-category strength.',
      remediation: 'Raise the route filter to the baseline strength in the gateway configuration.',
      references: ['toy gateway documentation'],
    },
    check(context) {
      return [
        ...routesOf(context).map((route) => {
          const resource = route as unknown as Resource;
          if (route.strength === undefined)
            return verdictOn(resource, 'unknown', commonReasons.resourceUnreadable, `Route ${route.name}: ${route.unreadable}.`);
          return strengthAtLeast(route.strength, context.baseline.harmCategories.input)
            ? verdictOn(resource, 'pass', 'filter-meets-baseline', `Route ${route.name} filters at ${route.strength}.`)
            : verdictOn(resource, 'fail', 'filter-below-baseline', `Route ${route.name} filters at ${route.strength}, below the baseline.`);
        }),
        ...unreadableListings(context, routeType, 'gateway routes'),
      ];
    },
  };

  const judge: ProviderRules<ProviderFacts> = {
    id,
    rules: [routeFiltered],
    deriveFacts(context) {
      const routes = routesOf(context);
      const denied = context.failedListings(routeType).length > 0;
      const usage = routes.length > 0 ? 'used' : denied ? 'unknown' : 'unused';
      const expressible = new Set(['hate', 'sexual', 'violence'] as const);
      return {
        usage,
        usageNote: `${routes.length} route(s)`,
        neutralControls: {
          expressible,
          observations: routes.flatMap((route) =>
            route.strength ? observedEverywhere(expressible, `route ${route.name}`, route.strength, usage === 'used') : [],
          ),
          gaps: routes.filter((route) => route.strength === undefined).map((route) => ({ what: `route ${route.name} could not be read` })),
        },
        iac: { what: { plural: 'routes', none: 'routes' }, candidates: routes.map((route) => ({ id: route.id, managed: null })) },
      };
    },
    criteria: ({ findings, facts, baseline }) => ({
      'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Routes with a content filter at the baseline'),
      'L2.logging': { status: 'met', summary: 'The gateway logs every request.', findings: [] },
      'L3.coverage': evidence.baselineCoverage(findings),
      'L3.enforcement': { status: 'met', summary: 'Filters are enforced by the gateway.', findings: [] },
      'L3.drift-detection': evidence.needsHistory('Drift detection by repeated scans'),
      'L3.iac': evidence.iacShare(facts.iac?.candidates ?? [], facts.iac?.what ?? { plural: 'routes', none: 'routes' }, baseline),
      'L4.effectiveness-metrics': { status: 'unmet', summary: 'No metrics.', findings: [] },
      'L4.remediation-sla': evidence.needsHistory('Remediation within the SLA'),
      'L4.measured-review': evidence.notObservable(),
      'L5.automation': { status: 'unmet', summary: 'No automation.', findings: [] },
      'L5.continuous-validation': evidence.needsHistory('Daily validation'),
      'L5.new-capabilities': { status: 'unmet', summary: 'None.', findings: [] },
      'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Routes meet the neutral baseline'),
    }),
  };
  return { collector, judge };
}
