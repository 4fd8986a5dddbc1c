/**
 * The AWS client pool of an organisation scan: one client per service and region serves every
 * account, each call signed with the identity of the account it is made for (`withAccount`), even
 * when calls of several accounts interleave on the same client and connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClientPool } from '../../collectors/aws/clients.ts';
import { fakeAwsJournal } from '../../fakecloud/aws.ts';
import type { AwsEstateInput } from '../../fakecloud/aws-estate.ts';
import { startFakeCloud, type FakeCloud } from '../../fakecloud/server.ts';

const management = '111111111111';
const members = ['222222222222', '333333333333', '444444444444'];
const estate: AwsEstateInput = {
  accountId: management,
  organization: {
    accounts: members.map((id) => ({
      Id: id,
      estate: { regions: { 'us-east-1': { guardrails: [{ id: `g${id}`, name: `guardrail-${id}`, versions: [{ version: 'DRAFT' }] }] } } },
    })),
  },
};
const own = async () => ({ accessKeyId: 'AKIDMANAGEMENT', secretAccessKey: 'management-secret' });

let cloud: FakeCloud;
let pool: AwsClientPool;
beforeAll(async () => {
  cloud = await startFakeCloud({ aws: estate });
  pool = new AwsClientPool({ endpoint: cloud.url });
});
afterAll(async () => {
  pool.destroy();
  await cloud.close();
});

/** A member account's session, from AssumeRole through the pool's STS client as the management account. */
async function session(account: string): Promise<AwsCredentialIdentityProvider> {
  const output = await pool.withAccount(own, () =>
    pool.get('sts', 'us-east-1').send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/AiPostureReadOnly`, RoleSessionName: 'pool-test' })),
  );
  const credentials = output.Credentials;
  const identity = {
    accessKeyId: credentials?.AccessKeyId ?? '',
    secretAccessKey: credentials?.SecretAccessKey ?? '',
    sessionToken: credentials?.SessionToken ?? '',
  };
  return async () => identity;
}

describe('AwsClientPool', () => {
  it('signs each call as the account it is made for, through one shared client', async () => {
    const identities = await Promise.all(members.map(session));
    const bedrock = pool.get('bedrock', 'us-east-1');
    // Interleaved: every account's calls in flight together on the one client.
    const listed = await Promise.all(
      Array.from({ length: 12 }, (_, index) => {
        const at = index % members.length;
        return pool
          .withAccount(identities[at] as AwsCredentialIdentityProvider, () => bedrock.send(new ListGuardrailsCommand({})))
          .then((output) => [members[at], output.guardrails?.map((guardrail) => guardrail.id)]);
      }),
    );
    for (const [account, ids] of listed) expect(ids).toEqual([`g${account as string}`]);
    const served = fakeAwsJournal(estate).served.filter((request) => request.operation === 'ListGuardrails');
    expect(served.map((request) => request.account).sort()).toEqual(members.flatMap((id) => [id, id, id, id]).sort());
    expect(pool.clientCount).toBe(2);
  });

  it('refuses a call made outside any account when it has no identity of its own', async () => {
    await expect(pool.get('bedrock', 'us-east-1').send(new ListGuardrailsCommand({}))).rejects.toThrow(/outside any account/);
  });
});
