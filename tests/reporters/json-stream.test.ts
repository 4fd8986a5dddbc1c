/** The JSON report is written in pieces, and the pieces are exactly `JSON.stringify(report, null, 2)`. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/build.ts';
import { renderJson, renderJsonChunks } from '../../src/reporters/json.ts';

const golden = new URL('../golden/reports/', import.meta.url);
/** The golden files keep `{ code, report }` per run. */
const goldenReport = (file: string) => (JSON.parse(readFileSync(new URL(file, golden), 'utf8')) as { report: Report }).report;

describe('the JSON report in pieces', () => {
  it('is byte for byte the pretty-printed report, for every golden report', () => {
    const files = readdirSync(golden).filter((file) => Boolean(goldenReport(file)));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const report = goldenReport(file);
      expect(renderJson(report), file).toBe(`${JSON.stringify(report, null, 2)}\n`);
    }
  });

  it('handles empty arrays and objects, nulls, strings with line breaks and undefined fields', () => {
    const odd = { a: [], b: {}, c: null, d: [1, { x: [2, 3] }, 'y\nz'], e: 'x\ny', f: undefined } as unknown as Report;
    expect(renderJson(odd)).toBe(`${JSON.stringify(odd, null, 2)}\n`);
    expect(renderJson({} as Report)).toBe('{}\n');
  });

  it('yields one piece per finding, so no piece grows with the report', () => {
    const report = goldenReport('estate-demo.json');
    const pieces = [...renderJsonChunks(report)];
    expect(pieces.length).toBeGreaterThan(report.findings.length);
    const largest = Math.max(...pieces.map((piece) => piece.length));
    // The largest piece is the maturity section; findings and coverage come one element at a time.
    expect(largest).toBeLessThan(renderJson(report).length / 3);
  });
});
