/**
 * `--output FILE`: written atomically through an exclusive temporary file with a random name,
 * keeping the mode of the file it replaces; devices and FIFOs are written in place, never replaced;
 * a symbolic link is written through to its target (the link stays).
 */
import { execFileSync } from 'node:child_process';
import {
  constants,
  chmodSync,
  closeSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runMain } from './in-process.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-output-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fixture = 'fixtures/iac/cloudformation/bedrock-agent-encrypted-pass.yaml';
let counter = 0;
const path = (name: string) => join(work, `${++counter}-${name}`);

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0] as string;
}

describe('--output', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses an empty file name instead of writing to stdout', async () => {
    const run = await runMain(['iac', fixture, '--output', '']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(/--output/);
  });

  it('keeps the mode of the file it replaces', async () => {
    const file = path('report.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    const run = await runMain(['iac', fixture, '--format', 'json', '--output', file]);
    expect(run.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 1 });
  });

  it('never writes through a predictable temporary name (a planted symlink there is left alone)', async () => {
    const file = path('report.txt');
    const victim = path('victim.txt');
    writeFileSync(victim, 'precious');
    // The name the old implementation used: FILE.<pid>.tmp (in-process, pid is this process's).
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    const run = await runMain(['iac', fixture, '--output', file]);
    expect(run.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(file, 'utf8')).toContain('aiposture');
    expect(lstatSync(`${file}.${process.pid}.tmp`).isSymbolicLink()).toBe(true);
  });

  it('leaves no temporary file behind', async () => {
    const file = path('clean.txt');
    const run = await runMain(['iac', fixture, '--output', file]);
    expect(run.code).toBe(0);
    expect(readdirSync(work).filter((name) => name.includes('clean.txt') && name !== `${counter}-clean.txt`)).toEqual([]);
  });

  it('writes through a symbolic link to its target and keeps the link', async () => {
    const target = path('target.txt');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    const link = path('link.txt');
    symlinkSync(target, link);
    const run = await runMain(['iac', fixture, '--output', link]);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toContain('aiposture');
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('writes to a FIFO in place instead of replacing it', async () => {
    const fifo = path('pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const run = await runMain(['iac', fixture, '--output', fifo]);
      expect(run.code).toBe(0);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      const buffer = Buffer.alloc(65536);
      const length = readSync(reader, buffer);
      expect(buffer.subarray(0, length).toString('utf8')).toContain('aiposture');
    } finally {
      closeSync(reader);
    }
  });

  it('writes to a character device in place (through a link to /dev/null), never replacing it', async () => {
    const link = path('null');
    symlinkSync('/dev/null', link);
    const run = await runMain(['iac', fixture, '--output', link]);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('reports a write error on a full device (/dev/full) as one line, exit 2', async () => {
    const link = path('full');
    symlinkSync('/dev/full', link);
    const run = await runMain(['iac', fixture, '--output', link]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/full: cannot write output \(ENOSPC\)/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses a directory and a dangling symbolic link with one line', async () => {
    const dangling = path('dangling.txt');
    symlinkSync(join(work, 'missing', 'x'), dangling);
    for (const target of [work, dangling]) {
      const run = await runMain(['iac', fixture, '--output', target]);
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toContain('cannot write output');
    }
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
  });
});
