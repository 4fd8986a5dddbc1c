import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-cmk',
    provider: 'aws',
    title: 'Guardrails are encrypted with a customer managed KMS key',
    severity: 'low',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each evaluated guardrail version has a kmsKeyArn. Without one the guardrail (its denied topics, word lists, regexes and blocked messages) is encrypted with an AWS owned key the organisation cannot audit, rotate or revoke.',
    remediation:
      'Create or update the guardrail with a customer managed KMS key (kmsKeyId in CreateGuardrail/UpdateGuardrail, KmsKeyArn in AWS::Bedrock::Guardrail), grant the Bedrock service the key permissions it needs, then publish a new version.',
    references: ['https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-kms.html'],
  },
  check(context) {
    const expected = { kmsKeyArn: 'a customer managed KMS key ARN' };
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.unreadable !== undefined || version.kmsKeyArn === undefined) return unreadableVersion(version, 'the encryption key');
        if (version.kmsKeyArn === null || version.kmsKeyArn === '') {
          return verdictOn(version, 'fail', 'aws-owned-key', `${versionLabel(version)} is encrypted with an AWS owned key, not a customer managed KMS key.`, {
            observed: { kmsKeyArn: null },
            expected,
          });
        }
        return verdictOn(version, 'pass', 'cmk-configured', `${versionLabel(version)} is encrypted with KMS key ${version.kmsKeyArn}.`, {
          observed: { kmsKeyArn: version.kmsKeyArn },
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
