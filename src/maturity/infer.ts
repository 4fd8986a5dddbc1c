/**
 * Maturity inference (spec §7): per platform in use, every criterion's evidence from the
 * provider's findings and facts, attestations where allowed, the cumulative level and what
 * blocks the next one. Knows no provider: each brings its own criteria evaluation.
 */
import type { Finding } from '../engine/evaluate.ts';
import type { CriterionEvidence } from '../engine/evidence.ts';
import type { ProviderFacts } from '../engine/facts.ts';
import type { ProviderRules } from '../engine/provider-rules.ts';
import type { Baseline } from '../policy/baseline.ts';
import { attestableCriteria, historyCriteria, criterionIds, criterionLevel, criterionTitles, type CriterionId } from '../model/criteria.ts';
import type { Provider } from '../model/common.ts';

export type CriterionStatus = 'met' | 'unmet' | 'unknown' | 'attested';

export interface Attestation {
  criterion: CriterionId;
  provider?: Provider;
  statement: string;
  owner: string;
  date: string;
  reference: string;
}

export interface CriterionResult {
  id: CriterionId;
  level: number;
  title: string;
  status: CriterionStatus;
  summary: string;
  findings: string[];
}

export interface PlatformMaturity {
  provider: Provider;
  /** `null` when whether the platform is used could not be decided (the reads that would show it failed). */
  inUse: boolean | null;
  /** Why: where it is used, that it is not, or what could not be read. */
  usage: string;
  level: number | null;
  target: number | null;
  criteria: CriterionResult[];
  nextLevel: { level: number; blockers: CriterionId[] } | null;
}

export interface MaturityReport {
  overall: { level: number | null; target: number | null };
  platforms: PlatformMaturity[];
}

export interface MaturityInputs {
  /** The providers scanned, in report order. */
  providers: readonly Provider[];
  /** How each provider turns findings and facts into evidence. */
  modules: ReadonlyMap<Provider, ProviderRules>;
  findings: readonly Finding[];
  /** Facts per provider, derived once by the evaluation that produced the findings. */
  facts: ReadonlyMap<Provider, ProviderFacts>;
  baseline: Baseline;
  attestations?: readonly Attestation[];
  /** Target level per platform (policy file) and overall (`--target-level`). */
  targets?: Readonly<Record<string, number | undefined>>;
  overallTarget?: number | null;
  /** Evidence from scan history per provider (a scan run with `--history`), for the criteria `historyCriteria` names. */
  history?: ReadonlyMap<Provider, HistoryEvidence>;
}

export type HistoryEvidence = Partial<Record<CriterionId, CriterionEvidence>>;

/** The platform's own evidence for a criterion, joined with what scan history shows (see `historyCriteria`). */
function withHistory(id: CriterionId, own: CriterionEvidence, fromHistory: CriterionEvidence | undefined): CriterionEvidence {
  const kind = historyCriteria[id];
  if (!kind || !fromHistory) return own;
  if (kind === 'only') return fromHistory;
  // Alternatives: either source meeting the criterion meets it; it is unmet only when both say so.
  if (own.status === 'met') return own;
  if (fromHistory.status === 'met') return { ...fromHistory, findings: [...own.findings, ...fromHistory.findings] };
  const status = own.status === 'unmet' && fromHistory.status === 'unmet' ? 'unmet' : 'unknown';
  return { status, summary: `${own.summary} Scan history: ${fromHistory.summary}`, findings: [...own.findings, ...fromHistory.findings] };
}

/** The cross-cloud rule whose verdict is L5.multi-cloud when two or more platforms are in use. */
export const crossCloudRuleId = 'multi/consistent-baseline';

/**
 * L5.multi-cloud comes from `multi/consistent-baseline` when it judged the estate; otherwise
 * (one platform in use) it falls back to that platform meeting the neutral baseline itself.
 */
function multiCloudEvidence(findings: readonly Finding[]): CriterionEvidence | undefined {
  const finding = findings.find((candidate) => candidate.ruleId === crossCloudRuleId && candidate.status !== 'not_applicable');
  if (!finding) return undefined;
  const status = finding.status === 'pass' ? 'met' : finding.status === 'fail' ? 'unmet' : 'unknown';
  return { status, summary: finding.message, findings: [finding.id] };
}

/** Levels are cumulative: level N needs every criterion of levels 2..N met or attested (spec §7). */
export function levelFrom(criteria: readonly CriterionResult[]): { level: number; nextLevel: PlatformMaturity['nextLevel'] } {
  const satisfied = (result: CriterionResult) => result.status === 'met' || result.status === 'attested';
  let level = 1;
  for (let candidate = 2; candidate <= 5; candidate++) {
    if (!criteria.filter((result) => result.level === candidate).every(satisfied)) break;
    level = candidate;
  }
  const nextLevel =
    level < 5 ? { level: level + 1, blockers: criteria.filter((result) => result.level === level + 1 && !satisfied(result)).map((result) => result.id) } : null;
  return { level, nextLevel };
}

export function inferMaturity(inputs: MaturityInputs): MaturityReport {
  const crossCloud = multiCloudEvidence(inputs.findings);
  const platforms: PlatformMaturity[] = inputs.providers.map((provider) => {
    const module = inputs.modules.get(provider);
    const facts = inputs.facts.get(provider);
    const inUse = facts?.usage === 'used' ? true : facts?.usage === 'unused' ? false : null;
    const usage = facts?.usageNote ?? 'no facts were derived for this provider';
    const target = inputs.targets?.[provider] ?? inputs.overallTarget ?? null;
    if (!module || !facts || !inUse) return { provider, inUse, usage, level: null, target, criteria: [], nextLevel: null };
    const byCriterion = module.criteria({
      findings: inputs.findings.filter((finding) => finding.provider === provider),
      rules: module.rules.map((rule) => rule.meta),
      facts,
      baseline: inputs.baseline,
    });
    if (crossCloud) byCriterion['L5.multi-cloud'] = crossCloud;
    const fromHistory = inputs.history?.get(provider);
    const criteria: CriterionResult[] = criterionIds.map((id) => {
      const result = withHistory(id, byCriterion[id], fromHistory?.[id]);
      const attestation = inputs.attestations?.find((entry) => entry.criterion === id && (entry.provider === undefined || entry.provider === provider));
      if (attestation && attestableCriteria.has(id) && result.status !== 'met') {
        return {
          id,
          level: criterionLevel(id),
          title: criterionTitles[id],
          status: 'attested',
          summary: `Attested by ${attestation.owner} on ${attestation.date}: ${attestation.statement} (${attestation.reference}).`,
          findings: result.findings,
        };
      }
      return { id, level: criterionLevel(id), title: criterionTitles[id], ...result };
    });
    return { provider, inUse, usage, target, criteria, ...levelFrom(criteria) };
  });
  const levels = platforms.filter((platform) => platform.inUse && platform.level !== null).map((platform) => platform.level as number);
  // A platform whose use could not be decided might be the weakest: no overall level is claimed.
  const undecided = platforms.some((platform) => platform.inUse === null);
  return { overall: { level: levels.length > 0 && !undecided ? Math.min(...levels) : null, target: inputs.overallTarget ?? null }, platforms };
}
