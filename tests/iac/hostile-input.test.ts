/**
 * `aiposture iac` on input that is not IaC, not a regular file, or built to exhaust the reader:
 * exit 2 with one stderr line naming the file (when named directly), or a `skipped` entry (when
 * found in a walk); never a hang, a stack trace or exit 3.
 */
import { execFileSync } from 'node:child_process';
import { constants, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runMain } from '../e2e/in-process.ts';
import { readIac } from '../../src/iac/index.ts';
import { IacInputError, type IacReader } from '../../src/iac/reader.ts';
import { InputError } from '../../src/errors.ts';
import type { Resource } from '../../src/model/inventory.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-iac-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;
function freshDir(name: string): string {
  const dir = join(work, `${name}-${++counter}`);
  mkdirSync(dir);
  return dir;
}

/** A small valid plan with one Bedrock guardrail, so a run that reads it has something to judge. */
const plan = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.9.8',
  planned_values: {
    root_module: {
      resources: [{ address: 'aws_bedrock_guardrail.g', mode: 'managed', type: 'aws_bedrock_guardrail', name: 'g', values: { name: 'g' } }],
    },
  },
});

interface Report {
  iac: {
    files: Array<{ file: string; format: string }>;
    skipped: Array<{ file: string; reason: string }>;
    warnings?: string[];
    errors?: Array<{ file: string; line?: number; problem: string }>;
  };
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

/**
 * Opens the FIFO for writing after `ms` and closes it at once, so a reader blocked on it (the bug)
 * sees end-of-file instead of hanging the worker forever. Returns the cancel function.
 */
function unblockFifoAfter(path: string, ms: number): () => void {
  const timer = setTimeout(() => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody is reading it: nothing to unblock
    }
  }, ms);
  return () => clearTimeout(timer);
}

describe('iac: files that are not IaC', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const notIac: Array<[string, string | Buffer, RegExp]> = [
    ['empty.json', '', /empty file/],
    ['binary.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00]), /binary|not UTF-8/],
    ['object.json', '{}', /not a recognised IaC format/],
    [
      'terraform-error.json',
      'Error: Reference to undeclared resource\n\n  on main.tf line 3, in resource "aws_bedrock_guardrail" "g":\n',
      /not a recognised IaC format/,
    ],
  ];

  it.for(notIac)('exits 2 naming %s when it is named directly', async ([name, content, problem]) => {
    const file = join(freshDir('named'), name);
    writeFileSync(file, content);
    const run = await runMain(['iac', file]);
    expect(run.code).toBe(2);
    const line = oneLine(run.stderr);
    expect(line).toContain(name);
    expect(line).toMatch(problem);
  });

  it('still lists such files as skipped when they are found in a walk', async () => {
    const dir = freshDir('walked');
    for (const [name, content] of notIac) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, 'plan.json'), plan);
    const run = await runMain(['iac', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.iac.files.map((entry) => entry.file.split('/').pop())).toEqual(['plan.json']);
    expect(report.iac.skipped.map((entry) => entry.file.split('/').pop()).sort()).toEqual(notIac.map(([name]) => name).sort());
  });

  it('exits 2 naming a Terraform plan that errored ("errored": true) when named, or walked with --strict; reports it in a plain walk', async () => {
    const dir = freshDir('errored');
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', errored: true, resource_changes: [] }));
    const named = await runMain(['iac', file]);
    expect(named.code).toBe(2);
    expect(oneLine(named.stderr)).toMatch(/plan\.json: .*errored/);
    const walked = await runMain(['iac', dir, '--format', 'json']);
    expect(walked.code).toBe(0);
    expect((JSON.parse(walked.stdout) as Report).iac?.errors?.[0]?.problem).toMatch(/errored/);
    // Nothing else in the directory was read: a gate set on it trips (nothing was checked).
    expect((await runMain(['iac', dir, '--fail-on', 'high'])).code).toBe(1);
    expect((await runMain(['iac', dir, '--strict'])).code).toBe(2);
  });

  it('says so on stderr and in the report when it read no IaC at all', async () => {
    const dir = freshDir('nothing');
    writeFileSync(join(dir, 'notes.json'), '{"hello": "world"}');
    const run = await runMain(['iac', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^aiposture: no IaC file was read/m);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.iac.files).toEqual([]);
    expect(report.iac.warnings?.[0]).toMatch(/no IaC file was read/);
  });

  // Pending: the gate is decided in src/main.ts / src/scan.ts (gateTripped), outside the IaC
  // module. The report now carries `iac.warnings`; once the gate looks at it, drop `.fails`.
  it('fails the gate (exit 1) with --fail-on when it read no IaC at all', async () => {
    const dir = freshDir('nothing-gated');
    writeFileSync(join(dir, 'notes.json'), '{"hello": "world"}');
    const run = await runMain(['iac', dir, '--fail-on', 'high']);
    expect(run.code).toBe(1);
  });

  it('follows symlinked directories once, with loop protection', async () => {
    const dir = freshDir('symlinked');
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'plan.json'), plan);
    const top = freshDir('top');
    symlinkSync(join(dir, 'real'), join(top, 'modules'));
    symlinkSync(top, join(top, 'loop'));
    symlinkSync(join(dir, 'nowhere'), join(top, 'broken.json'));
    const run = await runMain(['iac', top, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.iac.files.map((entry) => entry.file.split('/').slice(-2).join('/'))).toEqual(['modules/plan.json']);
    const skipped = Object.fromEntries(report.iac.skipped.map((entry) => [entry.file.split('/').pop(), entry.reason]));
    expect(skipped.loop).toMatch(/already (read|walked)/);
    expect(skipped['broken.json']).toMatch(/broken symbolic link/);
  });
});

describe('iac: files that are not regular files', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('exits 2 for a FIFO named directly, instead of hanging', async () => {
    const fifo = join(freshDir('fifo-named'), 'plan.json');
    execFileSync('mkfifo', [fifo]);
    const cancel = unblockFifoAfter(fifo, 2000);
    try {
      const run = await runMain(['iac', fifo]);
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/plan\.json: not a regular file \(FIFO\)/);
    } finally {
      cancel();
    }
  });

  it('skips a FIFO found in a walk, instead of hanging', async () => {
    const dir = freshDir('fifo-walked');
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    writeFileSync(join(dir, 'plan.json'), plan);
    const cancel = unblockFifoAfter(join(dir, 'pipe.json'), 2000);
    try {
      const run = await runMain(['iac', dir, '--format', 'json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.iac.files).toHaveLength(1);
      expect(report.iac.skipped).toEqual([expect.objectContaining({ reason: 'not a regular file (FIFO)' })]);
    } finally {
      cancel();
    }
  });
});

describe('iac: input built to exhaust the reader', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('exits 2 naming a plan nested 100,000 levels deep', async () => {
    const file = join(freshDir('deep'), 'deep.json');
    const depth = 100_000;
    writeFileSync(
      file,
      `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_bedrock_guardrail.g","type":"aws_bedrock_guardrail","name":"g","values":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}]}}}`,
    );
    const run = await runMain(['iac', file]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/deep\.json: .*nested deeper than 256 levels/);
  });

  it('exits 2 naming a YAML file nested too deeply for the parser', async () => {
    const file = join(freshDir('deep-yaml'), 'deep.yaml');
    // The YAML parser recurses per flow level and overflows the stack after ~800 of them.
    writeFileSync(file, `Resources: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const run = await runMain(['iac', file]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/deep\.yaml(:\d+)?: nested deeper than 256 levels/);
  });

  it('exits 2 naming a file over the size limit without reading it (named), lists it as skipped (walked)', async () => {
    const dir = freshDir('large');
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 50 * 1024 * 1024 + 1); // sparse: no 50 MB written
    const named = await runMain(['iac', file]);
    expect(named.code).toBe(2);
    expect(oneLine(named.stderr)).toMatch(/huge\.json: larger than the 50 MB limit for IaC files/);
    writeFileSync(join(dir, 'plan.json'), plan);
    const walked = await runMain(['iac', dir, '--format', 'json']);
    expect(walked.code).toBe(0);
    expect((JSON.parse(walked.stdout) as Report).iac.skipped).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/huge\.json$/), reason: expect.stringMatching(/50 MB limit/) }),
    ]);
  });

  it('exits 2 naming a file with 300k resources (more than one run reports on), without overflowing the stack', async () => {
    const count = 300_000; // spreading these into push() overflowed the stack (exit 3, no file name)
    const resource = { provider: 'gcp', type: 'gcp.vertex-safety-settings', id: 'x' } as unknown as Resource;
    const reader: IacReader = {
      format: 'vertex-config',
      recognise: () => true,
      read: () => ({ resources: Array.from({ length: count }, () => resource), suppressions: [] }),
    };
    const file = join(freshDir('many'), 'many.json');
    writeFileSync(file, '{"many": true}');
    await expect(readIac([file], [reader], work)).rejects.toThrow(/many\.json: 300000 AI resources: more than the 10000 one run reports on/);
    // The CLI maps it to exit 2 with that one line.
    expect(new IacInputError('many.json', 'x')).toBeInstanceOf(InputError);
  });

  it('skips a file whose name is not UTF-8 and reads the rest', async () => {
    const dir = freshDir('names');
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.json')]), plan);
    writeFileSync(join(dir, 'plan.json'), plan);
    const run = await runMain(['iac', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.iac.files.map((entry) => entry.file.split('/').pop())).toEqual(['plan.json']);
    expect(report.iac.skipped).toEqual([
      { file: expect.stringMatching(/bad-\\xff\\xfe\.json$/) as unknown as string, reason: expect.stringMatching(/not valid UTF-8/) as unknown as string },
    ]);
  });
});
