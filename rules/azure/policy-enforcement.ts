import type { AzureAiControl, AzurePolicyAssignment } from '../../src/model/azure.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import type { RuleContext, RuleModule, Verdict } from '../../src/engine/rule.ts';
import { aiSubscriptions, sameArmId, subscriptionSubject, unreadableAccountListings } from './accounts.ts';
import { SUBSCRIPTION, account, azureInventory, control, policyAssignment, unknownListingId } from './case-builders.ts';

/** The AI controls an Azure Policy assignment must govern (spec §6.2). */
const requiredControls = ['local-auth', 'network', 'diagnostics', 'content-filtering'] as const satisfies readonly AzureAiControl[];

const controlNames: Record<(typeof requiredControls)[number], string> = {
  'local-auth': 'local authentication',
  network: 'network access',
  diagnostics: 'diagnostic logs',
  'content-filtering': 'content filtering',
};

const assignmentName = (assignment: AzurePolicyAssignment) => assignment.name ?? assignment.id;
const enforced = (assignment: AzurePolicyAssignment) => assignment.enforcementMode.trim().toLowerCase() === 'default';
const effective = (effect: string | null) => effect !== null && effect.trim() !== '' && effect.trim().toLowerCase() !== 'disabled';

/** Subscription or management-group scope: the assignment covers every account of the subscription. */
function scopeKind(assignment: AzurePolicyAssignment, subscriptionId: string): 'covers' | 'partial' | 'unknown' {
  const scope = assignment.assignmentScope.trim();
  if (scope === '') return 'unknown';
  if (/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/?$/i.test(scope)) return 'covers';
  if (sameArmId(scope, `/subscriptions/${subscriptionId}`)) return 'covers';
  return 'partial';
}

const expected = {
  controls: [...requiredControls],
  enforcementMode: 'Default',
  effect: 'any but Disabled',
  assignmentScope: 'subscription or management group',
};

function judge(context: RuleContext, scope: ScopeRef): Verdict {
  const assignments = context.resources('azure.policy-assignment').filter((entry) => entry.scope.id.toLowerCase() === scope.id.toLowerCase());
  const listingEntry = context.inventory.listings.find(
    (entry) => entry.resourceType === 'azure.policy-assignment' && entry.scope.id.toLowerCase() === scope.id.toLowerCase() && entry.region === null,
  );
  const listing = context.listing('azure.policy-assignment', scope, null);
  const coveredBy = new Map<string, string[]>();
  for (const assignment of assignments) {
    if (!enforced(assignment) || scopeKind(assignment, scope.id) !== 'covers' || assignment.unreadable !== undefined) continue;
    for (const entry of assignment.controls) {
      if (!(requiredControls as readonly string[]).includes(entry.control) || !effective(entry.effect)) continue;
      coveredBy.set(entry.control, [...(coveredBy.get(entry.control) ?? []), `${assignmentName(assignment)} (${entry.effect})`]);
    }
  }
  const uncovered = requiredControls.filter((entry) => !coveredBy.has(entry));
  const observed = {
    covered: Object.fromEntries(coveredBy),
    uncovered,
    assignments: assignments.map((entry) => ({
      name: assignmentName(entry),
      assignmentScope: entry.assignmentScope,
      enforcementMode: entry.enforcementMode,
      controls: entry.controls.map((item) => `${item.control}: ${item.effect ?? 'no effect'}`),
      unreadableDefinitions: entry.unreadableDefinitions,
    })),
  };
  const verdict = (status: Verdict['status'], message: string): Verdict => ({
    status,
    resource: subscriptionSubject(scope),
    scope,
    region: null,
    message,
    observed,
    expected,
    source: { kind: 'api', api: listingEntry?.collector ?? 'PolicyAssignments_List' },
  });
  const label = `Subscription ${scope.name ?? scope.id}`;
  if (uncovered.length === 0) {
    const summary = requiredControls.map((entry) => `${controlNames[entry]} by ${(coveredBy.get(entry) ?? []).join(', ')}`).join('; ');
    return verdict('pass', `${label} enforces Azure Policy on all four AI controls: ${summary}.`);
  }
  const missing = uncovered.map((entry) => controlNames[entry]).join(', ');
  if (listing !== 'ok') {
    return verdict(
      'unknown',
      `${label}: Azure Policy assignments could not be listed (${listing ?? 'not read'}${listingEntry?.message ? `: ${listingEntry.message}` : ''}), so enforcement of ${missing} is unknown.`,
    );
  }
  const uncertain = assignments.filter(
    (entry) =>
      enforced(entry) &&
      scopeKind(entry, scope.id) !== 'partial' &&
      (entry.unreadable !== undefined || entry.unreadableDefinitions.length > 0 || scopeKind(entry, scope.id) === 'unknown'),
  );
  if (uncertain.length > 0) {
    return verdict(
      'unknown',
      `${label}: no readable enforced assignment covers ${missing}, but ${uncertain.map((entry) => `${assignmentName(entry)} (${entry.unreadableDefinitions.length > 0 ? `unreadable definitions: ${entry.unreadableDefinitions.join(', ')}` : (entry.unreadable ?? 'scope not reported')})`).join('; ')} might.`,
    );
  }
  const notes = [
    ...assignments
      .filter((entry) => !enforced(entry) && entry.controls.length > 0)
      .map((entry) => `${assignmentName(entry)} is not enforced (enforcementMode ${entry.enforcementMode})`),
    ...assignments
      .filter((entry) => enforced(entry) && scopeKind(entry, scope.id) === 'partial' && entry.controls.length > 0)
      .map((entry) => `${assignmentName(entry)} is assigned only at ${entry.assignmentScope}`),
    ...assignments
      .filter((entry) => enforced(entry) && entry.controls.some((item) => !effective(item.effect)))
      .map(
        (entry) =>
          `${assignmentName(entry)} has effect Disabled (or none) for ${entry.controls
            .filter((item) => !effective(item.effect))
            .map((item) => item.control)
            .join(', ')}`,
      ),
  ];
  return verdict(
    'fail',
    `${label} has no enforced Azure Policy assignment (subscription or management-group scope) covering ${missing}.${notes.length > 0 ? ` ${notes.join('; ')}.` : ''}`,
  );
}

export const rule: RuleModule = {
  meta: {
    id: 'azure/policy-enforcement',
    provider: 'azure',
    title: 'Azure Policy assignments enforce the AI controls (local auth, network, diagnostics, content filtering) on every subscription with AI accounts',
    severity: 'medium',
    resourceTypes: ['azure.policy-assignment', 'azure.cognitive-account'],
    criteria: ['L3.enforcement', 'L3.coverage'],
    presenceOf: ['azure.policy-assignment'],
    description:
      "For each subscription with OpenAI or AI Services accounts, checks that Azure Policy assignments at subscription or management-group scope, in enforcement mode Default, govern all four AI controls — local authentication, network access, diagnostic logs and content filtering — with an effect other than Disabled (Audit counts: the assignment is evaluated continuously; Deny, Modify and DeployIfNotExists also correct or prevent drift). Which controls a definition governs is read from its policy rule (built-in or custom). Assignments in DoNotEnforce mode, or scoped to a resource group, do not count. Unknown when the assignments could not be listed or an assignment's definitions could not be read and might cover what is missing.",
    remediation:
      'Assign the built-in Azure AI Services policies (key access disabled, restrict network access, diagnostic logs enabled, and a content-filtering policy such as the preview RAI-policy definitions, or a custom definition on raiPolicyName / raiPolicies) at the subscription or a parent management group, with enforcement mode Default — e.g. through an initiative (policy set) so new subscriptions inherit them.',
    references: [
      'https://learn.microsoft.com/azure/ai-services/policy-reference',
      'https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure',
      'Azure Policy 71ef260a, 037eea7a, 1b4d1c4e',
    ],
  },
  check(context) {
    return [...aiSubscriptions(context).map(({ scope }) => judge(context, scope)), ...unreadableAccountListings(context)];
  },
  cases: [
    { name: 'no AI accounts: no verdict', inventory: azureInventory({ resources: [policyAssignment()] }), expect: [] },
    {
      name: 'an enforced subscription assignment covering all four controls passes',
      inventory: azureInventory({ resources: [account(), policyAssignment()] }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'pass', message: /local authentication by ai-baseline \(Deny\)/ }],
    },
    {
      name: 'several assignments, one at management-group scope, together pass',
      inventory: azureInventory({
        resources: [
          account(),
          policyAssignment({
            name: 'mg-ai',
            assignmentScope: '/providers/Microsoft.Management/managementGroups/corp',
            controls: [control('local-auth'), control('network')],
          }),
          policyAssignment({ name: 'sub-ai', controls: [control('diagnostics', 'AuditIfNotExists'), control('content-filtering', 'Audit')] }),
        ],
      }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'pass' }],
    },
    {
      name: 'no assignments fails naming every control',
      inventory: azureInventory({ resources: [account()] }),
      expect: [
        {
          resource: `/subscriptions/${SUBSCRIPTION}`,
          status: 'fail',
          message: /covering local authentication, network access, diagnostic logs, content filtering\.$/,
        },
      ],
    },
    {
      name: 'content filtering not covered fails naming it',
      inventory: azureInventory({
        resources: [account(), policyAssignment({ controls: [control('local-auth'), control('network'), control('diagnostics'), control('cmk')] })],
      }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'fail', message: /covering content filtering\.$/ }],
    },
    {
      name: 'DoNotEnforce does not count and is named',
      inventory: azureInventory({ resources: [account(), policyAssignment({ enforcementMode: 'DoNotEnforce' })] }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'fail', message: /ai-baseline is not enforced \(enforcementMode DoNotEnforce\)/ }],
    },
    {
      name: 'effect Disabled (or unresolved) does not count',
      inventory: azureInventory({
        resources: [
          account(),
          policyAssignment({ controls: [control('local-auth', 'Disabled'), control('network'), control('diagnostics'), control('content-filtering', null)] }),
        ],
      }),
      expect: [
        {
          resource: `/subscriptions/${SUBSCRIPTION}`,
          status: 'fail',
          message: /covering local authentication, content filtering.*effect Disabled \(or none\) for local-auth, content-filtering/,
        },
      ],
    },
    {
      name: 'a resource-group assignment does not cover the subscription',
      inventory: azureInventory({ resources: [account(), policyAssignment({ assignmentScope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ai` })] }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'fail', message: /assigned only at \/subscriptions\/.*\/resourceGroups\/rg-ai/ }],
    },
    {
      name: 'a failed assignment listing is unknown',
      inventory: azureInventory({ resources: [account()], failed: [{ type: 'azure.policy-assignment' }] }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'unknown', message: /could not be listed \(denied: AuthorizationFailed/ }],
    },
    {
      name: 'uncovered controls that an unreadable definition might cover are unknown',
      inventory: azureInventory({
        resources: [
          account(),
          policyAssignment({
            controls: [control('local-auth'), control('network')],
            unreadableDefinitions: [
              '/providers/Microsoft.Management/managementGroups/corp/providers/Microsoft.Authorization/policyDefinitions/ai-logs: AuthorizationFailed',
            ],
          }),
        ],
      }),
      expect: [
        {
          resource: `/subscriptions/${SUBSCRIPTION}`,
          status: 'unknown',
          message: /covers diagnostic logs, content filtering, but ai-baseline \(unreadable definitions/,
        },
      ],
    },
    {
      name: 'unreadable definitions do not matter when everything is covered',
      inventory: azureInventory({ resources: [account(), policyAssignment({ unreadableDefinitions: ['/x: AuthorizationFailed'] })] }),
      expect: [{ resource: `/subscriptions/${SUBSCRIPTION}`, status: 'pass' }],
    },
    {
      name: 'a failed account listing is unknown (AI use cannot be told)',
      inventory: azureInventory({ failed: [{ type: 'azure.cognitive-account' }] }),
      expect: [{ resource: unknownListingId('azure.cognitive-account'), status: 'unknown' }],
    },
  ],
};
