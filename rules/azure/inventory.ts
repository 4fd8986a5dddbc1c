/**
 * Azure's AI in use (spec §12 `inventory`): one `deployment` asset per deployment on an OpenAI /
 * AI Services account, with its model (format, name, version), SKU and capacity, the content
 * filter (RAI policy) it runs on and whether it was invoked over the metrics window — all from
 * what Deployments_List, RaiPolicies_List and Metrics_List returned (`facts.activity`).
 *
 * Controls: the RAI policy the deployment runs on, Microsoft's default included (named as such:
 * `Microsoft.DefaultV2` when the deployment names none). Missing controls:
 * - `rai-policy` when the policy blocks nothing (every filter off or annotate-only, e.g.
 *   Microsoft.Nil): the deployment's traffic passes no content filter;
 * - `custom-rai-policy` when it runs on a Microsoft.* built-in: filtered, but not by a policy the
 *   organisation owns and tuned (what azure/deployment-custom-content-filter requires).
 * A policy filtering asynchronously (mode Asynchronous_filter / Deferred) still evaluates every
 * request, so it counts as attached; its mode is shown in `details.raiPolicyMode`.
 */
import type { InsightContext } from '../../src/engine/provider-rules.ts';
import type { AiAsset } from '../../src/model/ai-inventory.ts';
import { isCustomPolicy, type DeploymentActivity } from './activity.ts';
import { DEFAULT_POLICY_NAME } from './accounts.ts';
import type { AzureFacts } from './facts.ts';

function asset(entry: DeploymentActivity): AiAsset {
  const { account, deployment, guard } = entry;
  const name = deployment.name ?? deployment.id.split('/').pop() ?? deployment.id;
  const missing: string[] = [];
  if (guard.guarded === false) missing.push('rai-policy');
  else if (guard.guarded === true && !isCustomPolicy(entry)) missing.push('custom-rai-policy');
  const details: Record<string, string | number | boolean> = { account: account.name ?? account.id };
  if (deployment.skuName) details.sku = deployment.skuName;
  if (typeof deployment.skuCapacity === 'number') details.capacity = deployment.skuCapacity;
  if (entry.policy?.mode) details.raiPolicyMode = entry.policy.mode;
  if (entry.requests !== null) details.requests = entry.requests;
  if (entry.rejected !== null) details.rejectedRequests = entry.rejected;
  const reasons = [
    ...(entry.reason !== undefined ? [entry.reason] : []),
    ...(guard.guarded === null ? [`guard-unknown: ${guard.note}`] : []),
    ...(guard.guarded === false ? [guard.note] : []),
  ];
  return {
    provider: 'azure',
    scope: { type: 'subscription', id: account.scope.id },
    region: account.region,
    kind: 'deployment',
    id: deployment.id,
    name,
    model: deployment.modelName
      ? {
          ...(deployment.modelFormat ? { provider: deployment.modelFormat } : {}),
          name: deployment.modelName,
          ...(deployment.modelVersion ? { version: deployment.modelVersion } : {}),
        }
      : null,
    invoked: entry.requests === null ? null : entry.requests > 0,
    // A deployment naming no policy runs on Microsoft's default, named as such.
    controls: [{ type: 'rai-policy', id: deployment.raiPolicyName === null ? DEFAULT_POLICY_NAME : entry.policyName }],
    missingControls: missing,
    details,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

/** Every deployment on the AI accounts, in inventory order. */
export function azureAiInventory({ facts }: InsightContext<AzureFacts>): AiAsset[] {
  return facts.activity.deployments.map(asset);
}
