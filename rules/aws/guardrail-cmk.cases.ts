import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, guardrail } from './case-builders.ts';

const id = guardrail().id;

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'guardrail with kmsKeyArn passes',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: id, status: 'pass', reason: 'cmk-configured' }],
  },
  {
    name: 'guardrail without kmsKeyArn fails',
    inventory: awsInventory({ resources: [guardrail({ kmsKeyArn: null })] }),
    expect: [{ resource: id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'every evaluated version is judged on its own',
    inventory: awsInventory({ resources: [guardrail(), guardrail({ version: '2', kmsKeyArn: null })] }),
    expect: [
      { resource: id, status: 'pass', reason: 'cmk-configured' },
      { resource: guardrail({ version: '2' }).id, status: 'fail', reason: 'aws-owned-key' },
    ],
  },
  {
    name: 'key not read is unknown',
    inventory: awsInventory({ resources: [guardrail({ kmsKeyArn: undefined })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'unreadable guardrail version is unknown',
    inventory: awsInventory({ resources: [guardrail({ unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a region is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
    expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
