import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { allContentFilters, awsInventory, guardrail } from './case-builders.ts';

const id = guardrail().id;

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'STANDARD content and topic policies pass',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: id, status: 'pass', reason: 'standard-tier' }],
  },
  {
    name: 'CLASSIC content policy fails',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'CLASSIC', filters: allContentFilters('high') } })] }),
    expect: [{ resource: id, status: 'fail', reason: 'classic-tier' }],
  },
  {
    name: 'omitted topic tier is the CLASSIC default and fails',
    inventory: awsInventory({ resources: [guardrail({ topicPolicy: { tier: null, topicCount: 2 } })] }),
    expect: [{ resource: id, status: 'fail', reason: 'classic-tier' }],
  },
  {
    name: 'a guardrail without a topic policy is judged on its content policy only',
    inventory: awsInventory({ resources: [guardrail({ topicPolicy: null })] }),
    expect: [{ resource: id, status: 'pass', reason: 'standard-tier' }],
  },
  {
    name: 'a guardrail with neither policy is not applicable',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: null, topicPolicy: null })] }),
    expect: [{ resource: id, status: 'not_applicable', reason: 'no-tiered-policy' }],
  },
  {
    name: 'a topic policy not read is unknown',
    inventory: awsInventory({ resources: [guardrail({ topicPolicy: undefined })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a CLASSIC content policy fails even when the topic policy was not read',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'CLASSIC', filters: [] }, topicPolicy: undefined })] }),
    expect: [{ resource: id, status: 'fail', reason: 'classic-tier' }],
  },
  {
    name: 'unreadable guardrail version is unknown',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, topicPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a region is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
    expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
