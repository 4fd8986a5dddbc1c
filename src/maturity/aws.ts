import type { Finding } from '../engine/evaluate.ts';
import { createRuleContext } from '../engine/rule.ts';
import { awsRegionUsage } from '../../rules/aws/regions.ts';
import type { CriterionId } from '../model/criteria.ts';
import { evidence, type CriterionEvidence, type MaturityInputs } from './evidence.ts';

/** AWS is in use when Bedrock is used in at least one scanned region. */
export function awsInUse(inputs: MaturityInputs): boolean {
  return awsRegionUsage(createRuleContext(inputs.inventory, inputs.baseline)).some((region) => region.usage === 'used');
}

function organisationAutomation(inputs: MaturityInputs): CriterionEvidence {
  const context = createRuleContext(inputs.inventory, inputs.baseline);
  const usedRegions = awsRegionUsage(context).filter((region) => region.usage === 'used');
  const policies = context.resources('aws.organizations.bedrock-policy');
  const unreadable = inputs.inventory.listings.some((entry) => entry.resourceType === 'aws.organizations.bedrock-policy' && entry.status !== 'ok');
  if (unreadable) return { status: 'unknown', summary: 'The effective organisation BEDROCK_POLICY could not be read.', findings: [] };
  const uncovered = usedRegions.filter(
    (used) =>
      !policies.some(
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

export function awsCriteria(inputs: MaturityInputs, findings: readonly Finding[]): Record<CriterionId, CriterionEvidence> {
  const configRecording = evidence.allPass(findings, ['aws/config-recording'], 'AWS Config records guardrails in every used region');
  return {
    'L2.controls': evidence.anyPass(findings, 'aws/guardrail-present', 'Used regions with a READY guardrail'),
    'L2.logging': evidence.combine([
      evidence.anyPass(findings, 'aws/invocation-logging', 'Used regions logging model invocations'),
      evidence.anyPass(findings, 'aws/cloudtrail-management-events', 'Logging multi-region CloudTrail trail'),
    ]),
    'L3.coverage': evidence.baselineCoverage(findings),
    'L3.enforcement': evidence.allPass(findings, ['aws/enforced-guardrail'], 'Guardrail enforced on all models (account or organisation) in every used region'),
    'L3.drift-detection':
      configRecording.status === 'met'
        ? configRecording
        : { ...evidence.needsHistory(`${configRecording.summary} Otherwise, drift detection by repeated scans`), findings: configRecording.findings },
    'L3.iac': iacShare(inputs, findings),
    'L4.effectiveness-metrics': evidence.allPass(findings, ['aws/guardrail-intervention-alarm'], 'Alarm on guardrail interventions in every used region'),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${inputs.baseline.remediationSlaDays} days`),
    'L4.measured-review': {
      status: 'unmet',
      summary: 'Not observable in configuration: attest false-positive review and cost tracking in the policy file.',
      findings: [],
    },
    'L5.automation': organisationAutomation(inputs),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': evidence.allPass(findings, ['aws/guardrail-standard-tier'], 'Guardrails on the STANDARD tier'),
    'L5.multi-cloud': evidence.allPass(
      findings,
      ['aws/guardrail-content-filters', 'aws/guardrail-prompt-attack'],
      'Bedrock meets the neutral harm-category and prompt-attack baseline',
    ),
  };
}

function iacShare(inputs: MaturityInputs, findings: readonly Finding[]): CriterionEvidence {
  const relevant = findings.filter((finding) => finding.ruleId === 'aws/iac-managed');
  const ids = relevant.map((finding) => finding.id);
  const pass = relevant.filter((finding) => finding.status === 'pass').length;
  const unknown = relevant.filter((finding) => finding.status === 'unknown').length;
  const total = relevant.length;
  const required = inputs.baseline.iacShare;
  if (total === 0) return { status: 'unmet', summary: 'No guardrails to carry IaC provenance.', findings: [] };
  const share = (count: number) => `${Math.round((100 * count) / total)}%`;
  if (pass / total >= required)
    return { status: 'met', summary: `${share(pass)} of guardrail versions carry IaC provenance (required ${Math.round(required * 100)}%).`, findings: ids };
  if ((pass + unknown) / total >= required)
    return {
      status: 'unknown',
      summary: `${share(pass)} of guardrail versions carry IaC provenance; the tags of ${unknown} could not be read.`,
      findings: ids,
    };
  return {
    status: 'unmet',
    summary: `Only ${share(pass)} of guardrail versions carry IaC provenance (required ${Math.round(required * 100)}%).`,
    findings: ids,
  };
}
