import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../collectors/aws/index.ts';
import { maxQueriesPerCall } from '../../collectors/aws/metrics.ts';
import { loadEstate, startFakeCloud } from '../../fakecloud/server.ts';
import type { AwsEstate } from '../../fakecloud/aws-estate.ts';
import { createRuleContext } from '../../src/engine/rule.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { deriveAwsFacts } from '../../rules/aws/facts.ts';
import { awsEffectiveness } from '../../rules/aws/effectiveness.ts';
import { awsAiInventory } from '../../rules/aws/inventory.ts';
import { estatePath, staticCredentials } from '../e2e/helpers.ts';

const window = () => ({ from: new Date(Date.now() - 30 * 86_400_000), to: new Date() });

async function collect(estate: AwsEstate, regions: string[], metricsWindow = window()) {
  const cloud = await startFakeCloud({ aws: estate });
  try {
    const result = await collectAws({
      endpoint: cloud.url,
      region: 'us-east-1',
      credentials: staticCredentials,
      regions,
      scheduler: { baseDelayMs: 1 },
      metricsWindow,
    });
    return { result, requests: [...cloud.requests], metricsWindow };
  } finally {
    await cloud.close();
  }
}

function insights(inventory: Inventory, metricsWindow: { from: Date; to: Date }) {
  const context = createRuleContext(inventory, defaultBaseline);
  const facts = deriveAwsFacts(context);
  const insight = { inventory, facts, baseline: defaultBaseline, window: metricsWindow };
  return { effectiveness: awsEffectiveness(insight), assets: awsAiInventory(insight) };
}

const seriesOf = (inventory: Inventory) => inventory.resources.filter((resource): resource is MetricSeries => resource.type === 'metric.series');

describe('AWS usage metrics (CloudWatch, real SDK against the fake cloud)', () => {
  it('reads every series of a region with one GetMetricData call and measures rates, cost and guarded share', async () => {
    const { result, requests, metricsWindow } = await collect(await loadEstate(estatePath('aws-level3.yaml')), ['us-east-1', 'eu-west-1']);
    const getMetricData = requests.filter((request) => request.operation === 'GetMetricData');
    expect(getMetricData.map((request) => request.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(getMetricData.every((request) => request.status === 200)).toBe(true);
    const listings = result.inventory.listings.filter((listing) => listing.resourceType === 'metric.series');
    expect(listings.map((listing) => [listing.region, listing.status]).sort()).toEqual([
      ['eu-west-1', 'ok'],
      ['us-east-1', 'ok'],
    ]);
    const input = seriesOf(result.inventory).find(
      (series) => series.region === 'us-east-1' && series.metric === 'Invocations' && series.dimensions.GuardrailContentSource === 'Input',
    );
    expect(input).toMatchObject({
      namespace: 'AWS/Bedrock/Guardrails',
      sum: 58200,
      statistic: 'Sum',
      source: { kind: 'api', api: 'cloudwatch:GetMetricData' },
    });
    // The Operation-only aggregate is not read: it would count every guardrail again.
    expect(seriesOf(result.inventory).some((series) => 'Operation' in series.dimensions)).toBe(false);

    const { effectiveness, assets } = insights(result.inventory, metricsWindow);
    const usEast = effectiveness?.controls.find((control) => control.region === 'us-east-1');
    expect(usEast).toMatchObject({
      id: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/a7m2x9k4q1w8:1',
      invocations: 116100,
      interventions: 1370,
      interventionRate: 0.0118,
      flags: [],
    });
    // (231,000 × 0.15 + 115,500 × 0.15 + 115,500 × 0.10 + 115,500 × 0) / 1,000 over 30 days.
    expect(usEast?.estimatedCost?.amount).toBeCloseTo(63.53, 1);
    expect(usEast?.estimatedCost?.basis).toContain('https://aws.amazon.com/bedrock/pricing/');
    expect(effectiveness?.guardedShare.find((share) => share.region === 'us-east-1')).toMatchObject({
      modelInvocations: 58200,
      guardedInvocations: 58200,
      share: 1,
      flags: [],
    });
    expect(assets.find((asset) => asset.kind === 'foundation-model' && asset.region === 'us-east-1')).toMatchObject({
      id: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      model: { provider: 'anthropic', name: 'claude-3-5-sonnet-20240620', version: 'v1:0' },
      invoked: true,
    });
  });

  it('batches 600 series into two GetMetricData calls of at most 500 queries (the fake refuses 501, as AWS does)', async () => {
    const estate = await loadEstate(estatePath('aws-level3.yaml'));
    const region = estate.regions['us-east-1'];
    if (!region) throw new Error('fixture');
    region.metrics = Array.from({ length: 600 }, (_, index) => ({
      Namespace: 'AWS/Bedrock',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'ModelId', Value: `vendor.model-${index}-v1:0` }],
      Sum: 10,
    }));
    region.usage = undefined;
    const { result, requests } = await collect(estate, ['us-east-1']);
    expect(requests.filter((request) => request.operation === 'GetMetricData')).toHaveLength(Math.ceil(600 / maxQueriesPerCall));
    const series = seriesOf(result.inventory);
    expect(series).toHaveLength(600);
    expect(series.every((entry) => entry.sum === 10)).toBe(true);

    const cloud = await startFakeCloud({ aws: estate });
    try {
      const client = new CloudWatchClient({ region: 'us-east-1', endpoint: cloud.url, credentials: staticCredentials, maxAttempts: 1 });
      const query = (index: number) => ({
        Id: `q${index}`,
        MetricStat: { Metric: { Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }, Period: 3600, Stat: 'Sum' },
      });
      const { from, to } = window();
      await expect(
        client.send(new GetMetricDataCommand({ MetricDataQueries: Array.from({ length: 501 }, (_, index) => query(index)), StartTime: from, EndTime: to })),
      ).rejects.toThrow(/must not have a size greater than 500/);
      client.destroy();
    } finally {
      await cloud.close();
    }
  });

  it('pages a series whose datapoints exceed MaxDatapoints and adds the pages up', async () => {
    const estate = await loadEstate(estatePath('aws-level3.yaml'));
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const client = new CloudWatchClient({ region: 'us-east-1', endpoint: cloud.url, credentials: staticCredentials, maxAttempts: 1 });
      const { from, to } = window();
      const input = {
        MetricDataQueries: [
          {
            Id: 'm0',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Bedrock',
                MetricName: 'Invocations',
                Dimensions: [{ Name: 'ModelId', Value: 'anthropic.claude-3-5-sonnet-20240620-v1:0' }],
              },
              Period: 86_400,
              Stat: 'Sum',
            },
          },
        ],
        StartTime: from,
        EndTime: to,
        MaxDatapoints: 10,
      };
      const first = await client.send(new GetMetricDataCommand(input));
      expect(first.MetricDataResults?.[0]?.StatusCode).toBe('PartialData');
      expect(first.NextToken).toBeDefined();
      const second = await client.send(new GetMetricDataCommand({ ...input, NextToken: first.NextToken }));
      const all = [...(first.MetricDataResults?.[0]?.Values ?? []), ...(second.MetricDataResults?.flatMap((result) => result.Values ?? []) ?? [])];
      const third = second.NextToken ? await client.send(new GetMetricDataCommand({ ...input, NextToken: second.NextToken })) : undefined;
      all.push(...(third?.MetricDataResults?.flatMap((result) => result.Values ?? []) ?? []));
      expect(all.reduce((sum, value) => sum + value, 0)).toBeGreaterThan(58200 - 31);
      client.destroy();
    } finally {
      await cloud.close();
    }
  });

  it('denied metrics: a denied listing, no series, and null rates and shares with the reason (never 0)', async () => {
    const estate = await loadEstate(estatePath('aws-level3.yaml'));
    estate.faults.push({ service: 'cloudwatch', operation: 'GetMetricData', error: 'AccessDeniedException' });
    const { result, metricsWindow } = await collect(estate, ['us-east-1']);
    expect(result.inventory.listings.find((listing) => listing.resourceType === 'metric.series')).toMatchObject({ status: 'denied', region: 'us-east-1' });
    expect(seriesOf(result.inventory)).toEqual([]);
    const { effectiveness, assets } = insights(result.inventory, metricsWindow);
    expect(effectiveness?.reason).toBe('metrics-denied');
    expect(effectiveness?.controls[0]).toMatchObject({ invocations: null, interventionRate: null, estimatedCost: null, reason: 'metrics-denied' });
    expect(effectiveness?.guardedShare[0]).toMatchObject({ share: null, modelInvocations: null, reason: 'metrics-denied' });
    expect(assets.find((asset) => asset.kind === 'foundation-model')).toMatchObject({ invoked: null, reason: 'metrics-denied' });
  });

  it('without a metrics window (a collector used on its own) no metric call is made and nothing is filed', async () => {
    const estate = await loadEstate(estatePath('aws-level3.yaml'));
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const result = await collectAws({
        endpoint: cloud.url,
        region: 'us-east-1',
        credentials: staticCredentials,
        regions: ['us-east-1'],
        scheduler: { baseDelayMs: 1 },
      });
      expect(cloud.requests.filter((request) => request.operation === 'GetMetricData')).toEqual([]);
      expect(cloud.requests.filter((request) => request.operation === 'ListMetrics')).toHaveLength(1);
      expect(result.inventory.listings.find((listing) => listing.resourceType === 'metric.series')).toBeUndefined();
    } finally {
      await cloud.close();
    }
  });
});
