/**
 * Every failed read is listed in coverage, including reads of one resource (GetGuardrail,
 * GetAgent, an Azure account's child listings, a policy definition, a GCP folder): status
 * denied/error, the operation, and the resource named in the message. Per-resource reads are
 * filed under `<resource type>.detail`, so the resource type's own listing keeps its status (a
 * guardrail whose version cannot be read does not make the guardrails "unlisted").
 */
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../collectors/aws/index.ts';
import { collectAzure } from '../../collectors/azure/index.ts';
import { collectGcp } from '../../collectors/gcp/index.ts';
import { loadEstateFile, startFakeCloud, type FakeCloudEstate } from '../../fakecloud/server.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import type { Listing } from '../../src/model/inventory.ts';
import { azureToken, estatePath, googleToken, staticCredentials } from './helpers.ts';

const scheduler = { baseDelayMs: 1 };

/** Serves `name` with `faults` added to `provider`'s section and runs that provider's collector against it. */
async function collect(name: string, provider: 'aws' | 'azure' | 'gcp', faults: Array<Record<string, unknown>>): Promise<CollectResult> {
  const estate: FakeCloudEstate = await loadEstateFile(estatePath(name));
  const section = estate[provider] as { faults: unknown[] } | undefined;
  if (section === undefined) throw new Error(`${name} has no ${provider} section`);
  section.faults.push(...faults);
  const cloud = await startFakeCloud({ [provider]: estate[provider] });
  try {
    if (provider === 'aws') return await collectAws({ endpoint: cloud.url, credentials: staticCredentials, regions: ['us-east-1'], scheduler });
    if (provider === 'azure') return await collectAzure({ endpoint: cloud.url, credential: azureToken, scheduler });
    return await collectGcp({ endpoint: cloud.url, authClient: googleToken(), projects: ['ai-prod-123'], scheduler });
  } finally {
    await cloud.close();
  }
}

const failed = (result: CollectResult) => result.inventory.listings.filter((entry) => entry.status !== 'ok');

/** The strings a coverage message may name a resource by. */
function namesOf(resource: Record<string, unknown>): string[] {
  return ['id', 'arn', 'name', 'agentId', 'guardrailId', 'dataSourceId', 'knowledgeBaseId']
    .map((key) => resource[key])
    .filter((value): value is string => typeof value === 'string' && value !== '');
}

/** Every resource marked unreadable has a failed `<type>.detail` coverage entry in its region that names it. */
function expectEveryUnreadableListed(result: CollectResult): void {
  const unreadable = result.inventory.resources.filter((resource) => 'unreadable' in resource && resource.unreadable !== undefined);
  expect(unreadable.length).toBeGreaterThan(0);
  for (const resource of unreadable) {
    const names = namesOf(resource as unknown as Record<string, unknown>);
    const entry = failed(result).find(
      (listing) =>
        listing.resourceType === `${resource.type}.detail` && listing.region === resource.region && names.some((name) => listing.message?.includes(name)),
    );
    expect(entry, `coverage entry for unreadable ${resource.type} ${resource.id}`).toBeDefined();
  }
}

const detail = (result: CollectResult, collector: string): Listing[] => failed(result).filter((entry) => entry.collector === collector);

describe('AWS: failed per-resource reads are listed in coverage', () => {
  it('GetGuardrail, GetAgent, GetCustomModel, GetDataSource, GetTrailStatus, DescribeConfigurationRecorderStatus', async () => {
    const result = await collect('demo.yaml', 'aws', [
      { region: 'us-east-1', operation: 'GetGuardrail', error: 'AccessDeniedException' },
      { region: 'us-east-1', operation: 'GetAgent', error: 'ResourceNotFoundException', message: 'Agent not found' },
      { region: 'us-east-1', operation: 'GetCustomModel', error: 'AccessDeniedException' },
      { region: 'us-east-1', operation: 'GetDataSource', error: 'AccessDeniedException' },
      { region: 'us-east-1', operation: 'GetTrailStatus', error: 'AccessDeniedException' },
      { region: 'us-east-1', operation: 'DescribeConfigurationRecorderStatus', error: 'AccessDeniedException' },
    ]);
    expect(detail(result, 'bedrock:GetGuardrail')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.bedrock.guardrail.detail',
        region: 'us-east-1',
        status: 'denied',
        message: expect.stringMatching(/^guardrail arn:aws:bedrock:us-east-1:111122223333:guardrail\/\w+ version \w+: AccessDeniedException: /),
      }),
    );
    expect(detail(result, 'bedrock-agent:GetAgent')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.bedrock.agent.detail',
        status: 'error',
        message: expect.stringMatching(/^agent \w+: ResourceNotFoundException: Agent not found/),
      }),
    );
    expect(detail(result, 'bedrock:GetCustomModel')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.bedrock.custom-model.detail',
        status: 'denied',
        message: expect.stringMatching(/^custom model arn:aws:bedrock:/),
      }),
    );
    expect(detail(result, 'bedrock-agent:GetDataSource')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.bedrock.data-source.detail',
        status: 'denied',
        message: expect.stringMatching(/^data source \w+ of knowledge base arn:/),
      }),
    );
    expect(detail(result, 'cloudtrail:GetTrailStatus')).toContainEqual(
      expect.objectContaining({ resourceType: 'aws.cloudtrail.trail.detail', status: 'denied', message: expect.stringMatching(/^trail arn:aws:cloudtrail:/) }),
    );
    expect(detail(result, 'config:DescribeConfigurationRecorderStatus')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.config.recorder.detail',
        status: 'denied',
        message: expect.stringMatching(/^configuration recorder \S+: /),
      }),
    );
    expectEveryUnreadableListed(result);
    // The listings themselves succeeded and say so: only the details are missing.
    for (const type of ['aws.bedrock.guardrail', 'aws.bedrock.agent', 'aws.bedrock.custom-model', 'aws.cloudtrail.trail', 'aws.config.recorder'])
      expect(result.inventory.listings.filter((entry) => entry.resourceType === type).map((entry) => entry.status)).toEqual(['ok']);
  });

  it('ListDataSources of one knowledge base, ListTagsForResource, GetEventSelectors', async () => {
    const result = await collect('demo.yaml', 'aws', [
      { region: 'us-east-1', operation: 'ListDataSources', error: 'AccessDeniedException' },
      { region: 'us-east-1', operation: 'ListTagsForResource', error: 'AccessDeniedException' },
      { region: 'us-east-1', operation: 'GetEventSelectors', error: 'AccessDeniedException' },
    ]);
    expect(detail(result, 'bedrock-agent:ListDataSources')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.bedrock.knowledge-base.detail',
        status: 'denied',
        message: expect.stringMatching(/^knowledge base arn:aws:bedrock:us-east-1:111122223333:knowledge-base\/\w+: AccessDeniedException/),
      }),
    );
    expect(detail(result, 'bedrock:ListTagsForResource')).toContainEqual(
      expect.objectContaining({
        resourceType: 'aws.bedrock.guardrail.detail',
        status: 'denied',
        message: expect.stringMatching(/^guardrail arn:aws:bedrock:/),
      }),
    );
    expect(detail(result, 'cloudtrail:GetEventSelectors')).toContainEqual(
      expect.objectContaining({ resourceType: 'aws.cloudtrail.trail.detail', status: 'denied', message: expect.stringMatching(/^trail arn:aws:cloudtrail:/) }),
    );
    expectEveryUnreadableListed(result);
  });
});

describe('Azure: failed per-resource reads are listed in coverage', () => {
  it('a policy definition that cannot be read, and an account child listing, name the definition and the account', async () => {
    const result = await collect('azure-level3.yaml', 'azure', [
      { operation: 'PolicyDefinitions_GetBuiltIn', error: 'AuthorizationFailed' },
      { operation: 'DiagnosticSettings_List', accountName: 'contoso-aiservices-swc', error: 'BadRequest' },
    ]);
    const assignments = result.inventory.resources.filter((resource) => resource.type === 'azure.policy-assignment');
    const unreadableDefinitions = assignments.flatMap((assignment) => assignment.unreadableDefinitions.map((entry) => entry.split(': ')[0] ?? ''));
    expect(unreadableDefinitions.length).toBeGreaterThan(0);
    for (const definitionId of unreadableDefinitions)
      expect(detail(result, 'PolicyDefinitions_Get')).toContainEqual(
        expect.objectContaining({
          resourceType: 'azure.policy-assignment.detail',
          status: 'denied',
          message: expect.stringContaining(`definition ${definitionId}: AuthorizationFailed (403): `),
        }),
      );
    // One entry per definition, however many assignments use it.
    expect(detail(result, 'PolicyDefinitions_Get')).toHaveLength(new Set(unreadableDefinitions.map((id) => id.toLowerCase())).size);

    const account = result.inventory.resources.find((resource) => resource.type === 'azure.cognitive-account' && resource.name === 'contoso-aiservices-swc');
    const readError = account?.type === 'azure.cognitive-account' ? account.readErrors.diagnosticSettings : undefined;
    expect(readError).toMatch(/^BadRequest \(400\): /);
    // The coverage message names the account; the account's own note need not repeat it.
    expect(detail(result, 'DiagnosticSettings_List')).toEqual([
      expect.objectContaining({
        status: 'error',
        message: (readError ?? '').replace(/^BadRequest \(400\): /, `BadRequest (400): account ${account?.id ?? ''}: `),
      }),
    ]);
  });
});

describe('GCP: failed per-resource reads are listed in coverage', () => {
  it('a folder in a project ancestry that cannot be read is named in coverage; the ancestry is unknown', async () => {
    const result = await collect('demo.yaml', 'gcp', [{ owner: 'folders/111', operation: 'Folders_Get', code: 'PERMISSION_DENIED' }]);
    expect(detail(result, 'Folders_Get')).toEqual([
      expect.objectContaining({
        scope: expect.objectContaining({ type: 'folder', id: '111' }),
        resourceType: 'gcp.project.detail',
        region: null,
        status: 'denied',
        message: expect.stringMatching(/^folders\/111: PERMISSION_DENIED: /),
      }),
    ]);
    const project = result.inventory.resources.find((resource) => resource.type === 'gcp.project');
    expect(project?.type === 'gcp.project' && project.ancestors).toBeUndefined();
  });
});
