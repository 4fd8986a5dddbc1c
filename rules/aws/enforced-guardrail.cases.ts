import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { agent, allContentFilters, awsInventory, contentFilter, enforcedGuardrail, guardrail, orgPolicy, regionActivity } from './case-builders.ts';

const usEast = 'arn:aws:bedrock:us-east-1:111122223333:enforced-guardrail';
const euWest = 'arn:aws:bedrock:eu-west-1:111122223333:enforced-guardrail';
const strongArn = 'arn:aws:bedrock:us-east-1:111122223333:guardrail/gr-strong';

/** A weak guardrail version: PROMPT_ATTACK LOW and HATE output LOW. */
const weak = guardrail({
  guardrailId: 'gr-weak',
  contentPolicy: {
    tier: 'STANDARD',
    filters: [
      ...allContentFilters('high').filter((filter) => filter.type !== 'PROMPT_ATTACK' && filter.type !== 'HATE'),
      contentFilter('PROMPT_ATTACK', 'low'),
      contentFilter('HATE', 'high', { output: { enabled: true, action: 'BLOCK', strength: 'low' } }),
    ],
  },
});
const weakReference = { identifier: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/gr-weak', version: '1' };

export const cases: readonly RuleCase[] = [
  { name: 'no Bedrock use: no verdicts', inventory: awsInventory({ resources: [enforcedGuardrail()] }), expect: [] },
  {
    name: 'account-level configuration on all models with a guardrail meeting the baseline passes',
    inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail()] }),
    expect: [{ resource: usEast, status: 'pass', reason: 'enforced-meets-baseline' }],
  },
  {
    name: 'a configuration naming the guardrail by id matches the version in the same region',
    inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ guardrail: { identifier: 'gr-strong', version: '1' } })] }),
    expect: [{ resource: usEast, status: 'pass', reason: 'enforced-meets-baseline' }],
  },
  {
    name: 'used region without any enforcement fails; unused region gets no verdict',
    inventory: awsInventory({ resources: [guardrail(), orgPolicy({ present: false })] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'no-enforced-guardrail' }],
  },
  {
    name: 'a configuration restricted to some models does not count',
    inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ includedModels: ['anthropic.claude-3-haiku-20240307-v1:0'] })] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'no-enforced-guardrail' }],
  },
  {
    name: 'a configuration excluding models does not count',
    inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ excludedModels: ['amazon.titan-text-express-v1'] })] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'no-enforced-guardrail' }],
  },
  {
    name: 'organisation BEDROCK_POLICY assigning the guardrail in the region passes',
    inventory: awsInventory({
      resources: [
        guardrail(),
        orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: `${strongArn}:1`, version: null } }] }),
      ],
    }),
    expect: [{ resource: usEast, status: 'pass', reason: 'enforced-meets-baseline' }],
  },
  {
    name: 'organisation policy covering another region only: the used region fails and says so',
    inventory: awsInventory({
      resources: [
        guardrail(),
        regionActivity({ region: 'eu-west-1', id: 'arn:aws:bedrock:eu-west-1:111122223333:activity', bedrockMetricNames: ['Invocations'] }),
        orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: strongArn, version: '1' } }] }),
      ],
    }),
    expect: [
      { resource: usEast, status: 'pass', reason: 'enforced-meets-baseline' },
      { resource: euWest, status: 'fail', reason: 'no-enforced-guardrail' },
    ],
  },
  {
    name: 'an enforced guardrail below the baseline fails and names category, direction and strength',
    inventory: awsInventory({ resources: [weak, enforcedGuardrail({ guardrail: weakReference })] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'enforced-below-baseline' }],
  },
  {
    name: 'an enforced guardrail without a content policy fails',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: null }), enforcedGuardrail()] }),
    expect: [{ resource: usEast, status: 'fail', reason: 'enforced-below-baseline' }],
  },
  {
    name: 'a weak account-level configuration is outweighed by an organisation policy meeting the baseline',
    inventory: awsInventory({
      resources: [
        weak,
        guardrail(),
        enforcedGuardrail({ guardrail: weakReference }),
        orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: strongArn, version: '1' } }] }),
      ],
    }),
    expect: [{ resource: usEast, status: 'pass', reason: 'enforced-meets-baseline' }],
  },
  {
    name: 'the enforced version missing from the inventory is unknown',
    inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ guardrail: { identifier: strongArn, version: '2' } })] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'enforced-version-not-collected' }],
  },
  {
    name: 'an enforcement that names no guardrail version is unknown',
    inventory: awsInventory({
      resources: [guardrail(), orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: strongArn, version: null } }] })],
    }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'enforced-version-unspecified' }],
  },
  {
    name: 'the enforced version unreadable is unknown',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' }), enforcedGuardrail()] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied enforced-configuration listing with no other enforcement is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.bedrock.enforced-guardrail', region: 'us-east-1' }] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'denied organisation policy read with no other enforcement is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [agent()], failed: [{ type: 'aws.organizations.bedrock-policy', region: null }] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a weak configuration while the organisation policy is unreadable is unknown and reports what is known',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [weak, enforcedGuardrail({ guardrail: weakReference })],
      failed: [{ type: 'aws.organizations.bedrock-policy', region: null }],
    }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'denied organisation policy read does not matter when the account enforces a guardrail meeting the baseline',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [guardrail(), enforcedGuardrail()],
      failed: [{ type: 'aws.organizations.bedrock-policy', region: null }],
    }),
    expect: [{ resource: usEast, status: 'pass', reason: 'enforced-meets-baseline' }],
  },
  {
    name: 'no enforcement where Bedrock use cannot be decided is unknown, not fail',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
    expect: [{ resource: usEast, status: 'unknown', reason: 'usage-undecided' }],
  },
];
