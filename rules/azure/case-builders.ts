/**
 * Small builders for the case tables of the Azure rules: an inventory as a successful scan of
 * subscription 00000000-0000-0000-0000-000000000000 would produce it, and resources with
 * passing defaults that each case overrides to show one behaviour.
 */
import type { ScopeRef, Strength } from '../../src/model/common.ts';
import type {
  AzureAccount,
  AzureContentFilter,
  AzureDefenderPlan,
  AzureDeployment,
  AzureDiagnosticSetting,
  AzureMetricAlert,
  AzurePolicyAssignment,
  AzureRaiPolicy,
} from '../../src/model/azure.ts';
import type { Inventory, Listing, ListingStatus, Resource, ResourceType } from '../../src/model/inventory.ts';
import { azureHarmFilters } from '../../src/model/azure.ts';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const subscription: ScopeRef = { provider: 'azure', type: 'subscription', id: SUBSCRIPTION };
export const RESOURCE_GROUP = 'rg-ai';
export const LOCATION = 'eastus';

/** ARM id of an account in the test subscription. */
export function accountId(name = 'aoai-prod', resourceGroup = RESOURCE_GROUP): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${name}`;
}

export const ACCOUNT_ID = accountId();

/** Subscription-wide listings the collector records (region null). */
export const subscriptionTypes = [
  'azure.cognitive-account',
  'azure.metric-alert',
  'azure.policy-assignment',
  'azure.defender-ai-plan',
] as const satisfies readonly ResourceType[];

/** Per-account child listings, keyed as the collector keys `readErrors`, with the listing type it records. */
const childListings: Record<string, ResourceType> = {
  deployments: 'azure.deployment',
  raiPolicies: 'azure.rai-policy',
  diagnosticSettings: 'azure.diagnostic-setting',
  // The collector records the Defender-for-AI settings read under the account type, in the account's region.
  defenderForAISettings: 'azure.cognitive-account',
};

export interface InventoryOptions {
  resources?: Resource[];
  /** Subscription-wide listings that failed. */
  failed?: Array<{ type: (typeof subscriptionTypes)[number]; status?: Exclude<ListingStatus, 'ok'> }>;
}

/**
 * An Azure inventory. Every account's child listings are recorded as the collector records
 * them: failed where the account carries a `readErrors` entry, ok otherwise.
 */
export function azureInventory(options: InventoryOptions = {}): Inventory {
  const resources = options.resources ?? [];
  const listing = (resourceType: ResourceType, region: string | null, collector: string, status: ListingStatus, message?: string): Listing => ({
    provider: 'azure',
    scope: subscription,
    region,
    resourceType,
    collector,
    status,
    ...(message ? { message } : {}),
  });
  const subscriptionListings = subscriptionTypes.map((type) => {
    const failed = options.failed?.find((entry) => entry.type === type);
    return failed
      ? listing(type, null, `test:${type}`, failed.status ?? 'denied', 'AuthorizationFailed: not authorized')
      : listing(type, null, `test:${type}`, 'ok');
  });
  const accountListings = resources.flatMap((resource) =>
    resource.type === 'azure.cognitive-account'
      ? Object.entries(childListings).map(([key, type]) => {
          const error = resource.readErrors[key];
          return listing(type, resource.region, `test:${key}`, error ? 'denied' : 'ok', error);
        })
      : [],
  );
  return { providers: ['azure'], scopes: [subscription], regions: [], resources, listings: [...subscriptionListings, ...accountListings] };
}

function base(region: string | null, api: string) {
  return { provider: 'azure' as const, scope: subscription, region, source: { kind: 'api' as const, api } };
}

/** An OpenAI account meeting every account-level rule. */
export function account(overrides: Partial<AzureAccount> = {}): AzureAccount {
  const name = overrides.name ?? 'aoai-prod';
  const resourceGroup = overrides.resourceGroup ?? RESOURCE_GROUP;
  return {
    ...base(overrides.region ?? LOCATION, 'Accounts_List'),
    type: 'azure.cognitive-account',
    id: accountId(name, resourceGroup),
    name,
    tags: {},
    kind: 'OpenAI',
    resourceGroup,
    publicNetworkAccess: 'Disabled',
    networkAclsDefaultAction: 'Deny',
    disableLocalAuth: true,
    identityType: 'SystemAssigned',
    encryptionKeySource: 'Microsoft.KeyVault',
    restrictOutboundNetworkAccess: true,
    allowedFqdnList: ['kv-ai-prod.vault.azure.net'],
    defenderForAiState: 'Enabled',
    readErrors: {},
    ...overrides,
  };
}

/** A deployment on the organisation's custom policy `org-strict`. */
export function deployment(overrides: Partial<AzureDeployment> = {}): AzureDeployment {
  const accountRef = overrides.accountId ?? ACCOUNT_ID;
  const name = overrides.name ?? 'gpt-4o';
  return {
    ...base(LOCATION, 'Deployments_List'),
    type: 'azure.deployment',
    id: `${accountRef}/deployments/${name}`,
    name,
    accountId: accountRef,
    modelName: 'gpt-4o',
    modelVersion: '2024-11-20',
    raiPolicyName: 'org-strict',
    ...overrides,
  };
}

const strengthByThreshold: Record<'Low' | 'Medium' | 'High', Strength> = { High: 'low', Medium: 'medium', Low: 'high' };

/** A content filter as the collector maps it (strength off when not enabled or not blocking). */
export function filter(
  name: string,
  source: 'Prompt' | 'Completion' | null,
  overrides: Partial<Omit<AzureContentFilter, 'name' | 'source' | 'strength'>> = {},
): AzureContentFilter {
  const enabled = overrides.enabled === undefined ? true : overrides.enabled;
  const blocking = overrides.blocking === undefined ? true : overrides.blocking;
  const severityThreshold = overrides.severityThreshold === undefined ? null : overrides.severityThreshold;
  const on = enabled !== false && blocking !== false;
  return { name, source, enabled, blocking, severityThreshold, strength: !on ? 'off' : severityThreshold ? strengthByThreshold[severityThreshold] : 'high' };
}

export const harmCategoryNames = azureHarmFilters;

/** The four harm categories at one threshold on prompts and completions, blocking. */
export function harmFilters(threshold: 'Low' | 'Medium' | 'High' = 'Medium'): AzureContentFilter[] {
  return harmCategoryNames.flatMap((name) => [
    filter(name, 'Prompt', { severityThreshold: threshold }),
    filter(name, 'Completion', { severityThreshold: threshold }),
  ]);
}

/** Every filter the Azure rules look at, configured to pass. */
export function strongFilters(): AzureContentFilter[] {
  return [
    ...harmFilters('Medium'),
    filter('Jailbreak', 'Prompt'),
    filter('Indirect Attack', 'Prompt'),
    filter('Protected Material Text', 'Completion'),
    filter('Protected Material Code', 'Completion'),
  ];
}

/** Replaces (by name and source) or adds filters in a list. */
export function withFilters(filters: AzureContentFilter[], ...replacements: AzureContentFilter[]): AzureContentFilter[] {
  const key = (entry: AzureContentFilter) => `${entry.name.toLowerCase()}\u0000${entry.source ?? ''}`;
  const replaced = new Set(replacements.map(key));
  return [...filters.filter((entry) => !replaced.has(key(entry))), ...replacements];
}

/** The organisation's custom policy `org-strict` on the default account, meeting the baseline. */
export function raiPolicy(overrides: Partial<AzureRaiPolicy> = {}): AzureRaiPolicy {
  const accountRef = overrides.accountId ?? ACCOUNT_ID;
  const name = overrides.name ?? 'org-strict';
  return {
    ...base(LOCATION, 'RaiPolicies_List'),
    type: 'azure.rai-policy',
    id: `${accountRef}/raiPolicies/${name}`,
    name,
    accountId: accountRef,
    policyType: 'UserManaged',
    mode: 'Default',
    basePolicyName: 'Microsoft.DefaultV2',
    contentFilters: strongFilters(),
    customBlocklistCount: 0,
    documentedDefault: false,
    ...overrides,
  };
}

/**
 * Microsoft's built-in `Microsoft.DefaultV2` as the collector fills it in from the documentation
 * (harm categories at Medium, Jailbreak, Protected Material Text blocking, Code annotate-only).
 */
export function builtInPolicy(overrides: Partial<AzureRaiPolicy> = {}): AzureRaiPolicy {
  const name = overrides.name ?? 'Microsoft.DefaultV2';
  return raiPolicy({
    name,
    policyType: 'SystemManaged',
    mode: 'Default',
    basePolicyName: null,
    documentedDefault: true,
    contentFilters: [
      ...harmFilters('Medium'),
      filter('Jailbreak', 'Prompt'),
      filter('Protected Material Text', 'Completion'),
      filter('Protected Material Code', 'Completion', { blocking: false }),
    ],
    ...overrides,
    source: { kind: 'api', api: 'documented default policy' },
  });
}

/** A diagnostic setting sending every log (allLogs) of the default account to Log Analytics. */
export function diagnosticSetting(overrides: Partial<AzureDiagnosticSetting> = {}): AzureDiagnosticSetting {
  const target = overrides.targetId ?? ACCOUNT_ID;
  const name = overrides.name ?? 'to-law';
  return {
    ...base(LOCATION, 'DiagnosticSettings_List'),
    type: 'azure.diagnostic-setting',
    id: `${target}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
    name,
    targetId: target,
    workspaceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-sec`,
    eventHubAuthorizationRuleId: null,
    storageAccountId: null,
    logs: [{ category: null, categoryGroup: 'allLogs', enabled: true }],
    ...overrides,
  };
}

/** An enabled metric alert with an action group on the default account's blocked requests. */
export function metricAlert(overrides: Partial<AzureMetricAlert> = {}): AzureMetricAlert {
  const name = overrides.name ?? 'aoai-blocked-requests';
  return {
    ...base('global', 'MetricAlerts_ListBySubscription'),
    type: 'azure.metric-alert',
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitor/providers/Microsoft.Insights/metricAlerts/${name}`,
    name,
    enabled: true,
    scopes: [ACCOUNT_ID],
    metricNames: ['RAIRejectedRequests'],
    actionCount: 1,
    ...overrides,
  };
}

type Control = AzurePolicyAssignment['controls'][number];

export function control(
  name: Control['control'],
  effect: string | null = 'Deny',
  definitionId = `/providers/Microsoft.Authorization/policyDefinitions/${name}`,
): Control {
  return { control: name, effect, definitionId };
}

/** An enforced subscription-level assignment governing all four AI controls. */
export function policyAssignment(overrides: Partial<AzurePolicyAssignment> = {}): AzurePolicyAssignment {
  const name = overrides.name ?? 'ai-baseline';
  return {
    ...base(null, 'PolicyAssignments_List'),
    type: 'azure.policy-assignment',
    id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    assignmentScope: `/subscriptions/${SUBSCRIPTION}`,
    policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/ai-baseline',
    enforcementMode: 'Default',
    controls: [control('local-auth', 'Deny'), control('network', 'Deny'), control('diagnostics', 'DeployIfNotExists'), control('content-filtering', 'Audit')],
    unreadableDefinitions: [],
    ...overrides,
  };
}

/** Defender for Cloud's AI plan for the subscription. */
export function defenderPlan(overrides: Partial<AzureDefenderPlan> = {}): AzureDefenderPlan {
  return {
    ...base(null, 'Pricings_Get'),
    type: 'azure.defender-ai-plan',
    id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Security/pricings/AI`,
    name: 'AI',
    pricingTier: 'Standard',
    ...overrides,
  };
}

/** The id `unreadableListings` gives a failed subscription-wide listing. */
export function unknownListingId(type: (typeof subscriptionTypes)[number]): string {
  return `${SUBSCRIPTION}/global/${type}/unknown`;
}
