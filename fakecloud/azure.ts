/**
 * Fake Azure Resource Manager: serves one Azure estate (see `azure-estate.ts`) over ARM's REST
 * wire format, so the unmodified Azure SDK clients work against it when given
 * `endpoint: <fake cloud url>` and `allowInsecureConnection: true` (with the https-only
 * `bearerTokenAuthenticationPolicy` replaced by one that still sends `Authorization: Bearer …`).
 *
 * Paths, api-versions and members were checked against the SDKs' generated code:
 *
 * | SDK (version)                                  | api-version sent      | operations served here |
 * |------------------------------------------------|-----------------------|------------------------|
 * | @azure/arm-resources-subscriptions 3.0.0       | 2022-12-01            | Subscriptions_List, Subscriptions_Get |
 * | @azure/arm-cognitiveservices 8.1.0             | 2025-09-01            | Accounts_List, Accounts_ListByResourceGroup, Accounts_Get, Deployments_List, Deployments_Get, RaiPolicies_List, RaiPolicies_Get, RaiBlocklists_List, RaiBlocklists_Get, DefenderForAISettings_List, DefenderForAISettings_Get |
 * | @azure/arm-monitor 8.0.0 (diagnostic settings) | 2021-05-01-preview    | DiagnosticSettings_List, DiagnosticSettings_Get, DiagnosticSettingsCategory_List |
 * | @azure/arm-monitor 8.0.0 (metric alerts)       | 2026-01-01            | MetricAlerts_ListBySubscription |
 * | @azure/arm-monitor 8.0.0 (metrics)             | 2024-02-01            | Metrics_List (on an account) |
 * | @azure/arm-policy 7.0.1                        | 2025-03-01            | PolicyAssignments_List, PolicyDefinitions_GetBuiltIn/_Get/_GetAtManagementGroup, PolicySetDefinitions_GetBuiltIn/_Get/_GetAtManagementGroup |
 * | @azure/arm-security 5.0.0                      | 2022-03-01            | Pricings_Get (2024-01-01 raw requests get the newer members) |
 * | @azure/arm-managementgroups 2.0.2              | 2021-04-01            | ManagementGroups_GetDescendants |
 *
 * Every request needs `Authorization: Bearer <token>` (else 401 AuthenticationFailed; a JWT is
 * also checked for the ARM audience and expiry) and an `api-version` query parameter (else 400
 * MissingApiVersionParameter). Any api-version is served and recorded in the request log.
 * Lists return `{ value, nextLink }` with an absolute nextLink back to this server when the
 * estate's `pageSize` (or `$top`) cuts them. Errors are ARM's `{ "error": { code, message } }`.
 * Anything else is answered 404 (NoRegisteredProviderFound / ResourceNotFound) and reported
 * through `onUnknownOperation`.
 *
 * Management groups: the estate's groups form a tree under the tenant root group (whose id is the
 * tenant id); a subscription in no group sits directly under the root. The descendants of a group
 * are every group and subscription below it, breadth first, each with its parent; a group the
 * estate does not have answers 403 AuthorizationFailed, as ARM does for a scope it will not
 * confirm ("... or the scope is invalid").
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  accountIdParts,
  assignmentId,
  azureEstateSchema,
  cognitiveServicesDiagnosticCategories,
  cognitiveServicesMetrics,
  definitionIdOf,
  diagnosticSettingsCategorySchema,
  managementGroupScope,
  metricAlertIdPattern,
  type AzureAccountEntry,
  type AzureEstate,
  type AzureEstateInput,
  type AzureFault,
  type AzureManagementGroup,
  type AzurePolicyAssignment,
  type AzurePricing,
  type AzureRaiPolicy,
  type AzureSubscription,
} from './azure-estate.ts';
import type { FakeRequest, FakeResponse, FakeResult, ProviderHandler } from './server.ts';
import { withBodyFault, type BodyFault } from './body-faults.ts';
import { Throttler, retryAfterHeader, type ThrottleCause } from './throttling.ts';
import { applyTransportFault, TransportFault } from './transport-faults.ts';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Operations

/** api-versions the pinned SDKs send (verified in tests/fakecloud/azure.test.ts). */
export const sdkApiVersions = {
  '@azure/arm-resources-subscriptions': '2022-12-01',
  '@azure/arm-cognitiveservices': '2025-09-01',
  '@azure/arm-monitor diagnosticSettings': '2021-05-01-preview',
  '@azure/arm-monitor metricAlerts': '2026-01-01',
  '@azure/arm-monitor metrics': '2024-02-01',
  '@azure/arm-policy': '2025-03-01',
  '@azure/arm-security pricings': '2022-03-01',
  '@azure/arm-managementgroups': '2021-04-01',
} as const;

const accountPath = 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.CognitiveServices/accounts/{accountName}';
const managementGroupPath = 'providers/Microsoft.Management/managementGroups/{managementGroupId}';

/** One served ARM operation: its REST-spec operation id, path template and the RBAC action that authorises it. */
export interface FakeAzureOperation {
  operation: string;
  provider: string;
  template: string;
  permission: string;
}

export const fakeAzureOperations: readonly FakeAzureOperation[] = [
  { operation: 'Subscriptions_List', provider: 'Microsoft.Resources', template: 'subscriptions', permission: 'Microsoft.Resources/subscriptions/read' },
  {
    operation: 'Subscriptions_Get',
    provider: 'Microsoft.Resources',
    template: 'subscriptions/{subscriptionId}',
    permission: 'Microsoft.Resources/subscriptions/read',
  },
  {
    operation: 'ManagementGroups_GetDescendants',
    provider: 'Microsoft.Management',
    template: `${managementGroupPath.replace('{managementGroupId}', '{groupId}')}/descendants`,
    permission: 'Microsoft.Management/managementGroups/descendants/read',
  },
  {
    operation: 'Accounts_List',
    provider: 'Microsoft.CognitiveServices',
    template: 'subscriptions/{subscriptionId}/providers/Microsoft.CognitiveServices/accounts',
    permission: 'Microsoft.CognitiveServices/accounts/read',
  },
  {
    operation: 'Accounts_ListByResourceGroup',
    provider: 'Microsoft.CognitiveServices',
    template: 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.CognitiveServices/accounts',
    permission: 'Microsoft.CognitiveServices/accounts/read',
  },
  { operation: 'Accounts_Get', provider: 'Microsoft.CognitiveServices', template: accountPath, permission: 'Microsoft.CognitiveServices/accounts/read' },
  {
    operation: 'Deployments_List',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/deployments`,
    permission: 'Microsoft.CognitiveServices/accounts/deployments/read',
  },
  {
    operation: 'Deployments_Get',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/deployments/{deploymentName}`,
    permission: 'Microsoft.CognitiveServices/accounts/deployments/read',
  },
  {
    operation: 'RaiPolicies_List',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/raiPolicies`,
    permission: 'Microsoft.CognitiveServices/accounts/raiPolicies/read',
  },
  {
    operation: 'RaiPolicies_Get',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/raiPolicies/{raiPolicyName}`,
    permission: 'Microsoft.CognitiveServices/accounts/raiPolicies/read',
  },
  {
    operation: 'RaiBlocklists_List',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/raiBlocklists`,
    permission: 'Microsoft.CognitiveServices/accounts/raiBlocklists/read',
  },
  {
    operation: 'RaiBlocklists_Get',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/raiBlocklists/{raiBlocklistName}`,
    permission: 'Microsoft.CognitiveServices/accounts/raiBlocklists/read',
  },
  {
    operation: 'DefenderForAISettings_List',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/defenderForAISettings`,
    permission: 'Microsoft.CognitiveServices/accounts/defenderForAISettings/read',
  },
  {
    operation: 'DefenderForAISettings_Get',
    provider: 'Microsoft.CognitiveServices',
    template: `${accountPath}/defenderForAISettings/{defenderForAISettingName}`,
    permission: 'Microsoft.CognitiveServices/accounts/defenderForAISettings/read',
  },
  {
    operation: 'DiagnosticSettings_List',
    provider: 'Microsoft.Insights',
    template: `${accountPath}/providers/Microsoft.Insights/diagnosticSettings`,
    permission: 'Microsoft.Insights/diagnosticSettings/read',
  },
  {
    operation: 'DiagnosticSettings_Get',
    provider: 'Microsoft.Insights',
    template: `${accountPath}/providers/Microsoft.Insights/diagnosticSettings/{name}`,
    permission: 'Microsoft.Insights/diagnosticSettings/read',
  },
  {
    operation: 'DiagnosticSettingsCategory_List',
    provider: 'Microsoft.Insights',
    template: `${accountPath}/providers/Microsoft.Insights/diagnosticSettingsCategories`,
    permission: 'Microsoft.Insights/diagnosticSettingsCategories/read',
  },
  {
    operation: 'Metrics_List',
    provider: 'Microsoft.Insights',
    template: `${accountPath}/providers/Microsoft.Insights/metrics`,
    permission: 'Microsoft.Insights/metrics/read',
  },
  {
    operation: 'MetricAlerts_ListBySubscription',
    provider: 'Microsoft.Insights',
    template: 'subscriptions/{subscriptionId}/providers/Microsoft.Insights/metricAlerts',
    permission: 'Microsoft.Insights/metricAlerts/read',
  },
  {
    operation: 'PolicyAssignments_List',
    provider: 'Microsoft.Authorization',
    template: 'subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policyAssignments',
    permission: 'Microsoft.Authorization/policyAssignments/read',
  },
  {
    operation: 'PolicyDefinitions_GetBuiltIn',
    provider: 'Microsoft.Authorization',
    template: 'providers/Microsoft.Authorization/policyDefinitions/{policyDefinitionName}',
    permission: 'Microsoft.Authorization/policyDefinitions/read',
  },
  {
    operation: 'PolicyDefinitions_Get',
    provider: 'Microsoft.Authorization',
    template: 'subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policyDefinitions/{policyDefinitionName}',
    permission: 'Microsoft.Authorization/policyDefinitions/read',
  },
  {
    operation: 'PolicyDefinitions_GetAtManagementGroup',
    provider: 'Microsoft.Authorization',
    template: `${managementGroupPath}/providers/Microsoft.Authorization/policyDefinitions/{policyDefinitionName}`,
    permission: 'Microsoft.Authorization/policyDefinitions/read',
  },
  {
    operation: 'PolicySetDefinitions_GetBuiltIn',
    provider: 'Microsoft.Authorization',
    template: 'providers/Microsoft.Authorization/policySetDefinitions/{policySetDefinitionName}',
    permission: 'Microsoft.Authorization/policySetDefinitions/read',
  },
  {
    operation: 'PolicySetDefinitions_Get',
    provider: 'Microsoft.Authorization',
    template: 'subscriptions/{subscriptionId}/providers/Microsoft.Authorization/policySetDefinitions/{policySetDefinitionName}',
    permission: 'Microsoft.Authorization/policySetDefinitions/read',
  },
  {
    operation: 'PolicySetDefinitions_GetAtManagementGroup',
    provider: 'Microsoft.Authorization',
    template: `${managementGroupPath}/providers/Microsoft.Authorization/policySetDefinitions/{policySetDefinitionName}`,
    permission: 'Microsoft.Authorization/policySetDefinitions/read',
  },
  {
    operation: 'Pricings_Get',
    provider: 'Microsoft.Security',
    template: 'subscriptions/{subscriptionId}/providers/Microsoft.Security/pricings/{pricingName}',
    permission: 'Microsoft.Security/pricings/read',
  },
];

/** The audiences ARM accepts in a JWT's `aud`. */
export const armAudiences = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
] as const;

/** Providers this fake serves at all (an unknown path under another namespace is NoRegisteredProviderFound). */
const servedNamespaces = new Set([
  'microsoft.resources',
  'microsoft.cognitiveservices',
  'microsoft.insights',
  'microsoft.authorization',
  'microsoft.security',
  'microsoft.management',
]);

/** Pricing members api-version 2022-03-01 (what @azure/arm-security 5.0.0 pins) knows; newer versions add the rest. */
const pricing2022Members = ['pricingTier', 'subPlan', 'freeTrialRemainingTime'] as const;

// ---------------------------------------------------------------------------------------------
// Errors

/** An error answered as ARM's `{ "error": { code, message } }`. */
export class AzureApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(code: string, message: string, status?: number, headers: Record<string, string> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status ?? defaultArmStatus(code);
    this.headers = headers;
  }
}

/** The HTTP status ARM uses for an error code. */
export function defaultArmStatus(code: string): number {
  if (/^(AuthenticationFailed|InvalidAuthenticationToken\w*|ExpiredAuthenticationToken)$/.test(code)) return 401;
  if (/^(AuthorizationFailed|LinkedAuthorizationFailed|RequestDisallowedByPolicy|Forbidden)$/.test(code)) return 403;
  if (/(Throttled|^TooManyRequests)$/.test(code)) return 429;
  if (/NotFound$|^NoRegisteredProviderFound$/.test(code)) return 404;
  if (code === 'Conflict') return 409;
  if (code === 'InternalServerError') return 500;
  if (code === 'BadGateway') return 502;
  if (code === 'ServiceUnavailable') return 503;
  if (code === 'GatewayTimeout') return 504;
  return 400;
}

/** The error code ARM uses for a status (for faults that give only a status). */
export function defaultArmCode(status: number, subscriptionScoped: boolean): string {
  switch (status) {
    case 401:
      return 'InvalidAuthenticationToken';
    case 403:
      return 'AuthorizationFailed';
    case 404:
      return 'ResourceNotFound';
    case 409:
      return 'Conflict';
    case 429:
      return subscriptionScoped ? 'SubscriptionRequestsThrottled' : 'TenantRequestsThrottled';
    case 500:
      return 'InternalServerError';
    case 502:
      return 'BadGateway';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'GatewayTimeout';
    default:
      return 'BadRequest';
  }
}

// ---------------------------------------------------------------------------------------------
// System RAI policies

const harmFilters = (threshold: 'Low' | 'Medium' | 'High') =>
  ['Hate', 'Sexual', 'Violence', 'Selfharm'].flatMap((name) =>
    (['Prompt', 'Completion'] as const).map((source) => ({ name, enabled: true, severityThreshold: threshold, blocking: true, source })),
  );

/**
 * The platform policies a deployment without a custom policy runs on. Their filter lists follow
 * Microsoft's documented defaults (harm categories at Medium on prompts and completions; V2 adds
 * Prompt Shields for jailbreaks and protected-material detection, code annotate-only); whether
 * a live RaiPolicies_List returns them, and their exact `mode`, is unverified.
 */
export const systemRaiPolicies: readonly AzureRaiPolicy[] = [
  { name: 'Microsoft.Default', properties: { type: 'SystemManaged', mode: 'Default', contentFilters: harmFilters('Medium') } },
  {
    name: 'Microsoft.DefaultV2',
    properties: {
      type: 'SystemManaged',
      mode: 'Default',
      contentFilters: [
        ...harmFilters('Medium'),
        { name: 'Jailbreak', enabled: true, blocking: true, source: 'Prompt' },
        { name: 'Protected Material Text', enabled: true, blocking: true, source: 'Completion' },
        { name: 'Protected Material Code', enabled: true, blocking: false, source: 'Completion' },
      ],
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The served world

interface AccountView {
  id: string;
  resourceGroup: string;
  name: string;
  json: Json;
  deployments: Json[];
  raiPolicies: Json[];
  raiBlocklists: Json[];
  defenderForAISettings: Json[];
  diagnosticSettings: Json[];
  diagnosticCategories: Json[];
  location: string;
  /** Metric → deployment → total over 30 days (see `accountEntrySchema.metrics`). */
  metrics: Record<string, Record<string, number>>;
}

interface SubscriptionView {
  id: string;
  json: Json;
  accounts: AccountView[];
  resourceGroups: Set<string>;
  metricAlerts: Json[];
  /** Own assignments (subscription and resource-group scope) and inherited management-group ones. */
  assignments: { scope: string; json: Json }[];
  pricings: Map<string, AzurePricing & { name: string }>;
  latencyMs: number;
}

const etagOf = (text: string) =>
  `"${createHash('sha256').update(text).digest('hex').slice(0, 8)}-0000-0d00-0000-${createHash('sha256').update(`${text}#`).digest('hex').slice(0, 12)}"`;

function accountEndpoint(entry: AzureAccountEntry, name: string): string {
  const properties = entry.account.properties;
  const subdomain = properties.customSubDomainName ?? name.toLowerCase();
  return entry.account.kind === 'OpenAI' ? `https://${subdomain}.openai.azure.com/` : `https://${subdomain}.cognitiveservices.azure.com/`;
}

function buildAccount(entry: AzureAccountEntry): AccountView {
  const { resourceGroup, name } = accountIdParts(entry.account.id);
  const id = entry.account.id;
  const json: Json = {
    ...entry.account,
    id,
    name: entry.account.name ?? name,
    type: entry.account.type ?? 'Microsoft.CognitiveServices/accounts',
    etag: entry.account.etag ?? etagOf(id),
    properties: {
      ...entry.account.properties,
      provisioningState: entry.account.properties.provisioningState ?? 'Succeeded',
      endpoint: entry.account.properties.endpoint ?? accountEndpoint(entry, name),
    },
  };
  const child = <T extends { id?: string | undefined; name: string; type?: string | undefined }>(item: T, collection: string, type: string): Json => ({
    ...item,
    id: item.id ?? `${id}/${collection}/${item.name}`,
    type: item.type ?? type,
  });
  const policies = [...(entry.systemRaiPolicies ? systemRaiPolicies : []), ...entry.raiPolicies];
  return {
    id,
    resourceGroup,
    name,
    json,
    location: entry.account.location,
    metrics: entry.metrics,
    deployments: entry.deployments.map((deployment) => ({
      ...child(deployment, 'deployments', 'Microsoft.CognitiveServices/accounts/deployments'),
      sku: deployment.sku ?? { name: 'Standard', capacity: 10 },
      properties: { ...deployment.properties, provisioningState: deployment.properties.provisioningState ?? 'Succeeded' },
    })),
    raiPolicies: policies.map((policy) => ({
      ...child(policy, 'raiPolicies', 'Microsoft.CognitiveServices/accounts/raiPolicies'),
      properties: { ...policy.properties, type: policy.properties.type ?? 'UserManaged' },
    })),
    raiBlocklists: entry.raiBlocklists.map((blocklist) => child(blocklist, 'raiBlocklists', 'Microsoft.CognitiveServices/accounts/raiBlocklists')),
    defenderForAISettings: entry.defenderForAISettings.map((setting) =>
      child(setting, 'defenderForAISettings', 'Microsoft.CognitiveServices/accounts/defenderForAISettings'),
    ),
    // ARM returns these two with a lower-case provider namespace in the id (see the REST examples).
    diagnosticSettings: entry.diagnosticSettings.map((setting) =>
      child(setting, 'providers/microsoft.insights/diagnosticSettings', 'Microsoft.Insights/diagnosticSettings'),
    ),
    diagnosticCategories: (
      entry.diagnosticSettingsCategories ?? cognitiveServicesDiagnosticCategories.map((category) => diagnosticSettingsCategorySchema.parse(category))
    ).map((category) => child(category, 'providers/microsoft.insights/diagnosticSettingsCategories', 'microsoft.insights/diagnosticSettingsCategories')),
  };
}

function assignmentJson(assignment: AzurePolicyAssignment, scope: string): Json {
  return {
    ...assignment,
    id: assignment.id ?? assignmentId(scope, assignment.name),
    type: assignment.type ?? 'Microsoft.Authorization/policyAssignments',
    properties: { ...assignment.properties, scope, enforcementMode: assignment.properties.enforcementMode ?? 'Default' },
  };
}

function buildSubscription(estate: AzureEstate, subscription: AzureSubscription): SubscriptionView {
  const id = subscription.subscriptionId.toLowerCase();
  const scope = `/subscriptions/${id}`;
  const accounts = subscription.accounts.map(buildAccount);
  const groups = new Map(estate.managementGroups.map((group) => [group.name.toLowerCase(), group]));
  const ancestors: AzureManagementGroup[] = [];
  let group = estate.managementGroups.find((candidate) => candidate.subscriptions.some((member) => member.toLowerCase() === id));
  while (group !== undefined && !ancestors.includes(group)) {
    ancestors.push(group);
    group = group.parent === undefined ? undefined : groups.get(group.parent.toLowerCase());
  }
  const pricings = new Map<string, AzurePricing & { name: string }>();
  for (const [name, pricing] of Object.entries(subscription.pricings)) pricings.set(name.toLowerCase(), { ...pricing, name });
  if (!pricings.has('ai'))
    pricings.set('ai', {
      name: 'AI',
      properties: { pricingTier: 'Free', freeTrialRemainingTime: 'PT0S', enforce: 'False', resourcesCoverageStatus: 'NotCovered' },
    });
  return {
    id,
    json: {
      id: scope,
      authorizationSource: subscription.authorizationSource ?? 'RoleBased',
      managedByTenants: subscription.managedByTenants ?? [],
      ...(subscription.tags === undefined ? {} : { tags: subscription.tags }),
      subscriptionId: id,
      tenantId: subscription.tenantId ?? estate.tenantId,
      displayName: subscription.displayName,
      state: subscription.state,
      subscriptionPolicies: subscription.subscriptionPolicies ?? {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off',
      },
    },
    accounts,
    resourceGroups: new Set(
      accounts
        .map((account) => account.resourceGroup.toLowerCase())
        .concat(subscription.metricAlerts.map((alert) => (metricAlertIdPattern.exec(alert.id)?.[2] ?? '').toLowerCase())),
    ),
    metricAlerts: subscription.metricAlerts.map((alert) => ({
      ...alert,
      name: alert.name ?? metricAlertIdPattern.exec(alert.id)?.[3] ?? '',
      type: alert.type ?? 'Microsoft.Insights/metricAlerts',
      location: alert.location ?? 'global',
    })),
    assignments: [
      ...subscription.policyAssignments.map((assignment) => {
        const assignmentScope = assignment.properties.scope ?? scope;
        return { scope: assignmentScope, json: assignmentJson(assignment, assignmentScope) };
      }),
      ...ancestors.flatMap((ancestor) =>
        ancestor.policyAssignments.map((assignment) => {
          const assignmentScope = assignment.properties.scope ?? managementGroupScope(ancestor.name);
          return { scope: assignmentScope, json: assignmentJson(assignment, assignmentScope) };
        }),
      ),
    ],
    pricings,
    latencyMs: subscription.latencyMs ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

interface Route extends FakeAzureOperation {
  segments: string[];
  run: (context: Context) => Json;
}

interface Context {
  params: Record<string, string>;
  query: URLSearchParams;
  apiVersion: string;
  /** The request path, still percent-encoded (for nextLink). */
  rawPath: string;
  /** http://127.0.0.1:PORT, for nextLink. */
  origin: string;
  operation: string;
  subscription: SubscriptionView | undefined;
  account: AccountView | undefined;
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .slice(1)
      .map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

function matchTemplate(template: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (template.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index++) {
    const expected = template[index] ?? '';
    const actual = path[index] ?? '';
    if (expected.startsWith('{')) {
      if (actual === '') return undefined;
      params[expected.slice(1, -1)] = actual;
    } else if (expected.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}

function decodeJwt(token: string): Json | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Json) : undefined;
  } catch {
    return undefined;
  }
}

const loopbackHost = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/i;
const defaultObjectId = '5b3c9e1a-7d24-4f68-9a0e-2c41d8f7b6e3';

export interface FakeAzureOptions {
  onUnknownOperation?: (info: { service: string; region: string; operation: string }) => void;
}

export class FakeAzure {
  readonly estate: AzureEstate;
  private readonly subscriptions = new Map<string, SubscriptionView>();
  private readonly policyDefinitions = new Map<string, Json>();
  private readonly policySetDefinitions = new Map<string, Json>();
  private readonly faultUses: number[];
  /** Matching requests seen per fault (for `after`). */
  private readonly faultMatches: number[];
  /** Set by `injectFault` when a `repeatToken` fault matches the request being served. */
  private repeatToken = false;
  private readonly routes: Route[];
  private readonly onUnknownOperation: (info: { service: string; region: string; operation: string }) => void;
  private readonly throttler: Throttler;

  constructor(estate: AzureEstateInput, options: FakeAzureOptions = {}) {
    this.estate = azureEstateSchema.parse(estate);
    this.throttler = new Throttler(this.estate);
    for (const subscription of this.estate.subscriptions)
      this.subscriptions.set(subscription.subscriptionId.toLowerCase(), buildSubscription(this.estate, subscription));
    for (const [kind, items, target] of [
      ['policyDefinitions', this.estate.policyDefinitions, this.policyDefinitions],
      ['policySetDefinitions', this.estate.policySetDefinitions, this.policySetDefinitions],
    ] as const) {
      for (const definition of items) {
        const id = definitionIdOf(definition, kind) ?? '';
        target.set(id.toLowerCase(), { ...definition, id, type: definition.type ?? `Microsoft.Authorization/${kind}` });
      }
    }
    this.faultUses = this.estate.faults.map(() => 0);
    this.faultMatches = this.estate.faults.map(() => 0);
    this.onUnknownOperation =
      options.onUnknownOperation ??
      ((info) =>
        process.stderr.write(
          `[fakecloud] unknown Azure operation ${info.operation} (${info.service}${info.region === '' ? '' : `, subscription ${info.region}`}) -> 404\n`,
        ));
    const runners: Record<string, (context: Context) => Json> = {
      Subscriptions_List: (c) =>
        this.page(
          c,
          [...this.subscriptions.values()].map((s) => s.json),
        ),
      Subscriptions_Get: (c) => this.need(c.subscription).json,
      ManagementGroups_GetDescendants: (c) => this.page(c, this.descendants(c.params.groupId ?? '')),
      Accounts_List: (c) =>
        this.page(
          c,
          this.need(c.subscription).accounts.map((a) => a.json),
        ),
      Accounts_ListByResourceGroup: (c) =>
        this.page(
          c,
          this.need(c.subscription)
            .accounts.filter((a) => a.resourceGroup.toLowerCase() === (c.params.resourceGroupName ?? '').toLowerCase())
            .map((a) => a.json),
        ),
      Accounts_Get: (c) => this.need(c.account).json,
      Deployments_List: (c) => this.page(c, this.need(c.account).deployments),
      Deployments_Get: (c) => this.child(c, this.need(c.account).deployments, 'deploymentName', 'Microsoft.CognitiveServices/accounts/deployments'),
      RaiPolicies_List: (c) => this.page(c, this.need(c.account).raiPolicies),
      RaiPolicies_Get: (c) => this.child(c, this.need(c.account).raiPolicies, 'raiPolicyName', 'Microsoft.CognitiveServices/accounts/raiPolicies'),
      RaiBlocklists_List: (c) => this.page(c, this.need(c.account).raiBlocklists),
      RaiBlocklists_Get: (c) => this.child(c, this.need(c.account).raiBlocklists, 'raiBlocklistName', 'Microsoft.CognitiveServices/accounts/raiBlocklists'),
      DefenderForAISettings_List: (c) => this.page(c, this.need(c.account).defenderForAISettings),
      DefenderForAISettings_Get: (c) =>
        this.child(c, this.need(c.account).defenderForAISettings, 'defenderForAISettingName', 'Microsoft.CognitiveServices/accounts/defenderForAISettings'),
      DiagnosticSettings_List: (c) => this.page(c, this.need(c.account).diagnosticSettings),
      DiagnosticSettings_Get: (c) => this.child(c, this.need(c.account).diagnosticSettings, 'name', 'Microsoft.Insights/diagnosticSettings'),
      DiagnosticSettingsCategory_List: (c) => this.page(c, this.need(c.account).diagnosticCategories),
      MetricAlerts_ListBySubscription: (c) => this.page(c, this.need(c.subscription).metricAlerts),
      Metrics_List: (c) => listMetrics(c, this.need(c.account)),
      PolicyAssignments_List: (c) => this.listAssignments(c),
      PolicyDefinitions_GetBuiltIn: (c) =>
        this.definition(this.policyDefinitions, 'policyDefinitions', '/providers/Microsoft.Authorization', c.params.policyDefinitionName),
      PolicyDefinitions_Get: (c) =>
        this.definition(
          this.policyDefinitions,
          'policyDefinitions',
          `/subscriptions/${this.need(c.subscription).id}/providers/Microsoft.Authorization`,
          c.params.policyDefinitionName,
        ),
      PolicyDefinitions_GetAtManagementGroup: (c) =>
        this.definition(
          this.policyDefinitions,
          'policyDefinitions',
          `/${managementGroupPath.replace('{managementGroupId}', c.params.managementGroupId ?? '')}/providers/Microsoft.Authorization`,
          c.params.policyDefinitionName,
        ),
      PolicySetDefinitions_GetBuiltIn: (c) =>
        this.definition(this.policySetDefinitions, 'policySetDefinitions', '/providers/Microsoft.Authorization', c.params.policySetDefinitionName),
      PolicySetDefinitions_Get: (c) =>
        this.definition(
          this.policySetDefinitions,
          'policySetDefinitions',
          `/subscriptions/${this.need(c.subscription).id}/providers/Microsoft.Authorization`,
          c.params.policySetDefinitionName,
        ),
      PolicySetDefinitions_GetAtManagementGroup: (c) =>
        this.definition(
          this.policySetDefinitions,
          'policySetDefinitions',
          `/${managementGroupPath.replace('{managementGroupId}', c.params.managementGroupId ?? '')}/providers/Microsoft.Authorization`,
          c.params.policySetDefinitionName,
        ),
      Pricings_Get: (c) => this.getPricing(c),
    };
    this.routes = fakeAzureOperations.map((operation) => {
      const run = runners[operation.operation];
      if (run === undefined) throw new Error(`no runner for ${operation.operation}`);
      return { ...operation, segments: operation.template.split('/'), run };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  matches(request: FakeRequest): boolean {
    const auth = header(request, 'authorization') ?? '';
    if (auth.startsWith('AWS4-HMAC-SHA256')) return false;
    return /^bearer\s/i.test(auth) || /^\/+(subscriptions|providers|tenants)(\/|$)/i.test(request.path);
  }

  handle(request: FakeRequest): FakeResult {
    const segments = decodeSegments(request.path);
    const matched = segments === undefined ? undefined : this.resolve(request.method, segments);
    const params = matched?.params ?? {};
    const pathSubscription = segments?.[0]?.toLowerCase() === 'subscriptions' ? segments[1] : undefined;
    const subscriptionId = (params.subscriptionId ?? pathSubscription ?? '').toLowerCase();
    const service = matched?.route.provider ?? namespaceOf(segments ?? []);
    const operation = matched?.route.operation ?? `${request.method} ${request.path}`;
    const apiVersion = request.query.get('api-version') ?? undefined;
    const latencyMs = (this.estate.latencyMs ?? 0) + (this.subscriptions.get(subscriptionId)?.latencyMs ?? 0);
    const requestId = randomUUID();
    // ARM counts one principal's reads per subscription, and tenant-level reads on the tenant's bucket.
    const key = subscriptionId === '' ? 'tenant' : subscriptionId;
    let throttled: ThrottleCause | undefined;
    const done = (response: FakeResult['response']): FakeResult => ({
      response,
      service,
      region: subscriptionId,
      operation,
      latencyMs,
      ...(apiVersion === undefined ? {} : { apiVersion }),
      key,
      ...(throttled === undefined ? {} : { throttled }),
    });

    try {
      const principal = this.authenticate(request);
      if (apiVersion === undefined || apiVersion === '') {
        throw new AzureApiError('MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.', 400);
      }
      if (matched === undefined) {
        this.onUnknownOperation({ service, region: subscriptionId, operation });
        throw this.unknown(segments ?? [], apiVersion);
      }
      const decision = this.throttler.active ? this.throttler.check(key, subscriptionId === '' ? 'tenant' : 'subscription') : undefined;
      if (decision !== undefined) {
        throttled = decision.cause;
        throw this.throttledError(subscriptionId, principal, decision.retryAfter === undefined ? 1 : decision.retryAfter);
      }
      const bodyFault = this.injectFault(matched.route, params, subscriptionId, principal, segments ?? []);
      const context: Context = {
        params,
        query: request.query,
        apiVersion,
        rawPath: request.path,
        origin: this.origin(request),
        operation,
        subscription: undefined,
        account: undefined,
      };
      if (params.subscriptionId !== undefined) {
        context.subscription = this.subscriptions.get(subscriptionId);
        if (context.subscription === undefined)
          throw new AzureApiError('SubscriptionNotFound', `The subscription '${params.subscriptionId}' could not be found.`, 404);
      }
      if (params.resourceGroupName !== undefined && !context.subscription?.resourceGroups.has(params.resourceGroupName.toLowerCase())) {
        throw new AzureApiError('ResourceGroupNotFound', `Resource group '${params.resourceGroupName}' could not be found.`, 404);
      }
      if (params.accountName !== undefined) {
        context.account = context.subscription?.accounts.find(
          (account) =>
            account.resourceGroup.toLowerCase() === (params.resourceGroupName ?? '').toLowerCase() &&
            account.name.toLowerCase() === (params.accountName ?? '').toLowerCase(),
        );
        if (context.account === undefined) throw notFound('Microsoft.CognitiveServices/accounts', params.accountName, params.resourceGroupName ?? '');
      }
      const body = matched.route.run(context);
      return done(withBodyFault(this.success(body, subscriptionId, requestId), bodyFault));
    } catch (error) {
      if (error instanceof AzureApiError) return done(this.failure(error, subscriptionId, requestId));
      if (error instanceof TransportFault) return done(error.response);
      throw error;
    }
  }

  private resolve(method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | undefined {
    if (method !== 'GET') return undefined;
    for (const route of this.routes) {
      const params = matchTemplate(route.segments, segments);
      if (params !== undefined) return { route, params };
    }
    return undefined;
  }

  /** Checks the bearer token; returns the principal's object id for messages. */
  private authenticate(request: FakeRequest): string {
    const auth = header(request, 'authorization');
    const tenant = this.estate.tenantId;
    const challenge = (description: string) => ({
      'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${tenant}", error="invalid_token", error_description="${description}"`,
    });
    if (auth === undefined || auth === '') {
      throw new AzureApiError(
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
        401,
        challenge("The authentication failed because of missing 'Authorization' header."),
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match === null || match[1] === undefined) {
      throw new AzureApiError(
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        401,
        challenge("The authentication failed because of an invalid 'Authorization' header."),
      );
    }
    const token = match[1];
    if (this.estate.bearerToken !== undefined && token !== this.estate.bearerToken) {
      throw new AzureApiError('InvalidAuthenticationToken', 'The access token is invalid.', 401, challenge('The access token is invalid.'));
    }
    const claims = decodeJwt(token);
    if (claims !== undefined) {
      const audience = claims.aud;
      if (typeof audience === 'string' && !(armAudiences as readonly string[]).includes(audience)) {
        throw new AzureApiError(
          'InvalidAuthenticationTokenAudience',
          `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${armAudiences.map((a) => `'${a}'`).join(',')}.`,
          401,
          challenge('The access token has been obtained for wrong audience or resource.'),
        );
      }
      if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
        throw new AzureApiError(
          'ExpiredAuthenticationToken',
          `The access token expiry UTC time '${new Date(claims.exp * 1000).toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
          401,
          challenge('The access token has expired.'),
        );
      }
      if (typeof claims.oid === 'string') return claims.oid;
    }
    return this.estate.principal?.objectId ?? defaultObjectId;
  }

  /** Throws the first matching error fault; returns the first matching body fault, to apply to the answer. */
  private injectFault(
    route: Route,
    params: Record<string, string>,
    subscriptionId: string,
    principal: string,
    segments: readonly string[],
  ): BodyFault | undefined {
    let bodyFault: BodyFault | undefined;
    this.repeatToken = false;
    this.estate.faults.forEach((fault: AzureFault, index) => {
      if (fault.subscriptionId !== undefined && fault.subscriptionId.toLowerCase() !== subscriptionId) return;
      if (fault.provider !== undefined && fault.provider !== route.provider) return;
      if (fault.operation !== undefined && fault.operation !== '*' && fault.operation !== route.operation) return;
      if (fault.accountName !== undefined && fault.accountName.toLowerCase() !== (params.accountName ?? '').toLowerCase()) return;
      if (fault.managementGroup !== undefined && fault.managementGroup.toLowerCase() !== (params.groupId ?? params.managementGroupId ?? '').toLowerCase())
        return;
      const matched = this.faultMatches[index] ?? 0;
      this.faultMatches[index] = matched + 1;
      if (fault.after !== undefined && matched < fault.after) return;
      if (fault.times !== undefined) {
        const used = this.faultUses[index] ?? 0;
        if (used >= fault.times) return;
        this.faultUses[index] = used + 1;
      }
      if (applyTransportFault(fault)) this.repeatToken = true;
      if (fault.error === undefined && fault.status === undefined) {
        bodyFault ??= fault.body;
        return;
      }
      const scoped = subscriptionId !== '';
      const code = fault.error ?? defaultArmCode(fault.status ?? 400, scoped);
      const status = fault.status ?? defaultArmStatus(code);
      const headers: Record<string, string> = {};
      const retryAfter = fault.retryAfter === undefined ? (status === 429 || status === 503 ? 1 : undefined) : (fault.retryAfter ?? undefined);
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      if (status === 429) headers[scoped ? 'x-ms-ratelimit-remaining-subscription-reads' : 'x-ms-ratelimit-remaining-tenant-reads'] = '0';
      const scope = `/${segments.join('/')}`;
      const message =
        fault.message ??
        (status === 403
          ? `The client '${principal}' with object id '${principal}' does not have authorization to perform action '${route.permission}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
          : status === 429
            ? `Number of 'read' requests for ${scoped ? `subscription '${subscriptionId}'` : `tenant '${this.estate.tenantId}'`} actor '${principal}' exceeded. Please try again after '${retryAfter ?? 1}' seconds after additional '${retryAfter ?? 1}' requests are made. Please see https://aka.ms/ARMThrottling for more details.`
            : `Injected ${code}`);
      throw new AzureApiError(code, message, status, headers);
    });
    return bodyFault;
  }

  /** ARM's answer to a read over its bucket: 429 with Retry-After (unless null) and no reads remaining. */
  private throttledError(subscriptionId: string, principal: string, retryAfter: number | null): AzureApiError {
    const scoped = subscriptionId !== '';
    const headers: Record<string, string> = { [scoped ? 'x-ms-ratelimit-remaining-subscription-reads' : 'x-ms-ratelimit-remaining-tenant-reads']: '0' };
    if (retryAfter !== null) headers['retry-after'] = retryAfterHeader(retryAfter);
    const after = retryAfterHeader(retryAfter ?? 1);
    return new AzureApiError(
      scoped ? 'SubscriptionRequestsThrottled' : 'TenantRequestsThrottled',
      `Number of 'read' requests for ${scoped ? `subscription '${subscriptionId}'` : `tenant '${this.estate.tenantId}'`} actor '${principal}' exceeded. Please try again after '${after}' seconds after additional '${after}' requests are made. Please see https://aka.ms/ARMThrottling for more details.`,
      429,
      headers,
    );
  }

  private unknown(segments: readonly string[], apiVersion: string): AzureApiError {
    const providerAt = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
    const namespace = providerAt < 0 ? undefined : segments[providerAt + 1];
    // {namespace}/{type}/{name}/{type}/{name}…: the type is the namespace and every other segment after it.
    const type = namespace === undefined ? undefined : [namespace, ...segments.slice(providerAt + 2).filter((_, index) => index % 2 === 0)].join('/');
    if (namespace !== undefined && !servedNamespaces.has(namespace.toLowerCase())) {
      return new AzureApiError(
        'NoRegisteredProviderFound',
        `No registered resource provider found for location 'global' and API version '${apiVersion}' for type '${type ?? namespace}'.`,
        404,
      );
    }
    return new AzureApiError('ResourceNotFound', `The fake cloud does not serve '/${segments.join('/')}' (only the read operations aiposture uses).`, 404);
  }

  // -------------------------------------------------------------------------------------------
  // Responses

  private origin(request: FakeRequest): string {
    const host = header(request, 'host') ?? '';
    return `http://${loopbackHost.test(host) ? host : '127.0.0.1'}`;
  }

  private baseHeaders(requestId: string): Record<string, string> {
    return {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      pragma: 'no-cache',
      expires: '-1',
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': requestId,
      'x-ms-routing-request-id': `SWEDENCENTRAL:${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}:${requestId}`,
    };
  }

  private success(body: Json, subscriptionId: string, requestId: string): FakeResponse {
    const headers = this.baseHeaders(requestId);
    headers[subscriptionId === '' ? 'x-ms-ratelimit-remaining-tenant-reads' : 'x-ms-ratelimit-remaining-subscription-reads'] = '249';
    return { status: 200, headers, body: JSON.stringify(body) };
  }

  private failure(error: AzureApiError, subscriptionId: string, requestId: string): FakeResponse {
    const headers = { ...this.baseHeaders(requestId), ...error.headers };
    if (error.status === 401 || error.status === 403) headers['x-ms-failure-cause'] = 'gateway';
    else if (error.status !== 429)
      headers[subscriptionId === '' ? 'x-ms-ratelimit-remaining-tenant-reads' : 'x-ms-ratelimit-remaining-subscription-reads'] = '249';
    return { status: error.status, headers, body: JSON.stringify({ error: { code: error.code, message: error.message } }) };
  }

  // -------------------------------------------------------------------------------------------
  // Operations

  private need<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('internal: missing context');
    return value;
  }

  /** One page of a list: `{ value, nextLink? }`; nextLink is absolute, back to this server. */
  private page(context: Context, items: readonly Json[]): Json {
    const token = context.query.get('$skiptoken') ?? context.query.get('$skipToken');
    let offset = 0;
    if (token !== null) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      const match = /^(.*)\|(\d+)$/.exec(decoded);
      if (match === null || match[1] !== `${context.operation}:${context.rawPath.toLowerCase()}`)
        throw new AzureApiError('InvalidSkipToken', 'The provided skip token is invalid.', 400);
      offset = Number(match[2]);
    }
    const top = Number(context.query.get('$top') ?? Number.NaN);
    const size = Math.min(this.estate.pageSize ?? Number.POSITIVE_INFINITY, Number.isInteger(top) && top > 0 ? top : Number.POSITIVE_INFINITY);
    const value = items.slice(offset, offset + size);
    // repeatToken: the link it was sent, or (first page) one for the rest: every later page names itself.
    if (this.repeatToken && token !== null) return { value, nextLink: `${context.origin}${context.rawPath}?${context.query.toString()}` };
    if (offset + size >= items.length && !this.repeatToken) return { value };
    const next = new URLSearchParams(context.query);
    next.delete('$skipToken');
    const end = Math.min(offset + size, items.length);
    next.set('$skiptoken', Buffer.from(`${context.operation}:${context.rawPath.toLowerCase()}|${end}`, 'utf8').toString('base64url'));
    return { value, nextLink: `${context.origin}${context.rawPath}?${next.toString()}` };
  }

  private child(context: Context, items: readonly Json[], param: string, type: string): Json {
    const name = context.params[param] ?? '';
    const found = items.find((item) => typeof item.name === 'string' && item.name.toLowerCase() === name.toLowerCase());
    if (found === undefined) throw notFound(`${type}`, name, context.account?.resourceGroup ?? '');
    return found;
  }

  private listAssignments(context: Context): Json {
    const subscription = this.need(context.subscription);
    const scope = `/subscriptions/${subscription.id}`;
    const filter = (context.query.get('$filter') ?? '').trim();
    let assignments = subscription.assignments;
    if (filter === 'atScope()') assignments = assignments.filter((a) => !a.scope.toLowerCase().startsWith(`${scope}/`));
    else if (filter === 'atExactScope()') assignments = assignments.filter((a) => a.scope.toLowerCase() === scope);
    else if (filter !== '') {
      const match = /^policyDefinitionId\s+eq\s+'([^']+)'$/i.exec(filter);
      if (match === null)
        throw new AzureApiError(
          'InvalidFilterInQueryString',
          `The filter '${filter}' is not supported. Supported filters are 'atScope()', 'atExactScope()' and "policyDefinitionId eq '{value}'".`,
          400,
        );
      const definition = (match[1] ?? '').toLowerCase();
      assignments = assignments.filter((a) => String((a.json.properties as Json | undefined)?.policyDefinitionId ?? '').toLowerCase() === definition);
    }
    return this.page(
      context,
      assignments.map((a) => a.json),
    );
  }

  /**
   * Every management group and subscription below `groupId` (the tenant id names the root group),
   * breadth first, in the descendants wire shape; an unknown group is AuthorizationFailed (403).
   */
  private descendants(groupId: string): Json[] {
    const root = this.estate.tenantId.toLowerCase();
    const wanted = groupId.toLowerCase();
    const groups = this.estate.managementGroups;
    if (wanted !== root && !groups.some((group) => group.name.toLowerCase() === wanted)) {
      const principal = this.estate.principal?.objectId ?? defaultObjectId;
      throw new AzureApiError(
        'AuthorizationFailed',
        `The client '${principal}' with object id '${principal}' does not have authorization to perform action 'Microsoft.Management/managementGroups/descendants/read' over scope '${managementGroupScope(groupId)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        403,
      );
    }
    const parentOf = (group: AzureManagementGroup) => (group.parent ?? this.estate.tenantId).toLowerCase();
    const placed = new Set(groups.flatMap((group) => group.subscriptions.map((id) => id.toLowerCase())));
    const subscriptionsIn = (name: string): string[] =>
      name === root
        ? this.estate.subscriptions.map((entry) => entry.subscriptionId).filter((id) => !placed.has(id.toLowerCase()))
        : (groups.find((group) => group.name.toLowerCase() === name)?.subscriptions ?? []);
    const out: Json[] = [];
    const queue = [wanted];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const parent = {
        id: managementGroupScope(name === root ? this.estate.tenantId : (groups.find((group) => group.name.toLowerCase() === name)?.name ?? name)),
      };
      for (const child of groups.filter((group) => parentOf(group) === name)) {
        out.push({
          id: managementGroupScope(child.name),
          type: 'Microsoft.Management/managementGroups',
          name: child.name,
          properties: { displayName: child.displayName ?? child.name, parent },
        });
        queue.push(child.name.toLowerCase());
      }
      for (const id of subscriptionsIn(name)) {
        const subscription = this.subscriptions.get(id.toLowerCase());
        out.push({
          id: `/subscriptions/${id.toLowerCase()}`,
          type: 'Microsoft.Management/managementGroups/subscriptions',
          name: id.toLowerCase(),
          properties: { displayName: String(subscription?.json.displayName ?? id), parent },
        });
      }
    }
    return out;
  }

  private definition(definitions: Map<string, Json>, kind: 'policyDefinitions' | 'policySetDefinitions', prefix: string, name: string | undefined): Json {
    const found = definitions.get(`${prefix}/${kind}/${name ?? ''}`.toLowerCase());
    if (found === undefined) {
      const code = kind === 'policyDefinitions' ? 'PolicyDefinitionNotFound' : 'PolicySetDefinitionNotFound';
      throw new AzureApiError(
        code,
        `The ${kind === 'policyDefinitions' ? 'policy definition' : 'policy set definition'} '${name ?? ''}' could not be found.`,
        404,
      );
    }
    return found;
  }

  private getPricing(context: Context): Json {
    const subscription = this.need(context.subscription);
    const name = context.params.pricingName ?? '';
    const pricing = subscription.pricings.get(name.toLowerCase());
    if (pricing === undefined) throw new AzureApiError('PricingNotFound', `Pricing '${name}' was not found for subscription '${subscription.id}'.`, 404);
    const legacy = context.apiVersion < '2023-01-01';
    const properties = legacy
      ? Object.fromEntries(Object.entries(pricing.properties).filter(([key]) => (pricing2022Members as readonly string[]).includes(key)))
      : pricing.properties;
    return {
      id: pricing.id ?? `/subscriptions/${subscription.id}/providers/Microsoft.Security/pricings/${pricing.name}`,
      name: pricing.name,
      type: pricing.type ?? 'Microsoft.Security/pricings',
      properties,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Monitor metrics (Metrics_List on an account)

const day = 86_400_000;
/** The grains served: daily, hourly, or the whole timespan as one datapoint (REST: interval, `FULL`). */
const metricGrains: Readonly<Record<string, number | 'full'>> = { P1D: day, PT1H: 3_600_000, FULL: 'full' };
/** The estate declares totals over the default 30-day metrics window. */
const estateMetricDays = 30;

/**
 * `GET {account}/providers/Microsoft.Insights/metrics`: the account's estate metrics in the
 * Metrics_List wire shape (learn.microsoft.com/rest/api/monitor/metrics/list): `{ cost, timespan,
 * interval, namespace, resourceregion, value: [{ id, type, name, unit, timeseries: [{
 * metadatavalues, data: [{ timeStamp, total }] }], errorCode }] }`. `metricnames` (at most 20),
 * `timespan` (`from/to`), `interval` (P1D, PT1H or FULL), `aggregation` and a `$filter` on
 * ModelDeploymentName (`eq '*'` splits by deployment, `eq 'name'` selects one) are honoured, and
 * `top` caps the series per metric (10 when a filter is given without it), largest first.
 * Dimension names come back in lower case, as Azure Monitor writes them.
 */
function listMetrics(context: Context, account: AccountView): Json {
  const bad = (message: string) => new AzureApiError('BadRequest', message, 400);
  const names = (context.query.get('metricnames') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw bad('The fake cloud serves Metrics_List only with metricnames.');
  if (names.length > 20) throw bad(`Requested metrics count: ${names.length} bigger than allowed max: 20`);
  for (const name of names) {
    if (cognitiveServicesMetrics[name] === undefined)
      throw bad(
        `Failed to find metric configuration for provider: Microsoft.CognitiveServices, resource Type: accounts, metric: ${name}, Valid metrics: ${Object.keys(cognitiveServicesMetrics).join(',')}`,
      );
  }
  const now = Date.now();
  const [fromText, toText] = (context.query.get('timespan') ?? `${new Date(now - 3_600_000).toISOString()}/${new Date(now).toISOString()}`).split('/');
  const from = Date.parse(fromText ?? '');
  const to = Date.parse(toText ?? '');
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw bad(`Invalid timespan '${context.query.get('timespan') ?? ''}'.`);
  const interval = (context.query.get('interval') ?? 'PT1H').toUpperCase();
  const grain = metricGrains[interval];
  if (grain === undefined) throw bad(`The fake cloud serves interval P1D, PT1H or FULL, not '${interval}'.`);
  const aggregations = (context.query.get('aggregation') ?? 'Total').toLowerCase().split(',');
  const filter = (context.query.get('$filter') ?? '').trim();
  const match = /^ModelDeploymentName\s+eq\s+'([^']*)'$/i.exec(filter);
  if (filter !== '' && match === null) throw bad(`The fake cloud serves only a ModelDeploymentName filter, not '${filter}'.`);
  const wanted = match?.[1];
  const top = Number(context.query.get('top') ?? 10);
  const slices: Array<[number, number]> = [];
  if (grain === 'full') slices.push([from, to]);
  else for (let start = Math.floor(from / grain) * grain; start < to; start += grain) slices.push([start, start + grain]);
  // Each total is spread evenly over time (its 30-day rate), so any window gets its share; whole
  // counts by cumulative rounding, so a 30-day window adds up to the declared total exactly.
  const upTo = (total: number, at: number) => Math.round((total * (Math.min(Math.max(at, from), to) - from)) / (estateMetricDays * day));
  const series = (total: number) => slices.map(([start, end]) => upTo(total, end) - upTo(total, start));
  const element = (deployment: string | undefined, total: number): Json => ({
    metadatavalues: deployment === undefined ? [] : [{ name: { value: 'modeldeploymentname', localizedValue: 'modeldeploymentname' }, value: deployment }],
    data: series(total).map((value, index) => ({
      timeStamp: new Date(slices[index]?.[0] ?? from).toISOString(),
      ...(aggregations.includes('total') ? { total: value } : {}),
    })),
  });
  const value = names.map((name) => {
    const known = cognitiveServicesMetrics[name] ?? { displayName: name, unit: 'Count', byDeployment: false };
    const declared = Object.entries(account.metrics[name] ?? {});
    let timeseries: Json[];
    if (match === null)
      timeseries =
        declared.length === 0
          ? []
          : [
              element(
                undefined,
                declared.reduce((sum, [, total]) => sum + total, 0),
              ),
            ];
    else {
      const selected = declared
        .filter(([deployment]) => known.byDeployment && (wanted === '*' || deployment.toLowerCase() === (wanted ?? '').toLowerCase()))
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number.isInteger(top) && top > 0 ? top : 10);
      timeseries = selected.map(([deployment, total]) => element(deployment, total));
    }
    return {
      id: `${account.id}/providers/Microsoft.Insights/metrics/${name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: name, localizedValue: known.displayName },
      displayDescription: known.displayName,
      unit: known.unit,
      timeseries,
      errorCode: 'Success',
    };
  });
  return {
    cost: slices.length * names.length,
    timespan: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`,
    interval,
    namespace: 'Microsoft.CognitiveServices/accounts',
    resourceregion: account.location,
    value,
  };
}

function notFound(type: string, name: string, resourceGroup: string): AzureApiError {
  return new AzureApiError(
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    404,
  );
}

/** The resource provider a path addresses (for the request log), Microsoft.Resources when none. */
function namespaceOf(segments: readonly string[]): string {
  const providerAt = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  const namespace = providerAt < 0 ? undefined : segments[providerAt + 1];
  if (namespace === undefined || namespace === '') return 'Microsoft.Resources';
  const known = [
    'Microsoft.Resources',
    'Microsoft.CognitiveServices',
    'Microsoft.Insights',
    'Microsoft.Authorization',
    'Microsoft.Security',
    'Microsoft.Management',
  ];
  return known.find((candidate) => candidate.toLowerCase() === namespace.toLowerCase()) ?? namespace;
}

/** Creates the Azure Resource Manager provider handler for the fake-cloud server. */
export function createAzureHandler(estate: AzureEstateInput, options: FakeAzureOptions = {}): ProviderHandler {
  const azure = new FakeAzure(estate, options);
  return { provider: 'azure', matches: (request) => azure.matches(request), handle: (request) => azure.handle(request) };
}
