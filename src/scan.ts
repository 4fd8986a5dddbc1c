import type { Logger } from 'pino';
import type { Provider } from './model/common.ts';
import { emptyInventory, InventorySchema, type Inventory } from './model/inventory.ts';
import { evaluate, type Finding, type RuleSettings } from './engine/evaluate.ts';
import { applySuppressions, type IacReadout } from './iac/index.ts';
import { severityRank, type Severity } from './engine/rule.ts';
import { inferMaturity } from './maturity/infer.ts';
import type { Policy } from './policy/policy-file.ts';
import { applyExceptions, buildReport, type Report, type ScanMode } from './report/build.ts';
import { allRules } from '../rules/index.ts';
import type { AwsCollectOptions } from '../collectors/aws/index.ts';
import { ScanAbortedError } from './errors.ts';
import type { AzureCollectOptions } from '../collectors/azure/index.ts';
import type { GcpCollectOptions } from '../collectors/gcp/index.ts';

export interface ScanOptions {
  mode: ScanMode;
  providers: readonly Provider[];
  aws?: AwsCollectOptions;
  azure?: AzureCollectOptions;
  gcp?: GcpCollectOptions;
  policy: Policy;
  targetLevel?: number;
  logger?: Logger;
  now?: () => Date;
}

export interface ScanResult {
  report: Report;
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

/** Collects every requested provider, evaluates the catalogue, infers maturity and builds the report. */
async function collectProvider(provider: Provider, options: ScanOptions): Promise<{ inventory: Inventory; calls: ScanResult['calls'] }> {
  const logger = options.logger ? { logger: options.logger } : {};
  options.logger?.info({ provider }, 'collecting');
  // Each provider's SDKs load only when that provider is scanned: they dominate start-up time.
  if (provider === 'aws') {
    const { collectAws } = await import('../collectors/aws/index.ts');
    const result = await collectAws({ ...options.aws, ...logger });
    options.logger?.info({ provider, calls: result.stats.calls, throttled: result.stats.throttled }, 'collected');
    return {
      inventory: result.inventory,
      calls: result.calls.map((call) => ({ provider, operation: call.operation, target: `${call.client}:${call.region}` })),
    };
  }
  if (provider === 'azure') {
    const { collectAzure } = await import('../collectors/azure/index.ts');
    const result = await collectAzure({ ...options.azure, ...logger });
    options.logger?.info({ provider, calls: result.stats.calls, throttled: result.stats.throttled }, 'collected');
    return { inventory: result.inventory, calls: result.calls.map((call) => ({ provider, operation: call.operation, target: call.path })) };
  }
  const { collectGcp } = await import('../collectors/gcp/index.ts');
  const result = await collectGcp({ ...options.gcp, ...logger });
  options.logger?.info({ provider, calls: result.stats.calls, throttled: result.stats.throttled }, 'collected');
  return { inventory: result.inventory, calls: result.calls.map((call) => ({ provider, operation: call.operation, target: call.path })) };
}

/**
 * Collects every requested provider concurrently, evaluates the catalogue, infers maturity and
 * builds the report. A provider whose credentials fail is reported as a coverage gap (and the
 * overall level withheld); only when every provider fails does the scan abort (exit 3).
 */
export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const outcomes = await Promise.allSettled(options.providers.map((provider) => collectProvider(provider, options)));
  const parts: Inventory[] = [];
  const calls: ScanResult['calls'] = [];
  const aborted: Array<{ provider: Provider; message: string }> = [];
  for (const [index, outcome] of outcomes.entries()) {
    const provider = options.providers[index] as Provider;
    if (outcome.status === 'fulfilled') {
      parts.push(outcome.value.inventory);
      calls.push(...outcome.value.calls);
    } else if (outcome.reason instanceof ScanAbortedError) {
      aborted.push({ provider, message: outcome.reason.message });
    } else {
      throw outcome.reason;
    }
  }
  if (aborted.length === options.providers.length) throw new ScanAbortedError(aborted.map((entry) => entry.message).join('; '));
  const inventory = InventorySchema.parse(mergeInventories(parts));
  for (const { provider, message } of aborted) {
    inventory.listings.push({
      provider,
      scope: { provider, type: provider === 'aws' ? 'account' : provider === 'azure' ? 'subscription' : 'project', id: 'unknown' },
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
  const report = evaluateInventory(inventory, options, startedAt, now());
  if (aborted.length > 0 && report.maturity) report.maturity.overall.level = null;
  return { report, calls };
}

function ruleSettings(policy: Policy): RuleSettings {
  const disabled = new Set<string>();
  const severity = new Map<string, Severity>();
  for (const [ruleId, setting] of Object.entries(policy.document.rules)) {
    if (setting.enabled === false) disabled.add(ruleId);
    else if (setting.severity) severity.set(ruleId, setting.severity);
  }
  return { disabled, severity };
}

/**
 * Evaluates IaC files: the same rules on the same model, no maturity (a partial plan says little
 * about an estate), policy exceptions and inline suppressions applied.
 */
export function evaluateIac(readout: IacReadout, policy: Policy, startedAt: Date, finishedAt: Date): Report {
  const today = finishedAt.toISOString().slice(0, 10);
  const evaluated = evaluate(readout.inventory, allRules, policy.baseline, ruleSettings(policy), 'iac');
  const excepted = applyExceptions(evaluated, policy.document.exceptions, today);
  const suppressed = applySuppressions(excepted.findings, readout.suppressions, today);
  const expired = [
    ...excepted.expired,
    ...suppressed.expired.map((entry) => ({
      rule: entry.ruleId,
      resource: `${entry.file}:${entry.line ?? ''} ${entry.address}`,
      reason: entry.reason,
      ...(entry.until ? { expires: entry.until } : {}),
    })),
  ];
  const report = buildReport({
    mode: 'iac',
    startedAt,
    finishedAt,
    inventory: readout.inventory,
    findings: suppressed.findings,
    maturity: null,
    policyFile: policy.file ?? null,
    expiredExceptions: expired,
  });
  report.iac = { files: readout.files, skipped: readout.skipped };
  return report;
}

export function evaluateInventory(
  inventory: Inventory,
  options: Pick<ScanOptions, 'mode' | 'policy' | 'targetLevel'>,
  startedAt: Date,
  finishedAt: Date,
): Report {
  const { policy } = options;
  const evaluated = evaluate(inventory, allRules, policy.baseline, ruleSettings(policy));
  const { findings, expired } = applyExceptions(evaluated, policy.document.exceptions, finishedAt.toISOString().slice(0, 10));
  const maturity = inferMaturity({
    inventory,
    findings,
    baseline: policy.baseline,
    attestations: policy.document.attestations,
    targets: policy.document.targets,
    overallTarget: options.targetLevel ?? null,
  });
  return buildReport({ mode: options.mode, startedAt, finishedAt, inventory, findings, maturity, policyFile: policy.file ?? null, expiredExceptions: expired });
}

/** Exit 1 when a failing finding reaches `--fail-on` or an in-use platform is below its target level. */
export function gateTripped(report: Report, failOn: Severity | undefined): boolean {
  const severityGate =
    failOn !== undefined && report.findings.some((finding: Finding) => finding.status === 'fail' && severityRank[finding.severity] >= severityRank[failOn]);
  const levelGate = (report.maturity?.platforms ?? []).some(
    (platform) => platform.inUse && platform.level !== null && platform.target !== null && platform.level < platform.target,
  );
  return severityGate || levelGate;
}
