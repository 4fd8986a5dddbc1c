/**
 * `--management-group`: the subscriptions below a management group (nested groups included),
 * read from its paged descendants by the real @azure/arm-managementgroups client against the fake
 * Resource Manager (fixtures/estates/azure-mg.yaml).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectAzure } from '../../collectors/azure/index.ts';
import { azureLeastPrivilegeRole } from '../../collectors/azure/operations.ts';
import { loadEstateFile, startFakeCloud, type FakeCloudEstate } from '../../fakecloud/server.ts';
import { InputError, ScanAbortedError } from '../../src/errors.ts';
import { registry } from '../../src/providers.ts';
import { defaultPolicy } from '../../src/policy/policy-file.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { runScan } from '../../src/scan.ts';
import { azureToken, estatePath, repoRoot } from './helpers.ts';
import { runMain } from './in-process.ts';

const SHARED = '00000000-0000-0000-0000-000000000011';
const PRODUCTION = '00000000-0000-0000-0000-000000000012';
const RESEARCH = '00000000-0000-0000-0000-000000000013';
const SANDBOX = '00000000-0000-0000-0000-000000000014';
const BUILT_IN = '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc';

async function withCloud<T>(edit: (estate: FakeCloudEstate) => void, use: (cloud: Awaited<ReturnType<typeof startFakeCloud>>) => Promise<T>): Promise<T> {
  const estate = await loadEstateFile(estatePath('azure-mg.yaml'));
  edit(estate);
  const cloud = await startFakeCloud(estate);
  try {
    return await use(cloud);
  } finally {
    await cloud.close();
  }
}

const pageSize = (size: number) => (estate: FakeCloudEstate) => {
  if (estate.azure) estate.azure.pageSize = size;
};

const scopeIds = (scopes: ReadonlyArray<{ id: string }>) => scopes.map((scope) => scope.id).sort();

describe('Azure --management-group', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('scans every subscription below the group, nested groups included, from the paged descendants', async () => {
    await withCloud(pageSize(2), async (cloud) => {
      const result = await collectAzure({ endpoint: cloud.url, credential: azureToken, managementGroup: 'contoso-root', scheduler: { baseDelayMs: 1 } });
      expect(scopeIds(result.inventory.scopes)).toEqual([SHARED, PRODUCTION, RESEARCH]);
      expect(result.inventory.scopes.find((scope) => scope.id === RESEARCH)?.name).toBe('Contoso AI Research');
      // Four descendants (a group and three subscriptions), two per page: two requests, both on the allow-list.
      const descendants = cloud.requests.filter((request) => request.operation === 'ManagementGroups_GetDescendants');
      expect(descendants.map((request) => [request.status, request.apiVersion])).toEqual([
        [200, '2021-04-01'],
        [200, '2021-04-01'],
      ]);
      expect(result.calls.filter((call) => call.operation === 'ManagementGroups_GetDescendants')).toHaveLength(2);
      // The sandbox (in no group) is never read; the tenant-wide listing is read once, for the subscriptions' states only.
      expect(cloud.requests.some((request) => request.region === SANDBOX)).toBe(false);
      expect(cloud.requests.filter((request) => request.operation === 'Subscriptions_List').length).toBeGreaterThanOrEqual(1);
      // The built-in definition every subscription inherits is read once for the scan, not once per subscription.
      expect(cloud.requests.filter((request) => request.operation === 'PolicyDefinitions_GetBuiltIn')).toHaveLength(1);
      const assignments = result.inventory.resources.filter((resource) => resource.type === 'azure.policy-assignment');
      expect(assignments.map((assignment) => assignment.scope.id).sort()).toEqual([SHARED, PRODUCTION, RESEARCH]);
      for (const assignment of assignments)
        expect(assignment).toMatchObject({ controls: [{ control: 'local-auth', effect: 'Audit', definitionId: BUILT_IN }] });
      expect(result.inventory.listings.filter((entry) => entry.status !== 'ok')).toEqual([]);
    });
  });

  it('a Disabled subscription below the group is not scanned, and says so in coverage', async () => {
    const disable = (estate: FakeCloudEstate) => {
      const research = estate.azure?.subscriptions.find((entry) => entry.subscriptionId === RESEARCH);
      if (research) research.state = 'Disabled';
    };
    await withCloud(disable, async (cloud) => {
      const result = await collectAzure({ endpoint: cloud.url, credential: azureToken, managementGroup: 'contoso-root', scheduler: { baseDelayMs: 1 } });
      expect(scopeIds(result.inventory.scopes)).toEqual([SHARED, PRODUCTION]);
      expect(cloud.requests.some((request) => request.region === RESEARCH && request.operation !== 'Subscriptions_List')).toBe(false);
      expect(result.inventory.listings.filter((entry) => entry.status !== 'ok')).toEqual([
        expect.objectContaining({ scope: expect.objectContaining({ id: RESEARCH }), status: 'unsupported', message: expect.stringMatching(/is Disabled/) }),
      ]);
    });
  });

  it('a child group scans only its own subscriptions', async () => {
    await withCloud(
      () => undefined,
      async (cloud) => {
        const result = await collectAzure({ endpoint: cloud.url, credential: azureToken, managementGroup: 'contoso-ai' });
        expect(scopeIds(result.inventory.scopes)).toEqual([PRODUCTION, RESEARCH]);
      },
    );
  });

  it('with --subscriptions, scans only those, and each must be below the group (exit 2 otherwise)', async () => {
    await withCloud(
      () => undefined,
      async (cloud) => {
        const narrowed = await collectAzure({
          endpoint: cloud.url,
          credential: azureToken,
          managementGroup: 'contoso-root',
          subscriptions: [RESEARCH.toUpperCase()],
        });
        expect(scopeIds(narrowed.inventory.scopes)).toEqual([RESEARCH]);
        const outside = collectAzure({ endpoint: cloud.url, credential: azureToken, managementGroup: 'contoso-root', subscriptions: [RESEARCH, SANDBOX] });
        await expect(outside).rejects.toThrow(InputError);
        await expect(outside).rejects.toThrow(`--subscriptions: ${SANDBOX} is not below management group contoso-root`);
      },
    );
  });

  it('a denied management group read is a coverage gap: nothing listed aborts (exit 3), a part listed is unknown, never "not in use"', async () => {
    const denied = { managementGroup: 'contoso-root', operation: 'ManagementGroups_GetDescendants', status: 403 };
    await withCloud(
      (estate) => estate.azure?.faults.push(denied),
      async (cloud) => {
        const run = collectAzure({ endpoint: cloud.url, credential: azureToken, managementGroup: 'contoso-root' });
        await expect(run).rejects.toThrow(ScanAbortedError);
        await expect(run).rejects.toThrow(/Azure management group contoso-root could not be listed \(AuthorizationFailed \(403\)/);
        // A group the tenant does not have answers the same way.
        await expect(collectAzure({ endpoint: cloud.url, credential: azureToken, managementGroup: 'no-such-group' })).rejects.toThrow(ScanAbortedError);
      },
    );
    // The first page (the contoso-ai group and the shared-services subscription, which has no AI
    // account) arrives; the second is denied. The two AI subscriptions are unknown, not absent.
    await withCloud(
      (estate) => {
        pageSize(2)(estate);
        estate.azure?.faults.push({ ...denied, after: 1 });
      },
      async (cloud) => {
        const { report, inventory } = await runScan({
          mode: 'live',
          registry,
          providers: ['azure'],
          policy: defaultPolicy(defaultBaseline),
          collectOptions: { azure: { endpoint: cloud.url, credential: azureToken, managementGroup: 'contoso-root' } },
          common: { scheduler: { baseDelayMs: 1 } },
        });
        expect(scopeIds(inventory.scopes)).toEqual([SHARED]);
        const gap = report.coverage.filter((entry) => entry.status !== 'ok');
        expect(gap).toEqual([
          expect.objectContaining({
            scope: expect.objectContaining({ type: 'managementGroup', id: 'contoso-root' }),
            collector: 'ManagementGroups_GetDescendants',
            resourceType: 'azure.cognitive-account',
            status: 'denied',
          }),
        ]);
        expect(gap[0]?.message).toMatch(/could be listed only in part \(1 found\)/);
        const azure = report.maturity?.platforms.find((platform) => platform.provider === 'azure');
        expect(azure?.inUse).toBeNull();
      },
    );
  });

  it('the custom role grants the descendants read and can be assigned on a management group', () => {
    const role = azureLeastPrivilegeRole();
    expect(role.Actions).toContain('Microsoft.Management/managementGroups/descendants/read');
    expect(role.AssignableScopes).toContain('/providers/Microsoft.Management/managementGroups/<management-group-id>');
  });

  it('through the CLI: --management-group scans the group; a denied group exits 3; a bad id exits 2', async () => {
    const env = { PATH: `${join(repoRoot, 'fixtures', 'bin')}:${process.env.PATH ?? ''}` };
    await withCloud(
      // contoso-locked is not in the tenant: ARM answers 403 AuthorizationFailed, as for a group the principal may not read.
      () => undefined,
      async (cloud) => {
        const base = ['scan', '--provider', 'azure', '--azure-credential', 'cli', '--azure-endpoint', cloud.url, '--format', 'json'];
        const run = await runMain([...base, '--management-group', 'contoso-root'], env);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as {
          scan: { scopes: Array<{ id: string }> };
          findings: Array<{ ruleId: string; status: string; scope: { id: string } }>;
        };
        expect(scopeIds(report.scan.scopes)).toEqual([SHARED, PRODUCTION, RESEARCH]);
        expect(report.findings.some((finding) => finding.scope.id === SANDBOX)).toBe(false);
        const localAuth = report.findings.filter((finding) => finding.ruleId === 'azure/local-auth-disabled');
        expect(localAuth.map((finding) => [finding.scope.id, finding.status]).sort()).toEqual([
          [PRODUCTION, 'pass'],
          [RESEARCH, 'fail'],
        ]);

        const locked = await runMain([...base, '--management-group', 'contoso-locked'], env);
        expect(locked.code).toBe(3);
        expect(locked.stderr).toMatch(/^aiposture: scan could not run: Azure management group contoso-locked could not be listed/);

        const bad = await runMain([...base, '--management-group', 'not a group/id'], env);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/--management-group: "not a group\/id" is not a management group id/);
      },
    );
  });
});
