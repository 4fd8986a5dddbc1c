import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT, awsInventory, configRecorder, guardrail, regionActivity } from './case-builders.ts';

const GUARDRAIL_TYPE = 'AWS::Bedrock::Guardrail';
const subjectFor = (region: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:config-recording`;

export const cases: readonly RuleCase[] = [
  {
    name: 'a recording all-supported recorder passes',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), configRecorder()] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'pass', reason: 'guardrail-type-recorded' }],
  },
  {
    name: 'a recorder listing the guardrail type passes',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [guardrail(), configRecorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket', GUARDRAIL_TYPE] })],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'pass', reason: 'guardrail-type-recorded' }],
  },
  {
    name: 'no recorder fails',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'no-recorder' }],
  },
  {
    name: 'a stopped recorder fails',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), configRecorder({ recording: false })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'guardrail-type-not-recorded' }],
  },
  {
    name: 'all supported but the guardrail type excluded fails',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), configRecorder({ exclusionResourceTypes: [GUARDRAIL_TYPE] })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'guardrail-type-not-recorded' }],
  },
  {
    name: 'an explicit list without the guardrail type fails',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [guardrail(), configRecorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket'] })],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'guardrail-type-not-recorded' }],
  },
  {
    name: 'a recorder in another region does not cover this one',
    inventory: awsInventory({ resources: [guardrail({ region: 'eu-west-1' }), configRecorder()] }),
    expect: [{ resource: subjectFor('eu-west-1'), status: 'fail', reason: 'no-recorder' }],
  },
  {
    name: 'recording status unreadable is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), configRecorder({ recording: undefined })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a definite defect is not masked by an unreadable status',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [guardrail(), configRecorder({ recording: undefined, exclusionResourceTypes: [GUARDRAIL_TYPE] })],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'guardrail-type-not-recorded' }],
  },
  {
    name: 'denied recorder listing in a used region is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.config.recorder', region: 'us-east-1' }] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'no recorder where Bedrock use cannot be decided is unknown, not fail',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'usage-undecided' }],
  },
];
