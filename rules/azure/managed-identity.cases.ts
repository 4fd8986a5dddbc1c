import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'SystemAssigned passes (Checkov ARM pass)',
    inventory: azureInventory({ resources: [account()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'managed-identity-assigned' }],
  },
  {
    name: 'SystemAssigned, UserAssigned passes',
    inventory: azureInventory({ resources: [account({ identityType: 'SystemAssigned, UserAssigned' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'managed-identity-assigned' }],
  },
  {
    name: 'no identity fails (Checkov fail: no identity block)',
    inventory: azureInventory({ resources: [account({ identityType: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'identity-not-set' }],
  },
  {
    name: 'identity type None fails (deliberate difference from CKV_AZURE_238)',
    inventory: azureInventory({ resources: [account({ identityType: 'None' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'identity-type-none' }],
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
