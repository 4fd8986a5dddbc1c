import type { RuleModule } from '../../src/engine/rule.ts';
import { azureThreshold, assessFilter, checkPoliciesInUse, filterOutcome, harmCategoryFilters, mergeAssessments, observedFilters } from './accounts.ts';

const directions = harmCategoryFilters.flatMap((name) => [[name, 'Prompt'] as const, [name, 'Completion'] as const]);

export const rule: RuleModule = {
  meta: {
    id: 'azure/content-filter-harm-categories',
    provider: 'azure',
    title: 'Content filters in use block Hate, Sexual, Violence and Self-harm on prompts and completions at the baseline strength',
    severity: 'high',
    resourceTypes: ['azure.rai-policy', 'azure.deployment'],
    criteria: ['L3.coverage', 'L5.multi-cloud'],
    description:
      'For every RAI policy in use (the policy each deployment names, or Microsoft.DefaultV2 when it names none), checks that the Hate, Sexual, Violence and Selfharm filters are enabled and blocking on Prompt and on Completion, with a severity threshold at least as strict as the baseline (neutral scale: threshold High = low, Medium = medium, Low = high; default baseline medium on input and output, i.e. threshold Medium or Low). Filter names are matched ignoring case and spaces (Selfharm, SelfHarm, Self Harm). A filter whose enabled, blocking or threshold field is not reported makes the verdict unknown, never pass.',
    remediation:
      "Edit the content filter (Azure AI Foundry portal > Safety + security > Content filters, or the RAI policy's contentFilters): for Hate, Sexual, Violence and Self-harm on both input (Prompt) and output (Completion) set the filter on, action Block, and threshold Medium or Low; then make sure every deployment uses that filter.",
    references: [
      'Azure Policy (preview) 930f48f9',
      'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter',
      'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/content-filters',
      'OWASP LLM05:2025 Improper Output Handling',
    ],
  },
  check(context) {
    const { input, output } = context.baseline.harmCategories;
    const expected = Object.fromEntries(
      directions.map(([name, source]) => [
        `${name}/${source}`,
        { enabled: true, blocking: true, severityThreshold: `${azureThreshold(source === 'Prompt' ? input : output)} or stricter` },
      ]),
    );
    return checkPoliciesInUse(context, 'the harm-category filters', (use) => {
      const assessment = mergeAssessments(
        directions.map(([name, source]) => assessFilter(use.policy, name, source, { blocking: true, strength: source === 'Prompt' ? input : output })),
      );
      // A filter missing, disabled or only annotating is a different shortfall from a threshold weaker than the baseline.
      const notBlocking = directions.some(([name, source]) => assessFilter(use.policy, name, source, { blocking: true }).problems.length > 0);
      return filterOutcome(
        use,
        assessment,
        `blocks Hate, Sexual, Violence and Selfharm on prompts (threshold ${azureThreshold(input)} or stricter) and completions (${azureThreshold(output)} or stricter)`,
        'does not meet the harm-category baseline',
        { observed: observedFilters(use.policy, directions), expected },
        { pass: 'harm-filters-meet-baseline', fail: notBlocking ? 'harm-filter-not-blocking' : 'threshold-below-baseline' },
      );
    });
  },
};
