import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { account, azureInventory, builtInPolicy, deployment, raiPolicy, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'mode Default passes',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'synchronous-mode' }],
  },
  {
    name: 'mode Blocking passes',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: 'Blocking' })] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'synchronous-mode' }],
  },
  {
    name: 'mode Asynchronous_filter fails (acceptance; the API example policy)',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: 'Asynchronous_filter' })] }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'asynchronous-mode' }],
  },
  {
    name: 'mode Deferred (older API name of the same mode) fails',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: 'Deferred' })] }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'asynchronous-mode' }],
  },
  {
    name: 'an unused asynchronous policy is not judged',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy(), raiPolicy({ name: 'streaming-test', mode: 'Asynchronous_filter' })] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'synchronous-mode' }],
  },
  {
    name: 'mode not reported is unknown',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: null })] }),
    expect: [{ resource: raiPolicy().id, status: 'unknown', reason: 'mode-not-reported' }],
  },
  {
    name: 'documented Microsoft.DefaultV2 passes with the note',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
    expect: [{ resource: builtInPolicy().id, status: 'pass', reason: 'synchronous-mode' }],
  },
  {
    name: 'unreadable RAI policies are unknown',
    inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
    expect: [{ resource: account().id, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
