import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'disableLocalAuth true passes (Checkov ARM pass)',
    inventory: azureInventory({ resources: [account()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'local-auth-disabled' }],
  },
  {
    name: 'disableLocalAuth false fails (Checkov ARM fail / TF local_auth_enabled = true)',
    inventory: azureInventory({ resources: [account({ disableLocalAuth: false })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'local-auth-enabled' }],
  },
  {
    name: 'not set fails: the Azure default keeps keys on (Checkov fail2: attribute absent)',
    inventory: azureInventory({ resources: [account({ disableLocalAuth: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'local-auth-not-set' }],
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
    expect: [{ resource: account({ name: 'multi' }).id, status: 'fail', reason: 'local-auth-enabled' }],
  },
  {
    name: 'an unreadable account is unknown',
    inventory: azureInventory({ resources: [account({ unreadable: 'AuthorizationFailed' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown for the subscription',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a failed Defender-settings read (recorded under the account type, in the account region) is not an account-listing failure',
    inventory: azureInventory({ resources: [account({ readErrors: { defenderForAISettings: 'AuthorizationFailed' } })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'local-auth-disabled' }],
  },
];
