/**
 * The terminal report stops repeating itself: the estate-wide L5.multi-cloud criterion once, long
 * evidence cut with a pointer to the full report, and `--summary` with levels and blockers only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxEvidenceLength, renderText, truncationNote } from '../../src/reporters/text.ts';
import { runMain } from '../e2e/in-process.ts';
import { exportReport, longEvidence } from './export-fixture.ts';

const platformName = (provider: string) => ({ aws: 'AWS Bedrock', azure: 'Azure OpenAI', gcp: 'GCP Vertex AI' })[provider] ?? provider;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('text report', () => {
  it('shows an estate-wide criterion shared by every platform once, after the platforms', () => {
    const text = renderText(exportReport(), { color: false, platformName });
    const lines = text.split('\n');
    expect(lines.filter((line) => line.includes('L5.multi-cloud'))).toHaveLength(1);
    const across = lines.indexOf('  Across the platforms in use');
    expect(across).toBeGreaterThan(lines.findIndex((line) => line.startsWith('  Azure OpenAI: Level 2')));
    expect(lines[across + 1]).toContain('L5.multi-cloud');
    // Each platform still lists its own criteria.
    expect(lines.filter((line) => line.includes('L3.coverage') && line.includes('unmet'))).toHaveLength(2);
  });

  it('keeps the criterion under each platform when the platforms report it differently', () => {
    const text = renderText(exportReport({ multiCloud: 'different' }), { color: false, platformName });
    expect(text).not.toContain('Across the platforms in use');
    expect(text).toContain('aws alone meets the baseline');
    expect(text).toContain('azure alone misses the baseline');
  });

  it('cuts long evidence with a pointer to the full report; short evidence is whole', () => {
    const text = renderText(exportReport(), { color: false, platformName });
    const multiCloud = text.split('\n').find((line) => line.includes('L5.multi-cloud')) as string;
    expect(longEvidence.length).toBeGreaterThan(maxEvidenceLength);
    expect(multiCloud).toContain(longEvidence.slice(0, 150));
    expect(multiCloud.endsWith(truncationNote)).toBe(true);
    const azure = text.split('\n').find((line) => line.includes('+cmd|calc')) as string;
    expect(azure).toContain(`${'x'.repeat(maxEvidenceLength)}${truncationNote}`);
    expect(azure).not.toContain('x'.repeat(maxEvidenceLength + 1));
    expect(text).toContain('    AccessDenied\n');
    expect(text).not.toMatch(rawControl);
  });

  it('--summary: levels and blockers, the failing counts by severity and the totals, nothing else', () => {
    const text = renderText(exportReport(), { color: false, platformName, summary: true });
    expect(text).toContain('  AWS Bedrock: Level 2 — Level 3 blocked by L3.coverage');
    expect(text).toContain('  GCP Vertex AI: not in use');
    expect(text).toContain('Failing findings: 4 (1 critical, 0 high, 2 medium, 1 low, 0 info)');
    expect(text).toContain('Could not be evaluated: 1; coverage problems: 1');
    expect(text).toContain('Summary: 1 pass, 4 fail, 1 unknown, 1 not applicable, 1 suppressed');
    expect(text).not.toContain('L2.controls');
    expect(text).not.toContain('Fix:');
    expect(text).not.toMatch(rawControl);
    expect(text.split('\n').length).toBeLessThan(15);
  });

  it('--summary names three scopes and counts the rest, and counts IaC files that could not be read', () => {
    const report = exportReport();
    report.scan.scopes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ provider: 'aws', type: 'iac', id: `${id}.yaml` }));
    report.iac = { files: [], skipped: [], errors: [{ file: 'broken.yaml', line: 3, problem: 'malformed YAML' }] };
    const text = renderText(report, { color: false, platformName, summary: true });
    expect(text.split('\n')[0]).toMatch(/scan of aws iac a\.yaml, aws iac b\.yaml, aws iac c\.yaml and 2 more$/);
    expect(text).toContain('IaC files that could not be read: 1 (--strict makes this exit 2)');
    expect(renderText(report, { color: false, platformName }).split('\n')[0]).toContain('aws iac e.yaml');
  });

  it('aiposture demo --summary is short; --summary with another format is refused before the scan', async () => {
    const full = await runMain(['demo', '--quiet']);
    const summary = await runMain(['demo', '--summary', '--quiet']);
    expect(summary.code).toBe(full.code);
    expect(summary.stdout.split('\n').length).toBeLessThan(15);
    expect(summary.stdout).toMatch(/AWS Bedrock: Level \d/);
    expect(full.stdout.split('\n').filter((line) => line.includes('L5.multi-cloud'))).toHaveLength(1);
    const refused = await runMain(['demo', '--summary', '--format', 'json', '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--summary: applies to --format text only');
    expect(refused.stdout).toBe('');
  }, 60_000);
});
