import type { RuleModule } from '../../src/engine/rule.ts';
import { checkPoliciesInUse, policyUseLabel } from './accounts.ts';
import { account, azureInventory, builtInPolicy, deployment, raiPolicy, unknownListingId } from './case-builders.ts';

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
      if (mode === null) return { status: 'unknown', message: `${label}: the API did not report the filtering mode.`, observed, expected };
      if (asynchronousModes.has(mode.toLowerCase())) {
        return {
          status: 'fail',
          message: `${label} filters asynchronously (mode ${mode}): streamed content reaches the caller before it is filtered.`,
          observed,
          expected,
        };
      }
      return { status: 'pass', message: `${label} filters content before it is returned (mode ${mode}).`, observed, expected };
    });
  },
  cases: [
    {
      name: 'mode Default passes',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy()] }),
      expect: [{ resource: raiPolicy().id, status: 'pass', message: /mode Default/ }],
    },
    {
      name: 'mode Blocking passes',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: 'Blocking' })] }),
      expect: [{ resource: raiPolicy().id, status: 'pass' }],
    },
    {
      name: 'mode Asynchronous_filter fails (acceptance; the API example policy)',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: 'Asynchronous_filter' })] }),
      expect: [{ resource: raiPolicy().id, status: 'fail', message: /filters asynchronously \(mode Asynchronous_filter\)/ }],
    },
    {
      name: 'mode Deferred (older API name of the same mode) fails',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: 'Deferred' })] }),
      expect: [{ resource: raiPolicy().id, status: 'fail' }],
    },
    {
      name: 'an unused asynchronous policy is not judged',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy(), raiPolicy({ name: 'streaming-test', mode: 'Asynchronous_filter' })] }),
      expect: [{ resource: raiPolicy().id, status: 'pass' }],
    },
    {
      name: 'mode not reported is unknown',
      inventory: azureInventory({ resources: [account(), deployment(), raiPolicy({ mode: null })] }),
      expect: [{ resource: raiPolicy().id, status: 'unknown', message: /did not report the filtering mode/ }],
    },
    {
      name: 'documented Microsoft.DefaultV2 passes with the note',
      inventory: azureInventory({ resources: [account(), deployment({ raiPolicyName: null }), builtInPolicy()] }),
      expect: [{ resource: builtInPolicy().id, status: 'pass', message: /documented defaults/ }],
    },
    {
      name: 'unreadable RAI policies are unknown',
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
