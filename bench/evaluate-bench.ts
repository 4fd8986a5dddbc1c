/**
 * Evaluation benchmark (not a test): rules, facts, maturity and the AI inventory/effectiveness over generated inventories of
 * 10k and 100k resources per provider and mixed, through the provider registry exactly as a scan
 * runs them. Each estate is many copies of a small realistic scope (an AWS account with four
 * Bedrock regions, an Azure subscription with five AI accounts, a GCP project with Vertex
 * endpoints and Model Armor templates), so lookups that scan the whole inventory show up as
 * quadratic time. Each estate is evaluated `--runs` times on a collected heap; prints one JSON
 * line per estate (median, min, max) and exits 1 when the median for an estate of 100k resources
 * is above the budget (2 s on the development machine).
 *
 *   npm run bench:evaluate -- [--sizes 10000,100000] [--budget-ms 2000] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { runRules } from '../src/engine/evaluate.ts';
import { inferMaturity } from '../src/maturity/infer.ts';
import { defaultBaseline } from '../src/policy/baseline.ts';
import { registry } from '../src/providers.ts';
import { aiInsights, mergeInventories } from '../src/scan.ts';
import type { Inventory } from '../src/model/inventory.ts';
import * as aws from '../rules/aws/case-builders.ts';
import * as azure from '../rules/azure/case-builders.ts';
import * as gcp from '../rules/gcp/case-builders.ts';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,100000' }, 'budget-ms': { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const budgetMs = Number(values['budget-ms']);

const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1'];

/** One AWS account: per region 10 guardrail versions, 10 agents, 5 knowledge bases with data sources, logging, alarms, a recorder. */
function awsAccount(): Inventory {
  const resources = regions.flatMap((region) => [
    ...Array.from({ length: 10 }, (_, index) =>
      aws.guardrail({ region, guardrailId: `gr${index}`, id: `arn:aws:bedrock:${region}:${aws.ACCOUNT}:guardrail/gr${index}:1`, version: '1' }),
    ),
    ...Array.from({ length: 10 }, (_, index) => aws.agent({ region, agentId: `ag${index}`, id: `arn:aws:bedrock:${region}:${aws.ACCOUNT}:agent/ag${index}` })),
    ...Array.from({ length: 5 }, (_, index) => aws.knowledgeBase({ region, id: `arn:aws:bedrock:${region}:${aws.ACCOUNT}:knowledge-base/kb${index}` })),
    ...Array.from({ length: 5 }, (_, index) =>
      aws.dataSource({ region, id: `arn:aws:bedrock:${region}:${aws.ACCOUNT}:knowledge-base/kb${index}/data-source/ds` }),
    ),
    aws.invocationLogging({ region }),
    aws.regionActivity({ region, bedrockMetricNames: ['Invocations'] }),
    aws.alarm({ region }),
    aws.configRecorder({ region }),
    aws.trail({ region }),
  ]);
  return aws.awsInventory({ regions, resources: [...resources, aws.orgPolicy()] });
}

/** One Azure subscription: five AI accounts with five deployments, three RAI policies, a diagnostic setting and an alert each. */
function azureSubscription(): Inventory {
  const resources = Array.from({ length: 5 }, (_, index) => {
    const name = `aoai-${index}`;
    const accountId = azure.accountId(name);
    return [
      azure.account({ name, id: accountId }),
      ...Array.from({ length: 5 }, (_, deployment) =>
        azure.deployment({ accountId, id: `${accountId}/deployments/d${deployment}`, name: `d${deployment}`, raiPolicyName: `p${deployment % 3}` }),
      ),
      ...Array.from({ length: 3 }, (_, policy) => azure.raiPolicy({ accountId, id: `${accountId}/raiPolicies/p${policy}`, name: `p${policy}` })),
      azure.diagnosticSetting({ id: `${accountId}/providers/microsoft.insights/diagnosticSettings/ds`, targetId: accountId }),
      azure.metricAlert({ id: `${accountId}/alert`, scopes: [accountId] }),
    ];
  }).flat();
  return azure.azureInventory({ resources: [...resources, azure.policyAssignment(), azure.defenderPlan()] });
}

/** One GCP project: its floor setting, audit config, alert policy, ten Vertex endpoints and five Model Armor templates. */
function gcpProject(): Inventory {
  const resources = [
    gcp.project(),
    gcp.floorSetting(),
    ...Array.from({ length: 10 }, (_, index) => gcp.endpoint({ id: `projects/${gcp.PROJECT}/locations/${gcp.LOCATION}/endpoints/e${index}` })),
    ...Array.from({ length: 5 }, (_, index) => gcp.template({ id: `projects/${gcp.PROJECT}/locations/${gcp.LOCATION}/templates/t${index}` })),
  ];
  return gcp.gcpInventory({ resources });
}

/** `copies` copies of a scope template, each with its own scope id (the template's id replaced throughout). */
function copies(template: Inventory, scopeId: string, copies: number, idOf: (index: number) => string): Inventory[] {
  const text = JSON.stringify(template);
  return Array.from({ length: copies }, (_, index) => JSON.parse(text.replaceAll(scopeId, idOf(index))) as Inventory);
}

const templates = {
  aws: { inventory: awsAccount(), scopeId: aws.ACCOUNT, idOf: (index: number) => String(200000000000 + index) },
  azure: { inventory: azureSubscription(), scopeId: azure.SUBSCRIPTION, idOf: (index: number) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}` },
  gcp: { inventory: gcpProject(), scopeId: gcp.PROJECT, idOf: (index: number) => `ai-prod-${String(index).padStart(6, '0')}` },
} as const;

function estate(providers: ReadonlyArray<keyof typeof templates>, size: number): Inventory {
  const parts = providers.flatMap((provider) => {
    const { inventory, scopeId, idOf } = templates[provider];
    const count = Math.max(1, Math.round(size / providers.length / inventory.resources.length));
    return copies(inventory, scopeId, count, idOf);
  });
  const merged = mergeInventories(parts);
  merged.providers = [...new Set(merged.providers)];
  return merged;
}

/** Runs with a collected heap (when `--expose-gc`): each run pays for its own garbage, not the previous estate's. */
function timed<T>(work: () => T): { value: T; ms: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

const runs = Number(values.runs);
let overBudget = false;
for (const size of sizes) {
  for (const mix of [['aws'], ['azure'], ['gcp'], ['aws', 'azure', 'gcp']] as const) {
    const inventory = estate(mix, size);
    const samples = Array.from({ length: runs }, () =>
      timed(() => {
        const evaluation = runRules(inventory, registry.rules, defaultBaseline, undefined, 'live', registry.factDerivers);
        const maturity = inferMaturity({
          providers: inventory.providers,
          modules: registry.byId,
          findings: evaluation.findings,
          facts: evaluation.facts,
          baseline: defaultBaseline,
        });
        // The AI inventory (derived with the facts) and each platform's effectiveness, as a scan reports them (spec §12).
        const insights = aiInsights(inventory, evaluation.facts, registry, defaultBaseline, null, new Date());
        return { findings: evaluation.findings.length, maturity, assets: insights.inventory.length };
      }),
    );
    const times = samples.map((sample) => sample.ms).sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)] ?? 0;
    if (size >= 100_000 && medianMs > budgetMs) overBudget = true;
    const last = samples.at(-1)?.value;
    console.log(
      JSON.stringify({
        providers: mix.join('+'),
        resources: inventory.resources.length,
        findings: last?.findings,
        aiAssets: last?.assets,
        medianMs: Math.round(medianMs),
        minMs: Math.round(times[0] ?? 0),
        maxMs: Math.round(times.at(-1) ?? 0),
        levels: last?.maturity.platforms.map((platform) => `${platform.provider}:${platform.level}`).join(' '),
      }),
    );
  }
}
if (overBudget) {
  console.error(`an estate of 100k resources took longer than ${budgetMs} ms (median of ${runs} runs)`);
  process.exitCode = 1;
}
