import type { RuleModule } from '../../src/engine/rule.ts';
import { assessFilter, checkPoliciesInUse, filterOutcome, observedFilters } from './accounts.ts';
import { account, azureInventory, builtInPolicy, deployment, filter, raiPolicy, strongFilters, unknownListingId, withFilters } from './case-builders.ts';

const wanted = [['Jailbreak', 'Prompt']] as const;
const expected = { 'Jailbreak/Prompt': { enabled: true, blocking: true } };

export const rule: RuleModule = {
  meta: {
    id: 'azure/content-filter-prompt-shields',
    provider: 'azure',
    title: 'Content filters in use block jailbreak attacks on prompts (Prompt Shields)',
    severity: 'high',
    resourceTypes: ['azure.rai-policy', 'azure.deployment'],
    criteria: ['L3.coverage', 'L5.multi-cloud'],
    description:
      'For every RAI policy in use (the policy each deployment names, or Microsoft.DefaultV2 when it names none), checks that the Jailbreak filter (Prompt Shields for user prompt attacks) is enabled and blocking on Prompt. Prompt Shields have no severity levels, so an enabled, blocking filter meets any baseline prompt-attack strength. Unreported enabled or blocking fields make the verdict unknown.',
    remediation:
      'Edit the content filter (Azure AI Foundry portal > Safety + security > Content filters > Input filter): turn on "Prompt shields for jailbreak attacks" with action Block (contentFilters entry name Jailbreak, source Prompt, enabled true, blocking true), and make sure every deployment uses that filter.',
    references: [
      'Azure Policy (preview) f3a9c2e0',
      'https://learn.microsoft.com/azure/ai-services/content-safety/concepts/jailbreak-detection',
      'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter',
      'OWASP LLM01:2025 Prompt Injection',
    ],
  },
  check(context) {
    return checkPoliciesInUse(context, 'the Prompt Shields (Jailbreak) filter', (use) =>
      filterOutcome(
        use,
        assessFilter(use.policy, 'Jailbreak', 'Prompt', { blocking: true }),
        'blocks jailbreak attacks on prompts',
        'does not block jailbreak attacks',
        {
          observed: observedFilters(use.policy, wanted),
          expected,
        },
      ),
    );
  },
  cases: [
    {
      name: 'Jailbreak enabled and blocking on Prompt passes',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
      expect: [{ resource: raiPolicy().id, status: 'pass', message: /blocks jailbreak attacks/ }],
    },
    {
      name: 'no Jailbreak filter fails',
      inventory: azureInventory({
        resources: [account(), deployment(), raiPolicy({ contentFilters: strongFilters().filter((entry) => entry.name !== 'Jailbreak') })],
      }),
      expect: [{ resource: raiPolicy().id, status: 'fail', message: /Jailbreak on Prompt is not configured/ }],
    },
    {
      name: 'Jailbreak disabled fails',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Jailbreak', 'Prompt', { enabled: false, blocking: false })) }),
        ],
      }),
      expect: [{ resource: raiPolicy().id, status: 'fail', message: /Jailbreak on Prompt is disabled/ }],
    },
    {
      name: 'Jailbreak annotate-only fails',
      inventory: azureInventory({
        resources: [account(), deployment(), raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Jailbreak', 'Prompt', { blocking: false })) })],
      }),
      expect: [{ resource: raiPolicy().id, status: 'fail', message: /annotates only/ }],
    },
    {
      name: 'Jailbreak only on Completion does not count',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: [...strongFilters().filter((entry) => entry.name !== 'Jailbreak'), filter('Jailbreak', 'Completion')] }),
        ],
      }),
      expect: [{ resource: raiPolicy().id, status: 'fail' }],
    },
    {
      name: 'blocking not reported is unknown',
      inventory: azureInventory({
        resources: [account(), deployment(), raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Jailbreak', 'Prompt', { blocking: null })) })],
      }),
      expect: [{ resource: raiPolicy().id, status: 'unknown', message: /blocking not reported/ }],
    },
    {
      name: 'documented Microsoft.DefaultV2 includes Prompt Shields (pass, noted as documented)',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
      expect: [{ resource: builtInPolicy().id, status: 'pass', message: /documented defaults/ }],
    },
    {
      name: 'documented Microsoft.Default has no Prompt Shields (fail)',
      inventory: azureInventory({
        resources: [
          account(),
          deployment({ raiPolicyName: 'Microsoft.Default' }),
          builtInPolicy({
            name: 'Microsoft.Default',
            contentFilters: strongFilters().filter((entry) => !['Jailbreak', 'Indirect Attack'].includes(entry.name) && !entry.name.startsWith('Protected')),
          }),
        ],
      }),
      expect: [
        {
          resource: builtInPolicy({ name: 'Microsoft.Default' }).id,
          status: 'fail',
          message: /not configured\. Its filters are Microsoft's documented defaults for Microsoft\.Default/,
        },
      ],
    },
    {
      name: 'unreadable RAI policies are unknown for the account',
      inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
      expect: [{ resource: account().id, status: 'unknown' }],
    },
    {
      name: 'a failed account listing is unknown',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown' }],
    },
  ],
};
