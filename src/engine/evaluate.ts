import { hash } from 'node:crypto';
import type { Inventory } from '../model/inventory.ts';
import type { Provenance, Provider } from '../model/common.ts';
import type { Baseline } from '../policy/baseline.ts';
import { createRuleContext, type FactsDeriver, type RuleModule, type Severity, type Verdict, type VerdictStatus } from './rule.ts';
import type { ProviderFacts } from './facts.ts';

export type FindingStatus = VerdictStatus | 'suppressed';

export interface Finding {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  /** Stable code of why (the verdict's reason); prose in `message` may change between versions. */
  reason: string;
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
  return hash('sha256', [ruleId, scopeId, region ?? '', resourceId].join('\u0000')).slice(0, 16);
}

/**
 * A verdict as a finding. `references` and `criteria` are the rule's own (read-only) lists, shared
 * by all its findings rather than copied: an estate of 100k resources yields ~300k findings.
 */
export function toFinding(rule: RuleModule, verdict: Verdict, severity: Severity): Finding {
  const provider = verdict.scope.provider;
  const finding: Finding = {
    id: findingId(rule.meta.id, verdict.scope.id, verdict.region, verdict.resource.id),
    ruleId: rule.meta.id,
    title: rule.meta.title,
    severity,
    status: verdict.status,
    reason: verdict.reason,
    provider,
    scope: { type: verdict.scope.type, id: verdict.scope.id },
    region: verdict.region,
    resource: verdict.resource,
    message: verdict.message,
  } as Finding;
  // Key order as in the report: observed and expected (when known) before the rule's texts.
  if (verdict.observed !== undefined) finding.observed = verdict.observed;
  if (verdict.expected !== undefined) finding.expected = verdict.expected;
  finding.remediation = rule.meta.remediation;
  finding.references = rule.meta.references as string[];
  finding.source = findingSource(verdict.source);
  finding.criteria = rule.meta.criteria as string[];
  return finding;
}

export interface Evaluation {
  findings: Finding[];
  /** Each scanned provider's facts, derived once and shared by the rules and maturity. */
  facts: Map<Provider, ProviderFacts>;
}

/**
 * Runs every enabled rule whose provider was scanned against the inventory. `factDerivers`
 * derive each provider's facts once (rules and maturity read the same ones).
 */
export function runRules(
  inventory: Inventory,
  rules: readonly RuleModule[],
  baseline: Baseline,
  settings: RuleSettings = noRuleSettings,
  mode: 'live' | 'iac' = 'live',
  factDerivers: ReadonlyMap<Provider, FactsDeriver> = new Map(),
): Evaluation {
  const context = createRuleContext(inventory, baseline, factDerivers);
  const declared = new Set(inventory.resources.map((resource) => resource.type));
  // Resources a file only references are context for their children, never judged themselves.
  const referenced = new Set(inventory.resources.filter((resource) => resource.referenceOnly).map((resource) => `${resource.provider}\u0000${resource.id}`));
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (settings.disabled.has(rule.meta.id)) continue;
    if (mode === 'iac' && rule.meta.presenceOf && !rule.meta.presenceOf.some((type) => declared.has(type))) continue;
    // Cross-cloud rules judge a whole estate, which a set of IaC files is not.
    if (mode === 'iac' && rule.meta.provider === 'multi') continue;
    if (rule.meta.provider !== 'multi' && !inventory.providers.includes(rule.meta.provider)) continue;
    const severity = settings.severity.get(rule.meta.id) ?? rule.meta.severity;
    for (const verdict of rule.check(context)) {
      if (referenced.size > 0 && referenced.has(`${verdict.scope.provider}\u0000${verdict.resource.id}`)) continue;
      findings.push(toFinding(rule, verdict, severity));
    }
  }
  const facts = new Map<Provider, ProviderFacts>();
  for (const provider of inventory.providers) {
    const derived = context.facts(provider);
    if (derived) facts.set(provider, derived);
  }
  return { findings, facts };
}

/** The findings of {@link runRules} alone (IaC evaluation and tests need no facts). */
export function evaluate(
  inventory: Inventory,
  rules: readonly RuleModule[],
  baseline: Baseline,
  settings: RuleSettings = noRuleSettings,
  mode: 'live' | 'iac' = 'live',
  factDerivers: ReadonlyMap<Provider, FactsDeriver> = new Map(),
): Finding[] {
  return runRules(inventory, rules, baseline, settings, mode, factDerivers).findings;
}
