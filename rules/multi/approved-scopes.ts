/**
 * Shadow AI by place: AI in use in an account, subscription or project the policy does not name
 * as approved (`baseline.approvedScopes`). Reads each provider's AI assets (`facts.aiAssets`).
 */
import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import type { AiAsset } from '../../src/model/ai-inventory.ts';
import { aiAssetsOf } from '../../src/engine/insights.ts';
import { globMatcher, describeAssets, listed, providerVerdict } from './shadow-ai.ts';

const ruleId = 'multi/approved-scopes';

export const reasons = {
  approved: 'scope-approved',
  notApproved: 'scope-not-approved',
  /** Outside the approved list, nothing in use seen, but reads that could show AI there failed. */
  useUnreadable: 'ai-use-unreadable',
  noList: 'no-approved-scopes',
  providerNotListed: 'provider-not-listed',
  noInventory: 'no-ai-inventory',
} as const;

export const rule: RuleModule = {
  meta: {
    id: ruleId,
    provider: 'multi',
    title: 'AI runs only in the accounts, subscriptions and projects the policy approves',
    severity: 'high',
    resourceTypes: ['metric.series', 'aws.bedrock.region-activity', 'azure.cognitive-account', 'azure.deployment', 'gcp.vertex-endpoint', 'gcp.project'],
    criteria: [],
    description:
      "One verdict per scanned account, subscription or project with AI in use — an asset of the provider's AI inventory (a foundation model invoked, a deployment, endpoint, agent, knowledge base, custom model, inference profile or provisioned throughput): pass when the scope's id or name matches the policy's `baseline.approvedScopes.<provider>` (globs, `*` = any run of characters, case ignored), fail otherwise. A scope outside the list where nothing in use was seen but a read failed is unknown (AI could be hiding there). Without `approvedScopes` the rule is not applicable; a provider without an entry is not judged.",
    remediation:
      'Move the workload into an approved account, subscription or project, or — if its use is sanctioned — add the scope to `baseline.approvedScopes` in the policy file (reviewed like any policy change).',
    references: ['Spec §12 (shadow AI)', 'OWASP LLM03:2025 Supply Chain', 'NIST AI RMF GOVERN 1.6 (inventory of AI systems)'],
  },
  check(context) {
    const approved = context.baseline.approvedScopes;
    const first = context.providers[0];
    if (!first) return [];
    if (approved === undefined) {
      return [
        providerVerdict(
          ruleId,
          first,
          'estate',
          'not_applicable',
          reasons.noList,
          'The policy names no approved scopes (`baseline.approvedScopes`): AI in unapproved accounts, subscriptions or projects is not judged.',
        ),
      ];
    }
    const verdicts: Verdict[] = [];
    // Scopes with a denied or failed read: AI there could not be ruled out.
    const unreadable = context.memo(`${ruleId}:unreadable-scopes`, () => {
      const scopes = new Set<string>();
      for (const entry of context.inventory.listings)
        if (entry.status === 'denied' || entry.status === 'error') scopes.add(`${entry.provider}\u0000${entry.scope.id}`);
      return scopes;
    });
    for (const { provider, assets } of aiAssetsOf(context)) {
      const patterns = approved[provider];
      if (patterns === undefined) {
        verdicts.push(
          providerVerdict(
            ruleId,
            provider,
            provider,
            'not_applicable',
            reasons.providerNotListed,
            `The policy's approvedScopes has no entry for ${provider}: its scopes are not judged.`,
          ),
        );
        continue;
      }
      if (assets === undefined) {
        verdicts.push(
          providerVerdict(
            ruleId,
            provider,
            provider,
            'not_applicable',
            reasons.noInventory,
            `${provider} does not describe its AI assets: where its AI runs cannot be judged.`,
          ),
        );
        continue;
      }
      const isApproved = globMatcher(patterns);
      const byScope = new Map<string, AiAsset[]>();
      for (const asset of assets) byScope.set(asset.scope.id, [...(byScope.get(asset.scope.id) ?? []), asset]);
      const allowed = patterns.length > 0 ? `approved: ${listed(patterns, 5)}` : `no ${provider} scope is approved`;
      for (const scope of context.inventory.scopes.filter((entry) => entry.provider === provider)) {
        const inUse = byScope.get(scope.id) ?? [];
        byScope.delete(scope.id);
        const ok = isApproved(scope.id) || (scope.name !== undefined && isApproved(scope.name));
        const label = scope.name ? `${scope.type} ${scope.id} (${scope.name})` : `${scope.type} ${scope.id}`;
        const subject = { id: scope.id, type: scope.type, ...(scope.name ? { name: scope.name } : {}) };
        const source = { kind: 'api' as const, api: `${ruleId} (derived from the AI inventory)` };
        const observed = { inUse: describeAssets(inUse) || 'nothing' };
        if (inUse.length > 0) {
          verdicts.push({
            status: ok ? 'pass' : 'fail',
            reason: ok ? reasons.approved : reasons.notApproved,
            resource: subject,
            scope,
            region: null,
            message: ok
              ? `AI in use in approved ${label}: ${describeAssets(inUse)}.`
              : `AI in use outside the approved scopes in ${label}: ${describeAssets(inUse)} (${listed(inUse.map((asset) => asset.name))}); ${allowed}.`,
            observed,
            expected: { approvedScopes: patterns },
            source,
          });
        } else if (!ok && unreadable.has(`${provider}\u0000${scope.id}`)) {
          verdicts.push({
            status: 'unknown',
            reason: reasons.useUnreadable,
            resource: subject,
            scope,
            region: null,
            message: `No AI in use was seen in unapproved ${label}, but some of its reads were denied or failed (see coverage): AI there cannot be ruled out.`,
            observed,
            expected: { approvedScopes: patterns },
            source,
          });
        }
      }
      // Assets whose owner is not a scanned top-level scope (a provider naming a narrower owner): judged by that owner alone.
      for (const [scopeId, inUse] of byScope) {
        const first = inUse[0] as AiAsset;
        const ok = isApproved(scopeId);
        verdicts.push({
          status: ok ? 'pass' : 'fail',
          reason: ok ? reasons.approved : reasons.notApproved,
          resource: { id: scopeId, type: first.scope.type },
          scope: { provider, type: first.scope.type, id: scopeId },
          region: null,
          message: ok
            ? `AI in use in approved ${first.scope.type} ${scopeId}: ${describeAssets(inUse)}.`
            : `AI in use outside the approved scopes in ${first.scope.type} ${scopeId}: ${describeAssets(inUse)}; ${allowed}.`,
          observed: { inUse: describeAssets(inUse) },
          expected: { approvedScopes: patterns },
          source: { kind: 'api', api: `${ruleId} (derived from the AI inventory)` },
        });
      }
    }
    return verdicts;
  },
};
