import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import { commonReasons, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { DEFAULT_POLICY_NAME, accountLabel, aiAccounts, deploymentsOf, isBuiltInPolicyName, resolvePolicy, unreadableAccountListings } from './accounts.ts';

const expected = { raiPolicyName: 'a custom (non-Microsoft.*) RAI policy that exists on the account' };

export const rule: RuleModule = {
  meta: {
    id: 'azure/deployment-custom-content-filter',
    provider: 'azure',
    title: 'Every Azure OpenAI / AI Services deployment uses a custom content filter (RAI policy) that exists on its account',
    severity: 'medium',
    resourceTypes: ['azure.deployment', 'azure.rai-policy'],
    criteria: ['L2.controls', 'L3.coverage'],
    description:
      'Checks each deployment on an OpenAI or AI Services account (or any account with deployments) for a raiPolicyName naming a custom RAI policy (content filter configuration) on the same account. A deployment that names no policy runs on Microsoft.DefaultV2, and one naming a Microsoft.* policy runs on a built-in: such deployments are filtered, but not by a configuration the organisation owns and tuned — Level 1 evidence, not a managed control. Whether the custom policy is strong enough is judged by the azure/content-filter-* rules.',
    remediation:
      'Create a content filter (RAI policy) in the Azure AI Foundry portal (Safety + security > Create content filter), az rest PUT accounts/{account}/raiPolicies/{name}, Bicep Microsoft.CognitiveServices/accounts/raiPolicies or Terraform azurerm_cognitive_account_rai_policy, and set it on each deployment (raiPolicyName, Terraform azurerm_cognitive_deployment rai_policy_name).',
    references: [
      'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/content-filters',
      'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/default-safety-policies',
      'OWASP LLM01:2025 Prompt Injection',
    ],
    differences:
      "No Checkov, Trivy or Azure Policy built-in reads a deployment's raiPolicyName; this rule is ours. Names are matched case-insensitively, as Azure matches them.",
  },
  check(context) {
    const verdicts: Verdict[] = [...unreadableAccountListings(context)];
    for (const owner of aiAccounts(context)) {
      const label = accountLabel(owner).toLowerCase();
      if (owner.readErrors.deployments !== undefined) {
        verdicts.push(
          verdictOn(
            owner,
            'unknown',
            commonReasons.listingUnreadable,
            `${accountLabel(owner)}: could not list its deployments (${owner.readErrors.deployments}).`,
          ),
        );
        continue;
      }
      for (const entry of deploymentsOf(context, owner)) {
        const name = `Deployment ${entry.name ?? entry.id} on ${label}`;
        if (entry.unreadable !== undefined) {
          verdicts.push(unreadableResource(entry, 'the content filter (raiPolicyName)'));
          continue;
        }
        const observed = { raiPolicyName: entry.raiPolicyName };
        if (entry.raiPolicyName === null || isBuiltInPolicyName(entry.raiPolicyName)) {
          const policy = entry.raiPolicyName ?? DEFAULT_POLICY_NAME;
          const how = entry.raiPolicyName === null ? `names no RAI policy (${DEFAULT_POLICY_NAME} applies)` : `names the built-in policy ${policy}`;
          verdicts.push(
            verdictOn(
              entry,
              'fail',
              entry.raiPolicyName === null ? 'default-policy' : 'built-in-policy',
              `${name} ${how}: it runs on Microsoft's default content filter, filtered but not tuned to the organisation — Level 1 evidence.`,
              {
                observed,
                expected,
              },
            ),
          );
          continue;
        }
        if (owner.readErrors.raiPolicies !== undefined) {
          verdicts.push(
            verdictOn(
              entry,
              'unknown',
              commonReasons.listingUnreadable,
              `${name} names RAI policy ${entry.raiPolicyName}, but the account's RAI policies could not be listed (${owner.readErrors.raiPolicies}).`,
              {
                observed,
                expected,
              },
            ),
          );
          continue;
        }
        const policy = resolvePolicy(context, entry);
        if (!policy) {
          verdicts.push(
            verdictOn(
              entry,
              'fail',
              'policy-missing',
              `${name} names RAI policy ${entry.raiPolicyName}, which does not exist on the account: its content filter configuration is not what the deployment claims.`,
              {
                observed: { ...observed, policyExists: false },
                expected,
              },
            ),
          );
          continue;
        }
        verdicts.push(
          verdictOn(entry, 'pass', 'custom-policy', `${name} uses the custom RAI policy ${policy.name ?? entry.raiPolicyName}.`, {
            observed: { ...observed, policyExists: true },
            expected,
          }),
        );
      }
    }
    return verdicts;
  },
};
