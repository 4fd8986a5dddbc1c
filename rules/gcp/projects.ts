/**
 * Shared logic for the GCP rules: which projects use Vertex AI, which Model Armor floor setting is
 * in effect for a project, which data-access audit logs reach a project from its IAM policy and
 * those of its ancestors, and how Model Armor filter configurations are judged.
 *
 * Effective floor setting. Google documents that floor settings can be set at the organisation,
 * folder and project level and that "if there are multiple floor settings that conflict with each
 * other, the settings lower in the resource hierarchy take precedence. For example, if a floor
 * setting policy is created at a folder and project level, the project-level policy would be
 * applied" — and its worked example shows that a folder's malicious-URI requirement is *not*
 * carried into a project that has its own floor setting (Security Command Center docs, "Model
 * Armor floor settings", cloud.google.com/security-command-center/docs/model_armor_floor_settings;
 * the same rule in "Configure floor settings", docs.cloud.google.com/model-armor/configure-floor-settings).
 * So the nearest floor setting wins as a whole: project, then folders from the nearest up, then the
 * organisation. Settings are not merged field by field, and a nearer floor setting whose
 * enforcement is off still takes precedence (the documentation makes no exception for it, and
 * treating the farther one as effective could report a pass that Google does not enforce).
 * A floor setting that sets nothing at all (no filter, integration or enforcement: what a
 * never-configured floor setting may read back as) states no requirement and is skipped.
 * The Vertex AI integration (`AI_PLATFORM`) can be set only on a project's floor setting
 * ("Model Armor integration with Vertex AI"), so in practice it comes from the project's own.
 *
 * Failed reads never turn into passes: when the floor setting of the project or of an ancestor
 * nearer than the first one found could not be read, or the ancestry itself is unknown and no
 * floor setting was found, the effective floor setting is unknown.
 */
import type { ScopeRef, Strength } from '../../src/model/common.ts';
import type { GcpAuditConfig, GcpFloorSetting, GcpProject, ModelArmorFilters } from '../../src/model/gcp.ts';
import type { ListingStatus, ResourceType } from '../../src/model/inventory.ts';
import type { RuleContext, Verdict } from '../../src/engine/rule.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import { nameOf, strengthAtLeast, strongest, weakest } from '../../src/model/common.ts';
import { modelArmorVocabulary } from '../../src/model/gcp.ts';
import { commonReasons, unreadableListings, verdictOn, type Outcome } from '../../src/engine/verdicts.ts';

// ---------------------------------------------------------------------------------------------
// Hierarchy

/** The scope a resource name (`projects/p`, `folders/f`, `organizations/o`) stands for. */
export function ownerScope(owner: string): ScopeRef {
  const slash = owner.indexOf('/');
  const kind = slash < 0 ? 'projects' : owner.slice(0, slash);
  const id = slash < 0 ? owner : owner.slice(slash + 1);
  if (kind === 'folders') return { provider: 'gcp', type: 'folder', id };
  if (kind === 'organizations') return { provider: 'gcp', type: 'organization', id };
  return { provider: 'gcp', type: 'project', id };
}

export function projectOwner(project: GcpProject): string {
  return `projects/${project.projectId}`;
}

export function projectLabel(project: GcpProject): string {
  return `Project ${project.projectId}`;
}

/** The owners whose settings reach a project, nearest first; `complete` is false when its ancestry is unknown. */
export function ownerChain(project: GcpProject): { owners: string[]; complete: boolean } {
  return { owners: [projectOwner(project), ...(project.ancestors ?? [])], complete: project.ancestors !== undefined };
}

/**
 * How the listing of `type` went for an owner (region null), matching the scope's type as well as
 * its id (a folder and an organisation may share a number).
 */
export function ownerListing(context: RuleContext, type: ResourceType, owner: string): ListingStatus | undefined {
  const scope = ownerScope(owner);
  return context.listingsIn(type, scope.id).find((entry) => entry.provider === 'gcp' && entry.region === null && entry.scope.type === scope.type)?.status;
}

/** Whether a floor setting or audit configuration belongs to `owner` (projects by id or number). */
function ownedBy(resource: { owner: string; scope: ScopeRef }, owner: string, project: GcpProject): boolean {
  if (resource.owner === owner) return true;
  const scope = ownerScope(owner);
  if (scope.type === 'project') {
    return (
      (project.projectNumber !== null && resource.owner === `projects/${project.projectNumber}`) ||
      (resource.scope.type === 'project' && resource.scope.id === project.projectId && resource.owner.startsWith('projects/'))
    );
  }
  return resource.scope.type === scope.type && resource.scope.id === scope.id;
}

type OwnedType = 'gcp.floor-setting' | 'gcp.audit-config';

interface OwnedIndex<R> {
  position: ReadonlyMap<R, number>;
  byOwner: ReadonlyMap<string, readonly R[]>;
  /** By scope type and id ({@link scopeKey}). */
  byScope: ReadonlyMap<string, readonly R[]>;
}

const scopeKey = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * The floor settings or audit configurations that belong to `owner` (see {@link ownedBy}), in
 * inventory order: looked up by owner name and by scope (indexed once per evaluation), not scanned.
 */
function ownedResources<R extends { owner: string; scope: ScopeRef }>(
  context: RuleContext,
  type: OwnedType,
  resources: readonly R[],
  owner: string,
  project: GcpProject,
): R[] {
  const { position, byOwner, byScope } = context.memo(`gcp/owned-index:${type}`, (): OwnedIndex<R> => {
    const index = { position: new Map<R, number>(), byOwner: new Map<string, R[]>(), byScope: new Map<string, R[]>() };
    const push = (map: Map<string, R[]>, key: string, entry: R) => {
      const list = map.get(key);
      if (list) list.push(entry);
      else map.set(key, [entry]);
    };
    resources.forEach((entry, at) => {
      index.position.set(entry, at);
      push(index.byOwner, entry.owner, entry);
      push(index.byScope, scopeKey(entry.scope.type, entry.scope.id), entry);
    });
    return index;
  });
  const scope = ownerScope(owner);
  const candidates = new Set(byOwner.get(owner) ?? []);
  const add = (entries: readonly R[] | undefined) => entries?.forEach((entry) => candidates.add(entry));
  if (scope.type === 'project') {
    if (project.projectNumber !== null) add(byOwner.get(`projects/${project.projectNumber}`));
    add(byScope.get(scopeKey('project', project.projectId)));
  } else add(byScope.get(scopeKey(scope.type, scope.id)));
  return [...candidates].filter((entry) => ownedBy(entry, owner, project)).sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

// ---------------------------------------------------------------------------------------------
// Vertex AI use

export type VertexUsage = 'used' | 'unused' | 'unknown';

export interface VertexUse {
  usage: VertexUsage;
  /** Why the project counts as using Vertex AI, or why that could not be decided. */
  evidence: string;
}

/**
 * Spec §6.3: a project uses Vertex AI when the Vertex AI API (aiplatform.googleapis.com) is enabled
 * or Vertex resources (endpoints) exist in it. Unknown when the API state could not be read and no
 * endpoint was found.
 */
export function vertexUse(context: RuleContext, project: GcpProject): VertexUse {
  if (project.vertexApiEnabled === true) return { usage: 'used', evidence: 'the Vertex AI API is enabled' };
  const endpoints = context.resourcesIn('gcp.vertex-endpoint', project.projectId).filter((entry) => entry.scope.type === 'project');
  if (endpoints.length > 0) return { usage: 'used', evidence: `${endpoints.length} Vertex AI endpoint${endpoints.length > 1 ? 's exist' : ' exists'}` };
  if (project.vertexApiEnabled === false) return { usage: 'unused', evidence: 'the Vertex AI API is not enabled' };
  return { usage: 'unknown', evidence: 'whether the Vertex AI API is enabled could not be read and no Vertex AI endpoint was found' };
}

/** The scanned projects with their Vertex AI use (derived once per evaluation: every caller shares the same list). */
export function projectUses(context: RuleContext): Array<{ project: GcpProject; use: VertexUse }> {
  return context.memo('gcp/project-uses', () => context.resources('gcp.project').map((project) => ({ project, use: vertexUse(context, project) })));
}

// ---------------------------------------------------------------------------------------------
// Effective floor setting

export type FloorResolution =
  | {
      status: 'found';
      floor: GcpFloorSetting;
      /** Floor settings farther up the hierarchy that the effective one takes precedence over. */
      overridden: GcpFloorSetting[];
    }
  | { status: 'none'; checked: string[] }
  | { status: 'unknown'; reason: string };

function floorOf(context: RuleContext, owner: string, project: GcpProject): GcpFloorSetting | undefined {
  return ownedResources(context, 'gcp.floor-setting', context.resources('gcp.floor-setting'), owner, project)[0];
}

/**
 * A floor setting that sets nothing: no filter, no integrated service, no Vertex AI setting and
 * enforcement not on (what a never-configured floor setting may read back as). It states no
 * requirement, so it cannot conflict with an ancestor's and does not take precedence over it.
 */
export function isUnconfigured(floor: GcpFloorSetting): boolean {
  const { filters } = floor;
  return (
    floor.unreadable === undefined &&
    floor.enforcementEnabled !== true &&
    filters.rai.length === 0 &&
    filters.promptInjection === null &&
    filters.maliciousUri === null &&
    filters.sensitiveData === null &&
    floor.integratedServices.length === 0 &&
    floor.aiPlatformMode === null
  );
}

/**
 * The floor setting in effect for a project: the nearest one in its hierarchy (see the module
 * comment). Resolved once per project and evaluation; callers share the result (do not modify it).
 */
export function effectiveFloorSetting(context: RuleContext, project: GcpProject): FloorResolution {
  const resolved = context.memo('gcp/effective-floor-settings', () => new Map<GcpProject, FloorResolution>());
  let resolution = resolved.get(project);
  if (resolution === undefined) {
    resolution = resolveFloorSetting(context, project);
    resolved.set(project, resolution);
  }
  return resolution;
}

function resolveFloorSetting(context: RuleContext, project: GcpProject): FloorResolution {
  const { owners, complete } = ownerChain(project);
  for (const [index, owner] of owners.entries()) {
    const found = floorOf(context, owner, project);
    const floor = found && !isUnconfigured(found) ? found : undefined;
    if (floor) {
      if (floor.unreadable !== undefined) return { status: 'unknown', reason: `the floor setting of ${owner} could not be read (${floor.unreadable})` };
      const overridden = owners
        .slice(index + 1)
        .flatMap((farther) => floorOf(context, farther, project) ?? [])
        .filter((other) => !isUnconfigured(other));
      return { status: 'found', floor, overridden };
    }
    const status = ownerListing(context, 'gcp.floor-setting', owner);
    if (status !== 'ok') return { status: 'unknown', reason: `the floor setting of ${owner} could not be read (${status ?? 'not read'})` };
  }
  if (!complete)
    return {
      status: 'unknown',
      reason: `the folders and organisation above the project could not be read, so a floor setting there cannot be ruled out (checked ${owners.join(', ')})`,
    };
  return { status: 'none', checked: owners };
}

/** "the project's own floor setting" / "the floor setting of folders/111 (folder level)". */
export function floorLabel(floor: GcpFloorSetting): string {
  return floor.level === 'project' ? `its own floor setting (${floor.owner})` : `the ${floor.level}-level floor setting of ${floor.owner}`;
}

/** The Vertex AI integration as configured on a floor setting (gcloud writes the service as VERTEX_AI). */
export function integratesVertex(floor: GcpFloorSetting): boolean {
  return floor.integratedServices.some((service) => service === 'AI_PLATFORM' || service === 'VERTEX_AI');
}

export function observedFloor(floor: GcpFloorSetting) {
  return {
    floorSetting: floor.id,
    level: floor.level,
    enableFloorSettingEnforcement: floor.enforcementEnabled,
    integratedServices: floor.integratedServices,
    aiPlatformFloorSetting: floor.aiPlatformMode === null ? null : { mode: floor.aiPlatformMode, enableCloudLogging: floor.aiPlatformCloudLogging },
  };
}

// ---------------------------------------------------------------------------------------------
// Data-access audit logs

export const vertexService = 'aiplatform.googleapis.com';
export const dataLogTypes = ['DATA_READ', 'DATA_WRITE'] as const;

export interface AuditCoverage {
  /** For each data log type, the owners (and service entry) that turn it on for Vertex AI. */
  granted: Record<(typeof dataLogTypes)[number], string[]>;
  /** Parts of the hierarchy whose audit configuration could not be read. */
  gaps: string[];
}

function auditConfigsOf(context: RuleContext, owner: string, project: GcpProject): GcpAuditConfig[] {
  return ownedResources(context, 'gcp.audit-config', context.resources('gcp.audit-config'), owner, project);
}

/**
 * The Vertex AI data-access logs in effect for a project: the union of the audit configurations
 * of the project's IAM policy and of every ancestor's (audit configs are inherited and additive),
 * counting entries for `aiplatform.googleapis.com` and for `allServices`.
 */
export function vertexAuditCoverage(context: RuleContext, project: GcpProject): AuditCoverage {
  const { owners, complete } = ownerChain(project);
  const granted: AuditCoverage['granted'] = { DATA_READ: [], DATA_WRITE: [] };
  const gaps: string[] = [];
  for (const owner of owners) {
    const configs = auditConfigsOf(context, owner, project);
    const unreadable = configs.filter((entry) => entry.unreadable !== undefined);
    if (unreadable.length > 0) gaps.push(`${owner} (${unreadable.map((entry) => entry.unreadable).join('; ')})`);
    else if (configs.length === 0) {
      const status = ownerListing(context, 'gcp.audit-config', owner);
      if (status !== 'ok') gaps.push(`${owner} (${status ?? 'not read'})`);
    }
    for (const config of configs) {
      for (const entry of config.services) {
        if (entry.service !== vertexService && entry.service !== 'allServices') continue;
        for (const logType of dataLogTypes) {
          if (entry.logTypes.includes(logType)) granted[logType].push(`${owner} (${entry.service})`);
        }
      }
    }
  }
  if (!complete) gaps.push('the folders and organisation above the project (ancestry unreadable)');
  return { granted, gaps };
}

// ---------------------------------------------------------------------------------------------
// Running checks

export type { Outcome } from '../../src/engine/verdicts.ts';

function toVerdict(project: GcpProject, outcome: Outcome): Verdict {
  const { status, reason, message, ...details } = outcome;
  return verdictOn(project, status, reason, message, details);
}

/**
 * One `unknown` per project whose read failed and that has no project resource at all (a project
 * resource marked unreadable is judged from the fields that could be read, and reports its gaps).
 */
export function unreadableProjects(context: RuleContext): Verdict[] {
  const known = new Set(context.resources('gcp.project').map((project) => project.projectId));
  return unreadableListings(context, 'gcp.project', 'the project').filter((verdict) => !(verdict.scope.type === 'project' && known.has(verdict.scope.id)));
}

/** Runs a check on every scanned project, plus one `unknown` per project that could not be read. */
export function checkProjects(context: RuleContext, judge: (project: GcpProject) => Outcome): Verdict[] {
  return [...context.resources('gcp.project').map((project) => toVerdict(project, judge(project))), ...unreadableProjects(context)];
}

/**
 * Runs a check on every project that uses Vertex AI (judge may return null: nothing to judge).
 * Projects that do not use it get no verdict; where use is unknown a failing check becomes
 * `unknown`, since the project might not need the control.
 */
export function checkVertexProjects(context: RuleContext, judge: (project: GcpProject, use: VertexUse) => Outcome | null): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const { project, use } of projectUses(context)) {
    if (use.usage === 'unused') continue;
    const outcome = judge(project, use);
    if (!outcome) continue;
    if (use.usage === 'unknown' && outcome.status === 'fail') {
      verdicts.push(
        toVerdict(project, {
          ...outcome,
          status: 'unknown',
          reason: commonReasons.usageUndecided,
          message: `${outcome.message} Whether ${project.projectId} uses Vertex AI could not be decided: ${use.evidence}.`,
        }),
      );
    } else verdicts.push(toVerdict(project, outcome));
  }
  return [...verdicts, ...unreadableProjects(context)];
}

// ---------------------------------------------------------------------------------------------
// Model Armor filters

/** The RAI filters Model Armor offers (it has no violence or self-harm filter), with their neutral categories. */
export const raiFilterCategories = Object.entries(modelArmorVocabulary.categories) as ReadonlyArray<
  readonly [keyof typeof modelArmorVocabulary.categories, (typeof modelArmorVocabulary.categories)[keyof typeof modelArmorVocabulary.categories]]
>;

/** A neutral strength written as a Model Armor confidence level (low → HIGH, high → LOW_AND_ABOVE). */
export function confidenceLevel(strength: Strength): string {
  return nameOf(modelArmorVocabulary.confidence, strength) ?? 'off';
}

/**
 * The strength a Model Armor RAI filter must reach. One filter configuration screens both prompts
 * and responses (floor settings for Vertex AI screen both; a template may be used for either), so
 * it must meet the stricter of the baseline's input and output strengths.
 */
export function raiRequirement(baseline: Baseline): Strength {
  return strongest([baseline.harmCategories.input, baseline.harmCategories.output]);
}

/** The weakest strength configured for a RAI filter type, or undefined when it is absent. */
export function raiStrength(filters: ModelArmorFilters, filterType: string, category: string): Strength | undefined {
  const entries = filters.rai.filter((entry) => entry.filterType === filterType || entry.category === category);
  return entries.length === 0 ? undefined : weakest(entries.map((entry) => entry.strength));
}

/** The neutral strength of prompt-injection and jailbreak detection (off when absent or disabled). */
export function promptInjectionStrength(filters: ModelArmorFilters): Strength {
  return filters.promptInjection?.enabled ? filters.promptInjection.strength : 'off';
}

/**
 * Shortfalls of a Model Armor filter configuration against the baseline: the four RAI filters at
 * the harm-category strength, prompt-injection and jailbreak detection enabled at the prompt-attack
 * strength, malicious-URI detection enabled. An absent setting is off (the API omits unset filters).
 */
export function assessModelArmorFilters(filters: ModelArmorFilters, baseline: Baseline): string[] {
  const problems: string[] = [];
  const required = raiRequirement(baseline);
  for (const [filterType, category] of raiFilterCategories) {
    const strength = raiStrength(filters, filterType, category);
    if (strength === undefined) problems.push(`${filterType} filter is not configured`);
    else if (!strengthAtLeast(strength, required))
      problems.push(`${filterType} confidence level is ${confidenceLevel(strength)}, weaker than ${confidenceLevel(required)}`);
  }
  const injection = filters.promptInjection;
  if (injection === null) problems.push('prompt-injection and jailbreak detection is not configured');
  else if (!injection.enabled) problems.push('prompt-injection and jailbreak detection is disabled');
  else if (!strengthAtLeast(injection.strength, baseline.promptAttack)) {
    problems.push(
      `prompt-injection and jailbreak confidence level is ${confidenceLevel(injection.strength)}, weaker than ${confidenceLevel(baseline.promptAttack)}`,
    );
  }
  if (filters.maliciousUri === null) problems.push('malicious-URI detection is not configured');
  else if (!filters.maliciousUri) problems.push('malicious-URI detection is disabled');
  return problems;
}

/** The observed filters, with confidence levels as Model Armor writes them. */
export function observedModelArmorFilters(filters: ModelArmorFilters) {
  return {
    raiFilters: Object.fromEntries(
      raiFilterCategories.map(([filterType, category]) => {
        const strength = raiStrength(filters, filterType, category);
        return [filterType, strength === undefined ? null : confidenceLevel(strength)];
      }),
    ),
    piAndJailbreak:
      filters.promptInjection === null
        ? null
        : { enabled: filters.promptInjection.enabled, confidenceLevel: confidenceLevel(filters.promptInjection.strength) },
    maliciousUri: filters.maliciousUri,
  };
}

export function expectedModelArmorFilters(baseline: Baseline) {
  const required = confidenceLevel(raiRequirement(baseline));
  return {
    raiFilters: Object.fromEntries(raiFilterCategories.map(([filterType]) => [filterType, `${required} or stricter`])),
    piAndJailbreak: { enabled: true, confidenceLevel: `${confidenceLevel(baseline.promptAttack)} or stricter` },
    maliciousUri: true,
  };
}

/** "HATE_SPEECH, HARASSMENT, SEXUALLY_EXPLICIT and DANGEROUS at MEDIUM_AND_ABOVE or stricter, …" */
export function filtersSummary(baseline: Baseline): string {
  return `RAI filters ${raiFilterCategories.map(([type]) => type).join(', ')} at ${confidenceLevel(raiRequirement(baseline))} or stricter, prompt-injection and jailbreak detection at ${confidenceLevel(baseline.promptAttack)} or stricter, and malicious-URI detection`;
}
