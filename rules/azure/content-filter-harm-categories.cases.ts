import type { RuleCase } from '../../tests/rules/rule-case.ts';
import {
  ACCOUNT_ID,
  account,
  azureInventory,
  builtInPolicy,
  deployment,
  filter,
  raiPolicy,
  strongFilters,
  unknownListingId,
  withFilters,
} from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no deployments: no verdicts', inventory: azureInventory({ resources: [account()] }), expect: [] },
  {
    name: 'a custom policy at Medium everywhere passes and names its deployment',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'Hate at threshold High on Completion fails (acceptance)',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Hate', 'Completion', { severityThreshold: 'High' })) }),
      ],
    }),
    expect: [
      {
        resource: raiPolicy().id,
        status: 'fail',
        reason: 'threshold-below-baseline',
      },
    ],
  },
  {
    name: 'threshold High passes when the baseline asks only for low',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Hate', 'Completion', { severityThreshold: 'High' })) }),
      ],
    }),
    baseline: { harmCategories: { input: 'low', output: 'low' } },
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'Medium fails when the baseline asks for high (threshold Low)',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
    baseline: { harmCategories: { input: 'high', output: 'medium' } },
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'threshold-below-baseline' }],
  },
  {
    name: 'the API example policy (Hate disabled on Prompt, several at High) fails',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({
          mode: 'Asynchronous_filter',
          contentFilters: [
            filter('Hate', 'Prompt', { enabled: false, blocking: false, severityThreshold: 'High' }),
            filter('Hate', 'Completion', { severityThreshold: 'Medium' }),
            filter('Sexual', 'Prompt', { severityThreshold: 'High' }),
            filter('Sexual', 'Completion', { severityThreshold: 'Medium' }),
            filter('Selfharm', 'Prompt', { severityThreshold: 'High' }),
            filter('Selfharm', 'Completion', { severityThreshold: 'Medium' }),
            filter('Violence', 'Prompt', { severityThreshold: 'Medium' }),
            filter('Violence', 'Completion', { severityThreshold: 'Medium' }),
          ],
        }),
      ],
    }),
    expect: [
      {
        resource: raiPolicy().id,
        status: 'fail',
        reason: 'harm-filter-not-blocking',
      },
    ],
  },
  {
    name: 'annotate-only (blocking false) fails',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Violence', 'Prompt', { blocking: false, severityThreshold: 'Medium' })) }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'harm-filter-not-blocking' }],
  },
  {
    name: 'a missing category fails',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({ contentFilters: strongFilters().filter((entry) => !(entry.name === 'Sexual' && entry.source === 'Completion')) }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'fail', reason: 'harm-filter-not-blocking' }],
  },
  {
    name: 'SelfHarm and "Self Harm" spellings are recognised',
    inventory: azureInventory({
      resources: [
        account(),
        deployment(),
        raiPolicy({
          contentFilters: [
            ...strongFilters().filter((entry) => entry.name !== 'Selfharm'),
            filter('SelfHarm', 'Prompt', { severityThreshold: 'Low' }),
            filter('Self Harm', 'Completion', { severityThreshold: 'Medium' }),
          ],
        }),
      ],
    }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'a threshold the API did not report is unknown, not pass',
    inventory: azureInventory({
      resources: [account(), deployment(), raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Hate', 'Prompt', { severityThreshold: null })) })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'unknown', reason: 'filter-not-reported' }],
  },
  {
    name: 'a deployment with no raiPolicyName is judged on the documented Microsoft.DefaultV2 (passes, and says so)',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
    expect: [{ resource: builtInPolicy().id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'one verdict per policy in use, naming every deployment; unused policies are not judged',
    inventory: azureInventory({
      resources: [account(), deployment(), deployment({ name: 'gpt-4o-mini' }), raiPolicy(), raiPolicy({ name: 'unused-weak', contentFilters: [] })],
    }),
    expect: [{ resource: raiPolicy().id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'RAI policies that could not be listed are unknown for the account',
    inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'deployments that could not be listed are unknown for the account',
    inventory: azureInventory({ resources: [account({ readErrors: { deployments: 'AuthorizationFailed' } }), raiPolicy()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a deployment whose policy was not collected is unknown',
    inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'Microsoft.Nil' })] }),
    expect: [{ resource: deployment().id, status: 'unknown', reason: 'policy-not-collected' }],
  },
  {
    name: 'an unreadable policy is unknown',
    inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ unreadable: 'InternalServerError' })] }),
    expect: [{ resource: raiPolicy().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account', status: 'error' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
