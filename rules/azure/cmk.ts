import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';

const expected = { encryptionKeySource: 'Microsoft.KeyVault' };

export const rule: RuleModule = {
  meta: {
    id: 'azure/cmk',
    provider: 'azure',
    title: 'Azure OpenAI / AI Services accounts encrypt data at rest with a customer-managed key',
    severity: 'low',
    resourceTypes: ['azure.cognitive-account'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each OpenAI or AI Services account (or any account with deployments) has encryption.keySource Microsoft.KeyVault, i.e. its stored data (fine-tuning files, uploaded data, stored completions) is encrypted with a key the organisation controls and can revoke. Microsoft.CognitiveServices, or no encryption block, means Microsoft-managed keys.',
    remediation:
      "Configure customer-managed keys on the account (portal: account > Encryption; Bicep properties.encryption { keySource: 'Microsoft.KeyVault', keyVaultProperties { … } }; Terraform azurerm_cognitive_account customer_managed_key block or azurerm_cognitive_account_customer_managed_key), with a managed identity that can use the key.",
    references: [
      'Checkov CKV2_AZURE_22',
      'Azure Policy 67121cc7 (Cognitive Services accounts should enable data encryption with a customer-managed key)',
      'https://learn.microsoft.com/azure/ai-foundry/openai/encrypt-data-at-rest',
    ],
    differences:
      "Checkov CKV2_AZURE_22 passes only an account connected in the Terraform graph to azurerm_cognitive_account_customer_managed_key and an azurerm_key_vault_key, and ignores the inline customer_managed_key block; we read the account's effective encryption.keySource, which both forms set.",
  },
  check(context) {
    return checkAiAccounts(context, 'the encryption settings', (owner) => {
      const label = accountLabel(owner);
      const observed = { encryptionKeySource: owner.encryptionKeySource };
      if (owner.encryptionKeySource?.toLowerCase() === 'microsoft.keyvault') {
        return {
          status: 'pass',
          reason: 'customer-managed-key',
          message: `${label} encrypts data at rest with a customer-managed key (Key Vault).`,
          observed,
          expected,
        };
      }
      const source = owner.encryptionKeySource === null ? 'no encryption key source is set' : `the key source is ${owner.encryptionKeySource}`;
      return {
        status: 'fail',
        reason: owner.encryptionKeySource === null ? 'key-source-not-set' : 'microsoft-managed-key',
        message: `${label} uses Microsoft-managed keys: ${source}.`,
        observed,
        expected,
      };
    });
  },
};
