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
import { nameOf, strengthAtLeast } from '../../src/model/common.ts';
import { azureContentFilterVocabulary, azureHarmFilters } from '../../src/model/azure.ts';
import { commonReasons, unknownSubjectId, verdictOn, type Outcome } from '../../src/engine/verdicts.ts';

/** The policy Azure applies to a deployment that names none (current models). */
export const DEFAULT_POLICY_NAME = 'Microsoft.DefaultV2';

/** The four harm categories every policy in use must block, as the API names them. */
export const harmCategoryFilters = azureHarmFilters;

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

/** An ARM id as compared: lower case, without trailing slashes (equal keys = {@link sameArmId}). */
export function armIdKey(id: string): string {
  return (id.endsWith('/') ? id.replace(/\/+$/, '') : id).toLowerCase();
}

/** ARM ids compare case-insensitively (and a trailing slash does not matter). */
export function sameArmId(a: string, b: string): boolean {
  return armIdKey(a) === armIdKey(b);
}

/** `id` is `parent` itself or lies under it (`parent` a resource group or subscription id). */
export function armIdWithin(id: string, parent: string): boolean {
  const child = armIdKey(id);
  const prefix = armIdKey(parent);
  return prefix !== '' && (child === prefix || child.startsWith(`${prefix}/`));
}

/**
 * The keys ({@link armIdKey}) of every `parent` for which `armIdWithin(id, parent)` holds: the id
 * itself and each of its leading segments (resource group, subscription, …), nearest last.
 */
export function armIdParentKeys(id: string): string[] {
  const child = armIdKey(id);
  const keys: string[] = [];
  for (let index = child.indexOf('/', 1); index > 0; index = child.indexOf('/', index + 1)) keys.push(child.slice(0, index));
  if (child !== '') keys.push(child);
  return keys;
}

/**
 * How an account and the deployments and RAI policies under it are joined: by ARM id within one
 * scope — a subscription in a live scan, one file in IaC — so the same template copied into N
 * environment folders links each deployment to its own file's account, not to all N.
 */
function joinKey(scopeId: string, armId: string): string {
  return `${scopeId}\u0000${armIdKey(armId)}`;
}

export function accountLabel(account: AzureAccount): string {
  return `Account ${account.name ?? account.id}`;
}

/** Deployments collected for an account (a lookup by {@link joinKey}, in inventory order). */
export function deploymentsOf(context: RuleContext, account: AzureAccount): readonly AzureDeployment[] {
  return deploymentsByAccount(context).get(joinKey(account.scope.id, account.id)) ?? [];
}

/** The deployments by the {@link joinKey} of their scope and account id (indexed once per evaluation). */
function deploymentsByAccount(context: RuleContext): ReadonlyMap<string, readonly AzureDeployment[]> {
  return context.groupBy('azure.deployment', 'scope+accountId', (entry) => joinKey(entry.scope.id, entry.accountId));
}

/**
 * The accounts the Azure rules apply to (spec §6.2): kind `OpenAI` or `AIServices`, or any
 * account with deployments. Derived once per evaluation: every caller shares the same list.
 */
export function aiAccounts(context: RuleContext): AzureAccount[] {
  return context.memo('azure/ai-accounts', () => {
    const withDeployments = deploymentsByAccount(context);
    return (
      context
        .resources('azure.cognitive-account')
        // An IaC account whose kind is an unresolved expression (`kind: ''`) may be an AI account:
        // kept, so its rules say unknown rather than the account vanishing.
        .filter(
          (account) =>
            aiKinds.has(account.kind.toLowerCase()) ||
            withDeployments.has(joinKey(account.scope.id, account.id)) ||
            (account.kind === '' && account.source.kind === 'file'),
        )
    );
  });
}

/**
 * One `unknown` verdict per subscription whose account listing failed. Only the
 * subscription-wide listing (region null) counts: the collector also records per-account
 * reads (Defender-for-AI settings) under the account type, and those are judged from the
 * account's `readErrors` instead.
 */
export function unreadableAccountListings(context: RuleContext): Verdict[] {
  return context
    .failedListings('azure.cognitive-account')
    .filter((entry) => entry.provider === 'azure' && entry.region === null)
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

/** The RAI policies collected for an account, by the {@link joinKey} of its scope and id (in inventory order). */
function policiesOf(context: RuleContext, accountKey: string): readonly AzureRaiPolicy[] {
  return context.groupBy('azure.rai-policy', 'scope+accountId', (entry) => joinKey(entry.scope.id, entry.accountId)).get(accountKey) ?? [];
}

/**
 * The RAI policies of the account whose {@link joinKey} is `accountKey`, by trimmed lower-case
 * name: the first of them with each name, as a scan of {@link policiesOf} would find it. Built
 * once per account and evaluation.
 */
function policiesByName(context: RuleContext, accountKey: string): ReadonlyMap<string, AzureRaiPolicy> {
  const byAccount = context.memo('azure/policies-by-name', () => new Map<string, Map<string, AzureRaiPolicy>>());
  let byName = byAccount.get(accountKey);
  if (byName === undefined) {
    byName = new Map();
    for (const policy of policiesOf(context, accountKey)) {
      const name = policyName(policy).trim().toLowerCase();
      if (!byName.has(name)) byName.set(name, policy);
    }
    byAccount.set(accountKey, byName);
  }
  return byName;
}

/** The policy a deployment runs on, on its own account (names compared case-insensitively). */
export function resolvePolicy(context: RuleContext, entry: AzureDeployment): AzureRaiPolicy | undefined {
  return policiesByName(context, joinKey(entry.scope.id, entry.accountId)).get(effectivePolicyName(entry).trim().toLowerCase());
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

/** Why the policy of an account or deployment could not be determined or read (see {@link policiesInUse}). */
type PolicyGap =
  | { kind: 'deployments-unlisted'; account: AzureAccount }
  | { kind: 'policies-unlisted'; account: AzureAccount; deployments: readonly AzureDeployment[] }
  | { kind: 'deployment-unreadable'; account: AzureAccount; entry: AzureDeployment }
  | { kind: 'policy-not-collected'; account: AzureAccount; entry: AzureDeployment };

/** The policies in use and the gaps, in the order the accounts and deployments are visited; derived once per evaluation. */
function policyUsage(context: RuleContext): { uses: readonly PolicyUse[]; gaps: readonly PolicyGap[] } {
  return context.memo('azure/policies-in-use', () => {
    const uses = new Map<string, PolicyUse>();
    /** Each policy's lower-case id (the key of its use), computed once per policy. */
    const idKeys = new Map<AzureRaiPolicy, string>();
    const gaps: PolicyGap[] = [];
    for (const account of aiAccounts(context)) {
      if (account.readErrors.deployments !== undefined) {
        gaps.push({ kind: 'deployments-unlisted', account });
        continue;
      }
      const accountKey = joinKey(account.scope.id, account.id);
      const deployments = deploymentsByAccount(context).get(accountKey) ?? [];
      if (deployments.length === 0) continue;
      if (account.readErrors.raiPolicies !== undefined) {
        gaps.push({ kind: 'policies-unlisted', account, deployments });
        continue;
      }
      // The account's deployments name it by an id with this same key: resolvePolicy, without recomputing the key.
      const policies = policiesByName(context, accountKey);
      for (const entry of deployments) {
        if (entry.unreadable !== undefined) {
          gaps.push({ kind: 'deployment-unreadable', account, entry });
          continue;
        }
        const policy = policies.get(effectivePolicyName(entry).trim().toLowerCase());
        if (!policy) {
          gaps.push({ kind: 'policy-not-collected', account, entry });
          continue;
        }
        let key = idKeys.get(policy);
        if (key === undefined) {
          key = policy.id.toLowerCase();
          idKeys.set(policy, key);
        }
        const use = uses.get(key);
        if (use) use.deployments.push(entry);
        else uses.set(key, { policy, account, deployments: [entry] });
      }
    }
    return { uses: [...uses.values()], gaps };
  });
}

function gapVerdict(gap: PolicyGap, what: string): Verdict {
  const label = accountLabel(gap.account);
  switch (gap.kind) {
    case 'deployments-unlisted':
      return verdictOn(
        gap.account,
        'unknown',
        commonReasons.listingUnreadable,
        `${label}: could not list its deployments, so ${what} in use are unknown (${gap.account.readErrors.deployments}).`,
      );
    case 'policies-unlisted':
      return verdictOn(
        gap.account,
        'unknown',
        commonReasons.listingUnreadable,
        `${label}: could not list its RAI policies, so ${what} of the policies used by deployment(s) ${names(gap.deployments)} are unknown (${gap.account.readErrors.raiPolicies}).`,
      );
    case 'deployment-unreadable':
      return verdictOn(
        gap.entry,
        'unknown',
        commonReasons.resourceUnreadable,
        `Could not read deployment ${gap.entry.name ?? gap.entry.id} on ${label.toLowerCase()}, so ${what} it runs on are unknown: ${gap.entry.unreadable}.`,
      );
    case 'policy-not-collected':
      return verdictOn(
        gap.entry,
        'unknown',
        'policy-not-collected',
        `Deployment ${gap.entry.name ?? gap.entry.id} runs on RAI policy ${effectivePolicyName(gap.entry)}, which is not among the policies collected for ${label.toLowerCase()}, so ${what} it applies could not be judged.`,
      );
  }
}

/**
 * The RAI policies in use (referenced by at least one deployment) on every AI account. An
 * account whose deployments or policies could not be listed gives one `unknown` verdict; a
 * deployment whose details could not be read, or whose policy is not among the account's
 * policies, gives an `unknown` verdict for that deployment. `what` names what the caller
 * judges ("the harm-category filters") for those messages. The uses are resolved once per
 * evaluation and shared by every caller (do not modify them).
 */
export function policiesInUse(context: RuleContext, what: string): PoliciesInUse {
  const { uses, gaps } = policyUsage(context);
  return { uses: [...uses], unknowns: [...unreadableAccountListings(context), ...gaps.map((gap) => gapVerdict(gap, what))] };
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

const filterNameKeys = new Map<string, string>();

/** Filter names compare case-insensitively, ignoring spaces (`Selfharm`/`SelfHarm`/`Self Harm`, `Indirect Attack`/`IndirectAttack`). */
export function filterNameKey(name: string): string {
  let key = filterNameKeys.get(name);
  if (key === undefined) {
    key = name.replace(/[\s_-]+/g, '').toLowerCase();
    // Filter names are a small vocabulary; the cache is bounded all the same.
    if (filterNameKeys.size >= 10_000) filterNameKeys.clear();
    filterNameKeys.set(name, key);
  }
  return key;
}

/** The filter of a policy for one (name, source) pair. */
export function findFilter(policy: AzureRaiPolicy, name: string, source: 'Prompt' | 'Completion'): AzureContentFilter | undefined {
  const key = filterNameKey(name);
  return policy.contentFilters.find((entry) => entry.source === source && (entry.name === name || filterNameKey(entry.name) === key));
}

/** The Azure severity threshold that gives a neutral strength (High→low, Medium→medium, Low→high). */
export function azureThreshold(strength: Strength): string {
  return nameOf(azureContentFilterVocabulary.thresholds, strength) ?? 'off';
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
  // The first scanned Azure scope per (lower-case) id, indexed once.
  const scopes = context.memo('azure/scopes-by-id', () => {
    const byId = new Map<string, ScopeRef>();
    for (const entry of context.inventory.scopes) {
      if (entry.provider === 'azure' && !byId.has(entry.id.toLowerCase())) byId.set(entry.id.toLowerCase(), entry);
    }
    return byId;
  });
  const bySubscription = new Map<string, { scope: ScopeRef; accounts: AzureAccount[] }>();
  for (const account of aiAccounts(context)) {
    const key = account.scope.id.toLowerCase();
    const scope = scopes.get(key) ?? account.scope;
    const group = bySubscription.get(key) ?? { scope, accounts: [] };
    group.accounts.push(account);
    bySubscription.set(key, group);
  }
  return [...bySubscription.values()];
}
