import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT, alarm, awsInventory, guardrail, regionActivity } from './case-builders.ts';

const NAMESPACE = 'AWS/Bedrock/Guardrails';
const METRIC = 'InvocationsIntervened';
const subjectFor = (region: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:guardrail-intervention-alarm`;

export const cases: readonly RuleCase[] = [
  {
    name: 'an enabled alarm with an action on InvocationsIntervened passes',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm()] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'pass', reason: 'intervention-alarm-active' }],
  },
  {
    name: 'a metric-math alarm that includes the metric passes',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [
        guardrail(),
        alarm({
          name: 'intervention-rate',
          alarmActionCount: 2,
          metrics: [
            { namespace: NAMESPACE, metricName: 'Invocations' },
            { namespace: NAMESPACE, metricName: METRIC },
          ],
        }),
      ],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'pass', reason: 'intervention-alarm-active' }],
  },
  {
    name: 'no alarm fails',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'no-intervention-alarm' }],
  },
  {
    name: 'alarms on other metrics or other namespaces do not count',
    inventory: awsInventory({
      regions: ['us-east-1'],
      resources: [
        guardrail(),
        alarm({ name: 'errors', metrics: [{ namespace: NAMESPACE, metricName: 'InvocationServerErrors' }] }),
        alarm({ name: 'model', metrics: [{ namespace: 'AWS/Bedrock', metricName: METRIC }] }),
      ],
    }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'no-intervention-alarm' }],
  },
  {
    name: 'an alarm with actions disabled fails and is named',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ actionsEnabled: false })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'intervention-alarm-notifies-no-one' }],
  },
  {
    name: 'an alarm with no actions fails and is named',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ alarmActionCount: 0 })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'intervention-alarm-notifies-no-one' }],
  },
  {
    name: 'an alarm in another region does not cover this one',
    inventory: awsInventory({ resources: [guardrail(), guardrail({ region: 'eu-west-1' }), alarm()] }),
    expect: [
      { resource: subjectFor('us-east-1'), status: 'pass', reason: 'intervention-alarm-active' },
      { resource: subjectFor('eu-west-1'), status: 'fail', reason: 'no-intervention-alarm' },
    ],
  },
  {
    name: 'composite alarms are ignored',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ alarmType: 'CompositeAlarm' })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'fail', reason: 'no-intervention-alarm' }],
  },
  {
    name: 'an unreadable alarm that may watch the metric is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ name: 'opaque', metrics: [], unreadable: 'ThrottlingException' })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied DescribeAlarms in a used region is unknown',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.cloudwatch.alarm', region: 'us-east-1' }] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'no alarm where Bedrock use cannot be decided is unknown, not fail',
    inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
    expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', reason: 'usage-undecided' }],
  },
  { name: 'unused region: no verdict', inventory: awsInventory({ regions: ['us-east-1'] }), expect: [] },
];
