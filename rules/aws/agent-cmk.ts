import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { agent, awsInventory } from './case-builders.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/agent-cmk',
    provider: 'aws',
    title: 'Every Bedrock agent encrypts its data with a customer-managed KMS key',
    severity: 'low',
    resourceTypes: ['aws.bedrock.agent'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each Bedrock agent has customerEncryptionKeyArn set (GetAgent), so agent resources such as session and memory data are encrypted with a key the organisation controls instead of an AWS-owned key.',
    remediation:
      'Create a symmetric KMS key whose policy lets the agent service role use it, then set it on the agent (UpdateAgent customerEncryptionKeyArn, Terraform aws_bedrockagent_agent customer_encryption_key_arn, or CloudFormation AWS::Bedrock::Agent CustomerEncryptionKeyArn) and prepare the agent.',
    references: ['Checkov CKV_AWS_373', 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-agents.html'],
    differences:
      'Checkov accepts any value, including an unresolved reference; we treat an empty string as no key, and an agent whose GetAgent read failed (or whose IaC value could not be resolved) as unknown rather than fail.',
  },
  check(context) {
    return [
      ...context.resources('aws.bedrock.agent').map((entry) => {
        const label = `Bedrock agent ${entry.name ?? entry.agentId}${entry.region ? ` in ${entry.region}` : ''}`;
        if (entry.unreadable !== undefined || entry.customerEncryptionKeyArn === undefined) return unreadableResource(entry, 'the encryption key');
        const expected = { customerEncryptionKeyArn: 'a KMS key ARN' };
        const key = entry.customerEncryptionKeyArn;
        if (key === null || key.trim() === '') {
          return verdictOn(
            entry,
            'fail',
            `${label} has no customer-managed KMS key (customerEncryptionKeyArn is not set): its data is encrypted with an AWS-owned key.`,
            {
              observed: { customerEncryptionKeyArn: key },
              expected,
            },
          );
        }
        return verdictOn(entry, 'pass', `${label} is encrypted with customer-managed KMS key ${key}.`, {
          observed: { customerEncryptionKeyArn: key },
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.agent', 'Bedrock agents'),
    ];
  },
  cases: [
    { name: 'no agents: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'agent with a KMS key passes (Checkov: CustomerEncryptionKeyArn literal ARN)',
      inventory: awsInventory({ resources: [agent()] }),
      expect: [{ resource: agent().id, status: 'pass', message: /key\/agent-key/ }],
    },
    {
      name: 'agent without a key fails (Checkov: only AgentName / agent_name)',
      inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: null })] }),
      expect: [{ resource: agent().id, status: 'fail', message: /AGENT00001 in us-east-1 has no customer-managed KMS key/ }],
    },
    {
      name: 'empty key ARN fails',
      inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: '' })] }),
      expect: [{ resource: agent().id, status: 'fail' }],
    },
    {
      name: 'GetAgent not read (key undefined) is unknown',
      inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: undefined })] }),
      expect: [{ resource: agent().id, status: 'unknown', message: /encryption key/ }],
    },
    {
      name: 'unreadable agent is unknown even if a key value is present',
      inventory: awsInventory({ resources: [agent({ unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: agent().id, status: 'unknown' }],
    },
    {
      name: 'denied ListAgents is unknown for that region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.agent', region: 'us-east-1', status: 'error' }] }),
      expect: [{ resource: '111122223333/us-east-1/aws.bedrock.agent/unknown', status: 'unknown', message: /error/ }],
    },
  ],
};
