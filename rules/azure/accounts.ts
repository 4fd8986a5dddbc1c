/**
 * Shared logic for the Azure rules: which Cognitive Services accounts the rules apply to, how a
 * deployment's effective content-filter (RAI) policy is resolved, which policies are in use, and
 * how a policy's content filters are looked up and judged.
 *
 * Failed reads never turn into passes: an account whose child listing failed carries the error
 * in `readErrors` (`deployments`, `raiPolicies`, `diagnosticSettings`, `defenderForAISettings`),
 * and the rules report `unknown` for what that listing would have shown.
 */
import type { ScopeRef, Strength } from '../../src/model/common.ts';
import type { AzureAccount, AzureContentFilter, AzureDeployment, AzureRaiPolicy } from '../../src/model/azure.ts';
import type { RuleContext, Verdict } from '../../src/engine/rule.ts';
import { strengthAtLeast } from '../../src/model/common.ts';
import { commonReasons, unknownSubjectId, verdictOn, type Outcome } from '../../src/engine/verdicts.ts';

/** The policy Azure applies to a deployment that names none (current models). */
export const DEFAULT_POLICY_NAME = 'Microsoft.DefaultV2';

/** The four harm categories every policy in use must block, as the API names them. */
export const harmCategoryFilters = ['Hate', 'Sexual', 'Violence', 'Selfharm'] as const;

/**
 * Content-safety ("ContentSafety - Risks&Safety") metrics of Microsoft.CognitiveServices/accounts,
 * by their REST API names. Source: Azure Monitor reference "Supported metrics for
 * Microsoft.CognitiveServices/accounts" (learn.microsoft.com/azure/azure-monitor/reference/
 * supported-metrics/microsoft-cognitiveservices-accounts-metrics, generated 2025-04-16), also
 * listed as the Content Safety metrics in "Azure OpenAI monitoring data reference"
 * (learn.microsoft.com/azure/ai-foundry/openai/monitor-openai-reference):
 * - RAIRejectedRequests: "Blocked Volume", calls rejected by the content filter;
 * - RAIHarmfulRequests: "Harmful Volume Detected", calls detected as harmful (block and annotate modes);
 * - RAIAbusiveUsersCount: "Potentially Abusive User Count".
 * The same category's RAITotalRequests ("Total Volume Sent For Safety Check", the denominator)
 * and RAISystemEvent ("Safety System Event") measure no filter activation and do not count.
 * "Blocked Volume" and "Harmful Volume Detected" are display names: alert rules use the REST names.
 */
export const contentSafetyMetricNames = ['RAIRejectedRequests', 'RAIHarmfulRequests', 'RAIAbusiveUsersCount'] as const;

const aiKinds = new Set(['openai', 'aiservices']);

/** ARM ids compare case-insensitively (and a trailing slash does not matter). */
export function sameArmId(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

/** `id` is `parent` itself or lies under it (`parent` a resource group or subscription id). */
export function armIdWithin(id: string, parent: string): boolean {
  const child = id.replace(/\/+$/, '').toLowerCase();
  const prefix = parent.replace(/\/+$/, '').toLowerCase();
  return prefix !== '' && (child === prefix || child.startsWith(`${prefix}/`));
}

export function accountLabel(account: AzureAccount): string {
  return `Account ${account.name ?? account.id}`;
}

/** Deployments collected for an account. */
export function deploymentsOf(context: RuleContext, account: AzureAccount): AzureDeployment[] {
  return context.resources('azure.deployment').filter((entry) => sameArmId(entry.accountId, account.id));
}

/**
 * The accounts the Azure rules apply to (spec §6.2): kind `OpenAI` or `AIServices`, or any
 * account with deployments.
 */
export function aiAccounts(context: RuleContext): AzureAccount[] {
  const withDeployments = new Set(context.resources('azure.deployment').map((entry) => entry.accountId.replace(/\/+$/, '').toLowerCase()));
  return context
    .resources('azure.cognitive-account')
    .filter((account) => aiKinds.has(account.kind.toLowerCase()) || withDeployments.has(account.id.replace(/\/+$/, '').toLowerCase()));
}

/**
 * One `unknown` verdict per subscription whose account listing failed. Only the
 * subscription-wide listing (region null) counts: the collector also records per-account
 * reads (Defender-for-AI settings) under the account type, and those are judged from the
 * account's `readErrors` instead.
 */
export function unreadableAccountListings(context: RuleContext): Verdict[] {
  return context.inventory.listings
    .filter(
      (entry) =>
        entry.provider === 'azure' &&
        entry.resourceType === 'azure.cognitive-account' &&
        entry.region === null &&
        (entry.status === 'denied' || entry.status === 'error'),
    )
    .map((entry) => ({
      status: 'unknown' as const,
      reason: commonReasons.listingUnreadable,
      resource: { id: unknownSubjectId(entry.scope.id, null, 'azure.cognitive-account'), type: 'azure.cognitive-account' },
      scope: entry.scope,
      region: null,
      message: `Could not list the Cognitive Services accounts of subscription ${entry.scope.name ?? entry.scope.id} (${entry.status}${entry.message ? `: ${entry.message}` : ''}).`,
      source: { kind: 'api' as const, api: entry.collector },
    }));
}

export type { Outcome } from '../../src/engine/verdicts.ts';

/**
 * Runs a per-account check on every AI account, reporting accounts whose details could not be
 * read, and subscriptions whose accounts could not be listed, as unknown.
 */
export function checkAiAccounts(context: RuleContext, what: string, judge: (account: AzureAccount) => Outcome): Verdict[] {
  return [
    ...aiAccounts(context).map((account) => {
      if (account.unreadable !== undefined) {
        return verdictOn(
          account,
          'unknown',
          commonReasons.resourceUnreadable,
          `Could not read ${what} of ${accountLabel(account).toLowerCase()}: ${account.unreadable}.`,
        );
      }
      const { status, reason, message, ...details } = judge(account);
      return verdictOn(account, status, reason, message, details);
    }),
    ...unreadableAccountListings(context),
  ];
}

/** Built-in policies are `Microsoft.*` (`Microsoft.Default`, `Microsoft.DefaultV2`, `Microsoft.Nil`, …). */
export function isBuiltInPolicyName(name: string): boolean {
  return /^Microsoft\./i.test(name.trim());
}

/** The policy a deployment runs on: the one it names, or Microsoft.DefaultV2 when it names none. */
export function effectivePolicyName(entry: AzureDeployment): string {
  return entry.raiPolicyName ?? DEFAULT_POLICY_NAME;
}

function policyName(policy: AzureRaiPolicy): string {
  return policy.name ?? policy.id.split('/').pop() ?? policy.id;
}

/** The RAI policies collected for an account. */
export function policiesOf(context: RuleContext, accountRef: string): AzureRaiPolicy[] {
  return context.resources('azure.rai-policy').filter((entry) => sameArmId(entry.accountId, accountRef));
}

/** The policy a deployment runs on, on its own account (names compared case-insensitively). */
export function resolvePolicy(context: RuleContext, entry: AzureDeployment): AzureRaiPolicy | undefined {
  const wanted = effectivePolicyName(entry).trim().toLowerCase();
  return policiesOf(context, entry.accountId).find((policy) => policyName(policy).trim().toLowerCase() === wanted);
}

export interface PolicyUse {
  policy: AzureRaiPolicy;
  account: AzureAccount;
  /** The deployments running on the policy, by name. */
  deployments: AzureDeployment[];
}

export interface PoliciesInUse {
  uses: PolicyUse[];
  /** Accounts and deployments whose policy could not be determined or read. */
  unknowns: Verdict[];
}

function names(entries: readonly { name?: string | undefined; id: string }[]): string {
  return entries.map((entry) => entry.name ?? entry.id).join(', ');
}

/**
 * The RAI policies in use (referenced by at least one deployment) on every AI account. An
 * account whose deployments or policies could not be listed gives one `unknown` verdict; a
 * deployment whose details could not be read, or whose policy is not among the account's
 * policies, gives an `unknown` verdict for that deployment. `what` names what the caller
 * judges ("the harm-category filters") for those messages.
 */
export function policiesInUse(context: RuleContext, what: string): PoliciesInUse {
  const uses = new Map<string, PolicyUse>();
  const unknowns: Verdict[] = [...unreadableAccountListings(context)];
  for (const account of aiAccounts(context)) {
    const label = accountLabel(account);
    if (account.readErrors.deployments !== undefined) {
      unknowns.push(
        verdictOn(
          account,
          'unknown',
          commonReasons.listingUnreadable,
          `${label}: could not list its deployments, so ${what} in use are unknown (${account.readErrors.deployments}).`,
        ),
      );
      continue;
    }
    const deployments = deploymentsOf(context, account);
    if (deployments.length === 0) continue;
    if (account.readErrors.raiPolicies !== undefined) {
      unknowns.push(
        verdictOn(
          account,
          'unknown',
          commonReasons.listingUnreadable,
          `${label}: could not list its RAI policies, so ${what} of the policies used by deployment(s) ${names(deployments)} are unknown (${account.readErrors.raiPolicies}).`,
        ),
      );
      continue;
    }
    for (const entry of deployments) {
      if (entry.unreadable !== undefined) {
        unknowns.push(
          verdictOn(
            entry,
            'unknown',
            commonReasons.resourceUnreadable,
            `Could not read deployment ${entry.name ?? entry.id} on ${label.toLowerCase()}, so ${what} it runs on are unknown: ${entry.unreadable}.`,
          ),
        );
        continue;
      }
      const policy = resolvePolicy(context, entry);
      if (!policy) {
        unknowns.push(
          verdictOn(
            entry,
            'unknown',
            'policy-not-collected',
            `Deployment ${entry.name ?? entry.id} runs on RAI policy ${effectivePolicyName(entry)}, which is not among the policies collected for ${label.toLowerCase()}, so ${what} it applies could not be judged.`,
          ),
        );
        continue;
      }
      const key = policy.id.toLowerCase();
      const use = uses.get(key) ?? { policy, account, deployments: [] };
      use.deployments.push(entry);
      uses.set(key, use);
    }
  }
  return { uses: [...uses.values()], unknowns };
}

/** "RAI policy org-strict on account aoai-prod (used by deployment gpt-4o)". */
export function policyUseLabel(use: PolicyUse): string {
  const count = use.deployments.length;
  return `RAI policy ${policyName(use.policy)} on account ${use.account.name ?? use.account.id} (used by deployment${count > 1 ? 's' : ''} ${names(use.deployments)})`;
}

/** The note every verdict on a policy filled in from Microsoft's documentation carries. */
export function documentedDefaultNote(policy: AzureRaiPolicy): string {
  return policy.documentedDefault
    ? ` Its filters are Microsoft's documented defaults for ${policyName(policy)}: the API did not list the built-in policy, so they were not read from the account.`
    : '';
}

/**
 * Runs a check on every RAI policy in use: one verdict per policy (subject: the policy) naming
 * the deployments that use it, plus the unknowns of {@link policiesInUse}.
 */
export function checkPoliciesInUse(context: RuleContext, what: string, judge: (use: PolicyUse) => Outcome): Verdict[] {
  const { uses, unknowns } = policiesInUse(context, what);
  return [
    ...uses.map((use) => {
      if (use.policy.unreadable !== undefined) {
        return verdictOn(
          use.policy,
          'unknown',
          commonReasons.resourceUnreadable,
          `Could not read ${what} of ${policyUseLabel(use)}: ${use.policy.unreadable}.`,
        );
      }
      const { status, reason, message, ...details } = judge(use);
      return verdictOn(use.policy, status, reason, `${message}${documentedDefaultNote(use.policy)}`, details);
    }),
    ...unknowns,
  ];
}

/** Filter names compare case-insensitively, ignoring spaces (`Selfharm`/`SelfHarm`/`Self Harm`, `Indirect Attack`/`IndirectAttack`). */
export function filterNameKey(name: string): string {
  return name.replace(/[\s_-]+/g, '').toLowerCase();
}

/** The filter of a policy for one (name, source) pair. */
export function findFilter(policy: AzureRaiPolicy, name: string, source: 'Prompt' | 'Completion'): AzureContentFilter | undefined {
  const key = filterNameKey(name);
  return policy.contentFilters.find((entry) => entry.source === source && filterNameKey(entry.name) === key);
}

/** The Azure severity threshold that gives a neutral strength (High→low, Medium→medium, Low→high). */
const thresholdFor: Record<Strength, string> = { off: 'off', low: 'High', medium: 'Medium', high: 'Low' };

export function azureThreshold(strength: Strength): string {
  return thresholdFor[strength];
}

export interface FilterRequirement {
  /** The filter must block, not only annotate. */
  blocking: boolean;
  /** The neutral strength the severity threshold must reach (multi-level filters only). */
  strength?: Strength;
}

export interface FilterAssessment {
  /** Definite shortfalls, e.g. "Hate on Completion is disabled". */
  problems: string[];
  /** Fields the API did not report, so the filter cannot be judged, e.g. "Hate on Prompt: blocking not reported". */
  gaps: string[];
}

/** Judges one (name, source) filter of a policy against a requirement. */
export function assessFilter(policy: AzureRaiPolicy, name: string, source: 'Prompt' | 'Completion', requirement: FilterRequirement): FilterAssessment {
  const label = `${name} on ${source}`;
  const entry = findFilter(policy, name, source);
  if (!entry) return { problems: [`${label} is not configured`], gaps: [] };
  if (entry.enabled === false) return { problems: [`${label} is disabled`], gaps: [] };
  const problems: string[] = [];
  const gaps: string[] = [];
  if (entry.enabled === null) gaps.push(`${label}: enabled not reported`);
  if (requirement.blocking) {
    if (entry.blocking === false) problems.push(`${label} annotates only (not blocking)`);
    else if (entry.blocking === null) gaps.push(`${label}: blocking not reported`);
  }
  if (requirement.strength !== undefined && !(requirement.blocking && entry.blocking === false)) {
    if (entry.severityThreshold === null) gaps.push(`${label}: severity threshold not reported`);
    else if (!strengthAtLeast(entry.strength, requirement.strength)) {
      problems.push(
        `${label} has severity threshold ${entry.severityThreshold}, weaker than the baseline (${azureThreshold(requirement.strength)} or stricter)`,
      );
    }
  }
  return { problems, gaps };
}

export function mergeAssessments(assessments: readonly FilterAssessment[]): FilterAssessment {
  return { problems: assessments.flatMap((entry) => entry.problems), gaps: assessments.flatMap((entry) => entry.gaps) };
}

/** The filters of a policy as observed, keyed `<name>/<source>` (null when absent). */
export function observedFilters(policy: AzureRaiPolicy, wanted: ReadonlyArray<readonly [string, 'Prompt' | 'Completion']>) {
  return Object.fromEntries(
    wanted.map(([name, source]) => {
      const entry = findFilter(policy, name, source);
      return [`${name}/${source}`, entry ? { enabled: entry.enabled, blocking: entry.blocking, severityThreshold: entry.severityThreshold } : null];
    }),
  );
}

/** The outcome of a filter assessment: fail on any shortfall, unknown on unreported fields, else pass. */
export function filterOutcome(
  use: PolicyUse,
  assessment: FilterAssessment,
  passMessage: string,
  failLead: string,
  details: Pick<Outcome, 'observed' | 'expected'>,
  reasons: { pass: string; fail: string },
): Outcome {
  const label = policyUseLabel(use);
  if (assessment.problems.length > 0)
    return { status: 'fail', reason: reasons.fail, message: `${label} ${failLead}: ${assessment.problems.join('; ')}.`, ...details };
  if (assessment.gaps.length > 0)
    return { status: 'unknown', reason: 'filter-not-reported', message: `${label} could not be judged: ${assessment.gaps.join('; ')}.`, ...details };
  return { status: 'pass', reason: reasons.pass, message: `${label} ${passMessage}.`, ...details };
}

/** The subject and scope of a subscription-level verdict. */
export function subscriptionSubject(scope: ScopeRef) {
  return { id: `/subscriptions/${scope.id}`, type: 'azure.subscription', ...(scope.name ? { name: scope.name } : {}) };
}

/** AI accounts grouped by subscription, with the subscription's scope. */
export function aiSubscriptions(context: RuleContext): Array<{ scope: ScopeRef; accounts: AzureAccount[] }> {
  const bySubscription = new Map<string, { scope: ScopeRef; accounts: AzureAccount[] }>();
  for (const account of aiAccounts(context)) {
    const key = account.scope.id.toLowerCase();
    const scope = context.inventory.scopes.find((entry) => entry.provider === 'azure' && entry.id.toLowerCase() === key) ?? account.scope;
    const group = bySubscription.get(key) ?? { scope, accounts: [] };
    group.accounts.push(account);
    bySubscription.set(key, group);
  }
  return [...bySubscription.values()];
}
