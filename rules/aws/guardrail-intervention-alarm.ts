import type { AwsAlarm } from '../../src/model/aws.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { checkUsedRegions } from './regions.ts';

const NAMESPACE = 'AWS/Bedrock/Guardrails';
const METRIC = 'InvocationsIntervened';

const alarmName = (entry: AwsAlarm) => entry.name ?? entry.arn;
const watchesInterventions = (entry: AwsAlarm) => entry.metrics.some((metric) => metric.namespace === NAMESPACE && metric.metricName === METRIC);

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
      const alarms = context.resourcesIn('aws.cloudwatch.alarm', scope.id, region);
      const watching = alarms
        .filter((entry) => entry.alarmType === 'MetricAlarm' && watchesInterventions(entry))
        .sort((a, b) => alarmName(a).localeCompare(alarmName(b)));
      const expected = { namespace: NAMESPACE, metricName: METRIC, actionsEnabled: true, alarmActionCount: '>= 1' };
      const observed = watching.map((entry) => ({ alarm: entry.arn, actionsEnabled: entry.actionsEnabled, alarmActionCount: entry.alarmActionCount }));
      const effective = watching.filter((entry) => entry.unreadable === undefined && entry.actionsEnabled && entry.alarmActionCount > 0);
      if (effective.length > 0) {
        return {
          status: 'pass',
          reason: 'intervention-alarm-active',
          message: `Guardrail interventions in ${region} are alarmed by ${effective.map((entry) => `${alarmName(entry)} (${entry.alarmActionCount} action${entry.alarmActionCount > 1 ? 's' : ''})`).join(', ')}.`,
          observed,
          expected,
        };
      }
      const listing = context.listing('aws.cloudwatch.alarm', scope, region);
      // An unreadable metric alarm may watch the metric even if none was recorded for it.
      const unreadable = alarms
        .filter((entry) => entry.alarmType === 'MetricAlarm' && entry.unreadable !== undefined)
        .filter((entry) => watchesInterventions(entry) || entry.metrics.length === 0);
      if (listing !== 'ok' || unreadable.length > 0) {
        const gaps = [
          ...(listing !== 'ok' ? [`CloudWatch alarms in ${region} could not be listed (${listing ?? 'not read'})`] : []),
          ...unreadable.map((entry) => `alarm ${alarmName(entry)} could not be read (${entry.unreadable})`),
        ];
        return {
          status: 'unknown',
          reason: listing !== 'ok' ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
          message: `Whether guardrail interventions are alarmed in ${region} could not be decided: ${gaps.join('; ')}.`,
          observed,
          expected,
        };
      }
      if (watching.length === 0) {
        return {
          status: 'fail',
          reason: 'no-intervention-alarm',
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
        reason: 'intervention-alarm-notifies-no-one',
        message: `The CloudWatch alarms on ${NAMESPACE} ${METRIC} in ${region} notify no one: ${reasons.join('; ')}.`,
        observed,
        expected,
      };
    });
  },
};
