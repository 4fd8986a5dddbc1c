/**
 * The Azure part of a fake-cloud estate file: one Microsoft Entra tenant with its subscriptions,
 * as Azure Resource Manager (ARM) shows them to the fake cloud.
 *
 * Resources are written in their ARM wire shape (what `GET …?api-version=…` returns, with the
 * `properties` envelope, before any SDK flattening), so REST-spec examples and real responses
 * paste in: an account is an `Accounts_Get` body, a deployment a `Deployments_Get` body, a
 * diagnostic setting a `DiagnosticSettings_Get` body, a policy assignment a
 * `PolicyAssignments_Get` body, and so on. Member names follow the REST specs and the SDKs'
 * models (`@azure/arm-cognitiveservices` 8.1.0 mappers, `@azure/arm-monitor` 8.0.0,
 * `@azure/arm-policy` 7.0.1, `@azure/arm-security` 5.0.0, `@azure/arm-resources-subscriptions`
 * 3.0.0), plus the few members newer API versions add (`deploymentState`, `serviceTier`, the
 * 2024-01-01 pricing members).
 *
 * Identity rules: a resource that lives in a resource group at the top of a list (Cognitive
 * Services account, metric alert) is written with its full ARM `id` (the resource group comes
 * from it); child resources (deployments, RAI policies, blocklists, Defender for AI settings,
 * diagnostic settings) and policy assignments are written with their `name` and get their `id`
 * derived (an `id` that is given must equal the derived one). The fake cloud fills read-only
 * members (`type`, `provisioningState`, account `endpoint`, …) that an estate leaves out, but
 * never a security setting: an account without `disableLocalAuth` is served without it.
 *
 * Objects are strict so that a misspelt key fails loudly; only deep blobs the scanner does not
 * read (call-rate limits, policy rules, resource selectors, …) are free-form.
 */
import { z } from 'zod';
import { bodyFaultSchema } from './body-faults.ts';
import { isTransportFault, transportFaultFields } from './transport-faults.ts';
import { throttlingFields } from './throttling.ts';

// ---------------------------------------------------------------------------------------------
// Scalars

const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const guid = z.string().regex(guidPattern, 'expected a GUID such as 00000000-0000-0000-0000-000000000001');

const str = z.string();
const bool = z.boolean();
const num = z.number();
const strings = z.array(z.string());
/** Free-form configuration the fake cloud passes through untouched. */
const blob = z.record(z.string(), z.unknown());
const tags = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
/** ARM "True"/"False" strings (pricing `enforce`, extension `isEnabled`); YAML's bare True/False booleans are accepted. */
const trueFalse = z.union([z.enum(['True', 'False']), z.boolean().transform((value): 'True' | 'False' => (value ? 'True' : 'False'))]);

const systemDataSchema = z.strictObject({
  createdBy: str.optional(),
  createdByType: str.optional(),
  createdAt: str.optional(),
  lastModifiedBy: str.optional(),
  lastModifiedByType: str.optional(),
  lastModifiedAt: str.optional(),
});

const list = <T extends z.ZodType>(item: T) => z.array(item).default(() => []);

// ---------------------------------------------------------------------------------------------
// ARM resource ids

const segment = '([^/]+)';
/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}` */
export const accountIdPattern = new RegExp(
  `^/subscriptions/${segment}/resourceGroups/${segment}/providers/Microsoft\\.CognitiveServices/accounts/${segment}$`,
  'i',
);
/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Insights/metricAlerts/{name}` */
export const metricAlertIdPattern = new RegExp(
  `^/subscriptions/${segment}/resourceGroups/${segment}/providers/Microsoft\\.Insights/metricAlerts/${segment}$`,
  'i',
);
const builtInDefinitionPattern = (kind: string) => new RegExp(`^/providers/Microsoft\\.Authorization/${kind}/${segment}$`, 'i');
const subscriptionDefinitionPattern = (kind: string) => new RegExp(`^/subscriptions/${segment}/providers/Microsoft\\.Authorization/${kind}/${segment}$`, 'i');
const managementGroupDefinitionPattern = (kind: string) =>
  new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${segment}/providers/Microsoft\\.Authorization/${kind}/${segment}$`, 'i');

/** Where a policy (set) definition lives, from its id. */
export type DefinitionScope =
  | { kind: 'builtIn'; name: string }
  | { kind: 'subscription'; subscriptionId: string; name: string }
  | { kind: 'managementGroup'; managementGroup: string; name: string };

export function definitionScopeOf(id: string, kind: 'policyDefinitions' | 'policySetDefinitions'): DefinitionScope | undefined {
  let match = builtInDefinitionPattern(kind).exec(id);
  if (match !== null) return { kind: 'builtIn', name: match[1] ?? '' };
  match = subscriptionDefinitionPattern(kind).exec(id);
  if (match !== null) return { kind: 'subscription', subscriptionId: (match[1] ?? '').toLowerCase(), name: match[2] ?? '' };
  match = managementGroupDefinitionPattern(kind).exec(id);
  if (match !== null) return { kind: 'managementGroup', managementGroup: match[1] ?? '', name: match[2] ?? '' };
  return undefined;
}

export function managementGroupScope(name: string): string {
  return `/providers/Microsoft.Management/managementGroups/${name}`;
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

// ---------------------------------------------------------------------------------------------
// Microsoft.CognitiveServices/accounts (Account)

export const accountSkuSchema = z.strictObject({ name: str, tier: str.optional(), size: str.optional(), family: str.optional(), capacity: num.optional() });

export const identityTypes = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'] as const;
export const accountIdentitySchema = z.strictObject({
  type: z.enum(identityTypes),
  principalId: str.optional(),
  tenantId: str.optional(),
  userAssignedIdentities: z.record(z.string(), z.strictObject({ principalId: str.optional(), clientId: str.optional() })).optional(),
});

export const networkAclsSchema = z.strictObject({
  defaultAction: z.enum(['Allow', 'Deny']).optional(),
  bypass: z.enum(['None', 'AzureServices']).optional(),
  ipRules: z.array(z.strictObject({ value: str })).optional(),
  virtualNetworkRules: z.array(z.strictObject({ id: str, state: str.optional(), ignoreMissingVnetServiceEndpoint: bool.optional() })).optional(),
});

export const encryptionKeySources = ['Microsoft.CognitiveServices', 'Microsoft.KeyVault'] as const;
export const encryptionSchema = z.strictObject({
  keySource: z.enum(encryptionKeySources).optional(),
  keyVaultProperties: z
    .strictObject({ keyName: str.optional(), keyVersion: str.optional(), keyVaultUri: str.optional(), identityClientId: str.optional() })
    .optional(),
});

export const accountPropertiesSchema = z.strictObject({
  /** Defaults to Succeeded. */
  provisioningState: str.optional(),
  /** Defaults to https://{customSubDomainName}.openai.azure.com/ (OpenAI), …cognitiveservices.azure.com/ (others). */
  endpoint: str.optional(),
  endpoints: z.record(z.string(), z.string()).optional(),
  internalId: str.optional(),
  dateCreated: str.optional(),
  capabilities: z.array(z.strictObject({ name: str, value: str.optional() })).optional(),
  isMigrated: bool.optional(),
  migrationToken: str.optional(),
  skuChangeInfo: blob.optional(),
  customSubDomainName: str.optional(),
  networkAcls: networkAclsSchema.optional(),
  encryption: encryptionSchema.optional(),
  userOwnedStorage: z.array(z.strictObject({ resourceId: str.optional(), identityClientId: str.optional() })).optional(),
  amlWorkspace: blob.optional(),
  privateEndpointConnections: z.array(blob).optional(),
  publicNetworkAccess: z.enum(['Enabled', 'Disabled']).optional(),
  apiProperties: blob.optional(),
  callRateLimit: blob.optional(),
  dynamicThrottlingEnabled: bool.optional(),
  storedCompletionsDisabled: bool.optional(),
  quotaLimit: blob.optional(),
  restrictOutboundNetworkAccess: bool.optional(),
  allowedFqdnList: strings.optional(),
  disableLocalAuth: bool.optional(),
  restore: bool.optional(),
  deletionDate: str.optional(),
  scheduledPurgeDate: str.optional(),
  locations: blob.optional(),
  commitmentPlanAssociations: z.array(blob).optional(),
  abusePenalty: blob.optional(),
  raiMonitorConfig: z.strictObject({ adxStorageResourceId: str.optional(), identityClientId: str.optional() }).optional(),
  networkInjections: z.array(z.strictObject({ scenario: str.optional(), subnetArmId: str.optional(), useMicrosoftManagedNetwork: bool.optional() })).optional(),
  allowProjectManagement: bool.optional(),
  defaultProject: str.optional(),
  associatedProjects: strings.optional(),
});

export const accountSchema = z.strictObject({
  /** Required: /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}. */
  id: str.regex(
    accountIdPattern,
    'expected /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/{name}',
  ),
  /** Defaults to the last segment of the id. */
  name: str.optional(),
  type: str.optional(),
  location: str,
  /** OpenAI, AIServices, ContentSafety, CognitiveServices, … */
  kind: str,
  sku: accountSkuSchema.optional(),
  identity: accountIdentitySchema.optional(),
  tags: tags.optional(),
  etag: str.optional(),
  systemData: systemDataSchema.optional(),
  properties: accountPropertiesSchema.prefault({}),
});
export type AzureAccount = z.output<typeof accountSchema>;

// ---------------------------------------------------------------------------------------------
// Deployments

export const deploymentSchema = z.strictObject({
  /** Defaults to {account id}/deployments/{name}. */
  id: str.optional(),
  name: str,
  type: str.optional(),
  /** Defaults to { name: Standard, capacity: 10 }. */
  sku: accountSkuSchema.optional(),
  tags: tags.optional(),
  etag: str.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    provisioningState: str.optional(),
    model: z
      .strictObject({
        publisher: str.optional(),
        format: str.optional(),
        name: str.optional(),
        version: str.optional(),
        source: str.optional(),
        sourceAccount: str.optional(),
        callRateLimit: blob.optional(),
      })
      .optional(),
    /** The content filter (RAI policy); omitted = the platform default. */
    raiPolicyName: str.optional(),
    versionUpgradeOption: str.optional(),
    scaleSettings: blob.optional(),
    capabilities: z.record(z.string(), z.string()).optional(),
    callRateLimit: blob.optional(),
    rateLimits: z.array(blob).optional(),
    dynamicThrottlingEnabled: bool.optional(),
    currentCapacity: num.optional(),
    capacitySettings: blob.optional(),
    parentDeploymentName: str.optional(),
    spilloverDeploymentName: str.optional(),
    /** Newer API versions (2025-12-01 example). */
    deploymentState: str.optional(),
    serviceTier: str.optional(),
  }),
});
export type AzureDeployment = z.output<typeof deploymentSchema>;

// ---------------------------------------------------------------------------------------------
// RAI (content filter) policies, blocklists, Defender for AI settings

export const raiPolicyModes = ['Default', 'Deferred', 'Blocking', 'Asynchronous_filter'] as const;
export const raiContentLevels = ['Low', 'Medium', 'High'] as const;
export const raiContentSources = ['Prompt', 'Completion'] as const;
export const raiPolicyTypes = ['UserManaged', 'SystemManaged'] as const;

export const raiContentFilterSchema = z.strictObject({
  /** Hate, Sexual, Violence, Selfharm, Jailbreak, Indirect Attack, Protected Material Text, Protected Material Code, Profanity, … */
  name: str,
  enabled: bool.optional(),
  severityThreshold: z.enum(raiContentLevels).optional(),
  blocking: bool.optional(),
  source: z.enum(raiContentSources).optional(),
});

export const raiPolicySchema = z.strictObject({
  /** Defaults to {account id}/raiPolicies/{name}. */
  id: str.optional(),
  name: str,
  type: str.optional(),
  etag: str.optional(),
  tags: tags.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    /** Defaults to UserManaged. */
    type: z.enum(raiPolicyTypes).optional(),
    mode: z.enum(raiPolicyModes).optional(),
    basePolicyName: str.optional(),
    contentFilters: z.array(raiContentFilterSchema).optional(),
    customBlocklists: z.array(z.strictObject({ blocklistName: str, blocking: bool.optional(), source: z.enum(raiContentSources).optional() })).optional(),
    customTopics: z.array(z.strictObject({ topicName: str, blocking: bool.optional(), source: z.enum(raiContentSources).optional() })).optional(),
  }),
});
export type AzureRaiPolicy = z.output<typeof raiPolicySchema>;

export const raiBlocklistSchema = z.strictObject({
  id: str.optional(),
  name: str,
  type: str.optional(),
  etag: str.optional(),
  tags: tags.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({ description: str.optional() }).prefault({}),
});
export type AzureRaiBlocklist = z.output<typeof raiBlocklistSchema>;

export const defenderForAISettingStates = ['Enabled', 'Disabled'] as const;
export const defenderForAISettingSchema = z.strictObject({
  id: str.optional(),
  /** The service names the one setting "Default". */
  name: str.default('Default'),
  type: str.optional(),
  etag: str.optional(),
  tags: tags.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({ state: z.enum(defenderForAISettingStates) }),
});
export type AzureDefenderForAISetting = z.output<typeof defenderForAISettingSchema>;

// ---------------------------------------------------------------------------------------------
// Microsoft.Insights: diagnostic settings, categories, metric alerts

const retentionPolicySchema = z.strictObject({ enabled: bool, days: z.number().int().nonnegative() });

export const diagnosticSettingSchema = z.strictObject({
  /** Defaults to {account id}/providers/microsoft.insights/diagnosticSettings/{name}. */
  id: str.optional(),
  name: str,
  type: str.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    storageAccountId: str.nullable().optional(),
    serviceBusRuleId: str.nullable().optional(),
    eventHubAuthorizationRuleId: str.nullable().optional(),
    eventHubName: str.nullable().optional(),
    workspaceId: str.nullable().optional(),
    marketplacePartnerId: str.nullable().optional(),
    logAnalyticsDestinationType: str.nullable().optional(),
    logs: z
      .array(
        z.strictObject({
          category: str.nullable().optional(),
          categoryGroup: str.nullable().optional(),
          enabled: bool,
          retentionPolicy: retentionPolicySchema.optional(),
        }),
      )
      .optional(),
    metrics: z
      .array(
        z.strictObject({
          category: str.nullable().optional(),
          timeGrain: str.nullable().optional(),
          enabled: bool,
          retentionPolicy: retentionPolicySchema.optional(),
        }),
      )
      .optional(),
  }),
});
export type AzureDiagnosticSetting = z.output<typeof diagnosticSettingSchema>;

export const diagnosticSettingsCategorySchema = z.strictObject({
  id: str.optional(),
  name: str,
  type: str.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({ categoryType: z.enum(['Logs', 'Metrics']), categoryGroups: strings.optional() }),
});
export type AzureDiagnosticSettingsCategory = z.output<typeof diagnosticSettingsCategorySchema>;

/**
 * The categories Azure Monitor lists for Microsoft.CognitiveServices/accounts (served by
 * DiagnosticSettingsCategory_List unless an account overrides them): every log category is in
 * `allLogs`, only Audit is in `audit`.
 */
export const cognitiveServicesDiagnosticCategories: readonly z.input<typeof diagnosticSettingsCategorySchema>[] = [
  { name: 'Audit', properties: { categoryType: 'Logs', categoryGroups: ['audit', 'allLogs'] } },
  { name: 'RequestResponse', properties: { categoryType: 'Logs', categoryGroups: ['allLogs'] } },
  { name: 'Trace', properties: { categoryType: 'Logs', categoryGroups: ['allLogs'] } },
  { name: 'AzureOpenAIRequestUsage', properties: { categoryType: 'Logs', categoryGroups: ['allLogs'] } },
  { name: 'AllMetrics', properties: { categoryType: 'Metrics' } },
];

export const metricAlertCriteriaTypes = [
  'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
  'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria',
  'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria',
  'Microsoft.Azure.Monitor.PromQLCriteria',
] as const;

const metricCriterionSchema = z.strictObject({
  criterionType: z.enum(['StaticThresholdCriterion', 'DynamicThresholdCriterion']).optional(),
  name: str,
  metricName: str,
  metricNamespace: str.optional(),
  timeAggregation: z.enum(['Average', 'Count', 'Minimum', 'Maximum', 'Total']),
  dimensions: z.array(z.strictObject({ name: str, operator: z.enum(['Include', 'Exclude']), values: strings })).optional(),
  skipMetricValidation: bool.optional(),
  operator: str.optional(),
  threshold: num.optional(),
  alertSensitivity: str.optional(),
  failingPeriods: z.strictObject({ numberOfEvaluationPeriods: num, minFailingPeriodsToAlert: num }).optional(),
  ignoreDataBefore: str.optional(),
});

export const metricAlertSchema = z.strictObject({
  /** Required: /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Insights/metricAlerts/{name}. */
  id: str.regex(
    metricAlertIdPattern,
    'expected /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Insights/metricAlerts/{name}',
  ),
  name: str.optional(),
  type: str.optional(),
  /** Defaults to global. */
  location: str.optional(),
  tags: tags.optional(),
  identity: blob.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    description: str.optional(),
    severity: z.number().int().min(0).max(4),
    enabled: bool,
    scopes: strings,
    evaluationFrequency: str,
    windowSize: str,
    targetResourceType: str.optional(),
    targetResourceRegion: str.optional(),
    criteria: z.strictObject({
      'odata.type': z.enum(metricAlertCriteriaTypes),
      allOf: z.array(metricCriterionSchema).optional(),
      webTestId: str.optional(),
      componentId: str.optional(),
      failedLocationCount: num.optional(),
    }),
    autoMitigate: bool.optional(),
    resolveConfiguration: blob.optional(),
    actions: z.array(z.strictObject({ actionGroupId: str, webHookProperties: z.record(z.string(), z.string()).optional() })).optional(),
    lastUpdatedTime: str.optional(),
    isMigrated: bool.optional(),
    customProperties: z.record(z.string(), z.string()).optional(),
    actionProperties: z.record(z.string(), z.string()).optional(),
  }),
});
export type AzureMetricAlert = z.output<typeof metricAlertSchema>;

// ---------------------------------------------------------------------------------------------
// Microsoft.Authorization: policy assignments, definitions, set definitions

const parameterValuesSchema = z.record(z.string(), z.strictObject({ value: z.unknown() }));
export const policyTypes = ['NotSpecified', 'BuiltIn', 'Custom', 'Static'] as const;
export const enforcementModes = ['Default', 'DoNotEnforce', 'Enroll'] as const;

export const policyAssignmentSchema = z.strictObject({
  /** Defaults to {scope}/providers/Microsoft.Authorization/policyAssignments/{name}. */
  id: str.optional(),
  name: str,
  type: str.optional(),
  location: str.optional(),
  identity: blob.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    displayName: str.optional(),
    /** /providers/Microsoft.Authorization/policyDefinitions/{guid}, a custom definition, or a policySetDefinitions id. */
    policyDefinitionId: str,
    definitionVersion: str.optional(),
    latestDefinitionVersion: str.optional(),
    effectiveDefinitionVersion: str.optional(),
    /**
     * Where the assignment is made. Defaults to the subscription (or management group) the
     * assignment is listed under; a resource-group scope inside the subscription is allowed.
     */
    scope: str.optional(),
    notScopes: strings.optional(),
    parameters: parameterValuesSchema.optional(),
    description: str.optional(),
    metadata: blob.optional(),
    /** Defaults to Default. */
    enforcementMode: z.enum(enforcementModes).optional(),
    nonComplianceMessages: z.array(z.strictObject({ message: str, policyDefinitionReferenceId: str.optional() })).optional(),
    resourceSelectors: z.array(blob).optional(),
    overrides: z.array(blob).optional(),
    assignmentType: str.optional(),
    instanceId: str.optional(),
  }),
});
export type AzurePolicyAssignment = z.output<typeof policyAssignmentSchema>;

const definitionId = (kind: 'policyDefinitions' | 'policySetDefinitions') =>
  str.refine((id) => definitionScopeOf(id, kind) !== undefined, {
    message: `expected /providers/Microsoft.Authorization/${kind}/{name}, /subscriptions/{id}/providers/Microsoft.Authorization/${kind}/{name} or /providers/Microsoft.Management/managementGroups/{id}/providers/Microsoft.Authorization/${kind}/{name}`,
  });

export const policyDefinitionSchema = z.strictObject({
  /** Defaults to the built-in id for policyType BuiltIn/Static; required for custom definitions (it names their scope). */
  id: definitionId('policyDefinitions').optional(),
  name: str,
  type: str.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    policyType: z.enum(policyTypes).optional(),
    mode: str.optional(),
    displayName: str.optional(),
    description: str.optional(),
    policyRule: blob.optional(),
    metadata: blob.optional(),
    parameters: z.record(z.string(), blob).optional(),
    version: str.optional(),
    versions: strings.optional(),
    externalEvaluationEnforcementSettings: blob.optional(),
  }),
});
export type AzurePolicyDefinition = z.output<typeof policyDefinitionSchema>;

export const policySetDefinitionSchema = z.strictObject({
  id: definitionId('policySetDefinitions').optional(),
  name: str,
  type: str.optional(),
  systemData: systemDataSchema.optional(),
  properties: z.strictObject({
    policyType: z.enum(policyTypes).optional(),
    displayName: str.optional(),
    description: str.optional(),
    metadata: blob.optional(),
    parameters: z.record(z.string(), blob).optional(),
    policyDefinitions: z.array(
      z.strictObject({
        policyDefinitionId: str,
        definitionVersion: str.optional(),
        latestDefinitionVersion: str.optional(),
        effectiveDefinitionVersion: str.optional(),
        parameters: parameterValuesSchema.optional(),
        policyDefinitionReferenceId: str.optional(),
        groupNames: strings.optional(),
      }),
    ),
    policyDefinitionGroups: z.array(blob).optional(),
    version: str.optional(),
    versions: strings.optional(),
  }),
});
export type AzurePolicySetDefinition = z.output<typeof policySetDefinitionSchema>;

// ---------------------------------------------------------------------------------------------
// Microsoft.Security: Defender for Cloud plans (pricings)

export const pricingSchema = z.strictObject({
  id: str.optional(),
  name: str.optional(),
  type: str.optional(),
  properties: z.strictObject({
    pricingTier: z.enum(['Free', 'Standard']),
    subPlan: str.optional(),
    freeTrialRemainingTime: str.optional(),
    enablementTime: str.optional(),
    enforce: trueFalse.optional(),
    inherited: trueFalse.optional(),
    inheritedFrom: str.optional(),
    resourcesCoverageStatus: z.enum(['FullyCovered', 'PartiallyCovered', 'NotCovered']).optional(),
    deprecated: bool.optional(),
    replacedBy: strings.optional(),
    extensions: z
      .array(
        z.strictObject({
          name: str,
          isEnabled: trueFalse,
          additionalExtensionProperties: blob.optional(),
          operationStatus: blob.optional(),
        }),
      )
      .optional(),
  }),
});
export type AzurePricing = z.output<typeof pricingSchema>;

// ---------------------------------------------------------------------------------------------
// Accounts with their children

/**
 * Metrics of Microsoft.CognitiveServices/accounts the fake's Metrics_List knows (REST name → unit,
 * whether it has the ModelDeploymentName dimension), from "Supported metrics for
 * Microsoft.CognitiveServices/accounts"
 * (learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cognitiveservices-accounts-metrics).
 * Asking for another name is Azure Monitor's 400 "Failed to find metric configuration".
 */
export const cognitiveServicesMetrics: Readonly<Record<string, { displayName: string; unit: string; byDeployment: boolean }>> = {
  AzureOpenAIRequests: { displayName: 'Azure OpenAI Requests', unit: 'Count', byDeployment: true },
  ModelRequests: { displayName: 'Model Requests', unit: 'Count', byDeployment: true },
  RAIRejectedRequests: { displayName: 'Blocked Volume', unit: 'Count', byDeployment: true },
  RAIHarmfulRequests: { displayName: 'Harmful Volume Detected', unit: 'Count', byDeployment: true },
  RAIAbusiveUsersCount: { displayName: 'Potentially Abusive User Count', unit: 'Count', byDeployment: true },
  RAITotalRequests: { displayName: 'Total Volume Sent For Safety Check', unit: 'Count', byDeployment: true },
  ProcessedPromptTokens: { displayName: 'Processed Prompt Tokens', unit: 'Count', byDeployment: true },
  GeneratedTokens: { displayName: 'Generated Completion Tokens', unit: 'Count', byDeployment: true },
  TotalCalls: { displayName: 'Total Calls', unit: 'Count', byDeployment: false },
};

export const accountEntrySchema = z.strictObject({
  account: accountSchema,
  deployments: list(deploymentSchema),
  raiPolicies: list(raiPolicySchema),
  /**
   * Also serve the platform's SystemManaged policies Microsoft.Default and Microsoft.DefaultV2
   * in RaiPolicies_List/Get (default true).
   */
  systemRaiPolicies: bool.default(true),
  raiBlocklists: list(raiBlocklistSchema),
  defenderForAISettings: list(defenderForAISettingSchema),
  diagnosticSettings: list(diagnosticSettingSchema),
  /** DiagnosticSettingsCategory_List; defaults to `cognitiveServicesDiagnosticCategories`. */
  diagnosticSettingsCategories: z.array(diagnosticSettingsCategorySchema).optional(),
  /**
   * Azure Monitor metrics served by Metrics_List: per metric (REST name, e.g. AzureOpenAIRequests,
   * RAIRejectedRequests), per deployment name, the total over 30 days (the default metrics
   * window). The fake spreads each total evenly over the days of the window it is asked for (a
   * 30-day window returns it exactly); a deployment absent from a metric emitted nothing, and
   * Metrics_List returns no series for it, as Azure Monitor does.
   */
  metrics: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())).default(() => ({})),
});
export type AzureAccountEntry = z.output<typeof accountEntrySchema>;

export function accountIdParts(id: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const match = accountIdPattern.exec(id);
  return { subscriptionId: (match?.[1] ?? '').toLowerCase(), resourceGroup: match?.[2] ?? '', name: match?.[3] ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Faults

export const azureProviderNamespaces = [
  'Microsoft.Resources',
  'Microsoft.CognitiveServices',
  'Microsoft.Insights',
  'Microsoft.Authorization',
  'Microsoft.Security',
  'Microsoft.Management',
] as const;

export const azureFaultSchema = z
  .strictObject({
    /** Only requests for this subscription (omitted = every subscription and tenant-level requests). */
    subscriptionId: guid.optional(),
    /** Only this resource provider. */
    provider: z.enum(azureProviderNamespaces).optional(),
    /** Operation id as in the REST spec, e.g. Accounts_List, DiagnosticSettings_List; omitted or "*" = every operation. */
    operation: z
      .string()
      .regex(/^(\*|[A-Za-z]+_[A-Za-z]+)$/, 'expected an operation id such as Accounts_List, or "*"')
      .optional(),
    /** Only requests for this Cognitive Services account (by name, any resource group). */
    accountName: str.optional(),
    /** Only requests about this management group (by name): its descendants, its policy definitions. */
    managementGroup: str.optional(),
    /** ARM error code; defaults from the status (403 AuthorizationFailed, 429 SubscriptionRequestsThrottled, 500 InternalServerError, …). */
    error: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'expected an ARM error code such as AuthorizationFailed')
      .optional(),
    /** HTTP status; defaults from the code (AuthorizationFailed 403, *Throttled 429, …, otherwise 400). */
    status: z.number().int().min(400).max(599).optional(),
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
  .refine((fault) => fault.error !== undefined || fault.status !== undefined || fault.body !== undefined || isTransportFault(fault), {
    message: 'a fault needs an error code or a status (or a body, or a transport fault)',
  });
export type AzureFault = z.output<typeof azureFaultSchema>;

// ---------------------------------------------------------------------------------------------
// Subscriptions, management groups, the tenant

export const subscriptionStates = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'] as const;

export const subscriptionSchema = z
  .strictObject({
    subscriptionId: guid,
    displayName: str,
    /** Defaults to Enabled. */
    state: z.enum(subscriptionStates).default('Enabled'),
    /** Defaults to the estate's tenantId. */
    tenantId: guid.optional(),
    subscriptionPolicies: z
      .strictObject({ locationPlacementId: str.optional(), quotaId: str.optional(), spendingLimit: z.enum(['On', 'Off', 'CurrentPeriodOff']).optional() })
      .optional(),
    authorizationSource: str.optional(),
    managedByTenants: z.array(z.strictObject({ tenantId: guid })).optional(),
    tags: tags.optional(),
    accounts: list(accountEntrySchema),
    metricAlerts: list(metricAlertSchema),
    /** Assignments at this subscription or one of its resource groups (management-group assignments go under managementGroups). */
    policyAssignments: list(policyAssignmentSchema),
    /** Defender for Cloud plans by name (Pricings_Get); AI defaults to the Free tier. */
    pricings: z.record(z.string(), pricingSchema).default(() => ({})),
    /** Extra latency for every request about this subscription (added to the estate's latencyMs). */
    latencyMs: z.number().int().nonnegative().optional(),
  })
  .superRefine((subscription, ctx) => {
    const sub = subscription.subscriptionId.toLowerCase();
    const subscriptionScope = `/subscriptions/${sub}`;
    const seenAccounts = new Set<string>();
    subscription.accounts.forEach((entry, index) => {
      const path = ['accounts', index, 'account'];
      const parts = accountIdParts(entry.account.id);
      if (parts.subscriptionId !== sub)
        ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `account ${entry.account.id} is not in subscription ${subscription.subscriptionId}` });
      if (entry.account.name !== undefined && entry.account.name.toLowerCase() !== parts.name.toLowerCase()) {
        ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `name ${entry.account.name} does not match the id (${parts.name})` });
      }
      const key = `${parts.resourceGroup}/${parts.name}`.toLowerCase();
      if (seenAccounts.has(key)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate account ${entry.account.id}` });
      seenAccounts.add(key);
      const children = [
        ['deployments', 'deployments', entry.deployments],
        ['raiPolicies', 'raiPolicies', entry.raiPolicies],
        ['raiBlocklists', 'raiBlocklists', entry.raiBlocklists],
        ['defenderForAISettings', 'defenderForAISettings', entry.defenderForAISettings],
        ['diagnosticSettings', 'providers/Microsoft.Insights/diagnosticSettings', entry.diagnosticSettings],
        ['diagnosticSettingsCategories', 'providers/Microsoft.Insights/diagnosticSettingsCategories', entry.diagnosticSettingsCategories ?? []],
      ] as const;
      for (const [key, collection, items] of children) {
        const names = new Set<string>();
        items.forEach((item: { id?: string | undefined; name: string }, childIndex: number) => {
          const expected = `${entry.account.id}/${collection}/${item.name}`;
          if (item.id !== undefined && !sameId(item.id, expected)) {
            ctx.addIssue({ code: 'custom', path: ['accounts', index, key, childIndex, 'id'], message: `id must be ${expected} (or be left out)` });
          }
          if (names.has(item.name.toLowerCase()))
            ctx.addIssue({ code: 'custom', path: ['accounts', index, key, childIndex, 'name'], message: `duplicate name ${item.name}` });
          names.add(item.name.toLowerCase());
        });
      }
      for (const [metric, byDeployment] of Object.entries(entry.metrics)) {
        const known = cognitiveServicesMetrics[metric];
        if (known === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['accounts', index, 'metrics', metric],
            message: `unknown metric ${metric}: expected one of ${Object.keys(cognitiveServicesMetrics).join(', ')}`,
          });
        else if (!known.byDeployment && Object.keys(byDeployment).some((name) => name !== '*'))
          ctx.addIssue({ code: 'custom', path: ['accounts', index, 'metrics', metric], message: `${metric} has no ModelDeploymentName dimension: use "*"` });
      }
      if (entry.systemRaiPolicies) {
        entry.raiPolicies.forEach((policy, policyIndex) => {
          if (/^Microsoft\.(Default|DefaultV2)$/i.test(policy.name)) {
            ctx.addIssue({
              code: 'custom',
              path: ['accounts', index, 'raiPolicies', policyIndex, 'name'],
              message: `${policy.name} is served as a system policy; set systemRaiPolicies: false to define it yourself`,
            });
          }
        });
      }
    });
    const alertIds = new Set<string>();
    subscription.metricAlerts.forEach((alert, index) => {
      const match = metricAlertIdPattern.exec(alert.id);
      if ((match?.[1] ?? '').toLowerCase() !== sub)
        ctx.addIssue({
          code: 'custom',
          path: ['metricAlerts', index, 'id'],
          message: `metric alert ${alert.id} is not in subscription ${subscription.subscriptionId}`,
        });
      if (alert.name !== undefined && alert.name.toLowerCase() !== (match?.[3] ?? '').toLowerCase())
        ctx.addIssue({ code: 'custom', path: ['metricAlerts', index, 'name'], message: `name ${alert.name} does not match the id` });
      if (alertIds.has(alert.id.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: ['metricAlerts', index, 'id'], message: `duplicate metric alert ${alert.id}` });
      alertIds.add(alert.id.toLowerCase());
    });
    checkAssignments(
      subscription.policyAssignments,
      subscriptionScope,
      (scope) => sameId(scope, subscriptionScope) || scope.toLowerCase().startsWith(`${subscriptionScope}/resourcegroups/`),
      ctx,
    );
    for (const [name, pricing] of Object.entries(subscription.pricings)) {
      if (pricing.name !== undefined && pricing.name !== name)
        ctx.addIssue({ code: 'custom', path: ['pricings', name, 'name'], message: `name ${pricing.name} does not match the key ${name}` });
    }
  });
export type AzureSubscription = z.output<typeof subscriptionSchema>;

function checkAssignments(assignments: readonly AzurePolicyAssignment[], home: string, allowed: (scope: string) => boolean, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  assignments.forEach((assignment, index) => {
    const scope = assignment.properties.scope ?? home;
    if (!allowed(scope))
      ctx.addIssue({ code: 'custom', path: ['policyAssignments', index, 'properties', 'scope'], message: `scope ${scope} is not ${home} or inside it` });
    const expected = assignmentId(scope, assignment.name);
    if (assignment.id !== undefined && !sameId(assignment.id, expected))
      ctx.addIssue({ code: 'custom', path: ['policyAssignments', index, 'id'], message: `id must be ${expected} (or be left out)` });
    if (ids.has(expected.toLowerCase()))
      ctx.addIssue({ code: 'custom', path: ['policyAssignments', index, 'name'], message: `duplicate policy assignment ${assignment.name}` });
    ids.add(expected.toLowerCase());
  });
}

export function assignmentId(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`;
}

export const managementGroupSchema = z
  .strictObject({
    /** The management group id (name), e.g. contoso-platform. */
    name: z.string().regex(/^[A-Za-z0-9_().-]{1,90}$/, 'expected a management group id'),
    displayName: str.optional(),
    /** The parent management group's name (omitted = directly under the tenant root group). */
    parent: str.optional(),
    /** Subscriptions directly in this group. */
    subscriptions: z.array(guid).default(() => []),
    /** Assignments at this group; every subscription below it inherits them. */
    policyAssignments: list(policyAssignmentSchema),
  })
  .superRefine((group, ctx) => {
    const scope = managementGroupScope(group.name);
    checkAssignments(group.policyAssignments, scope, (candidate) => sameId(candidate, scope), ctx);
  });
export type AzureManagementGroup = z.output<typeof managementGroupSchema>;

export const azureEstateSchema = z
  .strictObject({
    tenantId: guid,
    /** The signed-in principal, for realistic AuthorizationFailed messages (a JWT's oid wins). */
    principal: z.strictObject({ objectId: guid, displayName: str.optional() }).optional(),
    /** When set, only this bearer token is accepted (others get 401 InvalidAuthenticationToken). */
    bearerToken: str.optional(),
    subscriptions: list(subscriptionSchema),
    managementGroups: list(managementGroupSchema),
    /** Policy definitions served by PolicyDefinitions_GetBuiltIn / _Get / _GetAtManagementGroup, by id. */
    policyDefinitions: list(policyDefinitionSchema),
    policySetDefinitions: list(policySetDefinitionSchema),
    faults: list(azureFaultSchema),
    /** Largest page any list operation returns (forces nextLink pagination). */
    pageSize: z.number().int().positive().optional(),
    /** Latency added to every response, in milliseconds. */
    latencyMs: z.number().int().nonnegative().optional(),
    /**
     * Throttling (see throttling.ts): one token bucket per subscription (the one principal's
     * reads), and one for tenant-level reads (`overrides.tenant`); a throttled read is ARM's 429
     * `SubscriptionRequestsThrottled` / `TenantRequestsThrottled` with `Retry-After` (default 1)
     * and `x-ms-ratelimit-remaining-*-reads: 0`.
     */
    ...throttlingFields,
  })
  .superRefine((estate, ctx) => {
    const subscriptions = new Set<string>();
    estate.subscriptions.forEach((subscription, index) => {
      const id = subscription.subscriptionId.toLowerCase();
      if (subscriptions.has(id))
        ctx.addIssue({ code: 'custom', path: ['subscriptions', index, 'subscriptionId'], message: `duplicate subscription ${subscription.subscriptionId}` });
      subscriptions.add(id);
    });
    const groups = new Map<string, AzureManagementGroup>();
    const placed = new Set<string>();
    estate.managementGroups.forEach((group, index) => {
      if (groups.has(group.name.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: ['managementGroups', index, 'name'], message: `duplicate management group ${group.name}` });
      groups.set(group.name.toLowerCase(), group);
      group.subscriptions.forEach((subscription, subIndex) => {
        if (!subscriptions.has(subscription.toLowerCase()))
          ctx.addIssue({
            code: 'custom',
            path: ['managementGroups', index, 'subscriptions', subIndex],
            message: `subscription ${subscription} is not in subscriptions`,
          });
        if (placed.has(subscription.toLowerCase()))
          ctx.addIssue({
            code: 'custom',
            path: ['managementGroups', index, 'subscriptions', subIndex],
            message: `subscription ${subscription} is in two management groups`,
          });
        placed.add(subscription.toLowerCase());
      });
    });
    estate.managementGroups.forEach((group, index) => {
      const seen = new Set<string>();
      let current: AzureManagementGroup | undefined = group;
      while (current?.parent !== undefined) {
        if (seen.has(current.name.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['managementGroups', index, 'parent'], message: `management group ${group.name} is in a parent cycle` });
          break;
        }
        seen.add(current.name.toLowerCase());
        const parent = groups.get(current.parent.toLowerCase());
        if (parent === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['managementGroups', index, 'parent'],
            message: `parent management group ${current.parent} is not in managementGroups`,
          });
          break;
        }
        current = parent;
      }
    });
    const checkDefinitions = (items: readonly (AzurePolicyDefinition | AzurePolicySetDefinition)[], kind: 'policyDefinitions' | 'policySetDefinitions') => {
      const ids = new Set<string>();
      items.forEach((definition, index) => {
        const id = definitionIdOf(definition, kind);
        if (id === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [kind, index, 'id'],
            message: 'a custom definition needs its id (subscription or management-group scope); only BuiltIn/Static definitions may leave it out',
          });
          return;
        }
        const scope = definitionScopeOf(id, kind);
        if (scope !== undefined && scope.name.toLowerCase() !== definition.name.toLowerCase())
          ctx.addIssue({ code: 'custom', path: [kind, index, 'name'], message: `name ${definition.name} does not match the id (${scope.name})` });
        if (ids.has(id.toLowerCase())) ctx.addIssue({ code: 'custom', path: [kind, index, 'id'], message: `duplicate ${kind} id ${id}` });
        ids.add(id.toLowerCase());
      });
    };
    checkDefinitions(estate.policyDefinitions, 'policyDefinitions');
    checkDefinitions(estate.policySetDefinitions, 'policySetDefinitions');
  });

/** The id a policy (set) definition is served under; undefined for a custom definition without one. */
export function definitionIdOf(
  definition: AzurePolicyDefinition | AzurePolicySetDefinition,
  kind: 'policyDefinitions' | 'policySetDefinitions',
): string | undefined {
  if (definition.id !== undefined) return definition.id;
  const type = definition.properties.policyType;
  return type === 'BuiltIn' || type === 'Static' ? `/providers/Microsoft.Authorization/${kind}/${definition.name}` : undefined;
}

/** A validated Azure estate (defaults applied). */
export type AzureEstate = z.output<typeof azureEstateSchema>;
/** What an estate file or test may write (before defaults). A parsed `AzureEstate` is also accepted. */
export type AzureEstateInput = z.input<typeof azureEstateSchema>;
