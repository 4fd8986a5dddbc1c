/**
 * IaC benchmark (not a test): the Terraform readers on generated input.
 *
 * 1. `plan`: one plan JSON of `--plan-resources` resources (default 50k: guardrails, agents linked
 *    to them by reference, Azure accounts with deployments and RAI policies, in child module
 *    instances) read by the plan reader — parse and read, wall time and peak memory.
 * 2. `plans`: a directory of `--files` plan files (default 2,000) that all use the same addresses
 *    (`azurerm_cognitive_account.main`, …), read through the directory walk and judged by every
 *    rule, as `aiposture iac <dir>` does.
 * 3. `hcl`: `--files` root modules of one `.tf` file each, also with shared addresses, read by the
 *    HCL reader and judged.
 *
 * Prints one JSON line per case and exits 1 when a case is over its budget (10 s; 500 MB of
 * peak RSS for the 50k plan).
 *
 *   npm run bench:iac -- [--plan-resources 50000] [--files 2000] [--budget-ms 10000] [--budget-mb 500]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { readIac } from '../src/iac/index.ts';
import { iacDirectoryReaders, iacReaders } from '../src/iac/readers.ts';
import { terraformPlanReader } from '../src/iac/terraform.ts';
import { terraformHclReader } from '../src/iac/terraform-hcl.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { defaultBaseline } from '../src/policy/baseline.ts';
import { parseInventory, type Resource } from '../src/model/inventory.ts';
import type { Provider, ScopeRef } from '../src/model/common.ts';
import { registry } from '../src/providers.ts';

const { values } = parseArgs({
  options: {
    'plan-resources': { type: 'string', default: '50000' },
    files: { type: 'string', default: '2000' },
    'budget-ms': { type: 'string', default: '10000' },
    'budget-mb': { type: 'string', default: '500' },
  },
});
const planResources = Number(values['plan-resources']);
const fileCount = Number(values.files);
const budgetMs = Number(values['budget-ms']);
const budgetMb = Number(values['budget-mb']);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
let failed = false;

function report(name: string, fields: Record<string, unknown>, ms: number, rssMb?: number): void {
  const over = ms > budgetMs || (rssMb !== undefined && rssMb > budgetMb);
  if (over) failed = true;
  console.log(JSON.stringify({ case: name, ...fields, ms: Math.round(ms), ...(rssMb !== undefined ? { peakRssMb: rssMb } : {}), withinBudget: !over }));
}

function inventoryOf(resources: Resource[]) {
  const scopes = new Map<string, ScopeRef>();
  for (const resource of resources) scopes.set(`${resource.provider}\u0000${resource.scope.id}`, resource.scope);
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  return parseInventory({ providers, scopes: [...scopes.values()], regions: [], resources, listings: [] });
}

const C = (value: unknown) => ({ constant_value: value });
const R = (...references: string[]) => ({ references });

/** One module instance's worth of plan resources (10): a guardrail, two agents, an account, three deployments, a policy, a KMS key, a data source. */
function planUnit(module: string) {
  const prefix = module ? `${module}.` : '';
  const resources: Array<{ address: string; type: string; name: string; values: Record<string, unknown>; unknown: Record<string, unknown> }> = [];
  const add = (type: string, name: string, values: Record<string, unknown>, unknown: Record<string, unknown> = {}) =>
    resources.push({ address: `${prefix}${type}.${name}`, type, name, values, unknown });
  add('aws_kms_key', 'key', { description: 'k' }, { arn: true });
  add(
    'aws_bedrock_guardrail',
    'main',
    {
      name: 'g',
      content_policy_config: [
        {
          filters_config: ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT', 'PROMPT_ATTACK'].map((type) => ({
            type,
            input_strength: 'HIGH',
            output_strength: 'HIGH',
          })),
          tier_config: [{ tier_name: 'STANDARD' }],
        },
      ],
    },
    { guardrail_id: true, kms_key_arn: true },
  );
  for (const name of ['a', 'b'])
    add(
      'aws_bedrockagent_agent',
      name,
      { agent_name: name, guardrail_configuration: [{ guardrail_version: '1' }] },
      {
        customer_encryption_key_arn: true,
        guardrail_configuration: [{ guardrail_identifier: true }],
      },
    );
  add('azurerm_cognitive_account', 'main', { name: 'aoai', kind: 'OpenAI', local_auth_enabled: false, public_network_access_enabled: false }, { id: true });
  add('azurerm_cognitive_account_rai_policy', 'strict', { name: 'strict', mode: 'Blocking', content_filter: [] }, { cognitive_account_id: true });
  for (const name of ['d1', 'd2', 'd3'])
    add('azurerm_cognitive_deployment', name, { name, rai_policy_name: 'strict', model: [{ name: 'gpt-4o', version: '1' }] }, { cognitive_account_id: true });
  add('aws_bedrockagent_data_source', 'docs', { name: 'docs', knowledge_base_id: 'KB1', server_side_encryption_configuration: [] });
  return resources;
}

const unitExpressions = [
  { address: 'aws_bedrock_guardrail.main', expressions: { kms_key_arn: R('aws_kms_key.key.arn', 'aws_kms_key.key') } },
  ...['a', 'b'].map((name) => ({
    address: `aws_bedrockagent_agent.${name}`,
    expressions: {
      customer_encryption_key_arn: R('aws_kms_key.key.arn', 'aws_kms_key.key'),
      guardrail_configuration: [
        { guardrail_identifier: R('aws_bedrock_guardrail.main.guardrail_id', 'aws_bedrock_guardrail.main'), guardrail_version: C('1') },
      ],
    },
  })),
  {
    address: 'azurerm_cognitive_account_rai_policy.strict',
    expressions: { cognitive_account_id: R('azurerm_cognitive_account.main.id', 'azurerm_cognitive_account.main') },
  },
  ...['d1', 'd2', 'd3'].map((name) => ({
    address: `azurerm_cognitive_deployment.${name}`,
    expressions: { cognitive_account_id: R('azurerm_cognitive_account.main.id', 'azurerm_cognitive_account.main') },
  })),
];

/**
 * A plan of about `count` resources: units of 10 in instances of one child module
 * (`module.unit["u<n>"]`), or in the root; `small`: a unit of 5 (4 of them AI resources).
 */
function planOf(count: number, inModules: boolean, small = false): string {
  const units = Math.max(1, Math.round(count / 10));
  const childModules: unknown[] = [];
  const changes: unknown[] = [];
  const root: unknown[] = [];
  for (let index = 0; index < units; index++) {
    const module = inModules ? `module.unit["u${index}"]` : '';
    const small4 = new Set([
      'aws_kms_key.key',
      'aws_bedrock_guardrail.main',
      'aws_bedrockagent_agent.a',
      'azurerm_cognitive_account.main',
      'azurerm_cognitive_deployment.d1',
    ]);
    const resources = planUnit(module).filter((resource) => !small || small4.has(resource.address));
    const planned = resources.map(({ address, type, name, values: resourceValues }) => ({ address, mode: 'managed', type, name, values: resourceValues }));
    if (inModules) childModules.push({ address: module, resources: planned });
    else root.push(...planned);
    for (const resource of resources)
      changes.push({
        address: resource.address,
        ...(module ? { module_address: module } : {}),
        mode: 'managed',
        type: resource.type,
        name: resource.name,
        change: { actions: ['create'], after: resource.values, after_unknown: resource.unknown },
      });
  }
  const configResources = unitExpressions.map((entry) => ({ ...entry, mode: 'managed' }));
  return JSON.stringify({
    format_version: '1.2',
    planned_values: { root_module: { resources: root, child_modules: childModules } },
    resource_changes: changes,
    configuration: { root_module: inModules ? { module_calls: { unit: { module: { resources: configResources } } } } : { resources: configResources } },
  });
}

const unitTf = `
resource "aws_kms_key" "key" {
  description = "k"
}

resource "aws_bedrock_guardrail" "main" {
  name        = "g"
  kms_key_arn = aws_kms_key.key.arn
  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = var.strength
      output_strength = "NONE"
    }
  }
}

variable "strength" {
  default = "HIGH"
}

resource "aws_bedrockagent_agent" "a" {
  agent_name                  = "a"
  customer_encryption_key_arn = aws_kms_key.key.arn
  guardrail_configuration {
    guardrail_identifier = aws_bedrock_guardrail.main.guardrail_id
    guardrail_version    = "1"
  }
}

resource "azurerm_cognitive_account" "main" {
  name               = "aoai"
  kind               = "OpenAI"
  local_auth_enabled = false
}

resource "azurerm_cognitive_deployment" "d1" {
  name                 = "d1"
  cognitive_account_id = azurerm_cognitive_account.main.id
  rai_policy_name      = "Microsoft.DefaultV2"
  model {
    name    = "gpt-4o"
    version = "1"
  }
}
`;

async function timed<T>(run: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

async function main(): Promise<void> {
  // 1. One large plan.
  {
    const text = planOf(planResources, true);
    global.gc?.();
    peakRss = process.memoryUsage().rss;
    const { result, ms } = await timed(() => terraformPlanReader.read('bench.tfplan.json', text, JSON.parse(text)));
    report('plan', { resources: planResources, mapped: result.resources.length, bytes: text.length }, ms, mb(peakRss));
  }
  const root = mkdtempSync(join(tmpdir(), 'aiposture-iac-bench-'));
  try {
    // 2. Many plans with the same addresses, through the directory walk, then judged.
    {
      const dir = join(root, 'plans');
      mkdirSync(dir);
      const text = planOf(10, false, true);
      for (let index = 0; index < fileCount; index++) writeFileSync(join(dir, `plan-${String(index).padStart(5, '0')}.tfplan.json`), text);
      const read = await timed(() => readIac([dir], iacReaders, root, () => undefined));
      const judged = await timed(() => evaluate(read.result.inventory, registry.rules, defaultBaseline, undefined, 'iac'));
      report(
        'plans',
        {
          files: fileCount,
          resources: read.result.inventory.resources.length,
          findings: judged.result.length,
          readMs: Math.round(read.ms),
          evaluateMs: Math.round(judged.ms),
        },
        read.ms + judged.ms,
      );
    }
    // 3. Many root modules with the same addresses, read by the HCL reader, then judged.
    {
      const dir = join(root, 'hcl');
      for (let index = 0; index < fileCount; index++) {
        const module = join(dir, `m${String(index).padStart(5, '0')}`);
        mkdirSync(module, { recursive: true });
        writeFileSync(join(module, 'main.tf'), unitTf);
      }
      const files = Array.from({ length: fileCount }, (_, index) => ({ path: join(dir, `m${String(index).padStart(5, '0')}`, 'main.tf'), explicit: false }));
      const read = await timed(() => terraformHclReader.read(files, { display: (path) => relative(root, path) }));
      const judged = await timed(() => evaluate(inventoryOf(read.result.resources), registry.rules, defaultBaseline, undefined, 'iac'));
      report(
        'hcl',
        {
          files: fileCount,
          directoryReaders: iacDirectoryReaders.length,
          resources: read.result.resources.length,
          findings: judged.result.length,
          readMs: Math.round(read.ms),
          evaluateMs: Math.round(judged.ms),
        },
        read.ms + judged.ms,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    clearInterval(sampler);
  }
  if (failed) process.exitCode = 1;
}

await main();
