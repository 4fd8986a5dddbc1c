import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { account, azureInventory, builtInPolicy, deployment, filter, raiPolicy, strongFilters, unknownListingId, withFilters } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'both enabled and blocking passes',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'protected-material-blocked' }],
  },
  {
    name: 'documented Microsoft.DefaultV2 passes, noting code is annotate-only',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
    expect: [{ resource: builtInPolicy().id, status: 'pass', reason: 'protected-material-annotated' }],
  },
  {
    name: 'code detection missing fails',
    inventory: azureInventory({
      resources: [account(), deployment(), raiPolicy({ contentFilters: strongFilters().filter((entry) => entry.name !== 'Protected Material Code') })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'protected-material-not-detected' }],
  },
  {
    name: 'text detection disabled fails',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Protected Material Text', 'Completion', { enabled: false, blocking: false })) }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'protected-material-not-detected' }],
  },
  {
    name: 'enabled not reported is unknown',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Protected Material Text', 'Completion', { enabled: null })) }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'unknown', reason: 'filter-not-reported' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
