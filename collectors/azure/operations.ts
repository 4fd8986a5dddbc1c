/**
 * Every Azure Resource Manager read the collectors may make: GET only, never an action that
 * returns secrets (such as `listKeys`). The client pipeline refuses any request that matches
 * none of these, and `aiposture permissions --provider azure` prints a custom role granting
 * exactly their permissions.
 */
export interface AzureOperation {
  name: string;
  /** Path (without query) the request must match. */
  path: RegExp;
  /** The RBAC permission that authorises it. */
  permission: string;
}

const segment = '[^/]+';
const sub = `/subscriptions/${segment}`;
const account = `${sub}/resourceGroups/${segment}/providers/Microsoft\\.CognitiveServices/accounts/${segment}`;
const definitionScopes = `(?:${sub}|/providers/Microsoft\\.Management/managementGroups/${segment})?`;
const anchored = (pattern: string) => new RegExp(`^${pattern}$`, 'i');

export const azureOperations: readonly AzureOperation[] = [
  { name: 'Subscriptions_List', path: anchored('/subscriptions'), permission: 'Microsoft.Resources/subscriptions/read' },
  {
    // `--management-group`: every subscription below the group, nested groups included.
    name: 'ManagementGroups_GetDescendants',
    path: anchored(`/providers/Microsoft\\.Management/managementGroups/${segment}/descendants`),
    permission: 'Microsoft.Management/managementGroups/descendants/read',
  },
  { name: 'Accounts_List', path: anchored(`${sub}/providers/Microsoft\\.CognitiveServices/accounts`), permission: 'Microsoft.CognitiveServices/accounts/read' },
  { name: 'Deployments_List', path: anchored(`${account}/deployments`), permission: 'Microsoft.CognitiveServices/accounts/deployments/read' },
  { name: 'RaiPolicies_List', path: anchored(`${account}/raiPolicies`), permission: 'Microsoft.CognitiveServices/accounts/raiPolicies/read' },
  { name: 'RaiBlocklists_List', path: anchored(`${account}/raiBlocklists`), permission: 'Microsoft.CognitiveServices/accounts/raiBlocklists/read' },
  {
    name: 'DefenderForAISettings_List',
    path: anchored(`${account}/defenderForAISettings`),
    permission: 'Microsoft.CognitiveServices/accounts/defenderForAISettings/read',
  },
  {
    name: 'DiagnosticSettings_List',
    path: anchored(`${account}/providers/Microsoft\\.Insights/diagnosticSettings`),
    permission: 'Microsoft.Insights/diagnosticSettings/read',
  },
  {
    // Usage and content-safety metrics of an account over the metrics window (one call per account).
    name: 'Metrics_List',
    path: anchored(`${account}/providers/Microsoft\\.Insights/metrics`),
    permission: 'Microsoft.Insights/metrics/read',
  },
  {
    name: 'MetricAlerts_ListBySubscription',
    path: anchored(`${sub}/providers/Microsoft\\.Insights/metricAlerts`),
    permission: 'Microsoft.Insights/metricAlerts/read',
  },
  {
    name: 'PolicyAssignments_List',
    path: anchored(`${sub}/providers/Microsoft\\.Authorization/policyAssignments`),
    permission: 'Microsoft.Authorization/policyAssignments/read',
  },
  {
    name: 'PolicyDefinitions_Get',
    path: anchored(`${definitionScopes}/providers/Microsoft\\.Authorization/policyDefinitions/${segment}`),
    permission: 'Microsoft.Authorization/policyDefinitions/read',
  },
  {
    name: 'PolicySetDefinitions_Get',
    path: anchored(`${definitionScopes}/providers/Microsoft\\.Authorization/policySetDefinitions/${segment}`),
    permission: 'Microsoft.Authorization/policySetDefinitions/read',
  },
  { name: 'Pricings_Get', path: anchored(`${sub}/providers/Microsoft\\.Security/pricings/AI`), permission: 'Microsoft.Security/pricings/read' },
];

export function azureOperationFor(method: string, path: string): AzureOperation | undefined {
  if (method.toUpperCase() !== 'GET') return undefined;
  return azureOperations.find((operation) => operation.path.test(decodeURIComponent(path)));
}

/**
 * A custom role definition (Azure RBAC JSON) with exactly the read permissions the scan needs.
 * Assign it on the subscriptions, or on a management group (`--management-group`: the
 * descendants read is checked on the group, and the subscriptions below inherit the rest).
 */
export function azureLeastPrivilegeRole() {
  return {
    Name: 'aiposture reader',
    IsCustom: true,
    Description: 'Read-only access for the aiposture AI-platform posture scan. Grants no key or secret access.',
    Actions: [...new Set(azureOperations.map((operation) => operation.permission))].sort(),
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: ['/subscriptions/<subscription-id>', '/providers/Microsoft.Management/managementGroups/<management-group-id>'],
  };
}
