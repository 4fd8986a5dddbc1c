import type { Finding } from '../engine/evaluate.ts';
import type { AzureAccount } from '../model/azure.ts';
import type { CriterionId } from '../model/criteria.ts';
import { evidence, type CriterionEvidence, type MaturityInputs } from './evidence.ts';

const aiKinds = new Set(['openai', 'aiservices']);

/** Accounts the Azure rules apply to: OpenAI and AI Services kinds, or any account with deployments. */
export function azureAiAccounts(inputs: MaturityInputs): AzureAccount[] {
  const withDeployments = new Set(
    inputs.inventory.resources.flatMap((resource) => (resource.type === 'azure.deployment' ? [resource.accountId.toLowerCase()] : [])),
  );
  return inputs.inventory.resources.filter(
    (resource): resource is AzureAccount =>
      resource.type === 'azure.cognitive-account' && (aiKinds.has(resource.kind.toLowerCase()) || withDeployments.has(resource.id.toLowerCase())),
  );
}

export function azureInUse(inputs: MaturityInputs): boolean {
  return azureAiAccounts(inputs).length > 0;
}

const automatingEffects = /^(deny|modify|deployifnotexists)$/i;

function policyAssignments(inputs: MaturityInputs) {
  return inputs.inventory.resources.flatMap((resource) =>
    resource.type === 'azure.policy-assignment' && resource.enforcementMode.toLowerCase() === 'default' ? [resource] : [],
  );
}

function assignmentsUnreadable(inputs: MaturityInputs): boolean {
  return inputs.inventory.listings.some((entry) => entry.provider === 'azure' && entry.resourceType === 'azure.policy-assignment' && entry.status !== 'ok');
}

/** Azure Policy evaluates compliance of assigned AI controls continuously: that is drift detection. */
function policyComplianceEvaluation(inputs: MaturityInputs): CriterionEvidence {
  const covering = policyAssignments(inputs).filter((assignment) => assignment.controls.length > 0);
  if (covering.length > 0)
    return { status: 'met', summary: `${covering.length} Azure Policy assignment(s) evaluate compliance of AI controls continuously.`, findings: [] };
  if (assignmentsUnreadable(inputs)) return { status: 'unknown', summary: 'Azure Policy assignments could not be read.', findings: [] };
  return evidence.needsHistory('No Azure Policy assignment evaluates AI controls; otherwise, drift detection by repeated scans');
}

function policyAutomation(inputs: MaturityInputs): CriterionEvidence {
  const automating = policyAssignments(inputs).filter((assignment) =>
    assignment.controls.some((control) => control.effect !== null && automatingEffects.test(control.effect)),
  );
  if (automating.length > 0) {
    const effects = [...new Set(automating.flatMap((assignment) => assignment.controls.map((control) => `${control.control}: ${control.effect}`)))];
    return { status: 'met', summary: `Azure Policy enforces AI controls automatically (${effects.join(', ')}).`, findings: [] };
  }
  if (assignmentsUnreadable(inputs)) return { status: 'unknown', summary: 'Azure Policy assignments could not be read.', findings: [] };
  return { status: 'unmet', summary: 'No Azure Policy assignment applies Deny, Modify or DeployIfNotExists to AI controls.', findings: [] };
}

/** Share of AI accounts carrying one of the baseline's IaC tag keys (Terraform, Bicep pipelines tag them). */
function iacShare(inputs: MaturityInputs): CriterionEvidence {
  const accounts = azureAiAccounts(inputs);
  if (accounts.length === 0) return { status: 'unmet', summary: 'No AI accounts to carry IaC provenance.', findings: [] };
  const keys = new Set(inputs.baseline.iacTagKeys.map((key) => key.toLowerCase()));
  const tagged = accounts.filter((account) => Object.keys(account.tags ?? {}).some((key) => keys.has(key.toLowerCase()))).length;
  const share = tagged / accounts.length;
  const percent = `${Math.round(share * 100)}%`;
  const required = `${Math.round(inputs.baseline.iacShare * 100)}%`;
  return share >= inputs.baseline.iacShare
    ? { status: 'met', summary: `${percent} of AI accounts carry an IaC tag key (required ${required}).`, findings: [] }
    : {
        status: 'unmet',
        summary: `Only ${percent} of AI accounts carry an IaC tag key (${inputs.baseline.iacTagKeys.join(', ')}; required ${required}).`,
        findings: [],
      };
}

export function azureCriteria(inputs: MaturityInputs, findings: readonly Finding[]): Record<CriterionId, CriterionEvidence> {
  return {
    'L2.controls': evidence.anyPass(findings, 'azure/deployment-custom-content-filter', 'Deployments on a custom content filter (RAI policy)'),
    'L2.logging': evidence.anyPass(findings, 'azure/diagnostic-logs', 'AI accounts sending Audit and RequestResponse logs to Log Analytics or Event Hub'),
    'L3.coverage': evidence.baselineCoverage(findings),
    'L3.enforcement': evidence.allPass(findings, ['azure/policy-enforcement'], 'Azure Policy assignments covering the AI controls'),
    'L3.drift-detection': policyComplianceEvaluation(inputs),
    'L3.iac': iacShare(inputs),
    'L4.effectiveness-metrics': evidence.allPass(findings, ['azure/content-safety-alerts'], 'Metric alerts on content-safety metrics for every AI account'),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${inputs.baseline.remediationSlaDays} days`),
    'L4.measured-review': {
      status: 'unmet',
      summary: 'Not observable in configuration: attest false-positive review and cost tracking in the policy file.',
      findings: [],
    },
    'L5.automation': policyAutomation(inputs),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': evidence.allPass(
      findings,
      ['azure/content-filter-indirect-attack', 'azure/content-filter-protected-material'],
      'Indirect Attack and Protected Material filters on the policies in use',
    ),
    'L5.multi-cloud': evidence.allPass(
      findings,
      ['azure/content-filter-harm-categories', 'azure/content-filter-prompt-shields'],
      'Azure content filters meet the neutral harm-category and prompt-attack baseline',
    ),
  };
}
