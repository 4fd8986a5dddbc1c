import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { agent, awsInventory } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no agents: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'agent with a guardrail passes and names it (Prowler: ListAgents summary with test-guardrail-id)',
    inventory: awsInventory({ resources: [agent({ guardrail: { identifier: 'test-guardrail-id', version: '1' } })] }),
    expect: [{ resource: agent().id, status: 'pass', reason: 'guardrail-attached' }],
  },
  {
    name: 'guardrail without a version still passes here (versioning is aws/guardrail-versioned)',
    inventory: awsInventory({ resources: [agent({ guardrail: { identifier: 'gr-strong', version: null } })] }),
    expect: [{ resource: agent().id, status: 'pass', reason: 'guardrail-attached' }],
  },
  {
    name: 'agent without a guardrail fails (Prowler: CreateAgent without guardrail; Checkov: no guardrail_configuration block)',
    inventory: awsInventory({ resources: [agent({ guardrail: null })] }),
    expect: [{ resource: agent().id, status: 'fail', reason: 'no-guardrail' }],
  },
  {
    name: 'empty guardrail identifier fails',
    inventory: awsInventory({ resources: [agent({ guardrail: { identifier: '', version: '1' } })] }),
    expect: [{ resource: agent().id, status: 'fail', reason: 'no-guardrail' }],
  },
  {
    name: 'one agent with and one without in different regions',
    inventory: awsInventory({ resources: [agent(), agent({ region: 'eu-west-1', agentId: 'AGENT00002', guardrail: null })] }),
    expect: [
      { resource: agent().id, status: 'pass', reason: 'guardrail-attached' },
      { resource: agent({ region: 'eu-west-1', agentId: 'AGENT00002' }).id, status: 'fail', reason: 'no-guardrail' },
    ],
  },
  {
    name: 'unreadable agent is unknown, never pass',
    inventory: awsInventory({ resources: [agent({ unreadable: 'AccessDeniedException: bedrock:GetAgent' })] }),
    expect: [{ resource: agent().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListAgents in a region is unknown for that region',
    inventory: awsInventory({ resources: [agent()], failed: [{ type: 'aws.bedrock.agent', region: 'eu-west-1' }] }),
    expect: [
      { resource: agent().id, status: 'pass', reason: 'guardrail-attached' },
      { resource: '111122223333/eu-west-1/aws.bedrock.agent/unknown', status: 'unknown', reason: 'listing-unreadable' },
    ],
  },
];
