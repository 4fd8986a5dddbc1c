/**
 * The agreement estate (fixtures/iac/agreement): one small logical estate written in every format.
 * The same verdicts, rule by rule and role by role, from CloudFormation + ARM, from Terraform HCL and
 * from the Terraform plan: four readers, one judgement.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/helpers.ts';

interface JsonReport {
  findings: Array<{ ruleId: string; status: string; resource: { id: string; type: string } }>;
}

/** Each resource's role in the estate, whatever the format calls it. */
const roles: Record<string, string> = {
  'aws.bedrock.guardrail': 'guardrail',
  'aws.bedrock.agent': 'agent',
  'aws.bedrock.data-source': 'knowledge-base data source',
  'azure.cognitive-account': 'account',
  'azure.deployment': 'gpt-4o deployment',
  'azure.rai-policy': 'custom RAI policy',
};

/** The verdicts every format must reach on the agreement estate. */
const agreementVerdicts: Record<string, Record<string, string>> = {
  'aws/agent-cmk': { agent: 'fail' },
  'aws/agent-guardrail': { agent: 'pass' },
  'aws/guardrail-cmk': { guardrail: 'fail' },
  'aws/guardrail-content-filters': { guardrail: 'fail' },
  'aws/guardrail-contextual-grounding': { guardrail: 'fail' },
  'aws/guardrail-prompt-attack': { guardrail: 'pass' },
  'aws/guardrail-sensitive-information': { guardrail: 'fail' },
  'aws/guardrail-standard-tier': { guardrail: 'fail' },
  'aws/guardrail-versioned': { agent: 'fail' },
  'aws/iac-managed': { guardrail: 'pass' },
  'aws/knowledge-base-cmk': { 'knowledge-base data source': 'fail' },
  'azure/cmk': { account: 'fail' },
  'azure/content-filter-harm-categories': { 'custom RAI policy': 'fail' },
  'azure/content-filter-indirect-attack': { 'custom RAI policy': 'fail' },
  'azure/content-filter-mode': { 'custom RAI policy': 'pass' },
  'azure/content-filter-prompt-shields': { 'custom RAI policy': 'pass' },
  'azure/content-filter-protected-material': { 'custom RAI policy': 'fail' },
  'azure/deployment-custom-content-filter': { 'gpt-4o deployment': 'pass' },
  'azure/local-auth-disabled': { account: 'pass' },
  'azure/managed-identity': { account: 'fail' },
  'azure/network-restricted': { account: 'fail' },
  'azure/outbound-restricted': { account: 'fail' },
};

function byRole(report: JsonReport): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const finding of report.findings) {
    const role = roles[finding.resource.type] ?? finding.resource.type;
    (result[finding.ruleId] ??= {})[role] = finding.status;
  }
  return result;
}

describe('the agreement estate', () => {
  it.each([
    ['Terraform HCL', 'fixtures/iac/agreement/main.tf'],
    ['the Terraform plan JSON', 'fixtures/iac/agreement/plan.tfplan.json'],
  ])('%s reaches the agreed verdicts', async (_format, file) => {
    const run = await runCli(['iac', file, '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(byRole(report)).toEqual(agreementVerdicts);
  });

  it('CloudFormation and ARM reach the agreed verdicts', async () => {
    const run = await runCli(['iac', 'fixtures/iac/agreement/template.cfn.yaml', 'fixtures/iac/agreement/template.arm.json', '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(byRole(report)).toEqual(agreementVerdicts);
    // One resource per role: nothing judged twice.
    for (const [ruleId, entries] of Object.entries(agreementVerdicts)) {
      expect(report.findings.filter((finding) => finding.ruleId === ruleId)).toHaveLength(Object.keys(entries).length);
    }
  });
});
