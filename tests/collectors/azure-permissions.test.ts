import { createHttpHeaders, type PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { AzureClientFactory } from '../../collectors/azure/clients.ts';
import { azureEndpoint } from '../../collectors/azure/credentials.ts';
import { azureLeastPrivilegeRole, azureOperationFor, azureOperations } from '../../collectors/azure/operations.ts';
import { InputError } from '../../src/errors.ts';

const token = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('Azure read-only allow-list', () => {
  it('grants only read permissions, never keys', () => {
    const role = azureLeastPrivilegeRole();
    expect(role.Actions.length).toBe(new Set(azureOperations.map((operation) => operation.permission)).size);
    for (const action of role.Actions) expect(action).toMatch(/\/read$/);
    expect(JSON.stringify(role)).not.toMatch(/listKeys|regenerateKey|\*/i);
    expect(role.DataActions).toEqual([]);
  });

  it('matches only GET requests on the listed routes', () => {
    const account = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a';
    expect(azureOperationFor('GET', `${account}/deployments`)?.name).toBe('Deployments_List');
    expect(azureOperationFor('POST', `${account}/listKeys`)).toBeUndefined();
    expect(azureOperationFor('GET', `${account}/listKeys`)).toBeUndefined();
    expect(azureOperationFor('PUT', `${account}/deployments`)).toBeUndefined();
  });

  it('refuses a call that is not on the allow-list before it is sent', async () => {
    const sent: string[] = [];
    const calls: unknown[] = [];
    const factory = new AzureClientFactory(token, azureEndpoint(undefined), {
      httpClient: {
        async sendRequest(request: PipelineRequest) {
          sent.push(request.url);
          return { request, status: 200, headers: createHttpHeaders(), bodyAsText: '{"key1":"secret"}' };
        },
      },
      onCall: (call) => calls.push(call),
    });
    await expect(factory.cognitiveServices('s').accounts.listKeys('rg', 'a')).rejects.toThrow(/Refusing POST .*listKeys: not on the read-only allow-list/);
    expect(sent).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('accepts https endpoints and plain http only for loopback hosts', () => {
    expect(azureEndpoint('https://management.usgovcloudapi.net/')).toEqual({
      url: 'https://management.usgovcloudapi.net',
      scope: 'https://management.usgovcloudapi.net/.default',
      insecureLoopback: false,
    });
    expect(azureEndpoint('http://127.0.0.1:8443')).toMatchObject({ insecureLoopback: true, scope: 'https://management.azure.com/.default' });
    expect(() => azureEndpoint('http://10.0.0.5:8080')).toThrow(InputError);
    expect(() => azureEndpoint('http://10.0.0.5:8080')).toThrow(/plain http is only accepted for loopback hosts/);
    expect(() => azureEndpoint('ftp://x')).toThrow(/unsupported scheme/);
  });
});
