import type { Provider } from '../model/common.ts';
import type { Finding } from '../engine/evaluate.ts';
import { criterionIds, criterionLevel, type CriterionId } from '../model/criteria.ts';
import { awsCriteria, awsInUse } from './aws.ts';
import { azureCriteria, azureInUse } from './azure.ts';
import { gcpCriteria, gcpInUse } from './gcp.ts';
import type { CriterionEvidence, MaturityInputs } from './evidence.ts';

export type { Attestation, CriterionEvidence, MaturityInputs } from './evidence.ts';

export type CriterionStatus = 'met' | 'unmet' | 'unknown' | 'attested';

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
  inUse: boolean;
  level: number | null;
  target: number | null;
  criteria: CriterionResult[];
  nextLevel: { level: number; blockers: CriterionId[] } | null;
}

export interface MaturityReport {
  overall: { level: number | null; target: number | null };
  platforms: PlatformMaturity[];
}

export const criterionTitles: Record<CriterionId, string> = {
  'L2.controls': 'Controls exist for key deployments',
  'L2.logging': 'AI activity logs flow to a sink',
  'L3.coverage': 'Every in-scope target meets the baseline',
  'L3.enforcement': 'Controls are enforced, not opt-in',
  'L3.drift-detection': 'Drift from the standard is detected',
  'L3.iac': 'Control resources are managed as infrastructure-as-code',
  'L4.effectiveness-metrics': 'Guardrail and filter activations are measured and alerted',
  'L4.remediation-sla': 'Baseline failures are remediated within the SLA',
  'L4.measured-review': 'False-positive review and cost tracking are in place',
  'L5.automation': 'Enforcement and remediation are automated',
  'L5.continuous-validation': 'Configuration is validated at least daily',
  'L5.new-capabilities': 'Newer safety features are adopted',
  'L5.multi-cloud': 'Every platform in use meets the same baseline',
};

/** Criteria that no API can observe; only a policy-file attestation can satisfy them. */
export const attestableCriteria: ReadonlySet<CriterionId> = new Set(['L4.measured-review']);

const platformCriteria: Record<Provider, ((inputs: MaturityInputs, findings: readonly Finding[]) => Record<CriterionId, CriterionEvidence>) | undefined> = {
  aws: awsCriteria,
  azure: azureCriteria,
  gcp: gcpCriteria,
};

const platformInUse: Record<Provider, ((inputs: MaturityInputs) => boolean) | undefined> = { aws: awsInUse, azure: azureInUse, gcp: gcpInUse };

/**
 * L5.multi-cloud comes from `multi/consistent-baseline` when two or more platforms are in use;
 * with one platform it falls back to that platform meeting the neutral baseline itself.
 */
function multiCloudEvidence(findings: readonly Finding[]): CriterionEvidence | undefined {
  const finding = findings.find((candidate) => candidate.ruleId === 'multi/consistent-baseline' && candidate.status !== 'not_applicable');
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
  const platforms: PlatformMaturity[] = inputs.inventory.providers.map((provider) => {
    const evaluateCriteria = platformCriteria[provider];
    const inUse = platformInUse[provider]?.(inputs) ?? false;
    const target = inputs.targets?.[provider] ?? inputs.overallTarget ?? null;
    if (!evaluateCriteria || !inUse) return { provider, inUse, level: null, target, criteria: [], nextLevel: null };
    const providerFindings = inputs.findings.filter((finding) => finding.provider === provider);
    const byCriterion = evaluateCriteria(inputs, providerFindings);
    const crossCloud = multiCloudEvidence(inputs.findings);
    if (crossCloud) byCriterion['L5.multi-cloud'] = crossCloud;
    const criteria: CriterionResult[] = criterionIds.map((id) => {
      const result = byCriterion[id];
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
    return { provider, inUse, target, criteria, ...levelFrom(criteria) };
  });
  const levels = platforms.filter((platform) => platform.inUse && platform.level !== null).map((platform) => platform.level as number);
  return { overall: { level: levels.length > 0 ? Math.min(...levels) : null, target: inputs.overallTarget ?? null }, platforms };
}
