import { readFileSync } from 'node:fs';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { collectAzure } from '../../collectors/azure/index.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { registry } from '../../src/providers.ts';

const examples = new URL('../../fixtures/provider-examples/azure/', import.meta.url);
/** The 200 response body of a published Azure REST API example. */
function exampleBody(file: string): { value?: unknown[] } & Record<string, unknown> {
  return (
    (JSON.parse(readFileSync(new URL(file, examples), 'utf8')) as { responses: Record<string, { body: Record<string, unknown> }> }).responses['200']?.body ?? {}
  );
}

const subscription = '00000000-1111-2222-3333-444444444444';
const accountId = `/subscriptions/${subscription}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/contoso-openai`;

/** Serves the published example payloads to the real SDK clients, by route; records every path. */
function exampleTransport(requests: string[]): HttpClient {
  const account = { ...exampleBody('GetAccount.2025-09-01.json'), id: accountId, name: 'contoso-openai', kind: 'OpenAI', location: 'eastus' };
  const rewrite = (body: Record<string, unknown>, prefix: string) => JSON.parse(JSON.stringify(body).replaceAll(prefix, accountId)) as Record<string, unknown>;
  const routes: Array<[RegExp, () => unknown]> = [
    [/\/accounts$/, () => ({ value: [account] })],
    [
      /\/deployments$/,
      () => {
        const listed = rewrite(
          exampleBody('ListDeployments.2024-10-01.json'),
          '/subscriptions/subscriptionId/resourceGroups/resourceGroupName/providers/Microsoft.CognitiveServices/accounts/accountName',
        );
        const single = rewrite(
          exampleBody('GetDeployment.2025-12-01.json'),
          '/subscriptions/subscriptionId/resourceGroups/resourceGroupName/providers/Microsoft.CognitiveServices/accounts/accountName',
        ) as { name: string; id: string; properties: Record<string, unknown> };
        const onCustomPolicy = {
          ...single,
          name: 'ada-filtered',
          id: `${accountId}/deployments/ada-filtered`,
          properties: { ...single.properties, raiPolicyName: 'raiPolicyName' },
        };
        return { value: [...((listed.value as unknown[] | undefined) ?? []), onCustomPolicy] };
      },
    ],
    [
      /\/raiPolicies$/,
      () =>
        rewrite(
          exampleBody('ListRaiPolicies.2025-06-01.json'),
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resourceGroupName/providers/Microsoft.CognitiveServices/accounts/accountName',
        ),
    ],
    [/\/defenderForAISettings$/, () => exampleBody('ListDefenderForAISetting.2025-09-01.json')],
    [/\/raiBlocklists$/, () => exampleBody('ListBlocklists.2025-10-01-preview.json')],
    [/\/diagnosticSettings$/, () => exampleBody('monitor.listDiagnosticSettings.2021-05-01-preview.json')],
    [/\/metricAlerts$/, () => ({ value: [] })],
    [/\/policyAssignments$/, () => ({ value: [] })],
  ];
  return {
    async sendRequest(request: PipelineRequest) {
      const path = new URL(request.url).pathname;
      requests.push(path);
      const route = routes.find(([pattern]) => pattern.test(path));
      const status = route ? 200 : 404;
      const body = route ? route[1]() : { error: { code: 'NotFound', message: `no example for ${path}` } };
      return { request, status, headers: createHttpHeaders({ 'content-type': 'application/json' }), bodyAsText: JSON.stringify(body) };
    },
  };
}

describe('Azure collectors on the published REST API examples (real SDK deserialisers)', () => {
  it('turns the examples into the model and the rules reach the expected verdicts', async () => {
    const requests: string[] = [];
    const { inventory } = await collectAzure({
      credential: { getToken: async () => ({ token: 'example-token', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      subscriptions: [subscription],
      httpClient: exampleTransport(requests),
    });
    expect(requests.some((path) => path.endsWith('/listKeys'))).toBe(false);

    const account = inventory.resources.find((resource) => resource.type === 'azure.cognitive-account');
    expect(account).toMatchObject({ id: accountId, kind: 'OpenAI', defenderForAiState: 'Enabled', blocklistNames: ['raiBlocklistName'] });
    expect(account?.type === 'azure.cognitive-account' && account.readErrors).toEqual({});
    const deployment = inventory.resources.find((resource) => resource.type === 'azure.deployment');
    expect(deployment).toMatchObject({ name: 'deploymentName', modelName: 'ada', raiPolicyName: null });
    const policy = inventory.resources.find((resource) => resource.type === 'azure.rai-policy' && resource.name === 'raiPolicyName');
    expect(policy).toMatchObject({ mode: 'Asynchronous_filter', basePolicyName: 'Microsoft.Default', documentedDefault: false });
    // No built-in policy in the listing: the deployment is evaluated on the documented Microsoft.DefaultV2.
    expect(inventory.resources.find((resource) => resource.type === 'azure.rai-policy' && resource.name === 'Microsoft.DefaultV2')).toMatchObject({
      documentedDefault: true,
    });
    const setting = inventory.resources.find((resource) => resource.type === 'azure.diagnostic-setting');
    expect(setting).toMatchObject({ workspaceId: null, logs: [{ categoryGroup: 'allLogs', enabled: true, category: null }] });

    const findings = evaluate(inventory, registry.rules, defaultBaseline);
    const status = (ruleId: string, resourceId?: string) =>
      findings.find((finding) => finding.ruleId === ruleId && (resourceId === undefined || finding.resource.id === resourceId))?.status;
    expect(status('azure/deployment-custom-content-filter')).toBe('fail');
    expect(status('azure/diagnostic-logs')).toBe('pass');
    expect(status('azure/defender-for-ai')).toBe('pass');
    expect(status('azure/local-auth-disabled')).toBe('fail');
    expect(status('azure/content-filter-harm-categories', `${accountId}/raiPolicies/Microsoft.DefaultV2`)).toBe('pass');
    expect(status('azure/content-filter-indirect-attack', `${accountId}/raiPolicies/Microsoft.DefaultV2`)).toBe('fail');
    // The example custom policy: Asynchronous_filter mode, Hate off on prompts, Sexual only at High on prompts.
    const custom = `${accountId}/raiPolicies/raiPolicyName`;
    expect(status('azure/deployment-custom-content-filter', `${accountId}/deployments/ada-filtered`)).toBe('pass');
    expect(status('azure/content-filter-mode', custom)).toBe('fail');
    expect(status('azure/content-filter-harm-categories', custom)).toBe('fail');
    expect(findings.find((finding) => finding.ruleId === 'azure/content-filter-harm-categories' && finding.resource.id === custom)?.message).toMatch(/Hate/);
  });
});
