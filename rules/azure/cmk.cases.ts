import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'Microsoft.KeyVault passes (Checkov: linked customer-managed key)',
    inventory: azureInventory({ resources: [account()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'customer-managed-key' }],
  },
  {
    name: 'no encryption block fails (Checkov: cognitive_account_bad)',
    inventory: azureInventory({ resources: [account({ encryptionKeySource: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'key-source-not-set' }],
  },
  {
    name: 'Microsoft.CognitiveServices fails',
    inventory: azureInventory({ resources: [account({ encryptionKeySource: 'Microsoft.CognitiveServices' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'microsoft-managed-key' }],
  },
  {
    name: 'an unreadable account is unknown',
    inventory: azureInventory({ resources: [account({ unreadable: 'AuthorizationFailed' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
