/**
 * The bundled demo estate through the real CLI and the real SDK clients against the fake cloud:
 * the JSON report carries the three providers' inventory and effectiveness and validates against
 * the report's JSON Schema; `--format cyclonedx` is a valid CycloneDX 1.6 ML-BOM of that
 * inventory; a policy with approved scopes and models turns shadow AI into findings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runMain } from '../e2e/in-process.ts';
import { registry } from '../../src/providers.ts';
import { reportSchema } from '../../src/report/schema.ts';
import type { Report } from '../../src/report/build.ts';
import { cycloneDx16Validator } from './cyclonedx-validator.ts';

afterEach(() => vi.unstubAllEnvs());
const dir = mkdtempSync(join(tmpdir(), 'aiposture-demo-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo estate: inventory, effectiveness, ML-BOM and shadow AI', () => {
  it('the JSON report has both sections for every provider, and validates against the schema', async () => {
    const policy = join(dir, 'policy.yaml');
    // Approve the AWS account and the GCP project, not the Azure subscription; allow Claude 3.5 and GPT-4o only.
    writeFileSync(
      policy,
      'baseline:\n  approvedScopes:\n    aws: ["111122223333"]\n    azure: []\n    gcp: ["ai-prod-*"]\n  approvedModels: ["anthropic.claude-3-5-*", "gpt-4o*"]\n',
    );
    const { code, stdout } = await runMain(['demo', '--format', 'json', '--quiet', '--metrics-window', '7d', '--policy', policy]);
    expect([0, 1]).toContain(code);
    const report = JSON.parse(stdout) as Report;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(reportSchema(registry.providers.map((provider) => provider.id)));
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(new Set(report.inventory?.map((asset) => asset.provider))).toEqual(new Set(['aws', 'azure', 'gcp']));
    expect(report.effectiveness?.map((platform) => platform.provider).sort()).toEqual(['aws', 'azure', 'gcp']);
    for (const platform of report.effectiveness ?? []) expect(Date.parse(platform.window.to) - Date.parse(platform.window.from)).toBe(7 * 86_400_000);
    const verdicts = (ruleId: string) =>
      report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.provider} ${finding.status} ${finding.reason}`);
    expect(verdicts('multi/approved-scopes').sort()).toEqual(['aws pass scope-approved', 'azure fail scope-not-approved', 'gcp pass scope-approved']);
    const models = verdicts('multi/approved-models');
    expect(models).toContain('azure fail model-not-approved'); // text-embedding-3-large, gpt-4o-mini
    expect(models).toContain('aws pass model-approved'); // claude-3-5-sonnet
    expect(models).toContain('aws fail model-not-approved'); // claude-3-haiku, titan
  });

  it('--format cyclonedx: a valid CycloneDX 1.6 ML-BOM with one component per inventory asset', async () => {
    const { stdout } = await runMain(['demo', '--format', 'cyclonedx', '--quiet']);
    const bom = JSON.parse(stdout) as { components: Array<{ type: string; supplier: { name: string } }> };
    expect(cycloneDx16Validator()(bom)).toBeNull();
    expect(bom.components.length).toBeGreaterThan(10);
    expect(new Set(bom.components.map((component) => component.type))).toEqual(new Set(['machine-learning-model', 'application', 'data']));
    expect(new Set(bom.components.map((component) => component.supplier.name))).toEqual(
      new Set(['AWS Bedrock', 'Azure OpenAI / AI Services', 'GCP Vertex AI']),
    );
  });
});
