/**
 * The benchmark's synthetic organisations (bench/org-estates.ts): valid estate files, seeded
 * (the same seed, the same estate), the AWS one with skewed placement within AWS's limits.
 */
import { describe, expect, it } from 'vitest';
import { awsOrgEstate, azureOrgEstate, gcpOrgEstate } from '../../bench/org-estates.ts';
import { estateFileSchema } from '../../fakecloud/server.ts';

const serving = { latencyMs: 7, pageSize: 20, rateLimit: { perKeyPerSecond: 10, burst: 10 }, randomThrottle: { rate: 0.02, retryAfter: 0.2 } };

describe('org estates', () => {
  it('AWS: every guardrail placed, at most 100 per account and region, most regions empty, served at the estate’s latency', async () => {
    const estate = await awsOrgEstate({ accounts: 12, guardrails: 1500, seed: 7 }, serving);
    const parsed = estateFileSchema.parse(estate).aws;
    const accounts = parsed?.organization?.accounts ?? [];
    expect(accounts).toHaveLength(11);
    const perRegion = accounts.flatMap((account) => Object.values(account.estate.regions).map((region) => region.guardrails.length));
    expect(perRegion.reduce((sum, count) => sum + count, 0)).toBe(1500);
    expect(Math.max(...perRegion)).toBeLessThanOrEqual(100);
    // Skewed: a few used regions per account out of 17.
    expect(Math.max(...accounts.map((account) => Object.keys(account.estate.regions).length))).toBeLessThanOrEqual(4);
    expect(accounts.every((account) => account.estate.latencyMs === 7 && account.estate.pageSize === 20)).toBe(true);
    expect(parsed?.rateLimit).toEqual(serving.rateLimit);
    expect(JSON.stringify(await awsOrgEstate({ accounts: 12, guardrails: 1500, seed: 7 }, serving))).toBe(JSON.stringify(estate));
  });

  it('Azure and GCP: valid estates of the asked size', async () => {
    const azure = estateFileSchema.parse(await azureOrgEstate({ subscriptions: 5, seed: 1 }, serving)).azure;
    expect(azure?.subscriptions).toHaveLength(5);
    const gcp = estateFileSchema.parse(await gcpOrgEstate({ projects: 9, folders: 2, modelArmorShare: 0.5, seed: 1 }, serving)).gcp;
    expect(gcp?.projects).toHaveLength(9);
    expect(gcp?.folders).toHaveLength(6);
  });
});
