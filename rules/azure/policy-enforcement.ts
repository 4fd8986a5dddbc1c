import type { AzureAiControl, AzurePolicyAssignment } from '../../src/model/azure.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import type { Listing } from '../../src/model/inventory.ts';
import type { RuleContext, RuleModule, Verdict } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { aiSubscriptions, sameArmId, subscriptionSubject, unreadableAccountListings } from './accounts.ts';

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

/** The first subscription-wide (region null) listing of policy assignments per lower-case scope id, indexed once. */
function assignmentListings(context: RuleContext): ReadonlyMap<string, Listing> {
  return context.memo('azure/policy-assignment-listings', () => {
    const byScope = new Map<string, Listing>();
    for (const entry of context.inventory.listings) {
      if (entry.resourceType !== 'azure.policy-assignment' || entry.region !== null) continue;
      if (!byScope.has(entry.scope.id.toLowerCase())) byScope.set(entry.scope.id.toLowerCase(), entry);
    }
    return byScope;
  });
}

function judge(context: RuleContext, scope: ScopeRef): Verdict {
  const assignments =
    context.groupBy('azure.policy-assignment', 'scope-id-lower-case', (entry) => entry.scope.id.toLowerCase()).get(scope.id.toLowerCase()) ?? [];
  const listingEntry = assignmentListings(context).get(scope.id.toLowerCase());
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
  const verdict = (status: Verdict['status'], reason: string, message: string): Verdict => ({
    status,
    reason,
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
    return verdict('pass', 'ai-controls-enforced', `${label} enforces Azure Policy on all four AI controls: ${summary}.`);
  }
  const missing = uncovered.map((entry) => controlNames[entry]).join(', ');
  if (listing !== 'ok') {
    return verdict(
      'unknown',
      commonReasons.listingUnreadable,
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
      commonReasons.resourceUnreadable,
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
    'ai-controls-not-enforced',
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
};
