import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'restricted with one FQDN passes (Checkov pass_openai)',
    inventory: azureInventory({ resources: [account()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'outbound-restricted' }],
  },
  {
    name: 'restricted with three FQDNs passes (Checkov pass_openai_multiple_fqdns)',
    inventory: azureInventory({ resources: [account({ allowedFqdnList: ['a.blob.core.windows.net', 'b.search.windows.net', 'c.vault.azure.net'] })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'outbound-restricted' }],
  },
  {
    name: 'restricted but no FQDNs fails (Checkov fail_openai_missing_fqdns)',
    inventory: azureInventory({ resources: [account({ allowedFqdnList: [] })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'allowed-fqdns-empty' }],
  },
  {
    name: 'FQDNs without the restriction fails (Checkov fail_openai_missing_outbound_network_access)',
    inventory: azureInventory({ resources: [account({ restrictOutboundNetworkAccess: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'outbound-not-restricted' }],
  },
  {
    name: 'neither fails (Checkov fail_openai_missing_fqdns_and_outbound_network_access)',
    inventory: azureInventory({ resources: [account({ restrictOutboundNetworkAccess: false, allowedFqdnList: [] })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'outbound-not-restricted-no-fqdns' }],
  },
  {
    name: 'an unrestricted AIServices account fails (Checkov passes every non-OpenAI kind)',
    inventory: azureInventory({ resources: [account({ kind: 'AIServices', restrictOutboundNetworkAccess: false, allowedFqdnList: [] })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'outbound-not-restricted-no-fqdns' }],
  },
  {
    name: 'a TextAnalytics account without deployments is out of scope (Checkov pass_non_openai)',
    inventory: azureInventory({ resources: [account({ kind: 'TextAnalytics', restrictOutboundNetworkAccess: false, allowedFqdnList: [] })] }),
    expect: [],
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
