import type { AuthClient } from 'google-auth-library';
import type { Logger } from 'pino';
import type { ScopeRef } from '../../src/model/common.ts';
import type { GcpProject, GcpResource } from '../../src/model/gcp.ts';
import type { ResourceType } from '../../src/model/inventory.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import { Collection } from '../../src/collect/listing.ts';
import type { SchedulerOptions } from '../../src/collect/scheduler.ts';
import { ScanAbortedError } from '../../src/errors.ts';
import { GcpClientFactory, gcpAuthClient, gcpEndpoint, gcpListAll, pageRequest, type GaxPage } from './clients.ts';
import { classifyGcpError, gcpThrottle, isNotFound } from './errors.ts';
import * as normalise from './normalise.ts';
import { modelArmorLocations } from './locations.ts';

export interface GcpCollectOptions {
  projects?: readonly string[];
  organization?: string;
  folders?: readonly string[];
  /** `--gcp-endpoint`: one base URL for every Google API. */
  endpoint?: string;
  /** Model Armor template locations (default: every documented regional endpoint). */
  locations?: readonly string[];
  /** A ready auth client (tests); default: GOOGLE_OAUTH_ACCESS_TOKEN, then Application Default Credentials. */
  authClient?: AuthClient;
  scheduler?: SchedulerOptions;
  /** Each request's connect-and-answer timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Epoch ms (`--max-duration`): from then on no call is sent; the reads left are "not reached (--max-duration)". */
  deadline?: number;
  logger?: Logger;
}

function ownerScope(owner: string): ScopeRef {
  const [kind, id] = owner.split('/') as [string, string];
  return { provider: 'gcp', type: kind === 'organizations' ? 'organization' : kind === 'folders' ? 'folder' : 'project', id };
}

/** Collects Model Armor, Vertex AI, audit-log and alerting posture for the projects in scope. */
export async function collectGcp(options: GcpCollectOptions = {}): Promise<CollectResult> {
  const endpoint = gcpEndpoint(options.endpoint);
  const authClient =
    options.authClient ??
    (await gcpAuthClient().catch((error: unknown) => {
      throw new ScanAbortedError(`Google credentials could not be loaded (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`);
    }));
  const collection = new Collection({
    provider: 'gcp',
    throttle: gcpThrottle,
    classify: classifyGcpError,
    scheduler: options.scheduler,
    timeoutMs: options.timeoutMs,
    deadline: options.deadline,
    logger: options.logger,
  });
  const factory = new GcpClientFactory(authClient, endpoint, collection.recordCall, { timeoutMs: options.timeoutMs });
  const resources: GcpResource[] = [];

  // Google throttles per project × API: one limiter key each. Failures become coverage entries, never exceptions.
  // Every answer (each page of a listing) is checked at the boundary (`normalise.googleShapes`) before it is read.
  const read: ReadFn = (scope, resourceType, region, collector, call, notFound) =>
    collection.listing({ scope, region, resourceType, collector }, async () => {
      try {
        return normalise.checkedAnswer(collector, normalise.googleShapes.message, await collection.call(`gcp:${scope.id}:${collector}`, call));
      } catch (error) {
        if (notFound && isNotFound(error)) return notFound();
        throw error;
      }
    });
  const list: ListFn = (scope, resourceType, region, collector, fetchPage) =>
    collection.listing({ scope, region, resourceType, collector }, () =>
      gcpListAll(collection, `gcp:${scope.id}:${collector}`, checkedPages(collector, fetchPage)),
    );

  try {
    const projectIds = await discoverProjects(options, factory, collection);
    // Folder and organisation reads are shared by every project under them.
    const ownerReads = new Map<string, Promise<void>>();
    const readOwner = (owner: string) => {
      let pending = ownerReads.get(owner);
      if (!pending) {
        pending = collectOwner(owner, ownerScope(owner), factory, read, resources);
        ownerReads.set(owner, pending);
      }
      return pending;
    };
    const ancestorCache = new Map<string, Promise<string | undefined>>();
    const parentOf = (folder: string) => {
      let pending = ancestorCache.get(folder);
      if (!pending) {
        // A folder that cannot be read leaves the ancestry of the projects under it unknown: filed once, naming the folder.
        pending = collection
          .call(`gcp:${folder}:Folders_Get`, async () => {
            const [answer] = await factory.folders().getFolder({ name: folder });
            return normalise.checkedAnswer('Folders_Get', normalise.googleShapes.message, answer).parent ?? undefined;
          })
          .catch((error: unknown) => {
            const { status, message } = collection.classify(error);
            collection.record(
              { scope: ownerScope(folder), region: null, resourceType: 'gcp.project.detail', collector: 'Folders_Get' },
              { status, message: `${folder}: ${message}` },
            );
            return undefined;
          });
        ancestorCache.set(folder, pending);
      }
      return pending;
    };

    await Promise.all(
      projectIds.map(async (projectId) => {
        const scope: ScopeRef = { provider: 'gcp', type: 'project', id: projectId };
        const project = await collectProject(projectId, scope, factory, { read, list }, parentOf, options.locations ?? modelArmorLocations, resources);
        await Promise.all([readOwner(`projects/${projectId}`), ...(project.ancestors ?? []).map(readOwner)]);
      }),
    );
    const scopes: ScopeRef[] = projectIds.map((id) => ({ provider: 'gcp', type: 'project', id }));
    return collection.result({ providers: ['gcp'], scopes, regions: [], resources });
  } finally {
    await factory.close();
  }
}

/** `--projects`, or every project under `--organization` / `--folders` (folders walked recursively). */
async function discoverProjects(options: GcpCollectOptions, factory: GcpClientFactory, collection: Collection): Promise<string[]> {
  const projects = new Set(options.projects ?? []);
  const parents = [
    ...(options.organization ? [`organizations/${options.organization.replace(/^organizations\//, '')}`] : []),
    ...(options.folders ?? []).map((folder) => `folders/${folder.replace(/^folders\//, '')}`),
  ];
  const seen = new Set<string>();
  while (parents.length > 0) {
    const parent = parents.shift() as string;
    if (seen.has(parent)) continue;
    seen.add(parent);
    try {
      const [children, folders] = await Promise.all([
        gcpListAll(
          collection,
          `gcp:${parent}:Projects_List`,
          checkedPages('Projects_List', (pageToken) => factory.projects().listProjects(pageRequest({ parent }, pageToken), { autoPaginate: false })),
        ),
        gcpListAll(
          collection,
          `gcp:${parent}:Folders_List`,
          checkedPages('Folders_List', (pageToken) => factory.folders().listFolders(pageRequest({ parent }, pageToken), { autoPaginate: false })),
        ),
      ]);
      for (const project of children) if (project.projectId && String(project.state ?? 'ACTIVE') === 'ACTIVE') projects.add(project.projectId);
      for (const folder of folders) if (folder.name) parents.push(folder.name);
    } catch (error) {
      if (projects.size === 0 && seen.size === 1)
        throw new ScanAbortedError(`Projects under ${parent} could not be listed (${classifyGcpError(error).message})`);
    }
  }
  if (projects.size === 0 && parents.length === 0 && !options.organization && (options.folders ?? []).length === 0) {
    throw new ScanAbortedError('No GCP projects in scope: pass --projects, --organization or --folders');
  }
  return [...projects].sort();
}

/** `fetchPage` with each page checked at the boundary (`normalise.googleShapes.page`) before the listing reads it. */
function checkedPages<T>(operation: string, fetchPage: (pageToken: string | undefined) => Promise<GaxPage<T>>) {
  return async (pageToken: string | undefined): Promise<GaxPage<T>> =>
    normalise.checkedAnswer(operation, normalise.googleShapes.page, await fetchPage(pageToken));
}

/** One request, filed in coverage; a NOT_FOUND answer is `notFound()` (a definite "none") when given. */
type ReadFn = <T>(
  scope: ScopeRef,
  resourceType: ResourceType | string,
  region: string | null,
  collector: string,
  call: () => Promise<T>,
  notFound?: () => T,
) => Promise<T | undefined>;

/** Every item of a list method (`autoPaginate: false`), page by page, filed in coverage. */
type ListFn = <T>(
  scope: ScopeRef,
  resourceType: ResourceType | string,
  region: string | null,
  collector: string,
  fetchPage: (pageToken: string | undefined) => Promise<GaxPage<T>>,
) => Promise<T[] | undefined>;

/** The floor setting and audit configuration of a project, folder or organisation. */
async function collectOwner(owner: string, scope: ScopeRef, factory: GcpClientFactory, read: ReadFn, resources: GcpResource[]): Promise<void> {
  const where = (api: string) => ({ scope, region: null, api });
  const [floor, policy] = await Promise.all([
    read(
      scope,
      'gcp.floor-setting',
      null,
      'FloorSettings_Get',
      async () => (await factory.modelArmor(null).getFloorSetting({ name: `${owner}/locations/global/floorSetting` }))[0],
      () => null,
    ),
    read(
      scope,
      'gcp.audit-config',
      null,
      `${scope.type === 'organization' ? 'Organizations' : scope.type === 'folder' ? 'Folders' : 'Projects'}_GetIamPolicy`,
      async () => {
        const request = { resource: owner, options: { requestedPolicyVersion: 3 } };
        if (scope.type === 'organization') return (await factory.organizations().getIamPolicy(request))[0];
        if (scope.type === 'folder') return (await factory.folders().getIamPolicy(request))[0];
        return (await factory.projects().getIamPolicy(request))[0];
      },
    ),
  ]);
  if (floor) resources.push(normalise.floorSetting(floor, owner, where('FloorSettings_Get')));
  if (policy) resources.push(normalise.auditConfig(policy as Parameters<typeof normalise.auditConfig>[0], owner, where('GetIamPolicy')));
}

async function collectProject(
  projectId: string,
  scope: ScopeRef,
  factory: GcpClientFactory,
  { read, list }: { read: ReadFn; list: ListFn },
  parentOf: (folder: string) => Promise<string | undefined>,
  templateLocations: readonly string[],
  resources: GcpResource[],
): Promise<GcpProject> {
  const [info, service] = await Promise.all([
    read(scope, 'gcp.project', null, 'Projects_Get', async () => (await factory.projects().getProject({ name: `projects/${projectId}` }))[0]),
    read(
      scope,
      'gcp.project.services',
      null,
      'Services_Get',
      async () => (await factory.serviceUsage().getService({ name: `projects/${projectId}/services/aiplatform.googleapis.com` }))[0],
    ),
  ]);
  let ancestors: string[] | undefined;
  if (info) {
    ancestors = [];
    let parent = info.parent ?? undefined;
    while (parent && ancestors !== undefined) {
      ancestors.push(parent);
      if (parent.startsWith('organizations/')) break;
      const next = await parentOf(parent);
      if (next === undefined) ancestors = undefined; // a folder in the chain could not be read
      parent = next;
    }
  }
  const project: GcpProject = {
    provider: 'gcp',
    scope,
    region: null,
    source: { kind: 'api', api: 'Projects_Get' },
    type: 'gcp.project',
    id: `projects/${projectId}`,
    name: projectId,
    ...(info?.labels ? { tags: Object.fromEntries(Object.entries(info.labels)) } : {}),
    projectId,
    projectNumber: info?.name?.split('/').pop() ?? null,
    ...(ancestors ? { ancestors } : {}),
    ...(service ? { vertexApiEnabled: String(service.state) === 'ENABLED' } : {}),
    ...(info ? {} : { unreadable: 'the project (and so its ancestry) could not be read' }),
  };
  resources.push(project);

  const where = (region: string | null, api: string) => ({ scope, region, api });
  const templates = templateLocations.map(async (location) => {
    const found = await list(scope, 'gcp.modelarmor-template', location, 'Templates_List', (pageToken) =>
      factory.modelArmor(location).listTemplates(pageRequest({ parent: `projects/${projectId}/locations/${location}` }, pageToken), { autoPaginate: false }),
    );
    for (const template of found ?? []) resources.push(normalise.template(template, where(location, 'Templates_List')));
  });
  const endpoints = (async () => {
    const locations = await list(scope, 'gcp.vertex-endpoint', null, 'Locations_List', (pageToken) =>
      factory.vertexEndpoints(null).locationsClient.listLocations(pageRequest({ name: `projects/${projectId}` }, pageToken), { autoPaginate: false }),
    );
    await Promise.all(
      (locations ?? []).map(async (location) => {
        const locationId = location.locationId ?? location.name?.split('/').pop() ?? '';
        const found = await list(scope, 'gcp.vertex-endpoint', locationId, 'Endpoints_List', (pageToken) =>
          factory
            .vertexEndpoints(locationId)
            .listEndpoints(pageRequest({ parent: `projects/${projectId}/locations/${locationId}` }, pageToken), { autoPaginate: false }),
        );
        for (const endpoint of found ?? []) resources.push(normalise.vertexEndpoint(endpoint, where(locationId, 'Endpoints_List')));
      }),
    );
  })();
  const alerts = list(scope, 'gcp.alert-policy', null, 'AlertPolicies_List', (pageToken) =>
    // `retry: null`: the Monitoring client's own policy retries UNAVAILABLE (a reset, a bad body, a hang)
    // inside each of the scheduler's attempts; the scheduler alone decides retries.
    factory.alertPolicies().listAlertPolicies(pageRequest({ name: `projects/${projectId}` }, pageToken), { autoPaginate: false, retry: null }),
  ).then((found) => {
    for (const policy of found ?? []) resources.push(normalise.alertPolicy(policy, where(null, 'AlertPolicies_List')));
  });
  await Promise.all([...templates, endpoints, alerts]);
  return project;
}
