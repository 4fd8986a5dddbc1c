import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { account, azureInventory, builtInPolicy, deployment, filter, raiPolicy, strongFilters, unknownListingId, withFilters } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'Jailbreak enabled and blocking on Prompt passes',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'jailbreak-blocked' }],
  },
  {
    name: 'no Jailbreak filter fails',
    inventory: azureInventory({
      resources: [account(), deployment(), raiPolicy({ contentFilters: strongFilters().filter((entry) => entry.name !== 'Jailbreak') })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'jailbreak-not-blocked' }],
  },
  {
    name: 'Jailbreak disabled fails',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Jailbreak', 'Prompt', { enabled: false, blocking: false })) }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'jailbreak-not-blocked' }],
  },
  {
    name: 'Jailbreak annotate-only fails',
    inventory: azureInventory({
      resources: [account(), deployment(), raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Jailbreak', 'Prompt', { blocking: false })) })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'jailbreak-not-blocked' }],
  },
  {
    name: 'Jailbreak only on Completion does not count',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: [...strongFilters().filter((entry) => entry.name !== 'Jailbreak'), filter('Jailbreak', 'Completion')] }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'jailbreak-not-blocked' }],
  },
  {
    name: 'blocking not reported is unknown',
    inventory: azureInventory({
      resources: [account(), deployment(), raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Jailbreak', 'Prompt', { blocking: null })) })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'unknown', reason: 'filter-not-reported' }],
  },
  {
    name: 'documented Microsoft.DefaultV2 includes Prompt Shields (pass, noted as documented)',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
    expect: [{ resource: builtInPolicy().id, status: 'pass', reason: 'jailbreak-blocked' }],
  },
  {
    name: 'documented Microsoft.Default has no Prompt Shields (fail)',
    inventory: azureInventory({
      resources: [
        account(),
        deployment({ raiPolicyName: 'Microsoft.Default' }),
        builtInPolicy({
          name: 'Microsoft.Default',
          contentFilters: strongFilters().filter((entry) => !['Jailbreak', 'Indirect Attack'].includes(entry.name) && !entry.name.startsWith('Protected')),
        }),
      ],
    }),
    expect: [
      {
        resource: builtInPolicy({ name: 'Microsoft.Default' }).id,
        status: 'fail',
        reason: 'jailbreak-not-blocked',
      },
    ],
  },
  {
    name: 'unreadable RAI policies are unknown for the account',
    inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
    expect: [{ resource: account().id, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
