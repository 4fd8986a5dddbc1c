import type { AwsConfigRecorder } from '../../src/model/aws.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { checkUsedRegions } from './regions.ts';

const GUARDRAIL_TYPE = 'AWS::Bedrock::Guardrail';

const recorderName = (entry: AwsConfigRecorder) => entry.name ?? entry.id;

/** Why the recorder's recording group leaves guardrails out, or null when it includes them. */
function scopeGap(entry: AwsConfigRecorder): string | null {
  if (entry.allSupported) {
    return entry.exclusionResourceTypes.includes(GUARDRAIL_TYPE) ? `records all supported types but excludes ${GUARDRAIL_TYPE}` : null;
  }
  if (entry.resourceTypes.includes(GUARDRAIL_TYPE)) return null;
  if (entry.exclusionResourceTypes.length > 0)
    return `excludes ${entry.exclusionResourceTypes.length} listed type(s) without recording all supported types, so it does not record ${GUARDRAIL_TYPE}`;
  return entry.resourceTypes.length > 0 ? `records only ${entry.resourceTypes.length} listed type(s), not ${GUARDRAIL_TYPE}` : 'records no resource types';
}

export const rule: RuleModule = {
  meta: {
    id: 'aws/config-recording',
    provider: 'aws',
    title: 'AWS Config records AWS::Bedrock::Guardrail in every region that uses Bedrock',
    severity: 'low',
    resourceTypes: ['aws.config.recorder'],
    criteria: ['L3.drift-detection'],
    description: `Drift in guardrail configuration (a weakened filter, a deleted guardrail) is detected when AWS Config records ${GUARDRAIL_TYPE}. In each region with Bedrock activity, a configuration recorder must be recording and its recording group must include the type: all supported types without excluding it, or the type listed explicitly.`,
    remediation: `In each used region, create or start a configuration recorder (aws configservice put-configuration-recorder, put-delivery-channel, start-configuration-recorder) whose recording group records all supported resource types, or lists ${GUARDRAIL_TYPE}, and does not exclude it.`,
    references: [
      'https://docs.aws.amazon.com/config/latest/developerguide/resource-config-reference.html',
      'https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html',
      'CIS AWS Foundations Benchmark 3.3 (AWS Config enabled in all regions)',
    ],
  },
  check(context) {
    return checkUsedRegions(context, 'config-recording', 'config:DescribeConfigurationRecorderStatus', ({ scope, region }) => {
      const recorders = [...context.resourcesIn('aws.config.recorder', scope.id, region)].sort((a, b) => recorderName(a).localeCompare(recorderName(b)));
      const expected = { recording: true, records: GUARDRAIL_TYPE };
      const observed = recorders.map((entry) => ({
        recorder: recorderName(entry),
        recording: entry.recording ?? null,
        allSupported: entry.allSupported,
        resourceTypes: entry.resourceTypes,
        exclusionResourceTypes: entry.exclusionResourceTypes,
      }));
      const assessed = recorders.map((entry) => {
        const gap = scopeGap(entry);
        const defects = [...(entry.recording === false ? ['is not recording'] : []), ...(gap ? [gap] : [])];
        const gaps = [
          ...(entry.unreadable !== undefined ? [`its details could not be read (${entry.unreadable})`] : []),
          ...(entry.recording === undefined ? ['its recording status could not be read'] : []),
        ];
        return { entry, defects, gaps };
      });
      const good = assessed.find((item) => item.defects.length === 0 && item.gaps.length === 0);
      if (good) {
        const how = good.entry.allSupported ? `all supported resource types, including ${GUARDRAIL_TYPE}` : `${GUARDRAIL_TYPE} (listed explicitly)`;
        return {
          status: 'pass',
          reason: 'guardrail-type-recorded',
          message: `AWS Config recorder ${recorderName(good.entry)} in ${region} is recording ${how}.`,
          observed,
          expected,
        };
      }
      const listing = context.listing('aws.config.recorder', scope, region);
      const undecided = assessed.filter((item) => item.defects.length === 0 && item.gaps.length > 0);
      if (listing !== 'ok' || undecided.length > 0) {
        const gaps = [
          ...(listing !== 'ok' ? [`configuration recorders in ${region} could not be listed (${listing ?? 'not read'})`] : []),
          ...undecided.map((item) => `for recorder ${recorderName(item.entry)} ${item.gaps.join(' and ')}`),
        ];
        return {
          status: 'unknown',
          reason: listing !== 'ok' ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
          message: `Whether AWS Config records ${GUARDRAIL_TYPE} in ${region} could not be decided: ${gaps.join('; ')}.`,
          observed,
          expected,
        };
      }
      if (recorders.length === 0) {
        return {
          status: 'fail',
          reason: 'no-recorder',
          message: `AWS Config has no configuration recorder in ${region}: changes to Bedrock guardrails there are not recorded.`,
          observed,
          expected,
        };
      }
      return {
        status: 'fail',
        reason: 'guardrail-type-not-recorded',
        message: `AWS Config does not record ${GUARDRAIL_TYPE} in ${region}: ${assessed.map((item) => `recorder ${recorderName(item.entry)} ${item.defects.join(' and ')}`).join('; ')}.`,
        observed,
        expected,
      };
    });
  },
};
