/**
 * "Unknown is not pass" at the level of a whole platform: a provider of which nothing could be
 * read is exit 3, and a platform whose use could not be decided is `inUse: null` — never "not in
 * use" — and fails a target level.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { runMain } from './in-process.ts';
import { estatePath } from './helpers.ts';
import { awsServiceNames } from '../../fakecloud/aws-estate.ts';
import { inferMaturity } from '../../src/maturity/infer.ts';
import { runRules } from '../../src/engine/evaluate.ts';
import { registry } from '../../src/providers.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { awsInventory } from '../../rules/aws/case-builders.ts';
import { gateTripped } from '../../src/scan.ts';
import { buildReport, type Report } from '../../src/report/build.ts';
import { renderText } from '../../src/reporters/text.ts';
import { renderMarkdown } from '../../src/reporters/markdown.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-nothing-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** The level-3 AWS estate where every service but STS answers 500. */
function failingEstate(): string {
  const estate = parse(readFileSync(estatePath('aws-level3.yaml'), 'utf8')) as { aws: { faults?: unknown[] } };
  estate.aws.faults = awsServiceNames
    .filter((service) => service !== 'sts')
    .map((service) => ({ service, error: 'InternalServerException', status: 500, message: 'the server is on fire' }));
  const file = join(work, 'failing.yaml');
  writeFileSync(file, stringify(estate));
  return file;
}

describe('nothing read', () => {
  it('every AWS read failing is exit 3, not "not in use" with exit 0', async () => {
    const run = await runMain(['demo', '--estate', failingEstate(), '--fail-on', 'low', '--target-level', '3', '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^aiposture: scan could not run: nothing could be read from aws: all \d+ reads failed/m);
  });

  it('a platform whose use cannot be decided is inUse null, withholds the overall level and fails a target level', () => {
    // Region discovery returned no region: nothing could show whether Bedrock is used.
    const inventory = awsInventory({ regions: [] });
    const evaluation = runRules(inventory, registry.rules, defaultBaseline, undefined, 'live', registry.factDerivers);
    const maturity = inferMaturity({
      providers: inventory.providers,
      modules: registry.byId,
      findings: evaluation.findings,
      facts: evaluation.facts,
      baseline: defaultBaseline,
      overallTarget: 3,
    });
    expect(maturity.platforms[0]).toMatchObject({ provider: 'aws', inUse: null, level: null, target: 3 });
    expect(maturity.platforms[0]?.usage).toMatch(/no region/);
    expect(maturity.overall.level).toBeNull();
    const report = buildReport({
      mode: 'live',
      startedAt: new Date(),
      finishedAt: new Date(),
      inventory,
      findings: evaluation.findings,
      maturity,
      policyFile: null,
      expiredExceptions: [],
    });
    expect(gateTripped(report, undefined)).toBe(true);
    expect(renderText(report, { color: false, platformName: () => 'AWS Bedrock' })).toMatch(
      /AWS Bedrock: use undecided \(whether Bedrock is used could not be decided: no region could be scanned in 111122223333\); no level is claimed/,
    );
    expect(renderMarkdown(report)).toMatch(/use undecided: whether Bedrock is used could not be decided/);
    expect(gateTripped({ ...report, maturity: { ...maturity, platforms: [{ ...maturity.platforms[0], inUse: false }] } } as unknown as Report, undefined)).toBe(
      false,
    );
  });
});
