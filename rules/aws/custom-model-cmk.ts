import type { AwsCustomModel } from '../../src/model/aws.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { awsInventory, customModel } from './case-builders.ts';

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
            return verdictOn(entry, 'fail', `${label} is not encrypted with a customer-managed KMS key (modelKmsKeyArn is not set).`, {
              observed: { modelKmsKeyArn: key },
              expected,
            });
          }
          return verdictOn(entry, 'pass', `${label} is encrypted with customer-managed KMS key ${key}.`, { observed: { modelKmsKeyArn: key }, expected });
        }),
      ...unreadableListings(context, 'aws.bedrock.custom-model', 'custom models'),
    ];
  },
  cases: [
    { name: 'no custom models: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'modelKmsKeyArn set passes',
      inventory: awsInventory({ resources: [customModel()] }),
      expect: [
        { resource: customModel().id, status: 'pass', message: /test-custom-model in us-east-1 is encrypted with customer-managed KMS key .*model-key/ },
      ],
    },
    {
      name: 'absent key fails',
      inventory: awsInventory({ resources: [customModel({ modelKmsKeyArn: null })] }),
      expect: [{ resource: customModel().id, status: 'fail', message: /modelKmsKeyArn is not set/ }],
    },
    {
      name: 'empty-string key fails',
      inventory: awsInventory({ resources: [customModel({ modelKmsKeyArn: '' })] }),
      expect: [{ resource: customModel().id, status: 'fail' }],
    },
    {
      name: 'GetCustomModel denied is unknown even with a key from elsewhere',
      inventory: awsInventory({ resources: [customModel({ unreadable: 'AccessDeniedException: bedrock:GetCustomModel' })] }),
      expect: [{ resource: customModel().id, status: 'unknown', message: /AccessDeniedException/ }],
    },
    {
      name: 'GetCustomModel not read (key undefined) is unknown',
      inventory: awsInventory({ resources: [customModel({ modelKmsKeyArn: undefined })] }),
      expect: [{ resource: customModel().id, status: 'unknown' }],
    },
    {
      name: 'ListCustomModels denied is one unknown for the region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.custom-model', region: 'us-east-1' }] }),
      expect: [
        { resource: '111122223333/us-east-1/aws.bedrock.custom-model/unknown', status: 'unknown', message: /Could not list custom models in us-east-1/ },
      ],
    },
    {
      name: 'a model shared from another account is not judged',
      inventory: awsInventory({
        resources: [
          customModel({
            id: 'arn:aws:bedrock:us-east-1:999988887777:custom-model/example.base-v1/shared',
            arn: 'arn:aws:bedrock:us-east-1:999988887777:custom-model/example.base-v1/shared',
            name: 'shared',
            modelKmsKeyArn: null,
          }),
        ],
      }),
      expect: [],
    },
    // Prowler's exhaustive matrix: {None, "", key} x {get ok, get failed} x {list ok, list denied}.
    ...(['none', 'empty', 'key'] as const).flatMap((keyState) =>
      (['ok', 'failed'] as const).flatMap((getState) =>
        (['ok', 'denied'] as const).map((listState) => {
          const modelKmsKeyArn = getState === 'failed' ? undefined : keyState === 'none' ? null : keyState === 'empty' ? '' : customModel().modelKmsKeyArn;
          const model = customModel({ modelKmsKeyArn, ...(getState === 'failed' ? { unreadable: 'AccessDeniedException' } : {}) });
          const status = getState === 'failed' ? ('unknown' as const) : keyState === 'key' ? ('pass' as const) : ('fail' as const);
          return {
            name: `matrix: key ${keyState}, GetCustomModel ${getState}, ListCustomModels ${listState}`,
            inventory: awsInventory({
              resources: listState === 'ok' ? [model] : [],
              failed: listState === 'denied' ? [{ type: 'aws.bedrock.custom-model' as const, region: 'us-east-1' }] : [],
            }),
            expect:
              listState === 'denied'
                ? [{ resource: '111122223333/us-east-1/aws.bedrock.custom-model/unknown', status: 'unknown' as const }]
                : [{ resource: model.id, status }],
          };
        }),
      ),
    ),
  ],
};
