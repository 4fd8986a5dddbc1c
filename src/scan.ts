/**
 * The live scan pipeline: collect each requested provider, evaluate the catalogue, infer
 * maturity, build the report. Provider-agnostic: the registry it is handed says what exists.
 */
import type { Logger } from 'pino';
import type { Provider } from './model/common.ts';
import { emptyInventory, parseInventory, type Inventory } from './model/inventory.ts';
import { runRules, type Finding } from './engine/evaluate.ts';
import { severityRank, type Severity } from './engine/rule.ts';
import { inferMaturity, type HistoryEvidence, type MaturityInputs } from './maturity/infer.ts';
import { ruleSettings, type Policy } from './policy/policy-file.ts';
import { applyExceptions, buildReport, type Report, type ScanMode, type ScopeRollup } from './report/build.ts';
import type { CommonCollectOptions } from './collect/collector.ts';
import { ScanAbortedError } from './errors.ts';
import type { Registry } from './providers.ts';
import type { ProviderFacts } from './engine/facts.ts';
import { metricsWindowEndingAt, metricsWindowOf } from './engine/insights.ts';
import type { Baseline } from './policy/baseline.ts';
import type { AiAsset, MetricsWindow, PlatformEffectiveness } from './model/ai-inventory.ts';

export interface ScanOptions {
  mode: ScanMode;
  registry: Registry;
  providers: readonly Provider[];
  /** Each provider's collect options (from its CLI flags, or the demo wiring). */
  collectOptions?: Readonly<Record<Provider, object | undefined>>;
  /** Applied to every collector (the demo and tests shorten the back-off). */
  common?: CommonCollectOptions;
  policy: Policy;
  targetLevel?: number;
  logger?: Logger;
  now?: () => Date;
  /**
   * Scan history (`--history`): given the report before maturity is inferred (findings with
   * fingerprints, coverage, scopes), the evidence history gives each provider's history criteria.
   */
  historyEvidence?: (draft: Report) => Promise<ReadonlyMap<Provider, HistoryEvidence>>;
}

export interface ScanResult {
  report: Report;
  /** The normalised inventory the report was judged on (kept as the scan's snapshot in history). */
  inventory: Inventory;
  /** Every provider API call made, for audit and tests. */
  calls: Array<{ provider: Provider; operation: string; target: string }>;
}

export function mergeInventories(parts: readonly Inventory[]): Inventory {
  const merged = emptyInventory();
  for (const part of parts) {
    merged.providers.push(...part.providers);
    merged.scopes.push(...part.scopes);
    merged.regions.push(...part.regions);
    merged.resources.push(...part.resources);
    merged.listings.push(...part.listings);
  }
  return merged;
}

async function collectProvider(provider: Provider, options: ScanOptions): Promise<{ inventory: Inventory; calls: ScanResult['calls'] }> {
  const module = options.registry.byId.get(provider);
  if (!module) throw new Error(`unknown provider ${provider}`);
  options.logger?.info({ provider }, 'collecting');
  const result = await module.collect({
    ...options.collectOptions?.[provider],
    ...options.common,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  options.logger?.info({ provider, calls: result.stats.calls, throttled: result.stats.throttled }, 'collected');
  return { inventory: result.inventory, calls: result.calls.map((call) => ({ provider, operation: call.operation, target: call.target })) };
}

/**
 * Collects every requested provider concurrently, evaluates the catalogue, infers maturity and
 * builds the report. A provider whose credentials fail is reported as a coverage gap (and the
 * overall level withheld); only when every provider fails does the scan abort (exit 3).
 */
export async function runScan(scanOptions: ScanOptions): Promise<ScanResult> {
  const now = scanOptions.now ?? (() => new Date());
  const startedAt = now();
  // Every live scan reads usage metrics (spec §12): over `--metrics-window`, else the default window ending now.
  const options: ScanOptions = {
    ...scanOptions,
    common: { ...scanOptions.common, metricsWindow: scanOptions.common?.metricsWindow ?? metricsWindowEndingAt(startedAt) },
  };
  const outcomes = await Promise.allSettled(options.providers.map((provider) => collectProvider(provider, options)));
  const parts: Inventory[] = [];
  const calls: ScanResult['calls'] = [];
  const aborted: Array<{ provider: Provider; message: string }> = [];
  for (const [index, outcome] of outcomes.entries()) {
    const provider = options.providers[index] as Provider;
    if (outcome.status === 'fulfilled') {
      parts.push(outcome.value.inventory);
      calls.push(...outcome.value.calls);
      // A provider of which every read failed told us nothing: as good as not scanned (spec §3).
      const { listings } = outcome.value.inventory;
      if (listings.length > 0 && listings.every((entry) => entry.status === 'denied' || entry.status === 'error')) {
        const allDenied = listings.every((entry) => entry.status === 'denied');
        aborted.push({
          provider,
          message: allDenied
            ? `every read was denied: check the permissions (\`aiposture permissions --provider ${provider}\`)`
            : `nothing could be read from ${provider}: all ${listings.length} reads failed (first: ${listings[0]?.message ?? listings[0]?.status})`,
        });
      }
    } else if (outcome.reason instanceof ScanAbortedError) {
      aborted.push({ provider, message: outcome.reason.message });
    } else {
      throw outcome.reason;
    }
  }
  if (aborted.length === options.providers.length) throw new ScanAbortedError(aborted.map((entry) => entry.message).join('; '));
  const inventory = parseInventory(mergeInventories(parts));
  for (const { provider, message } of aborted) {
    if (parts.some((part) => part.providers.includes(provider))) continue;
    const type = options.registry.byId.get(provider)?.scopeType ?? 'account';
    inventory.listings.push({
      provider,
      scope: { provider, type, id: 'unknown' },
      region: null,
      resourceType: 'credentials',
      collector: 'credentials',
      status: 'denied',
      message,
    });
  }
  if (inventory.listings.length > 0 && inventory.listings.every((entry) => entry.status === 'denied')) {
    throw new ScanAbortedError('every read was denied: check the permissions (`aiposture permissions --provider <provider>`)');
  }
  const report = await evaluateInventory(
    inventory,
    { ...options, ...(options.common?.metricsWindow ? { metricsWindow: options.common.metricsWindow } : {}) },
    startedAt,
    now(),
  );
  if (aborted.length > 0 && report.maturity) report.maturity.overall.level = null;
  return { report, inventory, calls };
}

export async function evaluateInventory(
  inventory: Inventory,
  options: Pick<ScanOptions, 'mode' | 'policy' | 'targetLevel' | 'registry' | 'historyEvidence'> & { metricsWindow?: MetricsWindow },
  startedAt: Date,
  finishedAt: Date,
): Promise<Report> {
  const { policy, registry } = options;
  const evaluation = runRules(inventory, registry.rules, policy.baseline, ruleSettings(policy), 'live', registry.factDerivers);
  const { findings, expired } = applyExceptions(evaluation.findings, policy.document.exceptions, finishedAt.toISOString().slice(0, 10));
  const report = buildReport({
    mode: options.mode,
    startedAt,
    finishedAt,
    inventory,
    findings,
    maturity: null,
    policyFile: policy.file ?? null,
    policySha256: policy.sha256,
    expiredExceptions: expired,
    caseInsensitiveProviders: registry.caseInsensitiveProviders,
  });
  const history = options.historyEvidence ? await options.historyEvidence(report) : undefined;
  const maturityInputs: Omit<MaturityInputs, 'providers' | 'findings' | 'facts'> = {
    modules: registry.byId,
    baseline: policy.baseline,
    attestations: policy.document.attestations,
    targets: policy.document.targets,
    overallTarget: options.targetLevel ?? null,
    ...(history ? { history } : {}),
  };
  report.maturity = inferMaturity({ ...maturityInputs, providers: inventory.providers, findings, facts: evaluation.facts });
  Object.assign(
    report,
    aiInsights(inventory, evaluation.facts, options.registry, policy.baseline, options.metricsWindow ?? metricsWindowOf(inventory), finishedAt),
  );
  report.scopes = rollUpScopes(
    inventory,
    report,
    (part, provider) => {
      // Each scope judged alone: its own resources plus the shared organisation-level context.
      const alone = runRules(part, registry.rules, policy.baseline, ruleSettings(policy), 'live', registry.factDerivers);
      const judged = applyExceptions(alone.findings, policy.document.exceptions, finishedAt.toISOString().slice(0, 10)).findings;
      return inferMaturity({ ...maturityInputs, providers: [provider], findings: judged, facts: alone.facts }).platforms[0]?.level ?? null;
    },
    registry,
  );
  return report;
}

/**
 * The report's `inventory` and `effectiveness` sections (spec §12), from the facts the evaluation
 * derived once: each provider's AI assets (`facts.aiAssets`, see `withAiAssets`) and its measured
 * effectiveness over the window. A provider without `aiInventory`/`effectiveness` adds nothing.
 * The window is the one the collection read (`--metrics-window`), else the one the series carry
 * (a merge of shard reports), else the default window ending when the scan finished.
 */
export function aiInsights(
  inventory: Inventory,
  facts: ReadonlyMap<Provider, ProviderFacts>,
  registry: Registry,
  baseline: Baseline,
  window: MetricsWindow | null,
  finishedAt: Date,
): { inventory: AiAsset[]; effectiveness: PlatformEffectiveness[] } {
  const measured = window ?? metricsWindowEndingAt(finishedAt);
  const assets: AiAsset[] = [];
  const effectiveness: PlatformEffectiveness[] = [];
  for (const provider of inventory.providers) {
    const module = registry.byId.get(provider);
    const derived = facts.get(provider);
    if (!module || !derived) continue;
    assets.push(...(derived.aiAssets ?? []));
    const platform = module.effectiveness?.({ inventory, facts: derived, baseline, window: measured });
    if (platform) effectiveness.push(platform);
  }
  return { inventory: assets, effectiveness };
}

/**
 * The per-scope roll-up (spec §13): each account, subscription or project with its own level (the
 * scope judged alone, with the organisation-level context — GCP folders and organisation, AWS
 * organisation policies — it shares with the others), its failures and how much of it was read.
 */
function rollUpScopes(
  inventory: Inventory,
  report: Report,
  levelOf: (part: Inventory, provider: Provider) => number | null,
  registry: Registry,
): ScopeRollup[] {
  const topLevel = (provider: Provider) => registry.byId.get(provider)?.scopeType;
  const key = (provider: Provider, id: string) => `${provider}\u0000${id}`;
  const scopes = new Map<string, { provider: Provider; type: string; id: string; name?: string }>();
  for (const scope of inventory.scopes) scopes.set(key(scope.provider, scope.id), scope);
  // A scope that could not be entered at all (a member role that cannot be assumed) has coverage entries only.
  for (const listing of inventory.listings) {
    const { scope } = listing;
    if (scope.type === topLevel(listing.provider) && scope.id !== 'unknown' && !scopes.has(key(listing.provider, scope.id)))
      scopes.set(key(listing.provider, scope.id), scope);
  }
  const mine = <T extends { provider: Provider; scope: { type: string; id: string } }>(items: readonly T[], provider: Provider, id: string) =>
    items.filter((item) => item.provider === provider && (item.scope.id === id || item.scope.type !== topLevel(provider)));
  return [...scopes.values()].map((scope) => {
    const listings = inventory.listings.filter((listing) => listing.provider === scope.provider && listing.scope.id === scope.id);
    const read = listings.filter((listing) => listing.status === 'ok' || listing.status === 'unsupported').length;
    const coverage: ScopeRollup['coverage'] = listings.length === 0 || read === 0 ? 'none' : read === listings.length ? 'complete' : 'partial';
    const fail = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const finding of report.findings)
      if (finding.status === 'fail' && finding.severity !== 'info' && finding.provider === scope.provider && finding.scope.id === scope.id)
        fail[finding.severity]++;
    const part: Inventory = {
      providers: [scope.provider],
      scopes: [scope],
      regions: inventory.regions.filter((region) => region.provider === scope.provider && region.scope.id === scope.id),
      resources: mine(inventory.resources, scope.provider, scope.id),
      listings: mine(inventory.listings, scope.provider, scope.id),
    };
    return {
      provider: scope.provider,
      type: scope.type,
      id: scope.id,
      ...(scope.name ? { name: scope.name } : {}),
      level: coverage === 'none' ? null : levelOf(part, scope.provider),
      fail,
      coverage,
    };
  });
}

/**
 * Exit 1 when a failing finding reaches `--fail-on`, or a platform with a target level is below
 * it — including a platform whose use could not be decided (unknown is not met).
 */
export function gateTripped(report: Report, failOn: Severity | undefined): boolean {
  const severityGate =
    failOn !== undefined && report.findings.some((finding: Finding) => finding.status === 'fail' && severityRank[finding.severity] >= severityRank[failOn]);
  const levelGate = (report.maturity?.platforms ?? []).some(
    (platform) => platform.target !== null && (platform.inUse === null || (platform.inUse && (platform.level === null || platform.level < platform.target))),
  );
  // An IaC run that read no IaC checked nothing: with a gate set, that is not a pass.
  const nothingChecked = failOn !== undefined && report.iac !== undefined && report.iac.files.length === 0;
  return severityGate || levelGate || nothingChecked;
}
