/**
 * Building blocks that turn findings and facts into evidence for one maturity criterion.
 * Findings are selected by the criteria their rule declares in `meta.criteria` — the one source
 * of the rule → criterion wiring — so maturity never keeps a second list of rule ids.
 */
import type { Baseline } from '../policy/baseline.ts';
import { severityRank, type RuleMeta } from './rule.ts';
import type { Finding } from './evaluate.ts';
import type { CriterionId } from '../model/criteria.ts';
import type { IacCandidate } from './facts.ts';

export interface CriterionEvidence {
  status: 'met' | 'unmet' | 'unknown';
  summary: string;
  findings: string[];
}

/** Per findings list, its findings by the criteria their rules declare (built once: maturity asks per criterion and provider). */
const findingsByCriterion = new WeakMap<readonly Finding[], Map<string, Finding[]>>();

/** The findings of the rules that declare `criterion` in their metadata. */
export function feeding(findings: readonly Finding[], criterion: CriterionId): Finding[] {
  let index = findingsByCriterion.get(findings);
  if (index === undefined) {
    index = new Map();
    for (const finding of findings) {
      for (const declared of finding.criteria) {
        const list = index.get(declared);
        if (list) list.push(finding);
        else index.set(declared, [finding]);
      }
    }
    findingsByCriterion.set(findings, index);
  }
  return [...(index.get(criterion) ?? [])];
}

/** Maturity names a rule that is not in the catalogue, or that does not declare the criterion it is read for. */
export class MaturityWiringError extends Error {
  override name = 'MaturityWiringError';
  constructor(ruleId: string, criterion: CriterionId) {
    super(`maturity reads rule ${ruleId} for ${criterion}, but no rule of the catalogue with that id declares ${criterion} in meta.criteria`);
  }
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Shared building blocks for the per-provider criteria. */
export const evidence = {
  /** Every finding feeding the criterion passes (and there is at least one). */
  allPass(findings: readonly Finding[], criterion: CriterionId, what: string): CriterionEvidence {
    const relevant = feeding(findings, criterion).filter((finding) => finding.status !== 'not_applicable' && finding.status !== 'suppressed');
    const ids = relevant.filter((finding) => finding.status !== 'pass').map((finding) => finding.id);
    const failing = relevant.filter((finding) => finding.status === 'fail');
    const unknown = relevant.filter((finding) => finding.status === 'unknown');
    if (failing.length > 0) return { status: 'unmet', summary: `${what}: ${failing.length} of ${relevant.length} checks fail.`, findings: ids };
    if (unknown.length > 0)
      return { status: 'unknown', summary: `${what}: ${unknown.length} of ${relevant.length} checks could not be evaluated.`, findings: ids };
    if (relevant.length === 0) return { status: 'unmet', summary: `${what}: nothing to evaluate.`, findings: [] };
    return { status: 'met', summary: `${what}: all ${relevant.length} checks pass.`, findings: relevant.map((finding) => finding.id) };
  },
  /** At least one finding feeding the criterion passes. */
  anyPass(findings: readonly Finding[], criterion: CriterionId, what: string): CriterionEvidence {
    return anyPassOf(feeding(findings, criterion), what);
  },
  /**
   * Every rule feeding the criterion has at least one passing finding. `whats` names each of
   * those rules (rule id → what its passing findings show); naming a rule that does not exist or
   * does not declare the criterion is a wiring error and throws.
   */
  anyPassPerRule(findings: readonly Finding[], rules: readonly RuleMeta[], criterion: CriterionId, whats: Readonly<Record<string, string>>): CriterionEvidence {
    const ruleIds = rules.filter((rule) => rule.criteria.includes(criterion)).map((rule) => rule.id);
    const wiring = new Set([...ruleIds, ...Object.keys(whats)]);
    for (const ruleId of wiring) {
      if (!ruleIds.includes(ruleId) || whats[ruleId] === undefined) throw new MaturityWiringError(ruleId, criterion);
    }
    return evidence.combine(
      ruleIds.map((ruleId) =>
        anyPassOf(
          findings.filter((finding) => finding.ruleId === ruleId),
          whats[ruleId] as string,
        ),
      ),
    );
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
  /**
   * The share of control resources managed as code reaches the baseline's `iacShare`. One
   * algorithm for every provider: a resource whose provenance could not be read counts as
   * neither, and makes the criterion `unknown` when it could tip the share.
   */
  iacShare(
    candidates: readonly IacCandidate[],
    what: { plural: string; none: string },
    baseline: Baseline,
    findingIds: readonly string[] = [],
  ): CriterionEvidence {
    const total = candidates.length;
    const required = baseline.iacShare;
    const ids = [...findingIds];
    if (total === 0) return { status: 'unmet', summary: `No ${what.none} to carry IaC provenance.`, findings: [] };
    const managed = candidates.filter((candidate) => candidate.managed === true).length;
    const unreadable = candidates.filter((candidate) => candidate.managed === null).length;
    const share = `${percent(managed / total)} of ${what.plural} carry IaC provenance`;
    if (managed / total >= required) return { status: 'met', summary: `${share} (required ${percent(required)}).`, findings: ids };
    if ((managed + unreadable) / total >= required)
      return { status: 'unknown', summary: `${share}; the tags of ${unreadable} could not be read.`, findings: ids };
    return { status: 'unmet', summary: `Only ${share} (required ${percent(required)}).`, findings: ids };
  },
  needsHistory(what: string): CriterionEvidence {
    return { status: 'unknown', summary: `${what} needs scan history: run scheduled scans with --history.`, findings: [] };
  },
  notObservable(): CriterionEvidence {
    return { status: 'unmet', summary: 'Not observable in configuration: attest false-positive review and cost tracking in the policy file.', findings: [] };
  },
  combine(parts: readonly CriterionEvidence[]): CriterionEvidence {
    const status = parts.some((part) => part.status === 'unmet') ? 'unmet' : parts.some((part) => part.status === 'unknown') ? 'unknown' : 'met';
    return { status, summary: parts.map((part) => part.summary).join(' '), findings: parts.flatMap((part) => part.findings) };
  },
};

function anyPassOf(relevant: readonly Finding[], what: string): CriterionEvidence {
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
}

/** A provider's criteria evaluation: its findings and facts in, evidence per criterion out. */
export type CriteriaEvaluator<F> = (input: {
  /** The provider's findings. */
  findings: readonly Finding[];
  /** The provider's rules (their `criteria` wire findings to criteria). */
  rules: readonly RuleMeta[];
  facts: F;
  baseline: Baseline;
}) => Record<CriterionId, CriterionEvidence>;
