import type { RuleModule } from '../../src/engine/rule.ts';
import { assessFilter, checkPoliciesInUse, filterOutcome, observedFilters } from './accounts.ts';

const wanted = [['Indirect Attack', 'Prompt']] as const;
const expected = { 'Indirect Attack/Prompt': { enabled: true, blocking: true } };

export const rule: RuleModule = {
  meta: {
    id: 'azure/content-filter-indirect-attack',
    provider: 'azure',
    title: 'Content filters in use block indirect (document) prompt attacks',
    severity: 'medium',
    resourceTypes: ['azure.rai-policy', 'azure.deployment'],
    criteria: ['L3.coverage', 'L5.new-capabilities'],
    description:
      'For every RAI policy in use (the policy each deployment names, or Microsoft.DefaultV2 when it names none), checks that the Indirect Attack filter (Prompt Shields for document attacks: instructions hidden in grounding data, tool results or retrieved documents) is enabled and blocking on Prompt. The name is matched ignoring case and spaces (Indirect Attack, IndirectAttack). Microsoft.DefaultV2 does not include it, so deployments on the default fail. Unreported fields make the verdict unknown.',
    remediation:
      'Edit the content filter (Azure AI Foundry portal > Safety + security > Content filters > Input filter): turn on "Prompt shields for indirect attacks" with action Block (contentFilters entry name "Indirect Attack", source Prompt, enabled true, blocking true), and make sure every deployment uses that filter. Mark documents in prompts (document embedding / spotlighting) so the shield can tell them apart.',
    references: [
      'Azure Policy (preview) f3a9c2e0',
      'https://learn.microsoft.com/azure/ai-services/content-safety/concepts/jailbreak-detection',
      'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter',
      'OWASP LLM01:2025 Prompt Injection',
    ],
  },
  check(context) {
    return checkPoliciesInUse(context, 'the Indirect Attack filter', (use) =>
      filterOutcome(
        use,
        assessFilter(use.policy, 'Indirect Attack', 'Prompt', { blocking: true }),
        'blocks indirect prompt attacks',
        'does not block indirect prompt attacks',
        {
          observed: observedFilters(use.policy, wanted),
          expected,
        },
        { pass: 'indirect-attack-blocked', fail: 'indirect-attack-not-blocked' },
      ),
    );
  },
};
