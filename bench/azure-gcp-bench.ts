/**
 * Azure and GCP collection benchmark (not a test). Clones the level-3 sample subscription /
 * project of `fixtures/estates` N times, serves the estate from the fake cloud in a child
 * process (so the figures are the collector's alone) with a fixed served latency, and collects
 * it through the real SDK clients. Prints one JSON line: wall time, CPU, calls, resources, calls
 * per resource, calls per operation and peak RSS (`process.resourceUsage().maxRSS`).
 *
 *   node bench/azure-gcp-bench.ts --provider gcp --scopes 10 [--latency 20] [--discovery organization|projects] [--folders 4] [--model-armor-share 1]
 *   node bench/azure-gcp-bench.ts --provider azure --scopes 50 [--latency 20] [--discovery tenant|management-group] [--accounts 2]
 *
 * `--accounts K` gives each subscription K copies of the level-3 subscription's two AI accounts;
 * `--model-armor-share F` keeps the Model Armor API on in that share of the projects (off in the rest).
 *
 * GCP projects sit two folder levels below the organisation (`--folders` top-level folders, two
 * sub-folders each); Azure subscriptions sit in a two-level management-group tree. Every cloned
 * Azure subscription assigns the same built-in and management-group policy definitions. Run with
 * `node --expose-gc` to also print the heap still held after the collection (`heapAfterGcMiB`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadEstateFile, startFakeCloud, type FakeCloudEstate } from '../fakecloud/server.ts';
import { azureSubscriptionTree } from './org-estates.ts';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'gcp' },
    scopes: { type: 'string', default: '10' },
    latency: { type: 'string', default: '20' },
    discovery: { type: 'string' },
    folders: { type: 'string' },
    accounts: { type: 'string', default: '2' },
    'model-armor-share': { type: 'string', default: '1' },
    serve: { type: 'string' },
  },
});

// ---------------------------------------------------------------------------------------------
// Estates

const estates = fileURLToPath(new URL('../fixtures/estates/', import.meta.url));
const pad = (value: number, width: number) => String(value).padStart(width, '0');

async function gcpEstate(count: number, topFolders: number, latencyMs: number, modelArmorShare: number): Promise<FakeCloudEstate> {
  const source = (await loadEstateFile(join(estates, 'gcp-level3.yaml'))).gcp;
  if (source === undefined) throw new Error('gcp-level3.yaml has no gcp section');
  const organization = source.organizations[0];
  const template = source.projects[0];
  if (organization === undefined || template === undefined) throw new Error('gcp-level3.yaml has no organisation or project');
  const folders: (typeof source.folders)[number][] = [];
  const leaves: string[] = [];
  for (let top = 0; top < topFolders; top++) {
    const topId = `5${pad(top, 5)}`;
    folders.push({ id: topId, parent: `organizations/${organization.id}`, displayName: `business-unit-${top}`, state: 'ACTIVE' });
    for (let sub = 0; sub < 2; sub++) {
      const subId = `6${pad(top, 5)}${sub}`;
      folders.push({ id: subId, parent: `folders/${topId}`, displayName: `team-${top}-${sub}`, state: 'ACTIVE' });
      leaves.push(subId);
    }
  }
  const text = JSON.stringify(template);
  const projects = Array.from({ length: count }, (_, index) => {
    const projectId = `ai-bench-${pad(index, 5)}`;
    const projectNumber = `7${pad(index, 11)}`;
    const clone = JSON.parse(text.replaceAll(template.projectId, projectId).replaceAll(template.projectNumber, projectNumber)) as typeof template;
    // The first share of the projects has Model Armor on; the others have the API off (no templates).
    const modelArmor = index < Math.round(count * modelArmorShare);
    return {
      ...clone,
      parent: `folders/${leaves[index % leaves.length] ?? ''}`,
      ...(modelArmor ? {} : { modelArmorApi: 'DISABLED' as const, templates: {} }),
    };
  });
  return { gcp: { ...source, folders, projects, latencyMs, faults: [] } };
}

async function azureEstate(count: number, accountsPerSubscription: number, latencyMs: number): Promise<FakeCloudEstate> {
  const source = (await loadEstateFile(join(estates, 'azure-level3.yaml'))).azure;
  if (source === undefined) throw new Error('azure-level3.yaml has no azure section');
  const { subscriptions, managementGroups } = azureSubscriptionTree(source, count, () => accountsPerSubscription);
  return { azure: { ...source, subscriptions, managementGroups, latencyMs, faults: [] } };
}

// ---------------------------------------------------------------------------------------------
// Parent: start the child, collect, measure.

async function serveInChild(estate: FakeCloudEstate): Promise<{ url: string; stop: () => Promise<number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'aiposture-bench-'));
  const file = join(dir, 'estate.json');
  writeFileSync(file, JSON.stringify(estate));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', fileURLToPath(import.meta.url), '--serve', file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) throw new Error('the fake cloud child did not start');
  const { url } = JSON.parse(first.value) as { url: string };
  return {
    url,
    stop: async () => {
      child.stdin.end();
      const last = await lines.next();
      rmSync(dir, { recursive: true, force: true });
      return last.done === true ? Number.NaN : (JSON.parse(last.value) as { served: number }).served;
    },
  };
}

async function bench(): Promise<void> {
  const provider = values.provider;
  const count = Number(values.scopes);
  const latencyMs = Number(values.latency);
  const discovery = values.discovery ?? (provider === 'gcp' ? 'organization' : 'tenant');
  const topFolders = Number(values.folders ?? Math.max(2, Math.ceil(count / 20)));
  const estate =
    provider === 'gcp'
      ? await gcpEstate(count, topFolders, latencyMs, Number(values['model-armor-share']))
      : await azureEstate(count, Number(values.accounts), latencyMs);
  const cloud = await serveInChild(estate);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let result;
  if (provider === 'gcp') {
    const { collectGcp } = await import('../collectors/gcp/index.ts');
    const { OAuth2Client } = await import('google-auth-library');
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'bench-token' });
    const organization = estate.gcp?.organizations[0]?.id ?? '';
    result = await collectGcp({
      endpoint: cloud.url,
      authClient,
      ...(discovery === 'projects' ? { projects: (estate.gcp?.projects ?? []).map((project) => project.projectId) } : { organization }),
    });
  } else {
    const { collectAzure } = await import('../collectors/azure/index.ts');
    const credential = { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    result = await collectAzure({
      endpoint: cloud.url,
      credential,
      ...(discovery === 'management-group' ? ({ managementGroup: 'contoso-platform' } as object) : {}),
    });
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const served = await cloud.stop();
  // With --expose-gc: the heap still held once the collection is done (its result kept), after a full collection.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapAfterGcMiB = gc ? Math.round(process.memoryUsage().heapUsed / 1048576) : undefined;
  const byOperation: Record<string, number> = {};
  for (const call of result.calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
  const resources = result.inventory.resources.length;
  console.log(
    JSON.stringify({
      provider,
      scopes: result.inventory.scopes.length,
      discovery,
      latencyMs,
      wallMs: Math.round(wallMs),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      calls: result.calls.length,
      served,
      resources,
      callsPerResource: Number((result.calls.length / Math.max(resources, 1)).toFixed(2)),
      notOk: result.inventory.listings.filter((entry) => entry.status !== 'ok').length,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      ...(heapAfterGcMiB === undefined ? {} : { heapAfterGcMiB }),
      byOperation,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Child: serve an estate file until stdin closes.

if (values.serve !== undefined) {
  const estate = JSON.parse(readFileSync(values.serve, 'utf8')) as FakeCloudEstate;
  const cloud = await startFakeCloud(estate);
  process.stdout.write(`${JSON.stringify({ url: cloud.url })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    process.stdout.write(`${JSON.stringify({ served: cloud.requests.length })}\n`);
    void cloud.close().then(() => process.exit(0));
  });
} else {
  await bench();
}
