/**
 * Behaviour lock for refactoring: the JSON report of `demo` on every bundled estate and of `iac`
 * on every IaC fixture, compared with the reports saved in `tests/golden/reports/` apart from
 * timestamps and the `reason` codes. A deliberate verdict change updates the saved reports in
 * the same commit (`UPDATE_GOLDEN=1 npx vitest run tests/golden`), so the diff shows it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type ExpectStatic } from 'vitest';
import { main } from '../../src/main.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const savedDir = fileURLToPath(new URL('./reports/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Lists whose order follows concurrent collection, not the estate. */
const unordered = new Set(['coverage', 'findings', 'scopes']);

/**
 * Drops what legitimately differs between runs (timestamps) or was added on purpose (reason
 * codes), and sorts the lists whose order depends on which concurrent read finished first.
 */
function normalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item));
    return unordered.has(key) ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (name === 'startedAt' || name === 'finishedAt' || name === 'reason') continue;
      // A metrics window ends when the scan ran: its length is the behaviour, not its dates.
      if (name === 'window' && inner && typeof inner === 'object' && 'from' in inner && 'to' in inner) {
        out[name] = { days: (Date.parse(String(inner.to)) - Date.parse(String(inner.from))) / 86_400_000 };
        continue;
      }
      out[name] = normalise(inner, name);
    }
    return out;
  }
  return value;
}

async function run(argv: string[]): Promise<{ code: number; report: unknown; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, report: stdout ? normalise(JSON.parse(stdout)) : null, stderr: stderr.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT') };
}

function compare(expect: ExpectStatic, name: string, actual: unknown): void {
  const file = join(savedDir, `${name}.json`);
  if (update || !existsSync(file)) {
    mkdirSync(savedDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
    return;
  }
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

const estates = readdirSync(join(root, 'fixtures/estates')).filter((file) => file.endsWith('.yaml'));
const iacFiles = walk(join(root, 'fixtures/iac')).map((file) => relative(root, file));

// Concurrent: each case starts its own fake cloud on its own port, and most of a demo scan is
// waiting on loopback I/O and the scheduler's back-off.
describe.concurrent('behaviour is unchanged', () => {
  it.for(estates)('demo --estate %s', async (estate, { expect }) => {
    compare(expect, `estate-${estate.replace(/\.yaml$/, '')}`, await run(['demo', '--estate', join(root, 'fixtures/estates', estate), '--format', 'json']));
  });
  it.for(iacFiles)('iac %s', async (file, { expect }) => {
    const result = await run(['iac', join(root, file), '--format', 'json']);
    compare(expect, `iac-${file.replace(/^fixtures\/iac\//, '').replace(/[/.]/g, '_')}`, result);
  });
  it('iac on the whole fixture tree', async ({ expect }) => {
    compare(expect, 'iac-all', await run(['iac', join(root, 'fixtures/iac'), '--format', 'json']));
  });
});
