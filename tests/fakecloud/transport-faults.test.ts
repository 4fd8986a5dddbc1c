/**
 * The fake cloud's transport faults (fakecloud/transport-faults.ts) on the wire, for every
 * provider: `hang` never answers, `reset` drops the connection, `redirect` answers 307 with the
 * Location, `repeatToken` hands a listing's page token back forever; `retryAfter` and one-shot
 * 5xx (`status`, `after`, `times`) are the existing error fields.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { loadEstateFile, parseEstate, startFakeCloud, type FakeCloud, type FakeCloudEstate } from '../../fakecloud/server.ts';
import { estatePath } from '../e2e/helpers.ts';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const bearer = { authorization: 'Bearer loopback-token' };
const gcpLocations = '/v1/projects/ai-prod-123/locations';
const azureAccounts = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.CognitiveServices/accounts?api-version=2024-10-01`;

let cloud: FakeCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function serve(provider: 'aws' | 'azure' | 'gcp', faults: Array<Record<string, unknown>>, pageSize?: number): Promise<FakeCloud> {
  const estate: FakeCloudEstate = await loadEstateFile(estatePath(`${provider}-level1.yaml`));
  const section = estate[provider] as { faults: Array<Record<string, unknown>>; pageSize?: number };
  section.faults.push(...faults);
  if (pageSize !== undefined) section.pageSize = pageSize;
  cloud = await startFakeCloud({ [provider]: section });
  return cloud;
}

describe('fake cloud transport faults', () => {
  it('hang: the request is accepted and never answered (logged with status 0)', async () => {
    const { url, requests } = await serve('gcp', [{ operation: 'Locations_List', hang: true }]);
    await expect(fetch(`${url}${gcpLocations}`, { headers: bearer, signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(requests.map((request) => [request.operation, request.status])).toEqual([['Locations_List', 0]]);
  });

  it('reset: the connection is dropped without an answer', async () => {
    const { url } = await serve('azure', [{ operation: 'Accounts_List', reset: true, times: 1 }]);
    await expect(fetch(`${url}${azureAccounts}`, { headers: bearer })).rejects.toThrow(/fetch failed/);
    expect((await fetch(`${url}${azureAccounts}`, { headers: bearer })).status).toBe(200);
  });

  it('redirect: 307 with the Location given', async () => {
    const { url } = await serve('gcp', [{ owner: 'projects/ai-prod-123', operation: 'GetIamPolicy', redirect: '/v3/projects/ai-prod-123:setIamPolicy' }]);
    const response = await fetch(`${url}/v3/projects/ai-prod-123:getIamPolicy`, { method: 'POST', headers: bearer, body: '{}', redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/v3/projects/ai-prod-123:setIamPolicy');
  });

  it('retryAfter on a throttle and a one-shot 5xx (times; a fault that applies ends the matching, so the next one waits its turn)', async () => {
    const { url } = await serve('azure', [
      { operation: 'Accounts_List', status: 429, retryAfter: 3600, times: 1 },
      { operation: 'Accounts_List', status: 503, times: 1 },
    ]);
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}${azureAccounts}`, { headers: bearer });
      statuses.push([response.status, response.headers.get('retry-after')]);
    }
    expect(statuses).toEqual([
      [429, '3600'],
      [503, '1'],
      [200, null],
    ]);
  });

  it('repeatToken (GCP, Azure): every page names a next page, and a page read with a token names that same token', async () => {
    const gcp = await serve('gcp', [{ operation: 'Locations_List', repeatToken: true }], 1);
    const first = (await (await fetch(`${gcp.url}${gcpLocations}`, { headers: bearer })).json()) as { nextPageToken?: string };
    expect(first.nextPageToken).toBeTruthy();
    const second = (await (await fetch(`${gcp.url}${gcpLocations}?pageToken=${first.nextPageToken}`, { headers: bearer })).json()) as {
      nextPageToken?: string;
    };
    expect(second.nextPageToken).toBe(first.nextPageToken);
    await gcp.close();

    const azure = await serve('azure', [{ operation: 'Accounts_List', repeatToken: true }]);
    const page = (await (await fetch(`${azure.url}${azureAccounts}`, { headers: bearer })).json()) as { nextLink?: string };
    expect(page.nextLink).toMatch(/(\$|%24)skiptoken=/);
    const again = (await (await fetch(page.nextLink ?? '', { headers: bearer })).json()) as { nextLink?: string };
    expect(again.nextLink).toBe(page.nextLink);
  });

  it('repeatToken (AWS): the SDK sees the same nextToken page after page', async () => {
    const { url } = await serve('aws', [{ service: 'bedrock', operation: 'ListGuardrails', repeatToken: true }]);
    const bedrock = new BedrockClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' } });
    const first = await bedrock.send(new ListGuardrailsCommand({}));
    expect(first.nextToken).toBeTruthy();
    const second = await bedrock.send(new ListGuardrailsCommand({ nextToken: first.nextToken }));
    expect(second.nextToken).toBe(first.nextToken);
    bedrock.destroy();
  });

  it('estate files accept a transport fault without an error code, and reject a redirect that is not a path', () => {
    expect(() => parseEstate('aws:\n  accountId: "111122223333"\n  faults:\n    - { service: bedrock, hang: true }\n', 'ok.yaml')).not.toThrow();
    expect(() => parseEstate('gcp:\n  faults:\n    - { operation: GetIamPolicy, redirect: "https://elsewhere" }\n', 'bad.yaml')).toThrow(
      /path on the fake cloud/,
    );
  });
});
