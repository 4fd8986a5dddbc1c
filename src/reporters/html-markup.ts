/**
 * The few primitives every part of the HTML report is built from. Cloud and IaC values (names,
 * ids, messages, guardrail texts) are chosen by whoever can create a resource, so every value goes
 * through {@link escapeHtml} — text and attribute values alike — and the data the filters read is
 * embedded with {@link jsonForScript}, which cannot close its `<script>` element.
 */
import { createHash } from 'node:crypto';
import { neutralise } from './safe-text.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Makes any value inert as HTML text or as a quoted attribute value: `& < > " '` become entities,
 * and control, bidirectional-override and line-separator characters are shown escaped (`\x1b`,
 * `\u202e`), so a name can neither add markup nor reorder what the reader sees.
 */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return neutralise(String(value)).replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/**
 * JSON for a `<script type="application/json">` data block. JSON.stringify leaves `<`, `>` and
 * `&` alone, so a value holding `</script>` or `<!--` would end or confuse the element: they are
 * written as `\u003c`, `\u003e`, `\u0026` (JSON.parse reads them back unchanged), as are U+2028/2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CSP source expression allowing exactly this inline `<script>` or `<style>` text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The report's Content-Security-Policy: nothing may be fetched, framed, submitted or navigated to
 * a base URL; only the report's own script and stylesheet (by hash) run. A `<meta>` CSP ignores
 * `frame-ancestors`, `report-uri` and `sandbox`, so none is given
 * (https://www.w3.org/TR/CSP3/#meta-element). `form-action` and `base-uri` do not fall back to
 * `default-src` (https://www.w3.org/TR/CSP3/#directive-default-src), so they are named.
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "font-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "media-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** A value for an `id` attribute or `#fragment` made of safe characters only (ids are looked up, never shown). */
export function anchorId(prefix: string, value: string): string {
  return `${prefix}-${value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

/** One table row of header and data cells; every cell's HTML must already be escaped. */
export interface TableSpec {
  caption: string;
  headers: readonly string[];
  /** Each row: its cells' HTML; the first cell is the row header (`<th scope="row">`) when `rowHeader`. */
  rows: ReadonlyArray<readonly string[]>;
  rowHeader?: boolean;
  className?: string;
}

/** A table with a caption and column headers (`<th scope="col">`), for tables the script never touches. */
export function table(spec: TableSpec): string {
  const head = spec.headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = spec.rows
    .map((cells) => `<tr>${cells.map((cell, index) => (index === 0 && spec.rowHeader ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table${spec.className ? ` class="${escapeHtml(spec.className)}"` : ''}>\n<caption>${escapeHtml(spec.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
