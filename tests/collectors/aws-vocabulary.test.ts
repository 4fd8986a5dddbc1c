/**
 * One Bedrock vocabulary (src/model/aws.ts) for the collector and the IaC readers: a filter
 * strength outside it is unknown on both paths, never `off`. The collector half is a unit test
 * of the real collector with the SDK clients mocked by aws-sdk-client-mock: one guardrail whose
 * filter carries a strength Bedrock does not document.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockClient, GetGuardrailCommand, ListGuardrailsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { collectAws } from '../../collectors/aws/index.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import { registry } from '../../src/providers.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory } from '../../src/model/inventory.ts';
import { lookUp } from '../../src/model/common.ts';
import { bedrockVocabulary } from '../../src/model/aws.ts';

const arn = 'arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:guardrail/gr1';
const filter = (type: string, strength: string) => ({ type, inputStrength: strength, outputStrength: strength, inputAction: 'BLOCK', outputAction: 'BLOCK' });

function mockAccount(strength: string) {
  // Every other service answers with empty lists: no agents, trails, alarms, recorders or organisation policy.
  const mocks: Array<{ restore(): void }> = [
    mockClient(BedrockAgentClient).onAnyCommand().resolves({}),
    mockClient(CloudTrailClient).onAnyCommand().resolves({}),
    mockClient(CloudWatchClient).onAnyCommand().resolves({}),
    mockClient(ConfigServiceClient).onAnyCommand().resolves({}),
    mockClient(OrganizationsClient).onAnyCommand().resolves({}),
  ];
  mocks.push(
    // The public SSM parameters that list where Bedrock is offered.
    mockClient(SSMClient)
      .on(GetParametersByPathCommand)
      .resolves({ Parameters: [{ Name: '/aws/service/global-infrastructure/services/bedrock/regions/us-gov-west-1', Value: 'us-gov-west-1' }] }),
    mockClient(STSClient).on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws-us-gov:iam::111122223333:user/scanner' }),
    mockClient(EC2Client)
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'us-gov-west-1', OptInStatus: 'opt-in-not-required' }] }),
  );
  const bedrock = mockClient(BedrockClient);
  bedrock.onAnyCommand().resolves({});
  bedrock
    .on(ListGuardrailsCommand)
    .resolves({ guardrails: [{ id: 'gr1', arn, name: 'prod', version: 'DRAFT', status: 'READY', createdAt: new Date(), updatedAt: new Date() }] });
  bedrock.on(GetGuardrailCommand).resolves({
    guardrailId: 'gr1',
    guardrailArn: arn,
    name: 'prod',
    version: 'DRAFT',
    status: 'READY',
    contentPolicy: { filters: [...['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE'].map((type) => filter(type, 'HIGH')), filter('MISCONDUCT', strength)] },
  } as never);
  bedrock.on(ListTagsForResourceCommand).resolves({ tags: [] });
  mocks.push(bedrock);
  return () => mocks.forEach((mock) => mock.restore());
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

async function contentFilterVerdict(strength: string) {
  restore = mockAccount(strength);
  const result = await collectAws({
    regions: ['us-gov-west-1'],
    region: 'us-gov-west-1',
    credentials: async () => ({ accessKeyId: 'AKIDMOCK', secretAccessKey: 'mock' }),
  });
  const inventory = parseInventory(result.inventory);
  const guardrail = inventory.resources.find((resource) => resource.type === 'aws.bedrock.guardrail');
  const findings = evaluate(inventory, registry.rules, defaultBaseline, undefined, 'live', registry.factDerivers);
  return { guardrail, finding: findings.find((candidate) => candidate.ruleId === 'aws/guardrail-content-filters') };
}

describe('Bedrock vocabulary in the collector', () => {
  it('maps documented strengths', async () => {
    const { guardrail, finding } = await contentFilterVerdict('HIGH');
    expect(guardrail).toMatchObject({ type: 'aws.bedrock.guardrail', id: `${arn}:DRAFT` });
    expect(finding).toMatchObject({ status: 'pass', reason: 'harm-filters-meet-baseline' });
  });

  it('makes a strength outside the vocabulary unknown, never off', async () => {
    const { guardrail, finding } = await contentFilterVerdict('EXTREME');
    expect(guardrail && 'contentPolicy' in guardrail ? guardrail.contentPolicy : 'missing').toBeUndefined();
    expect(finding).toMatchObject({ status: 'unknown', reason: 'resource-unreadable' });
  });

  it('is the table every path uses', () => {
    expect(lookUp(bedrockVocabulary.strengths, 'HIGH')).toBe('high');
    expect(lookUp(bedrockVocabulary.strengths, 'EXTREME')).toBeUndefined();
    expect(lookUp(bedrockVocabulary.strengths, 'toString')).toBeUndefined();
  });
});
