import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terraformHclReader } from '../../src/iac/terraform-hcl.ts';
import { terraformPlanReader } from '../../src/iac/terraform.ts';
import { isDataSourceAddress } from '../../src/iac/terraform-model.ts';
import { environment, evaluate, parseExpression, parseTemplate } from '../../src/iac/terraform-expr.ts';
import { iacDirectoryReaders } from '../../src/iac/readers.ts';
import { IacInputError, type ClaimedFile } from '../../src/iac/reader.ts';
import { evaluate as runRules, type Finding } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory, ResourceSchema, type Inventory, type Resource } from '../../src/model/inventory.ts';
import type { Provider, ScopeRef } from '../../src/model/common.ts';
import { registry } from '../../src/providers.ts';

const dir = 'fixtures/iac/terraform-hcl';
const display = (path: string) => relative(process.cwd(), path);

function walk(path: string): string[] {
  return readdirSync(path).flatMap((name) => {
    const child = join(path, name);
    return statSync(child).isDirectory() ? walk(child) : [child];
  });
}

/** The files the directory walk hands the reader for a directory (not named one by one). */
function walked(path: string): ClaimedFile[] {
  return walk(path)
    .filter((file) => terraformHclReader.claims(file))
    .map((file) => ({ path: file, explicit: false }));
}

function inventoryOf(resources: Resource[]): Inventory {
  const scopes = new Map<string, ScopeRef>();
  for (const resource of resources) scopes.set(`${resource.provider}/${resource.scope.id}`, resource.scope);
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  return parseInventory({ providers, scopes: [...scopes.values()], regions: [], resources, listings: [] });
}

function judge(resources: Resource[]) {
  const findings = runRules(inventoryOf(resources), registry.rules, defaultBaseline, undefined, 'iac');
  return {
    findings,
    status: (ruleId: string, address: string) => {
      const matches = findings.filter((finding) => finding.ruleId === ruleId && finding.resource.id === address);
      expect(matches.length, `${ruleId} on ${address}`).toBeLessThanOrEqual(1);
      return matches[0]?.status;
    },
    finding: (ruleId: string, address: string): Finding | undefined => findings.find((entry) => entry.ruleId === ruleId && entry.resource.id === address),
  };
}

function byId<T extends Resource['type']>(resources: Resource[], id: string, type: T): Extract<Resource, { type: T }> {
  const found = resources.find((entry) => entry.id === id);
  expect(found?.type, id).toBe(type);
  return found as Extract<Resource, { type: T }>;
}

const temporary: string[] = [];
function scratch(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aiposture-hcl-'));
  temporary.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
afterAll(() => {
  for (const root of temporary) rmSync(root, { recursive: true, force: true });
});

describe('terraform HCL reader: loading', () => {
  it('claims .tf, .tf.json and variable files by name, and is the registered directory reader', () => {
    for (const name of ['main.tf', 'x/gcp.tf.json', 'terraform.tfvars', 'prod.auto.tfvars.json']) expect(terraformHclReader.claims(name), name).toBe(true);
    for (const name of ['plan.tfplan.json', 'main.tf.bak', 'template.json', 'tf']) expect(terraformHclReader.claims(name), name).toBe(false);
    expect(iacDirectoryReaders).toContain(terraformHclReader);
  });

  it('loads the HCL parser (WebAssembly) only when a .tf file is read: not for the registry, not for .tf.json', () => {
    const root = scratch({
      'json/main.tf.json': JSON.stringify({ resource: { aws_bedrockagent_agent: { a: { agent_name: 'a' } } } }),
      'hcl/main.tf': 'resource "aws_bedrockagent_agent" "b" {\n  agent_name = "b"\n}\n',
    });
    const script = `
      const { terraformHclReader } = await import(${JSON.stringify(join(process.cwd(), 'src/iac/readers.ts'))}).then((m) => ({ terraformHclReader: m.iacDirectoryReaders[0] }));
      const loaded = () => typeof globalThis.Go === 'function';
      const states = [loaded()];
      const json = await terraformHclReader.read([{ path: ${JSON.stringify(join(root, 'json/main.tf.json'))}, explicit: true }], { display: (p) => p });
      states.push(loaded(), json.resources.length);
      const hcl = await terraformHclReader.read([{ path: ${JSON.stringify(join(root, 'hcl/main.tf'))}, explicit: true }], { display: (p) => p });
      states.push(loaded(), hcl.resources.length);
      console.log(JSON.stringify(states));`;
    const output = execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([false, false, 1, true, 1]);
  });
});

describe('terraform HCL reader: the fixture module tree', async () => {
  const result = await terraformHclReader.read(walked(dir), { display });
  const { status, finding } = judge(result.resources);
  const resources = result.resources;

  it('produces schema-valid resources with file, line and address; one scope per root module', () => {
    expect(resources.length).toBeGreaterThan(15);
    for (const resource of resources) {
      expect(() => ResourceSchema.parse(resource)).not.toThrow();
      expect(resource.scope).toEqual({ provider: resource.provider, type: 'iac', id: dir });
      expect(resource.source).toMatchObject({ kind: 'file', address: resource.id });
      expect(resource.region).toBeNull();
    }
    expect(byId(resources, 'aws_bedrockagent_agent.support', 'aws.bedrock.agent').source).toEqual({
      kind: 'file',
      file: `${dir}/main.tf`,
      line: 40,
      address: 'aws_bedrockagent_agent.support',
    });
    expect(byId(resources, 'module.teams["red"].aws_bedrock_guardrail.this', 'aws.bedrock.guardrail').source).toEqual({
      kind: 'file',
      file: `${dir}/modules/assistant/main.tf`,
      line: 17,
      address: 'module.teams["red"].aws_bedrock_guardrail.this',
    });
    expect(byId(resources, 'google_model_armor_floorsetting.project', 'gcp.floor-setting').source).toMatchObject({ file: `${dir}/gcp.tf.json`, line: 5 });
    expect(result.files.map((entry) => entry.file).sort()).toEqual(
      ['gcp.tf.json', 'main.tf', 'modules/assistant/main.tf', 'prod.auto.tfvars', 'terraform.tfvars', 'variables.tf'].map((name) => `${dir}/${name}`),
    );
    expect(result.errors).toEqual([]);
  });

  it('expands for_each over a literal map and count into instance addresses', () => {
    const guardrails = resources.filter((resource) => resource.type === 'aws.bedrock.guardrail').map((resource) => resource.id);
    expect(guardrails).toEqual(expect.arrayContaining(['aws_bedrock_guardrail.main["sales"]', 'aws_bedrock_guardrail.main["support"]']));
    expect(resources.filter((resource) => resource.id.startsWith('aws_bedrockagent_agent.workers')).map((resource) => resource.name)).toEqual([
      'ai-prod-worker-0',
      'ai-prod-worker-1',
    ]);
    // each.value.strength from the map: the sales guardrail's harm filters are LOW.
    expect(status('aws/guardrail-content-filters', 'aws_bedrock_guardrail.main["sales"]')).toBe('fail');
    expect(status('aws/guardrail-content-filters', 'aws_bedrock_guardrail.main["support"]')).toBe('pass');
  });

  it('applies variable values in Terraform order: default < terraform.tfvars < *.auto.tfvars (with type conversion)', () => {
    // LOW by default, MEDIUM in terraform.tfvars, HIGH in prod.auto.tfvars.
    expect(status('aws/guardrail-prompt-attack', 'aws_bedrock_guardrail.main["support"]')).toBe('pass');
    // local_auth_enabled = "false" (a string) for a bool variable.
    expect(byId(resources, 'azurerm_cognitive_account.openai', 'azure.cognitive-account')).toMatchObject({ name: 'aoai-prod', disableLocalAuth: true });
    expect(status('azure/local-auth-disabled', 'azurerm_cognitive_account.openai')).toBe('pass');
    // content_tier stays CLASSIC without --var-file.
    expect(status('aws/guardrail-standard-tier', 'aws_bedrock_guardrail.main["support"]')).toBe('fail');
    expect(result.skipped).toContainEqual({ file: `${dir}/strict.tfvars`, reason: 'Terraform variable file applied only when named with --var-file' });
  });

  it('resolves locals, interpolation, dynamic blocks and for expressions', () => {
    const support = byId(resources, 'aws_bedrock_guardrail.main["support"]', 'aws.bedrock.guardrail');
    expect(support.name).toBe('ai-prod-support');
    // hcl2json keeps dynamic blocks apart from static ones, so their relative order is not kept (no rule depends on it).
    expect(support.contentPolicy?.filters.map((filter) => filter.type).sort()).toEqual([
      'HATE',
      'INSULTS',
      'MISCONDUCT',
      'PROMPT_ATTACK',
      'SEXUAL',
      'VIOLENCE',
    ]);
    const cc = byId(resources, 'awscc_bedrock_guardrail.cc', 'aws.bedrock.guardrail');
    expect(cc.contentPolicy?.filters).toHaveLength(6);
    expect(cc.tags).toEqual({ team: 'ai-platform' });
  });

  it('an attribute known only after apply becomes a link (written from the root module); it counts as set', () => {
    const support = byId(resources, 'aws_bedrockagent_agent.support', 'aws.bedrock.agent');
    expect(support.guardrail).toEqual({ identifier: 'aws_bedrock_guardrail.main["support"].guardrail_id', version: '1' });
    expect(status('aws/agent-guardrail', 'aws_bedrockagent_agent.support')).toBe('pass');
    expect(byId(resources, 'aws_bedrock_guardrail.main["sales"]', 'aws.bedrock.guardrail').kmsKeyArn).toBe('aws_kms_key.bedrock.arn');
    // Through a module output, and into a module through its inputs.
    expect(byId(resources, 'aws_bedrockagent_agent.concierge', 'aws.bedrock.agent')).toMatchObject({
      guardrail: { identifier: 'module.assistant.aws_bedrock_guardrail.this.guardrail_id', version: 'DRAFT' },
      customerEncryptionKeyArn: 'aws_kms_key.bedrock.arn',
    });
    expect(status('aws/agent-cmk', 'module.assistant.aws_bedrockagent_agent.this')).toBe('pass');
  });

  it('a variable without a value stays unknown, never pass or fail (and its inline suppression is read)', () => {
    const support = byId(resources, 'aws_bedrockagent_agent.support', 'aws.bedrock.agent');
    expect(support.customerEncryptionKeyArn).toBeUndefined();
    expect(status('aws/agent-cmk', 'aws_bedrockagent_agent.support')).toBe('unknown');
    expect(result.suppressions).toEqual([
      {
        ruleId: 'aws/agent-cmk',
        reason: 'key chosen per deployment',
        until: '2099-12-31',
        file: `${dir}/main.tf`,
        line: 39,
        address: 'aws_bedrockagent_agent.support',
      },
    ]);
  });

  it('a count that depends on an unknown variable is one unreadable resource at the block address', () => {
    const optional = byId(resources, 'aws_bedrock_guardrail.optional', 'aws.bedrock.guardrail');
    expect(optional.unreadable).toMatch(/count of aws_bedrock_guardrail\.optional is not known before apply/);
    expect(status('aws/guardrail-prompt-attack', 'aws_bedrock_guardrail.optional')).toBe('unknown');
  });

  it('reads local modules once per instance with their inputs; remote sources are skipped, not guessed', () => {
    expect(byId(resources, 'module.assistant.aws_bedrock_guardrail.this', 'aws.bedrock.guardrail').name).toBe('ai-prod-assistant');
    expect(status('aws/guardrail-prompt-attack', 'module.assistant.aws_bedrock_guardrail.this')).toBe('pass');
    expect(status('aws/guardrail-prompt-attack', 'module.teams["blue"].aws_bedrock_guardrail.this')).toBe('fail');
    expect(status('aws/agent-cmk', 'module.teams["blue"].aws_bedrockagent_agent.this')).toBe('fail');
    expect(byId(resources, 'module.teams["blue"].aws_bedrockagent_agent.this', 'aws.bedrock.agent').guardrail?.identifier).toBe(
      'module.teams["blue"].aws_bedrock_guardrail.this.guardrail_id',
    );
    expect(result.skipped).toContainEqual({
      file: `${dir}/main.tf`,
      reason:
        'module "remote" (line 175): source aws-ia/bedrock/aws is not local and is not fetched, so its resources are not checked (use a plan to check them)',
    });
  });

  it('judges knowledge-base data sources of both AWS providers (aws/knowledge-base-cmk)', () => {
    expect(status('aws/knowledge-base-cmk', 'aws_bedrockagent_data_source.docs_s3')).toBe('fail');
    expect(status('aws/knowledge-base-cmk', 'awscc_bedrock_data_source.handbook_s3')).toBe('pass');
    expect(byId(resources, 'aws_bedrockagent_data_source.docs_s3', 'aws.bedrock.data-source')).toMatchObject({
      knowledgeBaseId: 'aws_bedrockagent_knowledge_base.docs',
      kmsKeyArn: null,
    });
  });

  it('an awscc guardrail without a tier config is CLASSIC (fail, not unknown)', () => {
    expect(byId(resources, 'awscc_bedrock_guardrail.cc', 'aws.bedrock.guardrail').contentPolicy?.tier).toBeNull();
    expect(status('aws/guardrail-standard-tier', 'awscc_bedrock_guardrail.cc')).toBe('fail');
  });

  it('a data source is a parent its children link to; the children are judged', () => {
    const parent = byId(resources, 'data.azurerm_cognitive_account.shared', 'azure.cognitive-account');
    expect(isDataSourceAddress(parent.id)).toBe(true);
    expect(isDataSourceAddress('module.m["a"].data.azurerm_cognitive_account.x')).toBe(true);
    expect(isDataSourceAddress('azurerm_cognitive_account.data')).toBe(false);
    // Nothing about the data source is judged: no verdict on it at all.
    expect(parent).toMatchObject({ referenceOnly: true, unreadable: expect.stringMatching(/data source/) as string });
    expect(byId(resources, 'azurerm_cognitive_deployment.chat', 'azure.deployment').accountId).toBe('data.azurerm_cognitive_account.shared');
    expect(status('azure/deployment-custom-content-filter', 'azurerm_cognitive_deployment.chat')).toBe('fail');
    expect(judge(resources).findings.filter((item) => item.resource.id === parent.id)).toEqual([]);
  });

  it('a floor setting in .tf.json that is not enforced fails gcp/floor-setting-enforced on itself', () => {
    const floor = byId(resources, 'google_model_armor_floorsetting.project', 'gcp.floor-setting');
    expect(floor).toMatchObject({ owner: 'projects/prod-ai-123', enforcementEnabled: false });
    expect(finding('gcp/floor-setting-enforced', 'google_model_armor_floorsetting.project')).toMatchObject({
      status: 'fail',
      source: { file: `${dir}/gcp.tf.json`, line: 5, address: 'google_model_armor_floorsetting.project' },
    });
  });
});

describe('terraform HCL reader: variable files and named files', () => {
  it('a -var-file is applied after the automatic files', async () => {
    const result = await terraformHclReader.read(walked(dir), { display, varFiles: [`${dir}/strict.tfvars`] });
    const { status } = judge(result.resources);
    expect(status('aws/guardrail-standard-tier', 'aws_bedrock_guardrail.main["support"]')).toBe('pass');
    expect(result.files).toContainEqual({ file: `${dir}/strict.tfvars`, format: 'terraform-hcl' });
    expect(result.skipped.map((entry) => entry.file)).not.toContain(`${dir}/strict.tfvars`);
  });

  it('a file named on its own is read in its module, and only its blocks are reported', async () => {
    const result = await terraformHclReader.read([{ path: `${dir}/gcp.tf.json`, explicit: true }], { display });
    expect(result.resources.map((resource) => resource.id)).toEqual(['google_model_armor_floorsetting.project']);
    // var.environment still comes from terraform.tfvars of the module's directory.
    expect(byId(result.resources, 'google_model_armor_floorsetting.project', 'gcp.floor-setting').owner).toBe('projects/prod-ai-123');
    const variables = await terraformHclReader.read([{ path: `${dir}/variables.tf`, explicit: true }], { display });
    expect(variables.resources).toEqual([]);
  });

  it('a module directory named on its own is a root module: inputs it does not get are unknown', async () => {
    const result = await terraformHclReader.read(walked(`${dir}/modules/assistant`), { display });
    const guardrail = byId(result.resources, 'aws_bedrock_guardrail.this', 'aws.bedrock.guardrail');
    expect(guardrail.name).toBeUndefined();
    expect(judge(result.resources).status('aws/guardrail-prompt-attack', 'aws_bedrock_guardrail.this')).toBe('fail');
  });

  it('a variable file named on the command line is refused with what to do instead', async () => {
    await expect(terraformHclReader.read([{ path: `${dir}/strict.tfvars`, explicit: true }], { display })).rejects.toThrow(/--var-file/);
  });
});

describe('terraform HCL reader: malformed input', () => {
  it('a malformed file named on the command line is an IacInputError with its line; in a walk it is an error and its module is not judged', async () => {
    const root = scratch({
      'bad/main.tf': 'resource "aws_bedrockagent_agent" "a" {\n  agent_name = \n}\n',
      'good/main.tf': 'resource "aws_bedrockagent_agent" "b" {\n  agent_name = "b"\n}\n',
    });
    const named = terraformHclReader.read([{ path: join(root, 'bad/main.tf'), explicit: true }], { display: (path) => relative(root, path) });
    await expect(named).rejects.toThrow(IacInputError);
    await expect(terraformHclReader.read([{ path: join(root, 'bad/main.tf'), explicit: true }], { display: (path) => relative(root, path) })).rejects.toThrow(
      /^bad\/main\.tf:2: malformed HCL/,
    );
    const result = await terraformHclReader.read(walked(root), { display: (path) => relative(root, path) });
    expect(result.errors).toEqual([{ file: 'bad/main.tf', line: 2, problem: expect.stringMatching(/^malformed HCL/) as string }]);
    expect(result.resources.map((resource) => resource.id)).toEqual(['aws_bedrockagent_agent.b']);
    expect(result.skipped).toEqual([{ file: 'bad', reason: 'Terraform module not judged: one of its files could not be read (listed in errors)' }]);
  });

  it('a module whose terraform.tfvars cannot be read is not judged on defaults', async () => {
    const root = scratch({
      'main.tf': 'variable "strength" {\n  default = "HIGH"\n}\nresource "aws_bedrockagent_agent" "a" {\n  agent_name = var.strength\n}\n',
      'terraform.tfvars': 'strength = \n',
    });
    const result = await terraformHclReader.read(walked(root), { display: (path) => relative(root, path) || '.' });
    expect(result.resources).toEqual([]);
    expect(result.errors).toEqual([{ file: 'terraform.tfvars', line: 1, problem: expect.stringMatching(/^malformed HCL/) as string }]);
    expect(result.skipped).toEqual([{ file: '.', reason: 'Terraform module not judged: one of its variable files could not be read (listed in errors)' }]);
  });
});

describe('terraform HCL reader: hostile input', () => {
  it('a module that calls itself is not read again (listed as skipped), and the rest is', async () => {
    const root = scratch({ 'main.tf': 'module "self" {\n  source = "./"\n}\nresource "aws_bedrockagent_agent" "a" {\n  agent_name = "a"\n}\n' });
    const result = await terraformHclReader.read(walked(root), { display: (path) => relative(root, path) || '.' });
    expect(result.resources.map((resource) => resource.id)).toEqual(['aws_bedrockagent_agent.a']);
    expect(result.skipped).toEqual([{ file: 'main.tf', reason: 'module "self" (line 1): calls a module that calls it (a cycle); not read' }]);
  });

  it('a count of millions is refused, not expanded', async () => {
    const root = scratch({ 'main.tf': 'resource "aws_bedrockagent_agent" "a" {\n  count = 5000000\n  agent_name = "a"\n}\n' });
    const result = await terraformHclReader.read(walked(root), { display: (path) => relative(root, path) || '.' });
    // Such a count is not expanded: one unreadable resource stands for it.
    expect(result.resources.map((resource) => [resource.id, resource.unreadable])).toEqual([
      ['aws_bedrockagent_agent.a', 'the count of aws_bedrockagent_agent.a (5000000) is too large to expand'],
    ]);
    const many = scratch({
      'main.tf': Array.from({ length: 3 }, (_, index) => `resource "aws_bedrockagent_agent" "a${index}" {\n  count = 90000\n  agent_name = "a"\n}\n`).join(''),
    });
    await expect(terraformHclReader.read(walked(many), { display: (path) => relative(many, path) || '.' })).rejects.toThrow(
      /more than 200000 resource instances/,
    );
  });

  it('deeply nested expressions are an input error naming the module, not a crash', async () => {
    const deep = `${'['.repeat(20000)}1${']'.repeat(20000)}`;
    const root = scratch({
      'main.tf.json': JSON.stringify({ locals: { x: `\${${deep}}` }, resource: { aws_bedrockagent_agent: { a: { agent_name: '${local.x}' } } } }),
    });
    await expect(terraformHclReader.read(walked(root), { display: (path) => relative(root, path) || '.' })).rejects.toThrow(IacInputError);
  });
});

describe('terraform HCL reader: agreement with the plan of the same configuration', () => {
  it('gives the same verdicts on fixtures/iac/agreement as HCL and as plan JSON', async () => {
    const plan = 'fixtures/iac/agreement/plan.tfplan.json';
    const text = readFileSync(plan, 'utf8');
    const fromPlan = judge(terraformPlanReader.read(plan, text, JSON.parse(text)).resources).findings;
    const fromHcl = judge((await terraformHclReader.read([{ path: 'fixtures/iac/agreement/main.tf', explicit: false }], { display })).resources).findings;
    const verdicts = (findings: Finding[]) => Object.fromEntries(findings.map((entry) => [`${entry.ruleId} ${entry.resource.id}`, entry.status]));
    expect(verdicts(fromHcl)).toEqual(verdicts(fromPlan));
    // The estate's agreed verdicts (tests/iac/cfn-arm-agreement.test.ts), a few of them: one resource per role.
    expect(fromPlan).toHaveLength(22);
    expect(verdicts(fromPlan)).toMatchObject({
      'aws/guardrail-standard-tier aws_bedrock_guardrail.guardrail': 'fail',
      'aws/guardrail-prompt-attack aws_bedrock_guardrail.guardrail': 'pass',
      'aws/guardrail-versioned aws_bedrockagent_agent.agent': 'fail',
      'aws/knowledge-base-cmk aws_bedrockagent_data_source.docs': 'fail',
      'azure/deployment-custom-content-filter azurerm_cognitive_deployment.gpt4o': 'pass',
      'azure/local-auth-disabled azurerm_cognitive_account.openai': 'pass',
      'azure/network-restricted azurerm_cognitive_account.openai': 'fail',
    });
  });
});

describe('HCL expressions', () => {
  const none = environment({ traverse: (_root, steps) => ({ value: { unresolved: true, references: [] }, used: steps.length }) });
  const value = (text: string) => evaluate(parseExpression(text), none);
  const template = (text: string) => evaluate(parseTemplate(text), none);

  it('evaluates literals, operators, conditionals, functions and for expressions', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('"a" == "a" ? "yes" : "no"')).toBe('yes');
    expect(value('merge({ a = 1 }, { b = 2 })')).toEqual({ a: 1, b: 2 });
    expect(value('[for s in ["a", "b"] : upper(s) if s != "b"]')).toEqual(['A']);
    expect(value('{ for k, v in { x = 1, y = 2 } : v => k }')).toEqual({ 1: 'x', 2: 'y' });
    expect(value('format("%s-%d", "a", 3)')).toBe('a-3');
    expect(value('lookup({ a = "b" }, "c", "d")')).toBe('d');
    expect(value('[{ a = 1 }, { a = 2 }][*].a')).toEqual([1, 2]);
    expect(value('join("/", ["a", "b"])')).toBe('a/b');
    expect(value('length(toset(["a", "a", "b"]))')).toBe(2);
  });

  it('templates: escapes stay literal, a lone interpolation keeps its type, directives are unknown', () => {
    expect(template('$${not} %%{this}')).toBe('${not} %{this}');
    expect(template('${1 + 1}')).toBe(2);
    expect(template('n-${1 + 1}')).toBe('n-2');
    expect(template('%{ if true }x%{ endif }')).toEqual({ unresolved: true, references: [] });
  });

  it('an unknown operand makes the result unknown, except where a known side decides', () => {
    expect(value('var.x == "a"')).toEqual({ unresolved: true, references: [] });
    expect(value('false && var.x')).toBe(false);
    expect(value('true || var.x')).toBe(true);
    expect(value('nosuchfunction(1)')).toEqual({ unresolved: true, references: [] });
  });
});
