import type { RuleModule } from '../../src/engine/rule.ts';
import { checkPoliciesInUse, policyUseLabel } from './accounts.ts';

/** Modes that let streamed content reach the caller before the filter's verdict ('Deferred' is the pre-2025-06-01 name of Asynchronous_filter). */
const asynchronousModes = new Set(['asynchronous_filter', 'deferred']);
const expected = { mode: 'Default or Blocking (not Asynchronous_filter / Deferred)' };

export const rule: RuleModule = {
  meta: {
    id: 'azure/content-filter-mode',
    provider: 'azure',
    title: 'Content filters in use filter synchronously (mode is not Asynchronous_filter)',
    severity: 'medium',
    resourceTypes: ['azure.rai-policy', 'azure.deployment'],
    criteria: ['L3.coverage'],
    description:
      "For every RAI policy in use (the policy each deployment names, or Microsoft.DefaultV2 when it names none), checks that the policy mode is not Asynchronous_filter. In asynchronous mode streamed completions are returned as they are generated and filtered afterwards, so harmful content can reach the user before the filter's verdict. Deferred, the name the API used for the same mode before api-version 2025-06-01, fails too. A mode the API did not report makes the verdict unknown.",
    remediation:
      "Edit the content filter (Azure AI Foundry portal > Safety + security > Content filters > Output filter > Streaming mode): choose the default (buffered) mode instead of Asynchronous Filter, or set the RAI policy's mode to Default.",
    references: [
      'Azure Policy (preview) c1ad46c6',
      'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-streaming',
      'OWASP LLM05:2025 Improper Output Handling',
    ],
  },
  check(context) {
    return checkPoliciesInUse(context, 'the filtering mode', (use) => {
      const label = policyUseLabel(use);
      const mode = use.policy.mode;
      const observed = { mode };
      if (mode === null)
        return { status: 'unknown', reason: 'mode-not-reported', message: `${label}: the API did not report the filtering mode.`, observed, expected };
      if (asynchronousModes.has(mode.toLowerCase())) {
        return {
          status: 'fail',
          reason: 'asynchronous-mode',
          message: `${label} filters asynchronously (mode ${mode}): streamed content reaches the caller before it is filtered.`,
          observed,
          expected,
        };
      }
      return { status: 'pass', reason: 'synchronous-mode', message: `${label} filters content before it is returned (mode ${mode}).`, observed, expected };
    });
  },
};
