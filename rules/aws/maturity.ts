/** How AWS findings and facts become evidence for the maturity criteria (spec §7). */
import type { CriteriaEvaluator, CriterionEvidence } from '../../src/engine/evidence.ts';
import { evidence, feeding } from '../../src/engine/evidence.ts';
import type { AwsFacts } from './facts.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import type { Finding } from '../../src/engine/evaluate.ts';
import { measuredControls } from './effectiveness.ts';
import { activityReasons } from './activity.ts';

const count = (value: number) => value.toLocaleString('en-US');
const windowMsOf = (facts: AwsFacts) => (facts.activity.window ? Date.parse(facts.activity.window.to) - Date.parse(facts.activity.window.from) : 0);
const daysOf = (windowMs: number) => `${Math.round(windowMs / 86_400_000)} days`;
const unreadReasons: ReadonlySet<string> = new Set([activityReasons.metricsDenied, activityReasons.metricsUnreadable, activityReasons.metricsNotRead]);

/**
 * L4.effectiveness-metrics (issue 13): every guardrail version in use has activation data over the
 * window (its CloudWatch series) AND an alarm watches interventions in its region (the alarm rule's
 * findings). Unknown when the metrics could not be read; the summary quotes the measured numbers.
 */
function effectivenessMetrics(findings: readonly Finding[], facts: AwsFacts, baseline: Baseline): CriterionEvidence {
  const alarms = evidence.allPass(findings, 'L4.effectiveness-metrics', 'Alarm on guardrail interventions in every used region');
  if (facts.usage !== 'used') return alarms;
  const windowMs = windowMsOf(facts);
  const controls = measuredControls(facts, baseline, windowMs || Number.POSITIVE_INFINITY);
  let measured: CriterionEvidence;
  if (controls.length === 0) {
    measured = { status: 'unmet', summary: 'No guardrail is in use (referenced or evaluated) to measure.', findings: [] };
  } else {
    const unread = controls.filter((control) => control.invocations === null && unreadReasons.has(control.reason ?? ''));
    const silent = controls.filter((control) => control.invocations === null && !unreadReasons.has(control.reason ?? ''));
    const withData = controls.filter((control) => control.invocations !== null);
    const invocations = withData.reduce((sum, control) => sum + (control.invocations ?? 0), 0);
    const interventions = withData.reduce((sum, control) => sum + (control.interventions ?? 0), 0);
    const numbers =
      withData.length > 0
        ? `${withData.length} guardrail version${withData.length === 1 ? '' : 's'}, ${count(invocations)} evaluations, ${invocations > 0 ? ((interventions / invocations) * 100).toFixed(1) : '0.0'}% intervened over ${daysOf(windowMs)}`
        : 'no guardrail activity measured';
    if (silent.length > 0)
      measured = {
        status: 'unmet',
        summary: `Guardrail activity measured: ${numbers}; no activation data for ${silent.map((control) => `${control.id} in ${control.region} (${control.reason})`).join(', ')}.`,
        findings: [],
      };
    else if (unread.length > 0)
      measured = {
        status: 'unknown',
        summary: `Guardrail activity measured: ${numbers}; the metrics of ${unread.map((control) => `${control.id} in ${control.region} (${control.reason})`).join(', ')} could not be read.`,
        findings: [],
      };
    else measured = { status: 'met', summary: `Guardrail activity measured: ${numbers}.`, findings: [] };
  }
  return evidence.combine([measured, alarms]);
}

/**
 * L4.measured-review: cost tracking is observed when every guardrail in use has an estimated cost
 * from its measured text units; the false-positive review is not observable and stays attestable,
 * so the criterion is met only by attestation (`notObservable` semantics) and says what was observed.
 */
function measuredReview(facts: AwsFacts, baseline: Baseline): CriterionEvidence {
  const base = evidence.notObservable();
  if (facts.usage !== 'used') return base;
  const windowMs = windowMsOf(facts);
  const controls = measuredControls(facts, baseline, windowMs || Number.POSITIVE_INFINITY);
  const costed = controls.filter((control) => control.estimatedCost !== null);
  const observed =
    controls.length > 0 && costed.length === controls.length
      ? `Cost tracking observed: guardrails cost an estimated ${costed.reduce((sum, control) => sum + (control.estimatedCost?.amount ?? 0), 0).toFixed(2)} ${costed[0]?.estimatedCost?.currency ?? ''} per 30 days across ${costed.length} guardrail version${costed.length === 1 ? '' : 's'} (measured text units × baseline prices, ${baseline.controlPrices.asOf}).`
      : `Cost tracking not observable for ${controls.length - costed.length} of ${controls.length} guardrail versions in use (${[...new Set(controls.filter((control) => control.estimatedCost === null).map((control) => control.reason ?? 'no data'))].join('; ') || 'none in use'}).`;
  return { ...base, summary: `${observed} False-positive review is not observable in configuration: attest it in the policy file.` };
}

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
    'L4.effectiveness-metrics': effectivenessMetrics(findings, facts, baseline),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${baseline.remediationSlaDays} days`),
    'L4.measured-review': measuredReview(facts, baseline),
    'L5.automation': organisationAutomation(facts),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': evidence.allPass(findings, 'L5.new-capabilities', 'Guardrails on the STANDARD tier'),
    'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Bedrock meets the neutral harm-category and prompt-attack baseline'),
  };
};
