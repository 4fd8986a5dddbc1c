/**
 * The AI inventory as a fact (spec §12): each provider's `aiInventory` runs once per evaluation,
 * beside its own facts, so the report's `inventory` section, the `multi/approved-*` rules and the
 * provider's `effectiveness` all read the same derivation.
 */
import type { Provider } from '../model/common.ts';
import type { Inventory } from '../model/inventory.ts';
import { defaultMetricsWindowDays, type AiAsset, type MetricsWindow } from '../model/ai-inventory.ts';
import type { ProviderFacts } from './facts.ts';
import type { InsightContext } from './provider-rules.ts';
import type { FactsDeriver, RuleContext } from './rule.ts';

/** The window of `days` days ending at `to`. */
export function metricsWindowEndingAt(to: Date, days: number = defaultMetricsWindowDays): MetricsWindow {
  return { from: new Date(to.getTime() - days * 86_400_000), to };
}

/**
 * The metrics window the collection read: every `metric.series` resource carries it (the
 * collectors read all series over the scan's one window). Null when no series was read.
 */
export function metricsWindowOf(inventory: Pick<Inventory, 'resources'>): MetricsWindow | null {
  for (const resource of inventory.resources) {
    if (resource.type === 'metric.series') return { from: new Date(resource.window.from), to: new Date(resource.window.to) };
  }
  return null;
}

/**
 * A provider's facts deriver that also derives its AI assets (`facts.aiAssets`) when the provider
 * has an `aiInventory`. The window is the one the series were read over; without any series
 * (metrics not read, denied or silent) the assets' `invoked` is the provider's to say (null with
 * a reason), and the window is the default one ending now — it only labels, it measures nothing.
 */
export function withAiAssets<F extends ProviderFacts>(
  deriveFacts: (context: RuleContext) => F,
  aiInventory: ((context: InsightContext<F>) => AiAsset[]) | undefined,
): FactsDeriver {
  if (!aiInventory) return deriveFacts;
  return (context) => {
    const facts = deriveFacts(context);
    const window = context.memo(
      'insights:window',
      () => metricsWindowOf({ resources: context.resources('metric.series') }) ?? metricsWindowEndingAt(new Date()),
    );
    return { ...facts, aiAssets: aiInventory({ inventory: context.inventory, facts, baseline: context.baseline, window }) };
  };
}

/** Every scanned provider's AI assets, in registry order (empty for providers without `aiInventory`). */
export function aiAssetsOf(
  context: Pick<RuleContext, 'providers' | 'facts'>,
): Array<{ provider: Provider; assets: readonly AiAsset[] | undefined; facts: ProviderFacts }> {
  return context.providers.flatMap((provider) => {
    const facts = context.facts(provider);
    return facts ? [{ provider, assets: facts.aiAssets, facts }] : [];
  });
}
