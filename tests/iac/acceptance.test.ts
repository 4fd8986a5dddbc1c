import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runCli } from '../e2e/helpers.ts';
import { sarifValidator } from '../reporters/sarif-validator.ts';
import { reportSchema } from '../../src/report/schema.ts';
import { registry } from '../../src/providers.ts';

const PLAN = 'fixtures/iac/acceptance/plan.tfplan.json';
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(reportSchema(registry.providers.map((provider) => provider.id)));

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
    expect(verdicts(report, 'azure/local-auth-disabled')).toMatchObject({
      'azurerm_cognitive_account.local_auth_absent': 'fail',
      'azurerm_cognitive_account.local_auth_false': 'pass',
    });
    expect(verdicts(report, 'azure/deployment-custom-content-filter')).toEqual({
      'azurerm_cognitive_deployment.no_filter': 'fail',
      'azurerm_cognitive_deployment.gpt4o': 'pass',
    });
    expect(verdicts(report, 'gcp/vertex-inline-enforcement')).toEqual({
      'google_model_armor_floorsetting.inspect_only': 'fail',
      'google_model_armor_floorsetting.project': 'pass',
    });
    for (const finding of report.findings) expect(finding.source).toMatchObject({ file: PLAN, address: finding.resource.id });
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    // Presence rules do not flood a partial plan: it declares no diagnostic settings, alerts or policy assignments.
    expect(
      report.findings.filter((finding) => ['azure/diagnostic-logs', 'azure/content-safety-alerts', 'azure/policy-enforcement'].includes(finding.ruleId)),
    ).toEqual([]);
  });

  it('writes valid SARIF 2.1.0 pointing at the plan file', async () => {
    const run = await runCli(['iac', PLAN, '--format', 'sarif']);
    expect(run.code).toBe(0);
    const sarif = JSON.parse(run.stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }> }>;
    };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0]?.results ?? [];
    expect(results.some((result) => result.ruleId === 'aws/guardrail-prompt-attack')).toBe(true);
    for (const result of results) expect(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(PLAN);
  });

  it('gives the same verdicts for the same resources written as CloudFormation and ARM, with lines and suppressions', async () => {
    const run = await runCli(['iac', 'fixtures/iac/acceptance/bedrock.cfn.yaml', 'fixtures/iac/acceptance/openai.arm.json', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport & { policy: { expiredExceptions: Array<{ rule: string; expires?: string }> } };
    expect(verdicts(report, 'aws/guardrail-prompt-attack')).toEqual({ weak: 'fail', strong: 'pass' });
    expect(verdicts(report, 'aws/agent-guardrail')).toEqual({ fail: 'fail', pass: 'pass', expired: 'fail' });
    expect(verdicts(report, 'azure/local-auth-disabled')).toEqual({ local_auth_absent: 'fail', local_auth_false: 'pass' });
    expect(verdicts(report, 'azure/deployment-custom-content-filter')).toEqual({ 'local_auth_false/no_filter': 'fail', 'local_auth_false/gpt4o': 'pass' });
    // The inline suppression keeps the finding in the output as suppressed; the expired one no longer applies and is reported.
    expect(verdicts(report, 'aws/agent-cmk')).toMatchObject({ pass: 'suppressed', fail: 'fail' });
    expect(report.policy.expiredExceptions).toEqual([expect.objectContaining({ rule: 'aws/agent-guardrail', expires: '2020-01-01' })]);
    const weak = report.findings.find((finding) => finding.ruleId === 'aws/guardrail-prompt-attack' && finding.resource.id === 'weak');
    expect(weak?.source).toEqual({ file: 'fixtures/iac/acceptance/bedrock.cfn.yaml', line: 4, address: 'weak' });

    const sarifRun = await runCli(['iac', 'fixtures/iac/acceptance/bedrock.cfn.yaml', '--format', 'sarif']);
    const sarif = JSON.parse(sarifRun.stdout) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          suppressions?: unknown[];
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }>;
        }>;
      }>;
    };
    expect(sarifValidator()(sarif)).toBe(true);
    const result = sarif.runs[0]?.results.find((entry) => entry.ruleId === 'aws/guardrail-prompt-attack');
    expect(result?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'fixtures/iac/acceptance/bedrock.cfn.yaml' }, region: { startLine: 4 } });
    expect(sarif.runs[0]?.results.find((entry) => entry.ruleId === 'aws/agent-cmk' && entry.suppressions)?.suppressions).toHaveLength(1);
  });

  it('writes JUnit and Markdown', async () => {
    const junit = await runCli(['iac', PLAN, '--format', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toMatch(/<testsuite[^>]+name="aws\/guardrail-prompt-attack"/);
    const markdown = await runCli(['iac', PLAN, '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/aws\/guardrail-prompt-attack/);
  });
});
