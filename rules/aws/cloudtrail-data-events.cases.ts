import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT, awsInventory, guardrail, regionActivity, trail } from './case-builders.ts';

const subjectFor = (region: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:cloudtrail-data-events`;

export const cases: readonly RuleCase[] = [
  {
    name: 'a logging multi-region trail with all four types passes',
    inventory: awsInventory({ resources: [guardrail(), trail()] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'pass', reason: 'data-events-recorded' }],
  },
  {
    name: 'types split across two trails pass; a trail homed elsewhere and single-region does not count',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [
        guardrail(),
        trail({ name: 'runtime', dataEventResourceTypes: ['AWS::Bedrock::Model', 'AWS::Bedrock::Guardrail', 'AWS::S3::Object'] }),
        trail({ name: 'agents', isMultiRegion: false, dataEventResourceTypes: ['AWS::Bedrock::AgentAlias', 'AWS::Bedrock::KnowledgeBase'] }),
        trail({ name: 'eu-only', region: 'eu-west-1', isMultiRegion: false }),
      ],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'pass', reason: 'data-events-recorded' }],
  },
  {
    name: 'missing types fail and are named',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [guardrail(), trail({ dataEventResourceTypes: ['AWS::Bedrock::Model', 'AWS::S3::Object'] })],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'data-events-not-recorded' }],
  },
  {
    name: 'a trail that is not logging does not count',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), trail({ isLogging: false })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'data-events-not-recorded' }],
  },
  {
    name: 'only a single-region trail homed in another region: fails in the used region',
    inventory: awsInventory({ regions: ['us-east-1', 'eu-west-1'], resources: [guardrail(), trail({ region: 'eu-west-1', isMultiRegion: false })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'no-covering-trail' }],
  },
  {
    name: 'unused regions get no verdict; each used region is judged',
    inventory: awsInventory({
      regions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
      resources: [guardrail(), guardrail({ region: 'eu-west-1' }), trail({ region: 'eu-west-1', isMultiRegion: false, dataEventResourceTypes: [] })],
    }),
    expect: [
      { resource: subjectFor('us-east-1'), status: 'fail', reason: 'no-covering-trail' },
      { resource: subjectFor('eu-west-1'), status: 'fail', reason: 'data-events-not-recorded' },
    ],
  },
  {
    name: 'unreadable selectors on a trail that might cover the gap are unknown',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [guardrail(), trail({ name: 'a', dataEventResourceTypes: ['AWS::Bedrock::Model'] }), trail({ name: 'b', dataEventResourceTypes: undefined })],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'unreadable logging status is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), trail({ isLogging: undefined })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied trail listing in a used region is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.cloudtrail.trail', region: 'us-east-1' }] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'no trail where Bedrock use cannot be decided is unknown, not fail',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'usage-undecided' }],
  },
];
