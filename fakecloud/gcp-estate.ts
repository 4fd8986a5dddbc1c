/**
 * The Google Cloud part of a fake-cloud estate file: an organisation tree (organisations,
 * folders, projects) with the Model Armor, Vertex AI, IAM, Service Usage and Cloud Monitoring
 * state the scanner reads.
 *
 * Resources are written in their REST (proto3 JSON, camelCase) wire shape, i.e. what
 * `GET https://<api>.googleapis.com/...` returns, so captured responses and reference examples
 * paste in: a floor setting is a `GetFloorSetting` body, a template a `Template`, an endpoint a
 * Vertex `Endpoint`, an IAM policy a `getIamPolicy` body, an alert policy a Monitoring
 * `AlertPolicy`, a time series its metric, monitored resource and daily count. Enum values are
 * written as their names (`MEDIUM_AND_ABOVE`, `INSPECT_ONLY`, …).
 * Members follow the protos shipped in @google-cloud/modelarmor 0.6.0, @google-cloud/aiplatform
 * 7.4.0, @google-cloud/resource-manager 6.3.0, @google-cloud/service-usage 4.2.2 and
 * @google-cloud/monitoring 6.1.1, plus the few members the live Model Armor API returns that
 * the 0.6.0 proto does not know (`integratedServices: GOOGLE_MCP_SERVER`,
 * `googleMcpServerFloorSetting`, `templateMetadata.dataResidencyCompliant`,
 * `filterConfig.filterRuleSettings`): the fake cloud serves them and the 0.6.0 client drops them.
 *
 * Identity rules: organisations and folders are written with their numeric `id`, projects with
 * `projectId` and `projectNumber`. A floor setting's, template's, endpoint's or alert policy's
 * `name` may be given in full (it must then belong to its owner) or, for the last three, as the
 * short id; floor settings get `{owner}/locations/global/floorSetting`, templates
 * `projects/{projectId}/locations/{location}/templates/{id}`, endpoints
 * `projects/{projectNumber}/locations/{location}/endpoints/{id}` and alert policies
 * `projects/{projectId}/alertPolicies/{id}`. Output-only timestamps an estate leaves out are
 * filled, never a security setting (one exception: an alert policy without `enabled` is served
 * enabled, as the API itself reports a policy created without it).
 *
 * Objects are strict so that a misspelt key fails loudly; only deep blobs the scanner does not
 * read (deployed models, metric-threshold conditions, documentation, …) are free-form.
 */
import { z } from 'zod';
import { bodyFaultSchema } from './body-faults.ts';
import { isTransportFault, transportFaultFields } from './transport-faults.ts';
import { throttlingFields } from './throttling.ts';

// ---------------------------------------------------------------------------------------------
// Scalars

const str = z.string();
const bool = z.boolean();
const int = z.number().int();
const strings = z.array(z.string());
/** Free-form configuration the fake cloud passes through untouched. */
const blob = z.record(z.string(), z.unknown());
const labels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
/** RFC 3339 timestamp, as proto3 JSON writes google.protobuf.Timestamp. */
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, 'expected an RFC 3339 timestamp such as 2026-01-05T09:00:00Z');
/** Numeric ids (organisations, folders, project numbers); YAML numbers are accepted. */
const numericId = z.union([z.string().regex(/^\d{1,20}$/, 'expected a numeric id'), z.number().int().nonnegative().transform(String)]);

export const projectIdPattern = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export const locationPattern = /^[a-z][a-z0-9-]{0,62}$/;
const projectId = z.string().regex(projectIdPattern, 'expected a project id: 6-30 lower-case letters, digits or hyphens, starting with a letter');
const location = z.string().regex(locationPattern, 'expected a location such as us-central1, us or global');
/** `folders/{id}` or `organizations/{id}`: where a project or folder sits. */
export const parentPattern = /^(folders|organizations)\/(\d+)$/;
const parent = z.string().regex(parentPattern, 'expected folders/{id} or organizations/{id}');
/** `projects/{id|number}`, `folders/{id}` or `organizations/{id}`. */
export const ownerPattern = /^(projects\/[a-z0-9-]+|folders\/\d+|organizations\/\d+)$/;

const list = <T extends z.ZodType>(item: T) => z.array(item).default(() => []);

// ---------------------------------------------------------------------------------------------
// Model Armor (modelarmor.googleapis.com v1)

export const raiFilterTypes = ['SEXUALLY_EXPLICIT', 'HATE_SPEECH', 'HARASSMENT', 'DANGEROUS'] as const;
export const confidenceLevels = ['LOW_AND_ABOVE', 'MEDIUM_AND_ABOVE', 'HIGH'] as const;
export const filterEnforcements = ['ENABLED', 'DISABLED'] as const;
export const enforcementTypes = ['INSPECT_ONLY', 'INSPECT_AND_BLOCK'] as const;
/** `AI_PLATFORM` is in the 0.6.0 proto; `GOOGLE_MCP_SERVER` only in the live API (the 0.6.0 client decodes it as INTEGRATED_SERVICE_UNSPECIFIED). */
export const integratedServices = ['AI_PLATFORM', 'GOOGLE_MCP_SERVER'] as const;

const filterEnforcement = z.enum(filterEnforcements);
const confidenceLevel = z.enum(confidenceLevels);

export const filterConfigSchema = z.strictObject({
  raiSettings: z
    .strictObject({ raiFilters: z.array(z.strictObject({ filterType: z.enum(raiFilterTypes), confidenceLevel: confidenceLevel.optional() })) })
    .optional(),
  /** Sensitive Data Protection: a oneof of `basicConfig` and `advancedConfig`. */
  sdpSettings: z
    .strictObject({
      basicConfig: z.strictObject({ filterEnforcement: filterEnforcement.optional() }).optional(),
      advancedConfig: z.strictObject({ inspectTemplate: str.optional(), deidentifyTemplate: str.optional() }).optional(),
    })
    .refine((sdp) => sdp.basicConfig === undefined || sdp.advancedConfig === undefined, {
      message: 'sdpSettings is a oneof: give basicConfig or advancedConfig, not both',
    })
    .optional(),
  piAndJailbreakFilterSettings: z.strictObject({ filterEnforcement: filterEnforcement.optional(), confidenceLevel: confidenceLevel.optional() }).optional(),
  maliciousUriFilterSettings: z.strictObject({ filterEnforcement: filterEnforcement.optional() }).optional(),
  /** Newer than the 0.6.0 proto (exclusion rules); served, dropped by the client. */
  filterRuleSettings: z.unknown().optional(),
});
export type GcpFilterConfig = z.output<typeof filterConfigSchema>;

const multiLanguageDetection = z.strictObject({ enableMultiLanguageDetection: bool });

/** `AiPlatformFloorSetting` (and the newer `googleMcpServerFloorSetting`): a oneof of inspectOnly / inspectAndBlock, plus Cloud Logging. */
const integrationSettingSchema = z
  .strictObject({
    inspectOnly: bool.optional(),
    inspectAndBlock: bool.optional(),
    enableCloudLogging: bool.optional(),
    /** googleMcpServerFloorSetting only (live API): the MCP servers covered; empty = all. */
    apis: strings.optional(),
  })
  .refine((setting) => setting.inspectOnly === undefined || setting.inspectAndBlock === undefined, {
    message: 'the enforcement type is a oneof: give inspectOnly or inspectAndBlock, not both',
  });

export const floorSettingSchema = z.strictObject({
  /** Defaults to {owner}/locations/global/floorSetting; a given name must be exactly that. */
  name: str.optional(),
  createTime: timestamp.optional(),
  updateTime: timestamp.optional(),
  filterConfig: filterConfigSchema.prefault({}),
  enableFloorSettingEnforcement: bool.optional(),
  integratedServices: z.array(z.enum(integratedServices)).optional(),
  aiPlatformFloorSetting: integrationSettingSchema.optional(),
  /** Live API only; dropped by the 0.6.0 client. */
  googleMcpServerFloorSetting: integrationSettingSchema.optional(),
  floorSettingMetadata: z.strictObject({ multiLanguageDetection: multiLanguageDetection.optional() }).optional(),
});
export type GcpFloorSetting = z.output<typeof floorSettingSchema>;
export type GcpFloorSettingInput = z.input<typeof floorSettingSchema>;

export const templateSchema = z.strictObject({
  /** projects/{projectId or number}/locations/{location}/templates/{id}, or just {id}. */
  name: str.regex(
    /^([A-Za-z0-9_-]+|projects\/[a-z0-9-]+\/locations\/[a-z0-9-]+\/templates\/[A-Za-z0-9_-]+)$/,
    'expected a template id or projects/{project}/locations/{location}/templates/{id}',
  ),
  createTime: timestamp.optional(),
  updateTime: timestamp.optional(),
  labels: labels.optional(),
  filterConfig: filterConfigSchema,
  templateMetadata: z
    .strictObject({
      ignorePartialInvocationFailures: bool.optional(),
      customPromptSafetyErrorCode: int.optional(),
      customPromptSafetyErrorMessage: str.optional(),
      customLlmResponseSafetyErrorCode: int.optional(),
      customLlmResponseSafetyErrorMessage: str.optional(),
      logTemplateOperations: bool.optional(),
      logSanitizeOperations: bool.optional(),
      enforcementType: z.enum(enforcementTypes).optional(),
      multiLanguageDetection: multiLanguageDetection.optional(),
      /** Live API only; dropped by the 0.6.0 client. */
      dataResidencyCompliant: bool.optional(),
    })
    .optional(),
});
export type GcpTemplate = z.output<typeof templateSchema>;
export type GcpTemplateInput = z.input<typeof templateSchema>;

// ---------------------------------------------------------------------------------------------
// Vertex AI (aiplatform.googleapis.com v1)

export const endpointSchema = z.strictObject({
  /** projects/{number or projectId}/locations/{location}/endpoints/{id}, or just {id}. */
  name: str.regex(
    /^([A-Za-z0-9_-]+|projects\/[a-z0-9-]+\/locations\/[a-z0-9-]+\/endpoints\/[A-Za-z0-9_-]+)$/,
    'expected an endpoint id or projects/{project}/locations/{location}/endpoints/{id}',
  ),
  displayName: str,
  description: str.optional(),
  deployedModels: z.array(blob).optional(),
  trafficSplit: z.record(z.string(), int).optional(),
  etag: str.optional(),
  labels: labels.optional(),
  createTime: timestamp.optional(),
  updateTime: timestamp.optional(),
  /** CMEK: `projects/{p}/locations/{l}/keyRings/{r}/cryptoKeys/{k}`. */
  encryptionSpec: z.strictObject({ kmsKeyName: str }).optional(),
  /** VPC peering: `projects/{number}/global/networks/{network}`. */
  network: str.optional(),
  /** Deprecated in favour of privateServiceConnectConfig. */
  enablePrivateServiceConnect: bool.optional(),
  privateServiceConnectConfig: z
    .strictObject({
      enablePrivateServiceConnect: bool,
      projectAllowlist: strings.optional(),
      pscAutomationConfigs: z.array(blob).optional(),
      serviceAttachment: str.optional(),
    })
    .optional(),
  modelDeploymentMonitoringJob: str.optional(),
  predictRequestResponseLoggingConfig: z
    .strictObject({ enabled: bool.optional(), samplingRate: z.number().optional(), bigqueryDestination: z.strictObject({ outputUri: str }).optional() })
    .optional(),
  dedicatedEndpointEnabled: bool.optional(),
  dedicatedEndpointDns: str.optional(),
  clientConnectionConfig: blob.optional(),
  satisfiesPzs: bool.optional(),
  satisfiesPzi: bool.optional(),
  genAiAdvancedFeaturesConfig: blob.optional(),
  privateModelServerEnabled: bool.optional(),
});
export type GcpEndpoint = z.output<typeof endpointSchema>;

/** A Vertex location as `Locations.ListLocations` returns it; a bare string is the location id. */
export const locationSchema = z.union([
  location.transform((locationId) => ({ locationId })),
  z.strictObject({ locationId: location, displayName: str.optional(), labels: labels.optional(), metadata: blob.optional() }),
]);
export type GcpLocation = z.output<typeof locationSchema>;

/**
 * Vertex AI locations `listLocations` returns when a project does not list its own (a subset of
 * the real ~40; every location that holds an endpoint is added).
 */
export const defaultVertexLocations: readonly string[] = [
  'us-central1',
  'us-east1',
  'us-east4',
  'us-west1',
  'europe-west1',
  'europe-west4',
  'asia-northeast1',
  'asia-southeast1',
];

// ---------------------------------------------------------------------------------------------
// IAM policy (google.iam.v1.Policy, as the Resource Manager v3 getIamPolicy returns it)

export const logTypes = ['ADMIN_READ', 'DATA_WRITE', 'DATA_READ'] as const;

export const iamPolicySchema = z.strictObject({
  /** Defaults to 3 when a binding has a condition, else 1. */
  version: z.union([z.literal(1), z.literal(3)]).optional(),
  /** base64; defaults to one derived from the owner. */
  etag: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected a base64 etag such as BwXhqDO5lpE=')
    .optional(),
  bindings: z
    .array(
      z.strictObject({
        role: str,
        members: strings,
        condition: z.strictObject({ expression: str, title: str.optional(), description: str.optional(), location: str.optional() }).optional(),
      }),
    )
    .optional(),
  /** Data-access audit logs: `service` is an API host (aiplatform.googleapis.com) or allServices. */
  auditConfigs: z
    .array(
      z.strictObject({
        service: str,
        auditLogConfigs: z.array(z.strictObject({ logType: z.enum(logTypes), exemptedMembers: strings.optional() })).optional(),
      }),
    )
    .optional(),
});
export type GcpIamPolicy = z.output<typeof iamPolicySchema>;

// ---------------------------------------------------------------------------------------------
// Cloud Monitoring alert policies (monitoring.googleapis.com v3)

export const alertPolicySchema = z.strictObject({
  /** projects/{projectId}/alertPolicies/{id}, or just {id}. */
  name: str.regex(
    /^([A-Za-z0-9_-]+|projects\/[a-z0-9-]+\/alertPolicies\/[A-Za-z0-9_-]+)$/,
    'expected an alert policy id or projects/{project}/alertPolicies/{id}',
  ),
  displayName: str,
  documentation: blob.optional(),
  userLabels: labels.optional(),
  conditions: z
    .array(
      z
        .strictObject({
          /** Defaults to {policy name}/conditions/{index}. */
          name: str.optional(),
          displayName: str.optional(),
          conditionThreshold: blob.optional(),
          conditionAbsent: blob.optional(),
          /** Log-based alert: a Logging query, e.g. on modelarmor.googleapis.com sanitize results. */
          conditionMatchedLog: z.strictObject({ filter: str, labelExtractors: z.record(z.string(), z.string()).optional() }).optional(),
          conditionMonitoringQueryLanguage: blob.optional(),
          conditionPrometheusQueryLanguage: blob.optional(),
          conditionSql: blob.optional(),
        })
        .refine(
          (condition) =>
            [
              condition.conditionThreshold,
              condition.conditionAbsent,
              condition.conditionMatchedLog,
              condition.conditionMonitoringQueryLanguage,
              condition.conditionPrometheusQueryLanguage,
              condition.conditionSql,
            ].filter((value) => value !== undefined).length === 1,
          {
            message:
              'a condition has exactly one of conditionThreshold, conditionAbsent, conditionMatchedLog, conditionMonitoringQueryLanguage, conditionPrometheusQueryLanguage, conditionSql',
          },
        ),
    )
    .default(() => []),
  combiner: z.enum(['AND', 'OR', 'AND_WITH_MATCHING_RESOURCE']).optional(),
  /** Defaults to true (the API reports a policy created without it as enabled). */
  enabled: bool.optional(),
  validity: blob.optional(),
  /** projects/{p}/notificationChannels/{id} */
  notificationChannels: strings.optional(),
  creationRecord: blob.optional(),
  mutationRecord: blob.optional(),
  alertStrategy: blob.optional(),
  severity: z.enum(['CRITICAL', 'ERROR', 'WARNING']).optional(),
});
export type GcpAlertPolicy = z.output<typeof alertPolicySchema>;

// ---------------------------------------------------------------------------------------------
// Cloud Monitoring time series (monitoring.googleapis.com v3 projects.timeSeries.list)

/**
 * A counter series the project writes, as `projects.timeSeries.list` would return it without
 * aggregation: the metric (type and labels) and the monitored resource (type and labels), with
 * the steady count it adds per day (a DELTA INT64 counter: invocations, predictions, requests).
 * `since` / `until` bound the activity (a model first called on a date, an endpoint retired), so a
 * window before `since` has no points. The fake serves one point per day, and sums per alignment
 * period when the request aggregates. Metric types and labels as documented in "Google Cloud
 * metrics" (cloud.google.com/monitoring/api/metrics_gcp_a_b#gcp-aiplatform,
 * metrics_gcp_p_z#gcp-serviceruntime).
 */
export const timeSeriesSchema = z.strictObject({
  metric: z.strictObject({
    type: str.regex(/^[a-z0-9.-]+\.googleapis\.com\/[\w/.-]+$/, 'expected a metric type such as aiplatform.googleapis.com/…'),
    labels: labels.optional(),
  }),
  resource: z.strictObject({ type: str, labels: labels.optional() }),
  /** Count added per day (may be fractional: spread evenly). */
  perDay: z.number().nonnegative(),
  since: timestamp.optional(),
  until: timestamp.optional(),
});
export type GcpTimeSeries = z.output<typeof timeSeriesSchema>;

// ---------------------------------------------------------------------------------------------
// Faults

/** Operation names in the request log and in `faults[].operation`. */
export const gcpOperationNames = [
  'FloorSettings_Get',
  'Templates_List',
  'Locations_List',
  'Endpoints_List',
  'Projects_Get',
  'Folders_Get',
  'GetIamPolicy',
  'Projects_List',
  'Folders_List',
  'Services_Get',
  'AlertPolicies_List',
  'TimeSeries_List',
] as const;
export type GcpOperationName = (typeof gcpOperationNames)[number];

/** API hosts, as in the request log's `service` and `faults[].service`. */
export const gcpServiceHosts = [
  'modelarmor.googleapis.com',
  'aiplatform.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'serviceusage.googleapis.com',
  'monitoring.googleapis.com',
] as const;

/** google.rpc.Code names this fake answers with, and their HTTP statuses. */
export const googleStatusByCode = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ABORTED: 409,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  UNKNOWN: 500,
  INTERNAL: 500,
  DATA_LOSS: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;
export type GoogleStatusCode = keyof typeof googleStatusByCode;

export const gcpFaultSchema = z
  .strictObject({
    /** Only requests about this project (by projectId or project number, in any API). */
    project: str.optional(),
    /** Only requests whose owner is exactly this: projects/{id}, folders/{id} or organizations/{id} (for Projects_List/Folders_List, the `parent`). */
    owner: z.string().regex(ownerPattern, 'expected projects/{id}, folders/{id} or organizations/{id}').optional(),
    /** Operation name (FloorSettings_Get, Templates_List, GetIamPolicy, …); omitted or "*" = every operation. */
    operation: z.union([z.enum(gcpOperationNames), z.literal('*')]).optional(),
    /** Only this API host, e.g. aiplatform.googleapis.com. */
    service: z.enum(gcpServiceHosts).optional(),
    /** Only this location (Templates_List, Endpoints_List). */
    location: location.optional(),
    /** google.rpc.Code name; defaults from the status (403 PERMISSION_DENIED, 429 RESOURCE_EXHAUSTED, …). */
    code: z.enum(Object.keys(googleStatusByCode) as [GoogleStatusCode, ...GoogleStatusCode[]]).optional(),
    /** HTTP status; defaults from the code. */
    status: z.number().int().min(400).max(599).optional(),
    /**
     * ErrorInfo reason; defaults to IAM_PERMISSION_DENIED (403) or RATE_LIMIT_EXCEEDED (429).
     * SERVICE_DISABLED answers Google's "API has not been used in project … or it is disabled" body.
     */
    reason: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an ErrorInfo reason such as SERVICE_DISABLED')
      .optional(),
    message: str.optional(),
    /** Let this many matching requests through before the fault applies (e.g. 1: the second page of a listing fails). */
    after: z.number().int().nonnegative().optional(),
    /** Fail this many matching requests, then succeed; omitted = always fail. */
    times: z.number().int().positive().optional(),
    /** Seconds, sent as Retry-After. Defaults to 1 for 429 and 503; null sends none. */
    retryAfter: z.number().int().nonnegative().nullable().optional(),
    /** Instead of an error: answer 200 with this body (an HTML page, nothing, or the real body cut off); see body-faults.ts. */
    body: bodyFaultSchema.optional(),
    /** Transport faults (hang, reset, redirect, repeatToken); see transport-faults.ts. */
    ...transportFaultFields,
  })
  .refine(
    (fault) => fault.code !== undefined || fault.status !== undefined || fault.reason !== undefined || fault.body !== undefined || isTransportFault(fault),
    { message: 'a fault needs a code, a status or a reason (or a body, or a transport fault)' },
  );
export type GcpFault = z.output<typeof gcpFaultSchema>;

// ---------------------------------------------------------------------------------------------
// The resource hierarchy

export const lifecycleStates = ['ACTIVE', 'DELETE_REQUESTED'] as const;
export const serviceStates = ['ENABLED', 'DISABLED'] as const;

export const organizationSchema = z.strictObject({
  id: numericId,
  /** Defaults to example.com. */
  displayName: str.optional(),
  directoryCustomerId: str.optional(),
  /** organizations/{id}/locations/global/floorSetting; absent = 404 NOT_FOUND. */
  floorSetting: floorSettingSchema.optional(),
  /** Defaults to an owner binding and no audit configs. */
  iamPolicy: iamPolicySchema.optional(),
});
export type GcpOrganization = z.output<typeof organizationSchema>;

export const folderSchema = z.strictObject({
  id: numericId,
  parent,
  /** Defaults to folder-{id}. */
  displayName: str.optional(),
  state: z.enum(lifecycleStates).default('ACTIVE'),
  createTime: timestamp.optional(),
  floorSetting: floorSettingSchema.optional(),
  iamPolicy: iamPolicySchema.optional(),
});
export type GcpFolder = z.output<typeof folderSchema>;

export const projectSchema = z.strictObject({
  projectId,
  projectNumber: numericId,
  parent,
  /** Defaults to the projectId. */
  displayName: str.optional(),
  labels: labels.optional(),
  state: z.enum(lifecycleStates).default('ACTIVE'),
  createTime: timestamp.optional(),
  /** aiplatform.googleapis.com in Service Usage; DISABLED also answers the Vertex routes 403 SERVICE_DISABLED. */
  vertexApi: z.enum(serviceStates),
  /** modelarmor.googleapis.com (default ENABLED); DISABLED answers Templates_List 403 SERVICE_DISABLED. */
  modelArmorApi: z.enum(serviceStates).default('ENABLED'),
  floorSetting: floorSettingSchema.optional(),
  iamPolicy: iamPolicySchema.optional(),
  /** Vertex AI locations (Locations_List); defaults to `defaultVertexLocations` plus every endpoint location. */
  locations: z.array(locationSchema).optional(),
  /** Model Armor templates by location (Templates_List); any other location lists none. */
  templates: z.record(location, z.array(templateSchema)).default(() => ({})),
  /** Vertex AI endpoints by location (Endpoints_List). */
  endpoints: z.record(location, z.array(endpointSchema)).default(() => ({})),
  alertPolicies: list(alertPolicySchema),
  /** Usage metrics the project writes to Cloud Monitoring (TimeSeries_List). */
  timeSeries: list(timeSeriesSchema),
  /** Extra latency for every request about this project (added to the estate's latencyMs). */
  latencyMs: z.number().int().nonnegative().optional(),
});
export type GcpProject = z.output<typeof projectSchema>;

function lastSegment(name: string): string {
  return name.split('/').pop() ?? name;
}

/** The full name of a project's template / endpoint / alert policy, from its short or full name. */
export function templateName(project: GcpProject, templateLocation: string, name: string): string {
  return name.includes('/') ? name : `projects/${project.projectId}/locations/${templateLocation}/templates/${name}`;
}
export function endpointName(project: GcpProject, endpointLocation: string, name: string): string {
  return name.includes('/') ? name : `projects/${project.projectNumber}/locations/${endpointLocation}/endpoints/${name}`;
}
export function alertPolicyName(project: GcpProject, name: string): string {
  return name.includes('/') ? name : `projects/${project.projectId}/alertPolicies/${name}`;
}

export const gcpEstateSchema = z
  .strictObject({
    organizations: list(organizationSchema),
    folders: list(folderSchema),
    projects: list(projectSchema),
    /** Only this bearer token is accepted (default: any). */
    bearerToken: str.optional(),
    /** Largest page any list returns (forces paging); a smaller `pageSize` in the request wins. */
    pageSize: z.number().int().positive().optional(),
    /** Latency for every request, in milliseconds. */
    latencyMs: z.number().int().nonnegative().optional(),
    faults: list(gcpFaultSchema),
    /**
     * Throttling (see throttling.ts): one token bucket per project (or folder, organisation) × API
     * host, as Google counts quota; `overrides` by API host. A throttled request is Google's 429
     * `RESOURCE_EXHAUSTED` with an `ErrorInfo` (RATE_LIMIT_EXCEEDED), without Retry-After unless set.
     */
    ...throttlingFields,
  })
  .superRefine((estate, ctx) => {
    const organizations = new Set<string>();
    estate.organizations.forEach((organization, index) => {
      if (organizations.has(organization.id))
        ctx.addIssue({ code: 'custom', path: ['organizations', index, 'id'], message: `duplicate organization ${organization.id}` });
      organizations.add(organization.id);
      checkFloorName(organization.floorSetting, `organizations/${organization.id}`, ['organizations', index], ctx);
    });
    const folders = new Map(estate.folders.map((folder) => [folder.id, folder]));
    const exists = (name: string) => {
      const match = parentPattern.exec(name);
      return match !== null && (match[1] === 'organizations' ? organizations.has(match[2] ?? '') : folders.has(match[2] ?? ''));
    };
    const seenFolders = new Set<string>();
    estate.folders.forEach((folder, index) => {
      if (seenFolders.has(folder.id)) ctx.addIssue({ code: 'custom', path: ['folders', index, 'id'], message: `duplicate folder ${folder.id}` });
      seenFolders.add(folder.id);
      if (!exists(folder.parent))
        ctx.addIssue({
          code: 'custom',
          path: ['folders', index, 'parent'],
          message: `${folder.parent} is not in the estate (declare it under organizations or folders)`,
        });
      // The chain of parents must reach an organisation without a cycle.
      const chain = new Set<string>([folder.id]);
      let next = parentPattern.exec(folder.parent);
      while (next !== null && next[1] === 'folders') {
        const id = next[2] ?? '';
        if (chain.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['folders', index, 'parent'], message: `folder ${folder.id} is its own ancestor` });
          break;
        }
        chain.add(id);
        const above = folders.get(id);
        next = above === undefined ? null : parentPattern.exec(above.parent);
      }
      checkFloorName(folder.floorSetting, `folders/${folder.id}`, ['folders', index], ctx);
    });
    const projectIds = new Set<string>();
    const projectNumbers = new Set<string>();
    estate.projects.forEach((project, index) => {
      const path = ['projects', index];
      if (projectIds.has(project.projectId)) ctx.addIssue({ code: 'custom', path: [...path, 'projectId'], message: `duplicate project ${project.projectId}` });
      projectIds.add(project.projectId);
      if (projectNumbers.has(project.projectNumber))
        ctx.addIssue({ code: 'custom', path: [...path, 'projectNumber'], message: `duplicate project number ${project.projectNumber}` });
      projectNumbers.add(project.projectNumber);
      if (!exists(project.parent))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'parent'],
          message: `${project.parent} is not in the estate (declare it under organizations or folders)`,
        });
      const own = (name: string) => name === `projects/${project.projectId}` || name === `projects/${project.projectNumber}`;
      checkFloorName(project.floorSetting, `projects/${project.projectId}`, path, ctx, own);
      for (const [templateLocation, templates] of Object.entries(project.templates)) {
        const names = new Set<string>();
        templates.forEach((template, templateIndex) => {
          const where = [...path, 'templates', templateLocation, templateIndex, 'name'];
          const match = /^(projects\/[^/]+)\/locations\/([^/]+)\/templates\/[^/]+$/.exec(template.name);
          if (match !== null && (!own(match[1] ?? '') || match[2] !== templateLocation)) {
            ctx.addIssue({ code: 'custom', path: where, message: `${template.name} is not in projects/${project.projectId}/locations/${templateLocation}` });
          }
          const id = lastSegment(template.name);
          if (names.has(id)) ctx.addIssue({ code: 'custom', path: where, message: `duplicate template ${id}` });
          names.add(id);
        });
      }
      for (const [endpointLocation, endpoints] of Object.entries(project.endpoints)) {
        const names = new Set<string>();
        endpoints.forEach((endpoint, endpointIndex) => {
          const where = [...path, 'endpoints', endpointLocation, endpointIndex, 'name'];
          const match = /^(projects\/[^/]+)\/locations\/([^/]+)\/endpoints\/[^/]+$/.exec(endpoint.name);
          if (match !== null && (!own(match[1] ?? '') || match[2] !== endpointLocation)) {
            ctx.addIssue({
              code: 'custom',
              path: where,
              message: `${endpoint.name} is not in projects/${project.projectNumber}/locations/${endpointLocation}`,
            });
          }
          const id = lastSegment(endpoint.name);
          if (names.has(id)) ctx.addIssue({ code: 'custom', path: where, message: `duplicate endpoint ${id}` });
          names.add(id);
        });
      }
      const policies = new Set<string>();
      project.alertPolicies.forEach((policy, policyIndex) => {
        const where = [...path, 'alertPolicies', policyIndex, 'name'];
        const match = /^(projects\/[^/]+)\/alertPolicies\/[^/]+$/.exec(policy.name);
        if (match !== null && !own(match[1] ?? ''))
          ctx.addIssue({ code: 'custom', path: where, message: `${policy.name} is not in projects/${project.projectId}` });
        const id = lastSegment(policy.name);
        if (policies.has(id)) ctx.addIssue({ code: 'custom', path: where, message: `duplicate alert policy ${id}` });
        policies.add(id);
      });
    });
  });
export type GcpEstate = z.output<typeof gcpEstateSchema>;
export type GcpEstateInput = z.input<typeof gcpEstateSchema>;

function checkFloorName(
  floor: GcpFloorSetting | undefined,
  owner: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
  own: (name: string) => boolean = (name) => name === owner,
): void {
  if (floor?.name === undefined) return;
  const match = /^(.+)\/locations\/global\/floorSetting$/.exec(floor.name);
  if (match === null || !own(match[1] ?? ''))
    ctx.addIssue({ code: 'custom', path: [...path, 'floorSetting', 'name'], message: `name must be ${owner}/locations/global/floorSetting (or be left out)` });
}
