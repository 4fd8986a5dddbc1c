/** `--max-duration`: a wall-clock budget for the collection; what was not reached is unknown and the report is still written. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { runMain } from './in-process.ts';
import { estatePath } from './helpers.ts';
import type { Report } from '../../src/report/build.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-max-duration-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('--max-duration', () => {
  it('ends a scan stuck on a server that never answers, with the unreached reads unknown and the report written', async () => {
    const estate = parse(readFileSync(estatePath('aws-level3.yaml'), 'utf8')) as { aws: { faults?: unknown[] } };
    estate.aws.faults = [{ service: 'bedrock', operation: 'ListGuardrails', hang: true }];
    const file = join(work, 'hanging.yaml');
    writeFileSync(file, stringify(estate));
    const started = Date.now();
    // The budget counts from the flag, before the SDKs load: 5 s leaves a loaded Node 22 runner time
    // to read the identity (at 2 s it once reached nothing and aborted), while ListGuardrails hangs for good.
    const run = await runMain(['demo', '--estate', file, '--max-duration', '5s', '--timeout', '60s', '--format', 'json', '--quiet']);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect([0, 1]).toContain(run.code);
    const report = JSON.parse(run.stdout) as Report;
    const unreached = report.coverage.filter((entry) => entry.collector.includes('ListGuardrails'));
    expect(unreached.length).toBeGreaterThan(0);
    expect(unreached.every((entry) => entry.status === 'error' && /not reached \(--max-duration\)/.test(entry.message ?? ''))).toBe(true);
    const guardrailVerdicts = report.findings.filter((finding) => finding.ruleId === 'aws/guardrail-content-filters');
    expect(guardrailVerdicts.length).toBeGreaterThan(0);
    expect(guardrailVerdicts.every((finding) => finding.status === 'unknown')).toBe(true);
  });

  it('refuses a duration it cannot read', async () => {
    const run = await runMain(['scan', '--max-duration', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aiposture: --max-duration: expected a duration such as 90s, 10m or 1h, got "soon"\n');
  });
});
