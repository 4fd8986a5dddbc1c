/**
 * What Azure's metrics measured over the metrics window (spec §12), derived once per evaluation
 * as part of the Azure facts and read by `aiInventory`, `effectiveness` and the L4 maturity
 * criteria alike: per deployment, its requests, the requests the content filter rejected and
 * those it found harmful, and whether its traffic passes through a blocking content filter.
 *
 * Numbers are null (with a reason) when the account's metrics were not read or could not be
 * read, never 0. Azure Monitor returns series only for the deployments that emitted a metric in
 * the window, so on an account whose metrics were read a deployment without a series had none.
 */
import type { RuleContext } from '../../src/engine/rule.ts';
import type { AzureAccount, AzureDeployment, AzureRaiPolicy } from '../../src/model/azure.ts';
import { azureUsageMetrics } from '../../src/model/azure.ts';
import type { MetricSeries } from '../../src/model/metrics.ts';
import { aiAccounts, armIdKey, deploymentsOf, effectivePolicyName, isBuiltInPolicyName, resolvePolicy } from './accounts.ts';

/** Why a measured number is missing (stable codes, like a verdict's reason). */
export const activityReasons = {
  notRead: 'metrics-not-read',
  unreadable: 'metrics-unreadable',
  metricUnreadable: 'metric-unreadable',
} as const;

/** Whether a deployment's traffic passes through a content filter that blocks something. */
export interface Guard {
  guarded: boolean | null;
  /** Why (the policy and what it blocks, or what could not be read). */
  note: string;
}

export interface DeploymentActivity {
  account: AzureAccount;
  deployment: AzureDeployment;
  /** The RAI policy the deployment runs on: the one it names, or Microsoft.DefaultV2. */
  policyName: string;
  /** The policy as collected; undefined when it could not be resolved. */
  policy: AzureRaiPolicy | undefined;
  guard: Guard;
  /** Requests to the deployment over the window (the larger of AzureOpenAIRequests and ModelRequests). */
  requests: number | null;
  /** Requests the content filter rejected (RAIRejectedRequests). */
  rejected: number | null;
  /** Requests the content filter found harmful, blocked or annotated (RAIHarmfulRequests). */
  harmful: number | null;
  /** Why the numbers are null. */
  reason?: string;
}

export interface AccountMetricsRead {
  account: AzureAccount;
  status: 'read' | 'not-read' | 'unreadable';
  /** The window the metrics were read over (`read`). */
  window?: { from: string; to: string };
  reason?: string;
}

/** One content filter (RAI policy) in use that blocks something, with the traffic of the deployments on it. */
export interface ControlActivity {
  policy: AzureRaiPolicy;
  policyName: string;
  account: AzureAccount;
  deployments: DeploymentActivity[];
  /** Requests through its deployments; null when any of theirs is unmeasured. */
  invocations: number | null;
  /** Requests it rejected (RAIRejectedRequests); null when any is unmeasured. */
  interventions: number | null;
  reason?: string;
}

export interface AzureActivity {
  deployments: DeploymentActivity[];
  accounts: AccountMetricsRead[];
  controls: ControlActivity[];
}

/** A sum that is null as soon as one part is. */
function sumOf(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}

/** The policies in use that block something, each with its deployments (in the order first met). */
function controlsOf(deployments: readonly DeploymentActivity[]): ControlActivity[] {
  const byPolicy = new Map<AzureRaiPolicy, DeploymentActivity[]>();
  for (const entry of deployments) {
    if (entry.policy === undefined || entry.guard.guarded !== true) continue;
    byPolicy.set(entry.policy, [...(byPolicy.get(entry.policy) ?? []), entry]);
  }
  return [...byPolicy].map(([policy, users]) => {
    const first = users[0] as DeploymentActivity;
    const reason = users.find((entry) => entry.reason !== undefined)?.reason;
    return {
      policy,
      policyName: first.policyName,
      account: first.account,
      deployments: users,
      invocations: sumOf(users.map((entry) => entry.requests)),
      interventions: sumOf(users.map((entry) => entry.rejected)),
      ...(reason === undefined ? {} : { reason }),
    };
  });
}

/** Policy modes in which the filter does not hold back streamed content (see content-filter-mode). */
const asynchronousModes = new Set(['asynchronous_filter', 'deferred']);

/** Whether `policy` blocks anything: at least one filter on and blocking (strength other than `off`). */
export function guardOf(account: AzureAccount, policyName: string, policy: AzureRaiPolicy | undefined): Guard {
  if (account.readErrors.raiPolicies !== undefined)
    return { guarded: null, note: `the RAI policies of account ${account.name ?? account.id} could not be listed (${account.readErrors.raiPolicies})` };
  if (policy === undefined) return { guarded: null, note: `RAI policy ${policyName} is not among the policies collected for the account` };
  if (policy.unreadable !== undefined) return { guarded: null, note: `RAI policy ${policyName} could not be read (${policy.unreadable})` };
  const blocking = policy.contentFilters.filter((filter) => filter.strength !== 'off');
  if (blocking.length === 0) return { guarded: false, note: `RAI policy ${policyName} blocks nothing (no filter is on and blocking)` };
  const mode = policy.mode !== null && asynchronousModes.has(policy.mode.toLowerCase()) ? `, filtering asynchronously (mode ${policy.mode})` : '';
  return { guarded: true, note: `RAI policy ${policyName} blocks with ${blocking.length} filter(s)${mode}` };
}

/** The series of one account, by metric and then lower-case deployment name. */
function accountSeries(context: RuleContext, account: AzureAccount): ReadonlyMap<string, readonly MetricSeries[]> {
  const byAccount = context.groupBy('metric.series', 'azure/series-by-account', (series) =>
    series.provider === 'azure' ? (series.dimensions[azureUsageMetrics.resourceDimension] ?? '').toLowerCase() : null,
  );
  const mine = byAccount.get(armIdKey(account.id)) ?? [];
  const byMetric = new Map<string, MetricSeries[]>();
  for (const series of mine) byMetric.set(series.metric, [...(byMetric.get(series.metric) ?? []), series]);
  return byMetric;
}

/** A metric's total for one deployment: 0 when the account's metrics were read and it has no series, null when a series is unreadable. */
function deploymentTotal(byMetric: ReadonlyMap<string, readonly MetricSeries[]>, metric: string, deployment: string): number | null {
  const wanted = deployment.toLowerCase();
  const all = byMetric.get(metric) ?? [];
  if (all.some((series) => series.sum === null && series.dimensions[azureUsageMetrics.deploymentDimension] === undefined)) return null;
  const own = all.filter((series) => (series.dimensions[azureUsageMetrics.deploymentDimension] ?? '').toLowerCase() === wanted);
  if (own.some((series) => series.sum === null)) return null;
  return own.reduce((total, series) => total + (series.sum ?? 0), 0);
}

function metricsRead(account: AzureAccount): AccountMetricsRead {
  if (account.metricsReadOver !== undefined) return { account, status: 'read', window: account.metricsReadOver };
  if (account.readErrors.metrics !== undefined)
    return {
      account,
      status: 'unreadable',
      reason: `${activityReasons.unreadable}: the metrics of account ${account.name ?? account.id} could not be read (${account.readErrors.metrics})`,
    };
  return { account, status: 'not-read', reason: `${activityReasons.notRead}: the metrics of account ${account.name ?? account.id} were not read` };
}

/** The measured activity of every deployment on the AI accounts (memoised per evaluation). */
export function azureActivity(context: RuleContext): AzureActivity {
  return context.memo('azure/activity', () => {
    const accounts = aiAccounts(context).map(metricsRead);
    const deployments: DeploymentActivity[] = [];
    for (const read of accounts) {
      const { account } = read;
      const byMetric = read.status === 'read' ? accountSeries(context, account) : undefined;
      for (const deployment of deploymentsOf(context, account)) {
        const policyName = effectivePolicyName(deployment);
        const policy = deployment.unreadable === undefined ? resolvePolicy(context, deployment) : undefined;
        const guard: Guard =
          deployment.unreadable !== undefined
            ? { guarded: null, note: `deployment ${deployment.name ?? deployment.id} could not be read (${deployment.unreadable})` }
            : guardOf(account, policyName, policy);
        const name = deployment.name ?? deployment.id.split('/').pop() ?? deployment.id;
        if (byMetric === undefined) {
          deployments.push({
            account,
            deployment,
            policyName,
            policy,
            guard,
            requests: null,
            rejected: null,
            harmful: null,
            reason: read.reason ?? activityReasons.notRead,
          });
          continue;
        }
        const counts = azureUsageMetrics.requests.map((metric) => deploymentTotal(byMetric, metric, name));
        const requests = counts.some((count) => count === null) ? null : Math.max(0, ...(counts as number[]));
        const rejected = deploymentTotal(byMetric, azureUsageMetrics.rejected, name);
        const harmful = deploymentTotal(byMetric, azureUsageMetrics.harmful, name);
        const missing = [
          ...(requests === null ? ['requests'] : []),
          ...(rejected === null ? ['rejected requests'] : []),
          ...(harmful === null ? ['harmful requests'] : []),
        ];
        deployments.push({
          account,
          deployment,
          policyName,
          policy,
          guard,
          requests,
          rejected,
          harmful,
          ...(missing.length > 0
            ? { reason: `${activityReasons.metricUnreadable}: Azure Monitor could not return the ${missing.join(', ')} of deployment ${name}` }
            : {}),
        });
      }
    }
    return { deployments, accounts, controls: controlsOf(deployments) };
  });
}

/** Whether the policy a deployment runs on is the organisation's own (not a Microsoft.* built-in). */
export function isCustomPolicy(activity: DeploymentActivity): boolean {
  return !isBuiltInPolicyName(activity.policyName);
}
