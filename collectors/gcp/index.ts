import type { AuthClient } from 'google-auth-library';
import type { Logger } from 'pino';
import type { ScopeRef } from '../../src/model/common.ts';
import type { GcpProject, GcpResource } from '../../src/model/gcp.ts';
import type { ResourceType } from '../../src/model/inventory.ts';
import type { CollectResult } from '../../src/collect/collector.ts';
import { Collection, callPriority, type ReadFailure } from '../../src/collect/listing.ts';
import type { CollectProgress } from '../../src/collect/progress.ts';
import { inShard, type Shard } from '../../src/collect/shard.ts';
import type { SchedulerOptions } from '../../src/collect/scheduler.ts';
import { ScanAbortedError } from '../../src/errors.ts';
import type { protos as resourceManagerProtos } from '@google-cloud/resource-manager';
import { GcpClientFactory, gcpAuthClient, gcpEndpoint, gcpListAll, pageRequest, type GaxPage } from './clients.ts';
import { classifyGcpError, gcpThrottle, isNotFound, isServiceDisabled } from './errors.ts';
import * as normalise from './normalise.ts';
import { modelArmorLocations } from './locations.ts';
import { readUsage, type UsageWindow } from './metrics.ts';
import { metricSeriesType, type MetricSeries } from '../../src/model/metrics.ts';
import type { RawResponseRecorder } from '../../src/collect/raw-responses.ts';

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
  /** `--evidence`: every raw response is recorded here (redacted). */
  rawResponses?: RawResponseRecorder;
  /** `--shard I/N`: only the projects `inShard` assigns to this shard are read. */
  shard?: Shard;
  /** Told of the projects and locations planned and done, and of every request sent. */
  progress?: CollectProgress;
  logger?: Logger;
  /** Usage metrics (Cloud Monitoring time series) are read over this window; absent, they are not read (spec §12). */
  metricsWindow?: UsageWindow;
}

function ownerScope(owner: string): ScopeRef {
  const [kind, id] = owner.split('/') as [string, string];
  return { provider: 'gcp', type: kind === 'organizations' ? 'organization' : kind === 'folders' ? 'folder' : 'project', id };
}

/** A project as Projects_Get and Projects_List return it (the list returns whole projects). */
type ProjectInfo = resourceManagerProtos.google.cloud.resourcemanager.v3.IProject;

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
    progress: options.progress,
  });
  const factory = new GcpClientFactory(authClient, endpoint, collection.recordCall, {
    timeoutMs: options.timeoutMs,
    ...(options.rawResponses ? { rawResponses: options.rawResponses } : {}),
  });
  const resources: GcpResource[] = [];
  const series: MetricSeries[] = [];
  const progress = options.progress;

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
  const list: ListFn = (scope, resourceType, region, collector, fetchPage, onFailure) =>
    collection.listing(
      { scope, region, resourceType, collector },
      () => gcpListAll(collection, `gcp:${scope.id}:${collector}`, checkedPages(collector, fetchPage)),
      onFailure,
    );

  try {
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
    // Each folder's parent: from Folders_List while the hierarchy is walked, else one Folders_Get per folder.
    const folderParents = new Map<string, string>();
    const ancestorCache = new Map<string, Promise<string | undefined>>();
    const parentOf = (folder: string) => {
      const listed = folderParents.get(folder);
      if (listed !== undefined) return Promise.resolve(listed);
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

    // Each project is read as soon as it is found (discovery is not a barrier), once, if it is in this shard.
    const found = new Set<string>();
    const scans = new Map<string, Promise<void>>();
    const scanProject = (projectId: string, listed?: ProjectInfo) => {
      if (found.has(projectId)) return;
      found.add(projectId);
      if (!inShard('gcp', projectId, options.shard)) return;
      progress?.planned('gcp', 'scope', 1);
      const scope: ScopeRef = { provider: 'gcp', type: 'project', id: projectId };
      const scan = (async () => {
        const usage = collectUsage(scope, factory, collection, options.metricsWindow, series);
        const project = await collectProject(
          projectId,
          scope,
          listed,
          factory,
          { read, list, collection, progress },
          parentOf,
          options.locations ?? modelArmorLocations,
          resources,
        );
        await usage;
        await Promise.all([readOwner(`projects/${projectId}`), ...(project.ancestors ?? []).map(readOwner)]);
      })().finally(() => progress?.done('gcp', 'scope'));
      // Awaited after discovery; until then a failure must not count as unhandled.
      scan.catch(() => undefined);
      scans.set(projectId, scan);
    };

    await discoverProjects(options, factory, collection, folderParents, scanProject);
    await Promise.all(scans.values());
    const scopes: ScopeRef[] = [...scans.keys()].sort().map((id) => ({ provider: 'gcp', type: 'project', id }));
    return collection.result({ providers: ['gcp'], scopes, regions: [], resources: [...resources, ...series] });
  } finally {
    await factory.close();
  }
}

/**
 * `--projects`, and every project under `--organization` / `--folders`, handed to `found` as each
 * listing page arrives (with the project as listed, which makes a Projects_Get unnecessary). The
 * folder tree is walked concurrently: each folder's projects and sub-folders are listed as soon
 * as its parent's page names it, every page a scheduled call. A listing that fails is a coverage
 * gap of that folder or organisation; when nothing at all could be listed the scan aborts.
 */
async function discoverProjects(
  options: GcpCollectOptions,
  factory: GcpClientFactory,
  collection: Collection,
  folderParents: Map<string, string>,
  found: (projectId: string, listed?: ProjectInfo) => void,
): Promise<void> {
  const given = options.projects ?? [];
  for (const projectId of given) found(projectId);
  const roots = [
    ...(options.organization ? [`organizations/${options.organization.replace(/^organizations\//, '')}`] : []),
    ...(options.folders ?? []).map((folder) => `folders/${folder.replace(/^folders\//, '')}`),
  ];
  if (given.length === 0 && roots.length === 0) throw new ScanAbortedError('No GCP projects in scope: pass --projects, --organization or --folders');
  let listedProjects = 0;
  const failures: Array<{ parent: string; collector: string; failure: ReadFailure }> = [];
  const walked = new Set<string>();
  const walk = async (parent: string): Promise<void> => {
    if (walked.has(parent)) return;
    walked.add(parent);
    const below: Promise<void>[] = [];
    const listing = async <T>(collector: string, fetchPage: (pageToken: string | undefined) => Promise<GaxPage<T>>, use: (item: T) => void) => {
      const nextToken = (page: GaxPage<T>) => page[1]?.pageToken;
      try {
        await collection.each(
          collection.pages(`gcp:${parent}:${collector}`, checkedPages(collector, fetchPage), nextToken, callPriority.discovery),
          (page) => page[0].forEach(use),
          nextToken,
        );
      } catch (error) {
        failures.push({ parent, collector, failure: collection.classify(error) });
      }
    };
    await Promise.all([
      listing(
        'Projects_List',
        (pageToken) => factory.projects().listProjects(pageRequest({ parent }, pageToken), { autoPaginate: false }),
        (project) => {
          if (!project.projectId || String(project.state ?? 'ACTIVE') !== 'ACTIVE') return;
          listedProjects++;
          found(project.projectId, project);
        },
      ),
      listing(
        'Folders_List',
        (pageToken) => factory.folders().listFolders(pageRequest({ parent }, pageToken), { autoPaginate: false }),
        (folder) => {
          if (!folder.name) return;
          if (folder.parent) folderParents.set(folder.name, folder.parent);
          below.push(walk(folder.name));
        },
      ),
    ]);
    await Promise.all(below);
  };
  await Promise.all(roots.map(walk));
  const first = failures[0];
  if (first !== undefined && given.length === 0 && listedProjects === 0)
    throw new ScanAbortedError(`Projects under ${first.parent} could not be listed (${first.failure.message})`);
  for (const { parent, collector, failure } of failures) {
    const what = collector === 'Projects_List' ? 'projects' : 'folders';
    collection.record(
      { scope: ownerScope(parent), region: null, resourceType: 'gcp.project', collector },
      { status: failure.status, message: `${parent}: the ${what} below it could not be listed (some projects may be missing): ${failure.message}` },
    );
  }
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

/** Every item of a list method (`autoPaginate: false`), page by page, filed in coverage; `onFailure` hears why a listing failed. */
type ListFn = <T>(
  scope: ScopeRef,
  resourceType: ResourceType | string,
  region: string | null,
  collector: string,
  fetchPage: (pageToken: string | undefined) => Promise<GaxPage<T>>,
  onFailure?: (failure: ReadFailure, error: unknown) => void,
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
      async () => (await factory.modelArmor().getFloorSetting({ name: `${owner}/locations/global/floorSetting` }))[0],
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

/**
 * A project's usage series over the metrics window (collectors/gcp/metrics.ts): one `metric.series`
 * listing per project, ok / denied / error, or unsupported when no window was asked for.
 */
async function collectUsage(
  scope: ScopeRef,
  factory: GcpClientFactory,
  collection: Collection,
  window: UsageWindow | undefined,
  series: MetricSeries[],
): Promise<void> {
  const at = { scope, region: null, resourceType: metricSeriesType, collector: 'TimeSeries_List' };
  // No window asked for (a collector used on its own; every scan passes one): metrics are not read, nothing is filed.
  if (window === undefined) return;
  const read = await collection.listing(at, () =>
    readUsage(factory, scope, window, (query, fetchPage) =>
      gcpListAll(collection, `gcp:${scope.id}:TimeSeries_List`, checkedPages(`TimeSeries_List (${query})`, fetchPage)),
    ),
  );
  if (read) series.push(...read);
}

async function collectProject(
  projectId: string,
  scope: ScopeRef,
  listed: ProjectInfo | undefined,
  factory: GcpClientFactory,
  { read, list, collection, progress }: { read: ReadFn; list: ListFn; collection: Collection; progress: CollectProgress | undefined },
  parentOf: (folder: string) => Promise<string | undefined>,
  templateLocations: readonly string[],
  resources: GcpResource[],
): Promise<GcpProject> {
  // A project found by Projects_List came whole: no Projects_Get for it.
  if (listed !== undefined) collection.record({ scope, region: null, resourceType: 'gcp.project', collector: 'Projects_List' }, { status: 'ok' });
  const [info, service] = await Promise.all([
    listed ?? read(scope, 'gcp.project', null, 'Projects_Get', async () => (await factory.projects().getProject({ name: `projects/${projectId}` }))[0]),
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
    source: { kind: 'api', api: listed !== undefined ? 'Projects_List' : 'Projects_Get' },
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
  const templates = (async () => {
    progress?.planned('gcp', 'region', templateLocations.length);
    const listTemplates = async (location: string, onFailure?: (failure: ReadFailure, error: unknown) => void) => {
      const found = await list(
        scope,
        'gcp.modelarmor-template',
        location,
        'Templates_List',
        (pageToken) =>
          factory.modelArmor().listTemplates(pageRequest({ parent: `projects/${projectId}/locations/${location}` }, pageToken), { autoPaginate: false }),
        onFailure,
      );
      for (const template of found ?? []) resources.push(normalise.template(template, where(location, 'Templates_List')));
      progress?.done('gcp', 'region');
    };
    // Model Armor is turned on per project, not per location: when the first location answers
    // SERVICE_DISABLED, every other one would too, and is filed so without a request.
    const [probe, ...others] = templateLocations;
    let disabled: ReadFailure | undefined;
    if (probe !== undefined)
      await listTemplates(probe, (failure, error) => {
        if (isServiceDisabled(error)) disabled = failure;
      });
    if (disabled !== undefined) {
      for (const location of others)
        collection.record({ scope, region: location, resourceType: 'gcp.modelarmor-template', collector: 'Templates_List' }, disabled);
      progress?.done('gcp', 'region', others.length);
      return;
    }
    await Promise.all(others.map((location) => listTemplates(location)));
  })();
  const endpoints = (async () => {
    const locations = await list(scope, 'gcp.vertex-endpoint', null, 'Locations_List', (pageToken) =>
      factory.vertexEndpoints().locationsClient.listLocations(pageRequest({ name: `projects/${projectId}` }, pageToken), { autoPaginate: false }),
    );
    progress?.planned('gcp', 'region', locations?.length ?? 0);
    await Promise.all(
      (locations ?? []).map(async (location) => {
        const locationId = location.locationId ?? location.name?.split('/').pop() ?? '';
        const found = await list(scope, 'gcp.vertex-endpoint', locationId, 'Endpoints_List', (pageToken) =>
          factory.vertexEndpoints().listEndpoints(pageRequest({ parent: `projects/${projectId}/locations/${locationId}` }, pageToken), { autoPaginate: false }),
        );
        for (const endpoint of found ?? []) resources.push(normalise.vertexEndpoint(endpoint, where(locationId, 'Endpoints_List')));
        progress?.done('gcp', 'region');
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
  await Promise.all([templates, endpoints, alerts]);
  return project;
}
