import { z } from 'zod';
import { HarmCategorySchema, StrengthSchema, resourceBase, type HarmCategory, type Strength } from './common.ts';

/**
 * Model Armor's vocabulary on the neutral scale (spec §6): the one table used by the collector,
 * every IaC reader, the rules and the tests. A value outside it is unknown, never guessed.
 * Source: Model Armor API reference, RaiFilter (filterType HATE_SPEECH | HARASSMENT |
 * SEXUALLY_EXPLICIT | DANGEROUS) and DetectionConfidenceLevel (HIGH | MEDIUM_AND_ABOVE |
 * LOW_AND_ABOVE: the lower the confidence that triggers, the more is blocked).
 */
export const modelArmorVocabulary = {
  categories: { HATE_SPEECH: 'hate', HARASSMENT: 'insults', SEXUALLY_EXPLICIT: 'sexual', DANGEROUS: 'misconduct' },
  confidence: { HIGH: 'low', MEDIUM_AND_ABOVE: 'medium', LOW_AND_ABOVE: 'high' },
} as const satisfies { categories: Record<string, HarmCategory>; confidence: Record<string, Strength> };

/**
 * Vertex AI (Gemini) safety settings on the neutral scale. Source: Vertex AI API reference,
 * SafetySetting (HarmCategory HARM_CATEGORY_*; HarmBlockThreshold BLOCK_ONLY_HIGH |
 * BLOCK_MEDIUM_AND_ABOVE | BLOCK_LOW_AND_ABOVE | BLOCK_NONE | OFF). The `HARM_CATEGORY_` and
 * `HARM_BLOCK_THRESHOLD_` prefixes are optional where files write the enum names short.
 */
export const vertexSafetyVocabulary = {
  categories: {
    HARM_CATEGORY_HATE_SPEECH: 'hate',
    HARM_CATEGORY_HARASSMENT: 'insults',
    HARM_CATEGORY_SEXUALLY_EXPLICIT: 'sexual',
    HARM_CATEGORY_DANGEROUS_CONTENT: 'misconduct',
    HARM_CATEGORY_JAILBREAK: 'prompt-attack',
  },
  thresholds: { BLOCK_ONLY_HIGH: 'low', BLOCK_MEDIUM_AND_ABOVE: 'medium', BLOCK_LOW_AND_ABOVE: 'high', BLOCK_NONE: 'off', OFF: 'off' },
} as const satisfies { categories: Record<string, HarmCategory>; thresholds: Record<string, Strength> };

/** A Vertex harm category's neutral category (`HATE_SPEECH` or `HARM_CATEGORY_HATE_SPEECH`); null when not in the table. */
export function vertexCategory(name: string): HarmCategory | null {
  const table: Readonly<Record<string, HarmCategory>> = vertexSafetyVocabulary.categories;
  const key = name.startsWith('HARM_CATEGORY_') ? name : `HARM_CATEGORY_${name}`;
  return Object.hasOwn(table, key) ? (table[key] ?? null) : null;
}

/** A Vertex block threshold's neutral strength (`BLOCK_NONE` or `HARM_BLOCK_THRESHOLD_BLOCK_NONE`); undefined when not in the table. */
export function vertexThreshold(name: string): Strength | undefined {
  const table: Readonly<Record<string, Strength>> = vertexSafetyVocabulary.thresholds;
  const key = name.replace(/^HARM_BLOCK_THRESHOLD_/, '');
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * GCP resources. Scope is the project (or, for floor settings above it, the folder or
 * organisation); `region` is the location (`global` resources have region null).
 */

/** A Model Armor filter configuration, on the neutral scale. `null` = the API returned no value. */
export const ModelArmorFiltersSchema = z.object({
  /** One entry per RAI filter present (hate, insults = harassment, sexual, misconduct = dangerous). */
  rai: z.array(z.object({ filterType: z.string(), category: HarmCategorySchema.nullable(), strength: StrengthSchema })),
  promptInjection: z.object({ enabled: z.boolean(), strength: StrengthSchema }).nullable(),
  maliciousUri: z.boolean().nullable(),
  sensitiveData: z.boolean().nullable(),
});
export type ModelArmorFilters = z.infer<typeof ModelArmorFiltersSchema>;

export const GcpProjectSchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.project'),
  projectId: z.string(),
  projectNumber: z.string().nullable(),
  /** Parents from the nearest up, as resource names (`folders/123`, `organizations/456`); undefined when unreadable. */
  ancestors: z.array(z.string()).optional(),
  /** Whether aiplatform.googleapis.com is enabled; undefined when unreadable. */
  vertexApiEnabled: z.boolean().optional(),
});
export type GcpProject = z.infer<typeof GcpProjectSchema>;

/** The audit-log configuration in the IAM policy of a project, folder or organisation. */
export const GcpAuditConfigSchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.audit-config'),
  /** `projects/p`, `folders/f` or `organizations/o`. */
  owner: z.string(),
  services: z.array(z.object({ service: z.string(), logTypes: z.array(z.string()) })),
});
export type GcpAuditConfig = z.infer<typeof GcpAuditConfigSchema>;

export const GcpFloorSettingSchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.floor-setting'),
  /** `projects/p`, `folders/f` or `organizations/o`. */
  owner: z.string(),
  level: z.enum(['organization', 'folder', 'project']),
  enforcementEnabled: z.boolean().nullable(),
  filters: ModelArmorFiltersSchema,
  integratedServices: z.array(z.string()),
  /** Vertex AI integration: `inspectOnly`, `inspectAndBlock`, or null when not configured. */
  aiPlatformMode: z.enum(['inspectOnly', 'inspectAndBlock']).nullable(),
  aiPlatformCloudLogging: z.boolean().nullable(),
  multiLanguageDetection: z.boolean().nullable(),
});
export type GcpFloorSetting = z.infer<typeof GcpFloorSettingSchema>;

export const GcpTemplateSchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.modelarmor-template'),
  filters: ModelArmorFiltersSchema,
  enforcementType: z.enum(['INSPECT_ONLY', 'INSPECT_AND_BLOCK']).nullable(),
  logSanitizeOperations: z.boolean().nullable(),
  logTemplateOperations: z.boolean().nullable(),
  multiLanguageDetection: z.boolean().nullable(),
});
export type GcpTemplate = z.infer<typeof GcpTemplateSchema>;

export const GcpVertexEndpointSchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.vertex-endpoint'),
  kmsKeyName: z.string().nullable(),
  network: z.string().nullable(),
  privateServiceConnect: z.boolean(),
  /**
   * The models deployed on the endpoint, as the Endpoints_List response carries them
   * (`Endpoint.deployedModels[]`: id, model resource name, display name, model version id);
   * undefined where the source does not say (IaC files).
   */
  deployedModels: z
    .array(z.object({ id: z.string(), model: z.string().nullable(), displayName: z.string().nullable(), modelVersionId: z.string().nullable() }))
    .optional(),
});
export type GcpVertexEndpoint = z.infer<typeof GcpVertexEndpointSchema>;

export const GcpAlertPolicySchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.alert-policy'),
  enabled: z.boolean(),
  /** Condition filters / queries as written (metric types, log filters, PromQL). */
  conditions: z.array(z.string()),
  notificationChannelCount: z.number().int(),
});
export type GcpAlertPolicy = z.infer<typeof GcpAlertPolicySchema>;

/** Gemini safety settings where they are persisted (request/config files under `iac`). */
export const GcpSafetySettingsSchema = z.object({
  ...resourceBase,
  type: z.literal('gcp.vertex-safety-settings'),
  settings: z.array(z.object({ category: z.string(), neutralCategory: HarmCategorySchema.nullable(), threshold: z.string(), strength: StrengthSchema })),
});
export type GcpSafetySettings = z.infer<typeof GcpSafetySettingsSchema>;

export const GcpResourceSchema = z.discriminatedUnion('type', [
  GcpProjectSchema,
  GcpAuditConfigSchema,
  GcpFloorSettingSchema,
  GcpTemplateSchema,
  GcpVertexEndpointSchema,
  GcpAlertPolicySchema,
  GcpSafetySettingsSchema,
]);
export type GcpResource = z.infer<typeof GcpResourceSchema>;

/**
 * Google Cloud usage metrics the scan reads over the metrics window (spec §12), the one table
 * shared by the collector (what to ask Cloud Monitoring), the fake cloud's estates and the rules
 * (how to read the `metric.series` resources). Each query sums its counter over the whole window
 * (alignment period = window, ALIGN_SUM, then REDUCE_SUM grouped by `groupBy`). Metric and
 * monitored-resource types and labels: "Google Cloud metrics", aiplatform and serviceruntime
 * (https://cloud.google.com/monitoring/api/metrics_gcp_a_b#gcp-aiplatform,
 * https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-serviceruntime), monitored resources
 * https://cloud.google.com/monitoring/api/resources.
 *
 * Model Armor publishes no Cloud Monitoring metric for sanitisation results (filter matches,
 * blocks): Google documents Cloud Logging as the way to see them ("You need to enable Cloud
 * Logging to get visibility into the sanitization results of prompts and responses",
 * https://docs.cloud.google.com/model-armor/integrations). What is measurable is the number of
 * calls to the Model Armor API itself (`serviceruntime.googleapis.com/api/request_count` on the
 * `consumed_api` resource of `modelarmor.googleapis.com`, per method): a proxy for how much
 * traffic applications send to templates directly (SanitizeUserPrompt / SanitizeModelResponse),
 * never a count of interventions.
 */
export const gcpUsageMetrics = {
  /** Gemini and partner (Model Garden MaaS) model calls: DELTA INT64 on aiplatform.googleapis.com/PublisherModel. */
  publisherInvocations: {
    namespace: 'aiplatform.googleapis.com',
    metric: 'aiplatform.googleapis.com/publisher/online_serving/model_invocation_count',
    resource: 'aiplatform.googleapis.com/PublisherModel',
    resourceLabels: {},
    /** Resource labels location, publisher, model_user_id, model_version_id; metric label method (GenerateContent, RawPredict, ChatCompletions, …). */
    groupBy: ['resource.label.location', 'resource.label.publisher', 'resource.label.model_user_id', 'resource.label.model_version_id', 'metric.label.method'],
  },
  /** Predictions served by Vertex endpoints (deployed models): DELTA INT64 on aiplatform.googleapis.com/Endpoint. */
  endpointPredictions: {
    namespace: 'aiplatform.googleapis.com',
    metric: 'aiplatform.googleapis.com/prediction/online/prediction_count',
    resource: 'aiplatform.googleapis.com/Endpoint',
    resourceLabels: {},
    groupBy: ['resource.label.location', 'resource.label.endpoint_id', 'metric.label.deployed_model_id'],
  },
  /** Calls to the Model Armor API (a proxy for direct template use; not interventions): DELTA INT64 on consumed_api. */
  modelArmorRequests: {
    namespace: 'serviceruntime.googleapis.com',
    metric: 'serviceruntime.googleapis.com/api/request_count',
    resource: 'consumed_api',
    resourceLabels: { service: 'modelarmor.googleapis.com' },
    groupBy: ['resource.label.location', 'resource.label.method'],
  },
} as const;
export type GcpUsageMetric = keyof typeof gcpUsageMetrics;

/** The aligner the usage queries sum each series with, as `metric.series.statistic`. */
export const gcpUsageStatistic = 'ALIGN_SUM';
