import type { AzureRaiPolicy } from '../../src/model/azure.ts';
import { azureHarmFilters } from '../../src/model/azure.ts';
import { contentFilter, type Where } from './normalise.ts';

/**
 * Microsoft's built-in content-filter policies, as documented ("Default content safety
 * policies", Azure AI Foundry / Azure OpenAI documentation): the four harm categories at
 * severity threshold Medium on prompts and completions, blocking; `Microsoft.DefaultV2` adds
 * Prompt Shields for jailbreak attacks and protected-material detection (text blocking, code
 * annotated only). Used only when an account's RAI policy listing does not include the
 * built-in policy a deployment runs on; such policies are marked `documentedDefault`.
 */
const harmCategories = azureHarmFilters;

const documented: Record<string, Array<Parameters<typeof contentFilter>[0]>> = {
  'Microsoft.Default': harmCategories.flatMap((name) => [
    { name, source: 'Prompt', enabled: true, blocking: true, severityThreshold: 'Medium' },
    { name, source: 'Completion', enabled: true, blocking: true, severityThreshold: 'Medium' },
  ]),
  'Microsoft.DefaultV2': [
    ...harmCategories.flatMap((name) => [
      { name, source: 'Prompt', enabled: true, blocking: true, severityThreshold: 'Medium' },
      { name, source: 'Completion', enabled: true, blocking: true, severityThreshold: 'Medium' },
    ]),
    { name: 'Jailbreak', source: 'Prompt', enabled: true, blocking: true },
    { name: 'Protected Material Text', source: 'Completion', enabled: true, blocking: true },
    { name: 'Protected Material Code', source: 'Completion', enabled: true, blocking: false },
  ],
};

export function isBuiltInPolicyName(name: string): boolean {
  return /^Microsoft\./i.test(name);
}

/** The documented built-in policy for an account, or undefined when we do not know that name. */
export function documentedDefaultPolicy(name: string, accountId: string, where: Where): AzureRaiPolicy | undefined {
  const key = Object.keys(documented).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!key) return undefined;
  return {
    provider: 'azure',
    scope: where.scope,
    region: where.region,
    source: { kind: 'api', api: where.api },
    type: 'azure.rai-policy',
    id: `${accountId}/raiPolicies/${key}`,
    name: key,
    accountId,
    policyType: 'SystemManaged',
    mode: 'Default',
    basePolicyName: null,
    contentFilters: (documented[key] ?? []).map(contentFilter),
    customBlocklistCount: 0,
    documentedDefault: true,
  };
}
