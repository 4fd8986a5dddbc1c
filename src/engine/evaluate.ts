import { createHash } from 'node:crypto';
import type { Inventory } from '../model/inventory.ts';
import type { Provenance, Provider } from '../model/common.ts';
import type { Baseline } from '../policy/baseline.ts';
import { createRuleContext, type RuleModule, type Severity, type Verdict, type VerdictStatus } from './rule.ts';

export type FindingStatus = VerdictStatus | 'suppressed';

export interface Finding {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  provider: Provider;
  scope: { type: string; id: string };
  region: string | null;
  resource: Verdict['resource'];
  message: string;
  observed?: unknown;
  expected?: unknown;
  remediation: string;
  references: string[];
  source: { api: string } | { file: string; line?: number; address?: string };
  criteria: string[];
  /** Why a finding is suppressed (policy exception), when it is. */
  suppression?: { reason: string; expires?: string };
}

export interface RuleSettings {
  disabled: ReadonlySet<string>;
  severity: ReadonlyMap<string, Severity>;
}

export const noRuleSettings: RuleSettings = { disabled: new Set(), severity: new Map() };

function findingSource(source: Provenance): Finding['source'] {
  if (source.kind === 'api') return { api: source.api };
  return { file: source.file, ...(source.line !== undefined ? { line: source.line } : {}), ...(source.address ? { address: source.address } : {}) };
}

/** Stable across scans of an unchanged estate, so history can follow a finding. */
export function findingId(ruleId: string, scopeId: string, region: string | null, resourceId: string): string {
  return createHash('sha256')
    .update([ruleId, scopeId, region ?? '', resourceId].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

export function toFinding(rule: RuleModule, verdict: Verdict, severity: Severity): Finding {
  const provider = verdict.scope.provider;
  return {
    id: findingId(rule.meta.id, verdict.scope.id, verdict.region, verdict.resource.id),
    ruleId: rule.meta.id,
    title: rule.meta.title,
    severity,
    status: verdict.status,
    provider,
    scope: { type: verdict.scope.type, id: verdict.scope.id },
    region: verdict.region,
    resource: verdict.resource,
    message: verdict.message,
    ...(verdict.observed !== undefined ? { observed: verdict.observed } : {}),
    ...(verdict.expected !== undefined ? { expected: verdict.expected } : {}),
    remediation: rule.meta.remediation,
    references: [...rule.meta.references],
    source: findingSource(verdict.source),
    criteria: [...rule.meta.criteria],
  };
}

/** Runs every enabled rule whose provider was scanned against the inventory. */
export function evaluate(
  inventory: Inventory,
  rules: readonly RuleModule[],
  baseline: Baseline,
  settings: RuleSettings = noRuleSettings,
  mode: 'live' | 'iac' = 'live',
): Finding[] {
  const context = createRuleContext(inventory, baseline);
  const declared = new Set(inventory.resources.map((resource) => resource.type));
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (settings.disabled.has(rule.meta.id)) continue;
    if (mode === 'iac' && rule.meta.presenceOf && !rule.meta.presenceOf.some((type) => declared.has(type))) continue;
    // Cross-cloud rules judge a whole estate, which a set of IaC files is not.
    if (mode === 'iac' && rule.meta.provider === 'multi') continue;
    if (rule.meta.provider !== 'multi' && !inventory.providers.includes(rule.meta.provider)) continue;
    const severity = settings.severity.get(rule.meta.id) ?? rule.meta.severity;
    for (const verdict of rule.check(context)) findings.push(toFinding(rule, verdict, severity));
  }
  return findings;
}
