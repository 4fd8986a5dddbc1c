import type { AwsAlarm } from '../../src/model/aws.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { ACCOUNT, alarm, awsInventory, guardrail, regionActivity } from './case-builders.ts';
import { checkUsedRegions } from './regions.ts';

const NAMESPACE = 'AWS/Bedrock/Guardrails';
const METRIC = 'InvocationsIntervened';

const alarmName = (entry: AwsAlarm) => entry.name ?? entry.arn;
const watchesInterventions = (entry: AwsAlarm) => entry.metrics.some((metric) => metric.namespace === NAMESPACE && metric.metricName === METRIC);
const subjectFor = (region: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:guardrail-intervention-alarm`;

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-intervention-alarm',
    provider: 'aws',
    title: 'Every region that uses Bedrock has an enabled CloudWatch alarm with actions on guardrail interventions',
    severity: 'medium',
    resourceTypes: ['aws.cloudwatch.alarm'],
    criteria: ['L4.effectiveness-metrics', 'L3.coverage'],
    description: `Guardrail activations are measured by the ${NAMESPACE} metric ${METRIC}. In each region with Bedrock activity, at least one CloudWatch metric alarm in that region must watch it (directly or through a metric-math expression), have actions enabled and at least one alarm action, so that a spike in blocked prompts or responses reaches someone. Composite alarms do not watch metrics themselves and are not counted.`,
    remediation: `Create a CloudWatch alarm in each used region on namespace ${NAMESPACE}, metric ${METRIC} (statistic Sum, optionally per GuardrailArn/GuardrailVersion), with an SNS topic or other alarm action, and keep its actions enabled (aws cloudwatch put-metric-alarm --actions-enabled --alarm-actions <topic-arn>).`,
    references: [
      'Prowler #12614 (planned)',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html',
    ],
  },
  check(context) {
    return checkUsedRegions(context, 'guardrail-intervention-alarm', 'cloudwatch:DescribeAlarms', ({ scope, region }) => {
      const watching = context
        .resources('aws.cloudwatch.alarm')
        .filter((entry) => entry.scope.id === scope.id && entry.region === region && entry.alarmType === 'MetricAlarm' && watchesInterventions(entry))
        .sort((a, b) => alarmName(a).localeCompare(alarmName(b)));
      const expected = { namespace: NAMESPACE, metricName: METRIC, actionsEnabled: true, alarmActionCount: '>= 1' };
      const observed = watching.map((entry) => ({ alarm: entry.arn, actionsEnabled: entry.actionsEnabled, alarmActionCount: entry.alarmActionCount }));
      const effective = watching.filter((entry) => entry.unreadable === undefined && entry.actionsEnabled && entry.alarmActionCount > 0);
      if (effective.length > 0) {
        return {
          status: 'pass',
          message: `Guardrail interventions in ${region} are alarmed by ${effective.map((entry) => `${alarmName(entry)} (${entry.alarmActionCount} action${entry.alarmActionCount > 1 ? 's' : ''})`).join(', ')}.`,
          observed,
          expected,
        };
      }
      const listing = context.listing('aws.cloudwatch.alarm', scope, region);
      // An unreadable metric alarm may watch the metric even if none was recorded for it.
      const unreadable = context
        .resources('aws.cloudwatch.alarm')
        .filter((entry) => entry.scope.id === scope.id && entry.region === region && entry.alarmType === 'MetricAlarm' && entry.unreadable !== undefined)
        .filter((entry) => watchesInterventions(entry) || entry.metrics.length === 0);
      if (listing !== 'ok' || unreadable.length > 0) {
        const gaps = [
          ...(listing !== 'ok' ? [`CloudWatch alarms in ${region} could not be listed (${listing ?? 'not read'})`] : []),
          ...unreadable.map((entry) => `alarm ${alarmName(entry)} could not be read (${entry.unreadable})`),
        ];
        return {
          status: 'unknown',
          message: `Whether guardrail interventions are alarmed in ${region} could not be decided: ${gaps.join('; ')}.`,
          observed,
          expected,
        };
      }
      if (watching.length === 0) {
        return {
          status: 'fail',
          message: `No CloudWatch alarm in ${region} watches ${NAMESPACE} ${METRIC}: guardrail interventions there alert no one.`,
          observed,
          expected,
        };
      }
      const reasons = watching.map((entry) => {
        const defects = [...(entry.actionsEnabled ? [] : ['has actions disabled']), ...(entry.alarmActionCount > 0 ? [] : ['has no alarm actions'])];
        return `${alarmName(entry)} ${defects.join(' and ')}`;
      });
      return {
        status: 'fail',
        message: `The CloudWatch alarms on ${NAMESPACE} ${METRIC} in ${region} notify no one: ${reasons.join('; ')}.`,
        observed,
        expected,
      };
    });
  },
  cases: [
    {
      name: 'an enabled alarm with an action on InvocationsIntervened passes',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm()] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'pass', message: /guardrail-interventions \(1 action\)/ }],
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
      expect: [{ resource: subjectFor('us-east-1'), status: 'pass', message: /intervention-rate \(2 actions\)/ }],
    },
    {
      name: 'no alarm fails',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()] }),
      expect: [
        {
          resource: subjectFor('us-east-1'),
          status: 'fail',
          message: /No CloudWatch alarm in us-east-1 watches AWS\/Bedrock\/Guardrails InvocationsIntervened/,
        },
      ],
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
      expect: [{ resource: subjectFor('us-east-1'), status: 'fail', message: /No CloudWatch alarm/ }],
    },
    {
      name: 'an alarm with actions disabled fails and is named',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ actionsEnabled: false })] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'fail', message: /guardrail-interventions has actions disabled/ }],
    },
    {
      name: 'an alarm with no actions fails and is named',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ alarmActionCount: 0 })] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'fail', message: /guardrail-interventions has no alarm actions/ }],
    },
    {
      name: 'an alarm in another region does not cover this one',
      inventory: awsInventory({ resources: [guardrail(), guardrail({ region: 'eu-west-1' }), alarm()] }),
      expect: [
        { resource: subjectFor('us-east-1'), status: 'pass' },
        { resource: subjectFor('eu-west-1'), status: 'fail', message: /in eu-west-1/ },
      ],
    },
    {
      name: 'composite alarms are ignored',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ alarmType: 'CompositeAlarm' })] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'fail' }],
    },
    {
      name: 'an unreadable alarm that may watch the metric is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), alarm({ name: 'opaque', metrics: [], unreadable: 'ThrottlingException' })] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', message: /alarm opaque could not be read \(ThrottlingException\)/ }],
    },
    {
      name: 'denied DescribeAlarms in a used region is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.cloudwatch.alarm', region: 'us-east-1' }] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', message: /could not be listed \(denied\)/ }],
    },
    {
      name: 'no alarm where Bedrock use cannot be decided is unknown, not fail',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
      expect: [{ resource: subjectFor('us-east-1'), status: 'unknown', message: /could not be decided/ }],
    },
    { name: 'unused region: no verdict', inventory: awsInventory({ regions: ['us-east-1'] }), expect: [] },
  ],
};
