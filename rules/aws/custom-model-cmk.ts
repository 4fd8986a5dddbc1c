import type { AwsCustomModel } from '../../src/model/aws.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

/**
 * Collectors list custom models with isOwned=true; as a second guard, a model whose ARN names
 * another account (shared through AWS RAM) is that account's to encrypt, not this one's.
 */
function ownedByScope(entry: AwsCustomModel): boolean {
  if (entry.scope.type !== 'account') return true;
  const owner = entry.arn.split(':')[4];
  return owner === undefined || owner === '' || owner === entry.scope.id;
}

export const rule: RuleModule = {
  meta: {
    id: 'aws/custom-model-cmk',
    provider: 'aws',
    title: 'Every owned Bedrock custom model is encrypted with a customer-managed KMS key',
    severity: 'low',
    resourceTypes: ['aws.bedrock.custom-model'],
    criteria: ['L3.coverage'],
    description:
      "Checks each custom model the account owns (fine-tuned, continued pre-training, distilled or imported) for modelKmsKeyArn (GetCustomModel), so model weights trained on the organisation's data are encrypted with a key it controls. Models shared from other accounts are not judged.",
    remediation:
      "A custom model's key is fixed when it is created: re-run the customization job (CreateModelCustomizationJob customModelKmsKeyId) or the import (CreateModelImportJob importedModelKmsKeyId) with a customer-managed KMS key, move workloads to the new model and delete the old one.",
    references: ['Prowler bedrock_custom_model_encrypted_with_cmk', 'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-custom-job.html'],
    differences:
      'Prowler rates this critical; we rate it low (the data stays encrypted with an AWS-owned key), adjustable by the policy file per risk tier. Verdicts otherwise match Prowler, with unknown where Prowler reports MANUAL.',
  },
  check(context) {
    return [
      ...context
        .resources('aws.bedrock.custom-model')
        .filter(ownedByScope)
        .map((entry) => {
          const label = `Custom model ${entry.name ?? entry.arn}${entry.region ? ` in ${entry.region}` : ''}`;
          if (entry.unreadable !== undefined || entry.modelKmsKeyArn === undefined) return unreadableResource(entry, 'the model encryption key');
          const expected = { modelKmsKeyArn: 'a KMS key ARN' };
          const key = entry.modelKmsKeyArn;
          if (key === null || key.trim() === '') {
            return verdictOn(entry, 'fail', 'aws-owned-key', `${label} is not encrypted with a customer-managed KMS key (modelKmsKeyArn is not set).`, {
              observed: { modelKmsKeyArn: key },
              expected,
            });
          }
          return verdictOn(entry, 'pass', 'cmk-configured', `${label} is encrypted with customer-managed KMS key ${key}.`, {
            observed: { modelKmsKeyArn: key },
            expected,
          });
        }),
      ...unreadableListings(context, 'aws.bedrock.custom-model', 'custom models'),
    ];
  },
};
