import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, guardrail } from './case-builders.ts';

const id = guardrail().id;

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'CloudFormation stack tag passes',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: id, status: 'pass', reason: 'iac-tagged' }],
  },
  {
    name: 'a baseline tag key passes',
    inventory: awsInventory({ resources: [guardrail({ tags: { 'managed-by': 'terraform', team: 'ai' } })] }),
    expect: [{ resource: id, status: 'pass', reason: 'iac-tagged' }],
  },
  {
    name: 'a custom tag key from the policy passes',
    inventory: awsInventory({ resources: [guardrail({ tags: { 'iac:repo': 'platform/ai' } })] }),
    baseline: { iacTagKeys: ['iac:repo'] },
    expect: [{ resource: id, status: 'pass', reason: 'iac-tagged' }],
  },
  {
    name: 'CloudFormation stack tags count even when the policy replaces the tag keys',
    inventory: awsInventory({ resources: [guardrail({ tags: { 'aws:cloudformation:stack-name': 'ai' } })] }),
    baseline: { iacTagKeys: ['iac:repo'] },
    expect: [{ resource: id, status: 'pass', reason: 'iac-tagged' }],
  },
  {
    name: 'no tags fails',
    inventory: awsInventory({ resources: [guardrail({ tags: {} })] }),
    expect: [{ resource: id, status: 'fail', reason: 'no-iac-tag' }],
  },
  {
    name: 'only unrelated tags fail',
    inventory: awsInventory({ resources: [guardrail({ tags: { team: 'ai', 'cost-center': '42' } })] }),
    expect: [{ resource: id, status: 'fail', reason: 'no-iac-tag' }],
  },
  {
    name: 'a guardrail read from an IaC file passes',
    inventory: awsInventory({
      resources: [guardrail({ tags: undefined, source: { kind: 'file', file: 'infra/guardrail.tf', line: 3, address: 'aws_bedrock_guardrail.main' } })],
    }),
    expect: [{ resource: id, status: 'pass', reason: 'defined-in-iac' }],
  },
  {
    name: 'tags not read are unknown',
    inventory: awsInventory({ resources: [guardrail({ tags: undefined })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a region is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
    expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
