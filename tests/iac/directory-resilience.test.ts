/**
 * One odd file must not abort a directory scan (issue: "resilient directory scans"): an IaC file
 * of the walk that cannot be read is reported — `report.iac.errors`, a SARIF tool execution
 * notification, a line in the text output and on stderr — and the rest is judged; exit 2 only
 * when that file was named directly, or with `--strict`. Files that are not IaC are skipped with
 * the reason. Genkit `.prompt` front matter is read as a Vertex request config; a Bicep source
 * says which compiled template is read or which command makes one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/report/build.ts';
import { runMain } from '../e2e/in-process.ts';
import { sarifValidator } from '../reporters/sarif-validator.ts';

const dir = 'fixtures/iac/mixed-directory';
afterEach(() => vi.unstubAllEnvs());

describe('a directory with broken, foreign and unusual files', () => {
  it('reports the files it cannot read, judges the rest, exit 0', async () => {
    const run = await runMain(['iac', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.iac?.files.map((file) => [file.file, file.format])).toEqual([
      [`${dir}/app/support.prompt`, 'vertex-config'],
      [`${dir}/bicep/main.json`, 'arm'],
      [`${dir}/good-guardrails.yaml`, 'cloudformation'],
    ]);
    expect(report.iac?.errors?.map((error) => error.file)).toEqual([`${dir}/broken-template.yaml`, `${dir}/broken.tfplan.json`]);
    expect(report.iac?.errors?.[0]).toMatchObject({ line: expect.any(Number), problem: expect.stringMatching(/malformed JSON\/YAML/) });
    expect(report.iac?.errors?.[1]?.problem).toMatch(/unsupported Terraform plan format_version "2\.0"/);
    const skipped = new Map(report.iac?.skipped.map((entry) => [entry.file, entry.reason]));
    expect(skipped.get(`${dir}/chart/templates/deployment.yaml`)).toMatch(/^not a recognised IaC format/);
    expect(skipped.get(`${dir}/bicep/main.bicep`)).toMatch(/^Bicep source: its compiled ARM template main\.json is read instead/);
    expect(skipped.get(`${dir}/bicep/network.bicep`)).toMatch(/no compiled ARM template next to it: run `az bicep build --file .*network\.bicep`/);
    expect(run.stderr).toMatch(/broken\.tfplan\.json: unsupported Terraform plan format_version "2\.0".* \(not read; the other files were judged\)/);
    expect(report.findings.some((finding) => 'file' in finding.source && finding.source.file.endsWith('good-guardrails.yaml'))).toBe(true);
  });

  it('says so in text and SARIF (a tool execution notification, schema-valid)', async () => {
    const text = await runMain(['iac', dir]);
    expect(text.stdout).toMatch(/Could not read \(2\); the other files were judged\n {2}fixtures\/iac\/mixed-directory\/broken-template\.yaml:\d+: malformed/);
    const sarif = await runMain(['iac', dir, '--format', 'sarif']);
    const log = JSON.parse(sarif.stdout) as {
      runs: Array<{ invocations: Array<{ toolExecutionNotifications?: Array<{ level: string; message: { text: string } }> }> }>;
    };
    const notes = log.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((note) => note.level)).toEqual(['error', 'error']);
    expect(notes[1]?.message.text).toMatch(/broken\.tfplan\.json: unsupported/);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('--strict makes an incomplete walk exit 2, after writing the report', async () => {
    const run = await runMain(['iac', dir, '--strict', '--format', 'json']);
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as Report).iac?.errors).toHaveLength(2);
    expect(run.stderr).toMatch(/--strict: 2 IaC file\(s\) could not be read/);
  });

  it('a broken file named directly is still exit 2 with one line', async () => {
    const run = await runMain(['iac', `${dir}/broken.tfplan.json`]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^aiposture: fixtures\/iac\/mixed-directory\/broken\.tfplan\.json: unsupported Terraform plan/);
    const bicep = await runMain(['iac', `${dir}/bicep/network.bicep`]);
    expect(bicep.code).toBe(2);
    expect(bicep.stderr).toMatch(/network\.bicep: Bicep source, and no compiled ARM template next to it: run `az bicep build/);
  });

  it('reads a Genkit .prompt file front matter as a Vertex request config, with the file lines', async () => {
    const run = await runMain(['iac', `${dir}/app/support.prompt`, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const failing = report.findings.filter((finding) => finding.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    // `safetySettings:` is on line 5 of the file.
    expect(failing.every((finding) => 'file' in finding.source && finding.source.line === 5 && finding.source.address === 'config.safetySettings')).toBe(true);
  });
});
