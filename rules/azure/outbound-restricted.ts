import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';

const expected = { restrictOutboundNetworkAccess: true, allowedFqdnList: 'non-empty' };

export const rule: RuleModule = {
  meta: {
    id: 'azure/outbound-restricted',
    provider: 'azure',
    title: 'Azure OpenAI / AI Services accounts restrict outbound access to an allowed FQDN list',
    severity: 'low',
    resourceTypes: ['azure.cognitive-account'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each OpenAI or AI Services account (or any account with deployments) sets restrictOutboundNetworkAccess to true and lists the destinations it may reach in allowedFqdnList (data-loss prevention: the service cannot be pointed at arbitrary URLs, e.g. through "bring your own data" or tool calls). Both are required; either alone fails.',
    remediation:
      'Set restrictOutboundNetworkAccess: true and allowedFqdnList to the storage, search and Key Vault FQDNs the account must reach (az rest PATCH on the account; Bicep properties.restrictOutboundNetworkAccess / allowedFqdnList; Terraform outbound_network_access_restricted = true and fqdns = [...]).',
    references: ['Checkov CKV_AZURE_247', 'https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention'],
    differences:
      'Checkov CKV_AZURE_247 requires both the restriction and a non-empty FQDN list, as we do (its PR text says "either", its code says both), but it checks only kind OpenAI and passes every other kind, including AIServices (Foundry) accounts that serve the same models; we check every OpenAI and AI Services account and any account with deployments.',
  },
  check(context) {
    return checkAiAccounts(context, 'the outbound network settings', (owner) => {
      const label = accountLabel(owner);
      const observed = { restrictOutboundNetworkAccess: owner.restrictOutboundNetworkAccess, allowedFqdnList: owner.allowedFqdnList };
      const restricted = owner.restrictOutboundNetworkAccess === true;
      const fqdns = owner.allowedFqdnList.filter((entry) => entry.trim() !== '');
      if (restricted && fqdns.length > 0) {
        return {
          status: 'pass',
          reason: 'outbound-restricted',
          message: `${label} may reach only ${fqdns.length} allowed FQDN${fqdns.length > 1 ? 's' : ''} (${fqdns.join(', ')}).`,
          observed,
          expected,
        };
      }
      const problems = [
        ...(restricted
          ? []
          : [
              owner.restrictOutboundNetworkAccess === null
                ? 'restrictOutboundNetworkAccess is not set (Azure default: unrestricted)'
                : 'restrictOutboundNetworkAccess is false',
            ]),
        ...(fqdns.length > 0 ? [] : ['allowedFqdnList is empty']),
      ];
      const reason = restricted ? 'allowed-fqdns-empty' : fqdns.length > 0 ? 'outbound-not-restricted' : 'outbound-not-restricted-no-fqdns';
      return { status: 'fail', reason, message: `${label} does not restrict outbound access: ${problems.join(' and ')}.`, observed, expected };
    });
  },
};
