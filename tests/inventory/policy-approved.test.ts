/**
 * The shadow-AI fields of the policy file (`baseline.approvedScopes`, `baseline.approvedModels`):
 * parsed, documented by `policy init` (its commented example, uncommented, is a valid policy), and
 * refused with one line naming file, line and key when wrong — before any scan starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/policy-file.ts';
import { policyTemplate } from '../../src/policy/template.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { main } from '../../src/main.ts';

const providers = new Set(['aws', 'azure', 'gcp']);
const dir = mkdtempSync(join(tmpdir(), 'aiposture-approved-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('approved scopes and models in the policy file', () => {
  it('are read into the baseline; absent, both are undefined (the rules are not applicable)', async () => {
    const policy = await loadPolicy(
      file(
        'ok.yaml',
        'baseline:\n  approvedScopes:\n    aws: ["111122223333"]\n    gcp: ["ai-prod-*"]\n  approvedModels: ["gpt-4o*", "anthropic.claude-3-5-*"]\n',
      ),
      new Set(),
      defaultBaseline,
      providers,
    );
    expect(policy.baseline.approvedScopes).toEqual({ aws: ['111122223333'], gcp: ['ai-prod-*'] });
    expect(policy.baseline.approvedModels).toEqual(['gpt-4o*', 'anthropic.claude-3-5-*']);
    expect(defaultBaseline.approvedScopes).toBeUndefined();
    expect(defaultBaseline.approvedModels).toBeUndefined();
  });

  it('the example in `policy init` is a valid policy once uncommented', async () => {
    const template = policyTemplate(defaultBaseline, [...providers], '2025-06-01');
    const uncommented = template.replace(/^ {2}# (approvedScopes:.*|approvedModels:.*| {2}(aws|azure|gcp):.*)$/gm, '  $1');
    expect(uncommented).not.toBe(template);
    const policy = await loadPolicy(file('template.yaml', uncommented), new Set(), defaultBaseline, providers);
    expect(Object.keys(policy.baseline.approvedScopes ?? {})).toEqual(['aws', 'azure', 'gcp']);
    expect(policy.baseline.approvedModels).toContain('gpt-4o*');
  });

  const invalid: Array<[string, string, RegExp]> = [
    [
      'an unknown provider',
      'baseline:\n  approvedScopes:\n    oracle: ["x"]\n',
      /bad-0\.yaml:3: baseline\.approvedScopes\.oracle: unknown provider \(known: aws, azure, gcp\)$/,
    ],
    ['a model list that is a string', 'baseline:\n  approvedModels: "gpt-4o"\n', /bad-1\.yaml:2: baseline\.approvedModels: /],
    ['an empty pattern', 'baseline:\n  approvedModels: ["gpt-4o", ""]\n', /bad-2\.yaml:2: baseline\.approvedModels\.1: /],
    ['scopes that are a list, not per provider', 'baseline:\n  approvedScopes: ["111122223333"]\n', /bad-3\.yaml:2: baseline\.approvedScopes: /],
  ];
  it.each(invalid.map(([name, content, pattern], index) => [name, content, pattern, index] as const))(
    'refuses %s with file:line: key',
    async (_name, content, pattern, index) => {
      await expect(loadPolicy(file(`bad-${index}.yaml`, content), new Set(), defaultBaseline, providers)).rejects.toThrow(pattern);
    },
  );

  it('a bad field fails the scan with exit 2 and one line, before anything is collected', async () => {
    let stdout = '';
    let stderr = '';
    const path = file('scan-bad.yaml', 'baseline:\n  approvedScopes:\n    oracle: ["x"]\n');
    const code = await main(['scan', '--provider', 'aws', '--policy', path, '--quiet'], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      isTty: false,
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`aiposture: ${path}:3: baseline.approvedScopes.oracle: unknown provider (known: aws, azure, gcp)\n`);
  });
});
