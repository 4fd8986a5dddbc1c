/** Pure conversions from Google client objects (proto3, decoded) to the neutral model. */
import type { protos as modelArmorProtos } from '@google-cloud/modelarmor';
import type { protos as aiplatformProtos } from '@google-cloud/aiplatform';
import type { protos as monitoringProtos } from '@google-cloud/monitoring';
import {
  GcpResourceSchema,
  modelArmorVocabulary,
  type GcpAlertPolicy,
  type GcpAuditConfig,
  type GcpFloorSetting,
  type GcpTemplate,
  type GcpVertexEndpoint,
  type ModelArmorFilters,
} from '../../src/model/gcp.ts';
import type { ScopeRef, Strength } from '../../src/model/common.ts';
import { lookUp } from '../../src/model/common.ts';
import { z } from 'zod';

type FilterConfig = modelArmorProtos.google.cloud.modelarmor.v1.IFilterConfig;

export interface Where {
  scope: ScopeRef;
  region: string | null;
  api: string;
}

function base(where: Where) {
  return { provider: 'gcp' as const, scope: where.scope, region: where.region, source: { kind: 'api' as const, api: where.api } };
}

function validated<T>(resource: T): T {
  GcpResourceSchema.parse(resource);
  return resource;
}

/**
 * A confidence level on the neutral scale (the model's Model Armor vocabulary): unset is off
 * (not configured); a level outside the vocabulary is recorded in `unknown` — never `off`.
 */
function confidence(value: unknown, unknown: string[]): Strength {
  const level = value === null || value === undefined ? '' : String(value);
  if (level === '' || level === 'DETECTION_CONFIDENCE_LEVEL_UNSPECIFIED') return 'off';
  const strength = lookUp(modelArmorVocabulary.confidence, level);
  if (strength === undefined) unknown.push(level);
  return strength ?? 'off';
}

const enabled = (value: unknown) => value === 'ENABLED';

/** Filters outside the vocabulary cannot be judged: the resource is marked unreadable, so its rules say unknown. */
function unrecognised(levels: readonly string[]): { unreadable?: string } {
  return levels.length > 0 ? { unreadable: `unrecognised Model Armor confidence level ${levels.join(', ')}` } : {};
}

/** The filters of a floor setting or template; confidence levels outside the vocabulary are pushed to `unknown`. */
export function filters(config: FilterConfig | null | undefined, unknown: string[] = []): ModelArmorFilters {
  const injection = config?.piAndJailbreakFilterSettings;
  const sdp = config?.sdpSettings;
  return {
    rai: (config?.raiSettings?.raiFilters ?? []).map((filter) => {
      const filterType = String(filter.filterType ?? '');
      return { filterType, category: lookUp(modelArmorVocabulary.categories, filterType) ?? null, strength: confidence(filter.confidenceLevel, unknown) };
    }),
    promptInjection: injection
      ? {
          enabled: enabled(injection.filterEnforcement),
          strength: enabled(injection.filterEnforcement) ? confidence(injection.confidenceLevel, unknown) : 'off',
        }
      : null,
    maliciousUri: config?.maliciousUriFilterSettings ? enabled(config.maliciousUriFilterSettings.filterEnforcement) : null,
    sensitiveData: sdp ? Boolean(sdp.advancedConfig) || enabled(sdp.basicConfig?.filterEnforcement) : null,
  };
}

export function floorSetting(value: modelArmorProtos.google.cloud.modelarmor.v1.IFloorSetting, owner: string, where: Where): GcpFloorSetting {
  const aiPlatform = value.aiPlatformFloorSetting;
  const mode = aiPlatform?.inspectAndBlock ? 'inspectAndBlock' : aiPlatform?.inspectOnly ? 'inspectOnly' : null;
  const level = owner.startsWith('organizations/') ? 'organization' : owner.startsWith('folders/') ? 'folder' : 'project';
  const metadata = value.floorSettingMetadata as { multiLanguageDetection?: { enableMultiLanguageDetection?: boolean | null } | null } | null | undefined;
  const unknown: string[] = [];
  const floorFilters = filters(value.filterConfig, unknown);
  return validated<GcpFloorSetting>({
    ...base(where),
    type: 'gcp.floor-setting',
    id: value.name ?? `${owner}/locations/global/floorSetting`,
    name: value.name ?? `${owner}/locations/global/floorSetting`,
    owner,
    level,
    enforcementEnabled: value.enableFloorSettingEnforcement ?? null,
    filters: floorFilters,
    ...unrecognised(unknown),
    integratedServices: (value.integratedServices ?? []).map(String),
    aiPlatformMode: mode,
    aiPlatformCloudLogging: aiPlatform ? (aiPlatform.enableCloudLogging ?? null) : null,
    multiLanguageDetection: metadata?.multiLanguageDetection?.enableMultiLanguageDetection ?? null,
  });
}

export function template(value: modelArmorProtos.google.cloud.modelarmor.v1.ITemplate, where: Where): GcpTemplate {
  const metadata = value.templateMetadata;
  const enforcement = String(metadata?.enforcementType ?? '');
  const unknown: string[] = [];
  const templateFilters = filters(value.filterConfig, unknown);
  return validated<GcpTemplate>({
    ...base(where),
    type: 'gcp.modelarmor-template',
    id: value.name ?? '',
    name: value.name?.split('/').pop(),
    ...(value.labels ? { tags: Object.fromEntries(Object.entries(value.labels)) } : {}),
    filters: templateFilters,
    ...unrecognised(unknown),
    enforcementType: enforcement === 'INSPECT_ONLY' || enforcement === 'INSPECT_AND_BLOCK' ? enforcement : null,
    logSanitizeOperations: metadata ? (metadata.logSanitizeOperations ?? null) : null,
    logTemplateOperations: metadata ? (metadata.logTemplateOperations ?? null) : null,
    multiLanguageDetection: metadata?.multiLanguageDetection?.enableMultiLanguageDetection ?? null,
  });
}

export function vertexEndpoint(value: aiplatformProtos.google.cloud.aiplatform.v1.IEndpoint, where: Where): GcpVertexEndpoint {
  return validated<GcpVertexEndpoint>({
    ...base(where),
    type: 'gcp.vertex-endpoint',
    id: value.name ?? '',
    name: value.displayName ?? value.name?.split('/').pop(),
    ...(value.labels ? { tags: Object.fromEntries(Object.entries(value.labels)) } : {}),
    kmsKeyName: value.encryptionSpec?.kmsKeyName || null,
    network: value.network || null,
    privateServiceConnect: Boolean(value.privateServiceConnectConfig?.enablePrivateServiceConnect || value.enablePrivateServiceConnect),
    deployedModels: (value.deployedModels ?? []).map((deployed) => ({
      id: deployed.id ?? '',
      model: deployed.model || null,
      displayName: deployed.displayName || null,
      modelVersionId: deployed.modelVersionId || null,
    })),
  });
}

export function auditConfig(
  policy: { auditConfigs?: Array<{ service?: string | null; auditLogConfigs?: Array<{ logType?: unknown }> | null }> | null },
  owner: string,
  where: Where,
): GcpAuditConfig {
  return validated<GcpAuditConfig>({
    ...base(where),
    type: 'gcp.audit-config',
    id: `${owner}/auditConfigs`,
    name: owner,
    owner,
    services: (policy.auditConfigs ?? []).map((entry) => ({
      service: entry.service ?? '',
      logTypes: (entry.auditLogConfigs ?? []).map((config) => String(config.logType ?? '')),
    })),
  });
}

export function alertPolicy(value: monitoringProtos.google.monitoring.v3.IAlertPolicy, where: Where): GcpAlertPolicy {
  const conditions = (value.conditions ?? []).flatMap((condition) =>
    [
      condition.conditionThreshold?.filter,
      condition.conditionAbsent?.filter,
      condition.conditionMatchedLog?.filter,
      condition.conditionMonitoringQueryLanguage?.query,
      condition.conditionPrometheusQueryLanguage?.query,
    ].filter((text): text is string => typeof text === 'string' && text.length > 0),
  );
  const enabledValue = value.enabled as { value?: boolean | null } | boolean | null | undefined;
  return validated<GcpAlertPolicy>({
    ...base(where),
    type: 'gcp.alert-policy',
    id: value.name ?? '',
    name: value.displayName ?? value.name?.split('/').pop(),
    enabled: typeof enabledValue === 'boolean' ? enabledValue : (enabledValue?.value ?? false),
    conditions,
    notificationChannelCount: value.notificationChannels?.length ?? 0,
  });
}

// ---------------------------------------------------------------------------------------------
// Response shapes: what each answer must at least hold before the collector reads it

/**
 * A successful answer that is not the API's (no message, or a page without its list). The
 * Google clients already reject bodies that are empty or not JSON; this is the collector's own
 * check of what it reads. The read fails (coverage `error`) instead of reading as "none".
 */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponse';
}

const message = z.looseObject({});

/** The minimal shape of each kind of answer the collector reads. */
export const googleShapes = {
  /** A get method's message. */
  message,
  /** A list method's page with `autoPaginate: false`: the items (a list, even when the API left it out), the next request or none, the raw response message. */
  page: z.tuple([z.array(z.unknown()), z.looseObject({ pageToken: z.string().nullish() }).nullish(), message], z.unknown()),
} as const;

/** Returns `answer` when it has `shape`; throws `UnexpectedResponseError` naming what is wrong otherwise. */
export function checkedAnswer<T>(operation: string, shape: z.ZodType, answer: T): T {
  const checked = shape.safeParse(answer);
  if (checked.success) return answer;
  const issue = checked.error.issues[0];
  const at = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new UnexpectedResponseError(`${operation} answered without the expected message (${at}${issue?.message ?? 'unexpected shape'})`);
}
