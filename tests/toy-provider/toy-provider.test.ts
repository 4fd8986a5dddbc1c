/**
 * The proof that a new provider is one folder and one registry line: two toy providers, defined
 * entirely in `tests/toy-provider/`, are registered beside the built-in ones and run end to end
 * through the real CLI — flags, scan, rules, facts, the cross-cloud rule, maturity, every
 * reporter, the report schema, policy targets and permissions — without any change elsewhere.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { main } from '../../src/main.ts';
import { builtInProviders, createRegistry, defineProvider } from '../../src/providers.ts';
import { reportSchema } from '../../src/report/schema.ts';
import type { Report } from '../../src/report/build.ts';
import { sarifValidator } from '../reporters/sarif-validator.ts';
import { toyProvider } from './toy.ts';

const toys = ['toy', 'toy-b'].map((id) => toyProvider(id));
// The one registry line a new provider needs:
const registry = createRegistry([...builtInProviders, ...toys.map(({ collector, judge }) => defineProvider(collector, judge))]);

const work = mkdtempSync(join(tmpdir(), 'aiposture-toy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const api = (name: string, content: unknown) => {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
};
const strongApi = api('strong.json', {
  routes: {
    'gw-1': [
      { name: 'chat', strength: 'high' },
      { name: 'search', strength: 'medium' },
    ],
  },
});
const weakApi = api('weak.json', { routes: { 'gw-2': [{ name: 'chat', strength: 'low' }, { name: 'summarise' }] }, denied: ['gw-3'] });

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false }, registry);
  return { code, stdout, stderr };
}

const scanBoth = (format: string, extra: string[] = []) =>
  run([
    'scan',
    '--provider',
    'toy,toy-b',
    '--toy-api',
    strongApi,
    '--toy-b-api',
    weakApi,
    '--toy-b-gateways',
    'gw-2,gw-3',
    '--format',
    format,
    '--quiet',
    ...extra,
  ]);

describe('a provider added by one registry line', () => {
  it('is scanned, judged, compared across platforms and given a level, and the JSON report validates', async () => {
    const { code, stdout, stderr } = await scanBoth('json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const validate = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(validate);
    expect(validate.validate(reportSchema(registry.providers.map((provider) => provider.id)), report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.scan.providers).toEqual(['toy', 'toy-b']);
    expect(report.scan.scopes.map((scope) => `${scope.provider}:${scope.type}:${scope.id}`)).toEqual([
      'toy:gateway:gw-1',
      'toy-b:gateway:gw-2',
      'toy-b:gateway:gw-3',
    ]);
    const verdicts = report.findings.map((finding) => `${finding.ruleId} ${finding.resource.id} ${finding.status} ${finding.reason}`).sort();
    expect(verdicts).toEqual([
      'multi/approved-models multi/approved-models/estate not_applicable no-approved-models',
      'multi/approved-scopes multi/approved-scopes/estate not_applicable no-approved-scopes',
      'multi/consistent-baseline multi/consistent-baseline fail platform-below-baseline',
      'toy-b/route-filtered gw-2/routes/chat fail filter-below-baseline',
      'toy-b/route-filtered gw-2/routes/summarise unknown resource-unreadable',
      'toy-b/route-filtered gw-3/global/toy-b.route/unknown unknown listing-unreadable',
      'toy/route-filtered gw-1/routes/chat pass filter-meets-baseline',
      'toy/route-filtered gw-1/routes/search pass filter-meets-baseline',
    ]);
    expect(report.coverage.filter((entry) => entry.status === 'denied').map((entry) => `${entry.provider} ${entry.scope.id}`)).toEqual(['toy-b gw-3']);
    const [toy, toyB] = report.maturity?.platforms ?? [];
    expect(toy).toMatchObject({ provider: 'toy', inUse: true, level: 2, nextLevel: { level: 3, blockers: ['L3.coverage', 'L3.drift-detection', 'L3.iac'] } });
    // The cross-cloud rule judged the two toys against each other and fed both platforms' L5.multi-cloud.
    expect(toy?.criteria.find((criterion) => criterion.id === 'L5.multi-cloud')).toMatchObject({ status: 'unmet' });
    expect(toyB).toMatchObject({ provider: 'toy-b', inUse: true, level: 1 });
    expect(toyB?.criteria.find((criterion) => criterion.id === 'L3.iac')).toMatchObject({ status: 'unknown' });
    expect(report.maturity?.overall.level).toBe(1);
  });

  it('renders in every format, with the display name in text and markdown and a schema-valid SARIF log', async () => {
    const text = await scanBoth('text');
    expect(text.stdout).toContain('Toy AI gateway (toy): Level 2');
    expect(text.stdout).toContain('Toy AI gateway (toy-b): Level 1');
    const markdown = await scanBoth('markdown');
    expect(markdown.stdout).toContain('Toy AI gateway (toy-b)');
    const sarif = await scanBoth('sarif');
    const validate = sarifValidator();
    expect(validate(JSON.parse(sarif.stdout)), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.stdout).toContain('toy-b/route-filtered');
    const junit = await scanBoth('junit');
    expect(junit.stdout).toContain('toy-b/route-filtered');
  });

  it('gates on --fail-on and on policy targets for the new provider, and prints its permissions', async () => {
    expect((await scanBoth('json', ['--fail-on', 'high'])).code).toBe(1);
    const policy = join(work, 'policy.yaml');
    writeFileSync(policy, 'targets:\n  toy: 3\n');
    expect((await run(['scan', '--provider', 'toy', '--toy-api', strongApi, '--policy', policy, '--quiet'])).code).toBe(1);
    writeFileSync(policy, 'targets:\n  toy: 2\n');
    expect((await run(['scan', '--provider', 'toy', '--toy-api', strongApi, '--policy', policy, '--quiet'])).code).toBe(0);
    const permissions = await run(['permissions', '--provider', 'toy-b']);
    expect(JSON.parse(permissions.stdout)).toEqual({ actions: ['gateway.routes.list'] });
    const rules = await run(['rules', '--format', 'json']);
    expect((JSON.parse(rules.stdout) as Array<{ id: string }>).map((rule) => rule.id)).toContain('toy-b/route-filtered');
  });

  it('is unknown to the built-in registry: the same flags are rejected there', async () => {
    let stderr = '';
    const code = await main(['scan', '--provider', 'toy'], { stdout: () => undefined, stderr: (text) => (stderr += text), isTty: false });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--provider: "toy" is not one of aws, azure, gcp/);
  });
});

describe('scan flags', () => {
  it('scans a provider named twice once', async () => {
    const once = JSON.parse((await run(['scan', '--provider', 'toy', '--toy-api', strongApi, '--format', 'json', '--quiet'])).stdout) as Report;
    const twice = JSON.parse((await run(['scan', '--provider', 'toy,toy', '--toy-api', strongApi, '--format', 'json', '--quiet'])).stdout) as Report;
    expect(twice.scan.providers).toEqual(['toy']);
    expect(twice.findings).toHaveLength(once.findings.length);
  });

  it('says so when a flag belongs to a provider that is not scanned', async () => {
    const { code, stderr } = await run(['scan', '--provider', 'toy', '--toy-api', strongApi, '--toy-b-gateways', 'gw-9', '--format', 'json', '--quiet']);
    expect(code).toBe(0);
    expect(stderr).toBe('aiposture: --toy-b-gateways applies to toy-b, which is not scanned (--provider toy); ignored\n');
  });
});
