/**
 * The HTML report in a real browser: Debian's headless Chromium (driven by playwright-core, see
 * tests/support/chromium.ts) opens the demo report from a file:// URL. No console error, no page
 * error, no request but the document itself; the filters change the rows and the live count; the
 * keyboard reaches them; hostile values stay text; the print stylesheet shows every row and the
 * page prints to PDF. Saves test-results/html-report.png. Without Chromium this file fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registry } from '../../src/providers.ts';
import { renderHtml } from '../../src/reporters/html.ts';
import { launchChromium } from '../support/chromium.ts';
import { runMain } from '../e2e/in-process.ts';
import { attributeBreakout, hostileReport, hostileTag, scriptBreakout, trackingUrl } from './html-hostile-report.ts';

const screenshotPath = join(import.meta.dirname, '../../test-results/html-report.png');

interface Opened {
  page: Page;
  context: BrowserContext;
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  dialogs: string[];
}

let browser: Browser;
let dir: string;
let demoHtml: string;
const opened: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'aiposture-html-'));
  demoHtml = join(dir, 'demo report.html');
  const run = await runMain(['demo', '--format', 'html', '--output', demoHtml]);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const context of opened) await context.close();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(file: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  opened.push(context);
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const result: Opened = { page, context, url, consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') result.consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => result.pageErrors.push(error.message));
  page.on('request', (request) => result.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    result.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Belt and braces: anything that did try the network is recorded above and never answered.
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  await page.goto(url, { waitUntil: 'load' });
  return result;
}

function expectQuiet(result: Opened): void {
  expect(result.consoleErrors).toEqual([]);
  expect(result.pageErrors).toEqual([]);
  expect(result.dialogs).toEqual([]);
  expect(result.requests).toEqual([result.url]);
}

const rows = (page: Page) => page.locator('#findings-table tbody tr');
const visibleRows = (page: Page) => page.locator('#findings-table tbody tr:not([hidden])');
const count = (page: Page) => page.locator('#finding-count').textContent();

/** How many findings rows have `text` in column `column` (1-based), read from the cells, not from the script's data. */
async function rowsWith(page: Page, column: number, text: string): Promise<number> {
  return page
    .locator(`#findings-table tbody tr td:nth-child(${column})`)
    .filter({ hasText: new RegExp(`^${text}$`) })
    .count();
}

describe('HTML report in headless Chromium', () => {
  it('opens from file:// with no console error, page error or network request; its script runs under the CSP', async () => {
    const result = await open(demoHtml);
    const { page } = result;
    await expect.poll(() => page.locator('#finding-filters').isVisible()).toBe(true);
    const total = await rows(page).count();
    expect(total).toBeGreaterThan(50);
    expect(await count(page)).toBe(`${total} of ${total} findings shown`);
    expect(await page.locator('h1').textContent()).toBe('AI platform security posture');
    expect(await page.locator('svg.chart[role="img"] rect.bar').count()).toBeGreaterThan(1);
    expect(await page.locator('section.platform').count()).toBe(3);
    // System fonts only: the document loaded no font face.
    expect(await page.evaluate(() => document.fonts.size)).toBe(0);

    mkdirSync(join(screenshotPath, '..'), { recursive: true });
    const png = await page.screenshot({ path: screenshotPath, fullPage: false });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    expectQuiet(result);
  });

  it('filters by severity, platform, status and rule: the visible rows and the count change', async () => {
    const result = await open(demoHtml);
    const { page } = result;
    const total = await rows(page).count();

    await page.selectOption('#filter-severity', 'high');
    const high = await rowsWith(page, 2, 'high');
    expect(high).toBeGreaterThan(0);
    expect(high).toBeLessThan(total);
    expect(await visibleRows(page).count()).toBe(high);
    expect(await count(page)).toBe(`${high} of ${total} findings shown`);
    for (const cell of await visibleRows(page).locator('td:nth-child(2)').allTextContents()) expect(cell).toBe('high');

    await page.selectOption('#filter-platform', 'gcp');
    const gcpHigh = await page.locator('#findings-table tbody tr:not([hidden]) td:nth-child(3)').allTextContents();
    expect(gcpHigh.length).toBeGreaterThan(0);
    expect(gcpHigh.length).toBeLessThan(high);
    expect(new Set(gcpHigh)).toEqual(new Set([registry.byId.get('gcp')?.displayName]));
    expect(await count(page)).toBe(`${gcpHigh.length} of ${total} findings shown`);

    await page.selectOption('#filter-platform', '');
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-status', 'fail');
    const failing = await rowsWith(page, 1, 'Fail');
    expect(await visibleRows(page).count()).toBe(failing);
    expect(failing).toBeLessThan(total);

    await page.selectOption('#filter-rule', 'aws/guardrail-content-filters');
    const ruleRows = await visibleRows(page).locator('td:nth-child(4) code').allTextContents();
    expect(ruleRows.length).toBeGreaterThan(0);
    expect(new Set(ruleRows)).toEqual(new Set(['aws/guardrail-content-filters']));

    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => count(page)).toBe(`${total} of ${total} findings shown`);
    expect(await visibleRows(page).count()).toBe(total);
    expectQuiet(result);
  });

  it('is keyboard operable: the skip link leads to the filters, Tab walks them, arrows change them, focus is visible', async () => {
    const result = await open(demoHtml);
    const { page } = result;
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || '');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to the findings');
    await page.keyboard.press('Enter');
    const order: string[] = [];
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual(['filter-platform', 'filter-severity', 'filter-status', 'filter-rule', 'filter-resource', 'Show all']);
    expect(await page.locator('#findings-table tbody tr').count()).toBeGreaterThan(0);

    await page.focus('#filter-severity');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('filter-severity');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('ArrowDown'); // "All" → the first severity, critical (none in the demo) …
    await page.keyboard.press('ArrowDown'); // … → high
    expect(await page.inputValue('#filter-severity')).toBe('high');
    const total = await rows(page).count();
    expect(await count(page)).toBe(`${await rowsWith(page, 2, 'high')} of ${total} findings shown`);

    await page.focus('#filter-resource');
    await page.keyboard.type('us-east-1');
    const shown = await visibleRows(page).count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(total);
    await page.keyboard.press('Enter'); // submitting the form does nothing (form-action 'none')
    expectQuiet(result);
  });

  it('prints every row without the controls, and to PDF', async () => {
    const result = await open(demoHtml);
    const { page } = result;
    await page.selectOption('#filter-status', 'pass');
    const total = await rows(page).count();
    expect(await visibleRows(page).count()).toBeLessThan(total);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#finding-filters').isVisible()).toBe(false);
    expect(await page.locator('#findings-table tbody tr:visible').count()).toBe(total);
    expect(
      await page
        .locator('section.platform')
        .first()
        .evaluate((section) => getComputedStyle(section).breakBefore),
    ).toBe('page');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(50_000);
    expectQuiet(result);
  });

  it('reads without JavaScript: every row shown, the controls that could not work hidden', async () => {
    const result = await open(demoHtml, { javaScriptEnabled: false });
    const { page } = result;
    const total = await rows(page).count();
    expect(await page.locator('#finding-filters').isVisible()).toBe(false);
    expect(await page.locator('#findings-table tbody tr:visible').count()).toBe(total);
    expect(await count(page)).toBe(`${total} of ${total} findings shown`);
    expectQuiet(result);
  });

  it('shows hostile cloud values as text and runs none of them', async () => {
    const file = join(dir, 'hostile.html');
    writeFileSync(
      file,
      renderHtml(hostileReport(), { platformName: (provider) => registry.byId.get(provider)?.displayName ?? provider, rules: registry.rules }),
    );
    const result = await open(file);
    const { page } = result;
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('[onmouseover], [onerror], [onload]').count()).toBe(0);
    const body = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const value of [hostileTag, scriptBreakout, attributeBreakout, trackingUrl]) expect(body).toContain(value.replace(/\s+/g, ' '));
    // The filters read the JSON block: `</script>` did not end it, and searching for it finds its row.
    await page.fill('#filter-resource', '</script>');
    expect(await count(page)).toBe('1 of 3 findings shown');
    expect(await visibleRows(page).locator('th').textContent()).toContain(scriptBreakout);
    await page.hover('text=could not read');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expectQuiet(result);
  });
});
