import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { terraformPlanReader } from '../../src/iac/terraform.ts';
import { IacInputError } from '../../src/iac/reader.ts';
import { evaluate, type Finding } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory, ResourceSchema, type Inventory, type Resource } from '../../src/model/inventory.ts';
import type { Provider, ScopeRef } from '../../src/model/common.ts';
import { registry } from '../../src/providers.ts';

const dir = 'fixtures/iac/terraform';

function read(name: string) {
  const file = `${dir}/${name}`;
  const text = readFileSync(file, 'utf8');
  const parsed: unknown = JSON.parse(text);
  return { file, text, parsed, result: terraformPlanReader.read(file, text, parsed) };
}

function inventoryOf(resources: Resource[]): Inventory {
  const scopes = new Map<string, ScopeRef>();
  for (const resource of resources) scopes.set(`${resource.provider}/${resource.scope.id}`, resource.scope);
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  return parseInventory({ providers, scopes: [...scopes.values()], regions: [], resources, listings: [] });
}

/** Runs the reader and then every real rule; returns `status` keyed by `ruleId address`. */
function verdicts(name: string): { findings: Finding[]; status: (ruleId: string, address: string) => string | undefined; resources: Resource[] } {
  const { result } = read(name);
  const findings = evaluate(inventoryOf(result.resources), registry.rules, defaultBaseline);
  return {
    findings,
    resources: result.resources,
    status: (ruleId, address) => {
      const matches = findings.filter((finding) => finding.ruleId === ruleId && finding.resource.id === address);
      expect(matches.length, `${ruleId} on ${address}`).toBeLessThanOrEqual(1);
      return matches[0]?.status;
    },
  };
}

function byId<T extends Resource['type']>(resources: Resource[], id: string, type: T): Extract<Resource, { type: T }> {
  const found = resources.find((entry) => entry.id === id);
  expect(found?.type).toBe(type);
  return found as Extract<Resource, { type: T }>;
}

describe('terraform plan reader: recognition and format', () => {
  it('recognises terraform show -json output and nothing else', () => {
    const { parsed, text } = read('aws-bedrock.tfplan.json');
    expect(terraformPlanReader.recognise(parsed, text)).toBe(true);
    expect(terraformPlanReader.recognise({ format_version: '1.2', resource_changes: [] }, '')).toBe(true);
    expect(terraformPlanReader.recognise({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} }, '')).toBe(false);
    expect(terraformPlanReader.recognise({ format_version: '1.0' }, '')).toBe(false);
    expect(terraformPlanReader.recognise([], '')).toBe(false);
  });

  it('rejects an unsupported format_version major with IacInputError naming the file and version', () => {
    const file = `${dir}/unsupported-version.tfplan.json`;
    const text = readFileSync(file, 'utf8');
    const call = () => terraformPlanReader.read(file, text, JSON.parse(text));
    expect(call).toThrow(IacInputError);
    expect(call).toThrow(/unsupported-version\.tfplan\.json: unsupported Terraform plan format_version "2\.0"/);
  });

  it('produces schema-valid resources with file provenance, iac scope and no region', () => {
    for (const name of ['aws-bedrock.tfplan.json', 'azure-openai.tfplan.json', 'gcp-vertex.tfplan.json']) {
      const { result, file } = read(name);
      expect(result.resources.length).toBeGreaterThan(0);
      expect(result.suppressions).toEqual([]);
      for (const resource of result.resources) {
        expect(() => ResourceSchema.parse(resource)).not.toThrow();
        expect(resource.source).toEqual({ kind: 'file', file, address: resource.id });
        expect(resource.scope).toEqual({ provider: resource.provider, type: 'iac', id: file });
        expect(resource.region).toBeNull();
      }
    }
  });
});

describe('terraform plan reader: AWS Bedrock', () => {
  const { status, resources } = verdicts('aws-bedrock.tfplan.json');

  it('CKV_AWS_373: agent without a key fails, agent with a key reference passes', () => {
    expect(status('aws/agent-cmk', 'aws_bedrockagent_agent.bedrock_agent')).toBe('fail');
    expect(status('aws/agent-cmk', 'aws_bedrockagent_agent.bedrock_agent_with_kms_key')).toBe('pass');
    const agent = byId(resources, 'aws_bedrockagent_agent.bedrock_agent_with_kms_key', 'aws.bedrock.agent');
    expect(agent.customerEncryptionKeyArn).toBe('aws_kms_key.example.arn');
  });

  it('a key known after apply through a local stays unknown (never pass)', () => {
    const agent = byId(resources, 'aws_bedrockagent_agent.key_via_local', 'aws.bedrock.agent');
    expect(agent.customerEncryptionKeyArn).toBeUndefined();
    expect(status('aws/agent-cmk', 'aws_bedrockagent_agent.key_via_local')).toBe('unknown');
  });

  it('CKV_AWS_383: agent without guardrail_configuration fails, with one passes', () => {
    expect(status('aws/agent-guardrail', 'aws_bedrockagent_agent.fail')).toBe('fail');
    expect(status('aws/agent-guardrail', 'aws_bedrockagent_agent.pass')).toBe('pass');
    expect(byId(resources, 'aws_bedrockagent_agent.pass', 'aws.bedrock.agent').guardrail).toEqual({ identifier: 'foo', version: '1' });
  });

  it('maps guardrail content filters to the neutral scale: PROMPT_ATTACK LOW fails, HIGH passes', () => {
    expect(status('aws/guardrail-prompt-attack', 'aws_bedrock_guardrail.weak')).toBe('fail');
    expect(status('aws/guardrail-prompt-attack', 'aws_bedrock_guardrail.strong')).toBe('pass');
    const weak = byId(resources, 'aws_bedrock_guardrail.weak', 'aws.bedrock.guardrail');
    expect(weak.version).toBe('DRAFT');
    expect(weak.contentPolicy?.tier).toBe('STANDARD');
    expect(weak.contentPolicy?.filters.find((filter) => filter.type === 'PROMPT_ATTACK')).toEqual({
      type: 'PROMPT_ATTACK',
      category: 'prompt-attack',
      input: { enabled: null, action: null, strength: 'low' },
      output: { enabled: null, action: null, strength: 'off' },
    });
    expect(weak.contentPolicy?.filters.find((filter) => filter.type === 'HATE')?.input).toEqual({ enabled: true, action: 'BLOCK', strength: 'high' });
    expect(weak.sensitiveInformationPolicy?.piiEntities.map((entity) => [entity.type, entity.action, entity.outputAction])).toEqual([
      ['EMAIL', 'ANONYMIZE', null],
      ['US_SOCIAL_SECURITY_NUMBER', 'BLOCK', 'BLOCK'],
    ]);
    expect(weak.sensitiveInformationPolicy?.regexCount).toBe(1);
    expect(weak.contextualGroundingPolicy?.filters).toEqual([
      { type: 'GROUNDING', threshold: 0.8, action: null, enabled: null },
      { type: 'RELEVANCE', threshold: 0.7, action: null, enabled: null },
    ]);
    expect(weak.topicPolicy).toBeNull();
    expect(weak.kmsKeyArn).toBeNull();
    expect(weak.tags).toEqual({ team: 'ai-platform' });
  });

  it('resolves a KMS key known after apply from its configuration reference', () => {
    const strong = byId(resources, 'aws_bedrock_guardrail.strong', 'aws.bedrock.guardrail');
    expect(strong.kmsKeyArn).toBe('aws_kms_key.example.arn');
    expect(status('aws/guardrail-cmk', 'aws_bedrock_guardrail.strong')).toBe('pass');
    expect(status('aws/guardrail-cmk', 'aws_bedrock_guardrail.weak')).toBe('fail');
  });

  it('walks child modules and resolves references inside them', () => {
    const guardrail = byId(resources, 'module.assistant.aws_bedrock_guardrail.assistant', 'aws.bedrock.guardrail');
    expect(guardrail.kmsKeyArn).toBe('aws_kms_key.agents.arn');
    const agent = byId(resources, 'module.assistant.aws_bedrockagent_agent.assistant', 'aws.bedrock.agent');
    expect(agent.source).toMatchObject({ address: 'module.assistant.aws_bedrockagent_agent.assistant' });
    expect(agent.guardrail).toEqual({ identifier: 'aws_bedrock_guardrail.assistant.guardrail_id', version: 'DRAFT' });
    expect(agent.customerEncryptionKeyArn).toBe('aws_kms_key.agents.arn');
    expect(status('aws/agent-guardrail', 'module.assistant.aws_bedrockagent_agent.assistant')).toBe('pass');
    expect(status('aws/agent-cmk', 'module.assistant.aws_bedrockagent_agent.assistant')).toBe('pass');
  });
});

describe('terraform plan reader: Azure OpenAI / AI Services', () => {
  const { status, resources } = verdicts('azure-openai.tfplan.json');
  const account = (name: string) => `azurerm_cognitive_account.${name}`;

  it('CKV_AZURE_134: public network access true or default fails, false passes', () => {
    expect(status('azure/network-restricted', account('pna_enabled'))).toBe('fail');
    expect(status('azure/network-restricted', account('pna_absent'))).toBe('fail');
    expect(status('azure/network-restricted', account('pna_disabled'))).toBe('pass');
  });

  it('CKV_AZURE_236: local auth default or true fails, false passes', () => {
    expect(status('azure/local-auth-disabled', account('local_auth_absent'))).toBe('fail');
    expect(status('azure/local-auth-disabled', account('local_auth_true'))).toBe('fail');
    expect(status('azure/local-auth-disabled', account('local_auth_false'))).toBe('pass');
    expect(byId(resources, account('local_auth_false'), 'azure.cognitive-account').disableLocalAuth).toBe(true);
  });

  it('an attribute known only after apply and not resolvable makes the account unknown, never pass', () => {
    const unknown = byId(resources, account('local_auth_unknown'), 'azure.cognitive-account');
    expect(unknown.unreadable).toMatch(/local_auth_enabled/);
    expect(status('azure/local-auth-disabled', account('local_auth_unknown'))).toBe('unknown');
  });

  it('CKV_AZURE_238: an identity block passes, none fails', () => {
    expect(status('azure/managed-identity', account('identity_pass'))).toBe('pass');
    expect(status('azure/managed-identity', account('identity_fail'))).toBe('fail');
  });

  it('CKV_AZURE_247: restriction and FQDNs are both required (3 pass, 5 fail in Checkov; TextAnalytics is out of our scope)', () => {
    expect(status('azure/outbound-restricted', account('pass_openai'))).toBe('pass');
    expect(status('azure/outbound-restricted', account('pass_openai_multiple_fqdns'))).toBe('pass');
    for (const name of [
      'fail_openai_missing_fqdns',
      'fail_openai_missing_fqdns_but_present_outbound_network_access',
      'fail_openai_missing_outbound_network_access',
      'fail_openai_no_outbound_access_and_multiple_fqdns',
      'fail_openai_missing_fqdns_and_outbound_network_access',
    ]) {
      expect(status('azure/outbound-restricted', account(name)), name).toBe('fail');
    }
    // Checkov passes every non-OpenAI kind; our rules apply to OpenAI/AIServices (or accounts with deployments), so no verdict.
    expect(status('azure/outbound-restricted', account('pass_non_openai'))).toBeUndefined();
  });

  it('CKV2_AZURE_22: a linked azurerm_cognitive_account_customer_managed_key passes, none fails; the inline block passes too', () => {
    expect(status('azure/cmk', account('cognitive_account_bad'))).toBe('fail');
    expect(status('azure/cmk', account('cognitive_account_good'))).toBe('pass');
    expect(status('azure/cmk', account('inline_cmk'))).toBe('pass');
    expect(byId(resources, account('cognitive_account_good'), 'azure.cognitive-account').encryptionKeySource).toBe('Microsoft.KeyVault');
  });

  it('maps azurerm_ai_services attribute names onto the same account model', () => {
    const foundry = byId(resources, 'azurerm_ai_services.foundry', 'azure.cognitive-account');
    expect(foundry).toMatchObject({
      kind: 'AIServices',
      name: 'foundry-prod',
      disableLocalAuth: true,
      publicNetworkAccess: 'Disabled',
      networkAclsDefaultAction: 'Deny',
      identityType: 'SystemAssigned',
      encryptionKeySource: null,
      restrictOutboundNetworkAccess: true,
      allowedFqdnList: ['kv-ai-prod.vault.azure.net'],
      readErrors: {},
      tags: { env: 'prod' },
    });
    expect(status('azure/local-auth-disabled', 'azurerm_ai_services.foundry')).toBe('pass');
    expect(status('azure/network-restricted', 'azurerm_ai_services.foundry')).toBe('pass');
    expect(status('azure/outbound-restricted', 'azurerm_ai_services.foundry')).toBe('pass');
  });

  it('links deployments and RAI policies to their account through configuration references', () => {
    const deployment = byId(resources, 'azurerm_cognitive_deployment.gpt4o', 'azure.deployment');
    expect(deployment).toMatchObject({ accountId: account('pna_disabled'), raiPolicyName: 'org-strict', modelName: 'gpt-4o', modelVersion: '2024-08-06' });
    const policy = byId(resources, 'azurerm_cognitive_account_rai_policy.strict', 'azure.rai-policy');
    expect(policy).toMatchObject({ accountId: account('pna_disabled'), name: 'org-strict', mode: 'Blocking', basePolicyName: 'Microsoft.Default' });
    expect(policy.contentFilters.find((entry) => entry.name === 'Hate' && entry.source === 'Prompt')).toEqual({
      name: 'Hate',
      source: 'Prompt',
      enabled: true,
      blocking: true,
      severityThreshold: 'Medium',
      strength: 'medium',
    });
    expect(policy.contentFilters.find((entry) => entry.name === 'Jailbreak')?.strength).toBe('low');
    expect(
      status('azure/deployment-custom-content-filter', 'azurerm_cognitive_deployment.gpt4o') ??
        status('azure/deployment-custom-content-filter', account('pna_disabled')),
    ).toBe('pass');
    expect(status('azure/content-filter-harm-categories', 'azurerm_cognitive_account_rai_policy.strict')).toBe('pass');
    expect(status('azure/content-filter-prompt-shields', 'azurerm_cognitive_account_rai_policy.strict')).toBe('pass');
  });

  it('a kind Face account without deployments is out of scope of the account rules', () => {
    expect(status('azure/network-restricted', account('face'))).toBeUndefined();
  });
});

describe('terraform plan reader: GCP Vertex AI and Model Armor', () => {
  const { status, resources } = verdicts('gcp-vertex.tfplan.json');
  const endpoint = (name: string) => `google_vertex_ai_endpoint.${name}`;

  it('CKV2_GCP_24: encryption_spec with kms_key_name passes (literal or reference), without fails', () => {
    expect(status('gcp/endpoint-cmk', endpoint('cmk_literal'))).toBe('pass');
    expect(status('gcp/endpoint-cmk', endpoint('cmk_reference'))).toBe('pass');
    expect(byId(resources, endpoint('cmk_reference'), 'gcp.vertex-endpoint').kmsKeyName).toBe('google_kms_crypto_key.endpoints.id');
    expect(status('gcp/endpoint-cmk', endpoint('no_cmk_public'))).toBe('fail');
  });

  it('CKV2_GCP_33: network set passes, absent fails; Private Service Connect also passes (Checkov fails it)', () => {
    expect(status('gcp/endpoint-private', endpoint('cmk_literal'))).toBe('pass');
    expect(status('gcp/endpoint-private', endpoint('no_cmk_public'))).toBe('fail');
    expect(status('gcp/endpoint-private', endpoint('psc'))).toBe('pass');
  });

  it('maps a Model Armor floor setting', () => {
    const floor = byId(resources, 'google_model_armor_floorsetting.project', 'gcp.floor-setting');
    expect(floor).toMatchObject({
      owner: 'projects/ai-prod-123',
      level: 'project',
      enforcementEnabled: true,
      integratedServices: ['AI_PLATFORM'],
      aiPlatformMode: 'inspectAndBlock',
      aiPlatformCloudLogging: true,
      multiLanguageDetection: true,
      filters: {
        rai: [
          { filterType: 'HATE_SPEECH', category: 'hate', strength: 'medium' },
          { filterType: 'HARASSMENT', category: 'insults', strength: 'medium' },
          { filterType: 'SEXUALLY_EXPLICIT', category: 'sexual', strength: 'medium' },
          { filterType: 'DANGEROUS', category: 'misconduct', strength: 'medium' },
        ],
        promptInjection: { enabled: true, strength: 'high' },
        maliciousUri: true,
        sensitiveData: true,
      },
    });
  });

  it('maps a Model Armor template', () => {
    const template = byId(resources, 'google_model_armor_template.basic', 'gcp.modelarmor-template');
    expect(template).toMatchObject({
      name: 'org-basic',
      enforcementType: 'INSPECT_ONLY',
      logSanitizeOperations: false,
      logTemplateOperations: true,
      multiLanguageDetection: null,
      filters: { rai: [{ filterType: 'HATE_SPEECH', category: 'hate', strength: 'low' }], promptInjection: null, maliciousUri: null, sensitiveData: null },
      tags: { team: 'security' },
    });
    expect(status('gcp/template-enforcement', 'google_model_armor_template.basic')).toBe('fail');
  });
});

describe('Model Armor vocabulary in Terraform', () => {
  it('makes a confidence level outside the vocabulary unknown (unreadable), never off', () => {
    const file = `${dir}/gcp-vertex.tfplan.json`;
    const text = readFileSync(file, 'utf8').replace(/"confidence_level": "[A-Z_]+"/g, '"confidence_level": "VERY_HIGH"');
    const result = terraformPlanReader.read(file, text, JSON.parse(text));
    const changed = result.resources.filter((resource) => resource.unreadable?.includes('VERY_HIGH'));
    expect(changed.map((resource) => resource.type).sort()).toEqual(['gcp.floor-setting', 'gcp.modelarmor-template']);
    expect(changed[0]?.unreadable).toMatch(/^unrecognised filter_config\.rai_settings\.rai_filters\.confidence_level VERY_HIGH/);
    const findings = evaluate(inventoryOf(result.resources), registry.rules, defaultBaseline);
    expect(findings.find((finding) => finding.ruleId === 'gcp/template-filters' && finding.resource.id === 'google_model_armor_template.basic')).toMatchObject({
      status: 'unknown',
      reason: 'resource-unreadable',
    });
  });
});

/** A plan with the given resources in the root module (values, after_unknown and configuration expressions). */
function plan(
  resources: Array<{
    address: string;
    values: Record<string, unknown>;
    unknown?: Record<string, unknown>;
    expressions?: Record<string, unknown>;
    module?: string;
  }>,
  extra: Record<string, unknown> = {},
  version = '1.2',
) {
  const entry = (resource: (typeof resources)[number]) => {
    const parts = resource.address.replace(/^(module\.[^.]+(\[[^\]]*\])?\.)+/, '').split('.');
    const data = parts[0] === 'data';
    const [type, name] = data ? [parts[1], parts[2]] : [parts[0], parts[1]];
    return { address: resource.address, mode: data ? 'data' : 'managed', type, name: (name as string).replace(/\[.*$/, '') };
  };
  const root = resources.filter((resource) => resource.module === undefined && !resource.address.startsWith('data.'));
  const modules = [...new Set(resources.flatMap((resource) => (resource.module ? [resource.module] : [])))];
  return {
    format_version: version,
    planned_values: {
      root_module: {
        resources: root.map((resource) => ({ ...entry(resource), values: resource.values })),
        child_modules: modules.map((address) => ({
          address,
          resources: resources.filter((resource) => resource.module === address).map((resource) => ({ ...entry(resource), values: resource.values })),
        })),
      },
    },
    resource_changes: resources
      .filter((resource) => !resource.address.startsWith('data.'))
      .map((resource) => ({
        ...entry(resource),
        ...(resource.module ? { module_address: resource.module } : {}),
        change: { actions: ['create'], after: resource.values, after_unknown: resource.unknown ?? {} },
      })),
    configuration: {
      root_module: {
        resources: resources
          .filter((resource) => resource.module === undefined)
          .map((resource) => ({ ...entry(resource), expressions: resource.expressions ?? {} })),
        module_calls: Object.fromEntries(
          [...new Set(modules.map((address) => (address.split('.')[1] as string).replace(/\[.*$/, '')))].map((name) => [
            name,
            {
              module: {
                resources: resources
                  .filter((resource) => resource.module?.startsWith(`module.${name}`))
                  .filter((resource, index, all) => all.findIndex((other) => configOf(other.address) === configOf(resource.address)) === index)
                  .map((resource) => ({
                    ...entry(resource),
                    address: configOf(resource.address).replace(/^module\.[^.]+\./, ''),
                    expressions: resource.expressions ?? {},
                  })),
              },
            },
          ]),
        ),
      },
    },
    ...extra,
  };
}
const configOf = (address: string) => address.replace(/\[[^\]]*\]/g, '');

function readPlan(parsed: unknown): Resource[] {
  return terraformPlanReader.read('plan.json', JSON.stringify(parsed), parsed).resources;
}

function statusesOf(resources: Resource[]) {
  const findings = evaluate(inventoryOf(resources), registry.rules, defaultBaseline);
  return (ruleId: string, address: string) => findings.find((finding) => finding.ruleId === ruleId && finding.resource.id === address)?.status;
}

const guardrailValues = (tier: unknown) => ({
  name: 'g',
  content_policy_config: [{ filters_config: [{ type: 'PROMPT_ATTACK', input_strength: 'HIGH', output_strength: 'NONE' }], tier_config: tier }],
});

describe('terraform plan reader: format versions and tiers', () => {
  it('reads plans of format_version 0.x (Terraform 0.12–0.15) like 1.x', () => {
    const parsed = plan([{ address: 'aws_bedrockagent_agent.a', values: { agent_name: 'a', guardrail_configuration: [] } }], {}, '0.1');
    expect(terraformPlanReader.recognise(parsed, '')).toBe(true);
    expect(readPlan(parsed).map((resource) => resource.id)).toEqual(['aws_bedrockagent_agent.a']);
    expect(statusesOf(readPlan(parsed))('aws/agent-guardrail', 'aws_bedrockagent_agent.a')).toBe('fail');
  });

  it('a guardrail policy without a tier block is on CLASSIC (fail aws/guardrail-standard-tier, not unknown), also when the provider computes it', () => {
    const resources = readPlan(
      plan([
        { address: 'aws_bedrock_guardrail.absent', values: guardrailValues([]) },
        {
          address: 'aws_bedrock_guardrail.computed',
          values: { name: 'g', content_policy_config: [{ filters_config: [{ type: 'PROMPT_ATTACK', input_strength: 'HIGH', output_strength: 'NONE' }] }] },
          unknown: { content_policy_config: [{ filters_config: [{}], tier_config: true }] },
          expressions: { content_policy_config: [{ filters_config: [{ type: { constant_value: 'PROMPT_ATTACK' } }] }] },
        },
        { address: 'aws_bedrock_guardrail.standard', values: guardrailValues([{ tier_name: 'STANDARD' }]) },
      ]),
    );
    const status = statusesOf(resources);
    expect(byId(resources, 'aws_bedrock_guardrail.absent', 'aws.bedrock.guardrail').contentPolicy?.tier).toBeNull();
    expect(byId(resources, 'aws_bedrock_guardrail.computed', 'aws.bedrock.guardrail').contentPolicy?.tier).toBeNull();
    expect(status('aws/guardrail-standard-tier', 'aws_bedrock_guardrail.absent')).toBe('fail');
    expect(status('aws/guardrail-standard-tier', 'aws_bedrock_guardrail.computed')).toBe('fail');
    expect(status('aws/guardrail-standard-tier', 'aws_bedrock_guardrail.standard')).toBe('pass');
  });
});

describe('terraform plan reader: knowledge bases, data sources and AWS Cloud Control', () => {
  const resources = readPlan(
    plan([
      { address: 'aws_bedrockagent_knowledge_base.kb', values: { name: 'kb' }, unknown: { id: true, arn: true } },
      {
        address: 'aws_bedrockagent_data_source.plain',
        values: { name: 'plain', server_side_encryption_configuration: [] },
        unknown: { knowledge_base_id: true, data_source_id: true },
        expressions: { knowledge_base_id: { references: ['aws_bedrockagent_knowledge_base.kb.id', 'aws_bedrockagent_knowledge_base.kb'] } },
      },
      {
        address: 'awscc_bedrock_data_source.encrypted',
        values: {
          name: 'encrypted',
          knowledge_base_id: 'KB12345678',
          server_side_encryption_configuration: { kms_key_arn: 'arn:aws:kms:us-east-1:111122223333:key/k' },
        },
        unknown: { data_source_id: true },
      },
      {
        address: 'awscc_bedrock_guardrail.cc',
        values: {
          name: 'cc',
          content_policy_config: {
            filters_config: [{ type: 'PROMPT_ATTACK', input_strength: 'HIGH', output_strength: 'NONE' }],
            content_filters_tier_config: { tier_name: 'STANDARD' },
          },
          topic_policy_config: { topics_config: [{ name: 't', type: 'DENY', definition: 'd' }] },
          tags: [{ key: 'team', value: 'ai' }],
        },
      },
      {
        address: 'awscc_bedrock_agent.agent',
        values: { agent_name: 'agent', guardrail_configuration: { guardrail_identifier: 'gr-1', guardrail_version: '2' }, customer_encryption_key_arn: null },
      },
    ]),
  );
  const status = statusesOf(resources);

  it('maps aws_bedrockagent_data_source and awscc_bedrock_data_source: aws/knowledge-base-cmk runs on them', () => {
    expect(byId(resources, 'aws_bedrockagent_data_source.plain', 'aws.bedrock.data-source')).toMatchObject({
      knowledgeBaseId: 'aws_bedrockagent_knowledge_base.kb',
      kmsKeyArn: null,
    });
    expect(byId(resources, 'aws_bedrockagent_knowledge_base.kb', 'aws.bedrock.knowledge-base').knowledgeBaseId).toBe('aws_bedrockagent_knowledge_base.kb');
    expect(status('aws/knowledge-base-cmk', 'aws_bedrockagent_data_source.plain')).toBe('fail');
    expect(status('aws/knowledge-base-cmk', 'awscc_bedrock_data_source.encrypted')).toBe('pass');
  });

  it('maps awscc guardrails (CloudFormation names: content_filters_tier_config, topics_tier_config, tag lists) and agents', () => {
    const cc = byId(resources, 'awscc_bedrock_guardrail.cc', 'aws.bedrock.guardrail');
    expect(cc.contentPolicy?.tier).toBe('STANDARD');
    expect(cc.topicPolicy).toEqual({ tier: null, topicCount: 1 });
    expect(cc.tags).toEqual({ team: 'ai' });
    expect(status('aws/guardrail-standard-tier', 'awscc_bedrock_guardrail.cc')).toBe('fail');
    expect(byId(resources, 'awscc_bedrock_agent.agent', 'aws.bedrock.agent')).toMatchObject({
      guardrail: { identifier: 'gr-1', version: '2' },
      customerEncryptionKeyArn: null,
    });
    expect(status('aws/agent-guardrail', 'awscc_bedrock_agent.agent')).toBe('pass');
    expect(status('aws/agent-cmk', 'awscc_bedrock_agent.agent')).toBe('fail');
  });
});

describe('terraform plan reader: data sources and joins', () => {
  it('a data-source account gets no judged values, and its deployment is judged, linked to it', () => {
    const resources = readPlan(
      plan(
        [
          {
            address: 'azurerm_cognitive_deployment.chat',
            values: { name: 'chat', model: [{ format: 'OpenAI', name: 'gpt-4o', version: '1' }] },
            unknown: { cognitive_account_id: true },
            expressions: { cognitive_account_id: { references: ['data.azurerm_cognitive_account.shared.id', 'data.azurerm_cognitive_account.shared'] } },
          },
          { address: 'data.azurerm_cognitive_account.shared', values: { name: 'aoai-shared' } },
        ],
        { prior_state: { values: { root_module: { resources: [] } } } },
      ),
    );
    const parent = byId(resources, 'data.azurerm_cognitive_account.shared', 'azure.cognitive-account');
    expect(parent.referenceOnly).toBe(true);
    expect(evaluate(inventoryOf(resources), registry.rules, defaultBaseline).filter((finding) => finding.resource.id === parent.id)).toEqual([]);
    expect(byId(resources, 'azurerm_cognitive_deployment.chat', 'azure.deployment').accountId).toBe('data.azurerm_cognitive_account.shared');
    expect(statusesOf(resources)('azure/deployment-custom-content-filter', 'azurerm_cognitive_deployment.chat')).toBe('fail');
  });

  it('links children only within their own module instance', () => {
    const instance = (key: string, raiPolicy: string | null) => [
      {
        address: `module.team["${key}"].azurerm_cognitive_account.main`,
        module: `module.team["${key}"]`,
        values: { name: `aoai-${key}`, kind: 'OpenAI', local_auth_enabled: false },
        unknown: { id: true },
      },
      {
        address: `module.team["${key}"].azurerm_cognitive_deployment.chat`,
        module: `module.team["${key}"]`,
        values: { name: 'chat', rai_policy_name: raiPolicy, model: [{ name: 'gpt-4o', version: '1' }] },
        unknown: { cognitive_account_id: true },
        expressions: { cognitive_account_id: { references: ['azurerm_cognitive_account.main.id', 'azurerm_cognitive_account.main'] } },
      },
    ];
    const resources = readPlan(plan([...instance('a', null), ...instance('b', 'Microsoft.Default')]));
    expect(byId(resources, 'module.team["a"].azurerm_cognitive_deployment.chat', 'azure.deployment').accountId).toBe(
      'module.team["a"].azurerm_cognitive_account.main',
    );
    expect(byId(resources, 'module.team["b"].azurerm_cognitive_deployment.chat', 'azure.deployment').accountId).toBe(
      'module.team["b"].azurerm_cognitive_account.main',
    );
  });
});
