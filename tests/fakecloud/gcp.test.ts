/**
 * The fake Google Cloud REST API, driven by the real Google Cloud clients in REST-fallback mode
 * (`fallback: true`, plain http to 127.0.0.1) over loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelArmorClient } from '@google-cloud/modelarmor';
import { EndpointServiceClient } from '@google-cloud/aiplatform';
import { FoldersClient, OrganizationsClient, ProjectsClient } from '@google-cloud/resource-manager';
import { ServiceUsageClient } from '@google-cloud/service-usage';
import { AlertPolicyServiceClient } from '@google-cloud/monitoring';
import { OAuth2Client } from 'google-auth-library';
import { fakeGcpOperations } from '../../fakecloud/gcp.ts';
import {
  confidenceLevels,
  enforcementTypes,
  gcpEstateSchema,
  gcpOperationNames,
  integratedServices,
  logTypes,
  raiFilterTypes,
  type GcpEstateInput,
  type GcpFloorSettingInput,
  type GcpTemplateInput,
} from '../../fakecloud/gcp-estate.ts';
import { loadEstateFile, parseEstate, startFakeCloud, type FakeCloud } from '../../fakecloud/server.ts';

// ---------------------------------------------------------------------------------------------
// Captured payloads (shared/reference/examples/gcp; provenance in shared/reference/cloud-apis.md §D)

/** floor_setting.observed.attestor.json: a live GetFloorSetting response. */
const attestorFloor = {
  name: 'projects/attestor-505506/locations/global/floorSetting',
  createTime: '2026-08-14T10:29:31.155948512Z',
  updateTime: '2026-08-14T10:29:31.571256810Z',
  filterConfig: {
    sdpSettings: { basicConfig: { filterEnforcement: 'ENABLED' } },
    piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'LOW_AND_ABOVE' },
    maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' },
  },
  enableFloorSettingEnforcement: true,
  integratedServices: ['AI_PLATFORM'],
  aiPlatformFloorSetting: { inspectAndBlock: true, enableCloudLogging: true },
} satisfies GcpFloorSettingInput;

/** template.observed.attestor-strict-ingress.json: a live GetTemplate response. */
const attestorTemplate = {
  name: 'projects/attestor-505506/locations/us-central1/templates/attestor-strict-ingress',
  createTime: '2026-08-14T10:26:59.201435171Z',
  updateTime: '2026-08-14T10:26:59.284523027Z',
  filterConfig: {
    raiSettings: {
      raiFilters: [
        { filterType: 'DANGEROUS', confidenceLevel: 'LOW_AND_ABOVE' },
        { filterType: 'HARASSMENT', confidenceLevel: 'MEDIUM_AND_ABOVE' },
        { filterType: 'HATE_SPEECH', confidenceLevel: 'MEDIUM_AND_ABOVE' },
        { filterType: 'SEXUALLY_EXPLICIT', confidenceLevel: 'MEDIUM_AND_ABOVE' },
      ],
    },
    sdpSettings: { basicConfig: { filterEnforcement: 'ENABLED' } },
    piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'LOW_AND_ABOVE' },
    maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' },
  },
  templateMetadata: { logTemplateOperations: true, logSanitizeOperations: true, dataResidencyCompliant: true },
} satisfies GcpTemplateInput;

/** floor_setting.not-enforced.mcp.excerpt.json: newer than the 0.6.0 proto (GOOGLE_MCP_SERVER). */
const mcpFloor = {
  name: 'projects/sreagent-t2-demo/locations/global/floorSetting',
  createTime: '2026-07-13T04:41:20.691605672Z',
  updateTime: '2026-07-15T03:16:46.809490716Z',
  filterConfig: {
    raiSettings: {
      raiFilters: [
        { filterType: 'SEXUALLY_EXPLICIT', confidenceLevel: 'MEDIUM_AND_ABOVE' },
        { filterType: 'HATE_SPEECH', confidenceLevel: 'MEDIUM_AND_ABOVE' },
      ],
    },
    piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'MEDIUM_AND_ABOVE' },
    maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' },
  },
  enableFloorSettingEnforcement: false,
  integratedServices: ['GOOGLE_MCP_SERVER', 'AI_PLATFORM'],
  aiPlatformFloorSetting: { inspectOnly: true, enableCloudLogging: true },
  googleMcpServerFloorSetting: { inspectOnly: true, enableCloudLogging: true },
} satisfies GcpFloorSettingInput;

/** template.inspect-only.excerpt.json */
const inspectOnlyTemplate = {
  name: 'projects/sreagent-t2-demo/locations/us-central1/templates/sre-agent-request-guard',
  createTime: '2026-07-13T03:46:27.977169463Z',
  updateTime: '2026-08-24T19:18:23.376935439Z',
  filterConfig: {
    raiSettings: {
      raiFilters: [
        { filterType: 'SEXUALLY_EXPLICIT', confidenceLevel: 'MEDIUM_AND_ABOVE' },
        { filterType: 'HATE_SPEECH', confidenceLevel: 'MEDIUM_AND_ABOVE' },
      ],
    },
    piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'MEDIUM_AND_ABOVE' },
    maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' },
  },
  templateMetadata: { enforcementType: 'INSPECT_ONLY', dataResidencyCompliant: false },
} satisfies GcpTemplateInput;

// ---------------------------------------------------------------------------------------------
// The test estate

const PROJECT = 'ai-prod-123';
const NUMBER = '412345678901';
const sanitizeFilter =
  'logName="projects/ai-prod-123/logs/modelarmor.googleapis.com%2Fsanitize_operations" AND jsonPayload.sanitizationResult.filterMatchState="MATCH_FOUND"';

const strictTemplate = (name: string) => ({
  name,
  labels: { 'goog-terraform-provisioned': true },
  filterConfig: {
    raiSettings: { raiFilters: raiFilterTypes.map((filterType) => ({ filterType, confidenceLevel: 'MEDIUM_AND_ABOVE' as const })) },
    piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED' as const, confidenceLevel: 'LOW_AND_ABOVE' as const },
  },
  templateMetadata: {
    enforcementType: 'INSPECT_AND_BLOCK' as const,
    logSanitizeOperations: true,
    multiLanguageDetection: { enableMultiLanguageDetection: true },
  },
});

const estate: GcpEstateInput = {
  organizations: [
    {
      id: '999',
      displayName: 'example.com',
      floorSetting: {
        filterConfig: { maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' } },
        enableFloorSettingEnforcement: true,
        floorSettingMetadata: { multiLanguageDetection: { enableMultiLanguageDetection: true } },
      },
      iamPolicy: {
        bindings: [{ role: 'roles/resourcemanager.organizationAdmin', members: ['group:admins@example.com'] }],
        auditConfigs: [
          { service: 'allServices', auditLogConfigs: [{ logType: 'DATA_READ' }, { logType: 'DATA_WRITE', exemptedMembers: ['user:bot@example.com'] }] },
        ],
      },
    },
  ],
  folders: [
    { id: '111', parent: 'organizations/999', displayName: 'ai-platform' },
    { id: '222', parent: 'folders/111', displayName: 'research', floorSetting: { filterConfig: {}, enableFloorSettingEnforcement: false } },
    { id: '333', parent: 'organizations/999', displayName: 'retired', state: 'DELETE_REQUESTED' },
  ],
  projects: [
    {
      projectId: PROJECT,
      projectNumber: NUMBER,
      parent: 'folders/111',
      displayName: 'AI Production',
      labels: { 'goog-terraform-provisioned': 'true', team: 'support' },
      vertexApi: 'ENABLED',
      floorSetting: {
        filterConfig: { piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'LOW_AND_ABOVE' } },
        enableFloorSettingEnforcement: true,
        integratedServices: ['AI_PLATFORM'],
        aiPlatformFloorSetting: { inspectAndBlock: true, enableCloudLogging: true },
      },
      iamPolicy: {
        version: 3,
        etag: 'BwYR8tq0xKE=',
        bindings: [
          {
            role: 'roles/aiplatform.user',
            members: ['serviceAccount:bot@ai-prod-123.iam.gserviceaccount.com'],
            condition: { title: 'business hours', expression: 'request.time.getHours("Europe/Berlin") < 18' },
          },
        ],
        auditConfigs: [
          { service: 'aiplatform.googleapis.com', auditLogConfigs: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }] },
        ],
      },
      templates: {
        'us-central1': [
          strictTemplate('t1'),
          strictTemplate('t2'),
          strictTemplate('t3'),
          strictTemplate(`projects/${PROJECT}/locations/us-central1/templates/t4`),
          strictTemplate('t5'),
        ],
        'europe-west4': [strictTemplate('eu1')],
      },
      endpoints: {
        'us-central1': [
          { name: '100', displayName: 'public-no-cmk' },
          {
            name: '101',
            displayName: 'psc-cmek',
            encryptionSpec: { kmsKeyName: `projects/${PROJECT}/locations/us-central1/keyRings/ai/cryptoKeys/endpoints` },
            privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: [PROJECT] },
          },
          { name: `projects/${NUMBER}/locations/us-central1/endpoints/102`, displayName: 'vpc-peered', network: `projects/${NUMBER}/global/networks/vpc-ai` },
        ],
        'me-central2': [{ name: '200', displayName: 'doha' }],
      },
      alertPolicies: [
        {
          name: '1',
          displayName: 'Model Armor matches',
          combiner: 'OR',
          conditions: [{ displayName: 'sanitize match', conditionMatchedLog: { filter: sanitizeFilter } }],
          notificationChannels: [`projects/${PROJECT}/notificationChannels/7`],
        },
        {
          name: '2',
          displayName: 'disabled',
          enabled: false,
          conditions: [{ conditionThreshold: { filter: 'metric.type="x"', comparison: 'COMPARISON_GT' } }],
        },
        { name: '3', displayName: 'third', conditions: [] },
      ],
    },
    {
      projectId: 'ai-dev-789',
      projectNumber: 778899,
      parent: 'folders/222',
      vertexApi: 'DISABLED',
      modelArmorApi: 'DISABLED',
      locations: ['us-central1', { locationId: 'europe-west4', displayName: 'Netherlands' }],
    },
    { projectId: 'ai-old-000', projectNumber: '100000000001', parent: 'folders/111', vertexApi: 'ENABLED', state: 'DELETE_REQUESTED' },
    {
      projectId: 'attestor-505506',
      projectNumber: '505506505506',
      parent: 'organizations/999',
      vertexApi: 'ENABLED',
      floorSetting: attestorFloor,
      templates: { 'us-central1': [attestorTemplate] },
    },
    {
      projectId: 'sreagent-t2-demo',
      projectNumber: '606606606606',
      parent: 'organizations/999',
      vertexApi: 'ENABLED',
      floorSetting: mcpFloor,
      templates: { 'us-central1': [inspectOnlyTemplate] },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Clients

interface Sent {
  method: string;
  url: string;
  body: unknown;
}

/** An OAuth2Client with a ready access token; records every request the clients send through it. */
function authClient(token = 'fake-token', sent: Sent[] = []): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  const send = client.fetch.bind(client);
  client.fetch = ((url: string | URL, init?: { method?: string; body?: unknown }) => {
    const target = new URL(String(url));
    sent.push({ method: init?.method ?? 'GET', url: `${target.pathname}${target.search}`, body: init?.body });
    return send(url, init as Parameters<OAuth2Client['fetch']>[1]);
  }) as OAuth2Client['fetch'];
  return client;
}

/**
 * The clients bundle different google-gax / google-auth-library majors, so their option types
 * name different AuthClient classes; the OAuth2Client is compatible at run time.
 */
function clients(cloud: FakeCloud, auth: OAuth2Client = authClient()) {
  const options = <T>(): T => ({ fallback: true, apiEndpoint: '127.0.0.1', port: cloud.port, protocol: 'http', authClient: auth }) as unknown as T;
  const set = {
    modelArmor: new ModelArmorClient(options()),
    endpoints: new EndpointServiceClient(options()),
    projects: new ProjectsClient(options()),
    folders: new FoldersClient(options()),
    organizations: new OrganizationsClient(options()),
    serviceUsage: new ServiceUsageClient(options()),
    alerts: new AlertPolicyServiceClient(options()),
  };
  return { ...set, close: () => Promise.all(Object.values(set).map((client) => client.close())) };
}
type Clients = ReturnType<typeof clients>;

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

type ErrorShape = Record<string, unknown> & { response?: { status?: number; headers?: { get(name: string): string | null } } };
async function failure(promise: Promise<unknown>): Promise<ErrorShape> {
  try {
    await promise;
  } catch (error) {
    return error as ErrorShape;
  }
  throw new Error('expected the call to fail');
}

/** The Google error body inside a gax-5 GaxiosError's message (the raw response text). */
function googleBody(error: ErrorShape): { code: number; status: string; message: string; details?: Array<Record<string, unknown>> } {
  return (JSON.parse(String(error.message)) as { error: { code: number; status: string; message: string; details?: Array<Record<string, unknown>> } }).error;
}

const unknownOps: Array<{ provider: string; operation: string }> = [];

// ---------------------------------------------------------------------------------------------

describe('fake Google Cloud REST, real clients in REST-fallback mode', () => {
  let cloud: FakeCloud;
  let c: Clients;
  const sent: Sent[] = [];
  beforeAll(async () => {
    cloud = await startFakeCloud({ gcp: estate, onUnknownOperation: (info) => unknownOps.push(info) });
    c = clients(cloud, authClient('fake-token', sent));
  });
  afterAll(async () => {
    await c.close();
    await cloud.close();
  });

  it('binds to 127.0.0.1 only', () => {
    expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('every client sends the REST path, method and body of its proto http rule, with $alt=json;enum-encoding=int', async () => {
    sent.length = 0;
    await c.modelArmor.getFloorSetting({ name: `projects/${PROJECT}/locations/global/floorSetting` });
    await c.modelArmor.getFloorSetting({ name: 'folders/222/locations/global/floorSetting' });
    await c.modelArmor.getFloorSetting({ name: 'organizations/999/locations/global/floorSetting' });
    await c.modelArmor.listTemplates({ parent: `projects/${PROJECT}/locations/us-central1`, pageSize: 2 }, { autoPaginate: false });
    await all(c.endpoints.listLocationsAsync({ name: `projects/${PROJECT}` }));
    await c.endpoints.listEndpoints({ parent: `projects/${PROJECT}/locations/us-central1`, pageSize: 2 }, { autoPaginate: false });
    await c.projects.getProject({ name: `projects/${PROJECT}` });
    await c.folders.getFolder({ name: 'folders/111' });
    await c.projects.getIamPolicy({ resource: `projects/${PROJECT}`, options: { requestedPolicyVersion: 3 } });
    await c.folders.getIamPolicy({ resource: 'folders/111' });
    await c.organizations.getIamPolicy({ resource: 'organizations/999', options: { requestedPolicyVersion: 3 } });
    await c.projects.listProjects({ parent: 'folders/111', pageSize: 5 }, { autoPaginate: false });
    await c.folders.listFolders({ parent: 'organizations/999' }, { autoPaginate: false });
    await c.serviceUsage.getService({ name: `projects/${PROJECT}/services/aiplatform.googleapis.com` });
    await c.alerts.listAlertPolicies({ name: `projects/${PROJECT}`, pageSize: 2 }, { autoPaginate: false });
    const alt = '$alt=json%3Benum-encoding=int';
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET /v1/projects/${PROJECT}/locations/global/floorSetting?${alt}`,
      `GET /v1/folders/222/locations/global/floorSetting?${alt}`,
      `GET /v1/organizations/999/locations/global/floorSetting?${alt}`,
      `GET /v1/projects/${PROJECT}/locations/us-central1/templates?pageSize=2&${alt}`,
      `GET /v1/projects/${PROJECT}/locations?${alt}`,
      `GET /v1/projects/${PROJECT}/locations/us-central1/endpoints?pageSize=2&${alt}`,
      `GET /v3/projects/${PROJECT}?${alt}`,
      `GET /v3/folders/111?${alt}`,
      `POST /v3/projects/${PROJECT}:getIamPolicy?${alt}`,
      `POST /v3/folders/111:getIamPolicy?${alt}`,
      `POST /v3/organizations/999:getIamPolicy?${alt}`,
      `GET /v3/projects?parent=folders/111&pageSize=5&${alt}`,
      `GET /v3/folders?parent=organizations/999&${alt}`,
      `GET /v1/projects/${PROJECT}/services/aiplatform.googleapis.com?${alt}`,
      `GET /v3/projects/${PROJECT}/alertPolicies?pageSize=2&${alt}`,
    ]);
    // getIamPolicy: body "*" minus the path field; an omitted options message is sent as {}.
    expect(sent.filter((request) => request.method === 'POST').map((request) => JSON.parse(String(request.body)))).toEqual([
      { options: { requestedPolicyVersion: 3 } },
      {},
      { options: { requestedPolicyVersion: 3 } },
    ]);
    expect(cloud.requests.slice(-15).map((request) => request.status)).toEqual(Array(15).fill(200));
  });

  it('FloorSettings_Get at project, folder and organisation level; 404 NOT_FOUND where there is none', async () => {
    const [project] = await c.modelArmor.getFloorSetting({ name: `projects/${PROJECT}/locations/global/floorSetting` });
    expect(project).toMatchObject({
      name: `projects/${PROJECT}/locations/global/floorSetting`,
      enableFloorSettingEnforcement: true,
      integratedServices: ['AI_PLATFORM'],
      aiPlatformFloorSetting: { inspectAndBlock: true, enableCloudLogging: true, enforcementType: 'inspectAndBlock' },
      filterConfig: { piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'LOW_AND_ABOVE' } },
    });
    expect(project.createTime).toMatchObject({ seconds: expect.anything() });
    // By project number too (names are served as the estate defines them).
    const [byNumber] = await c.modelArmor.getFloorSetting({ name: `projects/${NUMBER}/locations/global/floorSetting` });
    expect(byNumber.name).toBe(`projects/${PROJECT}/locations/global/floorSetting`);
    const [folder] = await c.modelArmor.getFloorSetting({ name: 'folders/222/locations/global/floorSetting' });
    expect(folder).toMatchObject({ name: 'folders/222/locations/global/floorSetting', enableFloorSettingEnforcement: false });
    const [organization] = await c.modelArmor.getFloorSetting({ name: 'organizations/999/locations/global/floorSetting' });
    expect(organization).toMatchObject({
      enableFloorSettingEnforcement: true,
      floorSettingMetadata: { multiLanguageDetection: { enableMultiLanguageDetection: true } },
    });

    // gax 5 (Model Armor): a GaxiosError whose code/status are the HTTP status; the message is the body.
    const missing = await failure(c.modelArmor.getFloorSetting({ name: 'folders/111/locations/global/floorSetting' }));
    expect(missing.constructor.name).toBe('GaxiosError');
    expect(missing).toMatchObject({ code: 404, status: 404 });
    expect(googleBody(missing)).toMatchObject({
      code: 404,
      status: 'NOT_FOUND',
      message: "Resource 'folders/111/locations/global/floorSetting' was not found.",
    });
    const regional = await failure(c.modelArmor.getFloorSetting({ name: `projects/${PROJECT}/locations/us-central1/floorSetting` }));
    expect(googleBody(regional)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('Templates_List pages with pageSize/pageToken; the async iterator follows nextPageToken', async () => {
    const parent = `projects/${PROJECT}/locations/us-central1`;
    const [first, next, raw] = await c.modelArmor.listTemplates({ parent, pageSize: 2 }, { autoPaginate: false });
    expect(first.map((template) => template.name)).toEqual([`${parent}/templates/t1`, `${parent}/templates/t2`]);
    expect(raw?.nextPageToken).toMatch(/.+/);
    expect(next).toMatchObject({ pageToken: raw?.nextPageToken });
    const before = cloud.requests.length;
    const everything = await all(c.modelArmor.listTemplatesAsync({ parent, pageSize: 2 }));
    expect(everything.map((template) => template.name?.split('/').pop())).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(cloud.requests.slice(before).map((request) => request.operation)).toEqual(['Templates_List', 'Templates_List', 'Templates_List']);
    expect(everything[0]).toMatchObject({
      labels: { 'goog-terraform-provisioned': 'true' },
      templateMetadata: { enforcementType: 'INSPECT_AND_BLOCK', logSanitizeOperations: true, multiLanguageDetection: { enableMultiLanguageDetection: true } },
      filterConfig: { raiSettings: { raiFilters: raiFilterTypes.map((filterType) => ({ filterType, confidenceLevel: 'MEDIUM_AND_ABOVE' })) } },
    });
    expect(await all(c.modelArmor.listTemplatesAsync({ parent: `projects/${PROJECT}/locations/asia-south1` }))).toEqual([]);
    const badToken = await failure(c.modelArmor.listTemplates({ parent, pageToken: 'bm90LWEtdG9rZW4' }, { autoPaginate: false }));
    expect(googleBody(badToken)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('Locations_List (aiplatform listLocations mixin): the default locations plus every endpoint location, or the estate list', async () => {
    const locations = await all(c.endpoints.listLocationsAsync({ name: `projects/${PROJECT}` }));
    expect(locations.map((location) => location.locationId)).toEqual([
      'us-central1',
      'us-east1',
      'us-east4',
      'us-west1',
      'europe-west1',
      'europe-west4',
      'asia-northeast1',
      'asia-southeast1',
      'me-central2',
    ]);
    expect(locations[0]).toMatchObject({ name: `projects/${PROJECT}/locations/us-central1`, locationId: 'us-central1' });
  });

  it('Endpoints_List pages; CMEK, Private Service Connect and network come through', async () => {
    const parent = `projects/${PROJECT}/locations/us-central1`;
    const before = cloud.requests.length;
    const endpoints = await all(c.endpoints.listEndpointsAsync({ parent, pageSize: 2 }));
    expect(cloud.requests.slice(before).map((request) => request.operation)).toEqual(['Endpoints_List', 'Endpoints_List']);
    expect(endpoints.map((endpoint) => endpoint.name)).toEqual([100, 101, 102].map((id) => `projects/${NUMBER}/locations/us-central1/endpoints/${id}`));
    expect(endpoints[0]).toMatchObject({ displayName: 'public-no-cmk', encryptionSpec: null, network: '', privateServiceConnectConfig: null });
    expect(endpoints[1]).toMatchObject({
      encryptionSpec: { kmsKeyName: `projects/${PROJECT}/locations/us-central1/keyRings/ai/cryptoKeys/endpoints` },
      privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: [PROJECT] },
    });
    expect(endpoints[2]?.network).toBe(`projects/${NUMBER}/global/networks/vpc-ai`);
    expect(await all(c.endpoints.listEndpointsAsync({ parent: `projects/${PROJECT}/locations/us-west1` }))).toEqual([]);
  });

  it('Projects_Get and Folders_Get give the parent chain; projects by id or number', async () => {
    const [project] = await c.projects.getProject({ name: `projects/${PROJECT}` });
    expect(project).toMatchObject({
      name: `projects/${NUMBER}`,
      projectId: PROJECT,
      parent: 'folders/111',
      state: 'ACTIVE',
      displayName: 'AI Production',
      labels: { 'goog-terraform-provisioned': 'true', team: 'support' },
    });
    const [byNumber] = await c.projects.getProject({ name: `projects/${NUMBER}` });
    expect(byNumber.projectId).toBe(PROJECT);
    const [folder] = await c.folders.getFolder({ name: 'folders/222' });
    expect(folder).toMatchObject({ name: 'folders/222', parent: 'folders/111', displayName: 'research', state: 'ACTIVE' });
    const [up] = await c.folders.getFolder({ name: folder.parent ?? '' });
    expect(up.parent).toBe('organizations/999');
    // Unknown projects and folders are 403, as Google does not say whether they exist.
    const unknown = await failure(c.projects.getProject({ name: 'projects/no-such-project' }));
    expect(unknown).toMatchObject({ status: 403 });
    expect(googleBody(unknown)).toMatchObject({
      status: 'PERMISSION_DENIED',
      message:
        "Permission 'resourcemanager.projects.get' denied on resource '//cloudresourcemanager.googleapis.com/projects/no-such-project' (or it may not exist).",
    });
    expect(await failure(c.folders.getFolder({ name: 'folders/404' }))).toMatchObject({ status: 403 });
  });

  it('GetIamPolicy (projects, folders, organizations): version, etag, bindings and auditConfigs', async () => {
    const [project] = await c.projects.getIamPolicy({ resource: `projects/${PROJECT}`, options: { requestedPolicyVersion: 3 } });
    expect(project).toMatchObject({
      version: 3,
      bindings: [{ role: 'roles/aiplatform.user', condition: { title: 'business hours' } }],
      auditConfigs: [
        { service: 'aiplatform.googleapis.com', auditLogConfigs: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }] },
      ],
    });
    expect(Buffer.from(project.etag as Uint8Array).toString('base64')).toBe('BwYR8tq0xKE=');
    const [organization] = await c.organizations.getIamPolicy({ resource: 'organizations/999' });
    expect(organization).toMatchObject({
      version: 1,
      auditConfigs: [
        { service: 'allServices', auditLogConfigs: [{ logType: 'DATA_READ' }, { logType: 'DATA_WRITE', exemptedMembers: ['user:bot@example.com'] }] },
      ],
    });
    const [folder] = await c.folders.getIamPolicy({ resource: 'folders/111' });
    expect(folder).toMatchObject({ version: 1, bindings: [{ role: 'roles/resourcemanager.folderAdmin' }], auditConfigs: [] });
    const badVersion = await failure(c.projects.getIamPolicy({ resource: `projects/${PROJECT}`, options: { requestedPolicyVersion: 2 } }));
    expect(googleBody(badVersion)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('Projects_List and Folders_List list the direct children of a parent (showDeleted adds DELETE_REQUESTED)', async () => {
    const projects = await all(c.projects.listProjectsAsync({ parent: 'folders/111' }));
    expect(projects.map((project) => project.projectId)).toEqual([PROJECT]);
    const withDeleted = await all(c.projects.listProjectsAsync({ parent: 'folders/111', showDeleted: true }));
    expect(withDeleted.map((project) => `${project.projectId}:${String(project.state)}`)).toEqual([`${PROJECT}:ACTIVE`, 'ai-old-000:DELETE_REQUESTED']);
    expect((await all(c.projects.listProjectsAsync({ parent: 'organizations/999' }))).map((project) => project.projectId)).toEqual([
      'attestor-505506',
      'sreagent-t2-demo',
    ]);
    expect((await all(c.folders.listFoldersAsync({ parent: 'organizations/999' }))).map((folder) => folder.name)).toEqual(['folders/111']);
    expect((await all(c.folders.listFoldersAsync({ parent: 'folders/111' }))).map((folder) => folder.name)).toEqual(['folders/222']);
    const noParent = await failure(c.projects.listProjects({}, { autoPaginate: false }));
    expect(googleBody(noParent)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(await failure(c.folders.listFolders({ parent: 'organizations/12345' }, { autoPaginate: false }))).toMatchObject({ status: 403 });
  });

  it('Services_Get: aiplatform.googleapis.com ENABLED or DISABLED, named by project number', async () => {
    const [enabled] = await c.serviceUsage.getService({ name: `projects/${PROJECT}/services/aiplatform.googleapis.com` });
    expect(enabled).toMatchObject({
      name: `projects/${NUMBER}/services/aiplatform.googleapis.com`,
      parent: `projects/${NUMBER}`,
      state: 'ENABLED',
      config: { name: 'aiplatform.googleapis.com', title: 'Vertex AI API' },
    });
    const [disabled] = await c.serviceUsage.getService({ name: 'projects/ai-dev-789/services/aiplatform.googleapis.com' });
    expect(disabled).toMatchObject({ name: 'projects/778899/services/aiplatform.googleapis.com', state: 'DISABLED' });
  });

  it('AlertPolicies_List pages; a log-match condition, notification channels and the enabled wrapper come through', async () => {
    const before = cloud.requests.length;
    const policies = await all(c.alerts.listAlertPoliciesAsync({ name: `projects/${PROJECT}`, pageSize: 2 }));
    expect(cloud.requests.slice(before).map((request) => request.operation)).toEqual(['AlertPolicies_List', 'AlertPolicies_List']);
    expect(policies.map((policy) => policy.name)).toEqual([1, 2, 3].map((id) => `projects/${PROJECT}/alertPolicies/${id}`));
    expect(policies[0]).toMatchObject({
      displayName: 'Model Armor matches',
      combiner: 'OR',
      enabled: { value: true },
      notificationChannels: [`projects/${PROJECT}/notificationChannels/7`],
      conditions: [
        { name: `projects/${PROJECT}/alertPolicies/1/conditions/1`, conditionMatchedLog: { filter: sanitizeFilter }, condition: 'conditionMatchedLog' },
      ],
    });
    expect(policies[1]?.enabled).toEqual({ value: false });
    expect(policies[2]?.enabled).toEqual({ value: true });
  });

  it('logs every request with its operation name, API host and project/owner', async () => {
    const start = cloud.requests.length;
    await c.modelArmor.getFloorSetting({ name: 'organizations/999/locations/global/floorSetting' });
    await c.projects.getProject({ name: `projects/${NUMBER}` });
    await c.organizations.getIamPolicy({ resource: 'organizations/999' });
    await c.projects.listProjects({ parent: 'folders/111' }, { autoPaginate: false });
    await all(c.modelArmor.listTemplatesAsync({ parent: `projects/${PROJECT}/locations/europe-west4` }));
    await c.alerts.listAlertPolicies({ name: `projects/${PROJECT}` }, { autoPaginate: false });
    await c.serviceUsage.getService({ name: `projects/${PROJECT}/services/aiplatform.googleapis.com` });
    await all(c.endpoints.listEndpointsAsync({ parent: `projects/${PROJECT}/locations/europe-west4` }));
    await all(c.endpoints.listLocationsAsync({ name: `projects/${PROJECT}` }));
    await c.folders.getFolder({ name: 'folders/111' });
    await all(c.folders.listFoldersAsync({ parent: 'organizations/999' }));
    expect(cloud.requests.slice(start).map(({ provider, service, region, operation, status }) => ({ provider, service, region, operation, status }))).toEqual([
      { provider: 'gcp', service: 'modelarmor.googleapis.com', region: 'organizations/999', operation: 'FloorSettings_Get', status: 200 },
      { provider: 'gcp', service: 'cloudresourcemanager.googleapis.com', region: PROJECT, operation: 'Projects_Get', status: 200 },
      { provider: 'gcp', service: 'cloudresourcemanager.googleapis.com', region: 'organizations/999', operation: 'GetIamPolicy', status: 200 },
      { provider: 'gcp', service: 'cloudresourcemanager.googleapis.com', region: 'folders/111', operation: 'Projects_List', status: 200 },
      { provider: 'gcp', service: 'modelarmor.googleapis.com', region: PROJECT, operation: 'Templates_List', status: 200 },
      { provider: 'gcp', service: 'monitoring.googleapis.com', region: PROJECT, operation: 'AlertPolicies_List', status: 200 },
      { provider: 'gcp', service: 'serviceusage.googleapis.com', region: PROJECT, operation: 'Services_Get', status: 200 },
      { provider: 'gcp', service: 'aiplatform.googleapis.com', region: PROJECT, operation: 'Endpoints_List', status: 200 },
      { provider: 'gcp', service: 'aiplatform.googleapis.com', region: PROJECT, operation: 'Locations_List', status: 200 },
      { provider: 'gcp', service: 'cloudresourcemanager.googleapis.com', region: 'folders/111', operation: 'Folders_Get', status: 200 },
      { provider: 'gcp', service: 'cloudresourcemanager.googleapis.com', region: 'organizations/999', operation: 'Folders_List', status: 200 },
    ]);
    expect(new Set(cloud.requests.map((request) => request.operation)).size).toBeLessThanOrEqual(gcpOperationNames.length);
  });

  it('answers in Google JSON with Google headers; 401 UNAUTHENTICATED without a bearer token', async () => {
    const ok = await fetch(`${cloud.url}/v3/projects/${PROJECT}`, { headers: { authorization: 'Bearer anything' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(await ok.json()).toMatchObject({ name: `projects/${NUMBER}`, projectId: PROJECT });
    const anonymous = await fetch(`${cloud.url}/v1/projects/${PROJECT}/locations/global/floorSetting`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="https://accounts.google.com/"');
    expect(await anonymous.json()).toEqual({
      error: {
        code: 401,
        message: expect.stringMatching(/^Request is missing required authentication credential/),
        status: 'UNAUTHENTICATED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'CREDENTIALS_MISSING',
            domain: 'googleapis.com',
            metadata: { service: 'modelarmor.googleapis.com', method: 'google.cloud.modelarmor.v1.ModelArmor.GetFloorSetting' },
          },
        ],
      },
    });
  });

  it('answers unknown operations 404 in Google format and reports them', async () => {
    unknownOps.length = 0;
    const notServed = await failure(c.modelArmor.getTemplate({ name: `projects/${PROJECT}/locations/us-central1/templates/t1` }));
    expect(notServed).toMatchObject({ status: 404 });
    expect(googleBody(notServed)).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    const endpoint = await failure(c.endpoints.getEndpoint({ name: `projects/${PROJECT}/locations/us-central1/endpoints/100` }));
    expect(endpoint).toMatchObject({ code: 5, httpStatusCode: 404 });
    expect(unknownOps).toEqual([
      { provider: 'gcp', service: 'modelarmor.googleapis.com', region: PROJECT, operation: `GET /v1/projects/${PROJECT}/locations/us-central1/templates/t1` },
      { provider: 'gcp', service: 'aiplatform.googleapis.com', region: PROJECT, operation: `GET /v1/projects/${PROJECT}/locations/us-central1/endpoints/100` },
    ]);
    expect(cloud.requests.at(-1)).toMatchObject({ provider: 'gcp', operation: `GET /v1/projects/${PROJECT}/locations/us-central1/endpoints/100`, status: 404 });
  });

  it('an API a project has off answers 403 SERVICE_DISABLED (Vertex: gax 6 GoogleError; Model Armor: gax 5 GaxiosError)', async () => {
    const vertex = await failure(c.endpoints.listEndpoints({ parent: 'projects/ai-dev-789/locations/us-central1' }, { autoPaginate: false }));
    expect(vertex.constructor.name).toBe('GoogleError');
    expect(vertex).toMatchObject({
      code: 7,
      httpStatusCode: 403,
      reason: 'SERVICE_DISABLED',
      domain: 'googleapis.com',
      errorInfoMetadata: { service: 'aiplatform.googleapis.com', consumer: 'projects/778899' },
    });
    expect(String(vertex.message)).toMatch(/^Vertex AI API has not been used in project 778899 before or it is disabled/);
    const locations = await failure(all(c.endpoints.listLocationsAsync({ name: 'projects/ai-dev-789' })));
    expect(locations).toMatchObject({ code: 7, reason: 'SERVICE_DISABLED' });
    const modelArmor = await failure(c.modelArmor.listTemplates({ parent: 'projects/ai-dev-789/locations/us-central1' }, { autoPaginate: false }));
    expect(modelArmor).toMatchObject({ code: 403, status: 403 });
    expect(googleBody(modelArmor)).toMatchObject({
      status: 'PERMISSION_DENIED',
      details: [{ reason: 'SERVICE_DISABLED', metadata: { service: 'modelarmor.googleapis.com' } }, {}, {}],
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('paging forced by the estate', () => {
  let cloud: FakeCloud;
  let c: Clients;
  beforeAll(async () => {
    cloud = await startFakeCloud({ gcp: { ...estate, pageSize: 1 } });
    c = clients(cloud);
  });
  afterAll(async () => {
    await c.close();
    await cloud.close();
  });

  it('templates, endpoints, locations, projects, folders and alert policies page one at a time', async () => {
    const count = async (operation: string, run: () => Promise<unknown[]>) => {
      const start = cloud.requests.length;
      const items = await run();
      const calls = cloud.requests.slice(start).filter((request) => request.operation === operation).length;
      return [items.length, calls];
    };
    expect(
      await count('Templates_List', () => all(c.modelArmor.listTemplatesAsync({ parent: `projects/${PROJECT}/locations/us-central1`, pageSize: 50 }))),
    ).toEqual([5, 5]);
    expect(await count('Endpoints_List', () => all(c.endpoints.listEndpointsAsync({ parent: `projects/${PROJECT}/locations/us-central1` })))).toEqual([3, 3]);
    expect(await count('Locations_List', () => all(c.endpoints.listLocationsAsync({ name: `projects/${PROJECT}` })))).toEqual([9, 9]);
    expect(await count('Projects_List', () => all(c.projects.listProjectsAsync({ parent: 'organizations/999' })))).toEqual([2, 2]);
    expect(await count('Folders_List', () => all(c.folders.listFoldersAsync({ parent: 'organizations/999', showDeleted: true })))).toEqual([2, 2]);
    expect(await count('AlertPolicies_List', () => all(c.alerts.listAlertPoliciesAsync({ name: `projects/${PROJECT}` })))).toEqual([3, 3]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('faults and latency', () => {
  let cloud: FakeCloud;
  let c: Clients;
  beforeAll(async () => {
    cloud = await startFakeCloud({
      gcp: {
        ...estate,
        faults: [
          { project: 'ai-dev-789', code: 'PERMISSION_DENIED' },
          { owner: 'organizations/999', operation: 'GetIamPolicy', status: 403 },
          { project: NUMBER, operation: 'Templates_List', location: 'europe-west4', code: 'RESOURCE_EXHAUSTED', times: 1 },
          { project: PROJECT, operation: 'Endpoints_List', location: 'europe-west4', status: 429, retryAfter: 7, times: 1 },
          { project: PROJECT, service: 'monitoring.googleapis.com', reason: 'SERVICE_DISABLED' },
          { owner: 'folders/222', operation: 'FloorSettings_Get', code: 'UNAVAILABLE', times: 1 },
          { project: 'attestor-505506', operation: 'Projects_Get', status: 500, reason: 'BACKEND_ERROR', message: 'Internal error encountered.' },
        ],
      },
    });
    c = clients(cloud);
  });
  afterAll(async () => {
    await c.close();
    await cloud.close();
  });

  it('403 PERMISSION_DENIED: gax 5 clients throw GaxiosError (HTTP status), gax 6 clients GoogleError (gRPC code 7)', async () => {
    // Model Armor, Resource Manager, Service Usage (google-gax 5): code and status are 403; the message is the response body.
    for (const call of [
      () => c.modelArmor.getFloorSetting({ name: 'projects/ai-dev-789/locations/global/floorSetting' }),
      () => c.modelArmor.listTemplates({ parent: 'projects/ai-dev-789/locations/us-central1' }, { autoPaginate: false }),
      () => c.projects.getProject({ name: 'projects/ai-dev-789' }),
      () => c.projects.getIamPolicy({ resource: 'projects/778899' }),
      () => c.serviceUsage.getService({ name: 'projects/ai-dev-789/services/aiplatform.googleapis.com' }),
    ]) {
      const error = await failure(call());
      expect(error.constructor.name).toBe('GaxiosError');
      expect(error).toMatchObject({ code: 403, status: 403, response: { status: 403 } });
      const body = googleBody(error);
      expect(body).toMatchObject({
        code: 403,
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com' }],
      });
      expect(body.message).toMatch(
        /^Permission '[a-z.A-Z]+' denied on resource '\/\/[a-z]+\.googleapis\.com\/projects\/(ai-dev-789|778899)[^']*' \(or it may not exist\)\.$/,
      );
    }
    // Vertex AI and Cloud Monitoring (google-gax 6): GoogleError with the gRPC code and the decoded ErrorInfo.
    for (const call of [
      () => all(c.endpoints.listEndpointsAsync({ parent: 'projects/ai-dev-789/locations/us-central1' })),
      () => all(c.alerts.listAlertPoliciesAsync({ name: 'projects/ai-dev-789' })),
    ]) {
      const error = await failure(call());
      expect(error.constructor.name).toBe('GoogleError');
      expect(error).toMatchObject({
        code: 7,
        httpStatusCode: 403,
        reason: 'IAM_PERMISSION_DENIED',
        domain: 'iam.googleapis.com',
        errorInfoMetadata: { permission: expect.stringMatching(/^(aiplatform|monitoring)\./) },
      });
      expect(error.response).toBeUndefined();
    }
    // The fault beats SERVICE_DISABLED; an organisation-level fault hits only its own operation.
    const organization = await failure(c.organizations.getIamPolicy({ resource: 'organizations/999' }));
    expect(googleBody(organization).message).toBe(
      "Permission 'resourcemanager.organizations.getIamPolicy' denied on resource '//cloudresourcemanager.googleapis.com/organizations/999' (or it may not exist).",
    );
    await expect(c.modelArmor.getFloorSetting({ name: 'organizations/999/locations/global/floorSetting' })).resolves.toBeDefined();
    await expect(c.folders.getIamPolicy({ resource: 'folders/111' })).resolves.toBeDefined();
  });

  it('429 RESOURCE_EXHAUSTED with Retry-After; the clients do not retry it; `times` lets the next call through', async () => {
    const parent = `projects/${PROJECT}/locations/europe-west4`;
    const start = cloud.requests.length;
    const throttled = await failure(c.modelArmor.listTemplates({ parent }, { autoPaginate: false }));
    expect(cloud.requests.length - start).toBe(1);
    expect(throttled).toMatchObject({ code: 429, status: 429 });
    expect(throttled.response?.headers?.get('retry-after')).toBe('1');
    expect(googleBody(throttled)).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      details: [
        {
          reason: 'RATE_LIMIT_EXCEEDED',
          domain: 'googleapis.com',
          metadata: { service: 'modelarmor.googleapis.com', consumer: `projects/${NUMBER}`, quota_limit: 'ReadRequestsPerMinutePerProject' },
        },
        {},
      ],
    });
    expect((await c.modelArmor.listTemplates({ parent }, { autoPaginate: false }))[0]).toHaveLength(1);

    // gax 6 keeps the code and ErrorInfo but not the response headers: Retry-After is lost.
    const vertexStart = cloud.requests.length;
    const vertex = await failure(all(c.endpoints.listEndpointsAsync({ parent })));
    expect(cloud.requests.length - vertexStart).toBe(1);
    expect(vertex).toMatchObject({ code: 8, httpStatusCode: 429, reason: 'RATE_LIMIT_EXCEEDED' });
    expect(vertex.response).toBeUndefined();
    const raw = cloud.requests.at(-1);
    expect(raw).toMatchObject({ operation: 'Endpoints_List', status: 429 });
    expect(await all(c.endpoints.listEndpointsAsync({ parent }))).toEqual([]);
  });

  it('Retry-After comes as sent on the wire', async () => {
    const response = await fetch(`${cloud.url}/v1/projects/${PROJECT}/locations/global/floorSetting`, { headers: { authorization: 'Bearer x' } });
    expect(response.status).toBe(200);
    const fresh = await startFakeCloud({
      gcp: {
        ...estate,
        faults: [
          { operation: 'Endpoints_List', status: 429, retryAfter: 7 },
          { operation: 'Projects_Get', status: 429, retryAfter: null },
        ],
      },
    });
    try {
      const withHeader = await fetch(`${fresh.url}/v1/projects/${PROJECT}/locations/us-central1/endpoints`, { headers: { authorization: 'Bearer x' } });
      expect(withHeader.status).toBe(429);
      expect(withHeader.headers.get('retry-after')).toBe('7');
      const without = await fetch(`${fresh.url}/v3/projects/${PROJECT}`, { headers: { authorization: 'Bearer x' } });
      expect(without.status).toBe(429);
      expect(without.headers.get('retry-after')).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('a SERVICE_DISABLED fault, other codes, and 503 UNAVAILABLE (not retried by the REST fallback despite the client config)', async () => {
    const monitoring = await failure(all(c.alerts.listAlertPoliciesAsync({ name: `projects/${PROJECT}` })));
    expect(monitoring).toMatchObject({
      code: 7,
      httpStatusCode: 403,
      reason: 'SERVICE_DISABLED',
      errorInfoMetadata: { service: 'monitoring.googleapis.com', consumer: `projects/${NUMBER}` },
    });
    expect(String(monitoring.message)).toMatch(/^Cloud Monitoring API has not been used in project 412345678901 before or it is disabled/);

    const start = cloud.requests.length;
    const unavailable = await failure(c.modelArmor.getFloorSetting({ name: 'folders/222/locations/global/floorSetting' }));
    expect(unavailable).toMatchObject({ code: 503, status: 503 });
    expect(googleBody(unavailable)).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
    expect(cloud.requests.length - start).toBe(1);
    await expect(c.modelArmor.getFloorSetting({ name: 'folders/222/locations/global/floorSetting' })).resolves.toBeDefined();

    const internal = await failure(c.projects.getProject({ name: 'projects/attestor-505506' }));
    expect(googleBody(internal)).toEqual({
      code: 500,
      message: 'Internal error encountered.',
      status: 'INTERNAL',
      details: [expect.objectContaining({ reason: 'BACKEND_ERROR' })],
    });
  });

  it('applies latency per request (estate plus project)', async () => {
    const slow = await startFakeCloud({
      gcp: { ...estate, latencyMs: 30, projects: estate.projects?.map((project) => (project.projectId === PROJECT ? { ...project, latencyMs: 50 } : project)) },
    });
    const sc = clients(slow);
    try {
      const started = Date.now();
      await sc.projects.getProject({ name: `projects/${PROJECT}` });
      expect(Date.now() - started).toBeGreaterThanOrEqual(75);
      await sc.folders.getFolder({ name: 'folders/111' });
      expect(slow.requests.map((request) => request.latencyMs)).toEqual([80, 30]);
    } finally {
      await sc.close();
      await slow.close();
    }
  });

  it('a bearerToken in the estate rejects other tokens with 401', async () => {
    const locked = await startFakeCloud({ gcp: { ...estate, bearerToken: 'the-token' } });
    const wrong = clients(locked, authClient('another-token'));
    const right = clients(locked, authClient('the-token'));
    try {
      const error = await failure(wrong.projects.getProject({ name: `projects/${PROJECT}` }));
      expect(error).toMatchObject({ status: 401 });
      expect(googleBody(error)).toMatchObject({ status: 'UNAUTHENTICATED', details: [{ reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED' }] });
      const vertex = await failure(all(wrong.endpoints.listLocationsAsync({ name: `projects/${PROJECT}` })));
      expect(vertex).toMatchObject({ code: 16, httpStatusCode: 401 });
      await expect(right.projects.getProject({ name: `projects/${PROJECT}` })).resolves.toBeDefined();
    } finally {
      await wrong.close();
      await right.close();
      await locked.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('captured payloads round-trip (and what @google-cloud/modelarmor 0.6.0 drops)', () => {
  let cloud: FakeCloud;
  let c: Clients;
  beforeAll(async () => {
    cloud = await startFakeCloud({ gcp: estate });
    c = clients(cloud);
  });
  afterAll(async () => {
    await c.close();
    await cloud.close();
  });
  const raw = async (path: string) =>
    (await fetch(`${cloud.url}${path}`, { headers: { authorization: 'Bearer x' } })).json() as Promise<Record<string, unknown>>;

  it('the wire carries each payload exactly as captured', async () => {
    expect(await raw('/v1/projects/attestor-505506/locations/global/floorSetting')).toEqual(attestorFloor);
    expect(await raw('/v1/projects/sreagent-t2-demo/locations/global/floorSetting')).toEqual(mcpFloor);
    expect(await raw('/v1/projects/attestor-505506/locations/us-central1/templates')).toEqual({ templates: [attestorTemplate] });
    expect(await raw('/v1/projects/sreagent-t2-demo/locations/us-central1/templates')).toEqual({ templates: [inspectOnlyTemplate] });
  });

  it('the observed floor setting and template decode fully, with the oneof helper keys', async () => {
    const [floor] = await c.modelArmor.getFloorSetting({ name: attestorFloor.name });
    expect(floor).toMatchObject({
      name: attestorFloor.name,
      filterConfig: { ...attestorFloor.filterConfig, sdpSettings: { basicConfig: { filterEnforcement: 'ENABLED' }, sdpConfiguration: 'basicConfig' } },
      enableFloorSettingEnforcement: true,
      _enableFloorSettingEnforcement: 'enableFloorSettingEnforcement',
      integratedServices: ['AI_PLATFORM'],
      aiPlatformFloorSetting: { inspectAndBlock: true, enableCloudLogging: true, enforcementType: 'inspectAndBlock' },
      floorSettingMetadata: null,
    });
    expect(new Date(Number(floor.createTime?.seconds) * 1000 + Math.floor((floor.createTime?.nanos ?? 0) / 1e6)).toISOString()).toBe(
      '2026-08-14T10:29:31.155Z',
    );
    const [templates] = await c.modelArmor.listTemplates({ parent: 'projects/attestor-505506/locations/us-central1' }, { autoPaginate: false });
    expect(templates[0]).toMatchObject({
      name: attestorTemplate.name,
      filterConfig: { raiSettings: attestorTemplate.filterConfig.raiSettings },
      templateMetadata: { logTemplateOperations: true, logSanitizeOperations: true, enforcementType: 'ENFORCEMENT_TYPE_UNSPECIFIED' },
    });
    // Newer than the 0.6.0 proto: dropped.
    expect(templates[0]?.templateMetadata).not.toHaveProperty('dataResidencyCompliant');
  });

  it('GOOGLE_MCP_SERVER decodes as INTEGRATED_SERVICE_UNSPECIFIED; googleMcpServerFloorSetting and dataResidencyCompliant are dropped', async () => {
    const [floor] = await c.modelArmor.getFloorSetting({ name: mcpFloor.name });
    expect(floor.integratedServices).toEqual(['INTEGRATED_SERVICE_UNSPECIFIED', 'AI_PLATFORM']);
    expect(floor).not.toHaveProperty('googleMcpServerFloorSetting');
    expect(floor).toMatchObject({
      enableFloorSettingEnforcement: false,
      aiPlatformFloorSetting: { inspectOnly: true, enableCloudLogging: true, enforcementType: 'inspectOnly' },
    });
    const [templates] = await c.modelArmor.listTemplates({ parent: 'projects/sreagent-t2-demo/locations/us-central1' }, { autoPaginate: false });
    expect(templates[0]?.templateMetadata).toMatchObject({ enforcementType: 'INSPECT_ONLY', logSanitizeOperations: false });
    expect(templates[0]?.templateMetadata).not.toHaveProperty('dataResidencyCompliant');
  });
});

// ---------------------------------------------------------------------------------------------

describe('GCP estate schema', () => {
  it('enums match the 0.6.0 / 7.4.0 / 6.3.0 protos', async () => {
    const { protos: modelArmor } = await import('@google-cloud/modelarmor');
    const v1 = modelArmor.google.cloud.modelarmor.v1;
    const names = (values: Record<string, unknown>) => Object.keys(values).filter((name) => !name.endsWith('_UNSPECIFIED'));
    expect(names(v1.RaiFilterType)).toEqual([...raiFilterTypes]);
    expect(names(v1.DetectionConfidenceLevel)).toEqual([...confidenceLevels]);
    expect(names(v1.Template.TemplateMetadata.EnforcementType)).toEqual([...enforcementTypes]);
    expect(names(v1.FloorSetting.IntegratedService)).toEqual(['AI_PLATFORM']);
    expect(integratedServices).toEqual(['AI_PLATFORM', 'GOOGLE_MCP_SERVER']);
    const { protos: resourceManager } = await import('@google-cloud/resource-manager');
    expect(names(resourceManager.google.iam.v1.AuditLogConfig.LogType)).toEqual([...logTypes]);
  });

  it('one operation per log name, each with an HTTP rule', () => {
    expect(fakeGcpOperations.map((operation) => operation.operation)).toEqual([...gcpOperationNames]);
    for (const operation of fakeGcpOperations) expect(operation.http).toMatch(/^\/v[13]\//);
  });

  it('rejects unknown keys and inconsistent names, naming the key and line', () => {
    const text = [
      'gcp:',
      '  organizations: [{ id: "999" }]',
      '  projects:',
      '    - projectId: ai-prod-123',
      '      projectNumber: 1',
      '      parent: organizations/999',
      '      vertexApi: ENABLED',
      '      floorSettings: {}',
    ].join('\n');
    expect(() => parseEstate(text, 'bad.yaml')).toThrow(
      /gcp\.projects\[0\]\.floorSettings \(line 8\): unknown key "floorSettings" \(check the spelling; see fakecloud\/gcp-estate\.ts\)/,
    );
    const wrongName = {
      ...estate,
      projects: [
        {
          projectId: PROJECT,
          projectNumber: '1',
          parent: 'folders/111',
          vertexApi: 'ENABLED' as const,
          templates: { 'us-central1': [{ ...attestorTemplate }] },
        },
      ],
    };
    expect(gcpEstateSchema.safeParse(wrongName).error?.issues.map((issue) => issue.message)).toEqual([
      `${attestorTemplate.name} is not in projects/${PROJECT}/locations/us-central1`,
    ]);
    const orphan = gcpEstateSchema.safeParse({ projects: [{ projectId: PROJECT, projectNumber: '1', parent: 'folders/5', vertexApi: 'ENABLED' }] });
    expect(orphan.error?.issues[0]?.message).toMatch(/folders\/5 is not in the estate/);
    const cycle = gcpEstateSchema.safeParse({
      folders: [
        { id: '1', parent: 'folders/2' },
        { id: '2', parent: 'folders/1' },
      ],
    });
    expect(cycle.error?.issues.map((issue) => issue.message)).toContain('folder 1 is its own ancestor');
    const both = gcpEstateSchema.safeParse({
      organizations: [{ id: '1', floorSetting: { aiPlatformFloorSetting: { inspectOnly: true, inspectAndBlock: true } } }],
    });
    expect(both.error?.issues[0]?.message).toMatch(/oneof/);
    const floorName = gcpEstateSchema.safeParse({ organizations: [{ id: '1', floorSetting: { name: 'organizations/2/locations/global/floorSetting' } }] });
    expect(floorName.error?.issues[0]?.message).toBe('name must be organizations/1/locations/global/floorSetting (or be left out)');
  });

  it('parsing is idempotent (a parsed estate can be served again)', () => {
    const once = gcpEstateSchema.parse(estate);
    expect(gcpEstateSchema.parse(once)).toEqual(once);
  });
});

// ---------------------------------------------------------------------------------------------

const estatesDir = new URL('../../fixtures/estates/', import.meta.url);

describe('shipped GCP estates, read through the real clients', () => {
  const opened: Array<{ cloud: FakeCloud; c: Clients }> = [];
  const open = async (name: string) => {
    const estateFile = await loadEstateFile(new URL(name, estatesDir).pathname);
    const cloud = await startFakeCloud(estateFile);
    const c = clients(cloud);
    opened.push({ cloud, c });
    return { estate: estateFile, cloud, c };
  };
  afterEach(async () => {
    for (const { cloud, c } of opened.splice(0)) {
      await c.close();
      await cloud.close();
    }
  });
  const floorAt = async (c: Clients, owner: string) => {
    try {
      return (await c.modelArmor.getFloorSetting({ name: `${owner}/locations/global/floorSetting` }))[0];
    } catch (error) {
      if ((error as ErrorShape).status === 404) return null;
      throw error;
    }
  };
  const chain = [`projects/${PROJECT}`, 'folders/111', 'organizations/999'];

  it('gcp-level1: Vertex on, one public endpoint without CMK, no floor settings, no data-access audit logs', async () => {
    const { c } = await open('gcp-level1.yaml');
    const [project] = await c.projects.getProject({ name: `projects/${PROJECT}` });
    expect(project.parent).toBe('folders/111');
    expect((await c.folders.getFolder({ name: 'folders/111' }))[0].parent).toBe('organizations/999');
    expect((await c.serviceUsage.getService({ name: `projects/${PROJECT}/services/aiplatform.googleapis.com` }))[0].state).toBe('ENABLED');
    for (const owner of chain) expect(await floorAt(c, owner)).toBeNull();
    const endpoints = await all(c.endpoints.listEndpointsAsync({ parent: `projects/${PROJECT}/locations/us-central1` }));
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ encryptionSpec: null, network: '', privateServiceConnectConfig: null, enablePrivateServiceConnect: false });
    const policies = await Promise.all([
      c.projects.getIamPolicy({ resource: `projects/${PROJECT}` }),
      c.folders.getIamPolicy({ resource: 'folders/111' }),
      c.organizations.getIamPolicy({ resource: 'organizations/999' }),
    ]);
    expect(policies.flatMap(([policy]) => policy.auditConfigs ?? [])).toEqual([]);
  });

  it('gcp-level2: an enforced project floor with inspect-only Vertex integration, project data-access logs, an INSPECT_ONLY template, no alerts', async () => {
    const { c } = await open('gcp-level2.yaml');
    const floor = await floorAt(c, `projects/${PROJECT}`);
    expect(floor).toMatchObject({
      enableFloorSettingEnforcement: true,
      integratedServices: ['AI_PLATFORM'],
      aiPlatformFloorSetting: { inspectOnly: true, enableCloudLogging: true },
    });
    expect(floor?.filterConfig?.raiSettings?.raiFilters?.map((filter) => `${String(filter.filterType)}:${String(filter.confidenceLevel)}`).sort()).toEqual(
      ['DANGEROUS', 'HARASSMENT', 'HATE_SPEECH', 'SEXUALLY_EXPLICIT'].map((type) => `${type}:MEDIUM_AND_ABOVE`),
    );
    expect(floor?.filterConfig).toMatchObject({
      piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED' },
      maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' },
    });
    expect(await floorAt(c, 'folders/111')).toBeNull();
    expect(await floorAt(c, 'organizations/999')).toBeNull();
    const [policy] = await c.projects.getIamPolicy({ resource: `projects/${PROJECT}`, options: { requestedPolicyVersion: 3 } });
    expect(policy.auditConfigs?.[0]).toMatchObject({
      service: 'aiplatform.googleapis.com',
      auditLogConfigs: expect.arrayContaining([
        { logType: 'DATA_READ', exemptedMembers: [] },
        { logType: 'DATA_WRITE', exemptedMembers: [] },
      ]),
    });
    const templates = await all(c.modelArmor.listTemplatesAsync({ parent: `projects/${PROJECT}/locations/us-central1` }));
    expect(templates.map((template) => template.templateMetadata?.enforcementType)).toEqual(['INSPECT_ONLY']);
    expect(await all(c.alerts.listAlertPoliciesAsync({ name: `projects/${PROJECT}` }))).toEqual([]);
  });

  it('gcp-level3: an enforced inspect-and-block organisation floor, allServices audit logs, blocking templates, CMEK + PSC endpoints, a Model Armor alert, Terraform labels', async () => {
    const { c } = await open('gcp-level3.yaml');
    const organization = await floorAt(c, 'organizations/999');
    expect(organization).toMatchObject({
      enableFloorSettingEnforcement: true,
      integratedServices: ['AI_PLATFORM'],
      aiPlatformFloorSetting: { inspectAndBlock: true, enableCloudLogging: true },
      floorSettingMetadata: { multiLanguageDetection: { enableMultiLanguageDetection: true } },
      filterConfig: {
        piAndJailbreakFilterSettings: { filterEnforcement: 'ENABLED', confidenceLevel: 'LOW_AND_ABOVE' },
        maliciousUriFilterSettings: { filterEnforcement: 'ENABLED' },
      },
    });
    expect(organization?.filterConfig?.raiSettings?.raiFilters?.every((filter) => filter.confidenceLevel === 'LOW_AND_ABOVE')).toBe(true);
    const [orgPolicy] = await c.organizations.getIamPolicy({ resource: 'organizations/999' });
    expect(orgPolicy.auditConfigs?.[0]?.service).toBe('allServices');
    const [project] = await c.projects.getProject({ name: `projects/${PROJECT}` });
    expect(project.labels).toMatchObject({ 'goog-terraform-provisioned': 'true' });
    for (const location of ['us-central1', 'europe-west4']) {
      const templates = await all(c.modelArmor.listTemplatesAsync({ parent: `projects/${PROJECT}/locations/${location}` }));
      expect(templates.length).toBeGreaterThan(0);
      for (const template of templates)
        expect(template).toMatchObject({
          labels: { 'goog-terraform-provisioned': 'true' },
          templateMetadata: { enforcementType: 'INSPECT_AND_BLOCK', logSanitizeOperations: true },
        });
      const endpoints = await all(c.endpoints.listEndpointsAsync({ parent: `projects/${PROJECT}/locations/${location}` }));
      for (const endpoint of endpoints)
        expect(endpoint).toMatchObject({
          encryptionSpec: { kmsKeyName: expect.stringMatching(/cryptoKeys/) },
          privateServiceConnectConfig: { enablePrivateServiceConnect: true },
        });
    }
    const [alert] = await all(c.alerts.listAlertPoliciesAsync({ name: `projects/${PROJECT}` }));
    expect(alert).toMatchObject({ enabled: { value: true }, notificationChannels: [expect.stringMatching(/notificationChannels/)] });
    expect(alert?.conditions?.[0]?.conditionMatchedLog?.filter).toMatch(/modelarmor\.googleapis\.com/);
  });

  it('gcp-denied: the sandbox project is denied everywhere, the organisation IAM policy is denied, one template list is throttled once', async () => {
    const { c, cloud } = await open('gcp-denied.yaml');
    for (const call of [
      () => c.projects.getProject({ name: 'projects/ai-sandbox-456' }),
      () => c.serviceUsage.getService({ name: 'projects/ai-sandbox-456/services/aiplatform.googleapis.com' }),
      () => c.modelArmor.getFloorSetting({ name: 'projects/ai-sandbox-456/locations/global/floorSetting' }),
      () => c.projects.getIamPolicy({ resource: 'projects/ai-sandbox-456' }),
      () => c.organizations.getIamPolicy({ resource: 'organizations/999' }),
    ]) {
      expect(await failure(call())).toMatchObject({ status: 403 });
    }
    expect(await failure(all(c.endpoints.listEndpointsAsync({ parent: 'projects/ai-sandbox-456/locations/us-central1' })))).toMatchObject({ code: 7 });
    expect(await failure(all(c.alerts.listAlertPoliciesAsync({ name: 'projects/ai-sandbox-456' })))).toMatchObject({ code: 7 });
    const parent = `projects/${PROJECT}/locations/us-central1`;
    expect(await failure(c.modelArmor.listTemplates({ parent }, { autoPaginate: false }))).toMatchObject({ status: 429 });
    expect((await c.modelArmor.listTemplates({ parent }, { autoPaginate: false }))[0]).toHaveLength(1);
    expect(await floorAt(c, `projects/${PROJECT}`)).toMatchObject({ enableFloorSettingEnforcement: true });
    expect(
      cloud.requests
        .filter((request) => request.status === 403)
        .every((request) => request.region === 'ai-sandbox-456' || request.region === 'organizations/999'),
    ).toBe(true);
  });

  it('demo: the level-2 GCP section serves beside AWS and Azure (Bearer requests under /subscriptions still reach Azure)', async () => {
    const { estate: demo, cloud, c } = await open('demo.yaml');
    expect(Object.keys(demo).sort()).toEqual(['aws', 'azure', 'gcp']);
    const level2 = await loadEstateFile(new URL('gcp-level2.yaml', estatesDir).pathname);
    expect(demo.gcp).toEqual(level2.gcp);
    expect((await c.modelArmor.getFloorSetting({ name: `projects/${PROJECT}/locations/global/floorSetting` }))[0].enableFloorSettingEnforcement).toBe(true);
    const azure = await fetch(`${cloud.url}/subscriptions?api-version=2022-12-01`, { headers: { authorization: 'Bearer loopback-token' } });
    expect(azure.status).toBe(200);
    expect(((await azure.json()) as { value: unknown[] }).value.length).toBeGreaterThan(0);
    expect(cloud.requests.map((request) => request.provider)).toEqual(['gcp', 'azure']);
  });
});
