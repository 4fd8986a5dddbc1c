/**
 * CloudFormation templates as the AWS tools accept them (SAM, PyYAML's tolerance, YAML 1.1),
 * knowledge bases and data sources, resources the stack does not create, and joins that stay
 * within one template.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type Finding } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory, ResourceSchema, type Resource } from '../../src/model/inventory.ts';
import type { Provider } from '../../src/model/common.ts';
import { registry } from '../../src/providers.ts';
import { cloudFormationReader } from '../../src/iac/cloudformation.ts';
import { reindentContinuations } from '../../src/iac/cfn-yaml.ts';
import type { IacReadResult } from '../../src/iac/reader.ts';

const fixture = (path: string) => `fixtures/iac/${path}`;

function read(file: string, text = readFileSync(file, 'utf8')): IacReadResult {
  const result = cloudFormationReader.read(file, text, undefined);
  for (const resource of result.resources) expect(() => ResourceSchema.parse(resource)).not.toThrow();
  return result;
}

function scan(resources: Resource[]): Finding[] {
  const providers = [...new Set(resources.map((resource) => resource.provider))].sort() as Provider[];
  const scopes = [...new Map(resources.map((resource) => [`${resource.provider}/${resource.scope.id}`, resource.scope])).values()];
  return evaluate(parseInventory({ providers, scopes, regions: [], resources, listings: [] }), registry.rules, defaultBaseline, undefined, 'iac');
}

function verdicts(findings: Finding[], ruleId: string): Record<string, string> {
  return Object.fromEntries(
    findings.filter((finding) => finding.ruleId === ruleId).map((finding) => [`${finding.scope.id}#${finding.resource.id}`, finding.status]),
  );
}

const template = (body: string) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${body}`;

describe('CloudFormation YAML as the AWS tools read it', () => {
  it('reads a SAM template with multi-line quoted scalars and flow collections indented as PyYAML allows', () => {
    const result = read(fixture('cloudformation/sam-template.yaml'));
    const guardrail = result.resources.find((resource) => resource.id === 'AssistantGuardrail');
    // Line numbers are those of the file as written.
    expect(guardrail?.source).toEqual({ kind: 'file', file: fixture('cloudformation/sam-template.yaml'), line: 44, address: 'AssistantGuardrail' });
    const filters = guardrail?.type === 'aws.bedrock.guardrail' ? (guardrail.contentPolicy?.filters ?? []) : [];
    // `InputEnabled: yes` is a YAML 1.1 boolean, as PyYAML and CloudFormation read it.
    expect(filters[0]?.input.enabled).toBe(true);
    expect(filters).toHaveLength(6);
    // `until=2030-01-01` in a comment and dates in general stay strings (no timestamp type in CloudFormation).
    expect(result.suppressions).toEqual([
      expect.objectContaining({ ruleId: 'aws/guardrail-cmk', until: '2030-01-01', line: 43, address: 'AssistantGuardrail' }),
    ]);
  });

  it('accepts each construct PyYAML accepts, and keeps the values PyYAML reads', () => {
    const cases: Array<[string, unknown]> = [
      ['      AgentName: "first\n  second"\n', 'first second'],
      ['      AgentName: "first\nsecond"\n', 'first second'],
      ["      AgentName: 'it''s\n  here'\n", "it's here"],
      ['      AgentName: "tab\n\t\tindented"\n', 'tab indented'],
      ['      AgentName: "escaped \\\n  break"\n', 'escaped break'],
    ];
    for (const [line, expected] of cases) {
      const text = template(`  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n${line}      Instruction: x\n`);
      expect(read('t.yaml', text).resources[0]?.name, JSON.stringify(line)).toBe(expected);
    }
    const flow = template(
      '  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: a\n      Tags: {team: [x,\n  y], env: prod}\n      CustomerEncryptionKeyArn: k\n',
    );
    expect(read('t.yaml', flow).resources[0]).toMatchObject({ customerEncryptionKeyArn: 'k' });
  });

  it('refuses YAML that PyYAML refuses too, with the first error of the file as written', () => {
    const file = fixture('cloudformation/malformed.yaml');
    expect(() => read(file)).toThrow(/^fixtures\/iac\/cloudformation\/malformed\.yaml:7: malformed JSON\/YAML: Flow sequence/);
    const malformed = [
      template('  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: "never closed\n'),
      template('  A:\n\tType: AWS::Bedrock::Agent\n'),
      template('  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: plain\n  continued: x: y\n'),
      template('  A:\n    Type: AWS::Bedrock::Agent\n  A:\n    Type: AWS::Bedrock::Agent\n'),
    ];
    for (const text of malformed) expect(() => read('t.yaml', text), text).toThrow(/^t\.yaml:\d+: malformed JSON\/YAML/);
  });

  it('re-indents only continuation lines, never changing the number of lines', () => {
    const text = 'A:\n  B: "x\n y"\n  C: |\n    "not a quote\n  D: [a,\nb]\n';
    const repaired = reindentContinuations(text);
    // One column past the opening quote or bracket; the block scalar's content is left alone.
    expect(repaired?.split('\n')).toEqual(['A:', '  B: "x', '      y"', '  C: |', '    "not a quote', '  D: [a,', '      b]', '']);
    expect(reindentContinuations('A: "x"\n')).toBeUndefined();
    expect(reindentContinuations('A: [x,\n')).toBeUndefined();
  });

  it('expands Fn::ForEach over a known collection into one resource per item', () => {
    const ids = read(fixture('cloudformation/sam-template.yaml')).resources.map((resource) => resource.id);
    expect(ids).toEqual(expect.arrayContaining(['supportAgent', 'salesAgent']));
  });
});

describe('Bedrock knowledge bases and data sources', () => {
  const result = read(fixture('cloudformation/knowledge-base.yaml'));
  const ids = new Map(result.resources.map((resource) => [resource.id, resource]));

  it('maps knowledge bases and data sources, linking each data source to its knowledge base', () => {
    expect([...ids.keys()]).toEqual([
      'DocsKnowledgeBase',
      'EncryptedSource',
      'PlainSource',
      'MaybeEncryptedSource',
      'SharedSource',
      'LegacySource',
      'ClassicGuardrail',
    ]);
    expect(ids.get('DocsKnowledgeBase')).toMatchObject({
      type: 'aws.bedrock.knowledge-base',
      knowledgeBaseId: 'DocsKnowledgeBase',
      name: 'docs-prod',
      tags: { team: 'docs' },
    });
    expect(ids.get('EncryptedSource')).toMatchObject({
      type: 'aws.bedrock.data-source',
      knowledgeBaseId: 'DocsKnowledgeBase',
      kmsKeyArn: '!GetAtt IngestionKey.Arn',
    });
    expect(ids.get('PlainSource')).toMatchObject({ knowledgeBaseId: 'DocsKnowledgeBase', kmsKeyArn: null });
  });

  it('runs aws/knowledge-base-cmk: a key passes, none fails, an unknown one is unknown', () => {
    const findings = scan(result.resources);
    const file = fixture('cloudformation/knowledge-base.yaml');
    expect(verdicts(findings, 'aws/knowledge-base-cmk')).toEqual({
      [`${file}#EncryptedSource`]: 'pass',
      [`${file}#PlainSource`]: 'fail',
      [`${file}#MaybeEncryptedSource`]: 'unknown',
      [`${file}#SharedSource`]: 'fail',
      [`${file}#LegacySource`]: 'fail',
    });
    expect(result.suppressions).toEqual([expect.objectContaining({ ruleId: 'aws/knowledge-base-cmk', address: 'PlainSource', line: 53 })]);
  });

  it('does not judge what the stack does not create: an imported parent, or one from another stack', () => {
    // LegacyKnowledgeBase is listed in Metadata.aiposture.imported; its data source is judged, linked to it.
    expect(ids.has('LegacyKnowledgeBase')).toBe(false);
    expect(ids.get('LegacySource')).toMatchObject({ knowledgeBaseId: 'LegacyKnowledgeBase' });
    // A knowledge base exported by another stack: the data source is linked to the import.
    expect(ids.get('SharedSource')).toMatchObject({ knowledgeBaseId: '!ImportValue shared-kb-id' });
    // A condition that is false: not created.
    expect(ids.has('StagingKnowledgeBase')).toBe(false);
    expect(() => read('t.yaml', 'Metadata:\n  aiposture:\n    imported: {A: 1}\nResources:\n  A:\n    Type: AWS::S3::Bucket\n')).toThrow(
      /^t\.yaml:3: malformed Metadata\.aiposture\.imported/,
    );
  });

  it('a guardrail without tier configuration is on the CLASSIC tier', () => {
    const findings = scan(result.resources);
    expect(verdicts(findings, 'aws/guardrail-standard-tier')).toEqual({ [`${fixture('cloudformation/knowledge-base.yaml')}#ClassicGuardrail`]: 'fail' });
    const classic = findings.find((finding) => finding.ruleId === 'aws/guardrail-standard-tier');
    expect(classic?.observed).toEqual({ contentPolicyTier: 'CLASSIC (default)', topicPolicyTier: 'CLASSIC (default)' });
  });
});

describe('joins stay within one template (one stack)', () => {
  it('a guardrail of one template is not the parent of a resource of another with the same logical id', () => {
    const withGuardrail = read(
      'a.yaml',
      template(
        '  Guardrail:\n    Type: AWS::Bedrock::Guardrail\n    Properties:\n      Name: g\n      BlockedInputMessaging: x\n      BlockedOutputsMessaging: x\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: a\n      GuardrailConfiguration: { GuardrailIdentifier: !Ref Guardrail, GuardrailVersion: "1" }\n',
      ),
    );
    const other = read(
      'b.yaml',
      template(
        '  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: b\n      GuardrailConfiguration: { GuardrailIdentifier: !Ref Guardrail, GuardrailVersion: "1" }\n  Guardrail2:\n    Type: AWS::S3::Bucket\n',
      ),
    );
    // In b.yaml, Guardrail is not a guardrail of that template: the reference stays as written.
    expect(other.resources[0]).toMatchObject({ guardrail: { identifier: '!Ref Guardrail' } });
    expect(withGuardrail.resources[1]).toMatchObject({ guardrail: { identifier: 'Guardrail' } });
    const findings = scan([...withGuardrail.resources, ...other.resources]);
    // a.yaml's agent finds its guardrail's version 1 missing (only DRAFT is in the template); b.yaml's does not see a.yaml's guardrail at all.
    const versioned = findings.filter((finding) => finding.ruleId === 'aws/guardrail-versioned');
    expect(versioned.map((finding) => [finding.scope.id, finding.resource.id])).toEqual([
      ['a.yaml', 'Agent'],
      ['b.yaml', 'Agent'],
    ]);
    expect(versioned[1]?.message).not.toMatch(/a\.yaml/);
  });
});
