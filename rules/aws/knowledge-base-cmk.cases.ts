import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, dataSource, knowledgeBase } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no knowledge bases: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'knowledge base with zero data sources: no verdict',
    inventory: awsInventory({ resources: [knowledgeBase()] }),
    expect: [],
  },
  {
    name: 'data source with a KMS key passes (resource is <kb-arn>/data-source/<id>)',
    inventory: awsInventory({
      resources: [knowledgeBase({ knowledgeBaseId: 'test-kb-id' }), dataSource({ knowledgeBaseId: 'test-kb-id', dataSourceId: 'test-ds-id' })],
    }),
    expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/test-kb-id/data-source/test-ds-id', status: 'pass', reason: 'cmk-configured' }],
  },
  {
    name: 'absent key fails',
    inventory: awsInventory({ resources: [knowledgeBase(), dataSource({ kmsKeyArn: null })] }),
    expect: [{ resource: dataSource().id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'empty-string key fails',
    inventory: awsInventory({ resources: [knowledgeBase(), dataSource({ kmsKeyArn: '' })] }),
    expect: [{ resource: dataSource().id, status: 'fail', reason: 'aws-owned-key' }],
  },
  {
    name: 'GetDataSource denied is unknown',
    inventory: awsInventory({
      resources: [knowledgeBase(), dataSource({ kmsKeyArn: undefined, unreadable: 'AccessDeniedException: bedrock:GetDataSource' })],
    }),
    expect: [{ resource: dataSource().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'ListDataSources denied for one knowledge base is unknown on that knowledge base',
    inventory: awsInventory({ resources: [knowledgeBase({ unreadable: 'AccessDeniedException: bedrock:ListDataSources' })] }),
    expect: [{ resource: knowledgeBase().id, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'an unreadable knowledge base whose data sources were read is judged by its data sources',
    inventory: awsInventory({ resources: [knowledgeBase({ unreadable: 'AccessDeniedException: bedrock:GetKnowledgeBase' }), dataSource()] }),
    expect: [{ resource: dataSource().id, status: 'pass', reason: 'cmk-configured' }],
  },
  {
    name: 'ListKnowledgeBases denied is one unknown for the region',
    inventory: awsInventory({
      failed: [
        { type: 'aws.bedrock.knowledge-base', region: 'us-east-1' },
        { type: 'aws.bedrock.data-source', region: 'us-east-1' },
      ],
    }),
    expect: [{ resource: '111122223333/us-east-1/aws.bedrock.knowledge-base/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'data-source listing failed in a region is unknown for that region',
    inventory: awsInventory({
      resources: [knowledgeBase(), dataSource()],
      failed: [{ type: 'aws.bedrock.data-source', region: 'eu-west-1', status: 'error' }],
    }),
    expect: [
      { resource: dataSource().id, status: 'pass', reason: 'cmk-configured' },
      { resource: '111122223333/eu-west-1/aws.bedrock.data-source/unknown', status: 'unknown', reason: 'listing-unreadable' },
    ],
  },
];
