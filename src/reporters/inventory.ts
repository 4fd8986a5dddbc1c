/**
 * The `inventory` and `effectiveness` sections (spec §12) as text and Markdown: a compact table of
 * the AI in use, then per platform the measured controls and the guarded shares. Every value read
 * from a cloud is neutralised (text) or escaped (Markdown); long tables are capped with a pointer
 * to the JSON report, which keeps everything. `null` is shown as `unknown` with its reason — never 0.
 */
import type { Report } from '../report/build.ts';
import type { AiAsset, GuardedShare, MeasuredControl, PlatformEffectiveness } from '../model/ai-inventory.ts';
import { escapeMarkdown, neutralise } from './safe-text.ts';

/** Rows shown per table before "… N more (see --format json)". */
export const maxInventoryRows = 40;
export const maxEffectivenessRows = 20;
/** A cell longer than this is cut (ARNs and resource ids run long); JSON keeps it whole. */
const maxCellLength = 60;

export interface SectionOptions {
  platformName?: (provider: string) => string;
  /** Rows per table (tests lower it). */
  maxRows?: number;
}

const numbers = new Intl.NumberFormat('en-US');
const count = (value: number | null) => (value === null ? 'unknown' : numbers.format(value));
const percent = (value: number | null) => (value === null ? 'unknown' : `${(value * 100).toFixed(value > 0 && value < 0.001 ? 3 : 1)}%`);
const cost = (value: MeasuredControl['estimatedCost']) => (value === null ? '—' : `${value.amount.toFixed(2)} ${value.currency}`);
const invoked = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');
const scopeOf = (scope: { type: string; id: string }) => `${scope.type} ${scope.id}`;

function cut(value: string): string {
  return value.length <= maxCellLength ? value : `${value.slice(0, maxCellLength - 1)}…`;
}

function modelOf(asset: AiAsset): string {
  if (!asset.model) return '—';
  const { provider, name, version } = asset.model;
  return `${provider ? `${provider}/` : ''}${name}${version ? ` ${version}` : ''}`;
}

function controlsOf(asset: AiAsset): string {
  if (asset.controls.length === 0) return 'none';
  return asset.controls.map((control) => `${control.type} ${control.id}${control.version ? ` v${control.version}` : ''}`).join('; ');
}

/** The window as "from → to (N days)" (or hours, for a window shorter than a day). */
export function windowLabel(window: { from: string; to: string }): string {
  const ms = Date.parse(window.to) - Date.parse(window.from);
  const span = Number.isFinite(ms) ? (ms % 86_400_000 === 0 ? `${ms / 86_400_000} days` : `${Math.round(ms / 3_600_000)} hours`) : 'unknown span';
  return `${window.from} → ${window.to} (${span})`;
}

interface Table {
  header: string[];
  rows: string[][];
}

function inventoryTable(assets: readonly AiAsset[]): Table {
  return {
    header: ['provider', 'scope', 'region', 'kind', 'name', 'model', 'invoked', 'controls', 'missing'],
    rows: assets.map((asset) => [
      asset.provider,
      scopeOf(asset.scope),
      asset.region ?? 'global',
      asset.kind,
      asset.name,
      modelOf(asset),
      invoked(asset.invoked),
      controlsOf(asset),
      asset.missingControls.length > 0 ? asset.missingControls.join(', ') : '—',
    ]),
  };
}

function controlsTable(controls: readonly MeasuredControl[]): Table {
  return {
    header: ['control', 'type', 'scope', 'region', 'invocations', 'intervened', 'rate', 'est. cost', 'flags'],
    rows: controls.map((control) => [
      control.id,
      control.type,
      scopeOf(control.scope),
      control.region ?? 'global',
      count(control.invocations),
      count(control.interventions),
      percent(control.interventionRate),
      cost(control.estimatedCost),
      control.flags.join(', ') || '—',
    ]),
  };
}

function sharesTable(shares: readonly GuardedShare[]): Table {
  return {
    header: ['scope', 'region', 'target', 'model invocations', 'guarded', 'share', 'flags'],
    rows: shares.map((share) => [
      scopeOf(share.scope),
      share.region ?? 'global',
      share.target ?? '—',
      count(share.modelInvocations),
      count(share.guardedInvocations),
      percent(share.share),
      share.flags.join(', ') || '—',
    ]),
  };
}

/** Why numbers are missing: one line per control or share with a reason, then the platform's own. */
function reasonsOf(platform: PlatformEffectiveness): string[] {
  return [
    ...(platform.reason ? [platform.reason] : []),
    ...platform.controls.filter((control) => control.reason).map((control) => `${control.id}: ${control.reason}`),
    ...platform.guardedShare
      .filter((share) => share.reason)
      .map((share) => `${scopeOf(share.scope)}${share.region ? ` ${share.region}` : ''}${share.target ? ` ${share.target}` : ''}: ${share.reason}`),
  ];
}

/** Measured totals for a platform headline: "3 controls, 41,230 invocations, 2.1% intervened". */
function headline(platform: PlatformEffectiveness): string {
  const measured = platform.controls.filter((control) => control.invocations !== null);
  const invocations = measured.reduce((sum, control) => sum + (control.invocations ?? 0), 0);
  // The rate only over controls whose interventions were measured too: an unmeasured count is not 0.
  const rated = measured.filter((control) => control.interventions !== null);
  const ratedInvocations = rated.reduce((sum, control) => sum + (control.invocations ?? 0), 0);
  const intervened = rated.reduce((sum, control) => sum + (control.interventions ?? 0), 0);
  const costs = platform.controls.flatMap((control) => (control.estimatedCost ? [control.estimatedCost] : []));
  const currency = costs[0]?.currency;
  const total = currency && costs.every((entry) => entry.currency === currency) ? costs.reduce((sum, entry) => sum + entry.amount, 0) : null;
  const parts = [`${platform.controls.length} control${platform.controls.length === 1 ? '' : 's'}`];
  if (measured.length > 0) {
    parts.push(`${numbers.format(invocations)} invocations`);
    parts.push(ratedInvocations > 0 ? `${percent(intervened / ratedInvocations)} intervened` : 'interventions not measured');
  } else if (platform.controls.length > 0) parts.push('no activity measured');
  if (total !== null) parts.push(`est. ${total.toFixed(2)} ${currency}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Text

function textTable(table: Table, indent: string, max: number): string[] {
  const shown = table.rows.slice(0, max).map((row) => row.map((cell) => cut(neutralise(cell))));
  const header = table.header.map((cell) => cell.toUpperCase());
  const widths = header.map((cell, index) => Math.max(cell.length, ...shown.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${indent}${cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd()}`;
  const lines = [line(header), ...shown.map(line)];
  if (table.rows.length > max) lines.push(`${indent}… ${table.rows.length - max} more (see --format json)`);
  return lines;
}

/** The two sections as text lines (empty when the report has neither). */
export function inventoryTextLines(
  report: Pick<Report, 'inventory' | 'effectiveness'>,
  options: SectionOptions = {},
  bold: (text: string) => string = (text) => text,
): string[] {
  const lines: string[] = [];
  const max = options.maxRows ?? maxInventoryRows;
  if (report.inventory !== undefined) {
    lines.push(bold(`AI inventory (${report.inventory.length})`));
    if (report.inventory.length === 0) lines.push('  no AI asset found (or no provider scanned describes its AI assets)');
    else lines.push(...textTable(inventoryTable(report.inventory), '  ', max));
    lines.push('');
  }
  const platforms = report.effectiveness ?? [];
  if (platforms.length > 0) {
    lines.push(bold('Effectiveness of the controls'));
    const rows = options.maxRows ?? maxEffectivenessRows;
    for (const platform of platforms) {
      const name = neutralise(options.platformName?.(platform.provider) ?? platform.provider);
      lines.push(`  ${bold(name)}: ${neutralise(headline(platform))} — ${neutralise(windowLabel(platform.window))}`);
      if (platform.controls.length > 0) lines.push(...textTable(controlsTable(platform.controls), '    ', rows));
      if (platform.guardedShare.length > 0) {
        lines.push('    Guarded share (model invocations that passed through a control):');
        lines.push(...textTable(sharesTable(platform.guardedShare), '    ', rows));
      }
      const reasons = reasonsOf(platform);
      for (const reason of reasons.slice(0, rows)) lines.push(`    note: ${neutralise(reason)}`);
      if (reasons.length > rows) lines.push(`    … ${reasons.length - rows} more (see --format json)`);
    }
    lines.push('');
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Markdown

function markdownTable(table: Table, max: number): string[] {
  const lines = [`| ${table.header.map(escapeMarkdown).join(' | ')} |`, `| ${table.header.map(() => '---').join(' | ')} |`];
  for (const row of table.rows.slice(0, max)) lines.push(`| ${row.map((cell) => escapeMarkdown(cut(cell))).join(' | ')} |`);
  if (table.rows.length > max) lines.push('', `… ${table.rows.length - max} more (see --format json)`);
  return lines;
}

/** The two sections as Markdown lines (empty when the report has neither). */
export function inventoryMarkdownLines(report: Pick<Report, 'inventory' | 'effectiveness'>, options: SectionOptions = {}): string[] {
  const lines: string[] = [];
  const max = options.maxRows ?? maxInventoryRows;
  if (report.inventory !== undefined && report.inventory.length > 0) {
    lines.push(`### AI inventory (${report.inventory.length})`, '', ...markdownTable(inventoryTable(report.inventory), max), '');
  }
  const rows = options.maxRows ?? maxEffectivenessRows;
  for (const platform of report.effectiveness ?? []) {
    const name = escapeMarkdown(options.platformName?.(platform.provider) ?? platform.provider);
    lines.push(`### Effectiveness: ${name}`, '', `${escapeMarkdown(headline(platform))} — ${escapeMarkdown(windowLabel(platform.window))}`, '');
    if (platform.controls.length > 0) lines.push(...markdownTable(controlsTable(platform.controls), rows), '');
    if (platform.guardedShare.length > 0) lines.push('Guarded share:', '', ...markdownTable(sharesTable(platform.guardedShare), rows), '');
    const reasons = reasonsOf(platform);
    if (reasons.length > 0) {
      lines.push('<details>', `<summary>Not measurable (${reasons.length})</summary>`, '');
      for (const reason of reasons.slice(0, rows)) lines.push(`- ${escapeMarkdown(reason)}`);
      if (reasons.length > rows) lines.push(`- … ${reasons.length - rows} more (see --format json)`);
      lines.push('', '</details>', '');
    }
  }
  return lines;
}
