/**
 * `--shard I/N` and progress in the Azure and GCP collectors: the shards of a scan are disjoint,
 * together they are the unsharded scan's scopes, a scope of another shard is never read, and the
 * progress sink hears every scope (and GCP location) planned and done.
 */
import { describe, expect, it } from 'vitest';
import { collectAzure } from '../../collectors/azure/index.ts';
import { collectGcp } from '../../collectors/gcp/index.ts';
import { startFakeCloud, type FakeCloud, type FakeCloudRequest } from '../../fakecloud/server.ts';
import type { AzureEstateInput } from '../../fakecloud/azure-estate.ts';
import type { GcpEstateInput } from '../../fakecloud/gcp-estate.ts';
import { ProgressTally } from '../../src/collect/progress.ts';
import { shardOf, type Shard } from '../../src/collect/shard.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import { azureToken, googleToken } from './helpers.ts';

const count = 12;
const tenantId = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const subscriptionIds = Array.from({ length: count }, (_, index) => `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`);
const projectIds = Array.from({ length: count }, (_, index) => `ai-shard-${String(index + 1).padStart(3, '0')}`);

const azureEstate: AzureEstateInput = {
  tenantId,
  managementGroups: [
    { name: 'contoso-root', subscriptions: subscriptionIds.slice(0, 6) },
    { name: 'contoso-ai', parent: 'contoso-root', subscriptions: subscriptionIds.slice(6) },
  ],
  subscriptions: subscriptionIds.map((subscriptionId, index) => ({ subscriptionId, displayName: `Subscription ${index + 1}` })),
};

const gcpEstate: GcpEstateInput = {
  organizations: [{ id: '999' }],
  folders: [
    { id: '111', parent: 'organizations/999' },
    { id: '222', parent: 'folders/111' },
  ],
  projects: projectIds.map((projectId, index) => ({
    projectId,
    projectNumber: String(700000000000 + index),
    parent: index % 3 === 0 ? 'organizations/999' : index % 3 === 1 ? 'folders/111' : 'folders/222',
    vertexApi: 'ENABLED' as const,
    locations: ['us-central1', 'europe-west4'],
  })),
};

type Collect = (cloud: FakeCloud, shard: Shard | undefined, progress: ProgressTally) => Promise<CollectResult>;

const collectors: Array<{
  provider: 'azure' | 'gcp';
  ids: string[];
  serve: () => Promise<FakeCloud>;
  collect: Collect;
  about: (request: FakeCloudRequest, id: string) => boolean;
}> = [
  {
    provider: 'azure',
    ids: subscriptionIds,
    serve: () => startFakeCloud({ azure: azureEstate }),
    collect: (cloud, shard, progress) =>
      collectAzure({
        endpoint: cloud.url,
        credential: azureToken,
        managementGroup: 'contoso-root',
        scheduler: { baseDelayMs: 1 },
        progress,
        ...(shard ? { shard } : {}),
      }),
    about: (request, id) => request.region === id,
  },
  {
    provider: 'gcp',
    ids: projectIds,
    serve: () => startFakeCloud({ gcp: gcpEstate }),
    collect: (cloud, shard, progress) =>
      collectGcp({
        endpoint: cloud.url,
        authClient: googleToken(),
        organization: '999',
        locations: ['us', 'us-central1'],
        scheduler: { baseDelayMs: 1 },
        progress,
        ...(shard ? { shard } : {}),
      }),
    // Discovery lists every project (Projects_List under its parent); only the per-project reads count.
    about: (request, id) => request.operation !== 'Projects_List' && request.region === id,
  },
];

describe.each(collectors)('--shard and progress: $provider', ({ provider, ids, serve, collect, about }) => {
  it('shards 1/2 and 2/2 are disjoint and together the unsharded scan; another shard’s scopes are never read', async () => {
    const cloud = await serve();
    try {
      const run = async (shard: Shard | undefined) => {
        const before = cloud.requests.length;
        const progress = new ProgressTally();
        const result = await collect(cloud, shard, progress);
        return { result, progress: progress.total(), requests: cloud.requests.slice(before) };
      };
      const all = await run(undefined);
      const first = await run({ index: 1, count: 2 });
      const second = await run({ index: 2, count: 2 });
      const scopes = (scan: { result: CollectResult }) => scan.result.inventory.scopes.map((scope) => scope.id.toLowerCase()).sort();

      expect(scopes(all)).toEqual([...ids].sort());
      expect(scopes(first).length).toBeGreaterThan(0);
      expect(scopes(second).length).toBeGreaterThan(0);
      expect(scopes(first).filter((id) => scopes(second).includes(id))).toEqual([]);
      expect([...scopes(first), ...scopes(second)].sort()).toEqual(scopes(all));
      // The partition is the shared one (`shardOf`), so every collector and `aiposture merge` agree on it.
      expect(scopes(first)).toEqual(ids.filter((id) => shardOf(provider, id.toLowerCase(), 2) === 1).sort());
      // Scopes of the other shard are discovered but never read.
      for (const id of scopes(second)) expect(first.requests.filter((request) => about(request, id))).toEqual([]);
      for (const id of scopes(first)) expect(second.requests.filter((request) => about(request, id))).toEqual([]);
      // The resources of the two shards add up to the unsharded scan's.
      const resources = (scan: { result: CollectResult }) => scan.result.inventory.resources.map((resource) => `${resource.type} ${resource.id}`.toLowerCase());
      expect([...new Set([...resources(first), ...resources(second)])].sort()).toEqual([...new Set(resources(all))].sort());

      for (const scan of [all, first, second]) {
        expect(scan.progress.scopes).toEqual({ planned: scan.result.inventory.scopes.length, done: scan.result.inventory.scopes.length });
        expect(scan.progress.calls).toBe(scan.result.calls.length);
      }
      if (provider === 'gcp') {
        // Each project's Model Armor and Vertex locations: 2 + 2.
        expect(all.progress.regions).toEqual({ planned: 4 * count, done: 4 * count });
        expect(first.progress.regions.planned).toBe(4 * scopes(first).length);
      }
    } finally {
      await cloud.close();
    }
  });
});
