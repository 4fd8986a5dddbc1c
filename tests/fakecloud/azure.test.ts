/**
 * The fake Azure Resource Manager, driven by the real Azure SDK clients over loopback HTTP.
 */
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CognitiveServicesManagementClient,
  KnownContentLevel,
  KnownDefenderForAISettingState,
  KnownRaiPolicyContentSource,
  KnownRaiPolicyMode,
} from '@azure/arm-cognitiveservices';
import { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import { MonitorClient } from '@azure/arm-monitor';
import { KnownEnforcementMode, KnownPolicyType, PolicyClient } from '@azure/arm-policy';
import { SecurityCenter } from '@azure/arm-security';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { AzureCliCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName, isRestError, type Pipeline, type RestError } from '@azure/core-rest-pipeline';
import { fakeAzureOperations, sdkApiVersions, systemRaiPolicies } from '../../fakecloud/azure.ts';
import {
  azureEstateSchema,
  defenderForAISettingStates,
  enforcementModes,
  policyTypes,
  raiContentLevels,
  raiContentSources,
  raiPolicyModes,
  type AzureEstateInput,
} from '../../fakecloud/azure-estate.ts';
import { loadEstateFile, parseEstate, startFakeCloud, type FakeCloud } from '../../fakecloud/server.ts';

const tenant = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const sub1 = '00000000-0000-0000-0000-000000000001';
const sub2 = '00000000-0000-0000-0000-000000000002';
const accountId = `/subscriptions/${sub1}/resourceGroups/rg-ai-prod/providers/Microsoft.CognitiveServices/accounts/contoso-openai-eus`;
const swcAccountId = `/subscriptions/${sub1}/resourceGroups/rg-ai-swc/providers/Microsoft.CognitiveServices/accounts/contoso-aiservices-swc`;
const workspace = `/subscriptions/${sub1}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-contoso-prod`;
const estatesDir = fileURLToPath(new URL('../../fixtures/estates/', import.meta.url));
const examplesDir = new URL('../../fixtures/provider-examples/azure/', import.meta.url);
const binDir = fileURLToPath(new URL('../../fixtures/bin/', import.meta.url));
const armScope = 'https://management.azure.com/.default';

const stubCredential: TokenCredential = { getToken: async () => ({ token: 'fake', expiresOnTimestamp: Date.now() + 3.6e6 }) };

/** Over plain http: drop the https-only bearer policy, send the same header from a tiny policy. */
function loopback<T extends { pipeline: Pipeline }>(client: T, credential: TokenCredential | null = stubCredential): T {
  client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  if (credential !== null) {
    client.pipeline.addPolicy({
      name: 'testLoopbackBearer',
      async sendRequest(request, next) {
        const token = await credential.getToken(armScope);
        if (token !== null) request.headers.set('Authorization', `Bearer ${token.token}`);
        return next(request);
      },
    });
  }
  return client;
}

interface ClientOptions {
  retries?: number;
  credential?: TokenCredential | null;
}
function clients(cloud: FakeCloud, options: ClientOptions = {}) {
  const config = {
    endpoint: cloud.url,
    allowInsecureConnection: true,
    credentialScopes: [armScope],
    credentials: { scopes: [armScope] },
    retryOptions: { maxRetries: options.retries ?? 0, retryDelayInMs: 1 },
  };
  const credential = options.credential === undefined ? stubCredential : options.credential;
  const sdkCredential = credential ?? stubCredential;
  return {
    subscriptions: loopback(new SubscriptionClient(sdkCredential, config), credential),
    cognitive: (subscriptionId = sub1) => loopback(new CognitiveServicesManagementClient(sdkCredential, subscriptionId, config), credential),
    monitor: (subscriptionId = sub1) => loopback(new MonitorClient(sdkCredential, subscriptionId, config), credential),
    policy: (subscriptionId = sub1) => loopback(new PolicyClient(sdkCredential, subscriptionId, config), credential),
    security: (subscriptionId = sub1) => loopback(new SecurityCenter(sdkCredential, subscriptionId, config), credential),
    managementGroups: loopback(new ManagementGroupsAPI(sdkCredential, config), credential),
  };
}

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    if (isRestError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const bearer = { authorization: 'Bearer fake' };

const strictFilters = [
  ...['Hate', 'Sexual', 'Violence', 'Selfharm'].flatMap((name) =>
    (['Prompt', 'Completion'] as const).map((source) => ({ name, enabled: true, severityThreshold: 'Low' as const, blocking: true, source })),
  ),
  { name: 'Jailbreak', enabled: true, blocking: true, source: 'Prompt' as const },
  { name: 'Indirect Attack', enabled: true, blocking: true, source: 'Prompt' as const },
];

const testEstate: AzureEstateInput = {
  tenantId: tenant,
  managementGroups: [
    {
      name: 'contoso',
      displayName: 'Contoso',
      policyAssignments: [
        {
          name: 'root-local-auth',
          properties: {
            policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc',
            parameters: { effect: { value: 'Deny' } },
          },
        },
      ],
    },
    {
      name: 'contoso-platform',
      parent: 'contoso',
      subscriptions: [sub1],
      policyAssignments: [
        {
          name: 'platform-ai-baseline',
          properties: {
            policyDefinitionId: '/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policySetDefinitions/ai-baseline',
          },
        },
      ],
    },
  ],
  subscriptions: [
    {
      subscriptionId: sub1,
      displayName: 'Contoso AI Production',
      tags: { costCenter: 4711 },
      accounts: [
        {
          account: {
            id: accountId,
            location: 'eastus',
            kind: 'OpenAI',
            sku: { name: 'S0' },
            identity: { type: 'SystemAssigned', principalId: '9c1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6', tenantId: tenant },
            properties: {
              customSubDomainName: 'contoso-openai-eus',
              publicNetworkAccess: 'Disabled',
              disableLocalAuth: true,
              networkAcls: { defaultAction: 'Deny', ipRules: [] },
              encryption: { keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyName: 'cmk', keyVaultUri: 'https://kv-contoso.vault.azure.net/' } },
            },
          },
          deployments: [
            {
              name: 'gpt-4o',
              sku: { name: 'GlobalStandard', capacity: 80 },
              properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' }, raiPolicyName: 'contoso-strict' },
            },
            { name: 'gpt-4o-mini', properties: { model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' } } },
            {
              name: 'embedding',
              properties: { model: { format: 'OpenAI', name: 'text-embedding-3-large', version: '1' }, raiPolicyName: 'Microsoft.DefaultV2' },
            },
          ],
          raiPolicies: [
            {
              name: 'contoso-strict',
              properties: {
                mode: 'Default',
                basePolicyName: 'Microsoft.DefaultV2',
                contentFilters: strictFilters,
                customBlocklists: [{ blocklistName: 'banned', blocking: true, source: 'Prompt' }],
              },
            },
          ],
          raiBlocklists: [{ name: 'banned', properties: { description: 'Banned terms' } }],
          defenderForAISettings: [{ properties: { state: 'Enabled' } }],
          diagnosticSettings: [
            {
              name: 'to-law',
              properties: { workspaceId: workspace, logs: [{ categoryGroup: 'allLogs', enabled: true }], metrics: [{ category: 'AllMetrics', enabled: true }] },
            },
            {
              name: 'to-storage',
              properties: {
                storageAccountId: `/subscriptions/${sub1}/resourceGroups/rg-monitoring/providers/Microsoft.Storage/storageAccounts/stcontosologs`,
                logs: [{ category: 'Audit', enabled: true, retentionPolicy: { enabled: true, days: 90 } }],
              },
            },
          ],
        },
        {
          account: { id: swcAccountId, location: 'swedencentral', kind: 'AIServices', properties: { disableLocalAuth: false } },
          systemRaiPolicies: false,
          deployments: [
            { name: 'gpt-4o', properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }, raiPolicyName: 'Microsoft.DefaultV2' } },
          ],
        },
      ],
      metricAlerts: [
        {
          id: `/subscriptions/${sub1}/resourceGroups/rg-ai-prod/providers/Microsoft.Insights/metricAlerts/blocked-volume`,
          properties: {
            severity: 2,
            enabled: true,
            scopes: [accountId],
            evaluationFrequency: 'PT5M',
            windowSize: 'PT15M',
            criteria: {
              'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
              allOf: [
                {
                  criterionType: 'StaticThresholdCriterion',
                  name: 'Metric1',
                  metricName: 'RAIRejectedRequests',
                  metricNamespace: 'Microsoft.CognitiveServices/accounts',
                  operator: 'GreaterThan',
                  threshold: 10,
                  timeAggregation: 'Total',
                },
              ],
            },
            actions: [{ actionGroupId: `/subscriptions/${sub1}/resourceGroups/rg-monitoring/providers/microsoft.insights/actionGroups/ag-oncall` }],
          },
        },
      ],
      policyAssignments: [
        {
          name: 'sub-network',
          properties: {
            displayName: 'Restrict network',
            policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/037eea7a-bd0a-46c5-9a66-03aea78705d3',
            parameters: { effect: { value: 'Audit' } },
          },
        },
        {
          name: 'rg-diagnostics',
          properties: {
            scope: `/subscriptions/${sub1}/resourceGroups/rg-ai-prod`,
            policyDefinitionId: `/subscriptions/${sub1}/providers/Microsoft.Authorization/policyDefinitions/require-diagnostics`,
            enforcementMode: 'DoNotEnforce',
          },
        },
      ],
      pricings: {
        AI: {
          properties: {
            pricingTier: 'Standard',
            freeTrialRemainingTime: 'PT0S',
            enablementTime: '2025-07-01T09:30:12.4412298Z',
            enforce: false,
            resourcesCoverageStatus: 'FullyCovered',
            extensions: [{ name: 'AIPromptEvidence', isEnabled: true }],
          },
        },
      },
    },
    { subscriptionId: sub2, displayName: 'Contoso AI Sandbox', state: 'Warned' },
  ],
  policyDefinitions: [
    {
      name: '71ef260a-8f18-47b7-abcb-62d0673d94dc',
      properties: {
        policyType: 'BuiltIn',
        mode: 'Indexed',
        displayName: 'Azure AI Services resources should have key access disabled (disable local authentication)',
        parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
        policyRule: { if: { field: 'type', equals: 'Microsoft.CognitiveServices/accounts' }, then: { effect: "[parameters('effect')]" } },
      },
    },
    {
      id: `/subscriptions/${sub1}/providers/Microsoft.Authorization/policyDefinitions/require-diagnostics`,
      name: 'require-diagnostics',
      properties: { policyType: 'Custom', mode: 'Indexed', displayName: 'Require diagnostics' },
    },
    {
      id: '/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyDefinitions/require-custom-rai-policy',
      name: 'require-custom-rai-policy',
      properties: { policyType: 'Custom', mode: 'All' },
    },
  ],
  policySetDefinitions: [
    {
      name: 'builtin-ai-set',
      properties: {
        policyType: 'BuiltIn',
        displayName: 'Built-in AI set',
        policyDefinitions: [
          {
            policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc',
            policyDefinitionReferenceId: 'localAuth',
          },
        ],
      },
    },
    {
      id: `/subscriptions/${sub1}/providers/Microsoft.Authorization/policySetDefinitions/sub-ai-set`,
      name: 'sub-ai-set',
      properties: {
        policyType: 'Custom',
        policyDefinitions: [{ policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/037eea7a-bd0a-46c5-9a66-03aea78705d3' }],
      },
    },
    {
      id: '/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policySetDefinitions/ai-baseline',
      name: 'ai-baseline',
      properties: {
        policyType: 'Custom',
        displayName: 'AI baseline',
        policyDefinitions: [
          {
            policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc',
            policyDefinitionReferenceId: 'localAuth',
            parameters: { effect: { value: 'Deny' } },
          },
          {
            policyDefinitionId:
              '/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyDefinitions/require-custom-rai-policy',
            policyDefinitionReferenceId: 'contentFilter',
          },
        ],
      },
    },
  ],
};

describe('fake Azure Resource Manager, real SDK clients', () => {
  let cloud: FakeCloud;
  const unknown: string[] = [];
  beforeAll(async () => {
    cloud = await startFakeCloud({ azure: testEstate, onUnknownOperation: (info) => unknown.push(`${info.provider} ${info.service} ${info.operation}`) });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('binds to 127.0.0.1 only', () => {
    expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('Subscriptions_List and Subscriptions_Get (arm-resources-subscriptions, 2022-12-01)', async () => {
    const { subscriptions } = clients(cloud);
    const listed = await all(subscriptions.subscriptions.list());
    expect(listed).toEqual([
      {
        id: `/subscriptions/${sub1}`,
        subscriptionId: sub1,
        displayName: 'Contoso AI Production',
        tenantId: tenant,
        state: 'Enabled',
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
        authorizationSource: 'RoleBased',
        managedByTenants: [],
        tags: { costCenter: '4711' },
      },
      expect.objectContaining({ subscriptionId: sub2, state: 'Warned' }),
    ]);
    expect(await subscriptions.subscriptions.get(sub2)).toMatchObject({ id: `/subscriptions/${sub2}`, displayName: 'Contoso AI Sandbox' });
    const missing = await failure(subscriptions.subscriptions.get('00000000-0000-0000-0000-0000000000ff'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'SubscriptionNotFound' });
  });

  it('Accounts_List, Accounts_ListByResourceGroup and Accounts_Get (arm-cognitiveservices, 2025-09-01)', async () => {
    const cognitive = clients(cloud).cognitive();
    const accounts = await all(cognitive.accounts.list());
    expect(accounts.map((a) => a.name)).toEqual(['contoso-openai-eus', 'contoso-aiservices-swc']);
    const [first] = accounts;
    expect(first).toMatchObject({
      id: accountId,
      type: 'Microsoft.CognitiveServices/accounts',
      location: 'eastus',
      kind: 'OpenAI',
      sku: { name: 'S0' },
      identity: { type: 'SystemAssigned', principalId: '9c1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6' },
      properties: {
        provisioningState: 'Succeeded',
        endpoint: 'https://contoso-openai-eus.openai.azure.com/',
        publicNetworkAccess: 'Disabled',
        disableLocalAuth: true,
        networkAcls: { defaultAction: 'Deny', ipRules: [] },
        encryption: { keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyName: 'cmk' } },
      },
    });
    // Security settings the estate leaves out are not invented.
    expect(accounts[1]?.properties).toEqual({
      provisioningState: 'Succeeded',
      endpoint: 'https://contoso-aiservices-swc.cognitiveservices.azure.com/',
      disableLocalAuth: false,
    });
    expect((await all(cognitive.accounts.listByResourceGroup('RG-AI-SWC'))).map((a) => a.name)).toEqual(['contoso-aiservices-swc']);
    expect(await cognitive.accounts.get('rg-ai-prod', 'CONTOSO-OPENAI-EUS')).toMatchObject({ id: accountId });
    expect(await failure(cognitive.accounts.get('rg-ai-prod', 'nope'))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(await failure(cognitive.accounts.get('rg-missing', 'nope'))).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });

  it('Deployments_List and Deployments_Get', async () => {
    const cognitive = clients(cloud).cognitive();
    const deployments = await all(cognitive.deployments.list('rg-ai-prod', 'contoso-openai-eus'));
    expect(deployments.map((d) => [d.name, d.properties?.raiPolicyName])).toEqual([
      ['gpt-4o', 'contoso-strict'],
      ['gpt-4o-mini', undefined],
      ['embedding', 'Microsoft.DefaultV2'],
    ]);
    expect(deployments[1]).toMatchObject({
      id: `${accountId}/deployments/gpt-4o-mini`,
      type: 'Microsoft.CognitiveServices/accounts/deployments',
      sku: { name: 'Standard', capacity: 10 },
      properties: { provisioningState: 'Succeeded', model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' } },
    });
    expect(await cognitive.deployments.get('rg-ai-prod', 'contoso-openai-eus', 'gpt-4o')).toMatchObject({ sku: { name: 'GlobalStandard', capacity: 80 } });
    expect(await failure(cognitive.deployments.get('rg-ai-prod', 'contoso-openai-eus', 'gpt-5'))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('RaiPolicies_List and RaiPolicies_Get include the SystemManaged platform policies unless turned off', async () => {
    const cognitive = clients(cloud).cognitive();
    const policies = await all(cognitive.raiPolicies.list('rg-ai-prod', 'contoso-openai-eus'));
    expect(policies.map((p) => [p.name, p.properties?.type])).toEqual([
      ['Microsoft.Default', 'SystemManaged'],
      ['Microsoft.DefaultV2', 'SystemManaged'],
      ['contoso-strict', 'UserManaged'],
    ]);
    const custom = await cognitive.raiPolicies.get('rg-ai-prod', 'contoso-openai-eus', 'contoso-strict');
    expect(custom).toMatchObject({
      id: `${accountId}/raiPolicies/contoso-strict`,
      type: 'Microsoft.CognitiveServices/accounts/raiPolicies',
      properties: {
        mode: 'Default',
        basePolicyName: 'Microsoft.DefaultV2',
        contentFilters: strictFilters,
        customBlocklists: [{ blocklistName: 'banned', blocking: true, source: 'Prompt' }],
      },
    });
    const v2 = await cognitive.raiPolicies.get('rg-ai-prod', 'contoso-openai-eus', 'microsoft.defaultv2');
    expect(v2.properties?.contentFilters?.find((f) => f.name === 'Jailbreak')).toEqual({ name: 'Jailbreak', enabled: true, blocking: true, source: 'Prompt' });
    expect(await all(cognitive.raiPolicies.list('rg-ai-swc', 'contoso-aiservices-swc'))).toEqual([]);
  });

  it('RaiBlocklists_List and DefenderForAISettings_List (state flattened by the SDK)', async () => {
    const cognitive = clients(cloud).cognitive();
    const blocklist = {
      id: `${accountId}/raiBlocklists/banned`,
      name: 'banned',
      type: 'Microsoft.CognitiveServices/accounts/raiBlocklists',
      properties: { description: 'Banned terms' },
    };
    expect(await all(cognitive.raiBlocklists.list('rg-ai-prod', 'contoso-openai-eus'))).toEqual([blocklist]);
    expect(await cognitive.raiBlocklists.get('rg-ai-prod', 'contoso-openai-eus', 'BANNED')).toEqual(blocklist);
    expect(await all(cognitive.defenderForAISettings.list('rg-ai-prod', 'contoso-openai-eus'))).toEqual([
      {
        id: `${accountId}/defenderForAISettings/Default`,
        name: 'Default',
        type: 'Microsoft.CognitiveServices/accounts/defenderForAISettings',
        state: 'Enabled',
      },
    ]);
    expect(await cognitive.defenderForAISettings.get('rg-ai-prod', 'contoso-openai-eus', 'Default')).toMatchObject({ state: 'Enabled' });
    expect(await all(cognitive.defenderForAISettings.list('rg-ai-swc', 'contoso-aiservices-swc'))).toEqual([]);
  });

  it('DiagnosticSettings_List and DiagnosticSettingsCategory_List (arm-monitor 8, flattened, 2021-05-01-preview)', async () => {
    const monitor = clients(cloud).monitor();
    const settings = await all(monitor.diagnosticSettings.list(accountId.slice(1)));
    expect(settings).toEqual([
      {
        id: `${accountId}/providers/microsoft.insights/diagnosticSettings/to-law`,
        name: 'to-law',
        type: 'Microsoft.Insights/diagnosticSettings',
        systemData: undefined,
        storageAccountId: undefined,
        serviceBusRuleId: undefined,
        eventHubAuthorizationRuleId: undefined,
        eventHubName: undefined,
        workspaceId: workspace,
        marketplacePartnerId: undefined,
        logAnalyticsDestinationType: undefined,
        logs: [{ category: undefined, categoryGroup: 'allLogs', enabled: true, retentionPolicy: undefined }],
        metrics: [{ category: 'AllMetrics', enabled: true, timeGrain: undefined, retentionPolicy: undefined }],
      },
      expect.objectContaining({
        name: 'to-storage',
        logs: [{ category: 'Audit', categoryGroup: undefined, enabled: true, retentionPolicy: { enabled: true, days: 90 } }],
      }),
    ]);
    expect(await monitor.diagnosticSettings.get(accountId.slice(1), 'to-law')).toMatchObject({ workspaceId: workspace });
    expect(await all(monitor.diagnosticSettings.list(swcAccountId.slice(1)))).toEqual([]);
    const categories = await all(monitor.diagnosticSettingsCategory.list(accountId.slice(1)));
    expect(categories.map((c) => [c.name, c.categoryType, c.categoryGroups])).toEqual([
      ['Audit', 'Logs', ['audit', 'allLogs']],
      ['RequestResponse', 'Logs', ['allLogs']],
      ['Trace', 'Logs', ['allLogs']],
      ['AzureOpenAIRequestUsage', 'Logs', ['allLogs']],
      ['AllMetrics', 'Metrics', undefined],
    ]);
  });

  it('MetricAlerts_ListBySubscription (arm-monitor 8, 2026-01-01)', async () => {
    const alerts = await all(clients(cloud).monitor().metricAlerts.listBySubscription());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      name: 'blocked-volume',
      type: 'Microsoft.Insights/metricAlerts',
      location: 'global',
      enabled: true,
      severity: 2,
      scopes: [accountId],
      criteria: {
        odataType: 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
        allOf: [{ metricName: 'RAIRejectedRequests', timeAggregation: 'Total', threshold: 10 }],
      },
      actions: [{ actionGroupId: `/subscriptions/${sub1}/resourceGroups/rg-monitoring/providers/microsoft.insights/actionGroups/ag-oncall` }],
    });
    expect(await all(clients(cloud).monitor(sub2).metricAlerts.listBySubscription())).toEqual([]);
  });

  it('Metrics_List (arm-monitor 8, 2024-02-01): the Metrics_List wire shape; no series without estate metrics; 400 for an unknown metric', async () => {
    const monitor = clients(cloud).monitor();
    const timespan = '2025-06-01T00:00:00.000Z/2025-06-03T00:00:00.000Z';
    const answer = await monitor.metrics.list(accountId.slice(1), {
      metricnames: 'AzureOpenAIRequests,RAIRejectedRequests',
      timespan,
      interval: 'P1D',
      aggregation: 'Total',
      filter: "ModelDeploymentName eq '*'",
    });
    expect(answer).toMatchObject({ timespan, interval: 'P1D', namespace: 'Microsoft.CognitiveServices/accounts', resourceregion: 'eastus' });
    expect(answer.value.map((metric) => [metric.name.value, metric.type, metric.unit, metric.timeseries])).toEqual([
      ['AzureOpenAIRequests', 'Microsoft.Insights/metrics', 'Count', []],
      ['RAIRejectedRequests', 'Microsoft.Insights/metrics', 'Count', []],
    ]);
    const unknown = await failure(monitor.metrics.list(accountId.slice(1), { metricnames: 'NoSuchMetric', timespan }));
    expect(unknown).toMatchObject({ statusCode: 400 });
    expect(unknown.message).toMatch(/Failed to find metric configuration/);
  });

  it('PolicyAssignments_List: subscription, resource-group and inherited management-group assignments; $filter', async () => {
    const policy = clients(cloud).policy();
    const assignments = await all(policy.policyAssignments.list());
    expect(assignments.map((a) => [a.name, a.scope, a.enforcementMode])).toEqual([
      ['sub-network', `/subscriptions/${sub1}`, 'Default'],
      ['rg-diagnostics', `/subscriptions/${sub1}/resourceGroups/rg-ai-prod`, 'DoNotEnforce'],
      ['platform-ai-baseline', '/providers/Microsoft.Management/managementGroups/contoso-platform', 'Default'],
      ['root-local-auth', '/providers/Microsoft.Management/managementGroups/contoso', 'Default'],
    ]);
    expect(assignments[0]).toMatchObject({
      id: `/subscriptions/${sub1}/providers/Microsoft.Authorization/policyAssignments/sub-network`,
      type: 'Microsoft.Authorization/policyAssignments',
      displayName: 'Restrict network',
      policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/037eea7a-bd0a-46c5-9a66-03aea78705d3',
      parameters: { effect: { value: 'Audit' } },
    });
    expect(assignments[3]?.id).toBe(
      '/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/root-local-auth',
    );
    expect((await all(policy.policyAssignments.list({ filter: 'atScope()' }))).map((a) => a.name)).toEqual([
      'sub-network',
      'platform-ai-baseline',
      'root-local-auth',
    ]);
    expect((await all(policy.policyAssignments.list({ filter: 'atExactScope()' }))).map((a) => a.name)).toEqual(['sub-network']);
    expect(
      (
        await all(
          policy.policyAssignments.list({
            filter: "policyDefinitionId eq '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc'",
          }),
        )
      ).map((a) => a.name),
    ).toEqual(['root-local-auth']);
    expect(await failure(all(policy.policyAssignments.list({ filter: 'bogus' })))).toMatchObject({ statusCode: 400, code: 'InvalidFilterInQueryString' });
    expect(await all(clients(cloud).policy(sub2).policyAssignments.list())).toEqual([]);
  });

  it('PolicyDefinitions and PolicySetDefinitions: built-in, subscription and management-group forms', async () => {
    const policy = clients(cloud).policy();
    expect(await policy.policyDefinitions.getBuiltIn('71ef260a-8f18-47b7-abcb-62d0673d94dc')).toMatchObject({
      id: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc',
      type: 'Microsoft.Authorization/policyDefinitions',
      policyType: 'BuiltIn',
      parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
      policyRule: { then: { effect: "[parameters('effect')]" } },
    });
    expect(await policy.policyDefinitions.get('require-diagnostics')).toMatchObject({ policyType: 'Custom', displayName: 'Require diagnostics' });
    expect(await policy.policyDefinitions.getAtManagementGroup('contoso', 'require-custom-rai-policy')).toMatchObject({ mode: 'All' });
    expect(await failure(policy.policyDefinitions.getBuiltIn('require-diagnostics'))).toMatchObject({ statusCode: 404, code: 'PolicyDefinitionNotFound' });
    expect(await failure(policy.policyDefinitions.get('require-custom-rai-policy'))).toMatchObject({ statusCode: 404, code: 'PolicyDefinitionNotFound' });

    expect(await policy.policySetDefinitions.getBuiltIn('builtin-ai-set')).toMatchObject({
      policyType: 'BuiltIn',
      policyDefinitions: [{ policyDefinitionReferenceId: 'localAuth' }],
    });
    expect(await policy.policySetDefinitions.get('sub-ai-set')).toMatchObject({
      id: `/subscriptions/${sub1}/providers/Microsoft.Authorization/policySetDefinitions/sub-ai-set`,
    });
    const baseline = await policy.policySetDefinitions.getAtManagementGroup('contoso', 'ai-baseline');
    expect(baseline.policyDefinitions?.map((d) => d.policyDefinitionReferenceId)).toEqual(['localAuth', 'contentFilter']);
    expect(baseline.policyDefinitions?.[0]?.parameters).toEqual({ effect: { value: 'Deny' } });
    expect(await failure(policy.policySetDefinitions.getAtManagementGroup('other', 'ai-baseline'))).toMatchObject({
      statusCode: 404,
      code: 'PolicySetDefinitionNotFound',
    });
  });

  it('Pricings_Get: the SDK (2022-03-01) sees the old members; 2024-01-01 raw requests get extensions; AI defaults to Free', async () => {
    const security = clients(cloud).security();
    expect(await security.pricings.get('AI')).toEqual({
      id: `/subscriptions/${sub1}/providers/Microsoft.Security/pricings/AI`,
      name: 'AI',
      type: 'Microsoft.Security/pricings',
      pricingTier: 'Standard',
      freeTrialRemainingTime: 'PT0S',
    });
    const raw = await fetch(`${cloud.url}/subscriptions/${sub1}/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01`, { headers: bearer });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({
      id: `/subscriptions/${sub1}/providers/Microsoft.Security/pricings/AI`,
      name: 'AI',
      type: 'Microsoft.Security/pricings',
      properties: {
        pricingTier: 'Standard',
        freeTrialRemainingTime: 'PT0S',
        enablementTime: '2025-07-01T09:30:12.4412298Z',
        enforce: 'False',
        resourcesCoverageStatus: 'FullyCovered',
        extensions: [{ name: 'AIPromptEvidence', isEnabled: 'True' }],
      },
    });
    expect(await clients(cloud).security(sub2).pricings.get('AI')).toMatchObject({ pricingTier: 'Free' });
    expect(await failure(security.pricings.get('VirtualMachines'))).toMatchObject({ statusCode: 404 });
  });

  it('ManagementGroups_GetDescendants (arm-managementgroups, 2021-04-01): nested groups and subscriptions, the tenant root group, 403 for an unknown group', async () => {
    const { managementGroups } = clients(cloud);
    const below = await all(managementGroups.managementGroups.listDescendants('contoso'));
    expect(below).toEqual([
      {
        id: '/providers/Microsoft.Management/managementGroups/contoso-platform',
        type: 'Microsoft.Management/managementGroups',
        name: 'contoso-platform',
        displayName: 'contoso-platform',
        parent: { id: '/providers/Microsoft.Management/managementGroups/contoso' },
      },
      {
        id: `/subscriptions/${sub1}`,
        type: 'Microsoft.Management/managementGroups/subscriptions',
        name: sub1,
        displayName: 'Contoso AI Production',
        parent: { id: '/providers/Microsoft.Management/managementGroups/contoso-platform' },
      },
    ]);
    // The tenant root group (named by the tenant id) holds every group, and the subscriptions in none.
    const root = await all(managementGroups.managementGroups.listDescendants(tenant));
    expect(root.map((entry) => entry.name)).toEqual(['contoso', sub2, 'contoso-platform', sub1]);
    expect(root.find((entry) => entry.name === sub2)?.parent?.id).toBe(`/providers/Microsoft.Management/managementGroups/${tenant}`);
    const unknownGroup = await failure(all(managementGroups.managementGroups.listDescendants('no-such-group')));
    expect(unknownGroup).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(unknownGroup.message).toMatch(
      /perform action 'Microsoft\.Management\/managementGroups\/descendants\/read' over scope '\/providers\/Microsoft\.Management\/managementGroups\/no-such-group' or the scope is invalid/,
    );
  });

  it('logs every request with its operation id, provider, subscription and api-version', () => {
    const seen = new Map<string, Set<string>>();
    for (const request of cloud.requests) {
      if (request.provider !== 'azure') continue;
      const versions = seen.get(request.operation) ?? new Set<string>();
      versions.add(request.apiVersion ?? '');
      seen.set(request.operation, versions);
    }
    const versionOf = (operation: string) => [...(seen.get(operation) ?? [])];
    expect(versionOf('Subscriptions_List')).toEqual([sdkApiVersions['@azure/arm-resources-subscriptions']]);
    expect(versionOf('Subscriptions_List')).toEqual(['2022-12-01']);
    for (const operation of [
      'Accounts_List',
      'Accounts_Get',
      'Deployments_List',
      'RaiPolicies_List',
      'RaiPolicies_Get',
      'RaiBlocklists_List',
      'DefenderForAISettings_List',
    ]) {
      expect(versionOf(operation), operation).toEqual(['2025-09-01']);
    }
    expect(versionOf('DiagnosticSettings_List')).toEqual(['2021-05-01-preview']);
    expect(versionOf('DiagnosticSettingsCategory_List')).toEqual(['2021-05-01-preview']);
    expect(versionOf('MetricAlerts_ListBySubscription')).toEqual(['2026-01-01']);
    expect(versionOf('Metrics_List')).toEqual([sdkApiVersions['@azure/arm-monitor metrics']]);
    for (const operation of [
      'PolicyAssignments_List',
      'PolicyDefinitions_GetBuiltIn',
      'PolicyDefinitions_Get',
      'PolicyDefinitions_GetAtManagementGroup',
      'PolicySetDefinitions_GetBuiltIn',
      'PolicySetDefinitions_Get',
      'PolicySetDefinitions_GetAtManagementGroup',
    ]) {
      expect(versionOf(operation), operation).toEqual(['2025-03-01']);
    }
    expect(versionOf('Pricings_Get').sort()).toEqual(['2022-03-01', '2024-01-01']);
    expect(versionOf('ManagementGroups_GetDescendants')).toEqual([sdkApiVersions['@azure/arm-managementgroups']]);
    // Every served operation was exercised.
    expect(fakeAzureOperations.map((o) => o.operation).filter((operation) => !seen.has(operation))).toEqual([]);

    const accountsList = cloud.requests.find((r) => r.operation === 'Accounts_List');
    expect(accountsList).toMatchObject({ provider: 'azure', service: 'Microsoft.CognitiveServices', region: sub1, status: 200 });
    expect(cloud.requests.find((r) => r.operation === 'Subscriptions_List')).toMatchObject({ service: 'Microsoft.Resources', region: '' });
    expect(cloud.requests.find((r) => r.operation === 'PolicyDefinitions_GetBuiltIn')).toMatchObject({ service: 'Microsoft.Authorization', region: '' });
    expect(cloud.requests.find((r) => r.operation === 'MetricAlerts_ListBySubscription')).toMatchObject({ service: 'Microsoft.Insights', region: sub1 });
    expect(cloud.requests.find((r) => r.operation === 'Pricings_Get')).toMatchObject({ service: 'Microsoft.Security', region: sub1 });
  });

  it('answers in ARM format with ARM headers', async () => {
    const response = await fetch(`${cloud.url}/subscriptions/${sub1}/providers/Microsoft.CognitiveServices/accounts?api-version=2025-09-01`, {
      headers: bearer,
    });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('249');
    expect(Object.keys((await response.json()) as object)).toEqual(['value']);
  });

  it('401 AuthenticationFailed without a bearer token; 400 MissingApiVersionParameter without api-version', async () => {
    const missing = await fetch(`${cloud.url}/subscriptions?api-version=2022-12-01`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(
      /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c", error="invalid_token"/,
    );
    expect(await missing.json()).toEqual({ error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } });
    const basic = await fetch(`${cloud.url}/subscriptions?api-version=2022-12-01`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(((await basic.json()) as { error: { code: string } }).error.code).toBe('AuthenticationFailed');
    const sdk = await failure(all(clients(cloud, { credential: null }).cognitive().accounts.list()));
    expect(sdk).toMatchObject({ statusCode: 401, code: 'AuthenticationFailed' });

    const noVersion = await fetch(`${cloud.url}/subscriptions/${sub1}/providers/Microsoft.CognitiveServices/accounts`, { headers: bearer });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toEqual({
      error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
    });
  });

  it('checks a JWT bearer token for the Resource Manager audience and expiry', async () => {
    const jwt = (claims: object) =>
      `${Buffer.from('{"typ":"JWT","alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const now = Math.floor(Date.now() / 1000);
    const get = (token: string) => fetch(`${cloud.url}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(jwt({ aud: 'https://management.core.windows.net/', exp: now + 600 }))).status).toBe(200);
    const wrongAudience = await get(jwt({ aud: cloud.url, exp: now + 600 }));
    expect(wrongAudience.status).toBe(401);
    expect(((await wrongAudience.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationTokenAudience');
    const expired = await get(jwt({ aud: 'https://management.azure.com', exp: now - 60 }));
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('ExpiredAuthenticationToken');
  });

  it('answers unknown operations 404 in ARM format and reports them', async () => {
    const before = unknown.length;
    const listKeys = await fetch(`${cloud.url}${accountId}/listKeys?api-version=2025-09-01`, { method: 'POST', headers: bearer });
    expect(listKeys.status).toBe(404);
    expect(((await listKeys.json()) as { error: { code: string } }).error.code).toBe('ResourceNotFound');
    const noProvider = await fetch(`${cloud.url}/subscriptions/${sub1}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`, {
      headers: bearer,
    });
    expect(noProvider.status).toBe(404);
    expect(((await noProvider.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'NoRegisteredProviderFound',
      message: "No registered resource provider found for location 'global' and API version '2024-07-01' for type 'Microsoft.Compute/virtualMachines'.",
    });
    // A resource URI with a leading slash makes arm-monitor request `//subscriptions/…`.
    expect(await failure(all(clients(cloud).monitor().diagnosticSettings.list(accountId)))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(unknown.slice(before)).toEqual([
      `azure Microsoft.CognitiveServices POST ${accountId}/listKeys`,
      `azure Microsoft.Compute GET /subscriptions/${sub1}/providers/Microsoft.Compute/virtualMachines`,
      `azure Microsoft.Insights GET /${accountId}/providers/Microsoft.Insights/diagnosticSettings`,
    ]);
  });
});

describe('pagination', () => {
  let cloud: FakeCloud;
  beforeAll(async () => {
    cloud = await startFakeCloud({ azure: { ...testEstate, pageSize: 1 } });
  });
  afterAll(async () => {
    await cloud.close();
  });

  const pages = (operation: string, before: number) => cloud.requests.slice(before).filter((r) => r.operation === operation).length;

  it('every SDK follows the absolute nextLink', async () => {
    const c = clients(cloud);
    let before = cloud.requests.length;
    expect(await all(c.subscriptions.subscriptions.list())).toHaveLength(2);
    expect(pages('Subscriptions_List', before)).toBe(2);
    before = cloud.requests.length;
    expect((await all(c.cognitive().deployments.list('rg-ai-prod', 'contoso-openai-eus'))).map((d) => d.name)).toEqual(['gpt-4o', 'gpt-4o-mini', 'embedding']);
    expect(pages('Deployments_List', before)).toBe(3);
    before = cloud.requests.length;
    expect(await all(c.cognitive().raiPolicies.list('rg-ai-prod', 'contoso-openai-eus'))).toHaveLength(3);
    expect(await all(c.cognitive().accounts.list())).toHaveLength(2);
    expect(await all(c.monitor().diagnosticSettings.list(accountId.slice(1)))).toHaveLength(2);
    expect(await all(c.monitor().diagnosticSettingsCategory.list(accountId.slice(1)))).toHaveLength(5);
    expect(await all(c.policy().policyAssignments.list({ filter: 'atScope()' }))).toHaveLength(3);
    expect(pages('PolicyAssignments_List', before)).toBe(3);
    expect(pages('DiagnosticSettingsCategory_List', before)).toBe(5);
    before = cloud.requests.length;
    expect((await all(c.managementGroups.managementGroups.listDescendants('contoso'))).map((entry) => entry.name)).toEqual(['contoso-platform', sub1]);
    expect(pages('ManagementGroups_GetDescendants', before)).toBe(2);
    // nextLink requests keep the api-version they started with.
    expect(new Set(cloud.requests.filter((r) => r.operation === 'DiagnosticSettings_List').map((r) => r.apiVersion))).toEqual(new Set(['2021-05-01-preview']));
  });

  it('nextLink is absolute, keeps api-version and $filter, and rejects a foreign skip token', async () => {
    const first = await fetch(
      `${cloud.url}/subscriptions/${sub1}/providers/Microsoft.Authorization/policyAssignments?api-version=2025-03-01&%24filter=atScope()`,
      { headers: bearer },
    );
    const body = (await first.json()) as { value: unknown[]; nextLink: string };
    expect(body.value).toHaveLength(1);
    const next = new URL(body.nextLink);
    expect(`${next.protocol}//${next.host}`).toBe(cloud.url);
    expect(next.searchParams.get('api-version')).toBe('2025-03-01');
    expect(next.searchParams.get('$filter')).toBe('atScope()');
    const token = next.searchParams.get('$skiptoken') ?? '';
    const foreign = await fetch(`${cloud.url}/subscriptions/${sub1}/providers/Microsoft.Insights/metricAlerts?api-version=2026-01-01&$skiptoken=${token}`, {
      headers: bearer,
    });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('InvalidSkipToken');
  });

  it('$top limits a policy-assignment page', async () => {
    const unpaged = await startFakeCloud({ azure: testEstate });
    try {
      const response = await fetch(`${unpaged.url}/subscriptions/${sub1}/providers/Microsoft.Authorization/policyAssignments?api-version=2025-03-01&$top=2`, {
        headers: bearer,
      });
      const body = (await response.json()) as { value: unknown[]; nextLink?: string };
      expect(body.value).toHaveLength(2);
      expect(body.nextLink).toContain('%24top=2');
    } finally {
      await unpaged.close();
    }
  });
});

describe('faults and latency', () => {
  let cloud: FakeCloud;
  beforeAll(async () => {
    cloud = await startFakeCloud({
      azure: {
        ...testEstate,
        principal: { objectId: '11111111-2222-3333-4444-555555555555' },
        faults: [
          { subscriptionId: sub2, error: 'AuthorizationFailed' },
          { subscriptionId: sub1, operation: 'DiagnosticSettings_List', accountName: 'contoso-openai-eus', status: 403 },
          { subscriptionId: sub1, operation: 'Deployments_List', status: 429, retryAfter: 0, times: 2 },
          { subscriptionId: sub1, operation: 'MetricAlerts_ListBySubscription', status: 429, retryAfter: 7 },
          { subscriptionId: sub1, provider: 'Microsoft.Security', error: 'InternalServerError', retryAfter: null },
          { operation: 'PolicyDefinitions_GetBuiltIn', status: 429, retryAfter: null },
          { managementGroup: 'contoso-platform', operation: 'ManagementGroups_GetDescendants', status: 403 },
        ],
      },
    });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('403 AuthorizationFailed is a RestError with statusCode 403 in both SDK generations', async () => {
    const c = clients(cloud);
    const classic = await failure(all(c.cognitive(sub2).accounts.list()));
    expect(classic).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(classic.message).toBe(
      `The client '11111111-2222-3333-4444-555555555555' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/read' over scope '/subscriptions/${sub2}/providers/Microsoft.CognitiveServices/accounts' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    expect(classic.response?.headers.get('x-ms-failure-cause')).toBe('gateway');
    expect(await failure(all(c.policy(sub2).policyAssignments.list()))).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(await failure(c.subscriptions.subscriptions.get(sub2))).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    // The subscription is still listed (tenant-level read), and its neighbour is readable.
    expect((await all(c.subscriptions.subscriptions.list())).map((s) => s.subscriptionId)).toEqual([sub1, sub2]);
    expect(await all(c.cognitive(sub1).accounts.list())).toHaveLength(2);
  });

  it('a fault can target one account', async () => {
    const monitor = clients(cloud).monitor();
    const denied = await failure(all(monitor.diagnosticSettings.list(accountId.slice(1))));
    expect(denied).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    // The modular SDKs' pagers replace ARM's message with their own (the code survives).
    expect(denied.message).toBe('Pagination failed with unexpected statusCode 403');
    const raw = await fetch(`${cloud.url}${accountId}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`, { headers: bearer });
    expect(((await raw.json()) as { error: { message: string } }).error.message).toContain("perform action 'Microsoft.Insights/diagnosticSettings/read'");
    expect(await all(monitor.diagnosticSettings.list(swcAccountId.slice(1)))).toEqual([]);
  });

  it('a fault can target one management group', async () => {
    const { managementGroups } = clients(cloud);
    expect((await all(managementGroups.managementGroups.listDescendants('contoso'))).map((entry) => entry.name)).toEqual(['contoso-platform', sub1]);
    const denied = await failure(all(managementGroups.managementGroups.listDescendants('contoso-platform')));
    expect(denied).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(denied.message).toContain(
      "perform action 'Microsoft.Management/managementGroups/descendants/read' over scope '/providers/Microsoft.Management/managementGroups/contoso-platform/descendants'",
    );
    expect(cloud.requests.filter((request) => request.operation === 'ManagementGroups_GetDescendants').at(-1)).toMatchObject({
      service: 'Microsoft.Management',
      region: '',
      status: 403,
    });
  });

  it('429 with Retry-After: the SDK retry policy waits and succeeds once the fault is used up', async () => {
    const before = cloud.requests.length;
    const deployments = await all(clients(cloud, { retries: 3 }).cognitive().deployments.list('rg-ai-prod', 'contoso-openai-eus'));
    expect(deployments).toHaveLength(3);
    expect(cloud.requests.slice(before).map((r) => [r.operation, r.status])).toEqual([
      ['Deployments_List', 429],
      ['Deployments_List', 429],
      ['Deployments_List', 200],
    ]);
  });

  it('429 carries Retry-After and x-ms-ratelimit-remaining-subscription-reads; without retries it surfaces', async () => {
    const error = await failure(all(clients(cloud).monitor().metricAlerts.listBySubscription()));
    expect(error).toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
    expect(error.response?.headers.get('retry-after')).toBe('7');
    expect(error.response?.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe('0');
    const raw = await fetch(`${cloud.url}/subscriptions/${sub1}/providers/Microsoft.Insights/metricAlerts?api-version=2026-01-01`, { headers: bearer });
    expect(((await raw.json()) as { error: { message: string } }).error.message).toMatch(
      /^Number of 'read' requests for subscription '00000000-0000-0000-0000-000000000001' actor '11111111-2222-3333-4444-555555555555' exceeded\. Please try again after '7' seconds/,
    );
    // Tenant-level throttling, and a 429 without Retry-After (the SDK does not retry those).
    const before = cloud.requests.length;
    const tenantLevel = await failure(clients(cloud, { retries: 3 }).policy().policyDefinitions.getBuiltIn('71ef260a-8f18-47b7-abcb-62d0673d94dc'));
    expect(tenantLevel).toMatchObject({ statusCode: 429, code: 'TenantRequestsThrottled' });
    expect(tenantLevel.response?.headers.get('retry-after')).toBeFalsy();
    expect(tenantLevel.response?.headers.get('x-ms-ratelimit-remaining-tenant-reads')).toBe('0');
    expect(cloud.requests.length - before).toBe(1);
  });

  it('other codes take their ARM status', async () => {
    expect(await failure(clients(cloud).security().pricings.get('AI'))).toMatchObject({
      statusCode: 500,
      code: 'InternalServerError',
      message: 'Injected InternalServerError',
    });
  });

  it('applies latency per request (estate plus subscription)', async () => {
    const slow = await startFakeCloud({
      azure: {
        tenantId: tenant,
        latencyMs: 100,
        subscriptions: [
          { subscriptionId: sub1, displayName: 'slow', latencyMs: 150 },
          { subscriptionId: sub2, displayName: 'fast' },
        ],
      },
    });
    try {
      const c = clients(slow);
      let started = Date.now();
      await all(c.cognitive(sub2).accounts.list());
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
      started = Date.now();
      await all(c.cognitive(sub1).accounts.list());
      expect(Date.now() - started).toBeGreaterThanOrEqual(245);
      expect(slow.requests.map((r) => r.latencyMs)).toEqual([100, 250]);
    } finally {
      await slow.close();
    }
  });

  it('a bearerToken in the estate rejects other tokens', async () => {
    const locked = await startFakeCloud({ azure: { tenantId: tenant, bearerToken: 'only-this', subscriptions: [{ subscriptionId: sub1, displayName: 'x' }] } });
    try {
      expect(await failure(all(clients(locked).subscriptions.subscriptions.list()))).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
      const fixed: TokenCredential = { getToken: async () => ({ token: 'only-this', expiresOnTimestamp: Date.now() + 3.6e6 }) };
      expect(await all(clients(locked, { credential: fixed }).subscriptions.subscriptions.list())).toHaveLength(1);
    } finally {
      await locked.close();
    }
  });
});

describe('REST spec example payloads round-trip through the SDK deserialisers', () => {
  const body = (file: string): Record<string, unknown> & { value?: Record<string, unknown>[] } =>
    (
      JSON.parse(readFileSync(new URL(file, examplesDir), 'utf8')) as {
        responses: { '200': { body: Record<string, unknown> & { value?: Record<string, unknown>[] } } };
      }
    ).responses['200'].body;
  const exampleSub = '00000000-0000-0000-0000-000000000000';
  const exampleAccount = `/subscriptions/${exampleSub}/resourceGroups/resourceGroupName/providers/Microsoft.CognitiveServices/accounts/accountName`;
  const withoutId = <T extends Record<string, unknown>>(item: T): Omit<T, 'id'> => {
    const { id: _id, ...rest } = item;
    return rest;
  };
  let cloud: FakeCloud;
  beforeAll(async () => {
    const listed = body('ListAccountsBySubscription.2025-06-01.json').value ?? [];
    const created = body('CreateAccount.2024-10-01.json');
    const estate = {
      tenantId: tenant,
      subscriptions: [
        {
          subscriptionId: '00000000-1111-2222-3333-444444444444',
          displayName: 'examples',
          // Pasted verbatim; CreateAccount's id has a placeholder subscription (xxxxxxxx-…), so it is re-homed.
          accounts: [
            ...listed.map((account) => ({ account })),
            { account: body('GetAccount.2025-09-01.json') },
            {
              account: {
                ...created,
                id: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/myResourceGroup/providers/Microsoft.CognitiveServices/accounts/testCreate1',
              },
            },
          ],
        },
        {
          subscriptionId: exampleSub,
          displayName: 'child examples',
          accounts: [
            {
              account: { id: exampleAccount, location: 'westus', kind: 'OpenAI', properties: {} },
              systemRaiPolicies: false,
              // Deployment examples use the literal "subscriptionId" in their ids; diagnostic examples point at a Logic App: ids left out.
              deployments: [
                ...(body('ListDeployments.2024-10-01.json').value ?? []).map(withoutId),
                { ...withoutId(body('GetDeployment.2025-12-01.json')), name: 'deploymentName2' },
              ],
              raiPolicies: body('ListRaiPolicies.2025-06-01.json').value,
              raiBlocklists: body('ListBlocklists.2025-10-01-preview.json').value,
              defenderForAISettings: body('ListDefenderForAISetting.2025-09-01.json').value,
              diagnosticSettings: [withoutId(body('monitor.getDiagnosticSetting.2021-05-01-preview.json'))],
              diagnosticSettingsCategories: (body('monitor.listDiagnosticSettingsCategories.2021-05-01-preview.json').value ?? []).map(withoutId),
            },
          ],
        },
      ],
    };
    cloud = await startFakeCloud({ azure: estate as AzureEstateInput });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('accounts (ListAccountsBySubscription, GetAccount, CreateAccount)', async () => {
    const accounts = await all(clients(cloud).cognitive('00000000-1111-2222-3333-444444444444').accounts.list());
    expect(accounts.map((a) => [a.name, a.kind, a.location])).toEqual([
      ['bingSearch', 'Bing.Search', 'global'],
      ['CrisProd', 'CRIS', 'westus'],
      ['rayrptest0308', 'Face', 'westus'],
      ['raytest02', 'Emotion', 'westus'],
      ['myAccount', 'Emotion', 'westus'],
      ['testCreate1', 'Emotion', 'West US'],
    ]);
    expect(accounts[1]).toMatchObject({
      tags: { "can't delete it successfully": 'v-yunjin' },
      etag: `W/"datetime'2017-03-31T08%3A57%3A07.4499566Z'"`,
      properties: { endpoint: 'https://westus.api.cognitive.microsoft.com/sts/v1.0', provisioningState: 'Succeeded' },
    });
    expect(accounts[5]).toMatchObject({
      identity: { type: 'SystemAssigned', principalId: 'b5cf119e-a5c2-42c7-802f-592e0efb169f', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
      properties: {
        encryption: {
          keySource: 'Microsoft.KeyVault',
          keyVaultProperties: { keyName: 'FakeKeyName', keyVaultUri: 'https://pltfrmscrts-use-pc-dev.vault.azure.net/' },
        },
      },
    });
  });

  it('deployments, RAI policies, blocklists, Defender for AI settings', async () => {
    const cognitive = clients(cloud).cognitive(exampleSub);
    const deployments = await all(cognitive.deployments.list('resourceGroupName', 'accountName'));
    expect(deployments.map((d) => [d.id, d.sku, d.properties?.model])).toEqual([
      [`${exampleAccount}/deployments/deploymentName`, { name: 'Standard', capacity: 1 }, { format: 'OpenAI', name: 'ada', version: '1' }],
      [`${exampleAccount}/deployments/deploymentName2`, { name: 'Standard', capacity: 1 }, { format: 'OpenAI', name: 'ada', version: '1' }],
    ]);
    const expected = body('GetRaiPolicy.2025-06-01.json') as { properties: { contentFilters: unknown[] } };
    const policy = await cognitive.raiPolicies.get('resourceGroupName', 'accountName', 'raiPolicyName');
    expect(policy).toMatchObject({
      id: `${exampleAccount}/raiPolicies/raiPolicyName`,
      properties: { basePolicyName: 'Microsoft.Default', mode: 'Asynchronous_filter', type: 'UserManaged' },
    });
    expect(policy.properties?.contentFilters).toEqual(expected.properties.contentFilters);
    expect(await all(cognitive.raiBlocklists.list('resourceGroupName', 'accountName'))).toMatchObject([
      { name: 'raiBlocklistName', properties: { description: 'This is a sample blocklist' } },
    ]);
    const [defender] = await all(cognitive.defenderForAISettings.list('resourceGroupName', 'accountName'));
    expect(defender).toMatchObject({
      name: 'Default',
      state: 'Enabled',
      etag: '"00000000-0000-0000-0000-000000000000"',
      systemData: { createdByType: 'User', createdAt: new Date('2022-04-03T04:41:33.937Z') },
    });
  });

  it('diagnostic settings and categories (flattened by arm-monitor 8)', async () => {
    const monitor = clients(cloud).monitor(exampleSub);
    const [setting] = await all(monitor.diagnosticSettings.list(exampleAccount.slice(1)));
    expect(setting).toMatchObject({
      name: 'mysetting',
      storageAccountId:
        '/subscriptions/df602c9c-7aa0-407d-a6fb-eb20c8bd1192/resourceGroups/apptest/providers/Microsoft.Storage/storageAccounts/appteststorage1',
      workspaceId: '',
      marketplacePartnerId: '/subscriptions/abcdeabc-1234-1234-ab12-123a1234567a/resourceGroups/test-rg/providers/Microsoft.Datadog/monitors/dd1',
      metrics: [{ category: 'WorkflowMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
      logs: [{ categoryGroup: 'allLogs', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
    });
    expect((await all(monitor.diagnosticSettingsCategory.list(exampleAccount.slice(1)))).map((c) => [c.name, c.categoryType, c.categoryGroups])).toEqual([
      ['WorkflowRuntime', 'Logs', ['allLogs']],
      ['WorkflowMetric', 'Metrics', undefined],
    ]);
  });
});

describe('Azure CLI credential against the fake az', () => {
  const withPath = async <T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> => {
    const saved = { ...process.env };
    process.env.PATH = `${binDir}${delimiter}${process.env.PATH ?? ''}`;
    Object.assign(process.env, env);
    try {
      return await run();
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  };

  it('AzureCliCredential returns the fake az token when fixtures/bin is first on PATH', async () => {
    const token = await withPath({}, () => new AzureCliCredential().getToken(armScope));
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'https://management.azure.com', tid: tenant, oid: '5b3c9e1a-7d24-4f68-9a0e-2c41d8f7b6e3' });
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresOnTimestamp).toBe((claims.exp as number) * 1000);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('a fixed token, the tenant option, and the not-logged-in error', async () => {
    const fixed = await withPath({ AIPOSTURE_FAKE_AZ_TOKEN: 'opaque-token' }, () =>
      new AzureCliCredential({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }).getToken(armScope),
    );
    expect(fixed.token).toBe('opaque-token');
    const tenantToken = await withPath({}, () => new AzureCliCredential({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }).getToken(armScope));
    expect(JSON.parse(Buffer.from(tenantToken.token.split('.')[1] ?? '', 'base64url').toString('utf8'))).toMatchObject({
      tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    await expect(withPath({ AIPOSTURE_FAKE_AZ_LOGGED_OUT: '1' }, () => new AzureCliCredential().getToken(armScope))).rejects.toThrow(/az login/);
  });

  it('the CLI token opens the fake cloud; a token for the wrong audience does not', async () => {
    const cloud = await startFakeCloud({ azure: { tenantId: tenant, subscriptions: [{ subscriptionId: sub1, displayName: 'Contoso AI Production' }] } });
    try {
      const cli = new AzureCliCredential();
      const listed = await withPath({}, () => all(clients(cloud, { credential: cli }).subscriptions.subscriptions.list()));
      expect(listed.map((s) => s.displayName)).toEqual(['Contoso AI Production']);
      const wrongScope: TokenCredential = { getToken: () => cli.getToken(`${cloud.url}/.default`) };
      const error = await withPath({}, () => failure(all(clients(cloud, { credential: wrongScope }).subscriptions.subscriptions.list())));
      expect(error).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationTokenAudience' });
    } finally {
      await cloud.close();
    }
  });
});

describe('Azure estate schema', () => {
  it('enums match the SDKs', () => {
    expect([...raiPolicyModes].sort()).toEqual(Object.values(KnownRaiPolicyMode).sort());
    expect([...raiContentLevels].sort()).toEqual(Object.values(KnownContentLevel).sort());
    expect([...raiContentSources].sort()).toEqual(Object.values(KnownRaiPolicyContentSource).sort());
    expect([...defenderForAISettingStates].sort()).toEqual(Object.values(KnownDefenderForAISettingState).sort());
    expect([...policyTypes].sort()).toEqual(Object.values(KnownPolicyType).sort());
    expect([...enforcementModes].sort()).toEqual(Object.values(KnownEnforcementMode).sort());
  });

  it('system RAI policies are valid estate policies', () => {
    expect(systemRaiPolicies.map((p) => p.name)).toEqual(['Microsoft.Default', 'Microsoft.DefaultV2']);
  });

  it('rejects unknown keys and inconsistent ids, naming the key and line', () => {
    const head = `azure:\n  tenantId: ${tenant}\n  subscriptions:\n    - subscriptionId: ${sub1}\n      displayName: x\n      accounts:\n        - account:\n`;
    expect(() =>
      parseEstate(
        `${head}            id: ${accountId}\n            location: eastus\n            kind: OpenAI\n            properties: { disableLocalAuths: true }\n`,
        'typo.yaml',
      ),
    ).toThrow(
      /typo\.yaml: azure\.subscriptions\[0\]\.accounts\[0\]\.account\.properties\.disableLocalAuths \(line 11\): unknown key "disableLocalAuths" \(check the spelling; see fakecloud\/azure-estate\.ts\)/,
    );
    expect(() =>
      parseEstate(`${head}            id: ${accountId.replace(sub1, sub2)}\n            location: eastus\n            kind: OpenAI\n`, 'sub.yaml'),
    ).toThrow(/account \/subscriptions\/00000000-0000-0000-0000-000000000002\/.* is not in subscription/);
    expect(() =>
      parseEstate(
        `${head}            id: ${accountId}\n            location: eastus\n            kind: OpenAI\n          deployments:\n            - { id: /subscriptions/x/deployments/a, name: a, properties: {} }\n`,
        'child.yaml',
      ),
    ).toThrow(/deployments\[0\]\.id \(line 12\): id must be .*contoso-openai-eus\/deployments\/a/);
    expect(() =>
      parseEstate(`azure:\n  tenantId: ${tenant}\n  policyDefinitions:\n    - { name: custom, properties: { policyType: Custom } }\n`, 'def.yaml'),
    ).toThrow(/a custom definition needs its id/);
    expect(() => parseEstate(`azure:\n  tenantId: ${tenant}\n  managementGroups: [{ name: a, parent: b }]\n`, 'mg.yaml')).toThrow(
      /parent management group b is not in managementGroups/,
    );
    expect(() => parseEstate(`azure:\n  tenantId: ${tenant}\n  faults: [{ operation: Accounts_List }]\n`, 'fault.yaml')).toThrow(
      /a fault needs an error code or a status/,
    );
  });

  it('parsing is idempotent (a parsed estate can be served again)', () => {
    const once = azureEstateSchema.parse(testEstate);
    expect(azureEstateSchema.parse(once)).toEqual(once);
  });
});

describe('shipped Azure estates', () => {
  /** Reads an estate through the SDKs the way a scanner would. */
  async function walk(cloud: FakeCloud) {
    const errors: string[] = [];
    const attempt = async <T>(label: string, call: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await call();
      } catch (error) {
        errors.push(`${label}: ${isRestError(error) ? `${error.statusCode} ${error.code}` : String(error)}`);
        return undefined;
      }
    };
    const c = clients(cloud, { retries: 3 });
    const subscriptions = await all(c.subscriptions.subscriptions.list());
    const result: Record<string, unknown> = {};
    for (const subscription of subscriptions) {
      const id = subscription.subscriptionId ?? '';
      const cognitive = c.cognitive(id);
      const accounts = (await attempt(`${id} accounts`, () => all(cognitive.accounts.list()))) ?? [];
      const perAccount: Record<string, unknown> = {};
      for (const account of accounts) {
        const [, , , , rg = '', , , , name = ''] = (account.id ?? '').split('/');
        const deployments = (await attempt(`${name} deployments`, () => all(cognitive.deployments.list(rg, name)))) ?? [];
        const policies = (await attempt(`${name} raiPolicies`, () => all(cognitive.raiPolicies.list(rg, name)))) ?? [];
        const diagnostics = await attempt(`${name} diagnosticSettings`, () => all(c.monitor(id).diagnosticSettings.list((account.id ?? '').slice(1))));
        perAccount[name] = {
          kind: account.kind,
          disableLocalAuth: account.properties?.disableLocalAuth,
          publicNetworkAccess: account.properties?.publicNetworkAccess,
          identity: account.identity?.type,
          deployments: Object.fromEntries(deployments.map((d) => [d.name, d.properties?.raiPolicyName ?? null])),
          customPolicies: policies.filter((p) => p.properties?.type === 'UserManaged').map((p) => `${p.name}:${p.properties?.mode}`),
          diagnostics: diagnostics?.map(
            (d) =>
              `${d.name}:${(d.logs ?? [])
                .filter((l) => l.enabled)
                .map((l) => l.category ?? l.categoryGroup)
                .join('+')}`,
          ),
        };
      }
      const alerts = await attempt(`${id} metricAlerts`, () => all(c.monitor(id).metricAlerts.listBySubscription()));
      const assignments = await attempt(`${id} policyAssignments`, () => all(c.policy(id).policyAssignments.list()));
      for (const assignment of assignments ?? []) {
        const definition = assignment.policyDefinitionId ?? '';
        await attempt(`definition ${definition}`, async () => {
          const policy = c.policy(id);
          const mg = /managementGroups\/([^/]+)\//.exec(definition)?.[1];
          const name = definition.split('/').pop() ?? '';
          return mg !== undefined
            ? policy.policyDefinitions.getAtManagementGroup(mg, name)
            : definition.startsWith('/subscriptions/')
              ? policy.policyDefinitions.get(name)
              : policy.policyDefinitions.getBuiltIn(name);
        });
      }
      const pricing = await attempt(`${id} pricing`, () => c.security(id).pricings.get('AI'));
      result[id] = { accounts: perAccount, alerts: alerts?.map((a) => a.name), assignments: assignments?.map((a) => a.name), defender: pricing?.pricingTier };
    }
    return { result, errors };
  }

  const run = async (file: string) => {
    const estate = await loadEstateFile(`${estatesDir}${file}`);
    const cloud = await startFakeCloud({ azure: estate.azure ?? { tenantId: tenant } });
    try {
      return { ...(await walk(cloud)), requests: cloud.requests };
    } finally {
      await cloud.close();
    }
  };

  it('azure-level1: default filters only, key auth on, public, no logs', async () => {
    const { result, errors } = await run('azure-level1.yaml');
    expect(errors).toEqual([]);
    expect(result).toEqual({
      [sub1]: {
        accounts: {
          'contoso-openai-eus': {
            kind: 'OpenAI',
            disableLocalAuth: false,
            publicNetworkAccess: 'Enabled',
            identity: undefined,
            deployments: { 'gpt-4o': null, 'gpt-4o-mini': 'Microsoft.DefaultV2', 'text-embedding-3-large': 'Microsoft.DefaultV2' },
            customPolicies: [],
            diagnostics: [],
          },
        },
        alerts: [],
        assignments: [],
        defender: 'Free',
      },
    });
  });

  it('azure-level2: weak custom policies on some deployments, logs on one account', async () => {
    const { result, errors } = await run('azure-level2.yaml');
    expect(errors).toEqual([]);
    const accounts = (
      result[sub1] as { accounts: Record<string, { deployments: unknown; customPolicies: unknown; diagnostics: unknown; disableLocalAuth: unknown }> }
    ).accounts;
    expect(accounts['contoso-openai-eus']).toMatchObject({
      deployments: { 'gpt-4o': 'contoso-chat-filter', 'gpt-4o-mini-stream': 'contoso-stream-filter', 'text-embedding-3-large': null },
      customPolicies: ['contoso-chat-filter:Default', 'contoso-stream-filter:Asynchronous_filter'],
      diagnostics: ['send-to-law-contoso-prod:Audit+RequestResponse'],
      disableLocalAuth: true,
    });
    expect(accounts['contoso-aiservices-swc']).toMatchObject({
      deployments: { 'gpt-4o': 'Microsoft.DefaultV2' },
      customPolicies: [],
      diagnostics: [],
      disableLocalAuth: false,
    });
    expect(result[sub1]).toMatchObject({ alerts: [], assignments: [], defender: 'Free' });
  });

  it('azure-level3: strict policy everywhere, allLogs, locked-down accounts, alerts, policy, Defender', async () => {
    const { result, errors, requests } = await run('azure-level3.yaml');
    expect(errors).toEqual([]);
    const sub = result[sub1] as { accounts: Record<string, Record<string, unknown>>; alerts: string[]; assignments: string[]; defender: string };
    for (const account of Object.values(sub.accounts)) {
      expect(account).toMatchObject({
        disableLocalAuth: true,
        publicNetworkAccess: 'Disabled',
        identity: 'SystemAssigned',
        customPolicies: ['contoso-strict-filter:Default'],
        diagnostics: ['send-to-law-contoso-prod:allLogs'],
      });
      expect(Object.values(account.deployments as Record<string, string>).every((policy) => policy === 'contoso-strict-filter')).toBe(true);
    }
    expect(sub.alerts).toHaveLength(4);
    expect(sub.assignments).toEqual(['ai-disable-local-auth', 'ai-restrict-network', 'ai-diagnostic-logs', 'ai-custom-content-filter']);
    expect(sub.defender).toBe('Standard');
    expect(requests.filter((r) => r.operation.startsWith('PolicyDefinitions_')).map((r) => [r.operation, r.status])).toEqual([
      ['PolicyDefinitions_GetBuiltIn', 200],
      ['PolicyDefinitions_GetBuiltIn', 200],
      ['PolicyDefinitions_GetBuiltIn', 200],
      ['PolicyDefinitions_GetAtManagementGroup', 200],
    ]);
  });

  it('azure-denied: the sandbox subscription is denied, one account hides its diagnostics, Accounts_List is throttled once', async () => {
    const { result, errors, requests } = await run('azure-denied.yaml');
    expect(errors).toEqual([
      'contoso-openai-eus diagnosticSettings: 403 AuthorizationFailed',
      `${sub2} accounts: 403 AuthorizationFailed`,
      `${sub2} metricAlerts: 403 AuthorizationFailed`,
      `${sub2} policyAssignments: 403 AuthorizationFailed`,
      `${sub2} pricing: 403 AuthorizationFailed`,
    ]);
    expect(Object.keys((result[sub1] as { accounts: object }).accounts)).toEqual(['contoso-openai-eus', 'contoso-aiservices-swc']);
    expect(requests.filter((r) => r.operation === 'Accounts_List' && r.region === sub1).map((r) => r.status)).toEqual([429, 200]);
  });
});
