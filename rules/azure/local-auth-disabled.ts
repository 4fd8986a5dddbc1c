import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';

const expected = { disableLocalAuth: true };

export const rule: RuleModule = {
  meta: {
    id: 'azure/local-auth-disabled',
    provider: 'azure',
    title: 'Azure OpenAI / AI Services accounts have local (API key) authentication disabled',
    severity: 'medium',
    resourceTypes: ['azure.cognitive-account'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each OpenAI or AI Services account (or any account with deployments) sets disableLocalAuth to true, so callers must authenticate with Microsoft Entra ID (auditable, revocable, role-scoped) instead of shared account keys. An account that does not set the property keeps key authentication on (the Azure default), so it fails.',
    remediation:
      'Set disableLocalAuth to true on the account (az resource update --ids <account id> --set properties.disableLocalAuth=true; Bicep properties.disableLocalAuth: true; Terraform azurerm_cognitive_account local_auth_enabled = false or azurerm_ai_services local_authentication_enabled = false) after moving callers to Entra ID tokens with the Cognitive Services OpenAI User role.',
    references: [
      'Checkov CKV_AZURE_236',
      'Azure Policy 71ef260a (Azure AI Services resources should have key access disabled)',
      'https://learn.microsoft.com/azure/ai-services/disable-local-auth',
    ],
  },
  check(context) {
    return checkAiAccounts(context, 'the authentication settings', (owner) => {
      const label = accountLabel(owner);
      const observed = { disableLocalAuth: owner.disableLocalAuth };
      if (owner.disableLocalAuth === true)
        return {
          status: 'pass',
          reason: 'local-auth-disabled',
          message: `${label} accepts only Microsoft Entra ID authentication (local auth disabled).`,
          observed,
          expected,
        };
      const why =
        owner.disableLocalAuth === null ? 'does not set disableLocalAuth, so key authentication stays on (Azure default)' : 'has disableLocalAuth false';
      const reason = owner.disableLocalAuth === null ? 'local-auth-not-set' : 'local-auth-enabled';
      return { status: 'fail', reason, message: `${label} ${why}: anyone holding an account key can call its models.`, observed, expected };
    });
  },
};
