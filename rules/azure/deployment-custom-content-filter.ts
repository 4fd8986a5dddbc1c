import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import { unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { DEFAULT_POLICY_NAME, accountLabel, aiAccounts, deploymentsOf, isBuiltInPolicyName, resolvePolicy, unreadableAccountListings } from './accounts.ts';
import { ACCOUNT_ID, account, azureInventory, builtInPolicy, deployment, raiPolicy, unknownListingId } from './case-builders.ts';

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
        verdicts.push(verdictOn(owner, 'unknown', `${accountLabel(owner)}: could not list its deployments (${owner.readErrors.deployments}).`));
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
          verdictOn(entry, 'pass', `${name} uses the custom RAI policy ${policy.name ?? entry.raiPolicyName}.`, {
            observed: { ...observed, policyExists: true },
            expected,
          }),
        );
      }
    }
    return verdicts;
  },
  cases: [
    { name: 'no accounts: no verdicts', inventory: azureInventory(), expect: [] },
    {
      name: 'an AI account without deployments: no verdicts',
      inventory: azureInventory({ resources: [account()] }),
      expect: [],
    },
    {
      name: 'a deployment on an existing custom policy passes',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
      expect: [{ resource: deployment().id, status: 'pass', message: /uses the custom RAI policy org-strict/ }],
    },
    {
      name: 'the policy name is matched case-insensitively',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'ORG-Strict' }), raiPolicy()] }),
      expect: [{ resource: deployment().id, status: 'pass' }],
    },
    {
      name: 'no raiPolicyName fails: Microsoft.DefaultV2 applies (Level 1 evidence)',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
      expect: [
        {
          resource: deployment().id,
          status: 'fail',
          message:
            /names no RAI policy \(Microsoft\.DefaultV2 applies\): it runs on Microsoft's default content filter, filtered but not tuned to the organisation — Level 1 evidence\.$/,
        },
      ],
    },
    {
      name: 'an explicit Microsoft.Default fails',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'Microsoft.Default' }), builtInPolicy({ name: 'Microsoft.Default' })] }),
      expect: [{ resource: deployment().id, status: 'fail', message: /names the built-in policy Microsoft\.Default:/ }],
    },
    {
      name: "a built-in name fails even when the account's RAI policies could not be listed",
      inventory: azureInventory({
        resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment({ raiPolicyName: 'microsoft.defaultv2' })],
      }),
      expect: [{ resource: deployment().id, status: 'fail' }],
    },
    {
      name: 'a custom name with no such policy on the account fails',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'deleted-filter' }), raiPolicy()] }),
      expect: [{ resource: deployment().id, status: 'fail', message: /names RAI policy deleted-filter, which does not exist on the account/ }],
    },
    {
      name: 'a policy of the same name on another account does not count',
      inventory: azureInventory({
        resources: [account(), account({ name: 'aoai-dev' }), deployment(), raiPolicy({ accountId: account({ name: 'aoai-dev' }).id })],
      }),
      expect: [{ resource: deployment().id, status: 'fail', message: /does not exist on the account/ }],
    },
    {
      name: "a custom name is unknown when the account's RAI policies could not be listed",
      inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed: raiPolicies/read' } }), deployment()] }),
      expect: [{ resource: deployment().id, status: 'unknown', message: /could not be listed \(AuthorizationFailed/ }],
    },
    {
      name: 'deployments that could not be listed are unknown for the account',
      inventory: azureInventory({ resources: [account({ readErrors: { deployments: 'AuthorizationFailed: deployments/read' } })] }),
      expect: [{ resource: ACCOUNT_ID, status: 'unknown', message: /could not list its deployments/ }],
    },
    {
      name: 'an unreadable deployment is unknown',
      inventory: azureInventory({ resources: [account(), deployment({ unreadable: 'ResourceNotFound' }), raiPolicy()] }),
      expect: [{ resource: deployment().id, status: 'unknown' }],
    },
    {
      name: 'a failed account listing is unknown for the subscription',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown', message: /Could not list the Cognitive Services accounts/ }],
    },
    {
      name: 'two deployments, one custom and one default, on an AIServices account',
      inventory: azureInventory({
        resources: [account({ kind: 'AIServices' }), deployment(), deployment({ name: 'gpt-4o-mini', raiPolicyName: null }), raiPolicy(), builtInPolicy()],
      }),
      expect: [
        { resource: deployment().id, status: 'pass' },
        { resource: deployment({ name: 'gpt-4o-mini' }).id, status: 'fail' },
      ],
    },
  ],
};
