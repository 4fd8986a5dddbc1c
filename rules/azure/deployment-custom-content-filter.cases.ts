import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, builtInPolicy, deployment, raiPolicy, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no accounts: no verdicts', inventory: azureInventory(), expect: [] },
  {
    name: 'an AI account without deployments: no verdicts',
    inventory: azureInventory({ resources: [account()] }),
    expect: [],
  },
  {
    name: 'a deployment on an existing custom policy passes',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    expect: [{ resource: deployment().id, status: 'pass', reason: 'custom-policy' }],
  },
  {
    name: 'the policy name is matched case-insensitively',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'ORG-Strict' }), raiPolicy()] }),
    expect: [{ resource: deployment().id, status: 'pass', reason: 'custom-policy' }],
  },
  {
    name: 'no raiPolicyName fails: Microsoft.DefaultV2 applies (Level 1 evidence)',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
    expect: [
      {
        resource: deployment().id,
        status: 'fail',
        reason: 'default-policy',
      },
    ],
  },
  {
    name: 'an explicit Microsoft.Default fails',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'Microsoft.Default' }), builtInPolicy({ name: 'Microsoft.Default' })] }),
    expect: [{ resource: deployment().id, status: 'fail', reason: 'built-in-policy' }],
  },
  {
    name: "a built-in name fails even when the account's RAI policies could not be listed",
    inventory: azureInventory({
      resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment({ raiPolicyName: 'microsoft.defaultv2' })],
    }),
    expect: [{ resource: deployment().id, status: 'fail', reason: 'built-in-policy' }],
  },
  {
    name: 'a custom name with no such policy on the account fails',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'deleted-filter' }), raiPolicy()] }),
    expect: [{ resource: deployment().id, status: 'fail', reason: 'policy-missing' }],
  },
  {
    name: 'a policy of the same name on another account does not count',
    inventory: azureInventory({
      resources: [account(), account({ name: 'aoai-dev' }), deployment(), raiPolicy({ accountId: account({ name: 'aoai-dev' }).id })],
    }),
    expect: [{ resource: deployment().id, status: 'fail', reason: 'policy-missing' }],
  },
  {
    name: "a custom name is unknown when the account's RAI policies could not be listed",
    inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed: raiPolicies/read' } }), deployment()] }),
    expect: [{ resource: deployment().id, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'deployments that could not be listed are unknown for the account',
    inventory: azureInventory({ resources: [account({ readErrors: { deployments: 'AuthorizationFailed: deployments/read' } })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'an unreadable deployment is unknown',
    inventory: azureInventory({ resources: [account(), deployment({ unreadable: 'ResourceNotFound' }), raiPolicy()] }),
    expect: [{ resource: deployment().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown for the subscription',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'two deployments, one custom and one default, on an AIServices account',
    inventory: azureInventory({
      resources: [account({ kind: 'AIServices' }), deployment(), deployment({ name: 'gpt-4o-mini', raiPolicyName: null }), raiPolicy(), builtInPolicy()],
    }),
    expect: [
      { resource: deployment().id, status: 'pass', reason: 'custom-policy' },
      { resource: deployment({ name: 'gpt-4o-mini' }).id, status: 'fail', reason: 'default-policy' },
    ],
  },
];
