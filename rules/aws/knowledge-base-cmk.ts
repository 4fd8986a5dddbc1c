import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { awsInventory, dataSource, knowledgeBase } from './case-builders.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/knowledge-base-cmk',
    provider: 'aws',
    title: 'Every knowledge-base data source encrypts ingestion data with a customer-managed KMS key',
    severity: 'low',
    resourceTypes: ['aws.bedrock.data-source', 'aws.bedrock.knowledge-base'],
    criteria: ['L3.coverage'],
    description:
      'Checks each data source of each Bedrock knowledge base for serverSideEncryptionConfiguration.kmsKeyArn (GetDataSource), the key that encrypts transient data while documents are ingested. The vector store has its own encryption and is not judged here. A knowledge base with no data sources gets no verdict.',
    remediation:
      'Set a customer-managed KMS key on the data source (UpdateDataSource serverSideEncryptionConfiguration.kmsKeyArn, Terraform aws_bedrockagent_data_source server_side_encryption_configuration, or CloudFormation AWS::Bedrock::DataSource ServerSideEncryptionConfiguration.KmsKeyArn) and grant the knowledge-base service role kms:Decrypt and kms:GenerateDataKey on it.',
    references: [
      'Security Hub Bedrock.1',
      'Prowler bedrock_knowledge_base_encrypted_with_cmk',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/encryption-kb.html',
    ],
    differences:
      'Same verdicts as Prowler, with unknown where Prowler reports MANUAL: a data source whose GetDataSource failed, a knowledge base whose data sources could not be listed (collectors mark the knowledge base unreadable), and a region whose ListKnowledgeBases failed.',
  },
  check(context) {
    const dataSources = context.resources('aws.bedrock.data-source');
    const verdicts: Verdict[] = dataSources.map((entry) => {
      const label = `Data source ${entry.name ?? entry.dataSourceId} of knowledge base ${entry.knowledgeBaseId}${entry.region ? ` in ${entry.region}` : ''}`;
      if (entry.unreadable !== undefined || entry.kmsKeyArn === undefined) return unreadableResource(entry, 'the server-side encryption configuration');
      const expected = { kmsKeyArn: 'a KMS key ARN' };
      const key = entry.kmsKeyArn;
      if (key === null || key.trim() === '') {
        return verdictOn(
          entry,
          'fail',
          `${label} has no customer-managed KMS key (serverSideEncryptionConfiguration.kmsKeyArn is not set): ingestion data is encrypted with an AWS-owned key.`,
          {
            observed: { kmsKeyArn: key },
            expected,
          },
        );
      }
      return verdictOn(entry, 'pass', `${label} encrypts ingestion data with customer-managed KMS key ${key}.`, { observed: { kmsKeyArn: key }, expected });
    });
    // A knowledge base whose data sources could not be listed: its data sources are unseen, not absent.
    for (const base of context.resources('aws.bedrock.knowledge-base')) {
      if (base.unreadable === undefined) continue;
      const hasDataSources = dataSources.some(
        (entry) =>
          entry.knowledgeBaseArn === base.arn ||
          (entry.knowledgeBaseId === base.knowledgeBaseId && entry.scope.id === base.scope.id && entry.region === base.region),
      );
      if (hasDataSources) continue;
      verdicts.push(
        verdictOn(
          base,
          'unknown',
          `Could not list the data sources of knowledge base ${base.name ?? base.knowledgeBaseId}${base.region ? ` in ${base.region}` : ''}: ${base.unreadable}.`,
        ),
      );
    }
    const knowledgeBaseListingFailed = new Set(
      context.inventory.listings
        .filter((entry) => entry.resourceType === 'aws.bedrock.knowledge-base' && (entry.status === 'denied' || entry.status === 'error'))
        .map((entry) => `${entry.scope.id}\u0000${entry.region ?? ''}`),
    );
    return [
      ...verdicts,
      ...unreadableListings(context, 'aws.bedrock.knowledge-base', 'Bedrock knowledge bases'),
      // Where the knowledge bases themselves could not be listed, that one verdict says it all.
      ...unreadableListings(context, 'aws.bedrock.data-source', 'knowledge-base data sources').filter(
        (verdict) => !knowledgeBaseListingFailed.has(`${verdict.scope.id}\u0000${verdict.region ?? ''}`),
      ),
    ];
  },
  cases: [
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
      expect: [{ resource: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/test-kb-id/data-source/test-ds-id', status: 'pass', message: /key\/ds-key/ }],
    },
    {
      name: 'absent key fails',
      inventory: awsInventory({ resources: [knowledgeBase(), dataSource({ kmsKeyArn: null })] }),
      expect: [{ resource: dataSource().id, status: 'fail', message: /DS00000001 of knowledge base KB00000001 in us-east-1 has no customer-managed KMS key/ }],
    },
    {
      name: 'empty-string key fails',
      inventory: awsInventory({ resources: [knowledgeBase(), dataSource({ kmsKeyArn: '' })] }),
      expect: [{ resource: dataSource().id, status: 'fail' }],
    },
    {
      name: 'GetDataSource denied is unknown',
      inventory: awsInventory({
        resources: [knowledgeBase(), dataSource({ kmsKeyArn: undefined, unreadable: 'AccessDeniedException: bedrock:GetDataSource' })],
      }),
      expect: [{ resource: dataSource().id, status: 'unknown', message: /AccessDeniedException/ }],
    },
    {
      name: 'ListDataSources denied for one knowledge base is unknown on that knowledge base',
      inventory: awsInventory({ resources: [knowledgeBase({ unreadable: 'AccessDeniedException: bedrock:ListDataSources' })] }),
      expect: [{ resource: knowledgeBase().id, status: 'unknown', message: /data sources of knowledge base KB00000001 in us-east-1: AccessDeniedException/ }],
    },
    {
      name: 'an unreadable knowledge base whose data sources were read is judged by its data sources',
      inventory: awsInventory({ resources: [knowledgeBase({ unreadable: 'AccessDeniedException: bedrock:GetKnowledgeBase' }), dataSource()] }),
      expect: [{ resource: dataSource().id, status: 'pass' }],
    },
    {
      name: 'ListKnowledgeBases denied is one unknown for the region',
      inventory: awsInventory({
        failed: [
          { type: 'aws.bedrock.knowledge-base', region: 'us-east-1' },
          { type: 'aws.bedrock.data-source', region: 'us-east-1' },
        ],
      }),
      expect: [
        {
          resource: '111122223333/us-east-1/aws.bedrock.knowledge-base/unknown',
          status: 'unknown',
          message: /Could not list Bedrock knowledge bases in us-east-1/,
        },
      ],
    },
    {
      name: 'data-source listing failed in a region is unknown for that region',
      inventory: awsInventory({
        resources: [knowledgeBase(), dataSource()],
        failed: [{ type: 'aws.bedrock.data-source', region: 'eu-west-1', status: 'error' }],
      }),
      expect: [
        { resource: dataSource().id, status: 'pass' },
        { resource: '111122223333/eu-west-1/aws.bedrock.data-source/unknown', status: 'unknown' },
      ],
    },
  ],
};
