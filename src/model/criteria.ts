export const criterionIds = [
  'L2.controls',
  'L2.logging',
  'L3.coverage',
  'L3.enforcement',
  'L3.drift-detection',
  'L3.iac',
  'L4.effectiveness-metrics',
  'L4.remediation-sla',
  'L4.measured-review',
  'L5.automation',
  'L5.continuous-validation',
  'L5.new-capabilities',
  'L5.multi-cloud',
] as const;
export type CriterionId = (typeof criterionIds)[number];

export function criterionLevel(id: CriterionId): number {
  return Number(id.slice(1, 2));
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

/**
 * Criteria that scan history speaks to (spec §7): `only` — history is the evidence (without it
 * the criterion is unknown); `alternative` — met by the platform's own evidence or by history
 * (L3.drift-detection: AWS Config, Azure Policy or GCP floor enforcement, or ≥4 scans in 30 days).
 */
export const historyCriteria: Readonly<Partial<Record<CriterionId, 'only' | 'alternative'>>> = {
  'L3.drift-detection': 'alternative',
  'L4.remediation-sla': 'only',
  'L5.continuous-validation': 'only',
};
