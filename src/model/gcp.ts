import { z } from 'zod';
import { HarmCategorySchema, StrengthSchema, resourceBase } from './common.ts';

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
