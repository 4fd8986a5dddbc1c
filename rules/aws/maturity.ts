/** How AWS findings and facts become evidence for the maturity criteria (spec §7). */
import type { CriteriaEvaluator, CriterionEvidence } from '../../src/engine/evidence.ts';
import { evidence, feeding } from '../../src/engine/evidence.ts';
import type { AwsFacts } from './facts.ts';

/** Organisation BEDROCK_POLICY enforcing a guardrail in every used region (AWS Config auto-remediation is not assessed yet). */
function organisationAutomation(facts: AwsFacts): CriterionEvidence {
  if (facts.organisationPolicy.unreadable) return { status: 'unknown', summary: 'The effective organisation BEDROCK_POLICY could not be read.', findings: [] };
  const uncovered = facts.usedRegions.filter(
    (used) =>
      !facts.organisationPolicy.policies.some(
        (policy) =>
          policy.scope.id === used.scope.id &&
          policy.present &&
          policy.assignments.some((assignment) => assignment.region === used.region && assignment.guardrail),
      ),
  );
  if (uncovered.length === 0) return { status: 'met', summary: 'An organisation BEDROCK_POLICY enforces a guardrail in every used region.', findings: [] };
  return {
    status: 'unknown',
    summary: `No organisation BEDROCK_POLICY enforces a guardrail in ${uncovered.map((entry) => entry.region).join(', ')}; AWS Config auto-remediation is not assessed by this version.`,
    findings: [],
  };
}

export const awsCriteria: CriteriaEvaluator<AwsFacts> = ({ findings, rules, facts, baseline }) => {
  const configRecording = evidence.allPass(findings, 'L3.drift-detection', 'AWS Config records guardrails in every used region');
  const iacFindings = feeding(findings, 'L3.iac');
  return {
    'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Used regions with a READY guardrail'),
    'L2.logging': evidence.anyPassPerRule(findings, rules, 'L2.logging', {
      'aws/invocation-logging': 'Used regions logging model invocations',
      'aws/cloudtrail-management-events': 'Logging multi-region CloudTrail trail',
    }),
    'L3.coverage': evidence.baselineCoverage(findings),
    'L3.enforcement': evidence.allPass(findings, 'L3.enforcement', 'Guardrail enforced on all models (account or organisation) in every used region'),
    'L3.drift-detection':
      configRecording.status === 'met'
        ? configRecording
        : { ...evidence.needsHistory(`${configRecording.summary} Otherwise, drift detection by repeated scans`), findings: configRecording.findings },
    'L3.iac': evidence.iacShare(
      iacFindings.map((finding) => ({ id: finding.resource.id, managed: finding.status === 'pass' ? true : finding.status === 'fail' ? false : null })),
      { plural: 'guardrail versions', none: 'guardrails' },
      baseline,
      iacFindings.map((finding) => finding.id),
    ),
    'L4.effectiveness-metrics': evidence.allPass(findings, 'L4.effectiveness-metrics', 'Alarm on guardrail interventions in every used region'),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${baseline.remediationSlaDays} days`),
    'L4.measured-review': evidence.notObservable(),
    'L5.automation': organisationAutomation(facts),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': evidence.allPass(findings, 'L5.new-capabilities', 'Guardrails on the STANDARD tier'),
    'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Bedrock meets the neutral harm-category and prompt-attack baseline'),
  };
};
