/**
 * The HTML report as markup: escaping of every cloud value, the filters' JSON block, the
 * Content-Security-Policy (hashes of the very script and stylesheet emitted, no network source),
 * and the sections of the demo report. The same file in a real browser: html-browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/report/build.ts';
import { registry } from '../../src/providers.ts';
import { renderHtml } from '../../src/reporters/html.ts';
import { escapeHtml, jsonForScript } from '../../src/reporters/html-markup.ts';
import { runMain } from '../e2e/in-process.ts';
import { attributeBreakout, bidiOverride, hostileReport, hostileTag, scriptBreakout, trackingUrl } from './html-hostile-report.ts';

const context = { platformName: (provider: string) => registry.byId.get(provider)?.displayName ?? provider, rules: registry.rules };

interface RawElement {
  name: string;
  attributes: string;
  content: string;
}

/** Splits a document into its tags, the raw text of its `<script>`/`<style>` elements, and its text. */
function dissect(html: string): { tags: string[]; raw: RawElement[]; text: string } {
  const raw: RawElement[] = [];
  const withoutRaw = html.replace(/<(script|style)([^>]*)>([\s\S]*?)<\/\1>/g, (_match, name: string, attributes: string, content: string) => {
    raw.push({ name, attributes, content });
    return `<${name}${attributes}></${name}>`;
  });
  return { tags: withoutRaw.match(/<[^>]*>/g) ?? [], raw, text: withoutRaw.replace(/<[^>]*>/g, '\n') };
}

const decode = (text: string) =>
  text.replace(/&(lt|gt|quot|#39|amp);/g, (_match, entity: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[entity] ?? '');

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function policyOf(html: string): string {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(meta, 'a CSP meta element').not.toBeNull();
  return decode(meta?.[1] ?? '');
}

describe('escapeHtml', () => {
  it('turns markup characters into entities, in text and attribute values alike', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(hostileTag)).not.toMatch(/[<>"']/);
  });

  it('shows control and bidirectional-override characters escaped, and renders nothing for null', () => {
    expect(escapeHtml(`a\u001b[2Jb\nc${bidiOverride}`)).toBe('a\\x1b[2Jb\\nc' + 'invoice\\u202egpj.exe');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('jsonForScript', () => {
  it('cannot close its script element and reads back unchanged', () => {
    const value = { resource: scriptBreakout, comment: '<!-- x -->', amp: 'a&b', separator: '\u2028' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('HTML report of hostile values', () => {
  const html = renderHtml(hostileReport(), context);
  const { tags, raw, text } = dissect(html);

  it('adds no element or attribute of its own: two scripts (data and code), no image, no event handler', () => {
    expect(raw.filter((element) => element.name === 'script')).toHaveLength(2);
    expect(raw.filter((element) => element.name === 'style')).toHaveLength(1);
    expect(tags.filter((tag) => /^<(img|svg onload|iframe|object|embed|link|base)\b/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
    expect(html).not.toContain(hostileTag);
    expect(html).not.toContain(scriptBreakout);
  });

  it('shows every hostile value as text', () => {
    const shown = decode(text);
    for (const value of [hostileTag, scriptBreakout, attributeBreakout, trackingUrl]) expect(shown).toContain(value);
    expect(shown).toContain('invoice\\u202egpj.exe');
    expect(shown).not.toContain('\u202e');
  });

  it('keeps the hostile values intact in the filters JSON block', () => {
    const data = raw.find((element) => element.attributes.includes('application/json'));
    const rows = JSON.parse(data?.content ?? 'null') as Array<{ resource: string; platform: string }>;
    expect(rows.map((row) => row.resource).join(' ')).toContain(scriptBreakout);
    expect(rows.map((row) => row.platform).sort()).toEqual(['aws', 'azure', 'gcp']);
  });

  it('names http(s) only inside text: never in a tag, the stylesheet, the script or the policy', () => {
    expect(tags.filter((tag) => /https?:/i.test(tag))).toEqual([]);
    for (const element of raw.filter((candidate) => !candidate.attributes.includes('application/json'))) expect(element.content).not.toMatch(/https?:|\/\//i);
    expect(decode(text)).toContain(trackingUrl);
  });

  it('renders null measurements as "not measurable", never 0, and every optional section', () => {
    expect(text).toContain('not measurable');
    for (const id of ['inventory', 'effectiveness', 'history', 'coverage', 'scopes', 'remediation']) expect(html).toContain(`<section id="${id}"`);
    expect(text).toContain('25.0%');
  });
});

describe('Content-Security-Policy', () => {
  const html = renderHtml(hostileReport(), context);
  const { raw } = dissect(html);
  const policy = policyOf(html);
  const directives = new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...values]) => [name, values]),
  );

  it('comes before any script or stylesheet', () => {
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<style'));
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
  });

  it('allows nothing from the network and no form target or base URL', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const name of ['connect-src', 'font-src', 'object-src', 'frame-src', 'form-action', 'base-uri']) expect(directives.get(name)).toEqual(["'none'"]);
    expect(directives.get('img-src')).toEqual(['data:']);
    expect(policy).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'|'self'/);
  });

  it('allows exactly the emitted script and stylesheet, by their sha256', () => {
    const code = raw.filter((element) => element.name === 'script' && element.attributes === '');
    const style = raw.filter((element) => element.name === 'style');
    expect(code).toHaveLength(1);
    expect(directives.get('script-src')).toEqual([sha256(code[0]?.content ?? '')]);
    expect(directives.get('style-src')).toEqual([sha256(style[0]?.content ?? '')]);
  });

  it('has no inline style attribute, which a hash-only style-src would block', () => {
    expect(dissect(html).tags.filter((tag) => /\sstyle=/i.test(tag))).toEqual([]);
  });
});

describe('HTML report of the demo estate', () => {
  let report: Report;
  let html: string;

  beforeAll(async () => {
    const run = await runMain(['demo', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    report = JSON.parse(run.stdout) as Report;
    html = renderHtml(report, context);
  }, 120_000);
  afterAll(() => vi.unstubAllEnvs());

  it('has a section per platform with every criterion, its status, evidence and findings', () => {
    const platforms = report.maturity?.platforms ?? [];
    expect(platforms.length).toBeGreaterThan(1);
    for (const platform of platforms) {
      expect(html).toContain(`<section class="platform" id="platform-${platform.provider}"`);
      for (const criterion of platform.criteria) {
        const row = new RegExp(`<tr id="criterion-${platform.provider}-${criterion.id.toLowerCase().replace('.', '-')}">(.*?)</tr>`).exec(html)?.[1] ?? '';
        expect(row, `${platform.provider} ${criterion.id}`).toContain(escapeHtml(criterion.summary));
        expect(row).toContain(`status-${criterion.status}`);
        for (const id of criterion.findings.slice(0, 40)) expect(row).toContain(`href="#finding-${id}"`);
      }
      if (platform.nextLevel) expect(html).toContain(`What blocks Level ${platform.nextLevel.level}`);
    }
  });

  it('shows the level per platform in the chart and in the table', () => {
    const description = /<desc id="chart-desc">(.*?)<\/desc>/.exec(html)?.[1] ?? '';
    for (const platform of report.maturity?.platforms ?? []) {
      const name = context.platformName(platform.provider);
      expect(description).toContain(escapeHtml(`${name}: ${platform.inUse ? `Level ${platform.level}` : 'not in use'}`));
      expect(html).toMatch(new RegExp(`<th scope="row"><a href="#platform-${platform.provider}">[^<]*</a></th><td>yes</td><td>${platform.level}</td>`));
    }
  });

  it('lists every finding once with the data the filters read, and remediation from the rule meta', () => {
    expect(html.match(/<tr id="finding-[0-9a-f]+" data-index="\d+">/g)).toHaveLength(report.findings.length);
    expect(html).toContain(`${report.findings.length} of ${report.findings.length} findings shown`);
    const failingRules = new Set(report.findings.filter((finding) => finding.status === 'fail').map((finding) => finding.ruleId));
    for (const ruleId of failingRules) {
      const meta = registry.rules.find((rule) => rule.meta.id === ruleId)?.meta;
      expect(meta, ruleId).toBeDefined();
      const block = new RegExp(`<div class="fix" id="fix-${ruleId.replace('/', '-')}">([\\s\\S]*?)</div>`).exec(html)?.[1] ?? '';
      expect(block, ruleId).toContain(escapeHtml(meta?.remediation ?? '?'));
    }
  });

  it('names http(s) only inside text', () => {
    const { tags, raw } = dissect(html);
    expect(tags.filter((tag) => /https?:/i.test(tag))).toEqual([]);
    for (const element of raw) expect(element.content).not.toMatch(/https?:/i);
  });
});
