/**
 * A very large organisation spread over runners: `scan --shard I/N` on each, `aiposture merge`
 * afterwards. The merged report must be the report one scan of the whole organisation gives —
 * the same findings, levels and per-scope roll-up — and merge must refuse what cannot be joined.
 * Through the CLI in-process, against the fake cloud's AWS Organization.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEstate, startFakeCloud } from '../../fakecloud/server.ts';
import { registry } from '../../src/providers.ts';
import type { Report } from '../../src/report/build.ts';
import { reportSchema } from '../../src/report/schema.ts';
import { estatePath } from './helpers.ts';
import { runMain } from './in-process.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-shards-'));
const env = { AWS_ACCESS_KEY_ID: 'AKIDTESTLOOPBACK', AWS_SECRET_ACCESS_KEY: 'loopback-secret', AWS_REGION: 'us-east-1' };
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(reportSchema(registry.providers.map((provider) => provider.id)));

let cloud: Awaited<ReturnType<typeof startFakeCloud>>;
let externalId: string;
beforeAll(async () => {
  const estate = await loadEstate(estatePath('aws-org.yaml'));
  externalId = String(estate.organization?.accounts?.find((account) => account.role?.externalId)?.role?.externalId ?? '');
  cloud = await startFakeCloud({ aws: estate });
});
afterAll(async () => {
  await cloud.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

async function scanOrg(extra: string[]): Promise<{ code: number; report: Report; file: string }> {
  const file = join(work, `report-${extra.join('_').replace(/[^\w.-]/g, '-')}.json`);
  const run = await runMain(
    [
      'scan',
      '--provider',
      'aws',
      '--org',
      '--assume-role',
      'AiPostureReadOnly',
      '--external-id',
      externalId,
      '--aws-endpoint',
      cloud.url,
      '--format',
      'json',
      '--output',
      file,
      '--quiet',
      ...extra,
    ],
    env,
  );
  expect(run.stderr).toBe('');
  const { readFileSync } = await import('node:fs');
  return { code: run.code, report: JSON.parse(readFileSync(file, 'utf8')) as Report, file };
}

/** What must not depend on sharding: each finding's status, the levels, the roll-up. */
const essence = (report: Report) => ({
  findings: report.findings.map((finding) => `${finding.fingerprint} ${finding.status}`).sort(),
  levels: report.maturity?.platforms.map((platform) => [platform.provider, platform.inUse, platform.level]),
  overall: report.maturity?.overall.level,
  scopes: [...(report.scopes ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
  coverage: report.coverage.map((entry) => `${entry.scope.id} ${entry.region} ${entry.collector} ${entry.status}`).sort(),
});

describe('scan --shard and merge', () => {
  it('merging the shards gives the report of one scan of the whole organisation', async () => {
    const whole = await scanOrg([]);
    const first = await scanOrg(['--shard', '1/2']);
    const second = await scanOrg(['--shard', '2/2']);
    expect(first.report.shard).toMatchObject({ index: 1, count: 2 });
    expect(validate(first.report), JSON.stringify(validate.errors)).toBe(true);
    // Every member account lands in exactly one shard (the caller's own account is read by whichever holds it).
    const members = (report: Report) => new Set(report.scan.scopes.map((scope) => scope.id));
    const overlap = [...members(first.report)].filter((id) => members(second.report).has(id));
    expect(overlap).toEqual([]);

    const merged = await runMain(['merge', first.file, second.file, '--format', 'json'], env);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(whole.code);
    const report = JSON.parse(merged.stdout) as Report;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.merge).toEqual({ shards: 2, of: 2, missing: [] });
    expect(essence(report)).toEqual(essence(whole.report));
    expect(report.scan.startedAt <= report.scan.finishedAt).toBe(true);

    const text = await runMain(['merge', first.file, second.file], env);
    expect(text.stdout).toMatch(/Scopes \(\d+\)/);
  });

  it('refuses reports that are not shards, other policies and duplicate shards; withholds the level when a shard is missing', async () => {
    const first = await scanOrg(['--shard', '1/2']);
    const policy = join(work, 'policy.yaml');
    writeFileSync(policy, 'baseline:\n  remediationSlaDays: 7\n');
    const otherPolicy = await scanOrg(['--shard', '2/2', '--policy', policy]);
    const plain = await scanOrg([]);

    const notShard = await runMain(['merge', first.file, plain.file], env);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/shard: .*merge joins the JSON reports of `aiposture scan --shard I\/N/);

    const mixed = await runMain(['merge', first.file, otherPolicy.file], env);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/scanned with a different policy/);

    const twice = await runMain(['merge', first.file, first.file], env);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 1\/2 is also/);

    const needsPolicy = await runMain(['merge', otherPolicy.file], env);
    expect(needsPolicy.stderr).toMatch(/pass the same file with --policy/);

    const alone = await runMain(['merge', first.file, '--format', 'json'], env);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/shard\(s\) 2 of 2 missing: the overall level is withheld/);
    const report = JSON.parse(alone.stdout) as Report;
    expect(report.maturity?.overall.level).toBeNull();
    expect(report.merge).toEqual({ shards: 1, of: 2, missing: [2] });
  });

  it('refuses a bad --shard (exit 2, one line)', async () => {
    for (const value of ['0/2', '3/2', 'a/b', '1/0']) {
      const run = await runMain(['scan', '--provider', 'aws', '--shard', value, '--aws-endpoint', cloud.url], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^aiposture: --shard: expected I\/N with 1 ≤ I ≤ N/);
    }
  });
});
