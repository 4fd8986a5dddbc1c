import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { agent, awsInventory, enforcedGuardrail, orgPolicy } from './case-builders.ts';

const orgArn = 'arn:aws:bedrock:us-east-1:111122223333:guardrail/gr-strong';

export const cases: readonly RuleCase[] = [
  { name: 'nothing references a guardrail: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'agent on version 1 passes',
    inventory: awsInventory({ resources: [agent()] }),
    expect: [{ resource: agent().id, status: 'pass', reason: 'published-version' }],
  },
  {
    name: 'agent on DRAFT fails',
    inventory: awsInventory({ resources: [agent({ guardrail: { identifier: 'gr-strong', version: 'DRAFT' } })] }),
    expect: [{ resource: agent().id, status: 'fail', reason: 'unpublished-version' }],
  },
  {
    name: 'agent guardrail without a version fails',
    inventory: awsInventory({ resources: [agent({ guardrail: { identifier: 'gr-strong', version: null } })] }),
    expect: [{ resource: agent().id, status: 'fail', reason: 'unpublished-version' }],
  },
  {
    name: 'agent without any guardrail gets no verdict (aws/agent-guardrail covers it)',
    inventory: awsInventory({ resources: [agent({ guardrail: null })] }),
    expect: [],
  },
  {
    name: 'unreadable agent is unknown',
    inventory: awsInventory({ resources: [agent({ customerEncryptionKeyArn: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: agent().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'enforced configuration on version 1 passes',
    inventory: awsInventory({ resources: [enforcedGuardrail()] }),
    expect: [{ resource: enforcedGuardrail().id, status: 'pass', reason: 'published-version' }],
  },
  {
    name: 'enforced configuration on DRAFT fails',
    inventory: awsInventory({ resources: [enforcedGuardrail({ guardrail: { identifier: orgArn, version: 'DRAFT' } })] }),
    expect: [{ resource: enforcedGuardrail().id, status: 'fail', reason: 'unpublished-version' }],
  },
  {
    name: 'organisation policy pinning versions passes, also when the version is part of the ARN',
    inventory: awsInventory({
      resources: [
        orgPolicy({
          assignments: [
            { region: 'us-east-1', name: 'config_1', guardrail: { identifier: `${orgArn}:1`, version: null } },
            { region: 'eu-west-1', name: 'config_1', guardrail: { identifier: 'arn:aws:bedrock:eu-west-1:111122223333:guardrail/gr-eu', version: '3' } },
          ],
        }),
      ],
    }),
    expect: [{ resource: orgPolicy().id, status: 'pass', reason: 'published-version' }],
  },
  {
    name: 'organisation policy assignment without a version fails and names it',
    inventory: awsInventory({
      resources: [
        orgPolicy({
          assignments: [
            { region: 'us-east-1', name: 'config_1', guardrail: { identifier: `${orgArn}:1`, version: null } },
            { region: 'eu-west-1', name: 'eu_config', guardrail: { identifier: 'arn:aws:bedrock:eu-west-1:111122223333:guardrail/gr-eu', version: null } },
          ],
        }),
      ],
    }),
    expect: [{ resource: orgPolicy().id, status: 'fail', reason: 'unpublished-version' }],
  },
  {
    name: 'no effective organisation policy gets no verdict',
    inventory: awsInventory({ resources: [orgPolicy({ present: false })] }),
    expect: [],
  },
  {
    name: 'denied enforced-configuration listing is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.enforced-guardrail', region: 'us-east-1' }] }),
    expect: [{ resource: '111122223333/us-east-1/aws.bedrock.enforced-guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'denied agent listing and organisation policy read are unknown',
    inventory: awsInventory({
      failed: [
        { type: 'aws.bedrock.agent', region: 'eu-west-1' },
        { type: 'aws.organizations.bedrock-policy', region: null },
      ],
    }),
    expect: [
      { resource: '111122223333/eu-west-1/aws.bedrock.agent/unknown', status: 'unknown', reason: 'listing-unreadable' },
      { resource: '111122223333/global/aws.organizations.bedrock-policy/unknown', status: 'unknown', reason: 'listing-unreadable' },
    ],
  },
];
