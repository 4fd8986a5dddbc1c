import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'publicNetworkAccess Disabled passes (Checkov ARM pass)',
    inventory: azureInventory({ resources: [account({ networkAclsDefaultAction: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'public-access-disabled' }],
  },
  {
    name: 'public access Enabled but ACL default Deny passes (deliberate difference from CKV_AZURE_134)',
    inventory: azureInventory({ resources: [account({ publicNetworkAccess: 'Enabled', networkAclsDefaultAction: 'Deny' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'network-acl-deny' }],
  },
  {
    name: 'publicNetworkAccess Enabled with ACL Allow fails (Checkov ARM fail)',
    inventory: azureInventory({ resources: [account({ publicNetworkAccess: 'Enabled', networkAclsDefaultAction: 'Allow' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'network-access-open' }],
  },
  {
    name: 'neither set fails: Azure default is open (Checkov fail2: attribute absent)',
    inventory: azureInventory({ resources: [account({ publicNetworkAccess: null, networkAclsDefaultAction: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'network-access-not-set' }],
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
