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
