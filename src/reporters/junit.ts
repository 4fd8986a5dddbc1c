import type { Report } from '../report/build.ts';
import type { Finding } from '../engine/evaluate.ts';

/** Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) are dropped. */
const forbiddenXmlChars = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXmlText(value: string): string {
  return value.replace(forbiddenXmlChars, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their quotes and line breaks (as character references, so parsers do not normalise them away). */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

function testcaseName(finding: Finding): string {
  if ('file' in finding.source && finding.source.address) return finding.source.address;
  return finding.resource.id;
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
  const open = `    <testcase${attributes({ classname: finding.ruleId, name: testcaseName(finding), file: 'file' in finding.source ? finding.source.file : undefined, time: 0 })}`;
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
    lines.push(`  <testsuite${attributes({ name: ruleId, ...count(findings), time: 0, timestamp: report.scan.startedAt })}>`);
    lines.push(
      `    <properties>\n      <property${attributes({ name: 'title', value: first.title })}/>\n      <property${attributes({ name: 'severity', value: first.severity })}/>\n    </properties>`,
    );
    for (const finding of findings) lines.push(testcase(finding));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
