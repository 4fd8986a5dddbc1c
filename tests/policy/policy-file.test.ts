import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/policy-file.ts';
import { InputError } from '../../src/errors.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';

const known = new Set(['aws/guardrail-cmk', 'aws/agent-guardrail']);
const providerIds = new Set(['aws', 'azure', 'gcp']);
const dir = mkdtempSync(join(tmpdir(), 'aiposture-policy-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('policy file', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('overrides the baseline, disables rules and sets severities and targets', async () => {
    const path = file(
      'good.yaml',
      [
        'baseline:',
        '  promptAttack: medium',
        '  requiredPiiTypes: [EMAIL]',
        'rules:',
        '  aws/guardrail-cmk: off',
        '  aws/agent-guardrail:',
        '    severity: critical',
        'targets:',
        '  aws: 3',
        '',
      ].join('\n'),
    );
    const policy = await loadPolicy(path, known, defaultBaseline, providerIds);
    expect(policy.baseline.promptAttack).toBe('medium');
    expect(policy.baseline.requiredPiiTypes).toEqual(['EMAIL']);
    expect(policy.baseline.harmCategories).toEqual(defaultBaseline.harmCategories);
    expect(policy.document.rules).toEqual({ 'aws/guardrail-cmk': { enabled: false }, 'aws/agent-guardrail': { severity: 'critical' } });
    expect(policy.document.targets.aws).toBe(3);
  });

  it('accepts JSON', async () => {
    const policy = await loadPolicy(file('good.json', '{"baseline": {"groundingThreshold": 0.8}}'), known, defaultBaseline, providerIds);
    expect(policy.baseline.groundingThreshold).toBe(0.8);
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['bad strength names the key and line', 'baseline:\n  promptAttack: extreme\n', /bad-0\.yaml:2: baseline\.promptAttack: /],
    ['unknown top-level key', 'version: 1\nbaselines: {}\n', /bad-1\.yaml:2: baselines: /],
    ['unknown baseline key', 'baseline:\n  harmCategory: high\n', /bad-2\.yaml:2: baseline\.harmCategory/],
    ['unknown rule id', 'rules:\n  aws/no-such-rule: off\n', /bad-3\.yaml:2: rules\.aws\/no-such-rule: unknown rule id/],
    ['broken YAML', 'baseline: [unclosed\n', /bad-4\.yaml:\d+: malformed YAML\/JSON/],
    ['bad severity', 'rules:\n  aws/guardrail-cmk:\n    severity: urgent\n', /bad-5\.yaml:3: rules\.aws\/guardrail-cmk\.severity/],
    [
      'bad attestation date',
      'attestations:\n  - criterion: L4.measured-review\n    statement: s\n    owner: o\n    date: yesterday\n    reference: r\n',
      /bad-6\.yaml:5: attestations\.0\.date: expected a date/,
    ],
    ['target for an unregistered provider', 'targets:\n  aws: 3\n  oci: 2\n', /bad-7\.yaml:3: targets\.oci: unknown provider \(known: aws, azure, gcp\)/],
  ];
  it.each(invalid.map(([name, content, pattern], index) => [name, content, pattern, index] as const))(
    'rejects %s with one line naming file, line and key',
    async (_name, content, pattern, index) => {
      const path = file(`bad-${index}.yaml`, content);
      const error = await loadPolicy(path, known, defaultBaseline, providerIds).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message).toMatch(pattern);
      expect(message).not.toContain('\n');
    },
  );

  it('names an unreadable file', async () => {
    await expect(loadPolicy(join(dir, 'missing.yaml'), known, defaultBaseline, providerIds)).rejects.toThrow(
      /missing\.yaml: cannot read policy file \(ENOENT\)/,
    );
  });
});
