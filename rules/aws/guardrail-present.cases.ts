import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { agent, awsInventory, guardrail, regionActivity } from './case-builders.ts';

const usEast = 'arn:aws:bedrock:us-east-1:111122223333:guardrails';
const euWest = 'arn:aws:bedrock:eu-west-1:111122223333:guardrails';
const euActivity = regionActivity({ region: 'eu-west-1', id: 'arn:aws:bedrock:eu-west-1:111122223333:activity', bedrockMetricNames: ['Invocations'] });

export const cases: readonly RuleCase[] = [
  {
    name: 'no Bedrock use and no guardrails: no verdicts',
    inventory: awsInventory(),
    expect: [],
  },
  {
    name: 'used region without guardrails fails (Prowler: no guardrails, 1 region)',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [agent({ guardrail: null })] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'no-guardrail' }],
  },
  {
    name: 'two used regions without guardrails fail twice (Prowler: no guardrails, 2 regions)',
    inventory: awsInventory({ resources: [regionActivity({ bedrockMetricNames: ['Invocations'] }), euActivity] }),
    expect: [
      { resource: usEast, status: 'fail', reason: 'no-guardrail' },
      { resource: euWest, status: 'fail', reason: 'no-guardrail' },
    ],
  },
  {
    name: 'a READY guardrail passes (Prowler: configured)',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail({ guardrailId: 'test-id', name: 'test-guardrail' })] }),
    expect: [{ resource: usEast, status: 'pass', reason: 'guardrail-ready' }],
  },
  {
    name: 'guardrail in one used region only: that region passes, the other fails (Prowler: one region only)',
    inventory: awsInventory({ resources: [guardrail(), euActivity] }),
    expect: [
      { resource: usEast, status: 'pass', reason: 'guardrail-ready' },
      { resource: euWest, status: 'fail', reason: 'no-guardrail' },
    ],
  },
  {
    name: 'unused region without guardrails gets no verdict',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: usEast, status: 'pass', reason: 'guardrail-ready' }],
  },
  {
    name: 'region where Bedrock is not offered gets no verdict (Prowler: unsupported region)',
    inventory: awsInventory({ regions: ['us-east-1'], unsupportedRegions: ['ap-south-2'], resources: [guardrail()] }),
    expect: [{ resource: usEast, status: 'pass', reason: 'guardrail-ready' }],
  },
  {
    name: 'several versions of one guardrail count once',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), guardrail({ version: 'DRAFT' })] }),
    expect: [{ resource: usEast, status: 'pass', reason: 'guardrail-ready' }],
  },
  {
    name: 'only a FAILED guardrail fails and names its status',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail({ status: 'FAILED' })] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'no-ready-guardrail' }],
  },
  {
    name: 'guardrail whose status could not be read is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail({ status: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a used region is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [agent()], failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'denied ListGuardrails where use cannot otherwise be shown is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'listing-unreadable' }],
  },
];
