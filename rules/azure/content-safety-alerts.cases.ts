import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, RESOURCE_GROUP, SUBSCRIPTION, account, azureInventory, metricAlert, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'an enabled alert with an action on RAIRejectedRequests passes',
    inventory: azureInventory({ resources: [account(), metricAlert()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'safety-alert-active' }],
  },
  {
    name: 'an alert on RAIHarmfulRequests scoped to the resource group (ids in other case) passes',
    inventory: azureInventory({
      resources: [
        account(),
        metricAlert({
          name: 'rg-harmful',
          scopes: [`/SUBSCRIPTIONS/${SUBSCRIPTION}/resourcegroups/${RESOURCE_GROUP.toUpperCase()}`],
          metricNames: ['raiharmfulrequests'],
          actionCount: 2,
        }),
      ],
    }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'safety-alert-active' }],
  },
  {
    name: 'a subscription-scoped alert on RAIAbusiveUsersCount covers every account in it',
    inventory: azureInventory({
      resources: [
        account(),
        account({ name: 'foundry', kind: 'AIServices' }),
        metricAlert({ scopes: [`/subscriptions/${SUBSCRIPTION}`], metricNames: ['RAIAbusiveUsersCount'] }),
      ],
    }),
    expect: [
      { resource: ACCOUNT_ID, status: 'pass', reason: 'safety-alert-active' },
      { resource: account({ name: 'foundry' }).id, status: 'pass', reason: 'safety-alert-active' },
    ],
  },
  {
    name: 'no alert fails',
    inventory: azureInventory({ resources: [account()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'no-safety-alert' }],
  },
  {
    name: 'alerts on other metrics (RAITotalRequests, AzureOpenAIRequests) or on another account do not count',
    inventory: azureInventory({
      resources: [
        account(),
        metricAlert({ name: 'volume', metricNames: ['RAITotalRequests', 'AzureOpenAIRequests'] }),
        metricAlert({ name: 'other-account', scopes: [`${ACCOUNT_ID}-dev`] }),
      ],
    }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'no-safety-alert' }],
  },
  {
    name: 'a disabled alert, and one without actions, fail and are named',
    inventory: azureInventory({ resources: [account(), metricAlert({ enabled: false }), metricAlert({ name: 'silent', actionCount: 0 })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'safety-alerts-silent' }],
  },
  {
    name: 'a failed alert listing is unknown',
    inventory: azureInventory({ resources: [account()], failed: [{ type: 'azure.metric-alert' }] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'an alert that could not be read, and might watch the account, is unknown',
    inventory: azureInventory({ resources: [account(), metricAlert({ unreadable: 'InternalServerError' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed alert listing does not hide a passing alert',
    inventory: azureInventory({ resources: [account(), metricAlert()], failed: [{ type: 'azure.metric-alert' }] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'safety-alert-active' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
