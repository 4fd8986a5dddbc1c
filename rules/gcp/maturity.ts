/** How GCP findings and facts become evidence for the maturity criteria (spec §7). */
import type { CriteriaEvaluator, CriterionEvidence } from '../../src/engine/evidence.ts';
import { evidence } from '../../src/engine/evidence.ts';
import type { GcpFacts } from './facts.ts';

/** Organisation-level floor enforcement with inspect-and-block on Vertex: policy-driven automation. */
function organisationFloor(facts: GcpFacts): CriterionEvidence {
  const automating = facts.floorSettings.filter(
    (floor) => floor.level === 'organization' && floor.enforcementEnabled === true && floor.aiPlatformMode === 'inspectAndBlock',
  );
  if (automating.length > 0)
    return {
      status: 'met',
      summary: `An organisation floor setting enforces inspect-and-block on Vertex AI (${automating.map((floor) => floor.owner).join(', ')}).`,
      findings: [],
    };
  if (facts.floorUnreadable.has('organization')) return { status: 'unknown', summary: 'The organisation floor setting could not be read.', findings: [] };
  return { status: 'unmet', summary: 'No organisation-level floor setting enforces inspect-and-block on Vertex AI.', findings: [] };
}

/** Malicious-URI filtering and multi-language detection on every floor setting in force. */
function newCapabilities(facts: GcpFacts): CriterionEvidence {
  const floors = facts.floorSettings;
  if (floors.length === 0)
    return { status: 'unmet', summary: 'No Model Armor floor setting to carry malicious-URI and multi-language detection.', findings: [] };
  const lacking = floors.filter((floor) => floor.filters.maliciousUri !== true || floor.multiLanguageDetection !== true);
  if (lacking.length === 0)
    return { status: 'met', summary: `All ${floors.length} floor setting(s) use malicious-URI filtering and multi-language detection.`, findings: [] };
  return {
    status: 'unmet',
    summary: `Floor settings without malicious-URI filtering or multi-language detection: ${lacking.map((floor) => floor.owner).join(', ')}.`,
    findings: [],
  };
}

export const gcpCriteria: CriteriaEvaluator<GcpFacts> = ({ findings, facts, baseline }) => {
  const enforced = evidence.allPass(findings, 'L3.drift-detection', 'Floor-setting enforcement covering every project');
  return {
    'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Model Armor floor settings or templates with filters'),
    'L2.logging': evidence.anyPass(findings, 'L2.logging', 'Vertex data-access audit logs or Model Armor Cloud Logging'),
    'L3.coverage': evidence.baselineCoverage(findings),
    'L3.enforcement': evidence.allPass(findings, 'L3.enforcement', 'Floor-setting enforcement with inline blocking for every Vertex project'),
    'L3.drift-detection':
      enforced.status === 'met'
        ? enforced
        : { ...evidence.needsHistory(`${enforced.summary} Otherwise, drift detection by repeated scans`), findings: enforced.findings },
    'L3.iac': evidence.iacShare(facts.iac?.candidates ?? [], facts.iac?.what ?? { plural: 'control resources', none: 'control resources' }, baseline),
    'L4.effectiveness-metrics': evidence.allPass(findings, 'L4.effectiveness-metrics', 'Alert policies on Model Armor results for every Vertex project'),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${baseline.remediationSlaDays} days`),
    'L4.measured-review': evidence.notObservable(),
    'L5.automation': organisationFloor(facts),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': newCapabilities(facts),
    'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Model Armor floor settings meet the neutral baseline'),
  };
};
