import { z } from 'zod';
import { StrengthSchema, lookUp, oneOf, resourceBase, type HarmCategory, type Strength } from './common.ts';

/**
 * Azure resources. Scope is the subscription; `region` is the resource's location (null for
 * subscription-wide resources). Children that could not be listed are named in `readErrors`
 * of their parent (e.g. `{ deployments: 'AuthorizationFailed: …' }`), so rules report them as
 * unknown instead of treating them as absent.
 */

export const AzureContentFilterSchema = z.object({
  /** As the API writes it (`Hate`, `Selfharm`, `Jailbreak`, `Indirect Attack`, `Protected Material Text`, …). */
  name: z.string(),
  source: z.enum(['Prompt', 'Completion']).nullable(),
  enabled: z.boolean().nullable(),
  blocking: z.boolean().nullable(),
  severityThreshold: z.enum(['Low', 'Medium', 'High']).nullable(),
  /** Neutral strength: High→low, Medium→medium, Low→high; off when not enabled or not blocking. */
  strength: StrengthSchema,
});
export type AzureContentFilter = z.infer<typeof AzureContentFilterSchema>;

/**
 * Azure OpenAI content filters on the neutral scale (spec §6): the one table used by the
 * collector, the IaC readers, the rules and the tests. Source: Azure OpenAI content filtering
 * (RAI policy contentFilters: name Hate | Sexual | Violence | Selfharm with severityThreshold
 * Low | Medium | High — the threshold from which content is blocked, so Low blocks the most —
 * and the level-less Jailbreak (Prompt Shields); source Prompt | Completion).
 */
export const azureContentFilterVocabulary = {
  categories: { Hate: 'hate', Sexual: 'sexual', Violence: 'violence', Selfharm: 'self-harm', Jailbreak: 'prompt-attack' },
  thresholds: { High: 'low', Medium: 'medium', Low: 'high' },
  sources: { Prompt: 'input', Completion: 'output' },
} as const satisfies {
  categories: Record<string, HarmCategory>;
  thresholds: Record<string, Strength>;
  sources: Record<string, 'input' | 'output'>;
};

/** The harm-category filters (with severity levels) every policy in use must block. */
export const azureHarmFilters = ['Hate', 'Sexual', 'Violence', 'Selfharm'] as const satisfies ReadonlyArray<
  keyof typeof azureContentFilterVocabulary.categories
>;

/**
 * One RAI content filter on the neutral scale (spec §6), shared by the live collector and the IaC
 * readers: High→low, Medium→medium, Low→high; a filter not enabled or not blocking is off; a filter
 * without levels (Jailbreak, Protected Material) that is on and blocking is at full strength.
 */
export function azureContentFilter(filter: {
  name?: string | null;
  source?: string | null;
  enabled?: boolean | null;
  blocking?: boolean | null;
  severityThreshold?: string | null;
}): AzureContentFilter {
  const thresholds = azureContentFilterVocabulary.thresholds;
  const threshold = lookUp(thresholds, filter.severityThreshold) !== undefined ? (filter.severityThreshold as keyof typeof thresholds) : null;
  const on = filter.enabled !== false && filter.blocking !== false;
  return {
    name: filter.name ?? '',
    source: oneOf(['Prompt', 'Completion'] as const, filter.source) ?? null,
    enabled: filter.enabled ?? null,
    blocking: filter.blocking ?? null,
    severityThreshold: threshold,
    strength: !on ? 'off' : threshold ? thresholds[threshold] : 'high',
  };
}

/** The policy Azure applies to a deployment that names no RAI policy (current models). */
export const azureDefaultPolicyName = 'Microsoft.DefaultV2';

/** Built-in policies are `Microsoft.*` (`Microsoft.Default`, `Microsoft.DefaultV2`, `Microsoft.Nil`, …). */
export function isAzureBuiltInPolicyName(name: string): boolean {
  return /^Microsoft\./i.test(name.trim());
}

type DocumentedFilter = Parameters<typeof azureContentFilter>[0];
const documentedHarmFilters: DocumentedFilter[] = azureHarmFilters.flatMap((name) => [
  { name, source: 'Prompt', enabled: true, blocking: true, severityThreshold: 'Medium' },
  { name, source: 'Completion', enabled: true, blocking: true, severityThreshold: 'Medium' },
]);

/**
 * Microsoft's built-in content-filter policies, as documented ("Default content safety
 * policies", Azure AI Foundry / Azure OpenAI documentation): the four harm categories at
 * severity threshold Medium on prompts and completions, blocking; `Microsoft.DefaultV2` adds
 * Prompt Shields for jailbreak attacks and protected-material detection (text blocking, code
 * annotated only). The one table used by the live collector (when an account's policy listing
 * omits the built-in a deployment runs on) and the IaC readers (a template never declares the
 * built-ins its deployments run on); policies built from it are marked `documentedDefault`.
 */
export const azureDocumentedDefaultPolicies: Readonly<Record<string, readonly DocumentedFilter[]>> = {
  'Microsoft.Default': documentedHarmFilters,
  'Microsoft.DefaultV2': [
    ...documentedHarmFilters,
    { name: 'Jailbreak', source: 'Prompt', enabled: true, blocking: true },
    { name: 'Protected Material Text', source: 'Completion', enabled: true, blocking: true },
    { name: 'Protected Material Code', source: 'Completion', enabled: true, blocking: false },
  ],
};

/**
 * A documented built-in policy by name (matched ignoring case): its canonical name and its filters
 * on the neutral scale; undefined for a name the documentation does not describe (`Microsoft.Nil`, …).
 */
export function azureDocumentedDefaultPolicy(name: string): { name: string; contentFilters: AzureContentFilter[] } | undefined {
  const wanted = name.trim().toLowerCase();
  const key = Object.keys(azureDocumentedDefaultPolicies).find((candidate) => candidate.toLowerCase() === wanted);
  if (key === undefined) return undefined;
  return { name: key, contentFilters: (azureDocumentedDefaultPolicies[key] ?? []).map(azureContentFilter) };
}

/**
 * The settings of an account a file only references (ARM `existing`, a Terraform `data` source):
 * none is known, so every rule on them is unknown — the one shape both IaC readers use.
 */
export const referencedAccountSettings = {
  publicNetworkAccess: null,
  networkAclsDefaultAction: null,
  disableLocalAuth: null,
  identityType: null,
  encryptionKeySource: null,
  restrictOutboundNetworkAccess: null,
  allowedFqdnList: [],
  readErrors: {},
  referenceOnly: true,
} as const;

export const AzureAccountSchema = z.object({
  ...resourceBase,
  type: z.literal('azure.cognitive-account'),
  /** `OpenAI`, `AIServices`, …; '' when it cannot be known before deployment (an IaC expression, a resource the file only references). */
  kind: z.string(),
  resourceGroup: z.string(),
  publicNetworkAccess: z.string().nullable(),
  networkAclsDefaultAction: z.string().nullable(),
  disableLocalAuth: z.boolean().nullable(),
  /** `None`, `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`, or null when absent. */
  identityType: z.string().nullable(),
  encryptionKeySource: z.string().nullable(),
  restrictOutboundNetworkAccess: z.boolean().nullable(),
  allowedFqdnList: z.array(z.string()),
  /** Per-account Defender for AI setting (`Enabled`/`Disabled`); null when none exists, undefined when unreadable. */
  defenderForAiState: z.string().nullable().optional(),
  /** Names of the account's custom blocklists; undefined when they could not be listed. */
  blocklistNames: z.array(z.string()).optional(),
  /** Children whose listing failed, keyed by what was being read (`metrics`: the Azure Monitor metrics read). */
  readErrors: z.record(z.string(), z.string()),
  /**
   * The metrics window over which the account's Azure Monitor metrics were read (one
   * `Metrics_List` call, series emitted as `metric.series`); undefined when they were not read
   * (no window, or the read failed: see `readErrors.metrics`).
   */
  metricsReadOver: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type AzureAccount = z.infer<typeof AzureAccountSchema>;

export const AzureDeploymentSchema = z.object({
  ...resourceBase,
  type: z.literal('azure.deployment'),
  accountId: z.string(),
  modelName: z.string().nullable(),
  modelVersion: z.string().nullable(),
  /** null when the deployment names no RAI policy (Microsoft's default applies). */
  raiPolicyName: z.string().nullable(),
  /** The model's format (`OpenAI`, `Microsoft`, `Meta`, …) as Deployments_List reports it; undefined where the source does not say (IaC). */
  modelFormat: z.string().nullable().optional(),
  /** The deployment SKU (`Standard`, `GlobalStandard`, `ProvisionedManaged`, …) and its capacity (TPM units or PTUs). */
  skuName: z.string().nullable().optional(),
  skuCapacity: z.number().nullable().optional(),
});
export type AzureDeployment = z.infer<typeof AzureDeploymentSchema>;

export const AzureRaiPolicySchema = z.object({
  ...resourceBase,
  type: z.literal('azure.rai-policy'),
  accountId: z.string(),
  /** `UserManaged` or `SystemManaged` (Microsoft.* built-ins). */
  policyType: z.string().nullable(),
  mode: z.string().nullable(),
  basePolicyName: z.string().nullable(),
  contentFilters: z.array(AzureContentFilterSchema),
  customBlocklistCount: z.number().int(),
  /** true for a built-in policy whose filters come from Microsoft's documentation, not an API read. */
  documentedDefault: z.boolean(),
});
export type AzureRaiPolicy = z.infer<typeof AzureRaiPolicySchema>;

export const AzureDiagnosticSettingSchema = z.object({
  ...resourceBase,
  type: z.literal('azure.diagnostic-setting'),
  /** ARM id of the resource the setting belongs to. */
  targetId: z.string(),
  workspaceId: z.string().nullable(),
  eventHubAuthorizationRuleId: z.string().nullable(),
  storageAccountId: z.string().nullable(),
  logs: z.array(z.object({ category: z.string().nullable(), categoryGroup: z.string().nullable(), enabled: z.boolean() })),
});
export type AzureDiagnosticSetting = z.infer<typeof AzureDiagnosticSettingSchema>;

export const AzureMetricAlertSchema = z.object({
  ...resourceBase,
  type: z.literal('azure.metric-alert'),
  enabled: z.boolean(),
  /** ARM ids (or id prefixes) the alert watches. */
  scopes: z.array(z.string()),
  metricNames: z.array(z.string()),
  actionCount: z.number().int(),
});
export type AzureMetricAlert = z.infer<typeof AzureMetricAlertSchema>;

export const AzureAiControlSchema = z.enum(['local-auth', 'network', 'diagnostics', 'content-filtering', 'cmk', 'managed-identity', 'defender']);
export type AzureAiControl = z.infer<typeof AzureAiControlSchema>;

/** A policy assignment in force on the subscription, with the AI controls its definitions govern. */
export const AzurePolicyAssignmentSchema = z.object({
  ...resourceBase,
  type: z.literal('azure.policy-assignment'),
  /** The assignment's own scope (subscription, management group, resource group). */
  assignmentScope: z.string(),
  policyDefinitionId: z.string(),
  enforcementMode: z.string(),
  /** Each governed AI control with the effect the assignment applies (e.g. Audit, Deny, Modify, DeployIfNotExists). */
  controls: z.array(z.object({ control: AzureAiControlSchema, effect: z.string().nullable(), definitionId: z.string() })),
  /** Definitions that could not be read, so their controls are unknown. */
  unreadableDefinitions: z.array(z.string()),
});
export type AzurePolicyAssignment = z.infer<typeof AzurePolicyAssignmentSchema>;

/** Defender for Cloud's AI threat-protection plan for the subscription. */
export const AzureDefenderPlanSchema = z.object({
  ...resourceBase,
  type: z.literal('azure.defender-ai-plan'),
  pricingTier: z.string().nullable(),
});
export type AzureDefenderPlan = z.infer<typeof AzureDefenderPlanSchema>;

export const AzureResourceSchema = z.discriminatedUnion('type', [
  AzureAccountSchema,
  AzureDeploymentSchema,
  AzureRaiPolicySchema,
  AzureDiagnosticSettingSchema,
  AzureMetricAlertSchema,
  AzurePolicyAssignmentSchema,
  AzureDefenderPlanSchema,
]);
export type AzureResource = z.infer<typeof AzureResourceSchema>;

/**
 * Azure Monitor metrics of Microsoft.CognitiveServices/accounts read over the metrics window
 * (spec §12), by their REST API names: the one table used by the collector, the rules and the
 * tests. Source: "Supported metrics for Microsoft.CognitiveServices/accounts"
 * (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cognitiveservices-accounts-metrics):
 * - AzureOpenAIRequests ("Azure OpenAI Requests", category Azure OpenAI - HTTP Requests) and
 *   ModelRequests ("Model Requests", category Models - HTTP Requests): calls to a deployment,
 *   Total (Sum), both with the ModelDeploymentName dimension. OpenAI models count in the first,
 *   Foundry models on AI Services accounts in the second; a deployment's requests are the larger
 *   of the two, so a call counted by both is never counted twice.
 * - RAIRejectedRequests ("Blocked Volume"), RAIHarmfulRequests ("Harmful Volume Detected") and
 *   RAIAbusiveUsersCount ("Potentially Abusive User Count"), category ContentSafety -
 *   Risks&Safety, Total (Sum), each with the ModelDeploymentName dimension.
 * All five are read in ONE Metrics_List call per account (metricnames accepts up to 20 names),
 * split by ModelDeploymentName.
 */
export const azureUsageMetrics = {
  namespace: 'Microsoft.CognitiveServices/accounts',
  aggregation: 'Total',
  /** The dimension that splits every series by deployment. */
  deploymentDimension: 'ModelDeploymentName',
  /** Azure Monitor's own dimension for the resource a series belongs to (used to tie a series to its account). */
  resourceDimension: 'Microsoft.ResourceId',
  requests: ['AzureOpenAIRequests', 'ModelRequests'],
  rejected: 'RAIRejectedRequests',
  harmful: 'RAIHarmfulRequests',
  abusiveUsers: 'RAIAbusiveUsersCount',
} as const;

/** Every metric name read, in the order the Metrics_List call asks for them. */
export const azureUsageMetricNames: readonly string[] = [
  ...azureUsageMetrics.requests,
  azureUsageMetrics.rejected,
  azureUsageMetrics.harmful,
  azureUsageMetrics.abusiveUsers,
];
