import type { Provider } from '../model/common.ts';
import type { Inventory } from '../model/inventory.ts';
import type { Baseline } from '../policy/baseline.ts';
import { severityRank } from '../engine/rule.ts';
import type { Finding } from '../engine/evaluate.ts';
import type { CriterionId } from '../model/criteria.ts';

export interface Attestation {
  criterion: CriterionId;
  provider?: Provider;
  statement: string;
  owner: string;
  date: string;
  reference: string;
}

export interface CriterionEvidence {
  status: 'met' | 'unmet' | 'unknown';
  summary: string;
  findings: string[];
}

export interface MaturityInputs {
  inventory: Inventory;
  findings: readonly Finding[];
  baseline: Baseline;
  attestations?: readonly Attestation[];
  /** Target level per platform (policy file) and overall (`--target-level`). */
  targets?: Partial<Record<Provider, number>>;
  overallTarget?: number | null;
}

/** Shared building blocks for the per-provider criteria. */
export const evidence = {
  /** Every finding of the rules passes (and there is at least one). */
  allPass(findings: readonly Finding[], ruleIds: readonly string[], what: string): CriterionEvidence {
    const relevant = findings.filter((finding) => ruleIds.includes(finding.ruleId) && finding.status !== 'not_applicable' && finding.status !== 'suppressed');
    const ids = relevant.filter((finding) => finding.status !== 'pass').map((finding) => finding.id);
    const failing = relevant.filter((finding) => finding.status === 'fail');
    const unknown = relevant.filter((finding) => finding.status === 'unknown');
    if (failing.length > 0) return { status: 'unmet', summary: `${what}: ${failing.length} of ${relevant.length} checks fail.`, findings: ids };
    if (unknown.length > 0)
      return { status: 'unknown', summary: `${what}: ${unknown.length} of ${relevant.length} checks could not be evaluated.`, findings: ids };
    if (relevant.length === 0) return { status: 'unmet', summary: `${what}: nothing to evaluate.`, findings: [] };
    return { status: 'met', summary: `${what}: all ${relevant.length} checks pass.`, findings: relevant.map((finding) => finding.id) };
  },
  /** At least one finding of the rule passes. */
  anyPass(findings: readonly Finding[], ruleId: string | readonly string[], what: string): CriterionEvidence {
    const ruleIds = typeof ruleId === 'string' ? [ruleId] : ruleId;
    const relevant = findings.filter((finding) => ruleIds.includes(finding.ruleId));
    const passing = relevant.filter((finding) => finding.status === 'pass');
    if (passing.length > 0) return { status: 'met', summary: `${what}: ${passing.length} passing.`, findings: passing.map((finding) => finding.id) };
    const unknown = relevant.filter((finding) => finding.status === 'unknown');
    if (unknown.length > 0)
      return {
        status: 'unknown',
        summary: `${what}: none observed, and ${unknown.length} check(s) could not be evaluated.`,
        findings: unknown.map((finding) => finding.id),
      };
    return { status: 'unmet', summary: `${what}: none observed.`, findings: relevant.map((finding) => finding.id) };
  },
  /** No baseline rule (severity medium or above) fails. */
  baselineCoverage(findings: readonly Finding[]): CriterionEvidence {
    const baselineFindings = findings.filter((finding) => severityRank[finding.severity] >= severityRank.medium);
    const failing = baselineFindings.filter((finding) => finding.status === 'fail');
    const unknown = baselineFindings.filter((finding) => finding.status === 'unknown');
    if (failing.length > 0)
      return {
        status: 'unmet',
        summary: `${failing.length} baseline check(s) of severity medium or above fail.`,
        findings: failing.map((finding) => finding.id),
      };
    if (unknown.length > 0)
      return {
        status: 'unknown',
        summary: `No baseline check fails, but ${unknown.length} could not be evaluated.`,
        findings: unknown.map((finding) => finding.id),
      };
    return { status: 'met', summary: `All ${baselineFindings.length} baseline checks pass.`, findings: [] };
  },
  needsHistory(what: string): CriterionEvidence {
    return { status: 'unknown', summary: `${what} needs scan history, which this version does not keep yet.`, findings: [] };
  },
  combine(parts: readonly CriterionEvidence[]): CriterionEvidence {
    const status = parts.some((part) => part.status === 'unmet') ? 'unmet' : parts.some((part) => part.status === 'unknown') ? 'unknown' : 'met';
    return { status, summary: parts.map((part) => part.summary).join(' '), findings: parts.flatMap((part) => part.findings) };
  },
};
