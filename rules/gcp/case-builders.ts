/**
 * Small builders for the case tables of the GCP rules: an inventory as a successful scan of
 * project ai-prod-123 (in folder 111 of organisation 999) would produce it, and resources with
 * passing defaults that each case overrides to show one behaviour.
 */
import type { ScopeRef, Strength } from '../../src/model/common.ts';
import { lookUp } from '../../src/model/common.ts';
import { modelArmorVocabulary, vertexCategory, vertexThreshold } from '../../src/model/gcp.ts';
import type {
  GcpAlertPolicy,
  GcpAuditConfig,
  GcpFloorSetting,
  GcpProject,
  GcpSafetySettings,
  GcpTemplate,
  GcpVertexEndpoint,
  ModelArmorFilters,
} from '../../src/model/gcp.ts';
import type { Inventory, Listing, ListingStatus, Resource, ResourceType } from '../../src/model/inventory.ts';
import { ownerScope } from './projects.ts';

export const PROJECT = 'ai-prod-123';
export const PROJECT_NUMBER = '123456789012';
export const FOLDER = 'folders/111';
export const ORGANIZATION = 'organizations/999';
export const LOCATION = 'us-central1';

/** The scope of a project, folder or organisation, from its resource name (`projects/p`, `folders/f`, `organizations/o`) or a bare project id. */
export const scopeOf: (owner: string) => ScopeRef = ownerScope;

export const projectScope = scopeOf(PROJECT);
export const folderScope = scopeOf(FOLDER);
export const organizationScope = scopeOf(ORGANIZATION);

/** Listings the collector records per project (region null). */
export const projectTypes = ['gcp.project', 'gcp.floor-setting', 'gcp.audit-config', 'gcp.alert-policy'] as const satisfies readonly ResourceType[];
/** Listings recorded per project and location (plus region null for the location list itself). */
export const locationTypes = ['gcp.modelarmor-template', 'gcp.vertex-endpoint'] as const satisfies readonly ResourceType[];
/** Listings recorded per folder and organisation above a project (region null). */
export const ownerTypes = ['gcp.floor-setting', 'gcp.audit-config'] as const satisfies readonly ResourceType[];

export interface ListingFailure {
  type: ResourceType;
  /** `projects/p`, `folders/f`, `organizations/o` or a bare project id; the default project when omitted. */
  owner?: string;
  /** The location for per-location listings; null (the default) for the others and for the location list. */
  region?: string | null;
  status?: Exclude<ListingStatus, 'ok'>;
}

export interface InventoryOptions {
  resources?: Resource[];
  /** Locations scanned in every project (default us-central1). */
  locations?: string[];
  /** Listings that failed (added when the inventory would not otherwise record them). */
  failed?: ListingFailure[];
  /** Listings never attempted, e.g. `{ type: 'gcp.floor-setting', owner: ORGANIZATION }`. */
  skipped?: Array<{ type: ResourceType; owner: string; region?: string | null }>;
}

/**
 * A GCP inventory. Every project resource gets its per-project and per-location listings, and
 * every folder and organisation in a project's ancestry gets its floor-setting and audit-config
 * listings, all ok unless named in `failed`.
 */
export function gcpInventory(options: InventoryOptions = {}): Inventory {
  const resources = options.resources ?? [];
  const locations = options.locations ?? [LOCATION];
  const projects = resources.filter((resource): resource is GcpProject => resource.type === 'gcp.project');
  const owners = [...new Set(projects.flatMap((entry) => entry.ancestors ?? []))];
  const listing = (resourceType: ResourceType, scope: ScopeRef, region: string | null, status: ListingStatus = 'ok'): Listing => ({
    provider: 'gcp',
    scope,
    region,
    resourceType,
    collector: `test:${resourceType}`,
    status,
    ...(status !== 'ok' ? { message: 'PERMISSION_DENIED: caller does not have permission' } : {}),
  });
  let listings: Listing[] = [
    ...projects.flatMap((entry) => {
      const scope = scopeOf(entry.projectId);
      return [
        ...projectTypes.map((type) => listing(type, scope, null)),
        ...locationTypes.flatMap((type) => [listing(type, scope, null), ...locations.map((location) => listing(type, scope, location))]),
      ];
    }),
    ...owners.flatMap((owner) => ownerTypes.map((type) => listing(type, scopeOf(owner), null))),
  ];
  const same = (entry: Listing, type: ResourceType, scope: ScopeRef, region: string | null) =>
    entry.resourceType === type && entry.scope.type === scope.type && entry.scope.id === scope.id && entry.region === region;
  for (const skip of options.skipped ?? []) {
    const scope = scopeOf(skip.owner);
    listings = listings.filter((entry) => !same(entry, skip.type, scope, skip.region ?? null));
  }
  for (const failure of options.failed ?? []) {
    const scope = scopeOf(failure.owner ?? PROJECT);
    const region = failure.region ?? null;
    listings = [...listings.filter((entry) => !same(entry, failure.type, scope, region)), listing(failure.type, scope, region, failure.status ?? 'denied')];
  }
  const scopes = [...projects.map((entry) => scopeOf(entry.projectId)), ...owners.map(scopeOf)];
  return { providers: ['gcp'], scopes, regions: [], resources, listings };
}

function base(scope: ScopeRef, region: string | null, api: string) {
  return { provider: 'gcp' as const, scope, region, source: { kind: 'api' as const, api } };
}

/** A project in folder 111 of organisation 999 with the Vertex AI API enabled. */
export function project(overrides: Partial<GcpProject> = {}): GcpProject {
  const projectId = overrides.projectId ?? PROJECT;
  return {
    ...base(scopeOf(projectId), null, 'Projects_Get'),
    type: 'gcp.project',
    id: `projects/${projectId}`,
    name: projectId,
    projectId,
    projectNumber: PROJECT_NUMBER,
    ancestors: [FOLDER, ORGANIZATION],
    vertexApiEnabled: true,
    ...overrides,
  };
}

/** A Model Armor RAI filter as the collector maps it (HIGH→low, MEDIUM_AND_ABOVE→medium, LOW_AND_ABOVE→high). */
export function raiFilter(filterType: string, strength: Strength = 'medium'): ModelArmorFilters['rai'][number] {
  return { filterType, category: lookUp(modelArmorVocabulary.categories, filterType) ?? null, strength };
}

export const raiFilterTypes = Object.keys(modelArmorVocabulary.categories) as Array<keyof typeof modelArmorVocabulary.categories>;

/** The four RAI filters at medium, prompt injection and jailbreak at high (LOW_AND_ABOVE), malicious URI and SDP on. */
export function strongFilters(overrides: Partial<ModelArmorFilters> = {}): ModelArmorFilters {
  return {
    rai: raiFilterTypes.map((type) => raiFilter(type, 'medium')),
    promptInjection: { enabled: true, strength: 'high' },
    maliciousUri: true,
    sensitiveData: true,
    ...overrides,
  };
}

/**
 * A floor setting (default: the project's own) meeting every rule: enforced, strong filters,
 * Vertex AI integrated in inspect-and-block mode with Cloud Logging on.
 */
export function floorSetting(overrides: Partial<GcpFloorSetting> = {}): GcpFloorSetting {
  const owner = overrides.owner ?? `projects/${PROJECT}`;
  const scope = scopeOf(owner);
  const level = scope.type === 'folder' ? 'folder' : scope.type === 'organization' ? 'organization' : 'project';
  return {
    ...base(scope, null, 'FloorSettings_Get'),
    type: 'gcp.floor-setting',
    id: `${owner}/locations/global/floorSetting`,
    owner,
    level,
    enforcementEnabled: true,
    filters: strongFilters(),
    integratedServices: ['AI_PLATFORM'],
    aiPlatformMode: 'inspectAndBlock',
    aiPlatformCloudLogging: true,
    multiLanguageDetection: true,
    ...overrides,
  };
}

/** A Model Armor template in us-central1 of the default project, meeting every rule. */
export function template(overrides: Partial<GcpTemplate> = {}): GcpTemplate {
  const region = overrides.region ?? LOCATION;
  const name = overrides.name ?? 'org-strict';
  const scope = overrides.scope ?? projectScope;
  return {
    ...base(scope, region, 'Templates_List'),
    type: 'gcp.modelarmor-template',
    id: `projects/${scope.id}/locations/${region}/templates/${name}`,
    name,
    filters: strongFilters(),
    enforcementType: 'INSPECT_AND_BLOCK',
    logSanitizeOperations: true,
    logTemplateOperations: true,
    multiLanguageDetection: true,
    ...overrides,
  };
}

/** A Vertex AI endpoint in us-central1 with a CMEK key and a private (VPC-peered) network. */
export function endpoint(overrides: Partial<GcpVertexEndpoint> = {}): GcpVertexEndpoint {
  const region = overrides.region ?? LOCATION;
  const name = overrides.name ?? '1234567890';
  const scope = overrides.scope ?? projectScope;
  return {
    ...base(scope, region, 'Endpoints_List'),
    type: 'gcp.vertex-endpoint',
    id: `projects/${scope.id}/locations/${region}/endpoints/${name}`,
    name,
    kmsKeyName: `projects/${scope.id}/locations/${region}/keyRings/ai/cryptoKeys/endpoints`,
    network: `projects/${PROJECT_NUMBER}/global/networks/vpc-ai`,
    privateServiceConnect: false,
    ...overrides,
  };
}

/** The audit configuration of an IAM policy (default: the project's) with Vertex AI data-access logs on. */
export function auditConfig(overrides: Partial<GcpAuditConfig> = {}): GcpAuditConfig {
  const owner = overrides.owner ?? `projects/${PROJECT}`;
  return {
    ...base(scopeOf(owner), null, 'Projects_GetIamPolicy'),
    type: 'gcp.audit-config',
    id: `${owner}/auditConfigs`,
    owner,
    services: [{ service: 'aiplatform.googleapis.com', logTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'] }],
    ...overrides,
  };
}

/** A log-match condition on Model Armor sanitize-operation log entries that report a match. */
export const sanitizeLogCondition =
  'logName="projects/ai-prod-123/logs/modelarmor.googleapis.com%2Fsanitize_operations" AND jsonPayload."@type"="type.googleapis.com/google.cloud.modelarmor.logging.v1.SanitizeOperationLogEntry" AND jsonPayload.sanitizationResult.filterMatchState="MATCH_FOUND"';

/** An enabled alert policy with a notification channel on Model Armor matches in the default project. */
export function alertPolicy(overrides: Partial<GcpAlertPolicy> = {}): GcpAlertPolicy {
  const name = overrides.name ?? 'model-armor-matches';
  const scope = overrides.scope ?? projectScope;
  return {
    ...base(scope, null, 'AlertPolicies_List'),
    type: 'gcp.alert-policy',
    id: `projects/${scope.id}/alertPolicies/${name}`,
    name,
    enabled: true,
    conditions: [sanitizeLogCondition],
    notificationChannelCount: 1,
    ...overrides,
  };
}

/** One Gemini safety setting as the IaC reader maps it. */
export function safetySetting(category: string, threshold = 'BLOCK_MEDIUM_AND_ABOVE'): GcpSafetySettings['settings'][number] {
  return { category, neutralCategory: vertexCategory(category), threshold, strength: vertexThreshold(threshold) ?? 'off' };
}

export const vertexHarmCategories = [
  'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT',
  'HARM_CATEGORY_DANGEROUS_CONTENT',
] as const;

export const iacScope: ScopeRef = { provider: 'gcp', type: 'iac', id: 'vertex/request.json' };

/** Safety settings persisted in a Vertex request file: the four harm categories at BLOCK_MEDIUM_AND_ABOVE. */
export function safetySettings(overrides: Partial<GcpSafetySettings> = {}): GcpSafetySettings {
  return {
    provider: 'gcp',
    scope: iacScope,
    region: null,
    source: { kind: 'file', file: 'vertex/request.json', line: 12 },
    type: 'gcp.vertex-safety-settings',
    id: 'vertex/request.json#/safetySettings',
    name: 'request.json',
    settings: vertexHarmCategories.map((category) => safetySetting(category)),
    ...overrides,
  };
}

/** The id `unreadableListings` gives a failed listing in the default project. */
export function unknownListingId(type: ResourceType, region: string | null = null, owner = PROJECT): string {
  return `${scopeOf(owner).id}/${region ?? 'global'}/${type}/unknown`;
}
