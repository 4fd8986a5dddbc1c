import type { Report } from '../report/build.ts';
import type { Finding } from '../engine/evaluate.ts';
import { severities } from '../engine/rule.ts';
import { escapeMarkdown, neutralise } from './safe-text.ts';

export { escapeMarkdown };
import { iacWarnings } from './text.ts';
import { sinceLastScanMarkdown } from './history.ts';
import { inventoryMarkdownLines } from './inventory.ts';

const severityIcons: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

function location(finding: Finding): string {
  if ('file' in finding.source) return `${finding.source.file}${finding.source.line !== undefined ? `:${finding.source.line}` : ''}`;
  return finding.region ?? 'global';
}

function resource(finding: Finding): string {
  if ('file' in finding.source && finding.source.address) return finding.source.address;
  return finding.resource.name ?? finding.resource.id;
}

function capitalise(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/** PR comment / job summary (spec §9): headline counts and maturity, failing findings by severity, remediation collapsed. */
/** `platformName`: how the platform of a provider is named (the provider module's display name). */
export function renderMarkdown(report: Report, options: { platformName?: (provider: string) => string } = {}): string {
  const { summary } = report;
  const lines: string[] = [];
  const scopes = report.scan.scopes.map((scope) => `${scope.provider} ${scope.type} ${scope.id}`).join(', ') || 'no scope';
  lines.push(`## aiposture ${escapeMarkdown(report.tool.version)} — ${report.scan.mode} scan`);
  lines.push('');
  lines.push(
    `**${summary.fail} failing** · ${summary.unknown} unknown · ${summary.suppressed} suppressed · ${summary.pass} passing · ${summary.not_applicable} not applicable`,
  );
  lines.push('');
  lines.push(`Scope: ${escapeMarkdown(scopes)}`);
  lines.push('');

  if (report.maturity) {
    const { overall } = report.maturity;
    lines.push(`### Maturity: overall ${overall.level === null ? 'n/a' : `Level ${overall.level}`}${overall.target ? ` (target ${overall.target})` : ''}`);
    lines.push('');
    lines.push('| Platform | Level | Next level blocked by |', '| --- | --- | --- |');
    for (const platform of report.maturity.platforms) {
      const name = escapeMarkdown(options.platformName?.(platform.provider) ?? platform.provider);
      const level = platform.inUse
        ? `Level ${platform.level ?? 'n/a'}${platform.target ? ` (target ${platform.target})` : ''}`
        : platform.inUse === null
          ? `use undecided: ${neutralise(platform.usage)}`
          : 'not in use';
      const next =
        platform.inUse && platform.nextLevel
          ? `Level ${platform.nextLevel.level}: ${platform.nextLevel.blockers.map((blocker) => `\`${neutralise(blocker).replace(/`/g, "'")}\``).join(', ')}`
          : '—';
      lines.push(`| ${name} | ${level} | ${next} |`);
    }
    lines.push('');
  }

  if (report.scopes && report.scopes.length > 1) {
    lines.push(
      `### Scopes (${report.scopes.length})`,
      '',
      '| Scope | Level | Critical | High | Medium | Low | Coverage |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const scope of report.scopes)
      lines.push(
        `| ${escapeMarkdown(`${scope.provider} ${scope.type} ${scope.id}${scope.name ? ` (${scope.name})` : ''}`)} | ${scope.level ?? '—'} | ${scope.fail.critical} | ${scope.fail.high} | ${scope.fail.medium} | ${scope.fail.low} | ${scope.coverage} |`,
      );
    lines.push('');
  }
  if (report.history) lines.push(...sinceLastScanMarkdown(report.history, (provider) => options.platformName?.(provider) ?? provider));

  const failing = report.findings.filter((finding) => finding.status === 'fail');
  lines.push(`### Failing findings (${failing.length})`);
  lines.push('');
  if (failing.length === 0) lines.push('None.', '');
  for (const severity of severities) {
    const group = failing.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push(`#### ${severityIcons[severity] ?? ''} ${capitalise(severity)} (${group.length})`);
    lines.push('');
    lines.push('| Rule | Resource | Location | Message |', '| --- | --- | --- | --- |');
    for (const finding of group) {
      lines.push(
        `| ${escapeMarkdown(finding.ruleId)} | ${escapeMarkdown(resource(finding))} | ${escapeMarkdown(location(finding))} | ${escapeMarkdown(finding.message)} |`,
      );
    }
    lines.push('');
    for (const [ruleId, ruleFindings] of Map.groupBy(group, (finding) => finding.ruleId)) {
      const first = ruleFindings[0] as Finding;
      lines.push('<details>', `<summary>How to fix ${escapeMarkdown(ruleId)} — ${escapeMarkdown(first.title)}</summary>`, '');
      lines.push(escapeMarkdown(first.remediation));
      if (first.references.length > 0)
        lines.push(
          '',
          ...first.references.map((reference) => `- ${/^https?:\/\/[^\s\p{Cc}<>]+$/u.test(reference) ? `<${reference}>` : escapeMarkdown(reference)}`),
        );
      lines.push('', '</details>', '');
    }
  }

  lines.push(...inventoryMarkdownLines(report, { ...(options.platformName ? { platformName: options.platformName } : {}) }));

  const unknown = report.findings.filter((finding) => finding.status === 'unknown');
  const suppressed = report.findings.filter((finding) => finding.status === 'suppressed');
  if (unknown.length > 0) {
    lines.push('<details>', `<summary>Could not be evaluated (${unknown.length})</summary>`, '');
    for (const finding of unknown)
      lines.push(
        `- ${escapeMarkdown(finding.ruleId)} · ${escapeMarkdown(resource(finding))} · ${escapeMarkdown(location(finding))}: ${escapeMarkdown(finding.message)}`,
      );
    lines.push('', '</details>', '');
  }
  if (suppressed.length > 0) {
    lines.push('<details>', `<summary>Suppressed by policy (${suppressed.length})</summary>`, '');
    for (const finding of suppressed) {
      const reason = finding.suppression
        ? `${finding.suppression.reason}${finding.suppression.expires ? ` (expires ${finding.suppression.expires})` : ''}`
        : 'suppressed';
      lines.push(`- ${escapeMarkdown(finding.ruleId)} · ${escapeMarkdown(resource(finding))}: ${escapeMarkdown(reason)}`);
    }
    lines.push('', '</details>', '');
  }
  for (const warning of iacWarnings(report)) lines.push(`⚠️ ${escapeMarkdown(warning)}`, '');
  for (const error of report.iac?.errors ?? [])
    lines.push(`❌ Not read: ${escapeMarkdown(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}`)}: ${escapeMarkdown(error.problem)}`, '');
  const problems = report.coverage.filter((entry) => entry.status === 'denied' || entry.status === 'error');
  if (problems.length > 0) lines.push(`⚠️ ${problems.length} collector(s) could not read everything (denied or error); see the text or JSON report.`, '');
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
