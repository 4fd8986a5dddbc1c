import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, customModel } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no custom models: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'modelKmsKeyArn set passes',
    inventory: awsInventory({ resources: [customModel()] }),
    expect: [{ resource: customModel().id, status: 'pass', reason: 'cmk-configured' }],
  },
  {
    name: 'absent key fails',
    inventory: awsInventory({ resources: [customModel({ modelKmsKeyArn: null })] }),
    expect: [{ resource: customModel().id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'empty-string key fails',
    inventory: awsInventory({ resources: [customModel({ modelKmsKeyArn: '' })] }),
    expect: [{ resource: customModel().id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'GetCustomModel denied is unknown even with a key from elsewhere',
    inventory: awsInventory({ resources: [customModel({ unreadable: 'AccessDeniedException: bedrock:GetCustomModel' })] }),
    expect: [{ resource: customModel().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'GetCustomModel not read (key undefined) is unknown',
    inventory: awsInventory({ resources: [customModel({ modelKmsKeyArn: undefined })] }),
    expect: [{ resource: customModel().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'ListCustomModels denied is one unknown for the region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.custom-model', region: 'us-east-1' }] }),
    expect: [{ resource: '111122223333/us-east-1/aws.bedrock.custom-model/unknown', status: 'unknown', reason: 'listing-unreadable' }],
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
        const reason = getState === 'failed' ? 'resource-unreadable' : keyState === 'key' ? 'cmk-configured' : 'aws-owned-key';
        return {
          name: `matrix: key ${keyState}, GetCustomModel ${getState}, ListCustomModels ${listState}`,
          inventory: awsInventory({
            resources: listState === 'ok' ? [model] : [],
            failed: listState === 'denied' ? [{ type: 'aws.bedrock.custom-model' as const, region: 'us-east-1' }] : [],
          }),
          expect:
            listState === 'denied'
              ? [{ resource: '111122223333/us-east-1/aws.bedrock.custom-model/unknown', status: 'unknown' as const, reason: 'listing-unreadable' }]
              : [{ resource: model.id, status, reason }],
        };
      }),
    ),
  ),
];
