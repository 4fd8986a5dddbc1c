import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory, ResourceSchema, type Resource } from '../../src/model/inventory.ts';
import type { Provider } from '../../src/model/common.ts';
import { registry } from '../../src/providers.ts';
import { IacInputError, type IacReadResult, type IacReader } from '../../src/iac/reader.ts';
import { cloudFormationReader } from '../../src/iac/cloudformation.ts';
import { armReader } from '../../src/iac/arm.ts';
import { vertexConfigReader } from '../../src/iac/vertex-config.ts';

const fixture = (path: string) => `fixtures/iac/${path}`;

function lenient(text: string): unknown {
  return parseYaml(text, { logLevel: 'silent', strict: false, customTags: [] });
}

function read(reader: IacReader, path: string): IacReadResult {
  const file = fixture(path);
  const text = readFileSync(file, 'utf8');
  const parsed = lenient(text);
  expect(reader.recognise(parsed, text)).toBe(true);
  const result = reader.read(file, text, parsed);
  for (const resource of result.resources) expect(() => ResourceSchema.parse(resource)).not.toThrow();
  return result;
}

function scan(resources: Resource[]): Finding[] {
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  const scopes = [...new Map(resources.map((resource) => [`${resource.provider}/${resource.scope.id}`, resource.scope])).values()];
  const inventory = parseInventory({ providers, scopes, regions: [], resources, listings: [] });
  return evaluate(inventory, registry.rules, defaultBaseline);
}

function verdict(findings: Finding[], ruleId: string, resourceId: string): string | undefined {
  const matches = findings.filter((finding) => finding.ruleId === ruleId && finding.resource.id === resourceId);
  expect(
    matches.length,
    `${ruleId} on ${resourceId}: ${JSON.stringify(findings.filter((finding) => finding.ruleId === ruleId).map((f) => [f.resource.id, f.status]))}`,
  ).toBe(1);
  return matches[0]?.status;
}

describe('CloudFormation reader', () => {
  it('Checkov CKV_AWS_373 (CFN): agent without a key fails aws/agent-cmk, literal key ARN passes', () => {
    const fail = read(cloudFormationReader, 'cloudformation/bedrock-agent-encrypted-fail.yaml');
    const pass = read(cloudFormationReader, 'cloudformation/bedrock-agent-encrypted-pass.yaml');
    expect(fail.resources[0]).toMatchObject({
      type: 'aws.bedrock.agent',
      id: 'Fail',
      scope: { provider: 'aws', type: 'iac', id: fixture('cloudformation/bedrock-agent-encrypted-fail.yaml') },
      region: null,
      source: { kind: 'file', file: fixture('cloudformation/bedrock-agent-encrypted-fail.yaml'), line: 4, address: 'Fail' },
    });
    const findings = scan([...fail.resources, ...pass.resources]);
    expect(verdict(findings, 'aws/agent-cmk', 'Fail')).toBe('fail');
    expect(verdict(findings, 'aws/agent-cmk', 'Pass')).toBe('pass');
  });

  it('parses short-form intrinsics and maps guardrails and agents', () => {
    const result = read(cloudFormationReader, 'cloudformation/guardrails.yaml');
    const byId = new Map(result.resources.map((resource) => [resource.id, resource]));
    expect([...byId.keys()].sort()).toEqual(['GuardedAgent', 'StrongGuardrail', 'UnguardedAgent', 'WeakGuardrail']);
    const weak = byId.get('WeakGuardrail');
    expect(weak).toMatchObject({ type: 'aws.bedrock.guardrail', version: 'DRAFT', guardrailId: 'WeakGuardrail' });
    // A name written with intrinsics of parameters is known from their defaults (Env: prod).
    expect(weak?.name).toBe('weak-prod');
    expect(weak?.source).toEqual({ kind: 'file', file: fixture('cloudformation/guardrails.yaml'), line: 26, address: 'WeakGuardrail' });
    expect(weak?.tags).toMatchObject({
      team: 'prod',
      'aws:cloudformation:logical-id': 'WeakGuardrail',
      'aws:cloudformation:stack-name': 'guardrails.yaml',
    });
    const strong = byId.get('StrongGuardrail');
    expect(strong).toMatchObject({ kmsKeyArn: '!GetAtt AgentKey.Arn' });
    expect(byId.get('GuardedAgent')).toMatchObject({
      customerEncryptionKeyArn: '!GetAtt AgentKey.Arn',
      guardrail: { identifier: 'StrongGuardrail', version: '1' },
      name: 'GuardedAgent',
      // IsProd holds with Env's default: the If picks its first branch.
      tags: { env: 'production' },
    });
    expect(byId.get('UnguardedAgent')).toMatchObject({ guardrail: null, customerEncryptionKeyArn: null });

    const findings = scan(result.resources);
    expect(verdict(findings, 'aws/guardrail-prompt-attack', 'WeakGuardrail')).toBe('fail');
    expect(verdict(findings, 'aws/guardrail-prompt-attack', 'StrongGuardrail')).toBe('pass');
    expect(verdict(findings, 'aws/agent-guardrail', 'UnguardedAgent')).toBe('fail');
    expect(verdict(findings, 'aws/agent-guardrail', 'GuardedAgent')).toBe('pass');
    expect(verdict(findings, 'aws/agent-cmk', 'GuardedAgent')).toBe('pass');
    expect(verdict(findings, 'aws/iac-managed', 'WeakGuardrail')).toBe('pass');
    expect(verdict(findings, 'aws/guardrail-cmk', 'StrongGuardrail')).toBe('pass');
  });

  it('returns suppression comments (above, on and inside the block) and Metadata entries', () => {
    const result = read(cloudFormationReader, 'cloudformation/guardrails.yaml');
    const file = fixture('cloudformation/guardrails.yaml');
    expect(result.suppressions).toEqual([
      { ruleId: 'aws/guardrail-prompt-attack', reason: 'tuned for the chatbot', until: '2030-06-30', file, line: 25, address: 'WeakGuardrail' },
      { ruleId: 'aws/guardrail-cmk', reason: 'AWS-owned key accepted', file, line: 44, address: 'StrongGuardrail' },
      { ruleId: 'aws/agent-guardrail', reason: 'evaluation only', file, line: 74, address: 'UnguardedAgent' },
      { ruleId: 'aws/agent-cmk', reason: 'sandbox agent', until: '2026-01-31', file, line: 67, address: 'UnguardedAgent' },
    ]);
  });

  it('reads JSON templates with line numbers, long-form intrinsics and Metadata suppressions', () => {
    const result = read(cloudFormationReader, 'cloudformation/template.json');
    const file = fixture('cloudformation/template.json');
    const guardrail = result.resources.find((resource) => resource.id === 'JsonGuardrail');
    expect(guardrail?.source).toEqual({ kind: 'file', file, line: 4, address: 'JsonGuardrail' });
    expect(guardrail).toMatchObject({ kmsKeyArn: '!GetAtt Key.Arn' });
    expect(result.suppressions).toEqual([{ ruleId: 'aws/guardrail-prompt-attack', reason: 'fronted by a WAF', file, line: 9, address: 'JsonGuardrail' }]);
    const findings = scan(result.resources);
    // A strength written as a Ref cannot be judged before deploy; an If with AWS::NoValue may leave the key unset.
    expect(verdict(findings, 'aws/guardrail-prompt-attack', 'JsonGuardrail')).toBe('unknown');
    expect(verdict(findings, 'aws/agent-cmk', 'JsonAgent')).toBe('unknown');
    expect(verdict(findings, 'aws/agent-guardrail', 'JsonAgent')).toBe('pass');
  });

  it('recognises templates by content only', () => {
    expect(cloudFormationReader.recognise({ Resources: { A: { Type: 'AWS::S3::Bucket' } } }, '')).toBe(true);
    expect(cloudFormationReader.recognise({ AWSTemplateFormatVersion: '2010-09-09' }, '')).toBe(true);
    expect(cloudFormationReader.recognise({ resources: [] }, '')).toBe(false);
    expect(cloudFormationReader.recognise({ Resources: { A: { Type: 'Custom::X' } } }, '')).toBe(false);
  });

  it('malformed YAML is an IacInputError naming file:line', () => {
    const file = fixture('cloudformation/malformed.yaml');
    const text = readFileSync(file, 'utf8');
    expect(() => cloudFormationReader.read(file, text, undefined)).toThrow(IacInputError);
    expect(() => cloudFormationReader.read(file, text, undefined)).toThrow(new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+: malformed JSON/YAML: `));
  });

  it('malformed suppressions are input errors', () => {
    const text = 'Resources:\n  A: # aiposture:ignore aws/agent-cmk because\n    Type: AWS::Bedrock::Agent\n';
    expect(() => cloudFormationReader.read('t.yaml', text, undefined)).toThrow(/^t\.yaml:2: malformed suppression/);
    const metadata =
      'Resources:\n  A:\n    Type: AWS::Bedrock::Agent\n    Metadata:\n      aiposture:\n        ignore:\n          - rule: agent-cmk\n            reason: x\n';
    expect(() => cloudFormationReader.read('t.yaml', metadata, undefined)).toThrow(/^t\.yaml:7: malformed Metadata/);
  });
});

describe('ARM reader', () => {
  it('Checkov CKV_AZURE_134 / 236 / 238 (ARM) verdicts', () => {
    const result = read(armReader, 'arm/checkov-cognitive-services.json');
    expect(result.resources.find((resource) => resource.id === 'fail2')?.source).toEqual({
      kind: 'file',
      file: fixture('arm/checkov-cognitive-services.json'),
      line: 17,
      address: 'fail2',
    });
    const findings = scan(result.resources);
    for (const rule of ['azure/network-restricted', 'azure/local-auth-disabled', 'azure/managed-identity']) {
      expect([verdict(findings, rule, 'fail'), verdict(findings, rule, 'fail2'), verdict(findings, rule, 'pass')], rule).toEqual(['fail', 'fail', 'pass']);
    }
  });

  it('resolves parameters/variables, nests deployments and links them to the account', () => {
    const result = read(armReader, 'arm/openai.json');
    const byId = new Map(result.resources.map((resource) => [resource.id, resource]));
    // gpt-4o-default names no RAI policy: it runs on Microsoft.DefaultV2, as Microsoft documents it.
    expect([...byId.keys()].sort()).toEqual([
      'aoai-param',
      'aoai-prod',
      'aoai-prod/Microsoft.DefaultV2',
      'aoai-prod/gpt-4o-default',
      'aoai-prod/gpt-4o-strict',
      'aoai-prod/org-strict',
    ]);
    expect(byId.get('aoai-prod/Microsoft.DefaultV2')).toMatchObject({ documentedDefault: true, policyType: 'SystemManaged', source: { line: 30 } });
    expect(byId.get('aoai-prod')).toMatchObject({
      type: 'azure.cognitive-account',
      kind: 'OpenAI',
      publicNetworkAccess: 'Enabled',
      networkAclsDefaultAction: 'Deny',
      disableLocalAuth: true,
      identityType: 'UserAssigned',
      encryptionKeySource: 'Microsoft.KeyVault',
      restrictOutboundNetworkAccess: true,
      allowedFqdnList: ['contoso.openai.azure.com'],
      readErrors: {},
      source: { line: 14, address: "[parameters('accountName')]" },
    });
    expect(byId.get('aoai-prod/gpt-4o-default')).toMatchObject({
      type: 'azure.deployment',
      accountId: 'aoai-prod',
      raiPolicyName: null,
      modelName: 'gpt-4o',
      source: { line: 30 },
    });
    expect(byId.get('aoai-prod/gpt-4o-strict')).toMatchObject({ accountId: 'aoai-prod', raiPolicyName: 'org-strict' });
    const policy = byId.get('aoai-prod/org-strict');
    expect(policy).toMatchObject({
      type: 'azure.rai-policy',
      name: 'org-strict',
      accountId: 'aoai-prod',
      mode: 'Blocking',
      basePolicyName: 'Microsoft.DefaultV2',
      customBlocklistCount: 1,
    });
    expect(policy?.type === 'azure.rai-policy' ? policy.contentFilters.map((entry) => [entry.name, entry.source, entry.strength]) : []).toEqual([
      ['Hate', 'Prompt', 'high'],
      ['Hate', 'Completion', 'medium'],
      ['Sexual', 'Prompt', 'off'],
      ['Jailbreak', 'Prompt', 'off'],
    ]);
    expect(byId.get('aoai-param')?.unreadable).toMatch(/properties\.publicNetworkAccess/);

    const findings = scan(result.resources);
    expect(verdict(findings, 'azure/deployment-custom-content-filter', 'aoai-prod/gpt-4o-default')).toBe('fail');
    expect(verdict(findings, 'azure/deployment-custom-content-filter', 'aoai-prod/gpt-4o-strict')).toBe('pass');
    expect(verdict(findings, 'azure/network-restricted', 'aoai-prod')).toBe('pass');
    // A parameter without a default cannot be judged before deployment.
    expect(verdict(findings, 'azure/network-restricted', 'aoai-param')).toBe('unknown');
  });

  it('reads languageVersion 2.0 templates with symbolic resources and parent links', () => {
    const result = read(armReader, 'arm/symbolic.json');
    const byId = new Map(result.resources.map((resource) => [resource.id, resource]));
    expect([...byId.keys()].sort()).toEqual(['aoai-symbolic', 'aoai-symbolic/chat', 'aoai-symbolic/strict']);
    expect(byId.get('aoai-symbolic')?.source).toEqual({ kind: 'file', file: fixture('arm/symbolic.json'), line: 9, address: 'account' });
    expect(byId.get('aoai-symbolic/chat')).toMatchObject({ accountId: 'aoai-symbolic', raiPolicyName: 'strict', source: { address: 'chat' } });
    const findings = scan(result.resources);
    expect(verdict(findings, 'azure/deployment-custom-content-filter', 'aoai-symbolic/chat')).toBe('pass');
    expect(verdict(findings, 'azure/network-restricted', 'aoai-symbolic')).toBe('pass');
    expect(verdict(findings, 'azure/managed-identity', 'aoai-symbolic')).toBe('pass');
  });

  it('recognises ARM templates by content', () => {
    const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
    expect(armReader.recognise({ $schema: schema, resources: [] }, '')).toBe(true);
    expect(armReader.recognise({ $schema: schema, languageVersion: '2.0', resources: {} }, '')).toBe(true);
    expect(armReader.recognise({ $schema: 'https://example.com/other.json', resources: [] }, '')).toBe(false);
    expect(armReader.recognise({ Resources: {} }, '')).toBe(false);
  });

  it('keeps children of an account whose name is an unresolvable parameter linked', () => {
    const text = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      parameters: { name: { type: 'string' } },
      resources: [
        { type: 'Microsoft.CognitiveServices/accounts', name: "[parameters('name')]", kind: 'OpenAI', properties: {} },
        { type: 'Microsoft.CognitiveServices/accounts/deployments', name: "[format('{0}/{1}', parameters('name'), 'chat')]", properties: {} },
      ],
    });
    const result = armReader.read('t.json', text, JSON.parse(text));
    expect(result.resources.map((resource) => resource.id)).toEqual([
      "<parameters('name')>",
      "<parameters('name')>/chat",
      "<parameters('name')>/Microsoft.DefaultV2",
    ]);
    expect(result.resources[1]).toMatchObject({ accountId: "<parameters('name')>" });
  });
});

describe('Vertex config reader', () => {
  it('a request with BLOCK_NONE fails gcp/vertex-safety-settings; a strict config passes', () => {
    const none = read(vertexConfigReader, 'vertex/request-block-none.json');
    const strict = read(vertexConfigReader, 'vertex/config-strict.yaml');
    expect(none.resources[0]).toMatchObject({
      type: 'gcp.vertex-safety-settings',
      scope: { provider: 'gcp', type: 'iac', id: fixture('vertex/request-block-none.json') },
      region: null,
      source: { kind: 'file', file: fixture('vertex/request-block-none.json'), line: 4, address: 'safetySettings' },
    });
    expect(strict.resources[0]).toMatchObject({ source: { line: 6, address: 'request.safetySettings' } });
    const settings = none.resources[0]?.type === 'gcp.vertex-safety-settings' ? none.resources[0].settings : [];
    expect(settings[0]).toEqual({ category: 'HARM_CATEGORY_HATE_SPEECH', neutralCategory: 'hate', threshold: 'BLOCK_NONE', strength: 'off' });
    const findings = scan([...none.resources, ...strict.resources]);
    expect(verdict(findings, 'gcp/vertex-safety-settings', none.resources[0]?.id ?? '')).toBe('fail');
    // DANGEROUS_CONTENT at BLOCK_ONLY_HIGH is below the default medium baseline.
    expect(verdict(findings, 'gcp/vertex-safety-settings', strict.resources[0]?.id ?? '')).toBe('fail');
  });

  it('maps thresholds and categories onto the neutral scale, and passes a complete set', () => {
    const text = JSON.stringify({
      safetySettings: ['HATE_SPEECH', 'HARASSMENT', 'SEXUALLY_EXPLICIT', 'DANGEROUS_CONTENT'].map((category) => ({
        category: `HARM_CATEGORY_${category}`,
        threshold: 'BLOCK_MEDIUM_AND_ABOVE',
      })),
    });
    const result = vertexConfigReader.read('v.json', text, JSON.parse(text));
    const settings = result.resources[0]?.type === 'gcp.vertex-safety-settings' ? result.resources[0].settings : [];
    expect(settings.map((entry) => [entry.neutralCategory, entry.strength])).toEqual([
      ['hate', 'medium'],
      ['insults', 'medium'],
      ['sexual', 'medium'],
      ['misconduct', 'medium'],
    ]);
    expect(verdict(scan(result.resources), 'gcp/vertex-safety-settings', result.resources[0]?.id ?? '')).toBe('pass');
    expect(vertexConfigReader.recognise({ contents: [] }, '')).toBe(false);
  });
});
