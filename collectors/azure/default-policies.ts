import type { AzureRaiPolicy } from '../../src/model/azure.ts';
import { azureDocumentedDefaultPolicy } from '../../src/model/azure.ts';
import type { Where } from './normalise.ts';

/**
 * Microsoft's built-in content-filter policies, as documented: the table lives with the model
 * (`azureDocumentedDefaultPolicies`), shared with the IaC readers. Used only when an account's RAI
 * policy listing does not include the built-in policy a deployment runs on; such policies are
 * marked `documentedDefault`.
 */
export function isBuiltInPolicyName(name: string): boolean {
  return /^Microsoft\./i.test(name);
}

/** The documented built-in policy for an account, or undefined when we do not know that name. */
export function documentedDefaultPolicy(name: string, accountId: string, where: Where): AzureRaiPolicy | undefined {
  const documented = azureDocumentedDefaultPolicy(name);
  if (!documented) return undefined;
  return {
    provider: 'azure',
    scope: where.scope,
    region: where.region,
    source: { kind: 'api', api: where.api },
    type: 'azure.rai-policy',
    id: `${accountId}/raiPolicies/${documented.name}`,
    name: documented.name,
    accountId,
    policyType: 'SystemManaged',
    mode: 'Default',
    basePolicyName: null,
    contentFilters: documented.contentFilters,
    customBlocklistCount: 0,
    documentedDefault: true,
  };
}
