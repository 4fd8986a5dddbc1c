/** How Azure findings and facts become evidence for the maturity criteria (spec §7). */
import type { CriteriaEvaluator, CriterionEvidence } from '../../src/engine/evidence.ts';
import { evidence } from '../../src/engine/evidence.ts';
import type { AzureFacts } from './facts.ts';
import type { AzureActivity } from './activity.ts';
import { noSeparateMeter } from './effectiveness.ts';

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

const count = (value: number) => value.toLocaleString('en-US');
const plural = (value: number, one: string, many: string = `${one}s`) => `${count(value)} ${value === 1 ? one : many}`;

/** "over 30 days" for the window the metrics were read over. */
function overWindow(activity: AzureActivity): string {
  const window = activity.accounts.find((read) => read.window !== undefined)?.window;
  if (window === undefined) return 'over the metrics window';
  const days = Math.round((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000);
  return `over ${plural(days, 'day')}`;
}

/**
 * Whether every content filter in use has activation data over the metrics window: its
 * deployments' requests and rejections were read (Azure Monitor, per deployment) and it saw
 * traffic. The summary quotes the measured numbers.
 */
export function measuredActivations(facts: AzureFacts): CriterionEvidence {
  const { controls, deployments } = facts.activity;
  if (controls.length === 0) {
    const undetermined = deployments.filter((entry) => entry.guard.guarded === null);
    if (undetermined.length > 0)
      return {
        status: 'unknown',
        summary: `The content filters of ${plural(undetermined.length, 'deployment')} could not be determined, so their activations cannot be measured.`,
        findings: [],
      };
    return { status: 'unmet', summary: 'No content filter (RAI policy) that blocks anything is in use, so there are no activations to measure.', findings: [] };
  }
  const label = (control: (typeof controls)[number]) => `${control.policyName} on ${control.account.name ?? control.account.id}`;
  const over = overWindow(facts.activity);
  const idle = controls.filter((control) => control.invocations === 0);
  if (idle.length > 0)
    return {
      status: 'unmet',
      summary: `No activation data ${over} for ${idle.map(label).join(', ')}: no request reached ${idle.length === 1 ? 'its deployments' : 'their deployments'}.`,
      findings: [],
    };
  const unmeasured = controls.filter((control) => control.invocations === null || control.interventions === null);
  if (unmeasured.length > 0) {
    const why = [...new Set(unmeasured.map((control) => control.reason ?? 'metrics-not-read'))];
    return { status: 'unknown', summary: `The activations of ${unmeasured.map(label).join(', ')} could not be measured (${why.join('; ')}).`, findings: [] };
  }
  const invocations = controls.reduce((total, control) => total + (control.invocations ?? 0), 0);
  const interventions = controls.reduce((total, control) => total + (control.interventions ?? 0), 0);
  const rate = invocations === 0 ? '' : ` (${((interventions / invocations) * 100).toFixed(1)}%)`;
  return {
    status: 'met',
    summary: `${plural(controls.length, 'content filter')} (RAI policies) measured: ${plural(invocations, 'request')}, ${count(interventions)} rejected${rate} ${over}.`,
    findings: [],
  };
}

/**
 * L4.measured-review: cost tracking is observed where a cost can be computed — Azure bills
 * content filtering within the model's tokens, so there is none to compute; false-positive review
 * is not observable in configuration (attestable). The summary says what was measured.
 */
function measuredReview(facts: AzureFacts): CriterionEvidence {
  const base = evidence.notObservable();
  const measured = measuredActivations(facts);
  const activity = measured.status === 'met' ? ` Measured activity: ${measured.summary}` : '';
  return {
    ...base,
    summary: `Cost tracking: no control cost to compute (${noSeparateMeter.replace(/^[a-z-]+: /, '')}).${activity} False-positive review is not observable in configuration: attest it in the policy file.`,
  };
}

export const azureCriteria: CriteriaEvaluator<AzureFacts> = ({ findings, facts, baseline }) => ({
  'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Deployments on a custom content filter (RAI policy)'),
  'L2.logging': evidence.anyPass(findings, 'L2.logging', 'AI accounts sending Audit and RequestResponse logs to Log Analytics or Event Hub'),
  'L3.coverage': evidence.baselineCoverage(findings),
  'L3.enforcement': evidence.allPass(findings, 'L3.enforcement', 'Azure Policy assignments covering the AI controls'),
  'L3.drift-detection': policyComplianceEvaluation(facts),
  'L3.iac': evidence.iacShare(facts.iac?.candidates ?? [], facts.iac?.what ?? { plural: 'control resources', none: 'control resources' }, baseline),
  'L4.effectiveness-metrics': evidence.combine([
    measuredActivations(facts),
    evidence.allPass(findings, 'L4.effectiveness-metrics', 'Metric alerts on content-safety metrics for every AI account'),
  ]),
  'L4.remediation-sla': evidence.needsHistory(`Remediation within ${baseline.remediationSlaDays} days`),
  'L4.measured-review': measuredReview(facts),
  'L5.automation': policyAutomation(facts),
  'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
  'L5.new-capabilities': evidence.allPass(findings, 'L5.new-capabilities', 'Indirect Attack and Protected Material filters on the policies in use'),
  'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Azure content filters meet the neutral harm-category and prompt-attack baseline'),
});
