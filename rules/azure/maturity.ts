/** How Azure findings and facts become evidence for the maturity criteria (spec §7). */
import type { CriteriaEvaluator, CriterionEvidence } from '../../src/engine/evidence.ts';
import { evidence } from '../../src/engine/evidence.ts';
import type { AzureFacts } from './facts.ts';

/** Policy effects that act on their own: deny the change, modify it, or deploy the missing control. */
const automatingEffects = /^(deny|modify|deployifnotexists)$/i;

/** Azure Policy evaluates compliance of assigned AI controls continuously: that is drift detection. */
function policyComplianceEvaluation(facts: AzureFacts): CriterionEvidence {
  const covering = facts.enforcedAssignments.filter((assignment) => assignment.controls.length > 0);
  if (covering.length > 0)
    return { status: 'met', summary: `${covering.length} Azure Policy assignment(s) evaluate compliance of AI controls continuously.`, findings: [] };
  if (facts.assignmentsUnreadable) return { status: 'unknown', summary: 'Azure Policy assignments could not be read.', findings: [] };
  return evidence.needsHistory('No Azure Policy assignment evaluates AI controls; otherwise, drift detection by repeated scans');
}

function policyAutomation(facts: AzureFacts): CriterionEvidence {
  const automating = facts.enforcedAssignments.filter((assignment) =>
    assignment.controls.some((control) => control.effect !== null && automatingEffects.test(control.effect)),
  );
  if (automating.length > 0) {
    const effects = [...new Set(automating.flatMap((assignment) => assignment.controls.map((control) => `${control.control}: ${control.effect}`)))];
    return { status: 'met', summary: `Azure Policy enforces AI controls automatically (${effects.join(', ')}).`, findings: [] };
  }
  if (facts.assignmentsUnreadable) return { status: 'unknown', summary: 'Azure Policy assignments could not be read.', findings: [] };
  return { status: 'unmet', summary: 'No Azure Policy assignment applies Deny, Modify or DeployIfNotExists to AI controls.', findings: [] };
}

export const azureCriteria: CriteriaEvaluator<AzureFacts> = ({ findings, facts, baseline }) => ({
  'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Deployments on a custom content filter (RAI policy)'),
  'L2.logging': evidence.anyPass(findings, 'L2.logging', 'AI accounts sending Audit and RequestResponse logs to Log Analytics or Event Hub'),
  'L3.coverage': evidence.baselineCoverage(findings),
  'L3.enforcement': evidence.allPass(findings, 'L3.enforcement', 'Azure Policy assignments covering the AI controls'),
  'L3.drift-detection': policyComplianceEvaluation(facts),
  'L3.iac': evidence.iacShare(facts.iac?.candidates ?? [], facts.iac?.what ?? { plural: 'control resources', none: 'control resources' }, baseline),
  'L4.effectiveness-metrics': evidence.allPass(findings, 'L4.effectiveness-metrics', 'Metric alerts on content-safety metrics for every AI account'),
  'L4.remediation-sla': evidence.needsHistory(`Remediation within ${baseline.remediationSlaDays} days`),
  'L4.measured-review': evidence.notObservable(),
  'L5.automation': policyAutomation(facts),
  'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
  'L5.new-capabilities': evidence.allPass(findings, 'L5.new-capabilities', 'Indirect Attack and Protected Material filters on the policies in use'),
  'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Azure content filters meet the neutral harm-category and prompt-attack baseline'),
});
