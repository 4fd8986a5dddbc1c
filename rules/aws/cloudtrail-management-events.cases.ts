import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, guardrail, regionActivity, trail } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'logging multi-region trail with all management events passes',
    inventory: awsInventory({ resources: [guardrail(), trail()] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'pass', reason: 'management-events-recorded' }],
  },
  {
    name: 'write-only management events pass; a shadow copy of the same trail counts once',
    inventory: awsInventory({
      resources: [guardrail(), trail({ managementEvents: 'write' }), { ...trail({ managementEvents: 'write' }), region: 'eu-west-1' }],
    }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'pass', reason: 'management-events-recorded' }],
  },
  {
    name: 'no trail at all fails',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'fail', reason: 'no-trail' }],
  },
  {
    name: 'every trail disqualified fails and says why for each',
    inventory: awsInventory({
      resources: [
        guardrail(),
        trail({ name: 'stopped', isLogging: false }),
        trail({ name: 'local', region: 'eu-west-1', isMultiRegion: false }),
        trail({ name: 'reads', managementEvents: 'read' }),
        trail({ name: 'data-only', managementEvents: 'none' }),
      ],
    }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'fail', reason: 'no-qualifying-trail' }],
  },
  {
    name: 'a definite disqualifier decides even when other fields are unreadable',
    inventory: awsInventory({ resources: [guardrail(), trail({ isLogging: false, managementEvents: undefined })] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'fail', reason: 'no-qualifying-trail' }],
  },
  {
    name: 'multi-region trail whose status could not be read is unknown',
    inventory: awsInventory({ resources: [guardrail(), trail({ isLogging: undefined })] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'multi-region trail whose selectors could not be read is unknown',
    inventory: awsInventory({ resources: [guardrail(), trail({ managementEvents: undefined })] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'trail listing denied in one region and no qualifying trail elsewhere is unknown',
    inventory: awsInventory({ resources: [guardrail(), trail({ isLogging: false })], failed: [{ type: 'aws.cloudtrail.trail', region: 'eu-west-1' }] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a qualifying trail passes even though listing failed in another region',
    inventory: awsInventory({ resources: [guardrail(), trail()], failed: [{ type: 'aws.cloudtrail.trail', region: 'eu-west-1' }] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'pass', reason: 'management-events-recorded' }],
  },
  {
    name: 'organisation trail from the management account counts',
    inventory: awsInventory({ resources: [guardrail(), trail({ name: 'org', isOrganizationTrail: true })] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'pass', reason: 'management-events-recorded' }],
  },
  { name: 'account without Bedrock use: no verdict', inventory: awsInventory({ resources: [] }), expect: [] },
  {
    name: 'no trail where Bedrock use cannot be decided is unknown, not fail',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
    expect: [{ resource: 'arn:aws:cloudtrail::111122223333:management-events', status: 'unknown', reason: 'usage-undecided' }],
  },
];
