import type { RuleModule } from '../../src/engine/rule.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';

const expected = { anyOf: [{ publicNetworkAccess: 'Disabled' }, { networkAclsDefaultAction: 'Deny' }] };

export const rule: RuleModule = {
  meta: {
    id: 'azure/network-restricted',
    provider: 'azure',
    title: 'Azure OpenAI / AI Services accounts restrict network access (public access disabled or network ACLs deny by default)',
    severity: 'medium',
    resourceTypes: ['azure.cognitive-account'],
    criteria: ['L3.coverage'],
    description:
      "Checks that each OpenAI or AI Services account (or any account with deployments) is not reachable from every network: publicNetworkAccess is Disabled (private endpoints only), or the network ACLs' defaultAction is Deny (only the listed virtual networks and IP ranges, plus private endpoints). An account that sets neither is open to the internet (the Azure default) and fails.",
    remediation:
      'Disable public network access and use private endpoints (publicNetworkAccess: Disabled; Terraform public_network_access_enabled = false, or azurerm_ai_services public_network_access = "Disabled"), or restrict it to selected networks (networkAcls.defaultAction: Deny with ipRules / virtualNetworkRules; Terraform network_acls { default_action = "Deny" }).',
    references: [
      'Checkov CKV_AZURE_134',
      'Azure Policy 037eea7a (Azure AI Services resources should restrict network access)',
      'https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks',
    ],
    differences:
      'Checkov CKV_AZURE_134 passes only publicNetworkAccess Disabled; like Azure Policy 037eea7a (which flags an account only when publicNetworkAccess is not Disabled and networkAcls.defaultAction is not Deny) we also pass defaultAction Deny, access limited to selected networks.',
  },
  check(context) {
    return checkAiAccounts(context, 'the network settings', (owner) => {
      const label = accountLabel(owner);
      const observed = { publicNetworkAccess: owner.publicNetworkAccess, networkAclsDefaultAction: owner.networkAclsDefaultAction };
      if (owner.publicNetworkAccess?.toLowerCase() === 'disabled') {
        return {
          status: 'pass',
          reason: 'public-access-disabled',
          message: `${label} has public network access disabled (private endpoints only).`,
          observed,
          expected,
        };
      }
      if (owner.networkAclsDefaultAction?.toLowerCase() === 'deny') {
        return {
          status: 'pass',
          reason: 'network-acl-deny',
          message: `${label} denies network access by default and allows only its listed networks.`,
          observed,
          expected,
        };
      }
      const access =
        owner.publicNetworkAccess === null ? 'public network access not set (Azure default: Enabled)' : `public network access ${owner.publicNetworkAccess}`;
      const acl = owner.networkAclsDefaultAction === null ? 'no network ACL default action' : `network ACL default action ${owner.networkAclsDefaultAction}`;
      const reason = owner.publicNetworkAccess === null && owner.networkAclsDefaultAction === null ? 'network-access-not-set' : 'network-access-open';
      return { status: 'fail', reason, message: `${label} is reachable from any network: ${access}, ${acl}.`, observed, expected };
    });
  },
};
