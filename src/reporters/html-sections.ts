/**
 * The optional sections of the HTML report — AI inventory, control effectiveness and drift since
 * the last scan — present when the report carries them (spec §11, §12). `null` numbers are shown as
 * "not measurable" with their reason, never as 0.
 */
import type { AiAsset, PlatformEffectiveness } from '../model/ai-inventory.ts';
import type { HistorySection } from '../report/history-section.ts';
import { escapeHtml as h, table } from './html-markup.ts';

type PlatformName = (provider: string) => string;

const notMeasurable = '<span class="note">not measurable</span>';
const number = (value: number | null) => (value === null ? notMeasurable : h(value.toLocaleString('en-US')));
const percent = (share: number | null) => (share === null ? notMeasurable : h(`${(share * 100).toFixed(1)}%`));
const scopeText = (scope: { type: string; id: string }) => `${h(scope.type)} <code>${h(scope.id)}</code>`;
const list = (items: readonly string[]) => (items.length === 0 ? '—' : items.join('<br>'));
const when = (iso: string | null) => (iso ? h(iso.slice(0, 16).replace('T', ' ')) : '—');
const levelText = (level: number | null) => (level === null ? 'n/a' : `Level ${level}`);

export function inventorySection(assets: readonly AiAsset[], name: PlatformName): string {
  const parts = ['<section id="inventory" aria-labelledby="inventory-title">', '<h2 id="inventory-title">AI inventory</h2>'];
  if (assets.length === 0) parts.push('<p>No AI asset was found in the scopes read.</p>');
  else
    parts.push(
      table({
        caption: `AI assets in use (${assets.length})`,
        headers: ['Asset', 'Platform', 'Scope', 'Region', 'Kind', 'Model', 'Invoked in the window', 'Controls attached', 'Missing controls', 'Details'],
        rowHeader: true,
        rows: assets.map((asset) => [
          `${h(asset.name)}<br><code>${h(asset.id)}</code>`,
          h(name(asset.provider)),
          scopeText(asset.scope),
          h(asset.region ?? 'global'),
          h(asset.kind),
          asset.model ? h([asset.model.provider, asset.model.name, asset.model.version].filter(Boolean).join(' ')) : '—',
          asset.invoked === null ? notMeasurable : asset.invoked ? 'yes' : 'no',
          list(asset.controls.map((control) => `${h(control.type)}: <code>${h(control.id)}${control.version ? `:${h(control.version)}` : ''}</code>`)),
          asset.missingControls.length === 0 ? '—' : `<span class="status status-fail">${list(asset.missingControls.map((type) => h(type)))}</span>`,
          list([
            ...Object.entries(asset.details ?? {}).map(([key, value]) => `${h(key)}: ${h(value)}`),
            ...(asset.reason ? [`<span class="note">${h(asset.reason)}</span>`] : []),
          ]),
        ]),
      }),
    );
  parts.push('</section>');
  return parts.join('\n');
}

export function effectivenessSection(platforms: readonly PlatformEffectiveness[], name: PlatformName): string {
  const parts = ['<section id="effectiveness" aria-labelledby="effectiveness-title">', '<h2 id="effectiveness-title">Control effectiveness</h2>'];
  if (platforms.length === 0) parts.push('<p>No platform was measured.</p>');
  for (const platform of platforms) {
    parts.push(
      `<h3>${h(name(platform.provider))}</h3>`,
      `<p class="meta">Metrics window ${when(platform.window.from)} to ${when(platform.window.to)} (UTC).</p>`,
    );
    if (platform.reason) parts.push(`<p><span class="status status-unknown">Not measurable:</span> ${h(platform.reason)}</p>`);
    if (platform.controls.length > 0)
      parts.push(
        table({
          caption: `Controls of ${name(platform.provider)}: how often they act`,
          headers: ['Control', 'Type', 'Scope', 'Region', 'Invocations', 'Interventions', 'Intervention rate', 'Estimated cost', 'Flags'],
          rowHeader: true,
          rows: platform.controls.map((control) => [
            `<code>${h(control.id)}</code>`,
            h(control.type),
            scopeText(control.scope),
            h(control.region ?? 'global'),
            number(control.invocations),
            number(control.interventions),
            percent(control.interventionRate),
            control.estimatedCost
              ? `${h(`${control.estimatedCost.amount.toFixed(2)} ${control.estimatedCost.currency}`)}<br><span class="note">${h(control.estimatedCost.basis)}</span>`
              : notMeasurable,
            list([
              ...control.flags.map((flag) => `<span class="status status-fail">${h(flag)}</span>`),
              ...(control.reason ? [`<span class="note">${h(control.reason)}</span>`] : []),
            ]),
          ]),
        }),
      );
    if (platform.guardedShare.length > 0)
      parts.push(
        table({
          caption: `Share of ${name(platform.provider)} model traffic seen by a control`,
          headers: ['Scope', 'Region', 'Deployment or endpoint', 'Model invocations', 'Guarded invocations', 'Guarded share', 'Flags'],
          rowHeader: true,
          rows: platform.guardedShare.map((share) => [
            scopeText(share.scope),
            h(share.region ?? 'global'),
            share.target ? `<code>${h(share.target)}</code>` : '—',
            number(share.modelInvocations),
            number(share.guardedInvocations),
            percent(share.share),
            list([
              ...share.flags.map((flag) => `<span class="status status-fail">${h(flag)}</span>`),
              ...(share.reason ? [`<span class="note">${h(share.reason)}</span>`] : []),
            ]),
          ]),
        }),
      );
  }
  parts.push('</section>');
  return parts.join('\n');
}

const stateLabels: Record<string, string> = {
  new: 'new',
  regressed: 'regressed',
  resolved: 'resolved',
  still_open: 'still open',
  no_longer_assessed: 'no longer assessed',
  no_longer_reported: 'no longer reported',
};

export function historySectionHtml(section: HistorySection, name: PlatformName): string {
  const parts = ['<section id="history" aria-labelledby="history-title">', '<h2 id="history-title">Since the last scan</h2>'];
  if (section.previousScanId === null) {
    parts.push(`<p>First scan of this scope in the history store (scan <code>${h(section.scanId)}</code>): nothing to compare yet.</p>`, '</section>');
    return parts.join('\n');
  }
  const { drift } = section;
  parts.push(
    `<p>Compared with scan <code>${h(section.previousScanId)}</code> of ${when(section.previousFinishedAt)} (UTC), ${h(section.store)} history store.</p>`,
    table({
      caption: 'Drift of findings',
      headers: ['New', 'Regressed', 'Resolved', 'Still open', 'No longer assessed', 'No longer reported'],
      rows: [[drift.new, drift.regressed, drift.resolved, drift.stillOpen, drift.noLongerAssessed, drift.noLongerReported].map((count) => h(count))],
    }),
  );
  if (section.levelChanges.length > 0)
    parts.push(
      table({
        caption: 'Level changes',
        headers: ['Platform', 'Before', 'Now'],
        rowHeader: true,
        rows: section.levelChanges.map((change) => [h(name(change.provider)), h(levelText(change.from)), h(levelText(change.to))]),
      }),
    );
  if (section.changes.length > 0) {
    const order = ['new', 'regressed', 'resolved', 'no_longer_assessed', 'no_longer_reported', 'still_open'];
    const changes = [...section.changes].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
    parts.push(
      table({
        caption: `Findings that changed (${changes.length})`,
        headers: ['Change', 'Severity', 'Platform', 'Rule', 'Resource', 'Before', 'Now'],
        rows: changes.map((change) => [
          `<span class="status status-${change.state === 'resolved' ? 'pass' : change.state === 'new' || change.state === 'regressed' ? 'fail' : 'unknown'}">${h(stateLabels[change.state] ?? change.state)}</span>`,
          `<span class="sev sev-${h(change.severity)}">${h(change.severity)}</span>`,
          h(name(change.provider)),
          `<code>${h(change.ruleId)}</code>`,
          `<code>${h(change.resource.id)}</code>`,
          h(change.before ?? '—'),
          h(change.after ?? '—'),
        ]),
      }),
    );
  }
  if (section.slaBreaches.length > 0)
    parts.push(
      table({
        caption: `Open past the remediation SLA (${section.slaBreaches.length})`,
        headers: ['Rule', 'Resource', 'Open since', 'Days open', 'SLA (days)'],
        rows: section.slaBreaches.map((breach) => [
          `<code>${h(breach.ruleId)}</code>`,
          `<code>${h(breach.resource.id)}</code>`,
          when(breach.openSince),
          h(breach.days),
          h(breach.slaDays),
        ]),
      }),
    );
  if (section.mttrDays.length > 0)
    parts.push(
      table({
        caption: 'Mean time to remediate',
        headers: ['Platform', 'Severity', 'Days', 'Findings resolved'],
        rowHeader: true,
        rows: section.mttrDays.map((entry) => [h(name(entry.provider)), h(entry.severity), h(entry.days), h(entry.resolved)]),
      }),
    );
  if (section.notCompared > 0) parts.push(`<p>${h(section.notCompared)} failing finding(s) not compared: the previous scan could not evaluate them.</p>`);
  if (section.coverageLost > 0)
    parts.push(
      `<p><span class="status status-unknown">${h(section.coverageLost)} read(s)</span> that succeeded last time failed now: regressions there cannot be seen.</p>`,
    );
  parts.push(`<p class="note">${h(section.precision.note)}</p>`, '</section>');
  return parts.join('\n');
}
