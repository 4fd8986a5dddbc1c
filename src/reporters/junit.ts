import type { Report } from '../report/build.ts';
import type { Finding } from '../engine/evaluate.ts';
import { neutralise, neutraliseKeepingLines } from './safe-text.ts';

/** Characters XML 1.0 forbids that {@link neutraliseKeepingLines} leaves: lone surrogates, U+FFFE, U+FFFF. */
const forbiddenXmlChars = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * XML text. Control characters (which XML 1.0 forbids, or a CI log would pass to a terminal) and the
 * other characters XML forbids are shown escaped (`\x1b`, `\r`, `\ufffe`); tab and line feed stay.
 */
export function escapeXmlText(value: string): string {
  return neutraliseKeepingLines(value)
    .replace(forbiddenXmlChars, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values also keep their quotes, tabs and line feeds (as character references, so parsers do not normalise them away). */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

/** Names (suite, class, testcase, file) are one line: line breaks in them are shown escaped too. */
function testcaseName(finding: Finding): string {
  if ('file' in finding.source && finding.source.address) return neutralise(finding.source.address);
  return neutralise(finding.resource.id);
}

function skipReason(finding: Finding): string {
  if (finding.status === 'suppressed') {
    const suppression = finding.suppression;
    return suppression ? `suppressed: ${suppression.reason}${suppression.expires ? ` (expires ${suppression.expires})` : ''}` : 'suppressed by policy';
  }
  if (finding.status === 'unknown') return `could not be evaluated: ${finding.message}`;
  return `not applicable: ${finding.message}`;
}

function failureBody(finding: Finding): string {
  const lines = [finding.message, '', `Resource: ${finding.resource.id}${finding.resource.name ? ` (${finding.resource.name})` : ''}`];
  if (finding.region) lines.push(`Region: ${finding.region}`);
  if ('file' in finding.source) lines.push(`File: ${finding.source.file}${finding.source.line !== undefined ? `:${finding.source.line}` : ''}`);
  if (finding.observed !== undefined) lines.push(`Observed: ${JSON.stringify(finding.observed)}`);
  if (finding.expected !== undefined) lines.push(`Expected: ${JSON.stringify(finding.expected)}`);
  lines.push('', `Remediation: ${finding.remediation}`);
  if (finding.references.length > 0) lines.push('References:', ...finding.references.map((reference) => `- ${reference}`));
  return lines.join('\n');
}

function testcase(finding: Finding): string {
  const open = `    <testcase${attributes({ classname: neutralise(finding.ruleId), name: testcaseName(finding), file: 'file' in finding.source ? neutralise(finding.source.file) : undefined, time: 0 })}`;
  if (finding.status === 'pass') return `${open}/>`;
  if (finding.status === 'fail') {
    return `${open}>\n      <failure${attributes({ message: finding.message, type: finding.severity })}>${escapeXmlText(failureBody(finding))}</failure>\n    </testcase>`;
  }
  return `${open}>\n      <skipped${attributes({ message: skipReason(finding) })}/>\n    </testcase>`;
}

/** JUnit XML (spec §9): one testsuite per rule, one testcase per finding; fail → failure, suppressed/not_applicable/unknown → skipped. */
export function renderJunit(report: Report): string {
  const byRule = Map.groupBy(report.findings, (finding) => finding.ruleId);
  const count = (findings: readonly Finding[]) => ({
    tests: findings.length,
    failures: findings.filter((finding) => finding.status === 'fail').length,
    errors: 0,
    skipped: findings.filter((finding) => finding.status !== 'pass' && finding.status !== 'fail').length,
  });
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites${attributes({ name: `${report.tool.name} ${report.tool.version}`, ...count(report.findings), time: 0, timestamp: report.scan.startedAt })}>`,
  );
  for (const [ruleId, findings] of byRule) {
    const first = findings[0] as Finding;
    lines.push(`  <testsuite${attributes({ name: neutralise(ruleId), ...count(findings), time: 0, timestamp: report.scan.startedAt })}>`);
    lines.push(
      `    <properties>\n      <property${attributes({ name: 'title', value: neutralise(first.title) })}/>\n      <property${attributes({ name: 'severity', value: first.severity })}/>\n    </properties>`,
    );
    for (const finding of findings) lines.push(testcase(finding));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
