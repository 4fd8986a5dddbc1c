/**
 * `--format csv` (spec §9): one row per finding, RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180):
 * CRLF line ends, a header row, every field quoted with inner quotes doubled, so commas, quotes and
 * line breaks inside a value can never start a new cell or row.
 *
 * Cloud values are attacker-chosen (anyone who can name a resource chooses its name), and a
 * spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula. Following OWASP's
 * CSV Injection page (https://owasp.org/www-community/attacks/CSV_Injection) and ASVS 5.0
 * requirement 1.2.10, a cell whose first character is `=`, `+`, `-`, `@`, TAB, CR, LF or NUL gets a
 * leading `'`, which spreadsheets show as text. Control characters (C0, DEL, C1, bidirectional
 * overrides) are shown escaped (`\x1b`, `\n`), as in the text report, so a row stays one line.
 */
import type { Report } from '../report/build.ts';
import type { FingerprintedFinding } from '../report/fingerprint.ts';
import { neutralise } from './safe-text.ts';

/** The columns, in order: the header row and what each cell holds. */
export const csvColumns = [
  ['provider', (finding) => finding.provider],
  ['scope', (finding) => `${finding.scope.type}/${finding.scope.id}`],
  ['region', (finding) => finding.region ?? ''],
  ['rule', (finding) => finding.ruleId],
  ['severity', (finding) => finding.severity],
  ['status', (finding) => finding.status],
  ['reason', (finding) => finding.reason],
  ['resource id', (finding) => finding.resource.id],
  ['resource name', (finding) => finding.resource.name ?? ''],
  ['message', (finding) => finding.message],
  ['remediation', (finding) => finding.remediation],
  ['fingerprint', (finding) => finding.fingerprint],
  ['criteria', (finding) => finding.criteria.join(' ')],
] as const satisfies ReadonlyArray<readonly [string, (finding: FingerprintedFinding) => string]>;

/** First characters a spreadsheet may read as the start of a formula or a new cell (OWASP, ASVS 1.2.10). */
const formulaStart = /^[=+\-@\t\r\n\0]/;

/** One cell: formula prefix neutralised, control characters escaped, quoted with inner quotes doubled. */
export function csvCell(value: string): string {
  const inert = formulaStart.test(value) ? `'${value}` : value;
  return `"${neutralise(inert).replace(/"/g, '""')}"`;
}

export function renderCsv(report: Report): string {
  const rows = [csvColumns.map(([header]) => csvCell(header)).join(',')];
  for (const finding of report.findings) rows.push(csvColumns.map(([, cell]) => csvCell(cell(finding))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
