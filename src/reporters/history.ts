/**
 * What history shows: the "since the last scan" block of the text and markdown reports,
 * `aiposture diff` (text, json, markdown) and `aiposture history` (text, json). Resource ids and
 * rule ids come from clouds and files: escaped like every other reporter does.
 */
import type { DiffReport, DriftChange, DriftState, HistoryListEntry, HistorySection, LevelChange } from '../report/history-section.ts';
import { escapeMarkdown, neutralise as s } from './safe-text.ts';

const stateLabels: Record<DriftState, string> = {
  new: 'new',
  resolved: 'resolved',
  regressed: 'regressed',
  still_open: 'still open',
  no_longer_assessed: 'no longer assessed',
  no_longer_reported: 'no longer reported',
};
/** How people read a change list: what got worse first. */
const stateOrder: readonly DriftState[] = ['new', 'regressed', 'resolved', 'still_open', 'no_longer_assessed', 'no_longer_reported'];

const level = (value: number | null) => (value === null ? 'n/a' : `Level ${value}`);
const levelChangeLine = (change: LevelChange, name: (provider: string) => string) => `${name(change.provider)}: ${level(change.from)} → ${level(change.to)}`;
const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** Lines of the text report's "Since the last scan" block. */
export function sinceLastScanLines(section: HistorySection, name: (provider: string) => string): string[] {
  const lines: string[] = [];
  if (section.previousScanId === null) {
    lines.push(`  first scan of this scope in the history store (scan ${s(section.scanId)}): nothing to compare yet`);
    return lines;
  }
  const { drift } = section;
  lines.push(
    `  since ${day(section.previousFinishedAt)} (scan ${s(section.previousScanId)}): ${drift.new} new, ${drift.resolved} resolved, ${drift.regressed} regressed, ${drift.stillOpen} still open, ${drift.noLongerAssessed} no longer assessed, ${drift.noLongerReported} no longer reported`,
  );
  for (const change of section.levelChanges) lines.push(`  level: ${s(levelChangeLine(change, name))}`);
  for (const state of ['new', 'regressed', 'resolved'] as const) {
    for (const change of section.changes.filter((entry) => entry.state === state))
      lines.push(`  ${stateLabels[state].padEnd(10)} ${s(change.severity).padEnd(8)} ${s(change.ruleId)}  ${s(change.resource.id)}`);
  }
  if (section.notCompared > 0) lines.push(`  ${section.notCompared} failing finding(s) not compared: the previous scan could not evaluate them`);
  if (section.coverageLost > 0) lines.push(`  ${section.coverageLost} read(s) that succeeded last time failed now: regressions there cannot be seen`);
  for (const entry of section.mttrDays)
    lines.push(`  MTTR ${s(name(entry.provider))} ${s(entry.severity)}: ${entry.days} days over ${entry.resolved} resolved`);
  for (const breach of section.slaBreaches)
    lines.push(
      `  SLA breach  ${s(breach.ruleId)}  ${s(breach.resource.id)}: open ${breach.days} days since ${day(breach.openSince)} (SLA ${breach.slaDays} days)`,
    );
  lines.push(`  ${s(section.precision.note)}`);
  return lines;
}

/** The markdown report's "Since the last scan" section. */
export function sinceLastScanMarkdown(section: HistorySection, name: (provider: string) => string): string[] {
  const lines = ['### Since the last scan', ''];
  if (section.previousScanId === null) return [...lines, 'First scan of this scope in the history store.', ''];
  const { drift } = section;
  lines.push(
    `Since ${day(section.previousFinishedAt)}: **${drift.new} new** · **${drift.regressed} regressed** · ${drift.resolved} resolved · ${drift.stillOpen} still open · ${drift.noLongerAssessed} no longer assessed · ${drift.noLongerReported} no longer reported`,
    '',
  );
  for (const change of section.levelChanges) lines.push(`- Level change: ${escapeMarkdown(levelChangeLine(change, name))}`);
  if (section.changes.length > 0) lines.push('', ...changeTable(section.changes));
  if (section.slaBreaches.length > 0) {
    lines.push('', `${section.slaBreaches.length} finding(s) open longer than their remediation SLA:`, '');
    for (const breach of section.slaBreaches)
      lines.push(`- \`${escapeMarkdown(breach.ruleId)}\` ${escapeMarkdown(breach.resource.id)}: ${breach.days} days (SLA ${breach.slaDays})`);
  }
  lines.push('');
  return lines;
}

function changeTable(changes: readonly DriftChange[]): string[] {
  const rows = ['| Change | Severity | Rule | Resource | Before → after |', '| --- | --- | --- | --- | --- |'];
  for (const change of sortChanges(changes))
    rows.push(
      `| ${stateLabels[change.state]} | ${change.severity} | \`${escapeMarkdown(change.ruleId)}\` | ${escapeMarkdown(change.resource.id)} | ${change.before ?? '—'} → ${change.after ?? '—'} |`,
    );
  return rows;
}

function sortChanges(changes: readonly DriftChange[]): DriftChange[] {
  return [...changes].sort((a, b) => stateOrder.indexOf(a.state) - stateOrder.indexOf(b.state));
}

export function renderDiff(diff: DiffReport, format: 'text' | 'json' | 'markdown', name: (provider: string) => string): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  const { counts } = diff;
  const headline = `${counts.new} new, ${counts.regressed} regressed, ${counts.resolved} resolved, ${counts.stillOpen} still open, ${counts.noLongerAssessed} no longer assessed, ${counts.noLongerReported} no longer reported`;
  if (format === 'markdown') {
    const lines = [`## aiposture diff: ${day(diff.fromFinishedAt)} → ${day(diff.toFinishedAt)}`, '', headline, ''];
    for (const change of diff.levelChanges) lines.push(`- Level change: ${escapeMarkdown(levelChangeLine(change, name))}`);
    if (diff.levelChanges.length > 0) lines.push('');
    if (diff.findings.length > 0) lines.push(...changeTable(diff.findings), '');
    if (diff.coverageLost.length > 0)
      lines.push(`${diff.coverageLost.length} read(s) succeeded before and failed after: regressions there cannot be seen.`, '');
    return `${lines.join('\n')}\n`;
  }
  const lines = [
    `aiposture diff ${s(diff.from)} (${day(diff.fromFinishedAt)}) → ${s(diff.to)} (${day(diff.toFinishedAt)})`,
    headline,
    ...diff.levelChanges.map((change) => `level: ${s(levelChangeLine(change, name))}`),
    '',
  ];
  for (const change of sortChanges(diff.findings))
    lines.push(
      `${stateLabels[change.state].padEnd(19)} ${s(change.severity).padEnd(8)} ${s(change.ruleId)}  ${s(change.resource.id)}  (${change.before ?? '—'} → ${change.after ?? '—'})`,
    );
  if (diff.findings.length === 0) lines.push('no failing findings in either scan');
  if (diff.notCompared > 0) lines.push('', `${diff.notCompared} failing finding(s) not compared: the earlier scan could not evaluate them`);
  if (diff.coverageLost.length > 0) {
    lines.push('', `Coverage lost (${diff.coverageLost.length}): read before, not now`);
    for (const entry of diff.coverageLost)
      lines.push(`  ${s(`${entry.provider} ${entry.scopeId} ${entry.region ?? 'global'} ${entry.collector}`)}: ${s(entry.after ?? 'not read')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderHistoryList(scans: readonly HistoryListEntry[], format: 'text' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ scans }, null, 2)}\n`;
  if (scans.length === 0) return 'no scans stored yet\n';
  const lines = [`${'finished'.padEnd(17)} ${'scan id'.padEnd(36)} ${'mode'.padEnd(5)} ${'levels'.padEnd(24)} fail (crit/high/med/low)  scopes`];
  for (const scan of scans) {
    const levels = scan.levels.map((entry) => `${entry.provider} ${entry.level ?? '-'}`).join(', ') || '—';
    const fail = `${scan.fail.critical}/${scan.fail.high}/${scan.fail.medium}/${scan.fail.low}`;
    const notes = [scan.complete ? '' : 'incomplete', scan.origin === 'import' ? 'imported' : ''].filter(Boolean).join(', ');
    const scopes = scan.scopes.map((scope) => `${scope.provider}:${scope.id}`).join(',');
    lines.push(
      `${day(scan.finishedAt).padEnd(17)} ${s(scan.id).padEnd(36)} ${s(scan.mode).padEnd(5)} ${s(levels).padEnd(24)} ${fail.padEnd(25)} ${s(scopes)}${notes ? `  (${notes})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
