import type { RuleModule } from '../../src/engine/rule.ts';
import { assessFilter, checkPoliciesInUse, filterOutcome, findFilter, mergeAssessments, observedFilters } from './accounts.ts';

const wanted = [
  ['Protected Material Text', 'Completion'],
  ['Protected Material Code', 'Completion'],
] as const;
const expected = { 'Protected Material Text/Completion': { enabled: true }, 'Protected Material Code/Completion': { enabled: true } };

export const rule: RuleModule = {
  meta: {
    id: 'azure/content-filter-protected-material',
    provider: 'azure',
    title: 'Content filters in use detect protected material (text and code) in completions',
    severity: 'low',
    resourceTypes: ['azure.rai-policy', 'azure.deployment'],
    criteria: ['L3.coverage', 'L5.new-capabilities'],
    description:
      'For every RAI policy in use (the policy each deployment names, or Microsoft.DefaultV2 when it names none), checks that the Protected Material Text and Protected Material Code filters are enabled on Completion, so known copyrighted text and public-repository code in model output are detected. Annotating (not blocking) is accepted — Microsoft.DefaultV2 annotates code only — and the verdict says which filters only annotate. Unreported enabled fields make the verdict unknown.',
    remediation:
      'Edit the content filter (Azure AI Foundry portal > Safety + security > Content filters > Output filter): turn on "Protected material for text" and "Protected material for code" (contentFilters entries "Protected Material Text" and "Protected Material Code", source Completion, enabled true; blocking true to block rather than annotate), and make sure every deployment uses that filter.',
    references: [
      'https://learn.microsoft.com/azure/ai-services/content-safety/concepts/protected-material',
      'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter',
    ],
  },
  check(context) {
    return checkPoliciesInUse(context, 'the protected-material filters', (use) => {
      const assessment = mergeAssessments(wanted.map(([name, source]) => assessFilter(use.policy, name, source, { blocking: false })));
      const annotating = wanted.filter(([name, source]) => findFilter(use.policy, name, source)?.blocking === false).map(([name]) => name);
      const note = annotating.length > 0 ? ` (${annotating.join(' and ')} only annotate${annotating.length > 1 ? '' : 's'}, without blocking)` : '';
      return filterOutcome(
        use,
        assessment,
        `detects protected text and code in completions${note}`,
        'does not detect protected material in completions',
        {
          observed: observedFilters(use.policy, wanted),
          expected,
        },
        { pass: annotating.length > 0 ? 'protected-material-annotated' : 'protected-material-blocked', fail: 'protected-material-not-detected' },
      );
    });
  },
};
