import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { checkUsedRegions } from './regions.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/invocation-logging',
    provider: 'aws',
    title: 'Every region that uses Bedrock logs model invocations with text data',
    severity: 'medium',
    resourceTypes: ['aws.bedrock.invocation-logging'],
    criteria: ['L2.logging', 'L3.coverage'],
    description:
      'In each region with Bedrock activity, model invocation logging must deliver to CloudWatch Logs or S3 with text data delivery on, so prompts and completions reach the SIEM.',
    remediation:
      'In the Bedrock console (Settings > Model invocation logging) or with PutModelInvocationLoggingConfiguration, enable logging to a CloudWatch log group or S3 bucket with "Text" data delivery, in every region where Bedrock is used.',
    references: ['Prowler bedrock_model_invocation_logging_enabled', 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html'],
    differences:
      'Prowler fails every region without logging; we only judge regions where Bedrock is used, and we also require text data delivery (a configuration that delivers only images or embeddings does not capture prompts).',
  },
  check(context) {
    return checkUsedRegions(context, 'model-invocation-logging', 'bedrock:GetModelInvocationLoggingConfiguration', ({ scope, region }) => {
      const status = context.listing('aws.bedrock.invocation-logging', scope, region);
      const config = context.resourcesIn('aws.bedrock.invocation-logging', scope.id, region).at(0);
      if (status !== 'ok' || !config)
        return {
          status: 'unknown',
          reason: commonReasons.listingUnreadable,
          message: `Model invocation logging in ${region} could not be read (${status ?? 'not read'}).`,
        };
      const expected = { destination: 'CloudWatch Logs or S3', textDataDeliveryEnabled: true };
      const observed = { cloudWatchLogGroup: config.cloudWatchLogGroup, s3Bucket: config.s3Bucket, textDataDeliveryEnabled: config.textDataDeliveryEnabled };
      if (!config.configured || (!config.cloudWatchLogGroup && !config.s3Bucket))
        return { status: 'fail', reason: 'logging-disabled', message: `Bedrock model invocation logging is disabled in ${region}.`, observed, expected };
      const destinations = [
        config.cloudWatchLogGroup && `CloudWatch Log Group: ${config.cloudWatchLogGroup}`,
        config.s3Bucket && `S3 Bucket: ${config.s3Bucket}`,
      ]
        .filter(Boolean)
        .join(' and ');
      if (config.textDataDeliveryEnabled === false)
        return {
          status: 'fail',
          reason: 'text-delivery-off',
          message: `Bedrock model invocation logging in ${region} delivers to ${destinations} but text data delivery is off.`,
          observed,
          expected,
        };
      return {
        status: 'pass',
        reason: 'logging-enabled',
        message: `Bedrock model invocation logging is enabled in ${region} in ${destinations}.`,
        observed,
        expected,
      };
    });
  },
};
