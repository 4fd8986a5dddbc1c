import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runMain } from '../e2e/in-process.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-iac-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('aiposture iac', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lists files it cannot read as IaC as skipped, and reads the rest (Terraform HCL included)', async () => {
    const dir = join(work, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.json'), '{"hello": "world"}');
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_bedrockagent_agent" "a" {}');
    const run = await runMain(['iac', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      scan: { mode: string };
      maturity: unknown;
      iac: { files: Array<{ file: string; format: string }>; skipped: Array<{ file: string; reason: string }> };
    };
    expect(report.scan.mode).toBe('iac');
    expect(report.maturity).toBeNull();
    expect(report.iac.skipped.map((entry) => entry.file.split('/').pop())).toEqual(['notes.json']);
    expect(report.iac.files.map((entry) => [entry.file.split('/').pop(), entry.format])).toEqual([['main.tf', 'terraform-hcl']]);
  });

  it('reads Terraform HCL root modules, with --var-file applied after the automatic variable files', async () => {
    const statuses = (stdout: string) =>
      (JSON.parse(stdout) as { findings: Array<{ fingerprint: string; status: string }> }).findings
        .map((finding) => `${finding.fingerprint} ${finding.status}`)
        .sort();
    const plain = await runMain(['iac', 'fixtures/iac/terraform-hcl', '--format', 'json']);
    const strict = await runMain(['iac', 'fixtures/iac/terraform-hcl', '--format', 'json', '--var-file', 'fixtures/iac/terraform-hcl/strict.tfvars']);
    expect(plain.code).toBe(0);
    expect(strict.code).toBe(0);
    expect(statuses(strict.stdout)).not.toEqual(statuses(plain.stdout));
    const named = await runMain(['iac', 'fixtures/iac/terraform-hcl/strict.tfvars']);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/strict\.tfvars: .*--var-file/);
  });

  it('exits 2 with one line naming the file for broken JSON', async () => {
    const file = join(work, 'broken.json');
    writeFileSync(file, '{"Resources": {');
    const run = await runMain(['iac', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aiposture: .*broken\.json.*: malformed JSON\/YAML/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the file for a plan of an unsupported format version', async () => {
    const run = await runMain(['iac', 'fixtures/iac/terraform/unsupported-version.tfplan.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aiposture: fixtures\/iac\/terraform\/unsupported-version\.tfplan\.json: unsupported Terraform plan format_version "2\.0"/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for an unreadable path', async () => {
    const run = await runMain(['iac', join(work, 'missing.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.yaml: cannot read path \(ENOENT\)/);
  });
});
