/**
 * GCP usage metrics through the real Cloud Monitoring client (MetricServiceClient, REST fallback)
 * against the fake cloud: a few bounded timeSeries.list calls per project whatever the number of
 * models, each series summed over the window by the API (not by us), endpoint deployed models in
 * the inventory, and "metrics denied" as a denied listing with no series — never zero usage.
 */
import { describe, expect, it } from 'vitest';
import { collectGcp, type GcpCollectOptions } from '../../collectors/gcp/index.ts';
import { startFakeCloud } from '../../fakecloud/server.ts';
import type { GcpEstateInput } from '../../fakecloud/gcp-estate.ts';
import { gcpUsageMetrics } from '../../src/model/gcp.ts';
import type { GcpVertexEndpoint } from '../../src/model/gcp.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { googleToken } from '../e2e/helpers.ts';

const day = 86_400_000;
const to = new Date('2026-03-01T00:00:00Z');
const window = { from: new Date(to.getTime() - 30 * day), to };

const invocations = (model: string, location: string, perDay: number, extra: { publisher?: string; method?: string; since?: string } = {}) => ({
  metric: { type: gcpUsageMetrics.publisherInvocations.metric, labels: { method: extra.method ?? 'GenerateContent', response_code: '200' } },
  resource: {
    type: gcpUsageMetrics.publisherInvocations.resource,
    labels: { location, publisher: extra.publisher ?? 'google', model_user_id: model, model_version_id: '', resource_container: '500000000001' },
  },
  perDay,
  ...(extra.since ? { since: extra.since } : {}),
});

function estate(): GcpEstateInput {
  return {
    organizations: [{ id: '999' }],
    projects: [
      {
        projectId: 'ai-metrics-1',
        projectNumber: '500000000001',
        parent: 'organizations/999',
        vertexApi: 'ENABLED',
        locations: ['us-central1'],
        endpoints: {
          'us-central1': [
            {
              name: '7001',
              displayName: 'fraud-scorer',
              deployedModels: [{ id: '9001', model: 'projects/500000000001/locations/us-central1/models/fraud', displayName: 'fraud-v3', modelVersionId: '3' }],
            },
          ],
        },
        timeSeries: [
          invocations('gemini-2.0-flash-001', 'us-central1', 1000),
          // The same model answering 4xx: another raw series, summed into the same group by the API.
          {
            ...invocations('gemini-2.0-flash-001', 'us-central1', 10),
            metric: { type: gcpUsageMetrics.publisherInvocations.metric, labels: { method: 'GenerateContent', response_code: '429' } },
          },
          invocations('claude-3-5-sonnet-v2', 'us-east5', 200, { publisher: 'anthropic', method: 'RawPredict' }),
          // Started 10 days before the window's end: only those days count.
          invocations('gemini-2.5-pro', 'europe-west4', 30, { since: new Date(to.getTime() - 10 * day).toISOString() }),
          {
            metric: { type: gcpUsageMetrics.endpointPredictions.metric, labels: { deployed_model_id: '9001', response_code: '200' } },
            resource: { type: gcpUsageMetrics.endpointPredictions.resource, labels: { location: 'us-central1', endpoint_id: '7001' } },
            perDay: 50,
          },
          {
            metric: { type: gcpUsageMetrics.modelArmorRequests.metric, labels: { response_code: '200', protocol: 'http' } },
            resource: {
              type: 'consumed_api',
              labels: {
                service: 'modelarmor.googleapis.com',
                method: 'google.cloud.modelarmor.v1.ModelArmor.SanitizeUserPrompt',
                location: 'us-central1',
                version: 'v1',
              },
            },
            perDay: 40,
          },
          // Another API's requests: not Model Armor, filtered out by the query.
          {
            metric: { type: gcpUsageMetrics.modelArmorRequests.metric, labels: { response_code: '200' } },
            resource: { type: 'consumed_api', labels: { service: 'aiplatform.googleapis.com', method: 'GenerateContent', location: 'us-central1' } },
            perDay: 5000,
          },
        ],
      },
      { projectId: 'ai-metrics-2', projectNumber: '500000000002', parent: 'organizations/999', vertexApi: 'ENABLED', locations: ['us-central1'] },
    ],
  };
}

async function scan(input: GcpEstateInput, options: Partial<GcpCollectOptions> = {}) {
  const cloud = await startFakeCloud({ gcp: input });
  try {
    const result = await collectGcp({
      endpoint: cloud.url,
      authClient: googleToken(),
      locations: ['us'],
      scheduler: { baseDelayMs: 1 },
      projects: ['ai-metrics-1', 'ai-metrics-2'],
      metricsWindow: window,
      ...options,
    });
    return { result, requests: [...cloud.requests] };
  } finally {
    await cloud.close();
  }
}

const seriesOf = (resources: readonly { type: string }[]) => resources.filter((resource): resource is MetricSeries => resource.type === 'metric.series');

describe('GCP usage metrics (Cloud Monitoring timeSeries.list)', () => {
  it('reads each project with three aggregated queries and gets one summed series per model, endpoint model and method', async () => {
    const { result, requests } = await scan(estate());
    const timeSeriesCalls = result.calls.filter((call) => call.operation === 'TimeSeries_List');
    // Three queries per project, whatever the number of models: never one call per model or metric.
    expect(timeSeriesCalls).toHaveLength(6);
    expect(requests.filter((request) => request.operation === 'TimeSeries_List' && request.status !== 200)).toEqual([]);
    const series = seriesOf(result.inventory.resources);
    const byModel = (model: string) => series.find((entry) => entry.dimensions.model_user_id === model);
    // 1000/day + 10/day (429s) over 30 days, summed by the API into one group per model.
    expect(byModel('gemini-2.0-flash-001')).toMatchObject({
      scope: { type: 'project', id: 'ai-metrics-1' },
      region: 'us-central1',
      metric: gcpUsageMetrics.publisherInvocations.metric,
      dimensions: { location: 'us-central1', publisher: 'google', model_user_id: 'gemini-2.0-flash-001', method: 'GenerateContent' },
      statistic: 'ALIGN_SUM',
      sum: 30_300,
      datapoints: 1,
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
    });
    expect(byModel('gemini-2.0-flash-001')?.dimensions).not.toHaveProperty('response_code');
    expect(byModel('claude-3-5-sonnet-v2')).toMatchObject({ region: 'us-east5', sum: 6000, dimensions: { publisher: 'anthropic', method: 'RawPredict' } });
    expect(byModel('gemini-2.5-pro')?.sum).toBe(300);
    expect(series.find((entry) => entry.dimensions.endpoint_id === '7001')).toMatchObject({ sum: 1500, dimensions: { deployed_model_id: '9001' } });
    const armor = series.filter((entry) => entry.metric === gcpUsageMetrics.modelArmorRequests.metric);
    expect(armor).toHaveLength(1);
    expect(armor[0]).toMatchObject({ sum: 1200, dimensions: { method: 'google.cloud.modelarmor.v1.ModelArmor.SanitizeUserPrompt' } });
    // A project without usage: the listing is ok, and there is simply no series.
    const listings = result.inventory.listings.filter((entry) => entry.resourceType === 'metric.series');
    expect(listings.map((entry) => [entry.scope.id, entry.status])).toEqual(
      expect.arrayContaining([
        ['ai-metrics-1', 'ok'],
        ['ai-metrics-2', 'ok'],
      ]),
    );
    expect(series.filter((entry) => entry.scope.id === 'ai-metrics-2')).toEqual([]);
    // The endpoint carries its deployed models from the list response.
    const endpoint = result.inventory.resources.find((resource): resource is GcpVertexEndpoint => resource.type === 'gcp.vertex-endpoint');
    expect(endpoint?.deployedModels).toEqual([
      { id: '9001', model: 'projects/500000000001/locations/us-central1/models/fraud', displayName: 'fraud-v3', modelVersionId: '3' },
    ]);
  });

  it('pages a query with many models, one scheduled call per page', async () => {
    const input = estate();
    const project = input.projects?.[1];
    if (!project) throw new Error('fixture');
    project.timeSeries = Array.from({ length: 7 }, (_, index) => invocations(`gemini-model-${index}`, 'us-central1', 10 + index));
    const { result } = await scan({ ...input, pageSize: 3 }, { projects: ['ai-metrics-2'] });
    // 7 groups over pages of 3: three pages for the invocations, one each for the two other queries.
    expect(result.calls.filter((call) => call.operation === 'TimeSeries_List')).toHaveLength(5);
    expect(seriesOf(result.inventory.resources)).toHaveLength(7);
  });

  it('files denied metrics as a denied listing with no series (never zero usage)', async () => {
    const { result } = await scan({ ...estate(), faults: [{ project: 'ai-metrics-1', operation: 'TimeSeries_List', code: 'PERMISSION_DENIED' }] });
    const listing = result.inventory.listings.find((entry) => entry.resourceType === 'metric.series' && entry.scope.id === 'ai-metrics-1');
    expect(listing?.status).toBe('denied');
    expect(listing?.message).toMatch(/monitoring\.timeSeries\.list/);
    expect(seriesOf(result.inventory.resources).filter((entry) => entry.scope.id === 'ai-metrics-1')).toEqual([]);
    // The other project is unaffected.
    expect(result.inventory.listings.find((entry) => entry.resourceType === 'metric.series' && entry.scope.id === 'ai-metrics-2')?.status).toBe('ok');
  });

  it('reads no metrics without a window (a collector used on its own), and files nothing', async () => {
    const { result } = await scan(estate(), { metricsWindow: undefined });
    expect(result.calls.filter((call) => call.operation === 'TimeSeries_List')).toEqual([]);
    const listing = result.inventory.listings.find((entry) => entry.resourceType === 'metric.series' && entry.scope.id === 'ai-metrics-1');
    expect(listing).toBeUndefined();
  });
});
