import { styleText } from 'node:util';
import type { Report } from '../report/build.ts';
import type { Finding } from '../engine/evaluate.ts';
import { severities } from '../engine/rule.ts';
import { neutralise as s } from './safe-text.ts';
import { sinceLastScanLines } from './history.ts';
import { inventoryTextLines } from './inventory.ts';

export interface TextOptions {
  color: boolean;
  /** How the platform of a provider is named (the provider module's display name). */
  platformName?: (provider: string) => string;
  /** `--summary`: only the level per platform, its blockers and the counts behind the exit code. */
  summary?: boolean;
}

/**
 * Criteria judged once for the whole estate, not per platform (src/maturity/infer.ts: L5.multi-cloud
 * comes from the cross-cloud rule when two or more platforms are in use): shown once, after the platforms.
 */
const estateWideCriteria = ['L5.multi-cloud'];

/** Evidence longer than this is cut in the terminal; JSON (and HTML) keep it whole. */
export const maxEvidenceLength = 200;
export const truncationNote = '… (full evidence: --format json|html)';
/** Scopes named in the `--summary` header. */
const summaryScopes = 3;

/** `value` cut to {@link maxEvidenceLength} characters with a pointer to the full text, then neutralised. */
function evidence(value: string): string {
  return s(value.length <= maxEvidenceLength ? value : `${value.slice(0, maxEvidenceLength).trimEnd()}${truncationNote}`);
}

type Criterion = NonNullable<Report['maturity']>['platforms'][number]['criteria'][number];

/** Estate-wide criteria that every in-use platform reports the same way: printed once instead of under each platform. */
function sharedCriteria(report: Report): Map<string, Criterion> {
  const shared = new Map<string, Criterion>();
  const inUse = (report.maturity?.platforms ?? []).filter((platform) => platform.inUse === true);
  if (inUse.length < 2) return shared;
  for (const id of estateWideCriteria) {
    const found = inUse.map((platform) => platform.criteria.find((criterion) => criterion.id === id));
    const first = found[0];
    if (first && found.every((criterion) => criterion !== undefined && criterion.status === first.status && criterion.summary === first.summary))
      shared.set(id, first);
  }
  return shared;
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
  // --summary names a few scopes and counts the rest (an IaC run has one per file).
  const named = options.summary ? report.scan.scopes.slice(0, summaryScopes) : report.scan.scopes;
  const more = report.scan.scopes.length - named.length;
  const scopes = named.map((scope) => s(`${scope.provider} ${scope.type} ${scope.id}`)).join(', ') + (more > 0 ? ` and ${more} more` : '') || 'no scope';
  lines.push(paint('bold', `aiposture ${s(report.tool.version)} — ${s(report.scan.mode)} scan of ${scopes}`));
  lines.push(`finished ${s(report.scan.finishedAt)}`);
  lines.push('');

  if (options.summary) return renderSummary(report, options, lines, paint);

  if (report.maturity) {
    const { overall } = report.maturity;
    lines.push(
      paint(
        'bold',
        `Maturity (Cloud AI platforms track): overall ${overall.level === null ? 'n/a' : `Level ${overall.level}`}${overall.target ? ` (target ${overall.target})` : ''}`,
      ),
    );
    const shared = sharedCriteria(report);
    const criterionLine = (criterion: Criterion) => {
      const colour: Style = criterion.status === 'met' || criterion.status === 'attested' ? 'green' : criterion.status === 'unmet' ? 'red' : 'yellow';
      return `    ${paint(colour, `${criterionMarks[criterion.status] ?? ' '} ${s(criterion.id).padEnd(25)} ${s(criterion.status).padEnd(8)}`)} ${evidence(criterion.summary)}`;
    };
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
      for (const criterion of platform.criteria) if (!shared.has(criterion.id)) lines.push(criterionLine(criterion));
    }
    if (shared.size > 0) {
      lines.push(`  ${paint('bold', 'Across the platforms in use')}`);
      for (const criterion of shared.values()) lines.push(criterionLine(criterion));
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
          `      ${s('file' in finding.source ? `${finding.source.file}${finding.source.line ? `:${finding.source.line}` : ''}` : (finding.region ?? 'global'))}  ${s(finding.resource.name ?? finding.resource.id)}: ${evidence(finding.message)}`,
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
      lines.push(
        `  ${s(finding.ruleId)}  ${s(finding.region ?? 'global')}  ${s(finding.resource.name ?? finding.resource.id)}`,
        `    ${evidence(finding.message)}`,
      );
    lines.push('');
  }

  lines.push(...inventoryTextLines(report, { ...(options.platformName ? { platformName: options.platformName } : {}) }, (text) => paint('bold', text)));

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

/**
 * `--summary`: the level per platform with the criteria blocking the next one, the failing counts
 * by severity (what `--fail-on` gates on), unknowns and coverage problems, and the status totals.
 */
function renderSummary(report: Report, options: TextOptions, lines: string[], paint: (style: Style, text: string) => string): string {
  if (report.maturity) {
    const { overall } = report.maturity;
    lines.push(
      paint('bold', `Maturity: overall ${overall.level === null ? 'n/a' : `Level ${overall.level}`}${overall.target ? ` (target ${overall.target})` : ''}`),
    );
    for (const platform of report.maturity.platforms) {
      const name = s(options.platformName?.(platform.provider) ?? platform.provider);
      if (platform.inUse === null) lines.push(`  ${name}: ${paint('yellow', 'use undecided')}; no level is claimed`);
      else if (!platform.inUse) lines.push(`  ${name}: not in use`);
      else
        lines.push(
          `  ${paint('bold', name)}: Level ${platform.level}${platform.nextLevel ? ` — Level ${platform.nextLevel.level} blocked by ${s(platform.nextLevel.blockers.join(', '))}` : ''}`,
        );
    }
    lines.push('');
  }
  const failing = report.findings.filter((finding) => finding.status === 'fail');
  const bySeverity = severities.map((severity) => `${failing.filter((finding) => finding.severity === severity).length} ${severity}`);
  lines.push(`Failing findings: ${failing.length} (${bySeverity.join(', ')})`);
  const problems = report.coverage.filter((entry) => entry.status === 'denied' || entry.status === 'error').length;
  if (report.summary.unknown > 0 || problems > 0) lines.push(`Could not be evaluated: ${report.summary.unknown}; coverage problems: ${problems}`);
  const unreadable = report.iac?.errors?.length ?? 0;
  if (unreadable > 0) lines.push(`IaC files that could not be read: ${unreadable} (--strict makes this exit 2)`);
  const { summary } = report;
  lines.push(
    `Summary: ${summary.pass} pass, ${summary.fail} fail, ${summary.unknown} unknown, ${summary.not_applicable} not applicable, ${summary.suppressed} suppressed`,
  );
  return `${lines.join('\n')}\n`;
}
