import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';
import { ACCOUNT_ID, account, azureInventory, unknownListingId } from './case-builders.ts';

const expected = { disableLocalAuth: true };

export const rule: RuleModule = {
  meta: {
    id: 'azure/local-auth-disabled',
    provider: 'azure',
    title: 'Azure OpenAI / AI Services accounts have local (API key) authentication disabled',
    severity: 'medium',
    resourceTypes: ['azure.cognitive-account'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each OpenAI or AI Services account (or any account with deployments) sets disableLocalAuth to true, so callers must authenticate with Microsoft Entra ID (auditable, revocable, role-scoped) instead of shared account keys. An account that does not set the property keeps key authentication on (the Azure default), so it fails.',
    remediation:
      'Set disableLocalAuth to true on the account (az resource update --ids <account id> --set properties.disableLocalAuth=true; Bicep properties.disableLocalAuth: true; Terraform azurerm_cognitive_account local_auth_enabled = false or azurerm_ai_services local_authentication_enabled = false) after moving callers to Entra ID tokens with the Cognitive Services OpenAI User role.',
    references: [
      'Checkov CKV_AZURE_236',
      'Azure Policy 71ef260a (Azure AI Services resources should have key access disabled)',
      'https://learn.microsoft.com/azure/ai-services/disable-local-auth',
    ],
  },
  check(context) {
    return checkAiAccounts(context, 'the authentication settings', (owner) => {
      const label = accountLabel(owner);
      const observed = { disableLocalAuth: owner.disableLocalAuth };
      if (owner.disableLocalAuth === true)
        return { status: 'pass', message: `${label} accepts only Microsoft Entra ID authentication (local auth disabled).`, observed, expected };
      const why =
        owner.disableLocalAuth === null ? 'does not set disableLocalAuth, so key authentication stays on (Azure default)' : 'has disableLocalAuth false';
      return { status: 'fail', message: `${label} ${why}: anyone holding an account key can call its models.`, observed, expected };
    });
  },
  cases: [
    {
      name: 'disableLocalAuth true passes (Checkov ARM pass)',
      inventory: azureInventory({ resources: [account()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'pass' }],
    },
    {
      name: 'disableLocalAuth false fails (Checkov ARM fail / TF local_auth_enabled = true)',
      inventory: azureInventory({ resources: [account({ disableLocalAuth: false })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /has disableLocalAuth false/ }],
    },
    {
      name: 'not set fails: the Azure default keeps keys on (Checkov fail2: attribute absent)',
      inventory: azureInventory({ resources: [account({ disableLocalAuth: null })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'fail', message: /does not set disableLocalAuth/ }],
    },
    {
      name: 'a non-AI kind with deployments is in scope; one without is not',
      inventory: azureInventory({
        resources: [
          account({ name: 'face', kind: 'Face', disableLocalAuth: null }),
          account({ name: 'multi', kind: 'CognitiveServices', disableLocalAuth: false }),
          {
            provider: 'azure',
            scope: account().scope,
            region: 'eastus',
            source: { kind: 'api', api: 'Deployments_List' },
            type: 'azure.deployment',
            id: `${account({ name: 'multi' }).id}/deployments/gpt`,
            name: 'gpt',
            accountId: account({ name: 'multi' }).id,
            modelName: 'gpt-4o',
            modelVersion: null,
            raiPolicyName: null,
          },
        ],
      }),
      expect: [{ resource: account({ name: 'multi' }).id, status: 'fail' }],
    },
    {
      name: 'an unreadable account is unknown',
      inventory: azureInventory({ resources: [account({ unreadable: 'AuthorizationFailed' })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'unknown' }],
    },
    {
      name: 'a failed account listing is unknown for the subscription',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown' }],
    },
    {
      name: 'a failed Defender-settings read (recorded under the account type, in the account region) is not an account-listing failure',
      inventory: azureInventory({ resources: [account({ readErrors: { defenderForAISettings: 'AuthorizationFailed' } })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'pass' }],
    },
  ],
};
