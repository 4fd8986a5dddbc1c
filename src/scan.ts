import type { Logger } from 'pino';
import type { Provider } from './model/common.ts';
import { emptyInventory, InventorySchema, type Inventory } from './model/inventory.ts';
import { evaluate, type Finding } from './engine/evaluate.ts';
import { severityRank, type Severity } from './engine/rule.ts';
import { inferMaturity } from './maturity/infer.ts';
import type { Policy } from './policy/policy-file.ts';
import { applyExceptions, buildReport, type Report, type ScanMode } from './report/build.ts';
import { allRules } from '../rules/index.ts';
import { collectAws, type AwsCollectOptions } from '../collectors/aws/index.ts';
import { ScanAbortedError } from '../collectors/aws/errors.ts';
import { InputError } from './policy/policy-file.ts';

export interface ScanOptions {
  mode: ScanMode;
  providers: readonly Provider[];
  aws?: AwsCollectOptions;
  policy: Policy;
  targetLevel?: number;
  logger?: Logger;
  now?: () => Date;
}

export interface ScanResult {
  report: Report;
  /** Every provider API call made, for audit and tests. */
  calls: Array<{ client: string; region: string; operation: string }>;
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
export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const parts: Inventory[] = [];
  const calls: ScanResult['calls'] = [];
  for (const provider of options.providers) {
    if (provider !== 'aws') throw new InputError(`--provider ${provider}: not supported by this version yet (supported: aws)`);
    options.logger?.info({ provider }, 'collecting');
    const result = await collectAws({ ...options.aws, ...(options.logger ? { logger: options.logger } : {}) });
    parts.push(result.inventory);
    calls.push(...result.calls);
    options.logger?.info({ provider, calls: result.stats.calls, throttled: result.stats.throttled }, 'collected');
  }
  const inventory = InventorySchema.parse(mergeInventories(parts));
  if (inventory.listings.length > 0 && inventory.listings.every((entry) => entry.status === 'denied')) {
    throw new ScanAbortedError('every read was denied: check the permissions (`aiposture permissions --provider aws`)');
  }
  const report = evaluateInventory(inventory, options, startedAt, now());
  return { report, calls };
}

export function evaluateInventory(inventory: Inventory, options: Pick<ScanOptions, 'mode' | 'policy' | 'targetLevel'>, startedAt: Date, finishedAt: Date): Report {
  const { policy } = options;
  const disabled = new Set<string>();
  const severity = new Map<string, Severity>();
  for (const [ruleId, setting] of Object.entries(policy.document.rules)) {
    if (setting.enabled === false) disabled.add(ruleId);
    else if (setting.severity) severity.set(ruleId, setting.severity);
  }
  const evaluated = evaluate(inventory, allRules, policy.baseline, { disabled, severity });
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
  const severityGate = failOn !== undefined && report.findings.some((finding: Finding) => finding.status === 'fail' && severityRank[finding.severity] >= severityRank[failOn]);
  const levelGate = (report.maturity?.platforms ?? []).some((platform) => platform.inUse && platform.level !== null && platform.target !== null && platform.level < platform.target);
  return severityGate || levelGate;
}
