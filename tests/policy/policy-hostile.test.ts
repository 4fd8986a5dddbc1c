/** Policy files built to exhaust the parser, too large, or with dates that do not exist: one InputError naming the file. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/policy-file.ts';
import { InputError } from '../../src/errors.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';

const known = new Set(['aws/guardrail-cmk', 'aws/agent-guardrail']);
const providerIds = new Set(['aws', 'azure', 'gcp']);
const dir = mkdtempSync(join(tmpdir(), 'aiposture-policy-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function problem(path: string): Promise<string> {
  const error = await loadPolicy(path, known, defaultBaseline, providerIds).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  const message = (error as InputError).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

describe('policy file: hostile input', () => {
  it('rejects a YAML alias bomb (billion laughs), naming the file', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const path = file('bomb.yaml', `baseline:\n  requiredPiiTypes: [EMAIL]\nx:\n${levels.map((line) => `  ${line}`).join('\n')}\n`);
    const message = await problem(path);
    expect(message).toMatch(/^.*bomb\.yaml.*: .*alias/i);
  });

  it('rejects a policy file over 1 MB without parsing it', async () => {
    const path = file('huge.yaml', '');
    truncateSync(path, 1024 * 1024 + 1);
    expect(await problem(path)).toMatch(/huge\.yaml: larger than the 1 MB limit for policy files/);
  });

  it.for([
    ['exceptions.0.expires', 'exceptions:\n  - rule: aws/guardrail-cmk\n    resource: "*"\n    reason: sandbox\n    expires: 2026-02-30\n', 5],
    ['attestations.0.date', 'attestations:\n  - criterion: L4.measured-review\n    statement: s\n    owner: o\n    reference: r\n    date: "2025-13-01"\n', 6],
  ] as const)('rejects the impossible date in %s with the key and line', async ([key, content, line]) => {
    const message = await problem(file(`${key}.yaml`, content));
    expect(message).toContain(`.yaml:${line}: ${key}: `);
    expect(message).toMatch(/not a real date|calendar/);
  });

  it('still accepts real dates, including 29 February of a leap year', async () => {
    const policy = await loadPolicy(
      file('leap.yaml', 'exceptions:\n  - rule: aws/guardrail-cmk\n    resource: "*"\n    reason: sandbox\n    expires: 2028-02-29\n'),
      known,
      defaultBaseline,
      providerIds,
    );
    expect(policy.document.exceptions[0]?.expires).toBe('2028-02-29');
  });
});
