/**
 * The fake AWS cloud as an AWS Organization, driven by the real SDK v3 clients: ListAccounts,
 * AssumeRole, and requests routed to the account whose session signed them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { BedrockAgentClient, ListAgentsCommand } from '@aws-sdk/client-bedrock-agent';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { DescribeEffectivePolicyCommand, ListAccountsCommand, OrganizationsClient, paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { fileURLToPath } from 'node:url';
import { awsEstateSchema, type AwsEstateInput } from '../../fakecloud/aws-estate.ts';
import { fakeAwsJournal } from '../../fakecloud/aws.ts';
import { loadEstate, parseEstate, startFakeCloud, type FakeCloud } from '../../fakecloud/server.ts';

const management = '111111111111';
const prod = '222222222222';
const sandbox = '333333333333';
const closed = '444444444444';
const own: AwsCredentialIdentity = { accessKeyId: 'AKIDMANAGEMENT', secretAccessKey: 'management-secret' };

const orgEstate = (): AwsEstateInput => ({
  accountId: management,
  identity: { arn: `arn:aws:iam::${management}:user/scanner` },
  enabledRegions: ['us-east-1'],
  regions: { 'us-east-1': { agents: [{ agentId: 'MGMTAGENT1', agentName: 'management-agent' }] } },
  organization: {
    id: 'o-abcdef1234',
    pageSize: 2,
    accounts: [
      {
        Id: prod,
        Name: 'prod',
        Email: 'prod@example.com',
        JoinedMethod: 'INVITED',
        role: { externalId: 'ext-id-123', maxSessionDuration: 7200 },
        estate: {
          enabledRegions: ['us-east-1', 'eu-west-1'],
          regions: { 'us-east-1': { agents: [{ agentId: 'PRODAGENT1', agentName: 'prod-agent' }] } },
          organization: { bedrockPolicy: { bedrock: {} } },
        },
      },
      { Id: sandbox, Name: 'sandbox', role: { name: 'OtherRole', credentialLifetimeSeconds: 0.3 }, estate: { organization: { delegatedAdministrator: true } } },
      { Id: closed, Name: 'closed', State: 'CLOSED', role: { assumable: false } },
    ],
  },
});

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}

const config = (cloud: FakeCloud, credentials: AwsCredentialIdentity, region = 'us-east-1') => ({ region, endpoint: cloud.url, credentials, maxAttempts: 1 });

async function assume(cloud: FakeCloud, input: Partial<AssumeRoleCommandInput>, credentials = own): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(config(cloud, credentials));
  const output = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${prod}:role/AiPostureReadOnly`, RoleSessionName: 'aiposture', ...input }));
  const issued = output.Credentials;
  return {
    accessKeyId: issued?.AccessKeyId ?? '',
    secretAccessKey: issued?.SecretAccessKey ?? '',
    sessionToken: issued?.SessionToken ?? '',
    ...(issued?.Expiration ? { expiration: issued.Expiration } : {}),
  };
}

describe('fake AWS Organization', () => {
  let cloud: FakeCloud;
  let estate: AwsEstateInput;
  beforeAll(async () => {
    estate = orgEstate();
    cloud = await startFakeCloud({ aws: estate });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('ListAccounts pages through the management account and its members, with State, the retired Status and JoinedMethod', async () => {
    const organizations = new OrganizationsClient(config(cloud, own));
    const first = await organizations.send(new ListAccountsCommand({}));
    expect(first.Accounts?.map((account) => account.Id)).toEqual([management, prod]);
    expect(first.NextToken).toEqual(expect.any(String));
    const accounts: Account[] = [];
    for await (const page of paginateListAccounts({ client: organizations }, {})) accounts.push(...(page.Accounts ?? []));
    expect(accounts.map((account) => [account.Id, account.Name, account.State, account.Status, account.JoinedMethod])).toEqual([
      [management, 'management', 'ACTIVE', 'ACTIVE', 'CREATED'],
      [prod, 'prod', 'ACTIVE', 'ACTIVE', 'INVITED'],
      [sandbox, 'sandbox', 'ACTIVE', 'ACTIVE', 'CREATED'],
      [closed, 'closed', 'CLOSED', 'SUSPENDED', 'CREATED'],
    ]);
    expect(accounts[1]).toMatchObject({ Arn: `arn:aws:organizations::${management}:account/o-abcdef1234/${prod}`, Email: 'prod@example.com' });
    expect(accounts[1]?.JoinedTimestamp).toBeInstanceOf(Date);
    const one = await organizations.send(new ListAccountsCommand({ MaxResults: 1 }));
    expect(one.Accounts).toHaveLength(1);
    const tooMany = await failure(organizations.send(new ListAccountsCommand({ MaxResults: 21 })));
    expect(tooMany).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    const badToken = await failure(organizations.send(new ListAccountsCommand({ NextToken: 'bogus' })));
    expect(badToken.name).toBe('InvalidInputException');
  });

  it('AssumeRole issues a session in the member account; its requests are served from that account, the caller’s from the management account', async () => {
    const session = await assume(cloud, { ExternalId: 'ext-id-123' });
    expect(session.accessKeyId).toMatch(new RegExp(`^ASIA${prod}[0-9A-Z]{4}$`));
    expect(session.expiration?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const identity = await new STSClient(config(cloud, session)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: prod, Arn: `arn:aws:sts::${prod}:assumed-role/AiPostureReadOnly/aiposture` });
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]+:aiposture$/);
    const memberAgents = await new BedrockAgentClient(config(cloud, session)).send(new ListAgentsCommand({}));
    expect(memberAgents.agentSummaries?.map((agent) => agent.agentId)).toEqual(['PRODAGENT1']);
    const ownAgents = await new BedrockAgentClient(config(cloud, own)).send(new ListAgentsCommand({}));
    expect(ownAgents.agentSummaries?.map((agent) => agent.agentId)).toEqual(['MGMTAGENT1']);
    // Each account has its own regions and its own organisation membership.
    await new CloudTrailClient(config(cloud, session, 'eu-west-1')).send(new DescribeTrailsCommand({}));
    const notEnabled = await failure(new CloudTrailClient(config(cloud, own, 'eu-west-1')).send(new DescribeTrailsCommand({})));
    expect(notEnabled.name).toBe('UnrecognizedClientException');
    const policy = await new OrganizationsClient(config(cloud, session)).send(new DescribeEffectivePolicyCommand({ PolicyType: 'BEDROCK_POLICY' }));
    expect(policy.EffectivePolicy?.TargetId).toBe(prod);
    const journal = fakeAwsJournal(estate);
    expect(journal.sessions.at(-1)).toMatchObject({
      account: prod,
      roleArn: `arn:aws:iam::${prod}:role/AiPostureReadOnly`,
      externalId: 'ext-id-123',
      callerAccount: management,
    });
    expect(journal.served.filter((entry) => entry.operation === 'ListAgents').map((entry) => entry.account)).toEqual([prod, management]);
  });

  it('AssumeRole is AccessDenied for a role that does not trust the caller, another role name, an unknown account, the management account, and a missing or wrong external id', async () => {
    const denied = async (input: Partial<AssumeRoleCommandInput>) => {
      const error = await failure(assume(cloud, input));
      expect(error, JSON.stringify(input)).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      expect(error.message).toContain(
        `is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn ?? `arn:aws:iam::${prod}:role/AiPostureReadOnly`}`,
      );
    };
    await denied({ RoleArn: `arn:aws:iam::${closed}:role/AiPostureReadOnly` });
    await denied({ RoleArn: `arn:aws:iam::${sandbox}:role/AiPostureReadOnly` });
    await denied({ RoleArn: `arn:aws:iam::999999999999:role/AiPostureReadOnly` });
    await denied({ RoleArn: `arn:aws:iam::${management}:role/AiPostureReadOnly` });
    await denied({});
    await denied({ ExternalId: 'ext-id-999' });
    // The member's own role name works.
    expect((await assume(cloud, { RoleArn: `arn:aws:iam::${sandbox}:role/OtherRole` })).accessKeyId).toMatch(new RegExp(`^ASIA${sandbox}`));
  });

  it('AssumeRole validates its input and the session duration: MaxSessionDuration, and 1 h for role chaining', async () => {
    const invalid = async (input: Partial<AssumeRoleCommandInput>, message: RegExp, credentials = own) => {
      const error = await failure(assume(cloud, input, credentials));
      expect(error, JSON.stringify(input)).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
      expect(error.message).toMatch(message);
    };
    await invalid({ RoleArn: 'arn:aws:iam::12:role/x' }, /roleArn/);
    await invalid({ RoleSessionName: 'a' }, /roleSessionName/);
    await invalid({ ExternalId: 'x' }, /externalId/);
    await invalid({ ExternalId: 'ext-id-123', DurationSeconds: 600 }, /durationSeconds/);
    await invalid({ ExternalId: 'ext-id-123', DurationSeconds: 10800 }, /MaxSessionDuration/);
    const long = await assume(cloud, { ExternalId: 'ext-id-123', DurationSeconds: 7200 });
    expect(long.expiration?.getTime()).toBeGreaterThan(Date.now() + 7_100_000);
    // From a role session (role chaining) sessions are capped at one hour.
    await invalid({ ExternalId: 'ext-id-123', DurationSeconds: 7200 }, /1 hour session limit for roles assumed by role chaining/, long);
    expect((await assume(cloud, { ExternalId: 'ext-id-123', DurationSeconds: 3600 }, long)).accessKeyId).toMatch(/^ASIA/);
  });

  it('refuses an issued key after it expires, and without its session token, in each protocol', async () => {
    const session = await assume(cloud, { RoleArn: `arn:aws:iam::${sandbox}:role/OtherRole` });
    expect((await new BedrockAgentClient(config(cloud, session)).send(new ListAgentsCommand({}))).agentSummaries).toEqual([]);
    const { sessionToken: _token, ...withoutToken } = session;
    const invalid = await failure(new BedrockClient(config(cloud, withoutToken)).send(new ListGuardrailsCommand({})));
    expect(invalid).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
    await sleep(350);
    const rest = await failure(new BedrockAgentClient(config(cloud, session)).send(new ListAgentsCommand({})));
    expect(rest).toMatchObject({ name: 'ExpiredTokenException', $metadata: { httpStatusCode: 403 } });
    const json = await failure(new CloudTrailClient(config(cloud, session)).send(new DescribeTrailsCommand({})));
    expect(json).toMatchObject({ name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
    const query = await failure(new STSClient(config(cloud, session)).send(new GetCallerIdentityCommand({})));
    expect(query).toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
    expect(cloud.requests.at(-1)).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', status: 403 });
  });

  it('ListAccounts: a member is AccessDeniedException, a delegated administrator lists the organisation, an account outside any organisation is AWSOrganizationsNotInUseException', async () => {
    const member = await assume(cloud, { ExternalId: 'ext-id-123' });
    const denied = await failure(new OrganizationsClient(config(cloud, member)).send(new ListAccountsCommand({})));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    const delegate = await assume(cloud, { RoleArn: `arn:aws:iam::${sandbox}:role/OtherRole` });
    const listed = await new OrganizationsClient(config(cloud, delegate)).send(new ListAccountsCommand({}));
    expect(listed.Accounts?.map((account) => account.Id)).toEqual([management, prod]);

    const alone = await startFakeCloud({ aws: { accountId: management } });
    const inOrg = await startFakeCloud({ aws: { accountId: management, organization: {} } });
    try {
      const none = await failure(new OrganizationsClient(config(alone, own)).send(new ListAccountsCommand({})));
      expect(none).toMatchObject({ name: 'AWSOrganizationsNotInUseException', $metadata: { httpStatusCode: 400 } });
      const notManagement = await failure(new OrganizationsClient(config(inOrg, own)).send(new ListAccountsCommand({})));
      expect(notManagement.name).toBe('AccessDeniedException');
      // Without an organisation there is no one to assume.
      const nobody = await failure(assume(alone, {}));
      expect(nobody.name).toBe('AccessDenied');
    } finally {
      await alone.close();
      await inOrg.close();
    }
  });
});

describe('fake AWS Organization: paging, faults and the estate schema', () => {
  it('answers empty pages with a NextToken between pages when asked, and the paginator goes on past them', async () => {
    const estate = orgEstate();
    if (estate.organization) estate.organization.emptyPages = true;
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const organizations = new OrganizationsClient(config(cloud, own));
      const pages: number[] = [];
      for await (const page of paginateListAccounts({ client: organizations }, {})) pages.push(page.Accounts?.length ?? -1);
      expect(pages).toEqual([2, 0, 2]);
    } finally {
      await cloud.close();
    }
  });

  it("faults are each account's own: the management estate's apply to AssumeRole and ListAccounts, a member's to its session's requests", async () => {
    const estate = orgEstate();
    estate.faults = [{ service: 'organizations', operation: 'ListAccounts', error: 'TooManyRequestsException', times: 1 }];
    const prodAccount = estate.organization?.accounts?.[0];
    if (prodAccount?.estate) prodAccount.estate.faults = [{ service: 'bedrock-agent', operation: 'ListAgents', error: 'AccessDeniedException' }];
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const throttled = await failure(new OrganizationsClient(config(cloud, own)).send(new ListAccountsCommand({})));
      expect(throttled).toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 400 } });
      expect((await new OrganizationsClient(config(cloud, own)).send(new ListAccountsCommand({}))).Accounts).toHaveLength(2);
      const session = await assume(cloud, { ExternalId: 'ext-id-123' });
      const denied = await failure(new BedrockAgentClient(config(cloud, session)).send(new ListAgentsCommand({})));
      expect(denied.name).toBe('AccessDeniedException');
      expect(denied.message).toContain(`arn:aws:sts::${prod}:assumed-role/AiPostureReadOnly/aiposture`);
      expect((await new BedrockAgentClient(config(cloud, own)).send(new ListAgentsCommand({}))).agentSummaries).toHaveLength(1);
    } finally {
      await cloud.close();
    }
  });

  it('keeps single-account estates valid, parses idempotently, and rejects duplicate or self members, nested organisations and misplaced member resources', () => {
    expect(awsEstateSchema.parse({ accountId: management }).organization).toBeNull();
    const parsed = awsEstateSchema.parse(orgEstate());
    expect(awsEstateSchema.parse(parsed)).toEqual(parsed);
    expect(parsed.organization?.accounts?.[2]).toMatchObject({
      State: 'CLOSED',
      JoinedMethod: 'CREATED',
      role: { assumable: false, maxSessionDuration: 3600 },
    });
    expect(parsed.organization?.accounts?.[2]?.estate).toMatchObject({ organization: {}, regions: {} });

    const problems = (estate: AwsEstateInput) => {
      const result = awsEstateSchema.safeParse(estate);
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    const duplicate = orgEstate();
    duplicate.organization?.accounts?.push({ Id: prod }, { Id: management });
    expect(problems(duplicate)).toEqual([
      `organization.accounts.3.Id: duplicate account ${prod}`,
      `organization.accounts.4.Id: account ${management} is the management account itself`,
    ]);
    const nested = orgEstate();
    nested.organization?.accounts?.push({ Id: '555555555555', estate: { organization: { accounts: [] } as never } });
    expect(problems(nested).join('\n')).toMatch(/organization\.accounts\.3\.estate\.organization/);
    const misplaced = orgEstate();
    misplaced.organization?.accounts?.push({ Id: '555555555555', estate: { enabledRegions: ['us-east-1'], regions: { 'eu-west-1': {} } } });
    expect(problems(misplaced)).toEqual(['organization.accounts.3.estate.regions.eu-west-1: region eu-west-1 is not in enabledRegions']);
    expect(problems({ accountId: management, organization: { accounts: [{ Id: prod, role: { externalId: 'x' } }] } }).join()).toMatch(/externalId/);
  });

  it('loads the aws-org fixture, and names the line of a mistake in a member estate', async () => {
    const estate = await loadEstate(fileURLToPath(new URL('../../fixtures/estates/aws-org.yaml', import.meta.url)));
    expect(estate.organization?.accounts?.map((account) => [account.Id, account.State])).toEqual([
      ['210987654321', 'ACTIVE'],
      ['333344445555', 'ACTIVE'],
      ['444455556666', 'ACTIVE'],
      ['555566667777', 'SUSPENDED'],
      ['666677778888', 'PENDING_ACTIVATION'],
    ]);
    const text = [
      'aws:',
      '  accountId: "111111111111"',
      '  organization:',
      '    accounts:',
      '      - Id: "222222222222"',
      '        estate:',
      '          regoins: {}',
    ].join('\n');
    expect(() => parseEstate(text, 'org.yaml')).toThrow(/aws\.organization\.accounts\[0\]\.estate\.regoins \(line 7\): unknown key "regoins"/);
  });
});
