import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';

const expected = { identityType: 'SystemAssigned and/or UserAssigned' };

export const rule: RuleModule = {
  meta: {
    id: 'azure/managed-identity',
    provider: 'azure',
    title: 'Azure OpenAI / AI Services accounts have a managed identity',
    severity: 'low',
    resourceTypes: ['azure.cognitive-account'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each OpenAI or AI Services account (or any account with deployments) has a system- or user-assigned managed identity, which it needs to reach a customer-managed key, storage or search indexes without stored secrets.',
    remediation:
      'Enable a managed identity on the account (portal: account > Identity; az cognitiveservices account identity assign; Bicep identity: { type: \'SystemAssigned\' }; Terraform identity { type = "SystemAssigned" }) and grant it only the roles it needs.',
    references: [
      'Checkov CKV_AZURE_238',
      'Azure Policy fe3fd216 (Cognitive Services accounts should use a managed identity)',
      'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/managed-identity',
    ],
    differences: 'Checkov CKV_AZURE_238 passes any identity.type, including "None"; we fail "None", which declares that the account has no identity.',
  },
  check(context) {
    return checkAiAccounts(context, 'the identity', (owner) => {
      const label = accountLabel(owner);
      const observed = { identityType: owner.identityType };
      if (owner.identityType === null || owner.identityType.trim() === '' || owner.identityType.trim().toLowerCase() === 'none') {
        return {
          status: 'fail',
          reason: owner.identityType === null || owner.identityType.trim() === '' ? 'identity-not-set' : 'identity-type-none',
          message: `${label} has no managed identity${owner.identityType ? ` (identity type ${owner.identityType})` : ''}.`,
          observed,
          expected,
        };
      }
      return { status: 'pass', reason: 'managed-identity-assigned', message: `${label} has a managed identity (${owner.identityType}).`, observed, expected };
    });
  },
};
