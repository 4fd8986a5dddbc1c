import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, guardrail, invocationLogging, regionActivity } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'CloudWatch destination with text passes',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [invocationLogging()] }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:model-invocation-logging', status: 'pass', reason: 'logging-enabled' }],
  },
  {
    name: 'S3 only passes',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [invocationLogging({ cloudWatchLogGroup: null, s3Bucket: 'testconfigbucket' })] }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:model-invocation-logging', status: 'pass', reason: 'logging-enabled' }],
  },
  {
    name: 'used region without logging fails; unused region gets no verdict',
    inventory: awsInventory({
      resources: [
        guardrail(),
        invocationLogging({ configured: false, cloudWatchLogGroup: null, s3Bucket: null, textDataDeliveryEnabled: null }),
        invocationLogging({
          region: 'eu-west-1',
          id: 'arn:aws:bedrock:eu-west-1:111122223333:model-invocation-logging',
          configured: false,
          cloudWatchLogGroup: null,
          s3Bucket: null,
          textDataDeliveryEnabled: null,
        }),
        regionActivity({ region: 'eu-west-1', id: 'arn:aws:bedrock:eu-west-1:111122223333:activity' }),
      ],
    }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:model-invocation-logging', status: 'fail', reason: 'logging-disabled' }],
  },
  {
    name: 'text delivery off fails',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [invocationLogging({ textDataDeliveryEnabled: false })] }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:model-invocation-logging', status: 'fail', reason: 'text-delivery-off' }],
  },
  {
    name: 'denied read in a used region is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.bedrock.invocation-logging', region: 'us-east-1' }] }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:model-invocation-logging', status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'no logging where usage cannot be decided (metrics denied) is unknown, not fail',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [
        invocationLogging({ configured: false, cloudWatchLogGroup: null, s3Bucket: null, textDataDeliveryEnabled: null }),
        regionActivity({ bedrockMetricNames: undefined }),
      ],
    }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:model-invocation-logging', status: 'unknown', reason: 'usage-undecided' }],
  },
];
