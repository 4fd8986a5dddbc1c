import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import { commonReasons, unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

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
          'aws-owned-key',
          `${label} has no customer-managed KMS key (serverSideEncryptionConfiguration.kmsKeyArn is not set): ingestion data is encrypted with an AWS-owned key.`,
          {
            observed: { kmsKeyArn: key },
            expected,
          },
        );
      }
      return verdictOn(entry, 'pass', 'cmk-configured', `${label} encrypts ingestion data with customer-managed KMS key ${key}.`, {
        observed: { kmsKeyArn: key },
        expected,
      });
    });
    // A knowledge base whose data sources could not be listed: its data sources are unseen, not absent.
    const parentArns = new Set(dataSources.map((entry) => entry.knowledgeBaseArn));
    const parentKey = (id: string, scopeId: string, region: string | null) => JSON.stringify([id, scopeId, region]);
    const parentIds = new Set(dataSources.map((entry) => parentKey(entry.knowledgeBaseId, entry.scope.id, entry.region)));
    for (const base of context.resources('aws.bedrock.knowledge-base')) {
      if (base.unreadable === undefined) continue;
      const hasDataSources = parentArns.has(base.arn) || parentIds.has(parentKey(base.knowledgeBaseId, base.scope.id, base.region));
      if (hasDataSources) continue;
      verdicts.push(
        verdictOn(
          base,
          'unknown',
          commonReasons.listingUnreadable,
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
};
