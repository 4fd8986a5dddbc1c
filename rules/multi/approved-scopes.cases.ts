import type { Inventory } from '../../src/model/inventory.ts';
import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT, awsInventory, customModel } from '../aws/case-builders.ts';
import { SUBSCRIPTION, account as azureAccount, azureInventory, deployment } from '../azure/case-builders.ts';

function merged(...inventories: Inventory[]): Inventory {
  return {
    providers: inventories.flatMap((entry) => entry.providers),
    scopes: inventories.flatMap((entry) => entry.scopes),
    regions: inventories.flatMap((entry) => entry.regions),
    resources: inventories.flatMap((entry) => entry.resources),
    listings: inventories.flatMap((entry) => entry.listings),
  };
}

/** An Azure subscription with one OpenAI deployment in use. */
const azureInUse = () => azureInventory({ resources: [azureAccount(), deployment()] });

export const cases: readonly RuleCase[] = [
  {
    name: 'no approved list in the policy: not applicable',
    inventory: azureInUse(),
    expect: [{ resource: 'multi/approved-scopes/estate', status: 'not_applicable', reason: 'no-approved-scopes' }],
  },
  {
    name: 'a subscription with a deployment, matched by a glob (case ignored): pass',
    inventory: azureInUse(),
    baseline: { approvedScopes: { azure: ['00000000-0000-0000-0000-00000000000*'] } },
    expect: [{ resource: SUBSCRIPTION, status: 'pass', reason: 'scope-approved' }],
  },
  {
    name: 'a subscription with a deployment outside the approved list: fail',
    inventory: azureInUse(),
    baseline: { approvedScopes: { azure: ['11111111-*'] } },
    expect: [{ resource: SUBSCRIPTION, status: 'fail', reason: 'scope-not-approved' }],
  },
  {
    name: 'an empty list for a provider approves none of its scopes',
    inventory: azureInUse(),
    baseline: { approvedScopes: { azure: [] } },
    expect: [{ resource: SUBSCRIPTION, status: 'fail', reason: 'scope-not-approved' }],
  },
  {
    name: 'a provider without an entry is not judged',
    inventory: merged(azureInUse(), awsInventory({ resources: [customModel()] })),
    baseline: { approvedScopes: { aws: [ACCOUNT] } },
    expect: [
      { resource: ACCOUNT, status: 'pass', reason: 'scope-approved' },
      { resource: 'multi/approved-scopes/azure', status: 'not_applicable', reason: 'provider-not-listed' },
    ],
  },
  {
    name: 'AI in an unapproved AWS account (a custom model) fails while the approved subscription passes',
    inventory: merged(azureInUse(), awsInventory({ resources: [customModel()] })),
    baseline: { approvedScopes: { aws: ['444455556666'], azure: [SUBSCRIPTION] } },
    expect: [
      { resource: ACCOUNT, status: 'fail', reason: 'scope-not-approved' },
      { resource: SUBSCRIPTION, status: 'pass', reason: 'scope-approved' },
    ],
  },
  {
    name: 'an unapproved account with nothing seen in use but a denied read: unknown (AI there cannot be ruled out)',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.custom-model', region: 'us-east-1' }] }),
    baseline: { approvedScopes: { aws: ['444455556666'] } },
    expect: [{ resource: ACCOUNT, status: 'unknown', reason: 'ai-use-unreadable' }],
  },
  {
    name: 'an unapproved account with nothing in use and every read ok: no verdict (no AI there)',
    inventory: awsInventory(),
    baseline: { approvedScopes: { aws: ['444455556666'] } },
    expect: [],
  },
];
