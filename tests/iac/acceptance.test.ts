import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/helpers.ts';
import { sarifValidator } from '../reporters/sarif-validator.ts';

const PLAN = 'fixtures/iac/acceptance/plan.tfplan.json';

interface JsonReport {
  scan: { mode: string };
  findings: Array<{ ruleId: string; status: string; resource: { id: string }; source: { file?: string; address?: string } }>;
}

const verdicts = (report: JsonReport, ruleId: string) =>
  Object.fromEntries(report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => [finding.resource.id, finding.status]));

describe('aiposture iac on a Terraform plan (acceptance)', () => {
  it('fails exactly the weak resources under the matching rule ids; their strong counterparts pass', async () => {
    const run = await runCli(['iac', PLAN, '--format', 'json', '--fail-on', 'high']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.scan.mode).toBe('iac');
    expect(verdicts(report, 'aws/guardrail-prompt-attack')).toEqual({ 'aws_bedrock_guardrail.weak': 'fail', 'aws_bedrock_guardrail.strong': 'pass' });
    expect(verdicts(report, 'aws/agent-guardrail')).toEqual({ 'aws_bedrockagent_agent.fail': 'fail', 'aws_bedrockagent_agent.pass': 'pass' });
    expect(verdicts(report, 'azure/local-auth-disabled')).toMatchObject({ 'azurerm_cognitive_account.local_auth_absent': 'fail', 'azurerm_cognitive_account.local_auth_false': 'pass' });
    expect(verdicts(report, 'azure/deployment-custom-content-filter')).toEqual({ 'azurerm_cognitive_deployment.no_filter': 'fail', 'azurerm_cognitive_deployment.gpt4o': 'pass' });
    expect(verdicts(report, 'gcp/vertex-inline-enforcement')).toEqual({ 'google_model_armor_floorsetting.inspect_only': 'fail', 'google_model_armor_floorsetting.project': 'pass' });
    for (const finding of report.findings) expect(finding.source).toMatchObject({ file: PLAN, address: finding.resource.id });
    // Presence rules do not flood a partial plan: it declares no diagnostic settings, alerts or policy assignments.
    expect(report.findings.filter((finding) => ['azure/diagnostic-logs', 'azure/content-safety-alerts', 'azure/policy-enforcement'].includes(finding.ruleId))).toEqual([]);
  });

  it('writes valid SARIF 2.1.0 pointing at the plan file', async () => {
    const run = await runCli(['iac', PLAN, '--format', 'sarif']);
    expect(run.code).toBe(0);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }> }> };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0]?.results ?? [];
    expect(results.some((result) => result.ruleId === 'aws/guardrail-prompt-attack')).toBe(true);
    for (const result of results) expect(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(PLAN);
  });

  it('writes JUnit and Markdown', async () => {
    const junit = await runCli(['iac', PLAN, '--format', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toMatch(/<testsuite[^>]+name="aws\/guardrail-prompt-attack"/);
    const markdown = await runCli(['iac', PLAN, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/aws\/guardrail-prompt-attack/);
  });
});
