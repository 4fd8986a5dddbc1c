import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

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
            'aws-owned-key',
            `${label} has no customer-managed KMS key (customerEncryptionKeyArn is not set): its data is encrypted with an AWS-owned key.`,
            {
              observed: { customerEncryptionKeyArn: key },
              expected,
            },
          );
        }
        return verdictOn(entry, 'pass', 'cmk-configured', `${label} is encrypted with customer-managed KMS key ${key}.`, {
          observed: { customerEncryptionKeyArn: key },
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.agent', 'Bedrock agents'),
    ];
  },
};
