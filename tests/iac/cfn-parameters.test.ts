/**
 * CloudFormation parameters: `Default` values resolve like ARM parameters, and a parameters file in
 * the formats `aws cloudformation deploy --parameter-overrides` reads overrides them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IacInputError } from '../../src/iac/reader.ts';
import { cloudFormationReader, createCloudFormationReader } from '../../src/iac/cloudformation.ts';
import { parseParameterOverrides, withParameterOverrides } from '../../src/iac/cfn-parameters.ts';
import { armReader } from '../../src/iac/arm.ts';
import { vertexConfigReader } from '../../src/iac/vertex-config.ts';
import type { Resource } from '../../src/model/inventory.ts';

const fixture = (path: string) => `fixtures/iac/cloudformation/${path}`;

function read(file: string, reader = cloudFormationReader, text = readFileSync(file, 'utf8')): Resource[] {
  return reader.read(file, text, undefined).resources;
}

function byId(resources: Resource[]): Map<string, Resource> {
  return new Map(resources.map((resource) => [resource.id, resource]));
}

describe('CloudFormation parameter defaults', () => {
  it('resolves Ref, Sub, FindInMap, Join and If from parameter defaults, and drops resources whose condition is false', () => {
    const resources = byId(read(fixture('sam-template.yaml')));
    expect([...resources.keys()]).toEqual(['AssistantGuardrail', 'AssistantAgent', 'supportAgent', 'salesAgent']);
    const guardrail = resources.get('AssistantGuardrail');
    expect(guardrail).toMatchObject({ name: 'assistant-prod', tags: { stage: 'prod', teams: 'support,sales' } });
    const filters = guardrail?.type === 'aws.bedrock.guardrail' ? (guardrail.contentPolicy?.filters ?? []) : [];
    // !Ref FilterStrength (Default HIGH), !FindInMap [StageSettings, !Ref Stage, PromptAttack] (prod: HIGH).
    expect(filters.find((filter) => filter.type === 'HATE')?.input.strength).toBe('high');
    expect(filters.find((filter) => filter.type === 'PROMPT_ATTACK')?.input.strength).toBe('high');
    // AgentKeyArn defaults to "": HasAgentKey is false, so the key is AWS::NoValue (unset), and IsProd picks version "1".
    expect(resources.get('AssistantAgent')).toMatchObject({ customerEncryptionKeyArn: null, guardrail: { identifier: 'AssistantGuardrail', version: '1' } });
  });

  it('leaves a parameter without a default, and an SSM parameter type, unknown', () => {
    const text = [
      'Parameters:',
      '  Strength: { Type: String }',
      '  FromSsm: { Type: "AWS::SSM::Parameter::Value<String>", Default: /bedrock/strength }',
      'Resources:',
      '  A:',
      '    Type: AWS::Bedrock::Guardrail',
      '    Properties:',
      '      ContentPolicyConfig:',
      '        FiltersConfig:',
      '          - { Type: PROMPT_ATTACK, InputStrength: !Ref Strength, OutputStrength: NONE }',
      '  B:',
      '    Type: AWS::Bedrock::Guardrail',
      '    Properties:',
      '      ContentPolicyConfig:',
      '        FiltersConfig:',
      '          - { Type: PROMPT_ATTACK, InputStrength: !Ref FromSsm, OutputStrength: NONE }',
      '',
    ].join('\n');
    for (const resource of read('t.yaml', cloudFormationReader, text)) expect(resource).not.toHaveProperty('contentPolicy');
  });

  it('leaves a sensitive-information policy unknown when one entity’s action cannot be resolved, and reads it when all can', () => {
    const template = (inputAction: string) =>
      [
        'Parameters:',
        '  PiiAction: { Type: String }',
        'Resources:',
        '  A:',
        '    Type: AWS::Bedrock::Guardrail',
        '    Properties:',
        '      SensitiveInformationPolicyConfig:',
        '        PiiEntitiesConfig:',
        '          - { Type: EMAIL, Action: ANONYMIZE, InputAction: ANONYMIZE, OutputAction: ANONYMIZE, InputEnabled: true, OutputEnabled: true }',
        `          - { Type: PHONE, Action: BLOCK, InputAction: ${inputAction}, OutputAction: BLOCK, InputEnabled: true, OutputEnabled: true }`,
        '',
      ].join('\n');
    const [unresolved] = read('t.yaml', cloudFormationReader, template('!Ref PiiAction'));
    expect(unresolved).not.toHaveProperty('sensitiveInformationPolicy');
    const [resolved] = read('t.yaml', cloudFormationReader, template('BLOCK'));
    expect(resolved).toMatchObject({
      sensitiveInformationPolicy: {
        piiEntities: [
          { type: 'EMAIL', action: 'ANONYMIZE' },
          { type: 'PHONE', action: 'BLOCK', inputAction: 'BLOCK' },
        ],
      },
    });
  });
});

describe('parameter override files', () => {
  it('reads the Key=Value list file, several entries on a line too', () => {
    const overrides = parseParameterOverrides(fixture('params.txt'), readFileSync(fixture('params.txt'), 'utf8'));
    expect(Object.fromEntries(overrides.cloudformation)).toEqual({
      Stage: 'dev',
      FilterStrength: 'LOW',
      AgentKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0b6f6a2e-5c1d-4e8f-9a2b-7c3d4e5f6a7b',
    });
    expect(overrides.arm.size).toBe(0);
  });

  it('reads the JSON forms the AWS CLI accepts', () => {
    const expected = { Env: 'prod', Count: '3' };
    const forms = [
      readFileSync(fixture('params.json'), 'utf8'),
      '["Env=prod", "Count=3"]',
      '[{"ParameterKey": "Env", "ParameterValue": "prod"}, {"ParameterKey": "Count", "ParameterValue": 3}, {"ParameterKey": "Old", "UsePreviousValue": true}]',
      '{"Parameters": {"Env": "prod", "Count": "3"}, "Tags": {"team": "x"}}',
    ];
    expect(Object.fromEntries(parseParameterOverrides('p.json', forms[0] as string).cloudformation)).toEqual({
      Environment: 'staging',
      IngestionKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/4f1c2e1a-9b7d-4c55-8a34-2d1f0e9c7b60',
      NotInTheTemplate: 'ignored',
    });
    for (const form of forms.slice(1)) expect(Object.fromEntries(parseParameterOverrides('p.json', form).cloudformation)).toEqual(expected);
  });

  it('reads an ARM parameters file for ARM templates', () => {
    const overrides = parseParameterOverrides(
      'main.parameters.json',
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        contentVersion: '1.0.0.0',
        parameters: { accountName: { value: 'aoai-x' }, secret: { reference: { keyVault: { id: 'kv' }, secretName: 's' } } },
      }),
    );
    expect(overrides.cloudformation.size).toBe(0);
    expect(overrides.arm.get('accountName')).toBe('aoai-x');
    expect(overrides.arm.get('secret')).toMatchObject({ text: "<Key Vault reference for parameter 'secret'>" });
  });

  it('refuses files that are none of these, naming the file', () => {
    expect(() => parseParameterOverrides('p.txt', 'just words\n')).toThrow(IacInputError);
    expect(() => parseParameterOverrides('p.txt', 'just words\n')).toThrow(/^p\.txt:1: expected Key=Value/);
    expect(() => parseParameterOverrides('p.json', '{"broken": ')).toThrow(/^p\.json: malformed JSON/);
    expect(() => parseParameterOverrides('p.json', '[{"Key": "x"}]')).toThrow(/^p\.json: entry 0/);
    expect(() => parseParameterOverrides('p.json', '{"something": 1}')).toThrow(/^p\.json: not a parameters file/);
  });

  it('overrides win over defaults, change conditions, and are ignored by templates that do not declare them', () => {
    const readers = withParameterOverrides([armReader, cloudFormationReader, vertexConfigReader], {
      cloudformation: parseParameterOverrides(fixture('params.txt'), readFileSync(fixture('params.txt'), 'utf8')).cloudformation,
      arm: new Map(),
    });
    expect(readers.map((reader) => reader.format)).toEqual(['arm', 'cloudformation', 'vertex-config']);
    expect(readers[2]).toBe(vertexConfigReader);
    const reader = readers[1] ?? cloudFormationReader;
    const resources = byId(read(fixture('sam-template.yaml'), reader));
    // Stage=dev: DevOnlyAgent's condition holds; FindInMap picks dev's LOW; FilterStrength=LOW.
    expect([...resources.keys()]).toContain('DevOnlyAgent');
    const guardrail = resources.get('AssistantGuardrail');
    const filters = guardrail?.type === 'aws.bedrock.guardrail' ? (guardrail.contentPolicy?.filters ?? []) : [];
    expect(filters.find((filter) => filter.type === 'HATE')?.input.strength).toBe('low');
    expect(filters.find((filter) => filter.type === 'PROMPT_ATTACK')?.input.strength).toBe('low');
    expect(resources.get('AssistantAgent')).toMatchObject({
      name: 'assistant-agent-dev',
      customerEncryptionKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0b6f6a2e-5c1d-4e8f-9a2b-7c3d4e5f6a7b',
      guardrail: { version: 'DRAFT' },
    });

    // The JSON file: Environment=staging makes the staging knowledge base exist; the key makes the If known.
    const json = createCloudFormationReader({
      parameters: parseParameterOverrides(fixture('params.json'), readFileSync(fixture('params.json'), 'utf8')).cloudformation,
    });
    const bases = byId(read(fixture('knowledge-base.yaml'), json));
    expect(bases.get('StagingKnowledgeBase')).toMatchObject({ type: 'aws.bedrock.knowledge-base', name: 'staging' });
    expect(bases.get('DocsKnowledgeBase')).toMatchObject({ name: 'docs-staging' });
    expect(bases.get('MaybeEncryptedSource')).toMatchObject({ kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/4f1c2e1a-9b7d-4c55-8a34-2d1f0e9c7b60' });
    expect(bases.get('MaybeEncryptedSource')?.unreadable).toBeUndefined();
  });
});

describe('aiposture iac --parameters', () => {
  it('applies the overrides to the templates it reads, and a bad file is exit 2 naming it', async () => {
    const { runMain } = await import('../e2e/in-process.ts');
    const template = 'fixtures/iac/cloudformation/sam-template.yaml';
    const statusesOf = (stdout: string) =>
      (JSON.parse(stdout) as { findings: Array<{ ruleId: string; resource: { id: string }; status: string }> }).findings
        .map((finding) => `${finding.ruleId} ${finding.resource.id} ${finding.status}`)
        .sort();
    const defaults = await runMain(['iac', template, '--format', 'json']);
    const overridden = await runMain(['iac', template, '--format', 'json', '--parameters', 'fixtures/iac/cloudformation/params.txt']);
    expect(defaults.code).toBe(0);
    expect(overridden.code).toBe(0);
    // FilterStrength=LOW and a customer managed key for the agent change verdicts.
    expect(statusesOf(overridden.stdout)).not.toEqual(statusesOf(defaults.stdout));
    const missing = await runMain(['iac', template, '--parameters', 'fixtures/iac/cloudformation/no-such-params.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-params\.txt: cannot read file \(ENOENT\)/);
  });
});
