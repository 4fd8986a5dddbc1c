/**
 * Fake Google Cloud REST: serves one GCP estate (see `gcp-estate.ts`) over Google's HTTP/JSON
 * wire format, so the unmodified Google Cloud clients work against it in REST-fallback mode:
 *
 *   new ModelArmorClient({ fallback: true, apiEndpoint: '127.0.0.1', port, protocol: 'http', authClient })
 *
 * with `authClient` an OAuth2Client holding an access token. Every Google API shares that one
 * base URL here, so requests are dispatched on the REST path. Routes, methods, body and query
 * parameters come from the `google.api.http` annotations in the packages' protos (checked
 * against the requests the clients really send, in tests/fakecloud/gcp.test.ts):
 *
 * | operation (log name) | client (package, gax)                          | HTTP rule                                                        |
 * |----------------------|------------------------------------------------|------------------------------------------------------------------|
 * | FloorSettings_Get    | ModelArmorClient.getFloorSetting (modelarmor 0.6.0, gax 5) | GET /v1/{name=projects/*\/locations/*\/floorSetting} (+ folders/*, organizations/*) |
 * | Templates_List       | ModelArmorClient.listTemplates                 | GET /v1/{parent=projects/*\/locations/*}/templates ?pageSize&pageToken&filter&orderBy |
 * | Locations_List       | EndpointServiceClient.listLocations (aiplatform 7.4.0, gax 6 LocationsClient mixin) | GET /v1/{name=projects/*}/locations ?filter&pageSize&pageToken |
 * | Endpoints_List       | EndpointServiceClient.listEndpoints            | GET /v1/{parent=projects/*\/locations/*}/endpoints ?filter&pageSize&pageToken&readMask&orderBy |
 * | Projects_Get         | ProjectsClient.getProject (resource-manager 6.3.0, gax 5) | GET /v3/{name=projects/*}                             |
 * | Projects_List        | ProjectsClient.listProjects                    | GET /v3/projects ?parent&pageToken&pageSize&showDeleted          |
 * | Folders_Get          | FoldersClient.getFolder                        | GET /v3/{name=folders/*}                                         |
 * | Folders_List         | FoldersClient.listFolders                      | GET /v3/folders ?parent&pageSize&pageToken&showDeleted           |
 * | GetIamPolicy         | Projects/Folders/OrganizationsClient.getIamPolicy | POST /v3/{resource=projects/*}:getIamPolicy, body "*" = {"options":{"requestedPolicyVersion":3}} (also folders/*, organizations/*) |
 * | Services_Get         | ServiceUsageClient.getService (service-usage 4.2.2, gax 5) | GET /v1/{name=*\/*\/services/*} (projects only here)   |
 * | AlertPolicies_List   | AlertPolicyServiceClient.listAlertPolicies (monitoring 6.1.1, gax 6) | GET /v3/{name=projects/*}/alertPolicies ?filter&orderBy&pageSize&pageToken |
 * | TimeSeries_List      | MetricServiceClient.listTimeSeries (monitoring 6.1.1, gax 6) | GET /v3/{name=projects/*}/timeSeries ?filter&interval.startTime&interval.endTime&aggregation.*&view&pageSize&pageToken |
 *
 * The clients add `$alt=json;enum-encoding=int`; answers are proto3 JSON with enums as names
 * (the clients decode those too). Every request needs `Authorization: Bearer <token>` (else 401
 * UNAUTHENTICATED). Lists page with `pageSize`/`pageToken` → `nextPageToken` (the estate's
 * `pageSize` caps every page); empty repeated fields are left out, as Google does. Errors are
 * Google's `{"error":{"code","message","status","details":[ErrorInfo…]}}`: 403
 * PERMISSION_DENIED (IAM_PERMISSION_DENIED, or SERVICE_DISABLED for an API a project has off),
 * 404 NOT_FOUND (a floor setting an owner does not have), 429 RESOURCE_EXHAUSTED
 * (RATE_LIMIT_EXCEEDED, Retry-After), 400 INVALID_ARGUMENT. Unknown projects, folders and
 * organisations answer 403, as Google does ("… or it may not exist"). Anything else is
 * answered 404 and reported through `onUnknownOperation`.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  alertPolicyName,
  defaultVertexLocations,
  endpointName,
  gcpEstateSchema,
  googleStatusByCode,
  templateName,
  type GcpEstate,
  type GcpEstateInput,
  type GcpFault,
  type GcpFloorSetting,
  type GcpIamPolicy,
  type GcpOperationName,
  type GcpProject,
  type GcpTimeSeries,
  type GoogleStatusCode,
} from './gcp-estate.ts';
import type { FakeRequest, FakeResponse, FakeResult, ProviderHandler } from './server.ts';
import { withBodyFault, type BodyFault } from './body-faults.ts';
import { applyTransportFault, TransportFault } from './transport-faults.ts';
import { Throttler, retryAfterHeader, type ThrottleCause } from './throttling.ts';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Operations

export const gcpHosts = {
  modelArmor: 'modelarmor.googleapis.com',
  aiplatform: 'aiplatform.googleapis.com',
  resourceManager: 'cloudresourcemanager.googleapis.com',
  serviceUsage: 'serviceusage.googleapis.com',
  monitoring: 'monitoring.googleapis.com',
} as const;

/** One served operation: its log name, API host, HTTP rule (from the proto annotation), RPC and IAM permission. */
export interface FakeGcpOperation {
  operation: GcpOperationName;
  service: string;
  method: 'GET' | 'POST';
  /** The `google.api.http` rule, as written in the proto. */
  http: string;
  rpc: string;
  permission: string;
}

export const fakeGcpOperations: readonly FakeGcpOperation[] = [
  {
    operation: 'FloorSettings_Get',
    service: gcpHosts.modelArmor,
    method: 'GET',
    http: '/v1/{name=projects/*/locations/*/floorSetting}',
    rpc: 'google.cloud.modelarmor.v1.ModelArmor.GetFloorSetting',
    permission: 'modelarmor.floorSettings.get',
  },
  {
    operation: 'Templates_List',
    service: gcpHosts.modelArmor,
    method: 'GET',
    http: '/v1/{parent=projects/*/locations/*}/templates',
    rpc: 'google.cloud.modelarmor.v1.ModelArmor.ListTemplates',
    permission: 'modelarmor.templates.list',
  },
  {
    operation: 'Locations_List',
    service: gcpHosts.aiplatform,
    method: 'GET',
    http: '/v1/{name=projects/*}/locations',
    rpc: 'google.cloud.location.Locations.ListLocations',
    permission: 'aiplatform.locations.list',
  },
  {
    operation: 'Endpoints_List',
    service: gcpHosts.aiplatform,
    method: 'GET',
    http: '/v1/{parent=projects/*/locations/*}/endpoints',
    rpc: 'google.cloud.aiplatform.v1.EndpointService.ListEndpoints',
    permission: 'aiplatform.endpoints.list',
  },
  {
    operation: 'Projects_Get',
    service: gcpHosts.resourceManager,
    method: 'GET',
    http: '/v3/{name=projects/*}',
    rpc: 'google.cloud.resourcemanager.v3.Projects.GetProject',
    permission: 'resourcemanager.projects.get',
  },
  {
    operation: 'Folders_Get',
    service: gcpHosts.resourceManager,
    method: 'GET',
    http: '/v3/{name=folders/*}',
    rpc: 'google.cloud.resourcemanager.v3.Folders.GetFolder',
    permission: 'resourcemanager.folders.get',
  },
  {
    operation: 'GetIamPolicy',
    service: gcpHosts.resourceManager,
    method: 'POST',
    http: '/v3/{resource=projects/*}:getIamPolicy',
    rpc: 'google.cloud.resourcemanager.v3.Projects.GetIamPolicy',
    permission: 'resourcemanager.projects.getIamPolicy',
  },
  {
    operation: 'Projects_List',
    service: gcpHosts.resourceManager,
    method: 'GET',
    http: '/v3/projects',
    rpc: 'google.cloud.resourcemanager.v3.Projects.ListProjects',
    permission: 'resourcemanager.projects.list',
  },
  {
    operation: 'Folders_List',
    service: gcpHosts.resourceManager,
    method: 'GET',
    http: '/v3/folders',
    rpc: 'google.cloud.resourcemanager.v3.Folders.ListFolders',
    permission: 'resourcemanager.folders.list',
  },
  {
    operation: 'Services_Get',
    service: gcpHosts.serviceUsage,
    method: 'GET',
    http: '/v1/{name=*/*/services/*}',
    rpc: 'google.api.serviceusage.v1.ServiceUsage.GetService',
    permission: 'serviceusage.services.get',
  },
  {
    operation: 'AlertPolicies_List',
    service: gcpHosts.monitoring,
    method: 'GET',
    http: '/v3/{name=projects/*}/alertPolicies',
    rpc: 'google.monitoring.v3.AlertPolicyService.ListAlertPolicies',
    permission: 'monitoring.alertPolicies.list',
  },
  {
    operation: 'TimeSeries_List',
    service: gcpHosts.monitoring,
    method: 'GET',
    http: '/v3/{name=projects/*}/timeSeries',
    rpc: 'google.monitoring.v3.MetricService.ListTimeSeries',
    permission: 'monitoring.timeSeries.list',
  },
];

const operationByName = new Map(fakeGcpOperations.map((operation) => [operation.operation, operation]));

/** Service Usage titles (the name Google's SERVICE_DISABLED message uses). */
const serviceTitles: Record<string, string> = {
  'aiplatform.googleapis.com': 'Vertex AI API',
  'modelarmor.googleapis.com': 'Model Armor API',
  'cloudresourcemanager.googleapis.com': 'Cloud Resource Manager API',
  'serviceusage.googleapis.com': 'Service Usage API',
  'monitoring.googleapis.com': 'Cloud Monitoring API',
  'logging.googleapis.com': 'Cloud Logging API',
};
/** Enabled in every project (besides the estate's vertexApi / modelArmorApi); any other service is DISABLED. */
const alwaysEnabledServices = new Set([
  'cloudresourcemanager.googleapis.com',
  'serviceusage.googleapis.com',
  'monitoring.googleapis.com',
  'logging.googleapis.com',
]);

/** Output-only timestamps an estate leaves out. */
const defaultTime = '2026-01-05T09:00:00Z';

// ---------------------------------------------------------------------------------------------
// Errors

/** An error answered as Google's `{ "error": { code, message, status, details } }`. */
export class GoogleApiError extends Error {
  readonly status: number;
  readonly code: GoogleStatusCode;
  readonly details: Json[];
  readonly headers: Record<string, string>;
  constructor(code: GoogleStatusCode, message: string, details: Json[] = [], headers: Record<string, string> = {}, status?: number) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status ?? googleStatusByCode[code];
    this.details = details;
    this.headers = headers;
  }

  body(): Json {
    return { error: { code: this.status, message: this.message, status: this.code, ...(this.details.length > 0 ? { details: this.details } : {}) } };
  }
}

/** The google.rpc.Code name Google uses for an HTTP status. */
export function googleCodeForStatus(status: number): GoogleStatusCode {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'ABORTED';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 499:
      return 'CANCELLED';
    case 501:
      return 'UNIMPLEMENTED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION';
  }
}

/** RESOURCE_EXHAUSTED as Google answers a read over its quota: the ErrorInfo names the metric and the consumer project. */
function quotaExceeded(service: string, consumer: string, reason?: string, message?: string, headers: Record<string, string> = {}): GoogleApiError {
  return new GoogleApiError(
    'RESOURCE_EXHAUSTED',
    message ??
      `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service '${service}' for consumer 'project_number:${consumer}'.`,
    [
      errorInfo(reason ?? 'RATE_LIMIT_EXCEEDED', 'googleapis.com', {
        service,
        consumer: `projects/${consumer}`,
        quota_metric: `${service}/read_requests`,
        quota_limit: 'ReadRequestsPerMinutePerProject',
        quota_limit_value: '1200',
        quota_location: 'global',
      }),
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [{ description: 'Request a higher quota limit.', url: 'https://cloud.google.com/docs/quotas/help/request_increase' }],
      },
    ],
    headers,
  );
}

const errorInfo = (reason: string, domain: string, metadata: Record<string, string>): Json => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain,
  metadata,
});

function permissionDenied(operation: FakeGcpOperation, resource: string, permission = operation.permission, message?: string): GoogleApiError {
  return new GoogleApiError(
    'PERMISSION_DENIED',
    message ?? `Permission '${permission}' denied on resource '//${operation.service}/${resource}' (or it may not exist).`,
    [errorInfo('IAM_PERMISSION_DENIED', 'iam.googleapis.com', { permission, resource })],
  );
}

function serviceDisabled(service: string, projectNumber: string, status = 403): GoogleApiError {
  const title = serviceTitles[service] ?? service;
  const activationUrl = `https://console.developers.google.com/apis/api/${service}/overview?project=${projectNumber}`;
  const message = `${title} has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
  return new GoogleApiError(
    'PERMISSION_DENIED',
    message,
    [
      errorInfo('SERVICE_DISABLED', 'googleapis.com', {
        service,
        consumer: `projects/${projectNumber}`,
        serviceTitle: title,
        containerInfo: projectNumber,
        activationUrl,
      }),
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Google developers console API activation', url: activationUrl }] },
    ],
    {},
    status,
  );
}

function invalidArgument(message: string): GoogleApiError {
  return new GoogleApiError('INVALID_ARGUMENT', message);
}

// ---------------------------------------------------------------------------------------------
// The served world

interface ProjectView {
  project: GcpProject;
  json: Json;
  floorSetting: Json | undefined;
  iamPolicy: Json;
  templates: Map<string, Json[]>;
  endpoints: Map<string, Json[]>;
  locations: Json[];
  alertPolicies: Json[];
}

interface OwnerView {
  name: string;
  json: Json | undefined;
  floorSetting: Json | undefined;
  iamPolicy: Json;
}

const etagOf = (text: string) => createHash('sha256').update(text).digest().subarray(0, 8).toString('base64');

function floorJson(floor: GcpFloorSetting, owner: string): Json {
  const { name, createTime, updateTime, ...rest } = floor;
  return {
    name: name ?? `${owner}/locations/global/floorSetting`,
    createTime: createTime ?? defaultTime,
    updateTime: updateTime ?? createTime ?? defaultTime,
    ...rest,
  };
}

function iamPolicyJson(policy: GcpIamPolicy | undefined, owner: string, defaultRole: string): Json {
  const bindings = policy?.bindings ?? [{ role: defaultRole, members: ['user:cloud-admin@example.com'] }];
  const version = policy?.version ?? (bindings.some((binding) => binding.condition !== undefined) ? 3 : 1);
  return {
    version,
    etag: policy?.etag ?? etagOf(owner),
    ...(bindings.length > 0 ? { bindings } : {}),
    ...(policy?.auditConfigs !== undefined && policy.auditConfigs.length > 0 ? { auditConfigs: policy.auditConfigs } : {}),
  };
}

function buildProject(project: GcpProject): ProjectView {
  const owner = `projects/${project.projectId}`;
  const templates = new Map<string, Json[]>();
  for (const [location, items] of Object.entries(project.templates)) {
    templates.set(
      location,
      items.map(({ name, createTime, updateTime, ...rest }) => ({
        name: templateName(project, location, name),
        createTime: createTime ?? defaultTime,
        updateTime: updateTime ?? createTime ?? defaultTime,
        ...rest,
      })),
    );
  }
  const endpoints = new Map<string, Json[]>();
  for (const [location, items] of Object.entries(project.endpoints)) {
    endpoints.set(
      location,
      items.map(({ name, displayName, createTime, updateTime, ...rest }) => ({
        name: endpointName(project, location, name),
        displayName,
        ...rest,
        createTime: createTime ?? defaultTime,
        updateTime: updateTime ?? createTime ?? defaultTime,
      })),
    );
  }
  const locationIds = new Map<string, Json>();
  for (const entry of project.locations ?? [...defaultVertexLocations, ...Object.keys(project.endpoints)].map((locationId) => ({ locationId }))) {
    if (!locationIds.has(entry.locationId)) locationIds.set(entry.locationId, { name: `${owner}/locations/${entry.locationId}`, ...entry });
  }
  return {
    project,
    json: {
      name: `projects/${project.projectNumber}`,
      parent: project.parent,
      projectId: project.projectId,
      state: project.state,
      displayName: project.displayName ?? project.projectId,
      createTime: project.createTime ?? defaultTime,
      updateTime: project.createTime ?? defaultTime,
      etag: `W/"${createHash('sha256').update(owner).digest('hex').slice(0, 16)}"`,
      ...(project.labels === undefined ? {} : { labels: project.labels }),
    },
    floorSetting: project.floorSetting === undefined ? undefined : floorJson(project.floorSetting, owner),
    iamPolicy: iamPolicyJson(project.iamPolicy, owner, 'roles/owner'),
    templates,
    endpoints,
    locations: [...locationIds.values()],
    alertPolicies: project.alertPolicies.map(({ name, displayName, conditions, enabled, ...rest }) => {
      const full = alertPolicyName(project, name);
      return {
        name: full,
        displayName,
        ...rest,
        conditions: conditions.map((condition, index) => ({ ...condition, name: condition.name ?? `${full}/conditions/${index + 1}` })),
        enabled: enabled ?? true,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

interface Route {
  operation: FakeGcpOperation;
  pattern: RegExp;
  /** Owner, resource named in errors, and location from the path match and query. */
  resolve: (match: RegExpExecArray, query: URLSearchParams) => { owner: string | undefined; resource: string; location?: string };
  run: (context: Context) => Json;
}

interface Context {
  operation: FakeGcpOperation;
  /** The request path, decoded (for page tokens). */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  match: RegExpExecArray;
  /** projects/{id|number}, folders/{id} or organizations/{id}, as the request named it. */
  owner: string | undefined;
  resource: string;
  location: string | undefined;
  project: ProjectView | undefined;
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function decodePath(path: string): string | undefined {
  try {
    const segments = path.split('/').map((part) => decodeURIComponent(part));
    return segments.some((segment) => segment.includes('/')) ? undefined : segments.join('/');
  } catch {
    return undefined;
  }
}

/** Google API paths: /v1/…, /v3/…, /v1beta1/… */
const googlePath = /^\/v\d+(alpha\d*|beta\d*)?(\/|$)/;

export interface FakeGcpOptions {
  onUnknownOperation?: (info: { service: string; region: string; operation: string }) => void;
}

export class FakeGcp {
  readonly estate: GcpEstate;
  private readonly projects = new Map<string, ProjectView>();
  private readonly projectsByNumber = new Map<string, ProjectView>();
  private readonly folders = new Map<string, OwnerView>();
  private readonly organizations = new Map<string, OwnerView>();
  private readonly faultUses: number[];
  /** Matching requests seen per fault (for `after`). */
  private readonly faultMatches: number[];
  /** Set by `injectFault` when a `repeatToken` fault matches the request being served. */
  private repeatToken = false;
  private readonly routes: Route[];
  private readonly onUnknownOperation: (info: { service: string; region: string; operation: string }) => void;

  private readonly throttler: Throttler;

  constructor(estate: GcpEstateInput, options: FakeGcpOptions = {}) {
    this.estate = gcpEstateSchema.parse(estate);
    this.throttler = new Throttler(this.estate);
    for (const project of this.estate.projects) {
      const view = buildProject(project);
      this.projects.set(project.projectId, view);
      this.projectsByNumber.set(project.projectNumber, view);
    }
    for (const organization of this.estate.organizations) {
      const name = `organizations/${organization.id}`;
      this.organizations.set(organization.id, {
        name,
        json: undefined,
        floorSetting: organization.floorSetting === undefined ? undefined : floorJson(organization.floorSetting, name),
        iamPolicy: iamPolicyJson(organization.iamPolicy, name, 'roles/resourcemanager.organizationAdmin'),
      });
    }
    for (const folder of this.estate.folders) {
      const name = `folders/${folder.id}`;
      this.folders.set(folder.id, {
        name,
        json: {
          name,
          parent: folder.parent,
          displayName: folder.displayName ?? `folder-${folder.id}`,
          state: folder.state,
          createTime: folder.createTime ?? defaultTime,
          updateTime: folder.createTime ?? defaultTime,
          etag: `W/"${createHash('sha256').update(name).digest('hex').slice(0, 16)}"`,
        },
        floorSetting: folder.floorSetting === undefined ? undefined : floorJson(folder.floorSetting, name),
        iamPolicy: iamPolicyJson(folder.iamPolicy, name, 'roles/resourcemanager.folderAdmin'),
      });
    }
    this.faultUses = this.estate.faults.map(() => 0);
    this.faultMatches = this.estate.faults.map(() => 0);
    this.onUnknownOperation =
      options.onUnknownOperation ??
      ((info) =>
        process.stderr.write(
          `[fakecloud] unknown Google Cloud operation ${info.operation} (${info.service}${info.region === '' ? '' : `, ${info.region}`}) -> 404\n`,
        ));

    const op = (name: GcpOperationName): FakeGcpOperation => {
      const found = operationByName.get(name);
      if (found === undefined) throw new Error(`internal: no operation ${name}`);
      return found;
    };
    const id = '([^/:]+)';
    this.routes = [
      {
        operation: op('FloorSettings_Get'),
        pattern: new RegExp(`^/v1/(projects|folders|organizations)/${id}/locations/${id}/floorSetting$`),
        resolve: (m) => ({ owner: `${m[1]}/${m[2]}`, resource: `${m[1]}/${m[2]}/locations/${m[3]}/floorSetting` }),
        run: (c) => this.getFloorSetting(c),
      },
      {
        operation: op('Templates_List'),
        pattern: new RegExp(`^/v1/projects/${id}/locations/${id}/templates$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}/locations/${m[2]}`, location: m[2] ?? '' }),
        run: (c) => this.page(c, 'templates', this.need(c.project).templates.get(c.location ?? '') ?? []),
      },
      {
        operation: op('Locations_List'),
        pattern: new RegExp(`^/v1/projects/${id}/locations$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}` }),
        run: (c) => this.page(c, 'locations', this.need(c.project).locations),
      },
      {
        operation: op('Endpoints_List'),
        pattern: new RegExp(`^/v1/projects/${id}/locations/${id}/endpoints$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}/locations/${m[2]}`, location: m[2] ?? '' }),
        run: (c) => this.page(c, 'endpoints', this.need(c.project).endpoints.get(c.location ?? '') ?? []),
      },
      {
        operation: op('Projects_Get'),
        pattern: new RegExp(`^/v3/projects/${id}$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}` }),
        run: (c) => this.need(c.project).json,
      },
      {
        operation: op('Folders_Get'),
        pattern: new RegExp(`^/v3/folders/${id}$`),
        resolve: (m) => ({ owner: `folders/${m[1]}`, resource: `folders/${m[1]}` }),
        run: (c) => this.need(this.ownerView(c.owner)?.json),
      },
      {
        operation: op('GetIamPolicy'),
        pattern: new RegExp(`^/v3/(projects|folders|organizations)/${id}:getIamPolicy$`),
        resolve: (m) => ({ owner: `${m[1]}/${m[2]}`, resource: `${m[1]}/${m[2]}` }),
        run: (c) => this.getIamPolicy(c),
      },
      {
        operation: op('Projects_List'),
        pattern: /^\/v3\/projects$/,
        resolve: (_m, q) => ({ owner: q.get('parent') ?? undefined, resource: q.get('parent') ?? '' }),
        run: (c) => this.listChildren(c, 'projects'),
      },
      {
        operation: op('Folders_List'),
        pattern: /^\/v3\/folders$/,
        resolve: (_m, q) => ({ owner: q.get('parent') ?? undefined, resource: q.get('parent') ?? '' }),
        run: (c) => this.listChildren(c, 'folders'),
      },
      {
        operation: op('Services_Get'),
        pattern: new RegExp(`^/v1/projects/${id}/services/${id}$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}/services/${m[2]}` }),
        run: (c) => this.getService(c),
      },
      {
        operation: op('AlertPolicies_List'),
        pattern: new RegExp(`^/v3/projects/${id}/alertPolicies$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}` }),
        run: (c) => this.page(c, 'alertPolicies', this.need(c.project).alertPolicies),
      },
      {
        operation: op('TimeSeries_List'),
        pattern: new RegExp(`^/v3/projects/${id}/timeSeries$`),
        resolve: (m) => ({ owner: `projects/${m[1]}`, resource: `projects/${m[1]}` }),
        run: (c) => this.page(c, 'timeSeries', listTimeSeries(this.need(c.project).project.timeSeries, c.query)),
      },
    ];
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  matches(request: FakeRequest): boolean {
    const auth = header(request, 'authorization') ?? '';
    if (auth.startsWith('AWS4-HMAC-SHA256')) return false;
    return googlePath.test(request.path);
  }

  handle(request: FakeRequest): FakeResult {
    const path = decodePath(request.path);
    let matched: { route: Route; match: RegExpExecArray } | undefined;
    for (const route of this.routes) {
      if (path === undefined || route.operation.method !== request.method) continue;
      const match = route.pattern.exec(path);
      if (match !== null) {
        matched = { route, match };
        break;
      }
    }
    const resolved = matched?.route.resolve(matched.match, request.query);
    const owner = resolved?.owner ?? ownerInPath(path ?? request.path);
    const project = this.projectFor(owner);
    const region = project?.project.projectId ?? (owner?.startsWith('projects/') ? owner.slice('projects/'.length) : (owner ?? ''));
    const service = matched?.route.operation.service ?? guessService(path ?? request.path);
    const operation = matched?.route.operation.operation ?? `${request.method} ${request.path}`;
    const latencyMs = (this.estate.latencyMs ?? 0) + (project?.project.latencyMs ?? 0);
    // Google counts quota per project (the resource's own; folders and organisations alike) and API.
    const key = `${region === '' ? 'unknown' : region}:${service}`;
    let throttled: ThrottleCause | undefined;
    const done = (response: FakeResult['response']): FakeResult => ({
      response,
      service,
      region,
      operation,
      latencyMs,
      key,
      ...(throttled === undefined ? {} : { throttled }),
    });

    try {
      this.authenticate(request, matched?.route.operation, service);
      if (matched === undefined || resolved === undefined || path === undefined) {
        this.onUnknownOperation({ service, region, operation });
        throw new GoogleApiError('NOT_FOUND', `The fake cloud does not serve ${request.method} ${request.path} (only the read operations aiposture uses).`);
      }
      const gcpOperation = matched.route.operation.operation === 'GetIamPolicy' ? iamOperation(owner) : matched.route.operation;
      const context: Context = {
        operation: gcpOperation,
        path,
        query: request.query,
        body: request.body,
        match: matched.match,
        owner,
        resource: resolved.resource,
        location: resolved.location,
        project,
      };
      const decision = this.throttler.active ? this.throttler.check(key, service) : undefined;
      if (decision !== undefined) {
        throttled = decision.cause;
        const retryAfter = decision.retryAfter ?? undefined;
        throw quotaExceeded(
          service,
          project?.project.projectNumber ?? region,
          undefined,
          undefined,
          retryAfter === undefined ? {} : { 'retry-after': retryAfterHeader(retryAfter) },
        );
      }
      const bodyFault = this.injectFault(context, region);
      this.checkOwner(context);
      return done(withBodyFault(this.success(matched.route.run(context)), bodyFault));
    } catch (error) {
      if (error instanceof GoogleApiError) return done(this.failure(error));
      if (error instanceof TransportFault) return done(error.response);
      throw error;
    }
  }

  /** Checks the bearer token (UNAUTHENTICATED without one, or with the wrong one when the estate fixes it). */
  private authenticate(request: FakeRequest, operation: FakeGcpOperation | undefined, service: string): void {
    const auth = header(request, 'authorization');
    const match = auth === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const metadata: Record<string, string> = { service, ...(operation === undefined ? {} : { method: operation.rpc }) };
    const challenge = { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' };
    if (match === null || match[1] === undefined) {
      throw new GoogleApiError(
        'UNAUTHENTICATED',
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        [errorInfo('CREDENTIALS_MISSING', 'googleapis.com', metadata)],
        challenge,
      );
    }
    if (this.estate.bearerToken !== undefined && match[1] !== this.estate.bearerToken) {
      throw new GoogleApiError(
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        [errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED', 'googleapis.com', metadata)],
        { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      );
    }
  }

  /** Throws the first matching error fault; returns the first matching body fault, to apply to the answer. */
  private injectFault(context: Context, region: string): BodyFault | undefined {
    const owner = context.owner;
    const project = context.project?.project;
    let bodyFault: BodyFault | undefined;
    this.repeatToken = false;
    this.estate.faults.forEach((fault: GcpFault, index) => {
      if (fault.project !== undefined) {
        const named = owner?.startsWith('projects/') ? owner.slice('projects/'.length) : undefined;
        const hit = named !== undefined && (named === fault.project || project?.projectId === fault.project || project?.projectNumber === fault.project);
        if (!hit) return;
      }
      if (
        fault.owner !== undefined &&
        fault.owner !== owner &&
        !(project !== undefined && (fault.owner === `projects/${project.projectId}` || fault.owner === `projects/${project.projectNumber}`))
      )
        return;
      if (fault.operation !== undefined && fault.operation !== '*' && fault.operation !== context.operation.operation) return;
      if (fault.service !== undefined && fault.service !== context.operation.service) return;
      if (fault.location !== undefined && fault.location !== context.location) return;
      const matched = this.faultMatches[index] ?? 0;
      this.faultMatches[index] = matched + 1;
      if (fault.after !== undefined && matched < fault.after) return;
      if (fault.times !== undefined) {
        const used = this.faultUses[index] ?? 0;
        if (used >= fault.times) return;
        this.faultUses[index] = used + 1;
      }
      if (applyTransportFault(fault)) this.repeatToken = true;
      if (fault.code === undefined && fault.status === undefined && fault.reason === undefined) {
        bodyFault ??= fault.body;
        return;
      }
      const status = fault.status ?? (fault.code !== undefined ? googleStatusByCode[fault.code] : 403);
      const code = fault.code ?? googleCodeForStatus(status);
      const retryAfter = fault.retryAfter === undefined ? (status === 429 || status === 503 ? 1 : undefined) : (fault.retryAfter ?? undefined);
      const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
      const consumer = project?.projectNumber ?? region;
      let error: GoogleApiError;
      if (fault.reason === 'SERVICE_DISABLED') {
        error = serviceDisabled(context.operation.service, consumer, status);
      } else if (code === 'PERMISSION_DENIED' && (fault.reason === undefined || fault.reason === 'IAM_PERMISSION_DENIED')) {
        error = permissionDenied(context.operation, context.resource, context.operation.permission, fault.message);
      } else if (code === 'RESOURCE_EXHAUSTED') {
        error = quotaExceeded(context.operation.service, consumer, fault.reason, fault.message);
      } else {
        const details =
          fault.reason === undefined ? [] : [errorInfo(fault.reason, 'googleapis.com', { service: context.operation.service, method: context.operation.rpc })];
        error = new GoogleApiError(code, fault.message ?? `Injected ${code}`, details);
      }
      throw new GoogleApiError(error.code, error.message, error.details, { ...error.headers, ...headers }, status);
    });
    return bodyFault;
  }

  /** Unknown owners answer 403 (Google does not say whether they exist); a disabled API answers SERVICE_DISABLED. */
  private checkOwner(context: Context): void {
    const { operation, owner } = context;
    if (operation.operation === 'Projects_List' || operation.operation === 'Folders_List') {
      if (owner === undefined || owner === '')
        throw invalidArgument(`Request contains an invalid argument: parent is required (e.g. ?parent=organizations/123).`);
      if (!/^(folders|organizations)\/\d+$/.test(owner))
        throw invalidArgument(`Invalid parent '${owner}': expected folders/{folder_id} or organizations/{organization_id}.`);
    }
    if (owner === undefined || this.ownerView(owner) === undefined) throw permissionDenied(operation, context.resource);
    const project = context.project?.project;
    if (project === undefined) return;
    if (operation.service === gcpHosts.aiplatform && project.vertexApi === 'DISABLED') throw serviceDisabled(gcpHosts.aiplatform, project.projectNumber);
    if (operation.operation === 'Templates_List' && project.modelArmorApi === 'DISABLED') throw serviceDisabled(gcpHosts.modelArmor, project.projectNumber);
  }

  private projectFor(owner: string | undefined): ProjectView | undefined {
    if (owner === undefined || !owner.startsWith('projects/')) return undefined;
    const key = owner.slice('projects/'.length);
    return this.projects.get(key) ?? this.projectsByNumber.get(key);
  }

  /** The project, folder or organisation an owner name refers to (projects by id or number). */
  private ownerView(owner: string | undefined): ProjectView | OwnerView | undefined {
    if (owner === undefined) return undefined;
    const [kind, id = ''] = owner.split('/');
    if (kind === 'projects') return this.projectFor(owner);
    if (kind === 'folders') return this.folders.get(id);
    if (kind === 'organizations') return this.organizations.get(id);
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Responses

  private baseHeaders(): Record<string, string> {
    return {
      'content-type': 'application/json; charset=UTF-8',
      vary: 'Origin, X-Origin, Referer',
      server: 'ESF',
      'x-xss-protection': '0',
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private',
      'x-fakecloud-request-id': randomUUID(),
    };
  }

  private success(body: Json): FakeResponse {
    return { status: 200, headers: this.baseHeaders(), body: JSON.stringify(body, null, 2) };
  }

  private failure(error: GoogleApiError): FakeResponse {
    return { status: error.status, headers: { ...this.baseHeaders(), ...error.headers }, body: JSON.stringify(error.body(), null, 2) };
  }

  // -------------------------------------------------------------------------------------------
  // Operations

  private need<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('internal: missing context');
    return value;
  }

  /** One page of a list: `{ [field]: items, nextPageToken? }`, empty fields left out. */
  private page(context: Context, field: string, items: readonly Json[]): Json {
    const token = context.query.get('pageToken') ?? '';
    const key = `${context.operation.operation}:${context.path}:${context.query.get('parent') ?? ''}`;
    let offset = 0;
    if (token !== '') {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      const match = /^(.*)\|(\d+)$/.exec(decoded);
      if (match === null || match[1] !== key) throw invalidArgument('The page token is invalid.');
      offset = Number(match[2]);
    }
    const requested = context.query.get('pageSize');
    const asked = requested === null || requested === '' ? 0 : Number(requested);
    if (!Number.isInteger(asked) || asked < 0) throw invalidArgument(`Invalid value at 'page_size' (TYPE_INT32), "${requested ?? ''}"`);
    const size = Math.min(asked > 0 ? asked : Number.POSITIVE_INFINITY, this.estate.pageSize ?? Number.POSITIVE_INFINITY);
    const value = items.slice(offset, offset + size);
    const body: Json = value.length > 0 ? { [field]: value } : {};
    // repeatToken: the token it was sent, or (first page) one for the rest: every later page names itself.
    if (this.repeatToken)
      body.nextPageToken = token !== '' ? token : Buffer.from(`${key}|${Math.min(offset + size, items.length)}`, 'utf8').toString('base64url');
    else if (offset + size < items.length) body.nextPageToken = Buffer.from(`${key}|${offset + size}`, 'utf8').toString('base64url');
    return body;
  }

  private getFloorSetting(context: Context): Json {
    const location = context.match[3] ?? '';
    if (location !== 'global') throw invalidArgument(`Floor settings exist only in location "global", not "${location}".`);
    const view = this.ownerView(context.owner);
    if (view?.floorSetting === undefined) throw new GoogleApiError('NOT_FOUND', `Resource '${context.resource}' was not found.`);
    return view.floorSetting;
  }

  private getIamPolicy(context: Context): Json {
    let body: unknown = {};
    const text = context.body.toString('utf8').trim();
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw invalidArgument('Invalid JSON payload received.');
      }
    }
    const requested = (body as { options?: { requestedPolicyVersion?: unknown } } | null)?.options?.requestedPolicyVersion;
    if (requested !== undefined && requested !== 0 && requested !== 1 && requested !== 3)
      throw invalidArgument(`Invalid requested_policy_version: ${String(requested)}. Valid values are 0, 1 and 3.`);
    return this.need(this.ownerView(context.owner)).iamPolicy;
  }

  private listChildren(context: Context, kind: 'projects' | 'folders'): Json {
    const parent = context.owner ?? '';
    const showDeleted = context.query.get('showDeleted') === 'true';
    const visible = (state: string) => showDeleted || state === 'ACTIVE';
    const items =
      kind === 'projects'
        ? [...this.projects.values()].filter((view) => view.project.parent === parent && visible(view.project.state)).map((view) => view.json)
        : this.estate.folders
            .filter((folder) => folder.parent === parent && visible(folder.state))
            .map((folder) => this.need(this.folders.get(folder.id)?.json));
    return this.page(context, kind, items);
  }

  private getService(context: Context): Json {
    const project = this.need(context.project).project;
    const service = context.match[2] ?? '';
    const state =
      service === gcpHosts.aiplatform
        ? project.vertexApi
        : service === gcpHosts.modelArmor
          ? project.modelArmorApi
          : alwaysEnabledServices.has(service)
            ? 'ENABLED'
            : 'DISABLED';
    const title = serviceTitles[service] ?? service;
    return {
      name: `projects/${project.projectNumber}/services/${service}`,
      parent: `projects/${project.projectNumber}`,
      config: {
        name: service,
        title,
        documentation: { summary: `${title}.` },
        quota: {},
        authentication: {},
        usage: { requirements: ['serviceusage.googleapis.com/tos/cloud'] },
        monitoring: {},
      },
      state,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Cloud Monitoring time series

const dayMs = 86_400_000;
/** google.monitoring.v3.Aggregation enums as the clients send them (`enum-encoding=int`) or by name. */
const aligners: Record<string, string> = { '0': 'ALIGN_NONE', '1': 'ALIGN_DELTA', '14': 'ALIGN_SUM' };
const reducers: Record<string, string> = { '0': 'REDUCE_NONE', '4': 'REDUCE_SUM' };
const enumName = (table: Record<string, string>, value: string | null, fallback: string) =>
  value === null || value === '' ? fallback : (table[value] ?? value);

/** The `lhs = "value"` terms of a Monitoring filter: `metric.type`, `resource.type`, `metric.label(s).K`, `resource.label(s).K`, joined by AND. */
function filterTerms(filter: string): Array<{ field: string; value: string }> {
  return filter
    .split(/\s+AND\s+/i)
    .map((term) => term.trim())
    .map((term) => {
      const match = /^(metric\.type|resource\.type|(?:metric|resource)\.labels?\.[A-Za-z_]\w*)\s*=\s*"([^"]*)"$/.exec(term);
      if (match === null)
        throw invalidArgument(
          `Field filter had an invalid value of "${filter}": the fake cloud understands only metric.type, resource.type and label equality joined by AND.`,
        );
      return { field: (match[1] ?? '').replace(/\.labels\./, '.label.'), value: match[2] ?? '' };
    });
}

function labelOf(series: GcpTimeSeries, field: string): string | undefined {
  if (field === 'metric.type') return series.metric.type;
  if (field === 'resource.type') return series.resource.type;
  const [kind, , key = ''] = field.split('.');
  return (kind === 'metric' ? series.metric.labels : series.resource.labels)?.[key];
}

function timeOf(query: URLSearchParams, name: string, required: boolean): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') {
    if (required) throw invalidArgument(`Field ${name} is required.`);
    return undefined;
  }
  const value = Date.parse(text);
  if (Number.isNaN(value)) throw invalidArgument(`Invalid value at '${name}' (type.googleapis.com/google.protobuf.Timestamp), "${text}"`);
  return value;
}

/** The count a steady series adds in [from, to). */
function amountIn(series: GcpTimeSeries, from: number, to: number): number {
  const since = series.since === undefined ? -Infinity : Date.parse(series.since);
  const until = series.until === undefined ? Infinity : Date.parse(series.until);
  const overlap = Math.min(to, until) - Math.max(from, since);
  return overlap <= 0 ? 0 : Math.round((series.perDay * overlap) / dayMs);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `projects.timeSeries.list` over the estate's counter series: the filter (metric and resource
 * type, label equality), the interval, and the aggregation (ALIGN_SUM / ALIGN_DELTA per
 * alignment period counted back from the interval's end, then REDUCE_SUM grouped by
 * `groupByFields`). Without an aligner, one point per day. Periods without a count have no point
 * and series without points are left out, as Cloud Monitoring does.
 */
function listTimeSeries(all: readonly GcpTimeSeries[], query: URLSearchParams): Json[] {
  const filter = query.get('filter') ?? '';
  if (filter === '') throw invalidArgument('Field filter is required.');
  const terms = filterTerms(filter);
  if (terms.filter((term) => term.field === 'metric.type').length !== 1) throw invalidArgument(`The filter "${filter}" must name exactly one metric.type.`);
  const end = timeOf(query, 'interval.endTime', true) ?? 0;
  const start = timeOf(query, 'interval.startTime', false) ?? end;
  if (start > end) throw invalidArgument('The interval start time must not be later than its end time.');
  const aligner = enumName(aligners, query.get('aggregation.perSeriesAligner'), 'ALIGN_NONE');
  const reducer = enumName(reducers, query.get('aggregation.crossSeriesReducer'), 'REDUCE_NONE');
  if (aligner !== 'ALIGN_NONE' && aligner !== 'ALIGN_SUM' && aligner !== 'ALIGN_DELTA')
    throw invalidArgument(`The fake cloud aligns counters with ALIGN_SUM or ALIGN_DELTA, not ${aligner}.`);
  if (reducer !== 'REDUCE_NONE' && reducer !== 'REDUCE_SUM') throw invalidArgument(`The fake cloud reduces counters with REDUCE_SUM, not ${reducer}.`);
  if (reducer !== 'REDUCE_NONE' && aligner === 'ALIGN_NONE')
    throw invalidArgument('A cross-series reducer requires a per-series aligner other than ALIGN_NONE.');
  const periodText = query.get('aggregation.alignmentPeriod');
  const periodMatch = periodText === null ? null : /^(\d+)(?:\.\d+)?s$/.exec(periodText);
  if (aligner !== 'ALIGN_NONE' && periodMatch === null)
    throw invalidArgument('The alignment period is required when a per-series aligner is given (e.g. "2592000s").');
  const periodMs = aligner === 'ALIGN_NONE' || periodMatch === null ? dayMs : Number(periodMatch[1]) * 1000;
  if (periodMs < 60_000) throw invalidArgument('The alignment period must be at least 60s.');
  const headersOnly = ['1', 'HEADERS'].includes(query.get('view') ?? '');

  const matching = all.filter((series) => terms.every((term) => labelOf(series, term.field) === term.value));
  // Periods counted back from the end; the first one starts no earlier than the interval.
  const periods: Array<[number, number]> = [];
  for (let to = end; to > start; to -= periodMs) periods.unshift([Math.max(start, to - periodMs), to]);
  const pointsOf = (members: readonly GcpTimeSeries[]): Json[] =>
    periods
      .map(([from, to]) => ({ from, to, value: members.reduce((sum, entry) => sum + amountIn(entry, from, to), 0) }))
      .filter((point) => point.value > 0)
      .reverse()
      .map((point) => ({ interval: { startTime: iso(point.from), endTime: iso(point.to) }, value: { int64Value: String(point.value) } }));
  const shaped = (metric: Json, resource: Json, points: Json[]): Json | undefined =>
    !headersOnly && points.length === 0
      ? undefined
      : { metric, resource, metricKind: 'DELTA', valueType: 'INT64', ...(headersOnly ? {} : { points }), unit: '1' };
  if (reducer === 'REDUCE_NONE') {
    return matching.flatMap<Json>(
      (series) =>
        shaped(
          { type: series.metric.type, labels: series.metric.labels ?? {} },
          { type: series.resource.type, labels: series.resource.labels ?? {} },
          pointsOf([series]),
        ) ?? [],
    );
  }
  const groupBy = query.getAll('aggregation.groupByFields').map((field) => field.replace(/"/g, '').replace(/\.labels\./, '.label.'));
  const groups = new Map<string, GcpTimeSeries[]>();
  for (const series of matching) {
    const key = JSON.stringify(groupBy.map((field) => labelOf(series, field) ?? ''));
    groups.set(key, [...(groups.get(key) ?? []), series]);
  }
  return [...groups.values()].flatMap<Json>((members) => {
    const first = members[0];
    if (first === undefined) return [];
    const kept = (kind: 'metric' | 'resource') =>
      Object.fromEntries(
        groupBy.flatMap((field) => {
          const value = field.startsWith(`${kind}.label.`) ? labelOf(first, field) : undefined;
          return value === undefined ? [] : [[field.slice(`${kind}.label.`.length), value]];
        }),
      );
    return shaped({ type: first.metric.type, labels: kept('metric') }, { type: first.resource.type, labels: kept('resource') }, pointsOf(members)) ?? [];
  });
}

function iamOperation(owner: string | undefined): FakeGcpOperation {
  const base = operationByName.get('GetIamPolicy');
  if (base === undefined) throw new Error('internal: no GetIamPolicy');
  const kind = owner?.split('/')[0] ?? 'projects';
  const service = kind === 'organizations' ? 'Organizations' : kind === 'folders' ? 'Folders' : 'Projects';
  return {
    ...base,
    http: `/v3/{resource=${kind}/*}:getIamPolicy`,
    rpc: `google.cloud.resourcemanager.v3.${service}.GetIamPolicy`,
    permission: `resourcemanager.${kind}.getIamPolicy`,
  };
}

/** The projects/folders/organizations owner an unknown path names, for the request log. */
function ownerInPath(path: string): string | undefined {
  const match = /^\/v[^/]+\/(projects|folders|organizations)\/([^/:]+)/.exec(path);
  return match === null ? undefined : `${match[1]}/${match[2]}`;
}

/** The API host an unknown path most likely belongs to, for the request log. */
function guessService(path: string): string {
  if (/\/(floorSetting|templates)(\/|:|$)/.test(path)) return gcpHosts.modelArmor;
  if (/\/(endpoints|locations|models|publishers)(\/|:|$)/.test(path)) return gcpHosts.aiplatform;
  if (/\/services(\/|:|$)/.test(path)) return gcpHosts.serviceUsage;
  if (/\/(alertPolicies|notificationChannels|timeSeries)(\/|:|$)/.test(path)) return gcpHosts.monitoring;
  if (/^\/v3\/(projects|folders|organizations)/.test(path)) return gcpHosts.resourceManager;
  return 'googleapis.com';
}

/** Creates the Google Cloud provider handler for the fake-cloud server. */
export function createGcpHandler(estate: GcpEstateInput, options: FakeGcpOptions = {}): ProviderHandler {
  const gcp = new FakeGcp(estate, options);
  return { provider: 'gcp', matches: (request) => gcp.matches(request), handle: (request) => gcp.handle(request) };
}
