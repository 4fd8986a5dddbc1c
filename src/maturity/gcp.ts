import type { Finding } from '../engine/evaluate.ts';
import type { GcpFloorSetting, GcpProject } from '../model/gcp.ts';
import type { CriterionId } from '../model/criteria.ts';
import { evidence, type CriterionEvidence, type MaturityInputs } from './evidence.ts';

function projects(inputs: MaturityInputs): GcpProject[] {
  return inputs.inventory.resources.filter((resource): resource is GcpProject => resource.type === 'gcp.project');
}

/** A project uses Vertex when the Vertex AI API is enabled or Vertex endpoints exist in it (spec §6.3). */
export function gcpVertexProjects(inputs: MaturityInputs): GcpProject[] {
  const withEndpoints = new Set(inputs.inventory.resources.flatMap((resource) => (resource.type === 'gcp.vertex-endpoint' ? [resource.scope.id] : [])));
  return projects(inputs).filter((project) => project.vertexApiEnabled === true || withEndpoints.has(project.projectId));
}

export function gcpInUse(inputs: MaturityInputs): boolean {
  return gcpVertexProjects(inputs).length > 0;
}

function floorSettings(inputs: MaturityInputs): GcpFloorSetting[] {
  return inputs.inventory.resources.filter((resource): resource is GcpFloorSetting => resource.type === 'gcp.floor-setting');
}

function floorUnreadable(inputs: MaturityInputs, level: GcpFloorSetting['level']): boolean {
  return inputs.inventory.listings.some(
    (entry) => entry.provider === 'gcp' && entry.resourceType === 'gcp.floor-setting' && entry.scope.type === level && entry.status !== 'ok',
  );
}

/** Organisation-level floor enforcement with inspect-and-block on Vertex: policy-driven automation. */
function organisationFloor(inputs: MaturityInputs): CriterionEvidence {
  const automating = floorSettings(inputs).filter(
    (floor) => floor.level === 'organization' && floor.enforcementEnabled === true && floor.aiPlatformMode === 'inspectAndBlock',
  );
  if (automating.length > 0)
    return {
      status: 'met',
      summary: `An organisation floor setting enforces inspect-and-block on Vertex AI (${automating.map((floor) => floor.owner).join(', ')}).`,
      findings: [],
    };
  if (floorUnreadable(inputs, 'organization')) return { status: 'unknown', summary: 'The organisation floor setting could not be read.', findings: [] };
  return { status: 'unmet', summary: 'No organisation-level floor setting enforces inspect-and-block on Vertex AI.', findings: [] };
}

/** Malicious-URI filtering and multi-language detection on every floor setting in force. */
function newCapabilities(inputs: MaturityInputs): CriterionEvidence {
  const floors = floorSettings(inputs);
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

/** Share of Vertex projects and Model Armor templates labelled as managed by infrastructure-as-code. */
function iacShare(inputs: MaturityInputs): CriterionEvidence {
  const keys = new Set(inputs.baseline.iacTagKeys.map((key) => key.toLowerCase()));
  const candidates = [...gcpVertexProjects(inputs), ...inputs.inventory.resources.filter((resource) => resource.type === 'gcp.modelarmor-template')];
  if (candidates.length === 0) return { status: 'unmet', summary: 'No Vertex projects or templates to carry IaC provenance.', findings: [] };
  const tagged = candidates.filter((resource) => Object.keys(resource.tags ?? {}).some((key) => keys.has(key.toLowerCase()))).length;
  const share = tagged / candidates.length;
  const summary = `${Math.round(share * 100)}% of Vertex projects and Model Armor templates carry an IaC label (required ${Math.round(inputs.baseline.iacShare * 100)}%).`;
  return { status: share >= inputs.baseline.iacShare ? 'met' : 'unmet', summary, findings: [] };
}

export function gcpCriteria(inputs: MaturityInputs, findings: readonly Finding[]): Record<CriterionId, CriterionEvidence> {
  const enforced = evidence.allPass(findings, ['gcp/floor-setting-enforced'], 'Floor-setting enforcement covering every project');
  return {
    'L2.controls': evidence.anyPass(findings, ['gcp/floor-setting-filters', 'gcp/template-filters'], 'Model Armor floor settings or templates with filters'),
    'L2.logging': evidence.anyPass(findings, ['gcp/vertex-audit-logs', 'gcp/modelarmor-logging'], 'Vertex data-access audit logs or Model Armor Cloud Logging'),
    'L3.coverage': evidence.baselineCoverage(findings),
    'L3.enforcement': evidence.allPass(
      findings,
      ['gcp/floor-setting-enforced', 'gcp/vertex-inline-enforcement'],
      'Floor-setting enforcement with inline blocking for every Vertex project',
    ),
    'L3.drift-detection':
      enforced.status === 'met'
        ? enforced
        : { ...evidence.needsHistory(`${enforced.summary} Otherwise, drift detection by repeated scans`), findings: enforced.findings },
    'L3.iac': iacShare(inputs),
    'L4.effectiveness-metrics': evidence.allPass(findings, ['gcp/modelarmor-alerts'], 'Alert policies on Model Armor results for every Vertex project'),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${inputs.baseline.remediationSlaDays} days`),
    'L4.measured-review': {
      status: 'unmet',
      summary: 'Not observable in configuration: attest false-positive review and cost tracking in the policy file.',
      findings: [],
    },
    'L5.automation': organisationFloor(inputs),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': newCapabilities(inputs),
    'L5.multi-cloud': evidence.allPass(findings, ['gcp/floor-setting-filters'], 'Model Armor floor settings meet the neutral baseline'),
  };
}
