/**
 * Azure Monitor metrics per AI account (spec §12): the real @azure/arm-monitor client against the
 * fake Resource Manager. One Metrics_List call per account asks for every metric at once, split
 * by ModelDeploymentName; each (metric, deployment) becomes a `metric.series` with its window
 * total; a denied read is a `metric.series` listing with status denied and the account's
 * `readErrors.metrics`, never zeros.
 */
import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { collectAzure } from '../../collectors/azure/index.ts';
import { azureLeastPrivilegeRole, azureOperationFor } from '../../collectors/azure/operations.ts';
import type { AzureEstateInput } from '../../fakecloud/azure-estate.ts';
import { startFakeCloud } from '../../fakecloud/server.ts';
import type { AzureAccount, AzureDeployment } from '../../src/model/azure.ts';
import { azureUsageMetricNames } from '../../src/model/azure.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';

const SUB = '00000000-0000-0000-0000-0000000000a1';
const TENANT = '00000000-0000-0000-0000-0000000000f0';
const accountId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/${name}`;
const token = { getToken: async () => ({ token: 'loopback-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const to = new Date('2025-06-30T00:00:00Z');
const window = { from: new Date(to.getTime() - 30 * 86_400_000), to };

/** Eleven deployments on one account: more than the 10 series Azure Monitor returns per metric unless `top` says otherwise. */
const many = Array.from({ length: 11 }, (_, index) => `chat-${index}`);

function estate(faults: AzureEstateInput['faults'] = []): AzureEstateInput {
  return {
    tenantId: TENANT,
    faults,
    subscriptions: [
      {
        subscriptionId: SUB,
        displayName: 'AI',
        accounts: [
          {
            account: { id: accountId('aoai-prod'), location: 'swedencentral', kind: 'OpenAI' },
            deployments: [
              {
                name: 'gpt-4o',
                sku: { name: 'GlobalStandard', capacity: 450 },
                properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }, raiPolicyName: 'org-strict' },
              },
              { name: 'embeddings', properties: { model: { format: 'OpenAI', name: 'text-embedding-3-large', version: '1' } } },
            ],
            metrics: {
              AzureOpenAIRequests: { 'gpt-4o': 41_230, embeddings: 9_000 },
              RAIRejectedRequests: { 'gpt-4o': 866 },
              RAIHarmfulRequests: { 'gpt-4o': 1_020 },
            },
          },
          {
            account: { id: accountId('foundry-dev'), location: 'eastus2', kind: 'AIServices' },
            deployments: many.map((name) => ({ name, properties: { model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' } } })),
            metrics: { ModelRequests: Object.fromEntries(many.map((name, index) => [name, 100 + index])) },
          },
          // Not an AI kind and no deployments: its metrics are not read.
          { account: { id: accountId('speech'), location: 'westeurope', kind: 'SpeechServices' } },
        ],
      },
    ],
  };
}

async function collect(faults: AzureEstateInput['faults'] = []) {
  const cloud = await startFakeCloud({ azure: estate(faults) });
  // The real transport, with every URL sent noted (the fake's request log keeps no query).
  const transport = createDefaultHttpClient();
  const urls: URL[] = [];
  try {
    const result = await collectAzure({
      endpoint: cloud.url,
      credential: token,
      metricsWindow: window,
      scheduler: { baseDelayMs: 1 },
      httpClient: { sendRequest: (request) => (urls.push(new URL(request.url)), transport.sendRequest(request)) },
    });
    return { result, requests: cloud.requests, urls };
  } finally {
    await cloud.close();
  }
}

const seriesOf = (resources: readonly { type: string }[]) => resources.filter((resource): resource is MetricSeries => resource.type === 'metric.series');
const accountNamed = (resources: readonly { type: string }[], name: string) =>
  resources.find((resource): resource is AzureAccount => resource.type === 'azure.cognitive-account' && (resource as AzureAccount).name === name);

describe('Azure Monitor metrics per AI account', () => {
  it('reads every metric of an account in one Metrics_List call, split by deployment, with the window totals', async () => {
    const { result, requests, urls } = await collect();
    const metricsCalls = requests.filter((request) => request.operation === 'Metrics_List');
    // One call per AI account (the SpeechServices account without deployments is not read).
    expect(metricsCalls.map((request) => [request.status, request.apiVersion])).toEqual([
      [200, '2024-02-01'],
      [200, '2024-02-01'],
    ]);
    expect(result.calls.filter((call) => call.operation === 'Metrics_List')).toHaveLength(2);

    const series = seriesOf(result.inventory.resources);
    const total = (metric: string, deployment: string) =>
      series.find(
        (entry) => entry.metric === metric && entry.dimensions.ModelDeploymentName === deployment && entry.dimensions['Microsoft.ResourceId'] !== undefined,
      )?.sum;
    expect(total('AzureOpenAIRequests', 'gpt-4o')).toBe(41_230);
    expect(total('AzureOpenAIRequests', 'embeddings')).toBe(9_000);
    expect(total('RAIRejectedRequests', 'gpt-4o')).toBe(866);
    expect(total('RAIHarmfulRequests', 'gpt-4o')).toBe(1_020);
    // No series for a deployment that emitted nothing: absent, not zero.
    expect(total('RAIRejectedRequests', 'embeddings')).toBeUndefined();
    const gpt4o = series.find((entry) => entry.metric === 'AzureOpenAIRequests' && entry.dimensions.ModelDeploymentName === 'gpt-4o');
    expect(gpt4o).toMatchObject({
      provider: 'azure',
      scope: { id: SUB },
      region: 'swedencentral',
      source: { kind: 'api', api: 'Metrics_List' },
      namespace: 'Microsoft.CognitiveServices/accounts',
      statistic: 'Total',
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      datapoints: 30,
      dimensions: { 'Microsoft.ResourceId': accountId('aoai-prod') },
    });
    // All eleven deployments of the AI Services account: the call asks for more than the default 10 series per metric.
    expect(series.filter((entry) => entry.metric === 'ModelRequests')).toHaveLength(11);

    // The request asked for every metric at once, over the window, daily totals, split by deployment.
    const sent = urls.find((url) => url.pathname.endsWith('/providers/Microsoft.Insights/metrics'));
    expect(sent?.pathname).toBe(`${accountId('aoai-prod')}/providers/Microsoft.Insights/metrics`);
    expect(Object.fromEntries(sent?.searchParams ?? [])).toMatchObject({
      metricnames: azureUsageMetricNames.join(','),
      timespan: `${window.from.toISOString()}/${window.to.toISOString()}`,
      interval: 'P1D',
      aggregation: 'Total',
      $filter: "ModelDeploymentName eq '*'",
    });

    expect(accountNamed(result.inventory.resources, 'aoai-prod')?.metricsReadOver).toEqual({ from: window.from.toISOString(), to: window.to.toISOString() });
    expect(accountNamed(result.inventory.resources, 'speech')?.metricsReadOver).toBeUndefined();
    expect(result.inventory.listings.filter((entry) => entry.resourceType === 'metric.series').map((entry) => [entry.region, entry.status])).toEqual(
      expect.arrayContaining([
        ['swedencentral', 'ok'],
        ['eastus2', 'ok'],
      ]),
    );

    // The inventory carries what Deployments_List says about each deployment: model, SKU and capacity, content filter.
    const deployment = result.inventory.resources.find(
      (resource): resource is AzureDeployment => resource.type === 'azure.deployment' && resource.name === 'gpt-4o',
    );
    expect(deployment).toMatchObject({
      modelFormat: 'OpenAI',
      modelName: 'gpt-4o',
      modelVersion: '2024-11-20',
      skuName: 'GlobalStandard',
      skuCapacity: 450,
      raiPolicyName: 'org-strict',
    });
  });

  it('a denied metrics read is a denied metric.series listing and a read error on the account, with no series', async () => {
    const { result } = await collect([{ operation: 'Metrics_List', accountName: 'aoai-prod', error: 'AuthorizationFailed' }]);
    const listing = result.inventory.listings.find((entry) => entry.resourceType === 'metric.series' && entry.region === 'swedencentral');
    expect(listing).toMatchObject({ status: 'denied', collector: 'Metrics_List' });
    expect(listing?.message).toContain('aoai-prod');
    const account = accountNamed(result.inventory.resources, 'aoai-prod');
    expect(account?.readErrors.metrics).toMatch(/AuthorizationFailed/);
    expect(account?.metricsReadOver).toBeUndefined();
    const series = seriesOf(result.inventory.resources);
    expect(series.filter((entry) => entry.dimensions['Microsoft.ResourceId'] === accountId('aoai-prod'))).toEqual([]);
    // The other account is unaffected.
    expect(series.filter((entry) => entry.dimensions['Microsoft.ResourceId'] === accountId('foundry-dev'))).toHaveLength(11);
  });

  it('without a metrics window no metrics are read', async () => {
    const cloud = await startFakeCloud({ azure: estate() });
    try {
      const result = await collectAzure({ endpoint: cloud.url, credential: token });
      expect(cloud.requests.filter((request) => request.operation === 'Metrics_List')).toEqual([]);
      expect(seriesOf(result.inventory.resources)).toEqual([]);
    } finally {
      await cloud.close();
    }
  });

  it('the metrics read is on the allow-list and in the generated role', () => {
    expect(azureOperationFor('GET', `${accountId('aoai-prod')}/providers/Microsoft.Insights/metrics`)).toMatchObject({
      name: 'Metrics_List',
      permission: 'Microsoft.Insights/metrics/read',
    });
    expect(azureLeastPrivilegeRole().Actions).toContain('Microsoft.Insights/metrics/read');
  });
});
