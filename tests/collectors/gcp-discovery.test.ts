/**
 * GCP organisation and folder scans at scale, through the real Google clients against the fake
 * cloud: the folder tree is walked concurrently (a level at a time at most, not a folder at a
 * time), projects and folders found by a listing are not read again (no Projects_Get, no
 * Folders_Get), a listing that fails is a coverage gap, and a project with Model Armor off costs
 * one template request, not one per location.
 */
import { describe, expect, it } from 'vitest';
import { collectGcp, type GcpCollectOptions } from '../../collectors/gcp/index.ts';
import { modelArmorLocations } from '../../collectors/gcp/locations.ts';
import { startFakeCloud, type FakeCloud } from '../../fakecloud/server.ts';
import type { GcpEstateInput } from '../../fakecloud/gcp-estate.ts';
import { ScanAbortedError } from '../../src/errors.ts';
import type { GcpProject } from '../../src/model/gcp.ts';
import { googleToken } from '../e2e/helpers.ts';

/** Organisation 999 → folders 1..4 → folders 11, 12, 21, 22, … → one project in each leaf, and one directly under the organisation. */
function tree(latencyMs = 0): GcpEstateInput {
  const top = [1, 2, 3, 4];
  const leaves = top.flatMap((id) => [id * 10 + 1, id * 10 + 2]);
  return {
    latencyMs,
    organizations: [{ id: '999' }],
    folders: [
      ...top.map((id) => ({ id: String(id), parent: 'organizations/999' })),
      ...leaves.map((id) => ({ id: String(id), parent: `folders/${Math.floor(id / 10)}` })),
    ],
    projects: [
      { projectId: 'ai-org-level', projectNumber: '500000000000', parent: 'organizations/999', vertexApi: 'ENABLED', locations: ['us-central1'] },
      ...leaves.map((id) => ({
        projectId: `ai-leaf-${id}`,
        projectNumber: String(500000000000 + id),
        parent: `folders/${id}`,
        vertexApi: 'ENABLED' as const,
        locations: ['us-central1'],
        labels: { team: `team-${id}` },
      })),
    ],
  };
}

async function scan(estate: GcpEstateInput, options: Partial<GcpCollectOptions>) {
  const cloud: FakeCloud = await startFakeCloud({ gcp: estate });
  try {
    const result = await collectGcp({ endpoint: cloud.url, authClient: googleToken(), locations: ['us'], scheduler: { baseDelayMs: 1 }, ...options });
    return { result, requests: [...cloud.requests] };
  } finally {
    await cloud.close();
  }
}

const projectsOf = (resources: readonly { type: string }[]) => resources.filter((resource): resource is GcpProject => resource.type === 'gcp.project');

describe('GCP --organization / --folders at scale', () => {
  it('walks the folder tree concurrently, one round trip per level, not per folder', async () => {
    const latency = 150;
    // Only the hierarchy: no project reads (and no client building) compete with the walk for the CPU.
    const { result, requests } = await scan({ ...tree(latency), projects: [] }, { organization: '999' });
    expect(result.inventory.scopes).toEqual([]);
    const arrivals = (parents: string[]) =>
      requests.filter((request) => request.operation === 'Folders_List' && parents.includes(request.region)).map((request) => request.at);
    const second = arrivals(['folders/1', 'folders/2', 'folders/3', 'folders/4']);
    const third = arrivals(['folders/11', 'folders/12', 'folders/21', 'folders/22', 'folders/31', 'folders/32', 'folders/41', 'folders/42']);
    expect(second).toHaveLength(4);
    expect(third).toHaveLength(8);
    // Walked one folder at a time, n listings of a level would arrive at least (n − 1) served
    // latencies apart; concurrently they arrive together. Half that bound leaves room for a loaded
    // CI runner (a Node 22 run once spread 8 concurrent listings over 91 ms).
    const sequentialSpread = (count: number) => (count - 1) * latency;
    expect(Math.max(...second) - Math.min(...second)).toBeLessThan(sequentialSpread(second.length) / 2);
    expect(Math.max(...third) - Math.min(...third)).toBeLessThan(sequentialSpread(third.length) / 2);
    expect(Math.min(...third) - Math.min(...second)).toBeGreaterThanOrEqual(latency - 5);
  });

  it('reads a listed project and a listed folder once: no Projects_Get, no Folders_Get; the ancestry is the same', async () => {
    const { result, requests } = await scan(tree(), { organization: '999' });
    const operations = new Set(requests.map((request) => request.operation));
    expect(operations.has('Projects_Get')).toBe(false);
    expect(operations.has('Folders_Get')).toBe(false);
    const leaf = projectsOf(result.inventory.resources).find((project) => project.projectId === 'ai-leaf-32');
    expect(leaf).toMatchObject({
      source: { kind: 'api', api: 'Projects_List' },
      projectNumber: '500000000032',
      ancestors: ['folders/32', 'folders/3', 'organizations/999'],
      tags: { team: 'team-32' },
      vertexApiEnabled: true,
    });
    expect(result.inventory.listings).toContainEqual(
      expect.objectContaining({ scope: expect.objectContaining({ id: 'ai-leaf-32' }), resourceType: 'gcp.project', collector: 'Projects_List', status: 'ok' }),
    );
    // The same projects through --projects: each read by Projects_Get, the folders above by Folders_Get, same facts.
    const byId = await scan(tree(), { projects: ['ai-leaf-32'] });
    expect(byId.requests.filter((request) => request.operation === 'Projects_Get')).toHaveLength(1);
    expect(byId.requests.filter((request) => request.operation === 'Folders_Get')).toHaveLength(2);
    const { source: _listed, ...fromList } = leaf as GcpProject;
    const { source: _got, ...fromGet } = projectsOf(byId.result.inventory.resources)[0] as GcpProject;
    expect(fromGet).toEqual(fromList);
  });

  it('--folders: the root folder, whose parent no listing names, is read once by Folders_Get', async () => {
    const { result, requests } = await scan(tree(), { folders: ['3'] });
    expect(result.inventory.scopes.map((scope) => scope.id)).toEqual(['ai-leaf-31', 'ai-leaf-32']);
    expect(requests.filter((request) => request.operation === 'Folders_Get').map((request) => request.region)).toEqual(['folders/3']);
    expect(projectsOf(result.inventory.resources).map((project) => project.ancestors)).toEqual([
      ['folders/31', 'folders/3', 'organizations/999'],
      ['folders/32', 'folders/3', 'organizations/999'],
    ]);
  });

  it('a folder whose listing is denied is a coverage gap of that folder; the rest is scanned; nothing listed aborts', async () => {
    const estate = tree();
    estate.faults = [
      { owner: 'folders/2', operation: 'Folders_List', status: 403 },
      { owner: 'folders/2', operation: 'Projects_List', status: 403 },
    ];
    const { result } = await scan(estate, { organization: '999' });
    expect(result.inventory.scopes.map((scope) => scope.id)).not.toContain('ai-leaf-21');
    expect(result.inventory.scopes).toHaveLength(7);
    const gaps = result.inventory.listings.filter((entry) => entry.status !== 'ok');
    expect(gaps.map((entry) => [entry.scope.type, entry.scope.id, entry.collector, entry.status]).sort()).toEqual([
      ['folder', '2', 'Folders_List', 'denied'],
      ['folder', '2', 'Projects_List', 'denied'],
    ]);
    expect(gaps[0]?.message).toMatch(/^folders\/2: the (folders|projects) below it could not be listed \(some projects may be missing\): PERMISSION_DENIED/);

    const denied = tree();
    denied.faults = [{ owner: 'organizations/999', status: 403 }];
    await expect(scan(denied, { organization: '999' })).rejects.toThrow(ScanAbortedError);
    await expect(scan(denied, { organization: '999' })).rejects.toThrow(/^Projects under organizations\/999 could not be listed \(PERMISSION_DENIED/);
  });

  it('Model Armor off in a project: one template request, every location filed unsupported as before', async () => {
    const estate = tree();
    const project = estate.projects?.[1];
    if (project) project.modelArmorApi = 'DISABLED';
    const { result, requests } = await scan(estate, { organization: '999', locations: modelArmorLocations });
    const templateCalls = (projectId: string) => requests.filter((request) => request.operation === 'Templates_List' && request.region === projectId);
    expect(templateCalls(project?.projectId ?? '')).toHaveLength(1);
    expect(templateCalls('ai-org-level')).toHaveLength(modelArmorLocations.length);
    const filed = result.inventory.listings.filter((entry) => entry.scope.id === project?.projectId && entry.collector === 'Templates_List');
    expect(filed.map((entry) => entry.region).sort()).toEqual([...modelArmorLocations].sort());
    expect(new Set(filed.map((entry) => entry.status))).toEqual(new Set(['unsupported']));
    expect(new Set(filed.map((entry) => entry.message)).size).toBe(1);
    expect(filed[0]?.message).toMatch(/Model Armor API has not been used in project/);
  });
});
