/**
 * An unreadable subdirectory met during a walk is listed as skipped, and a directory named
 * directly that cannot be listed is exit 2 naming it. Permission bits do not stop root (the
 * test may run as root in a container), so `readdir` fails on request here for any directory
 * whose name ends in `-unreadable`, as it would with EACCES.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const readdir = (async (path: Parameters<typeof actual.readdir>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('-unreadable')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
    return (actual.readdir as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof actual.readdir;
  return { ...actual, readdir, default: { ...actual, readdir } };
});

const { runMain } = await import('../e2e/in-process.ts');

const work = mkdtempSync(join(tmpdir(), 'aiposture-iac-unreadable-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const plan = JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [] } } });

describe('iac: unreadable directories', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lists an unreadable subdirectory as skipped and reads the rest', async () => {
    const dir = join(work, 'walk');
    mkdirSync(join(dir, 'secret-unreadable'), { recursive: true });
    writeFileSync(join(dir, 'plan.json'), plan);
    const run = await runMain(['iac', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { iac: { files: unknown[]; skipped: Array<{ file: string; reason: string }> } };
    expect(report.iac.files).toHaveLength(1);
    expect(report.iac.skipped).toEqual([{ file: expect.stringMatching(/secret-unreadable$/) as unknown as string, reason: 'cannot read directory (EACCES)' }]);
  });

  it('exits 2 naming a directory given directly that cannot be listed', async () => {
    const dir = join(work, 'named-unreadable');
    mkdirSync(dir);
    const run = await runMain(['iac', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/named-unreadable: cannot read directory \(EACCES\)/);
  });
});
