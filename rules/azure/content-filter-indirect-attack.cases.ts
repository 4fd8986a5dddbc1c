import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { account, azureInventory, builtInPolicy, deployment, filter, raiPolicy, strongFilters, unknownListingId, withFilters } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'Indirect Attack enabled and blocking passes',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'indirect-attack-blocked' }],
  },
  {
    name: 'the catalogue spelling IndirectAttack is recognised',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: [...strongFilters().filter((entry) => entry.name !== 'Indirect Attack'), filter('IndirectAttack', 'Prompt')] }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'indirect-attack-blocked' }],
  },
  {
    name: 'Microsoft.DefaultV2 (no raiPolicyName) has no Indirect Attack filter: fail',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
    expect: [{ resource: builtInPolicy().id, status: 'fail', reason: 'indirect-attack-not-blocked' }],
  },
  {
    name: 'annotate-only fails',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Indirect Attack', 'Prompt', { blocking: false })) }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'indirect-attack-not-blocked' }],
  },
  {
    name: 'enabled not reported is unknown',
    inventory: azureInventory({
      resources: [account(), deployment(), raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Indirect Attack', 'Prompt', { enabled: null })) })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'unknown', reason: 'filter-not-reported' }],
  },
  {
    name: 'unreadable deployments are unknown for the account',
    inventory: azureInventory({ resources: [account({ readErrors: { deployments: 'AuthorizationFailed' } })] }),
    expect: [{ resource: account().id, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
