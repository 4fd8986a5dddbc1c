import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { agent, awsInventory } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no agents: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'agent with a KMS key passes (Checkov: CustomerEncryptionKeyArn literal ARN)',
    inventory: awsInventory({ resources: [agent()] }),
    expect: [{ resource: agent().id, status: 'pass', reason: 'cmk-configured' }],
  },
  {
    name: 'agent without a key fails (Checkov: only AgentName / agent_name)',
    inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: null })] }),
    expect: [{ resource: agent().id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'empty key ARN fails',
    inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: '' })] }),
    expect: [{ resource: agent().id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'GetAgent not read (key undefined) is unknown',
    inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: undefined })] }),
    expect: [{ resource: agent().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'unreadable agent is unknown even if a key value is present',
    inventory: awsInventory({ resources: [agent({ unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: agent().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListAgents is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.agent', region: 'us-east-1', status: 'error' }] }),
    expect: [{ resource: '111122223333/us-east-1/aws.bedrock.agent/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
