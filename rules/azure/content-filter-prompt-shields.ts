import type { RuleModule } from '../../src/engine/rule.ts';
import { assessFilter, checkPoliciesInUse, filterOutcome, observedFilters } from './accounts.ts';

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
        { pass: 'jailbreak-blocked', fail: 'jailbreak-not-blocked' },
      ),
    );
  },
};
