import { styleText } from 'node:util';
import type { Report } from '../report/build.ts';
import type { Finding } from '../engine/evaluate.ts';
import { severities } from '../engine/rule.ts';
import { neutralise as s } from './safe-text.ts';
import { sinceLastScanLines } from './history.ts';

export interface TextOptions {
  color: boolean;
  /** How the platform of a provider is named (the provider module's display name). */
  platformName?: (provider: string) => string;
}

const criterionMarks: Record<string, string> = { met: '✔', attested: '✎', unmet: '✘', unknown: '?' };

type Style = Parameters<typeof styleText>[0];

/** The IaC section's `warnings` (e.g. no IaC file was read at all), when the report has any. */
export function iacWarnings(report: Report): readonly string[] {
  const warnings = (report.iac as { warnings?: unknown } | undefined)?.warnings;
  return Array.isArray(warnings) ? warnings.filter((warning): warning is string => typeof warning === 'string') : [];
}

/**
 * Terminal summary (spec §9): level per platform with blockers, failing findings by severity, coverage problems.
 * Every value read from a cloud or a file goes through `s` (control characters shown escaped), so
 * a name cannot drive the terminal or forge a line; the reporter's own styles are the only escapes.
 */
export function renderText(report: Report, options: TextOptions): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const lines: string[] = [];
  const scopes = report.scan.scopes.map((scope) => s(`${scope.provider} ${scope.type} ${scope.id}`)).join(', ') || 'no scope';
  lines.push(paint('bold', `aiposture ${s(report.tool.version)} — ${s(report.scan.mode)} scan of ${scopes}`));
  lines.push(`finished ${s(report.scan.finishedAt)}`);
  lines.push('');

  if (report.maturity) {
    const { overall } = report.maturity;
    lines.push(
      paint(
        'bold',
        `Maturity (Cloud AI platforms track): overall ${overall.level === null ? 'n/a' : `Level ${overall.level}`}${overall.target ? ` (target ${overall.target})` : ''}`,
      ),
    );
    for (const platform of report.maturity.platforms) {
      const name = s(options.platformName?.(platform.provider) ?? platform.provider);
      if (platform.inUse === null) {
        lines.push(`  ${name}: ${paint('yellow', 'use undecided')} (${s(platform.usage)}); no level is claimed`);
        continue;
      }
      if (!platform.inUse) {
        lines.push(`  ${name}: not in use (no activity found in the scanned scope)`);
        continue;
      }
      const next = platform.nextLevel ? ` — Level ${platform.nextLevel.level} blocked by ${s(platform.nextLevel.blockers.join(', '))}` : '';
      lines.push(`  ${paint('bold', name)}: Level ${platform.level}${next}`);
      for (const criterion of platform.criteria) {
        const colour: Style = criterion.status === 'met' || criterion.status === 'attested' ? 'green' : criterion.status === 'unmet' ? 'red' : 'yellow';
        lines.push(
          `    ${paint(colour, `${criterionMarks[criterion.status] ?? ' '} ${s(criterion.id).padEnd(25)} ${s(criterion.status).padEnd(8)}`)} ${s(criterion.summary)}`,
        );
      }
    }
    lines.push('');
  }

  if (report.scopes && report.scopes.length > 0) {
    lines.push(paint('bold', `Scopes (${report.scopes.length})`));
    for (const scope of report.scopes) {
      const level = scope.level === null ? 'no level' : `Level ${scope.level}`;
      const { critical, high, medium, low } = scope.fail;
      const coverage = scope.coverage === 'complete' ? '' : paint('yellow', ` · coverage ${scope.coverage}`);
      lines.push(
        `  ${s(`${scope.provider} ${scope.type} ${scope.id}`)}${scope.name ? ` (${s(scope.name)})` : ''}: ${level} · fail ${critical}/${high}/${medium}/${low} (crit/high/med/low)${coverage}`,
      );
    }
    lines.push('');
  }

  if (report.history) {
    lines.push(paint('bold', 'Since the last scan'), ...sinceLastScanLines(report.history, (provider) => options.platformName?.(provider) ?? provider), '');
  }

  const failing = report.findings.filter((finding) => finding.status === 'fail');
  lines.push(paint('bold', `Failing findings (${failing.length})`));
  for (const severity of severities) {
    const group = failing.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push(`  ${paint(severity === 'critical' || severity === 'high' ? 'red' : 'yellow', severity.toUpperCase())} (${group.length})`);
    for (const [ruleId, ruleFindings] of Map.groupBy(group, (finding) => finding.ruleId)) {
      const first = ruleFindings[0] as Finding;
      lines.push(`    ${paint('bold', s(ruleId))} (${ruleFindings.length}) — ${s(first.title)}`);
      for (const finding of ruleFindings)
        lines.push(
          `      ${s('file' in finding.source ? `${finding.source.file}${finding.source.line ? `:${finding.source.line}` : ''}` : (finding.region ?? 'global'))}  ${s(finding.resource.name ?? finding.resource.id)}: ${s(finding.message)}`,
        );
      lines.push(`      ${paint('cyan', 'Fix:')} ${s(first.remediation)}`);
    }
  }
  if (failing.length === 0) lines.push('  none');
  lines.push('');

  const unknown = report.findings.filter((finding) => finding.status === 'unknown');
  if (unknown.length > 0) {
    lines.push(paint('bold', `Could not be evaluated (${unknown.length})`));
    for (const finding of unknown)
      lines.push(`  ${s(finding.ruleId)}  ${s(finding.region ?? 'global')}  ${s(finding.resource.name ?? finding.resource.id)}`, `    ${s(finding.message)}`);
    lines.push('');
  }

  const problems = report.coverage.filter((entry) => entry.status === 'denied' || entry.status === 'error');
  if (problems.length > 0) {
    lines.push(paint('bold', `Coverage problems (${problems.length})`));
    for (const entry of problems)
      lines.push(
        `  ${paint('yellow', s(entry.status).padEnd(7))} ${s(`${entry.provider} ${entry.scope.id} ${entry.region ?? 'global'} ${entry.collector}`)}${entry.message ? ` — ${s(entry.message)}` : ''}`,
      );
    lines.push('');
  }
  if (report.iac) {
    lines.push(paint('bold', `IaC files read (${report.iac.files.length})`));
    for (const entry of report.iac.files) lines.push(`  ${s(entry.format).padEnd(15)} ${s(entry.file)}`);
    for (const warning of iacWarnings(report)) lines.push(`  ${paint('yellow', 'Warning:')} ${s(warning)}`);
    const errors = report.iac.errors ?? [];
    if (errors.length > 0) {
      lines.push(paint('bold', `Could not read (${errors.length}); the other files were judged`));
      for (const error of errors) lines.push(`  ${paint('red', s(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}`))}: ${s(error.problem)}`);
    }
    if (report.iac.skipped.length > 0) {
      lines.push(paint('bold', `Skipped (${report.iac.skipped.length})`));
      for (const entry of report.iac.skipped) lines.push(`  ${s(entry.file)}: ${s(entry.reason)}`);
    }
    lines.push('');
  }
  if (report.policy.expiredExceptions.length > 0) {
    lines.push(paint('bold', 'Expired policy exceptions (no longer applied)'));
    for (const exception of report.policy.expiredExceptions)
      lines.push(`  ${s(exception.rule)} ${s(exception.resource)} expired ${s(exception.expires ?? '')}: ${s(exception.reason)}`);
    lines.push('');
  }

  const { summary } = report;
  lines.push(
    `Summary: ${summary.pass} pass, ${summary.fail} fail, ${summary.unknown} unknown, ${summary.not_applicable} not applicable, ${summary.suppressed} suppressed`,
  );
  return `${lines.join('\n')}\n`;
}
