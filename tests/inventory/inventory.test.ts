/**
 * Issue 13, the provider-neutral half, through the real CLI: `--metrics-window` reaches the
 * collectors, the scan calls each provider's `aiInventory`/`effectiveness` once and puts the
 * results in the report (validated by the report's JSON Schema), `aiposture inventory` prints them
 * as text, JSON or a CycloneDX 1.6 ML-BOM (validated by the official schema), and the text and
 * Markdown sections neutralise cloud values and cap long tables. A toy AI gateway provider
 * (tests/inventory/toy-ai.ts) stands in for the clouds, so these tests do not depend on any one.
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
import { InputError } from '../../src/errors.ts';
import { parseMetricsWindow } from '../../src/commands/inventory.ts';
import { inventoryMarkdownLines, inventoryTextLines } from '../../src/reporters/inventory.ts';
import { bomRefOf } from '../../src/reporters/cyclonedx.ts';
import type { AiAsset } from '../../src/model/ai-inventory.ts';
import { cycloneDx16Validator } from './cyclonedx-validator.ts';
import { toyAiProvider, type ToyApi } from './toy-ai.ts';

const toy = toyAiProvider('toyai');
const registry = createRegistry([...builtInProviders, defineProvider(toy.collector, toy.judge)]);
const providerIds = registry.providers.map((provider) => provider.id);

const work = mkdtempSync(join(tmpdir(), 'aiposture-inventory-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

const api: ToyApi = {
  gateways: {
    'gw-prod': {
      name: 'production',
      deployments: [
        { name: 'chat', model: 'gpt-4o', version: '2024-11-20', publisher: 'openai', filter: 'strict', invocations: 40_000, intervened: 400 },
        { name: 'summarise', model: 'gpt-4o-mini', filter: 'loose', invocations: 2000, intervened: 900 },
        { name: 'batch', model: 'llama-3-70b', invocations: 5000 },
      ],
    },
    'gw-dev': { deployments: [{ name: 'idle', model: 'gpt-4o', filter: 'strict', invocations: 0, intervened: 0 }] },
    'gw-dark': { deployments: [], metricsDenied: true },
  },
};
const apiFile = file('api.json', JSON.stringify(api));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false }, registry);
  return { code, stdout, stderr };
}

const toyArgs = (command: string, format: string, extra: string[] = []) => [
  command,
  '--provider',
  'toyai',
  '--toyai-api',
  apiFile,
  '--format',
  format,
  '--quiet',
  ...extra,
];

function reportValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(reportSchema(providerIds));
}

const day = 86_400_000;

describe('--metrics-window', () => {
  it.each([
    ['30d', 30 * day],
    ['7d', 7 * day],
    ['90d', 90 * day],
    ['12h', 12 * 3_600_000],
    ['455d', 455 * day],
  ])('accepts %s', (value, ms) => expect(parseMetricsWindow(value)).toBe(ms));

  it.each(['0d', '30', '30m', '1.5d', '456d', '-1d', 'd', 'thirty days', '99999999999999999999d'])('refuses %s with an InputError naming the flag', (value) => {
    expect(() => parseMetricsWindow(value)).toThrow(InputError);
    expect(() => parseMetricsWindow(value)).toThrow(/^--metrics-window: /);
  });

  it('a bad value on scan, demo or inventory is exit 2 with one line, before anything is collected', async () => {
    for (const command of ['scan', 'demo', 'inventory']) {
      const { code, stdout, stderr } = await run([command, '--metrics-window', '3w', '--quiet']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^aiposture: --metrics-window: expected a duration .* got "3w"\n$/);
    }
  });

  it('reaches the collectors: the series and the effectiveness window span exactly the window asked for (default 30 days)', async () => {
    for (const [extra, span] of [
      [[], 30 * day],
      [['--metrics-window', '7d'], 7 * day],
      [['--metrics-window', '12h'], 12 * 3_600_000],
    ] as const) {
      const { code, stdout } = await run(toyArgs('inventory', 'json', [...extra]));
      expect(code).toBe(0);
      const { effectiveness } = JSON.parse(stdout) as Required<Pick<Report, 'effectiveness'>>;
      const window = effectiveness[0]?.window;
      expect(window).toBeDefined();
      expect(Date.parse(window?.to ?? '') - Date.parse(window?.from ?? '')).toBe(span);
      expect(Math.abs(Date.parse(window?.to ?? '') - Date.now())).toBeLessThan(60_000);
    }
  });
});

describe('the scan report gains inventory and effectiveness (spec §12)', () => {
  it('scan --format json: the sections come from the provider module and the report validates against the JSON Schema', async () => {
    const { code, stdout, stderr } = await run(toyArgs('scan', 'json'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const assets = report.inventory ?? [];
    expect(assets.map((asset) => `${asset.scope.id} ${asset.name} ${asset.invoked}`).sort()).toEqual([
      'gw-dev idle false',
      'gw-prod batch true',
      'gw-prod chat true',
      'gw-prod summarise true',
    ]);
    expect(assets.find((asset) => asset.name === 'batch')).toMatchObject({ controls: [], missingControls: ['toy-filter'] });
    const [platform] = report.effectiveness ?? [];
    expect(platform?.provider).toBe('toyai');
    expect(platform?.controls.find((control) => control.id === 'loose')).toMatchObject({ invocations: 2000, interventions: 900, flags: ['over-blocking'] });
    expect(platform?.guardedShare.find((share) => share.target === 'batch')).toMatchObject({ share: 0, flags: ['bypassed-traffic'] });
    // No invocations: the share is not measurable (null with a reason), never 0% or 100%.
    expect(platform?.guardedShare.find((share) => share.target === 'idle')).toMatchObject({ share: null, reason: 'no invocations in the window' });
  });

  it('the JSON Schema refuses a null measurement without its reason, and an unknown asset kind', () => {
    const validate = reportValidator();
    const base = { schemaVersion: 1, tool: { name: 'aiposture', version: '0' }, maturity: null, findings: [], coverage: [] };
    const report = {
      ...base,
      scan: { mode: 'live', startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:00Z', providers: ['toyai'], scopes: [] },
      summary: { pass: 0, fail: 0, unknown: 0, not_applicable: 0, suppressed: 0 },
      inventory: [
        {
          provider: 'toyai',
          scope: { type: 'gateway', id: 'g' },
          region: null,
          kind: 'deployment',
          id: 'd',
          name: 'd',
          model: null,
          invoked: null,
          controls: [],
          missingControls: [],
          reason: 'metrics denied',
        },
      ],
      effectiveness: [
        {
          provider: 'toyai',
          window: { from: '2025-01-01T00:00:00Z', to: '2025-01-31T00:00:00Z' },
          controls: [],
          guardedShare: [
            { scope: { type: 'gateway', id: 'g' }, region: null, modelInvocations: null, guardedInvocations: null, share: null, flags: [], reason: 'denied' },
          ],
        },
      ],
    };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const withoutReason = structuredClone(report);
    delete (withoutReason.effectiveness[0]?.guardedShare[0] as { reason?: string }).reason;
    expect(validate(withoutReason)).toBe(false);
    const assetWithoutReason = structuredClone(report);
    delete (assetWithoutReason.inventory[0] as { reason?: string }).reason;
    expect(validate(assetWithoutReason)).toBe(false);
    const badKind = structuredClone(report);
    (badKind.inventory[0] as { kind: string }).kind = 'llm';
    expect(validate(badKind)).toBe(false);
  });

  it('text and markdown reports show the inventory table and the effectiveness per platform', async () => {
    const text = await run(toyArgs('scan', 'text'));
    expect(text.stdout).toMatch(/AI inventory \(4\)/);
    expect(text.stdout).toMatch(/PROVIDER +SCOPE +REGION +KIND +NAME +MODEL +INVOKED +CONTROLS +MISSING/);
    expect(text.stdout).toMatch(/toyai +gateway gw-prod +lab-1 +deployment +batch +llama-3-70b +yes +none +toy-filter/);
    expect(text.stdout).toMatch(/Toy AI gateway \(toyai\)\*?\*?: 3 controls, 42,000 invocations, 3\.1% intervened/);
    expect(text.stdout).toMatch(/loose .* 45\.0% .* over-blocking/);
    const markdown = await run(toyArgs('scan', 'markdown'));
    expect(markdown.stdout).toMatch(/### AI inventory \(4\)/);
    expect(markdown.stdout).toMatch(/### Effectiveness: Toy AI gateway \(toyai\)/);
    expect(markdown.stdout).toMatch(/\| gateway gw-prod \| lab-1 \| batch \| 5,000 \| 0 \| 0\.0% \| bypassed-traffic \|/);
  });
});

describe('aiposture inventory', () => {
  it('--format text: the table, the effectiveness and the reads that failed (gw-dark metrics denied)', async () => {
    const { code, stdout, stderr } = await run(toyArgs('inventory', 'text'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^aiposture .* — AI inventory of toyai gateway gw-prod, toyai gateway gw-dev, toyai gateway gw-dark\n/);
    expect(stdout).toMatch(/chat +openai\/gpt-4o 2024-11-20 +yes +toy-filter strict/);
    expect(stdout).toMatch(/Coverage problems \(1\).*\n {2}denied +toyai gw-dark lab-1 GetMetrics/);
    expect(stdout).not.toMatch(/Failing findings|Maturity/);
  });

  it('--format json: inventory, effectiveness and the failed reads only', async () => {
    const { code, stdout } = await run(toyArgs('inventory', 'json', ['--metrics-window', '90d']));
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { inventory: AiAsset[]; effectiveness: unknown[]; coverage: Array<{ status: string }>; findings?: unknown };
    expect(Object.keys(output)).toEqual(['schemaVersion', 'tool', 'scan', 'inventory', 'effectiveness', 'coverage']);
    expect(output.inventory).toHaveLength(4);
    expect(output.coverage.map((entry) => entry.status)).toEqual(['denied']);
  });

  it('--format cyclonedx: a CycloneDX 1.6 ML-BOM valid against the official schema, one component per asset', async () => {
    const { code, stdout } = await run(toyArgs('inventory', 'cyclonedx'));
    expect(code).toBe(0);
    const bom = JSON.parse(stdout) as {
      specVersion: string;
      serialNumber: string;
      metadata: { tools: { components: Array<{ name: string; version: string }> } };
      components: Array<{
        type: string;
        name: string;
        version?: string;
        'bom-ref': string;
        supplier: { name: string };
        publisher?: string;
        properties: Array<{ name: string; value: string }>;
      }>;
    };
    const validate = cycloneDx16Validator();
    expect(validate(bom)).toBeNull();
    expect(bom.specVersion).toBe('1.6');
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.tools.components[0]?.name).toBe('aiposture');
    expect(bom.components).toHaveLength(4);
    const chat = bom.components.find((component) => component['bom-ref'].endsWith('gw-prod/deployments/chat'));
    expect(chat).toMatchObject({
      type: 'machine-learning-model',
      name: 'gpt-4o',
      version: '2024-11-20',
      supplier: { name: 'Toy AI gateway (toyai)' },
      publisher: 'openai',
    });
    expect(chat?.['bom-ref']).toBe(bomRefOf({ provider: 'toyai', scope: { type: 'gateway', id: 'gw-prod' }, region: 'lab-1', id: 'gw-prod/deployments/chat' }));
    const property = (name: string) => chat?.properties.find((entry) => entry.name === name)?.value;
    expect([
      property('aiposture:region'),
      property('aiposture:scope'),
      property('aiposture:controls'),
      property('aiposture:missingControls'),
      property('aiposture:invoked'),
    ]).toEqual(['lab-1', 'gateway:gw-prod', 'toy-filter:strict', '', 'true']);
  });

  it('the ML-BOM validator rejects a broken BOM (so the test above can fail)', async () => {
    const { stdout } = await run(toyArgs('inventory', 'cyclonedx'));
    const validate = cycloneDx16Validator();
    const broken = JSON.parse(stdout) as { components: Array<Record<string, unknown>>; serialNumber: string };
    (broken.components[0] as Record<string, unknown>).type = 'llm';
    expect(validate(broken)).not.toBeNull();
    const badSerial = JSON.parse(stdout) as { serialNumber: string };
    badSerial.serialNumber = 'not-a-uuid';
    expect(validate(badSerial)).not.toBeNull();
  });

  it('scan --format cyclonedx is the same ML-BOM of the scan inventory', async () => {
    const { code, stdout } = await run(toyArgs('scan', 'cyclonedx'));
    expect(code).toBe(0);
    const bom = JSON.parse(stdout) as { components: unknown[] };
    expect(cycloneDx16Validator()(bom)).toBeNull();
    expect(bom.components).toHaveLength(4);
  });
});

describe('text and markdown sections', () => {
  const asset = (index: number, name = `deployment-${index}`): AiAsset => ({
    provider: 'toyai',
    scope: { type: 'gateway', id: 'gw' },
    region: 'lab-1',
    kind: 'deployment',
    id: `gw/deployments/${index}`,
    name,
    model: { name: 'gpt-4o' },
    invoked: null,
    controls: [],
    missingControls: [],
    reason: 'metrics denied',
  });

  it('neutralise cloud values: terminal escapes and line breaks are shown escaped, markdown is inert', () => {
    const hostile = { inventory: [asset(1, 'evil\u001b[2J\nforged | row <img src=x>')], effectiveness: [] };
    const text = inventoryTextLines(hostile).join('\n');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\x1b[2J\\nforged');
    const markdown = inventoryMarkdownLines(hostile).join('\n');
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('forged \\| row &lt;img');
  });

  it('cap long tables with a pointer to the JSON report', () => {
    const many = { inventory: Array.from({ length: 45 }, (_, index) => asset(index)), effectiveness: [] };
    const text = inventoryTextLines(many);
    expect(text.filter((line) => /deployment-\d+/.test(line))).toHaveLength(40);
    expect(text).toContain('  … 5 more (see --format json)');
    expect(inventoryMarkdownLines(many, { maxRows: 10 })).toContain('… 35 more (see --format json)');
  });
});
