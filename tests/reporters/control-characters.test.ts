/**
 * Names and messages read from the cloud or from IaC files may carry terminal escapes and line
 * breaks. Every human-readable format shows them escaped (`\x1b`, `\n`), so they can neither
 * drive the terminal nor forge report lines; so does the one-line stderr error.
 */
import { withFingerprints } from '../../src/report/fingerprint.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/report/build.ts';
import type { Finding } from '../../src/engine/evaluate.ts';
import { summarise } from '../../src/report/build.ts';
import { renderText } from '../../src/reporters/text.ts';
import { renderMarkdown } from '../../src/reporters/markdown.ts';
import { renderJunit } from '../../src/reporters/junit.ts';
import { neutralise } from '../../src/reporters/safe-text.ts';
import { runMain } from '../e2e/in-process.ts';

const clear = '\u001b[2J\u001b[H';
const forged = '\nSummary: 99 pass, 0 fail, 0 unknown, 0 not applicable, 0 suppressed';
const hostile = `evil${clear}\u009b31m\u007f\r${forged}`;

/** Control characters (C0 other than tab in markdown/XML text, DEL, C1) that may not appear raw. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const findings: Finding[] = [
  {
    id: '1111111111111111',
    ruleId: 'aws/agent-cmk',
    title: 'Agent CMK',
    severity: 'high',
    status: 'fail',
    reason: 'no-cmk',
    provider: 'aws',
    scope: { type: 'iac', id: `templates/${hostile}.yaml` },
    region: null,
    resource: { id: `Agent${hostile}`, type: 'aws.bedrock.agent', name: `Agent${hostile}` },
    message: `agent has no CMK ${hostile}`,
    remediation: 'Set CustomerEncryptionKeyArn.',
    references: [],
    source: { file: `templates/${hostile}.yaml`, line: 3, address: `Agent${hostile}` },
    criteria: [],
  },
  {
    id: '2222222222222222',
    ruleId: 'aws/agent-guardrail',
    title: 'Agent guardrail',
    severity: 'high',
    status: 'unknown',
    reason: 'unreadable',
    provider: 'aws',
    scope: { type: 'iac', id: 'x' },
    region: null,
    resource: { id: `Unknown${hostile}`, type: 'aws.bedrock.agent' },
    message: `cannot tell ${hostile}`,
    remediation: 'r',
    references: [],
    source: { file: 'x.yaml' },
    criteria: [],
  },
];

const report: Report = {
  schemaVersion: 1,
  tool: { name: 'aiposture', version: '0.1.0' },
  scan: { mode: 'iac', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:01:00.000Z', providers: ['aws'], scopes: [] },
  maturity: null,
  findings: withFingerprints(findings, new Set()),
  coverage: [],
  summary: summarise(findings),
  policy: { file: null, expiredExceptions: [{ rule: 'aws/agent-cmk', resource: `r${hostile}`, reason: `because${hostile}`, expires: '2020-01-01' }] },
  iac: {
    files: [{ file: `templates/${hostile}.yaml`, format: 'cloudformation' }],
    skipped: [{ file: `notes${hostile}.json`, reason: 'not a recognised IaC format' }],
  },
};

describe('neutralise', () => {
  it('shows C0, DEL and C1 controls escaped and leaves other text alone', () => {
    expect(neutralise('a\u001b[2Jb\nc\td\r\u0000\u007f\u009b é ✔ 🟥')).toBe('a\\x1b[2Jb\\nc\\td\\r\\x00\\x7f\\x9b é ✔ 🟥');
  });
});

describe('control characters in reports', () => {
  it('text: no raw control character, no forged line', () => {
    const text = renderText(report, { color: false });
    expect(text).not.toMatch(rawControl);
    expect(text).not.toContain('\r');
    expect(text.split('\n').filter((line) => line.startsWith('Summary:'))).toHaveLength(1);
    expect(text).toContain('\\x1b[2J');
    expect(text).toContain('\\nSummary: 99 pass');
  });

  it('text with colour: the only escapes are the reporter’s own styles', () => {
    const text = renderText(report, { color: true });
    // Every ESC starts an SGR sequence (ESC [ digits m) the reporter wrote itself.
    // eslint-disable-next-line no-control-regex -- the reporter's own SGR sequences
    expect(text.replace(/\u001b\[\d+(;\d+)*m/g, '')).not.toMatch(rawControl);
  });

  it('markdown: no raw control character', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(rawControl);
    expect(markdown).not.toContain('\r');
    expect(markdown).toContain('\\\\x1b');
  });

  it('junit: XML-invalid characters shown escaped, identifiers on one line', () => {
    const xml = renderJunit(report);
    expect(xml).not.toMatch(rawControl);
    expect(xml).toContain('\\x1b[2J');
    const name = /<testcase [^>]*name="([^"]*)"/.exec(xml)?.[1] ?? '';
    expect(name).not.toMatch(/&#10;|&#13;/);
  });
});

describe('control characters in the one-line stderr error', () => {
  const work = mkdtempSync(join(tmpdir(), 'aiposture-control-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names a hostile file with its control characters escaped, on one line', async () => {
    const file = join(work, `x${clear}${forged}.json`);
    writeFileSync(file, '{"Resources": {');
    const run = await runMain(['iac', file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).not.toMatch(rawControl);
    expect(run.stderr).toContain('x\\x1b[2J\\x1b[H\\nSummary: 99 pass');
  });
});
