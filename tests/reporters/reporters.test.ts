import { sarifValidator } from './sarif-validator.ts';
import { withFingerprints } from '../../src/report/fingerprint.ts';
import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import type { Report } from '../../src/report/build.ts';
import type { Finding } from '../../src/engine/evaluate.ts';
import { summarise } from '../../src/report/build.ts';
import { registry } from '../../src/providers.ts';
import { renderSarif } from '../../src/reporters/sarif.ts';
import { renderJunit } from '../../src/reporters/junit.ts';
import { renderMarkdown, escapeMarkdown } from '../../src/reporters/markdown.ts';

const hostile = '<script>alert(1)</script>|=cmd|`rm -rf`&"q"\'@team\n[x](http://evil)';

const base = {
  provider: 'aws',
  scope: { type: 'account', id: '111122223333' },
  references: ['Prowler bedrock_guardrails_configured', 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-create.html'],
  criteria: ['L2.controls'],
} as const;

function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'ruleId' | 'status' | 'severity' | 'source'>): Finding {
  return {
    title: `Title of ${overrides.ruleId}`,
    reason: 'test-reason',
    provider: base.provider,
    scope: { ...base.scope },
    region: 'us-east-1',
    resource: { id: `arn:aws:bedrock:us-east-1:111122223333:${overrides.id}`, type: 'aws.bedrock.guardrail' },
    message: `message for ${overrides.id}`,
    remediation: 'Create a guardrail (Bedrock console > Guardrails) & publish a version.',
    references: [...base.references],
    criteria: [...base.criteria],
    ...overrides,
  };
}

const findings: Finding[] = [
  // API finding (live), with a hostile resource name and message.
  finding({
    id: 'aaaaaaaaaaaaaaaa',
    ruleId: 'aws/guardrail-present',
    status: 'fail',
    severity: 'high',
    source: { api: 'bedrock:ListGuardrails' },
    resource: { id: 'arn:aws:bedrock:us-east-1:111122223333:guardrails', type: 'aws.region', name: hostile },
    message: `No READY guardrail in ${hostile}`,
    observed: { guardrails: 0 },
    expected: { guardrails: '>=1' },
  }),
  // IaC finding with file and line.
  finding({
    id: 'bbbbbbbbbbbbbbbb',
    ruleId: 'azure/local-auth-disabled',
    provider: 'azure',
    status: 'fail',
    severity: 'medium',
    region: null,
    scope: { type: 'iac', id: 'infra' },
    source: { file: 'infra\\modules\\openai main.tf', line: 12, address: 'azurerm_cognitive_account.openai' },
    resource: { id: 'azurerm_cognitive_account.openai', type: 'azure.cognitiveservices.account', name: 'openai' },
    message: 'local_auth_enabled is true',
  }),
  finding({
    id: 'cccccccccccccccc',
    ruleId: 'aws/guardrail-cmk',
    status: 'suppressed',
    severity: 'medium',
    source: { api: 'bedrock:GetGuardrail' },
    suppression: { reason: 'AWS-owned key accepted <until> Q3 & "review"', expires: '2030-01-01' },
  }),
  finding({
    id: 'dddddddddddddddd',
    ruleId: 'aws/invocation-logging',
    status: 'unknown',
    severity: 'high',
    source: { api: 'bedrock:GetModelInvocationLoggingConfiguration' },
    message: 'AccessDenied reading the logging configuration',
  }),
  finding({
    id: 'eeeeeeeeeeeeeeee',
    ruleId: 'aws/guardrail-present',
    status: 'pass',
    severity: 'high',
    region: 'eu-west-1',
    source: { api: 'bedrock:ListGuardrails' },
    resource: { id: 'arn:aws:bedrock:eu-west-1:111122223333:guardrails', type: 'aws.region' },
    message: 'guardrail READY',
  }),
];

const report: Report = {
  schemaVersion: 1,
  tool: { name: 'aiposture', version: '0.1.0' },
  scan: {
    mode: 'live',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    providers: ['aws', 'azure'],
    scopes: [{ provider: 'aws', type: 'account', id: '111122223333' }],
  },
  maturity: {
    overall: { level: 2, target: 3 },
    platforms: [
      {
        provider: 'aws',
        inUse: true,
        usage: 'Bedrock used in us-east-1',
        level: 2,
        target: 3,
        criteria: [],
        nextLevel: { level: 3, blockers: ['L3.coverage'] },
      },
      { provider: 'gcp', inUse: false, usage: 'Vertex AI not used', level: null, target: null, criteria: [], nextLevel: null },
    ],
  },
  findings: withFingerprints(findings, new Set()),
  coverage: [],
  summary: summarise(findings),
  policy: { file: null, expiredExceptions: [] },
};

// --- SARIF ------------------------------------------------------------------------------------

describe('renderSarif', () => {
  const text = renderSarif(report, registry.rules);
  const log = JSON.parse(text) as Sarif.Log;
  const run = log.runs[0] as Sarif.Run;
  const results = run.results ?? [];
  const byFingerprint = (id: string) => results.find((result) => result.partialFingerprints?.['aiposture/v1'] === id) as Sarif.Result;

  it('is valid against the SARIF 2.1.0 schema, and the validator is not vacuous', () => {
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const broken = structuredClone(log);
    (broken.runs[0]?.results?.[0] as { level: string }).level = 'critical';
    expect(validate(broken)).toBe(false);
    expect(validate({ version: '2.1.0' })).toBe(false);
  });

  it('has one run whose driver carries every rule with help and security-severity', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = run.tool.driver;
    expect(driver.name).toBe('aiposture');
    expect(driver.version).toBe('0.1.0');
    expect(driver.rules).toHaveLength(registry.rules.length);
    const present = driver.rules?.find((rule) => rule.id === 'aws/guardrail-present') as Sarif.ReportingDescriptor;
    const meta = registry.rules.find((rule) => rule.meta.id === 'aws/guardrail-present')?.meta;
    expect(present.name).toBe('AwsGuardrailPresent');
    expect(present.shortDescription?.text).toBe(meta?.title);
    expect(present.fullDescription?.text).toBe(meta?.description);
    expect(present.help?.text).toContain(meta?.remediation);
    expect(present.help?.markdown).toContain('[https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-create.html](');
    expect(present.properties?.['security-severity']).toBe('8.0');
    expect(present.properties?.tags).toEqual(expect.arrayContaining(['security', 'aws']));
    const severities = new Map(driver.rules?.map((rule) => [rule.id, rule.properties?.['security-severity']]));
    for (const rule of registry.rules) {
      expect(severities.get(rule.meta.id)).toBe({ critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' }[rule.meta.severity]);
    }
  });

  it('reports fail, unknown and suppressed findings but not passes', () => {
    expect(results.map((result) => result.partialFingerprints?.['aiposture/v1']).sort()).toEqual([
      'aaaaaaaaaaaaaaaa',
      'bbbbbbbbbbbbbbbb',
      'cccccccccccccccc',
      'dddddddddddddddd',
    ]);
    for (const result of results) {
      expect(run.tool.driver.rules?.[result.ruleIndex as number]?.id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
    }
  });

  it('maps levels: error for high, warning for medium, note for unknown', () => {
    expect(byFingerprint('aaaaaaaaaaaaaaaa').level).toBe('error');
    expect(byFingerprint('bbbbbbbbbbbbbbbb').level).toBe('warning');
    expect(byFingerprint('dddddddddddddddd').level).toBe('note');
  });

  it('anchors API findings on a logical location and IaC findings on file and line', () => {
    const api = byFingerprint('aaaaaaaaaaaaaaaa').locations?.[0] as Sarif.Location;
    expect(api.physicalLocation).toBeUndefined();
    expect(api.logicalLocations?.[0]?.fullyQualifiedName).toBe('arn:aws:bedrock:us-east-1:111122223333:guardrails');
    const iac = byFingerprint('bbbbbbbbbbbbbbbb').locations?.[0] as Sarif.Location;
    expect(iac.physicalLocation?.artifactLocation?.uri).toBe('infra/modules/openai%20main.tf');
    expect(iac.physicalLocation?.region?.startLine).toBe(12);
    expect(iac.logicalLocations?.[0]?.fullyQualifiedName).toBe('azurerm_cognitive_account.openai');
  });

  it('marks suppressed findings with an inSource suppression and its justification', () => {
    expect(byFingerprint('cccccccccccccccc').suppressions).toEqual([
      { kind: 'inSource', justification: 'AWS-owned key accepted <until> Q3 & "review" (expires 2030-01-01)' },
    ]);
    expect(byFingerprint('aaaaaaaaaaaaaaaa').suppressions).toBeUndefined();
  });

  it('keeps hostile values as plain JSON strings', () => {
    expect(byFingerprint('aaaaaaaaaaaaaaaa').message.text).toContain(hostile);
  });
});

// --- JUnit ------------------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    const decoded = entities[entity];
    if (decoded === undefined) throw new Error(`unknown entity &${entity};`);
    return decoded;
  });
}

/** A strict little parser for the XML subset a JUnit file uses: it throws on anything not well-formed. */
function parseXml(xml: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
  if (!declaration.test(xml)) throw new Error('missing XML declaration');
  const body = xml.replace(declaration, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let position = 0;
  const checkText = (text: string) => {
    if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`bare & in ${JSON.stringify(text)}`);
    if (text.includes('>')) throw new Error(`raw > in text ${JSON.stringify(text)}`);
    if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(text)) throw new Error('character not allowed in XML 1.0');
  };
  while (position < body.length) {
    const open = body.indexOf('<', position);
    const text = body.slice(position, open === -1 ? body.length : open);
    checkText(text);
    if (stack.length > 0) (stack.at(-1) as XmlElement).text += decode(text);
    else if (text.trim() !== '') throw new Error('text outside the root element');
    if (open === -1) break;
    const close = body.indexOf('>', open);
    if (close === -1) throw new Error('unterminated tag');
    const tag = body.slice(open + 1, close);
    position = close + 1;
    if (tag.startsWith('/')) {
      const element = stack.pop();
      if (!element || element.name !== tag.slice(1)) throw new Error(`mismatched </${tag.slice(1)}>`);
      if (stack.length === 0) root = element;
      continue;
    }
    const match = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)$/.exec(tag);
    if (!match) throw new Error(`malformed tag <${tag}>`);
    const [, name, attributeText, selfClosing] = match as unknown as [string, string, string, string];
    const attributes: Record<string, string> = {};
    for (const [, key, value] of attributeText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g) as IterableIterator<[string, string, string]>) {
      if (key in attributes) throw new Error(`duplicate attribute ${key}`);
      checkText(value);
      attributes[key] = decode(value);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    if (stack.length > 0) (stack.at(-1) as XmlElement).children.push(element);
    else if (root) throw new Error('more than one root element');
    if (selfClosing) {
      if (stack.length === 0) root = element;
    } else stack.push(element);
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements');
  return root;
}

describe('renderJunit', () => {
  const xml = renderJunit(report);
  const root = parseXml(xml);
  const suites = root.children.filter((child) => child.name === 'testsuite');
  const cases = suites.flatMap((suite) => suite.children.filter((child) => child.name === 'testcase'));

  it('is well-formed, with one testsuite per rule and one testcase per finding', () => {
    expect(root.name).toBe('testsuites');
    expect(suites.map((suite) => suite.attributes.name)).toEqual([
      'aws/guardrail-present',
      'azure/local-auth-disabled',
      'aws/guardrail-cmk',
      'aws/invocation-logging',
    ]);
    expect(cases).toHaveLength(findings.length);
    for (const testcase of cases)
      expect(suites.some((suite) => suite.attributes.name === testcase.attributes.classname && suite.children.includes(testcase))).toBe(true);
  });

  it('has correct totals on testsuites and each testsuite', () => {
    expect(root.attributes).toMatchObject({ tests: '5', failures: '2', errors: '0', skipped: '2' });
    const present = suites[0] as XmlElement;
    expect(present.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0' });
    for (const suite of suites) {
      const children = suite.children.filter((child) => child.name === 'testcase');
      expect(Number(suite.attributes.tests)).toBe(children.length);
      expect(Number(suite.attributes.failures)).toBe(children.filter((child) => child.children.some((inner) => inner.name === 'failure')).length);
      expect(Number(suite.attributes.skipped)).toBe(children.filter((child) => child.children.some((inner) => inner.name === 'skipped')).length);
    }
  });

  it('writes failures with message, severity type and remediation, and round-trips hostile values', () => {
    const failing = cases.find((testcase) => testcase.attributes.name === 'arn:aws:bedrock:us-east-1:111122223333:guardrails') as XmlElement;
    const failure = failing.children.find((child) => child.name === 'failure') as XmlElement;
    expect(failure.attributes.message).toBe(`No READY guardrail in ${hostile}`);
    expect(failure.attributes.type).toBe('high');
    expect(failure.text).toContain('Remediation: Create a guardrail (Bedrock console > Guardrails) & publish a version.');
    expect(failure.text).toContain(`Resource: arn:aws:bedrock:us-east-1:111122223333:guardrails (${hostile})`);
    expect(xml).not.toContain('<script>');
  });

  it('names IaC testcases by address with their file, and skips suppressed/unknown with the reason', () => {
    const iac = cases.find((testcase) => testcase.attributes.classname === 'azure/local-auth-disabled') as XmlElement;
    expect(iac.attributes.name).toBe('azurerm_cognitive_account.openai');
    expect(iac.attributes.file).toBe('infra\\modules\\openai main.tf');
    const suppressed = cases.find((testcase) => testcase.attributes.classname === 'aws/guardrail-cmk') as XmlElement;
    expect(suppressed.children[0]?.name).toBe('skipped');
    expect(suppressed.children[0]?.attributes.message).toBe('suppressed: AWS-owned key accepted <until> Q3 & "review" (expires 2030-01-01)');
    const unknown = cases.find((testcase) => testcase.attributes.classname === 'aws/invocation-logging') as XmlElement;
    expect(unknown.children[0]?.attributes.message).toBe('could not be evaluated: AccessDenied reading the logging configuration');
    const passing = cases.find((testcase) => testcase.attributes.name === 'arn:aws:bedrock:eu-west-1:111122223333:guardrails') as XmlElement;
    expect(passing.children).toEqual([]);
  });

  it('shows characters XML 1.0 forbids escaped', () => {
    const dirty = renderJunit({
      ...report,
      findings: withFingerprints(
        [
          finding({
            id: 'ffffffffffffffff',
            ruleId: 'aws/x',
            status: 'fail',
            severity: 'low',
            source: { api: 'x' },
            message: 'bell\u0007 nul\u0000 esc\u001b ok',
          }),
        ],
        new Set(),
      ),
    });
    const parsed = parseXml(dirty);
    expect(parsed.children[0]?.children.find((child) => child.name === 'testcase')?.children[0]?.attributes.message).toBe('bell\\x07 nul\\x00 esc\\x1b ok');
  });
});

// --- Markdown ---------------------------------------------------------------------------------

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(report, { platformName: (provider) => registry.byId.get(provider)?.displayName ?? provider });

  it('has a headline with counts and maturity per platform', () => {
    expect(markdown).toMatch(/^## aiposture 0\.1\.0 — live scan\n/);
    expect(markdown).toContain('**2 failing** · 1 unknown · 1 suppressed · 1 passing · 0 not applicable');
    expect(markdown).toContain('### Maturity: overall Level 2 (target 3)');
    expect(markdown).toContain('| AWS Bedrock | Level 2 (target 3) | Level 3: `L3.coverage` |');
    expect(markdown).toContain('| GCP Vertex AI | not in use | — |');
  });

  it('omits the maturity section when there is none (IaC mode)', () => {
    expect(renderMarkdown({ ...report, maturity: null })).not.toContain('Maturity');
  });

  it('groups failing findings by severity in tables with file:line or region', () => {
    const high = markdown.indexOf('#### 🟧 High (1)');
    const medium = markdown.indexOf('#### 🟨 Medium (1)');
    expect(high).toBeGreaterThan(-1);
    expect(medium).toBeGreaterThan(high);
    expect(markdown).toContain('| azure/local-auth-disabled |');
    expect(markdown).toContain('| azurerm\\_cognitive\\_account.openai | infra\\\\modules\\\\openai main.tf:12 | local\\_auth\\_enabled is true |');
    expect(markdown).toContain('| us-east-1 |');
    expect(markdown).toContain('<details>\n<summary>How to fix aws/guardrail-present');
    expect(markdown).toContain('<https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-create.html>');
    expect(markdown).toContain('<summary>Could not be evaluated (1)</summary>');
    expect(markdown).toContain('<summary>Suppressed by policy (1)</summary>');
  });

  it('neutralises HTML, table pipes, backticks, links and mentions from cloud values', () => {
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('`rm');
    expect(markdown).not.toContain('@team');
    expect(markdown).not.toContain('[x](');
    const row = markdown.split('\n').find((line) => line.startsWith('| aws/guardrail-present |')) as string;
    // Exactly the five delimiters of a four-column row: every pipe from the value is escaped.
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(row).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\|=cmd\\|&#96;rm -rf&#96;&amp;"q"\'&#64;team \\[x\\](http://evil)');
    expect(escapeMarkdown('a|b<c>`d`\\e\nf')).toBe('a\\|b&lt;c&gt;&#96;d&#96;\\\\e f');
  });
});
