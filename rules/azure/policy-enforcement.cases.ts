import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { SUBSCRIPTION, account, azureInventory, control, policyAssignment, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  { name: 'no AI accounts: no verdict', inventory: azureInventory({ resources: [policyAssignment()] }), expect: [] },
  {
    name: 'an enforced subscription assignment covering all four controls passes',
    inventory: azureInventory({ resources: [account(), policyAssignment()] }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'pass', reason: 'ai-controls-enforced' }],
  },
  {
    name: 'several assignments, one at management-group scope, together pass',
    inventory: azureInventory({
      resources: [
        account(),
        policyAssignment({
          name: 'mg-ai',
          assignmentScope: '/providers/Microsoft.Management/managementGroups/corp',
          controls: [control('local-auth'), control('network')],
        }),
        policyAssignment({ name: 'sub-ai', controls: [control('diagnostics', 'AuditIfNotExists'), control('content-filtering', 'Audit')] }),
      ],
    }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'pass', reason: 'ai-controls-enforced' }],
  },
  {
    name: 'no assignments fails naming every control',
    inventory: azureInventory({ resources: [account()] }),
    expect: [
      {
        resource: `/subscriptions/${SUBSCRIPTION}`,
        status: 'fail',
        reason: 'ai-controls-not-enforced',
      },
    ],
  },
  {
    name: 'content filtering not covered fails naming it',
    inventory: azureInventory({
      resources: [account(), policyAssignment({ controls: [control('local-auth'), control('network'), control('diagnostics'), control('cmk')] })],
    }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'fail', reason: 'ai-controls-not-enforced' }],
  },
  {
    name: 'DoNotEnforce does not count and is named',
    inventory: azureInventory({ resources: [account(), policyAssignment({ enforcementMode: 'DoNotEnforce' })] }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'fail', reason: 'ai-controls-not-enforced' }],
  },
  {
    name: 'effect Disabled (or unresolved) does not count',
    inventory: azureInventory({
      resources: [
        account(),
        policyAssignment({ controls: [control('local-auth', 'Disabled'), control('network'), control('diagnostics'), control('content-filtering', null)] }),
      ],
    }),
    expect: [
      {
        resource: `/subscriptions/${SUBSCRIPTION}`,
        status: 'fail',
        reason: 'ai-controls-not-enforced',
      },
    ],
  },
  {
    name: 'a resource-group assignment does not cover the subscription',
    inventory: azureInventory({ resources: [account(), policyAssignment({ assignmentScope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai` })] }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'fail', reason: 'ai-controls-not-enforced' }],
  },
  {
    name: 'a failed assignment listing is unknown',
    inventory: azureInventory({ resources: [account()], failed: [{ type: 'azure.policy-assignment' }] }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'uncovered controls that an unreadable definition might cover are unknown',
    inventory: azureInventory({
      resources: [
        account(),
        policyAssignment({
          controls: [control('local-auth'), control('network')],
          unreadableDefinitions: [
            '/providers/Microsoft.Management/managementGroups/corp/providers/Microsoft.Authorization/policyDefinitions/ai-logs: AuthorizationFailed',
          ],
        }),
      ],
    }),
    expect: [
      {
        resource: `/subscriptions/${SUBSCRIPTION}`,
        status: 'unknown',
        reason: 'resource-unreadable',
      },
    ],
  },
  {
    name: 'unreadable definitions do not matter when everything is covered',
    inventory: azureInventory({ resources: [account(), policyAssignment({ unreadableDefinitions: ['/x: AuthorizationFailed'] })] }),
    expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'pass', reason: 'ai-controls-enforced' }],
  },
  {
    name: 'a failed account listing is unknown (AI use cannot be told)',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
