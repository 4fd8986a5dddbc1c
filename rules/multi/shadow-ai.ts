/**
 * What the shadow-AI rules (`multi/approved-scopes`, `multi/approved-models`) share: the policy's
 * glob lists, and verdicts about the AI assets each provider derives (`facts.aiAssets`, spec §12).
 * They know no provider by name: a provider takes part by implementing `aiInventory`.
 */
import type { Provider, ScopeRef } from '../../src/model/common.ts';
import type { AiAsset } from '../../src/model/ai-inventory.ts';
import type { RuleContext, Verdict, VerdictStatus } from '../../src/engine/rule.ts';

/**
 * A matcher for the policy's patterns: `*` matches any run of characters, everything else is
 * literal, case is ignored (Azure ids compare without case; model names are written either way).
 */
export function globMatcher(patterns: readonly string[]): (value: string) => boolean {
  const expressions = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      ),
  );
  return (value) => expressions.some((expression) => expression.test(value));
}

/** The scope an asset belongs to, as a verdict names it (with the scope's name when the collection knows it). */
export function assetScope(context: RuleContext, asset: AiAsset): ScopeRef {
  const known = context.inventory.scopes.find((scope) => scope.provider === asset.provider && scope.id === asset.scope.id);
  return known ?? { provider: asset.provider, type: asset.scope.type, id: asset.scope.id };
}

/** A verdict about one AI asset. */
export function assetVerdict(
  context: RuleContext,
  ruleId: string,
  asset: AiAsset,
  status: VerdictStatus,
  reason: string,
  message: string,
  details: Pick<Verdict, 'observed' | 'expected'> = {},
): Verdict {
  return {
    status,
    reason,
    resource: { id: asset.id, type: `ai.${asset.kind}`, name: asset.name },
    scope: assetScope(context, asset),
    region: asset.region,
    message,
    ...details,
    source: { kind: 'api', api: `${ruleId} (derived from the AI inventory)` },
  };
}

/** A verdict about a whole provider (no list for it, no AI inventory), or the estate when `provider` is the first scanned one. */
export function providerVerdict(ruleId: string, provider: Provider, subject: string, status: VerdictStatus, reason: string, message: string): Verdict {
  return {
    status,
    reason,
    resource: { id: `${ruleId}/${subject}`, type: 'multi.estate', name: subject },
    scope: { provider, type: 'organization', id: 'estate', name: 'all scanned platforms' },
    region: null,
    message,
    source: { kind: 'api', api: `${ruleId} (derived from the AI inventory)` },
  };
}

/** "2 deployments, 1 foundation-model" — what an asset list holds, by kind. */
export function describeAssets(assets: readonly AiAsset[]): string {
  const counts = new Map<string, number>();
  for (const asset of assets) counts.set(asset.kind, (counts.get(asset.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`).join(', ');
}

/** Up to `max` names, then "and N more". */
export function listed(items: readonly string[], max = 3): string {
  const unique = [...new Set(items)];
  return unique.length <= max ? unique.join(', ') : `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}
