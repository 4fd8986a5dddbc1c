import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { ACCOUNT_ID, account, azureInventory, defenderPlan, unknownListingId } from './case-builders.ts';

export const cases: readonly RuleCase[] = [
  {
    name: 'Standard plan passes',
    inventory: azureInventory({ resources: [account({ defenderForAiState: null }), defenderPlan()] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'defender-plan-standard' }],
  },
  {
    name: 'Free plan but account setting Enabled passes',
    inventory: azureInventory({ resources: [account({ defenderForAiState: 'Enabled' }), defenderPlan({ pricingTier: 'Free' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'defender-account-enabled' }],
  },
  {
    name: 'Free plan and account Disabled fails',
    inventory: azureInventory({ resources: [account({ defenderForAiState: 'Disabled' }), defenderPlan({ pricingTier: 'Free' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'defender-off' }],
  },
  {
    name: 'no plan (404) and no account setting fails',
    inventory: azureInventory({ resources: [account({ defenderForAiState: null })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'fail', reason: 'defender-off' }],
  },
  {
    name: 'plan listing failed and account setting unreadable is unknown',
    inventory: azureInventory({
      resources: [account({ defenderForAiState: undefined, readErrors: { defenderForAISettings: 'AuthorizationFailed' } })],
      failed: [{ type: 'azure.defender-ai-plan' }],
    }),
    expect: [
      {
        resource: ACCOUNT_ID,
        status: 'unknown',
        reason: 'listing-unreadable',
      },
    ],
  },
  {
    name: 'plan listing failed and account Disabled is unknown (the plan may be on)',
    inventory: azureInventory({ resources: [account({ defenderForAiState: 'Disabled' })], failed: [{ type: 'azure.defender-ai-plan' }] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'plan listing failed but account Enabled passes',
    inventory: azureInventory({ resources: [account({ defenderForAiState: 'Enabled' })], failed: [{ type: 'azure.defender-ai-plan' }] }),
    expect: [{ resource: ACCOUNT_ID, status: 'pass', reason: 'defender-account-enabled' }],
  },
  {
    name: 'Free plan and account setting undefined is unknown (the account may be enabled)',
    inventory: azureInventory({ resources: [account({ defenderForAiState: undefined }), defenderPlan({ pricingTier: 'Free' })] }),
    expect: [{ resource: ACCOUNT_ID, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed account listing is unknown',
    inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
    expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
