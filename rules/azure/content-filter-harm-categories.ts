import type { RuleModule } from '../../src/engine/rule.ts';
import { azureThreshold, assessFilter, checkPoliciesInUse, filterOutcome, harmCategoryFilters, mergeAssessments, observedFilters } from './accounts.ts';
import {
  ACCOUNT_ID,
  account,
  azureInventory,
  builtInPolicy,
  deployment,
  filter,
  raiPolicy,
  strongFilters,
  unknownListingId,
  withFilters,
} from './case-builders.ts';

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
      return filterOutcome(
        use,
        assessment,
        `blocks Hate, Sexual, Violence and Selfharm on prompts (threshold ${azureThreshold(input)} or stricter) and completions (${azureThreshold(output)} or stricter)`,
        'does not meet the harm-category baseline',
        { observed: observedFilters(use.policy, directions), expected },
      );
    });
  },
  cases: [
    { name: 'no deployments: no verdicts', inventory: azureInventory({ resources: [account()] }), expect: [] },
    {
      name: 'a custom policy at Medium everywhere passes and names its deployment',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
      expect: [{ resource: raiPolicy().id, status: 'pass', message: /org-strict on account aoai-prod \(used by deployment gpt-4o\) blocks Hate/ }],
    },
    {
      name: 'Hate at threshold High on Completion fails (acceptance)',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Hate', 'Completion', { severityThreshold: 'High' })) }),
        ],
      }),
      expect: [
        {
          resource: raiPolicy().id,
          status: 'fail',
          message: /Hate on Completion has severity threshold High, weaker than the baseline \(Medium or stricter\)/,
        },
      ],
    },
    {
      name: 'threshold High passes when the baseline asks only for low',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Hate', 'Completion', { severityThreshold: 'High' })) }),
        ],
      }),
      baseline: { harmCategories: { input: 'low', output: 'low' } },
      expect: [{ resource: raiPolicy().id, status: 'pass' }],
    },
    {
      name: 'Medium fails when the baseline asks for high (threshold Low)',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
      baseline: { harmCategories: { input: 'high', output: 'medium' } },
      expect: [
        { resource: raiPolicy().id, status: 'fail', message: /Hate on Prompt has severity threshold Medium, weaker than the baseline \(Low or stricter\)/ },
      ],
    },
    {
      name: 'the API example policy (Hate disabled on Prompt, several at High) fails',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({
            mode: 'Asynchronous_filter',
            contentFilters: [
              filter('Hate', 'Prompt', { enabled: false, blocking: false, severityThreshold: 'High' }),
              filter('Hate', 'Completion', { severityThreshold: 'Medium' }),
              filter('Sexual', 'Prompt', { severityThreshold: 'High' }),
              filter('Sexual', 'Completion', { severityThreshold: 'Medium' }),
              filter('Selfharm', 'Prompt', { severityThreshold: 'High' }),
              filter('Selfharm', 'Completion', { severityThreshold: 'Medium' }),
              filter('Violence', 'Prompt', { severityThreshold: 'Medium' }),
              filter('Violence', 'Completion', { severityThreshold: 'Medium' }),
            ],
          }),
        ],
      }),
      expect: [
        {
          resource: raiPolicy().id,
          status: 'fail',
          message: /Hate on Prompt is disabled; Sexual on Prompt has severity threshold High.*Selfharm on Prompt has severity threshold High/,
        },
      ],
    },
    {
      name: 'annotate-only (blocking false) fails',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Violence', 'Prompt', { blocking: false, severityThreshold: 'Medium' })) }),
        ],
      }),
      expect: [{ resource: raiPolicy().id, status: 'fail', message: /Violence on Prompt annotates only \(not blocking\)\./ }],
    },
    {
      name: 'a missing category fails',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: strongFilters().filter((entry) => !(entry.name === 'Sexual' && entry.source === 'Completion')) }),
        ],
      }),
      expect: [{ resource: raiPolicy().id, status: 'fail', message: /Sexual on Completion is not configured/ }],
    },
    {
      name: 'SelfHarm and "Self Harm" spellings are recognised',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({
            contentFilters: [
              ...strongFilters().filter((entry) => entry.name !== 'Selfharm'),
              filter('SelfHarm', 'Prompt', { severityThreshold: 'Low' }),
              filter('Self Harm', 'Completion', { severityThreshold: 'Medium' }),
            ],
          }),
        ],
      }),
      expect: [{ resource: raiPolicy().id, status: 'pass' }],
    },
    {
      name: 'a threshold the API did not report is unknown, not pass',
      inventory: azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: withFilters(strongFilters(), filter('Hate', 'Prompt', { severityThreshold: null })) }),
        ],
      }),
      expect: [{ resource: raiPolicy().id, status: 'unknown', message: /Hate on Prompt: severity threshold not reported/ }],
    },
    {
      name: 'a deployment with no raiPolicyName is judged on the documented Microsoft.DefaultV2 (passes, and says so)',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
      expect: [{ resource: builtInPolicy().id, status: 'pass', message: /Microsoft's documented defaults for Microsoft\.DefaultV2/ }],
    },
    {
      name: 'one verdict per policy in use, naming every deployment; unused policies are not judged',
      inventory: azureInventory({
        resources: [account(), deployment(), deployment({ name: 'gpt-4o-mini' }), raiPolicy(), raiPolicy({ name: 'unused-weak', contentFilters: [] })],
      }),
      expect: [{ resource: raiPolicy().id, status: 'pass', message: /used by deployments gpt-4o, gpt-4o-mini/ }],
    },
    {
      name: 'RAI policies that could not be listed are unknown for the account',
      inventory: azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'unknown', message: /could not list its RAI policies.*gpt-4o/ }],
    },
    {
      name: 'deployments that could not be listed are unknown for the account',
      inventory: azureInventory({ resources: [account({ readErrors: { deployments: 'AuthorizationFailed' } }), raiPolicy()] }),
      expect: [{ resource: ACCOUNT_ID, status: 'unknown' }],
    },
    {
      name: 'a deployment whose policy was not collected is unknown',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: 'Microsoft.Nil' })] }),
      expect: [{ resource: deployment().id, status: 'unknown', message: /Microsoft\.Nil, which is not among the policies collected/ }],
    },
    {
      name: 'an unreadable policy is unknown',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ unreadable: 'InternalServerError' })] }),
      expect: [{ resource: raiPolicy().id, status: 'unknown', message: /InternalServerError/ }],
    },
    {
      name: 'a failed account listing is unknown',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account', status: 'error' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown' }],
    },
  ],
};
