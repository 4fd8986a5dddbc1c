import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { awsInventory, guardrail } from './case-builders.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

const id = guardrail().id;

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
          return verdictOn(version, 'fail', `${versionLabel(version)} is encrypted with an AWS owned key, not a customer managed KMS key.`, {
            observed: { kmsKeyArn: null },
            expected,
          });
        }
        return verdictOn(version, 'pass', `${versionLabel(version)} is encrypted with KMS key ${version.kmsKeyArn}.`, {
          observed: { kmsKeyArn: version.kmsKeyArn },
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
  cases: [
    { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'guardrail with kmsKeyArn passes',
      inventory: awsInventory({ resources: [guardrail()] }),
      expect: [{ resource: id, status: 'pass', message: /KMS key arn:aws:kms:us-east-1:111122223333:key\// }],
    },
    {
      name: 'guardrail without kmsKeyArn fails',
      inventory: awsInventory({ resources: [guardrail({ kmsKeyArn: null })] }),
      expect: [{ resource: id, status: 'fail', message: /Guardrail gr-strong version 1 is encrypted with an AWS owned key/ }],
    },
    {
      name: 'every evaluated version is judged on its own',
      inventory: awsInventory({ resources: [guardrail(), guardrail({ version: '2', kmsKeyArn: null })] }),
      expect: [
        { resource: id, status: 'pass' },
        { resource: guardrail({ version: '2' }).id, status: 'fail', message: /version 2/ },
      ],
    },
    {
      name: 'key not read is unknown',
      inventory: awsInventory({ resources: [guardrail({ kmsKeyArn: undefined })] }),
      expect: [{ resource: id, status: 'unknown' }],
    },
    {
      name: 'unreadable guardrail version is unknown',
      inventory: awsInventory({ resources: [guardrail({ unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: id, status: 'unknown', message: /AccessDeniedException/ }],
    },
    {
      name: 'denied ListGuardrails in a region is unknown for that region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
      expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown' }],
    },
  ],
};
