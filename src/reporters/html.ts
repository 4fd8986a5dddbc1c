/**
 * `--format html` (spec §9): one self-contained file for auditors that opens offline from
 * file://. Overview with the level per platform (inline SVG bars and the same numbers as a
 * table), per platform every criterion with its evidence and the findings behind it, the
 * next-level blockers, a findings table filterable by platform, severity, status, rule and
 * resource, remediation per rule, coverage gaps, and — when the report carries them — inventory,
 * effectiveness and drift since the last scan.
 *
 * Safety: every value goes through `escapeHtml`; the filters read a JSON data block that cannot
 * close its element; a `<meta>` Content-Security-Policy forbids every fetch and allows only the
 * page's own script and stylesheet by hash. References are printed as text, never as links, so
 * nothing in the file points at the network.
 */
import type { Report } from '../report/build.ts';
import type { Finding, FindingStatus } from '../engine/evaluate.ts';
import type { CriterionResult, PlatformMaturity } from '../maturity/infer.ts';
import { severities, severityRank, type RuleMeta, type RuleModule } from '../engine/rule.ts';
import { reportScript, reportStyle } from './html-assets.ts';
import { anchorId, contentSecurityPolicy, escapeHtml as h, jsonForScript, table } from './html-markup.ts';
import { effectivenessSection, historySectionHtml, inventorySection } from './html-sections.ts';
import { iacWarnings } from './text.ts';

export { escapeHtml } from './html-markup.ts';

export interface HtmlContext {
  /** How the platform of a provider is named (the provider module's display name). */
  platformName: (provider: string) => string;
  /** Every rule of the registry: remediation and references come from the rule's own meta. */
  rules: readonly RuleModule[];
}

const statusLabels: Record<FindingStatus, string> = {
  fail: 'Fail',
  unknown: 'Unknown',
  suppressed: 'Suppressed',
  pass: 'Pass',
  not_applicable: 'Not applicable',
};
/** Rows in reading order: what needs work first. */
const statusOrder: readonly FindingStatus[] = ['fail', 'unknown', 'suppressed', 'pass', 'not_applicable'];
const criterionLabels: Record<CriterionResult['status'], string> = { met: 'Met', attested: 'Attested', unmet: 'Unmet', unknown: 'Unknown' };
/** How many findings a criterion lists before pointing at the findings table. */
const evidenceListLimit = 40;

const statusBadge = (status: string, label: string) => `<span class="status status-${h(status)}">${h(label)}</span>`;
const severityBadge = (severity: string) => `<span class="sev sev-${h(severity)}">${h(severity)}</span>`;
const findingAnchor = (finding: Finding) => anchorId('finding', finding.id);
const fixAnchor = (ruleId: string) => anchorId('fix', ruleId);

function resourceLabel(finding: Finding): string {
  if ('file' in finding.source && finding.source.address) return finding.source.address;
  return finding.resource.name ?? finding.resource.id;
}

function locationHtml(finding: Finding): string {
  if ('file' in finding.source) return `<code>${h(`${finding.source.file}${finding.source.line !== undefined ? `:${finding.source.line}` : ''}`)}</code>`;
  return `${h(finding.scope.type)} <code>${h(finding.scope.id)}</code><br>${h(finding.region ?? 'global')}`;
}

function levelText(platform: PlatformMaturity): string {
  if (platform.inUse === false) return 'not in use';
  if (platform.inUse === null) return 'use undecided';
  return platform.level === null ? 'n/a' : `Level ${platform.level}`;
}

function failingBySeverity(findings: readonly Finding[], provider: string): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(severities.map((severity) => [severity, 0]));
  for (const finding of findings)
    if (finding.provider === provider && finding.status === 'fail') counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

/** Horizontal bars, one per platform, 0..5; the target as a dashed marker. The table after it carries the same numbers. */
function levelChart(platforms: readonly PlatformMaturity[], name: (provider: string) => string): string {
  const labelWidth = 220;
  const barWidth = 420;
  const rowHeight = 34;
  const top = 26;
  const width = labelWidth + barWidth + 140;
  const height = top + rowHeight * platforms.length + 8;
  const x = (level: number) => labelWidth + (barWidth * level) / 5;
  const parts: string[] = [];
  const description = platforms
    .map((platform) => `${name(platform.provider)}: ${levelText(platform)}${platform.target ? `, target Level ${platform.target}` : ''}`)
    .join('; ');
  parts.push(
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    '<title id="chart-title">Maturity level per platform (1 to 5)</title>',
    `<desc id="chart-desc">${h(description)}</desc>`,
  );
  for (let tick = 0; tick <= 5; tick++)
    parts.push(
      `<line class="axis" x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${height - 4}"/>`,
      `<text class="tick" x="${x(tick)}" y="${top - 10}" text-anchor="middle">${tick}</text>`,
    );
  platforms.forEach((platform, index) => {
    const y = top + index * rowHeight + 6;
    const barHeight = rowHeight - 14;
    parts.push(`<text x="${labelWidth - 10}" y="${y + barHeight / 2 + 5}" text-anchor="end">${h(name(platform.provider))}</text>`);
    parts.push(`<rect class="track" x="${labelWidth}" y="${y}" width="${barWidth}" height="${barHeight}"/>`);
    const level = platform.inUse ? platform.level : null;
    if (level !== null) parts.push(`<rect class="bar" x="${labelWidth}" y="${y}" width="${x(level) - labelWidth}" height="${barHeight}"/>`);
    if (platform.target) parts.push(`<line class="target" x1="${x(platform.target)}" y1="${y - 3}" x2="${x(platform.target)}" y2="${y + barHeight + 3}"/>`);
    parts.push(
      `<text x="${labelWidth + barWidth + 10}" y="${y + barHeight / 2 + 5}">${h(levelText(platform))}${platform.target ? h(` (target ${platform.target})`) : ''}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function overviewSection(report: Report, context: HtmlContext): string {
  const { summary } = report;
  const parts = ['<section id="overview" aria-labelledby="overview-title">', '<h2 id="overview-title">Overview</h2>'];
  parts.push(
    '<ul class="counts" aria-label="Findings by status">',
    ...statusOrder.map((status) => `<li><strong>${h(summary[status])}</strong>${statusBadge(status, statusLabels[status].toLowerCase())}</li>`),
    '</ul>',
  );
  const maturity = report.maturity;
  if (!maturity) {
    parts.push('<p>No maturity level was inferred for this report (IaC mode judges files, not an estate).</p>', '</section>');
    return parts.join('\n');
  }
  const overall = maturity.overall;
  parts.push(
    `<p>Overall maturity of the cloud AI platforms: <strong>${h(overall.level === null ? 'n/a (withheld: a platform could not be judged)' : `Level ${overall.level}`)}</strong>${overall.target ? h(` (target Level ${overall.target})`) : ''}.</p>`,
  );
  if (maturity.platforms.length > 0) {
    parts.push('<figure>', levelChart(maturity.platforms, context.platformName), '</figure>');
    parts.push(
      table({
        caption: 'Maturity per platform (the numbers of the chart)',
        headers: [
          'Platform',
          'In use',
          'Level',
          'Target',
          'Next level',
          'Blockers',
          ...severities.filter((severity) => severity !== 'info').map((severity) => `Failing ${severity}`),
        ],
        rowHeader: true,
        rows: maturity.platforms.map((platform) => {
          const failing = failingBySeverity(report.findings, platform.provider);
          return [
            `<a href="#${anchorId('platform', platform.provider)}">${h(context.platformName(platform.provider))}</a>`,
            h(platform.inUse === null ? 'undecided' : platform.inUse ? 'yes' : 'no'),
            h(platform.inUse ? (platform.level ?? 'n/a') : '—'),
            h(platform.target ?? '—'),
            h(platform.inUse && platform.nextLevel ? `Level ${platform.nextLevel.level}` : '—'),
            h(platform.inUse && platform.nextLevel ? platform.nextLevel.blockers.length : '—'),
            ...severities.filter((severity) => severity !== 'info').map((severity) => h(failing[severity] ?? 0)),
          ];
        }),
      }),
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function scopesSection(report: Report, context: HtmlContext): string {
  if (!report.scopes || report.scopes.length === 0) return '';
  return [
    '<section id="scopes" aria-labelledby="scopes-title">',
    '<h2 id="scopes-title">Scopes</h2>',
    table({
      caption: `Accounts, subscriptions and projects scanned (${report.scopes.length})`,
      headers: ['Scope', 'Platform', 'Level', 'Failing critical', 'Failing high', 'Failing medium', 'Failing low', 'Coverage'],
      rowHeader: true,
      rows: report.scopes.map((scope) => [
        `${h(scope.type)} <code>${h(scope.id)}</code>${scope.name ? `<br>${h(scope.name)}` : ''}`,
        h(context.platformName(scope.provider)),
        h(scope.level ?? '—'),
        h(scope.fail.critical),
        h(scope.fail.high),
        h(scope.fail.medium),
        h(scope.fail.low),
        scope.coverage === 'complete' ? 'complete' : statusBadge('unknown', scope.coverage),
      ]),
    }),
    '</section>',
  ].join('\n');
}

function evidenceList(ids: readonly string[], byId: ReadonlyMap<string, Finding>): string {
  if (ids.length === 0) return '—';
  const items = ids.slice(0, evidenceListLimit).map((id) => {
    const finding = byId.get(id);
    if (!finding) return `<li><code>${h(id)}</code></li>`;
    return `<li>${statusBadge(finding.status, statusLabels[finding.status])} <a href="#${findingAnchor(finding)}"><code>${h(finding.ruleId)}</code></a> · ${h(resourceLabel(finding))}${finding.region ? ` · ${h(finding.region)}` : ''}</li>`;
  });
  if (ids.length > evidenceListLimit) items.push(`<li>… and ${ids.length - evidenceListLimit} more (see the findings table)</li>`);
  return `<ul class="evidence">${items.join('')}</ul>`;
}

function platformSection(platform: PlatformMaturity, context: HtmlContext, byId: ReadonlyMap<string, Finding>): string {
  const name = context.platformName(platform.provider);
  const id = anchorId('platform', platform.provider);
  const parts = [`<section class="platform" id="${id}" aria-labelledby="${id}-title">`, `<h2 id="${id}-title">${h(name)} — ${h(levelText(platform))}</h2>`];
  parts.push(`<p>${h(platform.usage)}</p>`);
  if (!platform.inUse) {
    parts.push(
      `<p>${h(platform.inUse === null ? 'Whether this platform is used could not be decided, so no level is given.' : 'This platform is not in use in the scopes read: no level applies.')}</p>`,
      '</section>',
    );
    return parts.join('\n');
  }
  const byCriterion = new Map(platform.criteria.map((criterion) => [criterion.id, criterion]));
  if (platform.nextLevel) {
    const blockers = platform.nextLevel.blockers.map((blocker) => {
      const criterion = byCriterion.get(blocker);
      return `<li><a href="#${anchorId(`criterion-${platform.provider}`, blocker)}"><code>${h(blocker)}</code></a> ${h(criterion?.title ?? '')}${criterion ? ` — ${statusBadge(criterion.status, criterionLabels[criterion.status])}` : ''}</li>`;
    });
    parts.push(
      '<div class="blockers">',
      `<h3>What blocks Level ${h(platform.nextLevel.level)}</h3>`,
      blockers.length > 0 ? `<ul>${blockers.join('')}</ul>` : '<p>Nothing: every criterion of that level is met.</p>',
      '</div>',
    );
  } else parts.push('<p>Level 5 reached: no next level.</p>');
  const rows = platform.criteria.map(
    (criterion) =>
      `<tr id="${anchorId(`criterion-${platform.provider}`, criterion.id)}"><th scope="row"><code>${h(criterion.id)}</code><br>${h(criterion.title)}</th><td>${h(criterion.level)}</td><td>${statusBadge(criterion.status, criterionLabels[criterion.status])}</td><td>${h(criterion.summary)}</td><td>${evidenceList(criterion.findings, byId)}</td></tr>`,
  );
  parts.push(
    '<table class="criteria">',
    `<caption>Criteria of ${h(name)}</caption>`,
    '<thead><tr><th scope="col">Criterion</th><th scope="col">Level</th><th scope="col">Status</th><th scope="col">Evidence</th><th scope="col">Findings behind it</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '</section>',
  );
  return parts.join('\n');
}

function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) ||
      severityRank[b.severity] - severityRank[a.severity] ||
      a.provider.localeCompare(b.provider) ||
      a.ruleId.localeCompare(b.ruleId) ||
      resourceLabel(a).localeCompare(resourceLabel(b)),
  );
}

function select(name: string, label: string, options: ReadonlyArray<readonly [value: string, text: string]>): string {
  const choices = [`<option value="">All</option>`, ...options.map(([value, text]) => `<option value="${h(value)}">${h(text)}</option>`)];
  return `<label for="filter-${name}">${h(label)}<select id="filter-${name}" name="${name}">${choices.join('')}</select></label>`;
}

function findingsSection(findings: readonly Finding[], context: HtmlContext, rulesWithFix: ReadonlySet<string>): string {
  const providers = [...new Set(findings.map((finding) => finding.provider))];
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))].sort();
  const filterData = findings.map((finding) => ({
    platform: finding.provider,
    severity: finding.severity,
    status: finding.status,
    rule: finding.ruleId,
    resource: `${resourceLabel(finding)} ${finding.resource.id}`,
  }));
  const rows = findings.map(
    (finding, index) =>
      `<tr id="${findingAnchor(finding)}" data-index="${index}"><td>${statusBadge(finding.status, statusLabels[finding.status])}</td><td>${severityBadge(finding.severity)}</td><td>${h(context.platformName(finding.provider))}</td><td><code>${h(finding.ruleId)}</code><br>${h(finding.title)}</td><th scope="row">${h(resourceLabel(finding))}${resourceLabel(finding) !== finding.resource.id ? `<br><code>${h(finding.resource.id)}</code>` : ''}</th><td>${locationHtml(finding)}</td><td>${h(finding.message)}${finding.suppression ? `<br><span class="note">Suppressed: ${h(finding.suppression.reason)}${finding.suppression.expires ? h(` (until ${finding.suppression.expires})`) : ''}</span>` : ''}</td><td>${rulesWithFix.has(finding.ruleId) ? `<a href="#${fixAnchor(finding.ruleId)}">How to fix</a>` : '—'}</td></tr>`,
  );
  return [
    '<section id="findings" aria-labelledby="findings-title">',
    `<h2 id="findings-title">Findings (${findings.length})</h2>`,
    '<form id="finding-filters" class="filters" aria-label="Filter the findings" hidden>',
    select(
      'platform',
      'Platform',
      providers.map((provider) => [provider, context.platformName(provider)]),
    ),
    select(
      'severity',
      'Severity',
      severities.map((severity) => [severity, severity]),
    ),
    select(
      'status',
      'Status',
      statusOrder.map((status) => [status, statusLabels[status]]),
    ),
    select(
      'rule',
      'Rule',
      ruleIds.map((ruleId) => [ruleId, ruleId]),
    ),
    '<label for="filter-resource">Resource contains<input id="filter-resource" name="resource" type="search" autocomplete="off"></label>',
    '<button type="reset">Show all</button>',
    '</form>',
    `<p id="finding-count" class="count" role="status" aria-live="polite">${findings.length} of ${findings.length} findings shown</p>`,
    '<table id="findings-table">',
    '<caption>Every finding, failing first</caption>',
    '<thead><tr><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Platform</th><th scope="col">Rule</th><th scope="col">Resource</th><th scope="col">Scope and region</th><th scope="col">Message</th><th scope="col">Fix</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    `<script type="application/json" id="finding-data">${jsonForScript(filterData)}</script>`,
    '</section>',
  ].join('\n');
}

/** Remediation once per rule with something to fix (fail, unknown or suppressed), from the rule's own meta. */
function remediationSection(findings: readonly Finding[], context: HtmlContext): { html: string; rules: Set<string> } {
  const metaById = new Map<string, RuleMeta>(context.rules.map((rule) => [rule.meta.id, rule.meta]));
  const open = findings.filter((finding) => finding.status === 'fail' || finding.status === 'unknown' || finding.status === 'suppressed');
  const groups = [...Map.groupBy(open, (finding) => finding.ruleId)].sort(
    ([, a], [, b]) =>
      severityRank[(b[0] as Finding).severity] - severityRank[(a[0] as Finding).severity] || (a[0] as Finding).ruleId.localeCompare((b[0] as Finding).ruleId),
  );
  if (groups.length === 0) return { html: '', rules: new Set() };
  const blocks = groups.map(([ruleId, group]) => {
    const first = group[0] as Finding;
    const meta = metaById.get(ruleId);
    const counts = statusOrder
      .map((status) => [status, group.filter((finding) => finding.status === status).length] as const)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => `${count} ${statusLabels[status].toLowerCase()}`)
      .join(', ');
    const references = meta?.references ?? first.references;
    return [
      `<div class="fix" id="${fixAnchor(ruleId)}">`,
      `<h3><code>${h(ruleId)}</code> — ${h(meta?.title ?? first.title)}</h3>`,
      `<p>${severityBadge(first.severity)} · ${h(counts)}</p>`,
      meta?.description ? `<p>${h(meta.description)}</p>` : '',
      `<p><strong>How to fix:</strong> ${h(meta?.remediation ?? first.remediation)}</p>`,
      references.length > 0 ? `<p>References:</p><ul>${references.map((reference) => `<li><code>${h(reference)}</code></li>`).join('')}</ul>` : '',
      '</div>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return {
    html: [
      '<section id="remediation" aria-labelledby="remediation-title">',
      '<h2 id="remediation-title">Remediation by rule</h2>',
      ...blocks,
      '</section>',
    ].join('\n'),
    rules: new Set(groups.map(([ruleId]) => ruleId)),
  };
}

function coverageSection(report: Report, context: HtmlContext): string {
  const gaps = report.coverage.filter((entry) => entry.status !== 'ok');
  const parts = ['<section id="coverage" aria-labelledby="coverage-title">', '<h2 id="coverage-title">Coverage gaps</h2>'];
  if (report.coverage.length === 0) parts.push(report.iac ? '' : '<p>No cloud read was recorded.</p>');
  else if (gaps.length === 0) parts.push(`<p>Every read succeeded (${report.coverage.length} reads).</p>`);
  else
    parts.push(
      `<p>${gaps.length} of ${report.coverage.length} reads did not succeed. What they would have shown is <strong>unknown</strong>, never a pass.</p>`,
      table({
        caption: 'Reads that were denied, failed or are unsupported',
        headers: ['Platform', 'Scope', 'Region', 'Collector', 'Resource type', 'Status', 'Message'],
        rows: gaps.map((entry) => [
          h(context.platformName(entry.provider)),
          `${h(entry.scope.type)} <code>${h(entry.scope.id)}</code>`,
          h(entry.region ?? 'global'),
          `<code>${h(entry.collector)}</code>`,
          h(entry.resourceType),
          statusBadge(entry.status === 'unsupported' ? 'not_applicable' : 'unknown', entry.status),
          h(entry.message ?? ''),
        ]),
      }),
    );
  if (report.iac) {
    const iac = report.iac;
    parts.push(`<p>Infrastructure-as-code files read: ${iac.files.length}; skipped: ${iac.skipped.length}.</p>`);
    for (const warning of iacWarnings(report)) parts.push(`<p>${statusBadge('unknown', 'Warning:')} ${h(warning)}</p>`);
    if (iac.errors && iac.errors.length > 0)
      parts.push(
        table({
          caption: 'IaC files that could not be read',
          headers: ['File', 'Problem'],
          rowHeader: true,
          rows: iac.errors.map((error) => [`<code>${h(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}`)}</code>`, h(error.problem)]),
        }),
      );
    if (iac.skipped.length > 0)
      parts.push(
        table({
          caption: 'Files skipped',
          headers: ['File', 'Why'],
          rowHeader: true,
          rows: iac.skipped.map((skipped) => [`<code>${h(skipped.file)}</code>`, h(skipped.reason)]),
        }),
      );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function headerHtml(report: Report, context: HtmlContext): string {
  const scopes = report.scan.scopes.map((scope) => `${context.platformName(scope.provider)} ${scope.type} ${scope.id}${scope.name ? ` (${scope.name})` : ''}`);
  const facts = [
    `aiposture ${report.tool.version}`,
    `${report.scan.mode} scan`,
    `started ${report.scan.startedAt}`,
    `finished ${report.scan.finishedAt}`,
    report.merge
      ? `merged from ${report.merge.shards} of ${report.merge.of} shards${report.merge.missing.length > 0 ? ` (missing ${report.merge.missing.join(', ')})` : ''}`
      : '',
    report.shard ? `shard ${report.shard.index} of ${report.shard.count}` : '',
  ].filter(Boolean);
  const policy = report.policy.file
    ? `Policy ${report.policy.file}${report.policy.sha256 ? ` (sha256 ${report.policy.sha256})` : ''}`
    : 'Policy: the built-in defaults';
  const parts = [
    '<header class="report">',
    '<h1>AI platform security posture</h1>',
    `<p class="meta">${facts.map((fact) => h(fact)).join(' · ')}</p>`,
    `<p class="meta">Scope: ${scopes.length > 0 ? scopes.map((scope) => h(scope)).join('; ') : 'none'}</p>`,
    `<p class="meta">${h(policy)}</p>`,
  ];
  if (report.policy.expiredExceptions.length > 0)
    parts.push(
      `<p>${statusBadge('unknown', 'Expired exceptions')} (no longer applied): ${report.policy.expiredExceptions.map((exception) => `<code>${h(exception.rule)}</code> ${h(exception.resource)}${exception.expires ? h(` (expired ${exception.expires})`) : ''}`).join('; ')}</p>`,
    );
  parts.push('</header>');
  return parts.join('\n');
}

function tableOfContents(report: Report, context: HtmlContext, hasRemediation: boolean): string {
  const links: Array<[string, string]> = [['overview', 'Overview']];
  if (report.scopes && report.scopes.length > 0) links.push(['scopes', 'Scopes']);
  for (const platform of report.maturity?.platforms ?? []) links.push([anchorId('platform', platform.provider), context.platformName(platform.provider)]);
  links.push(['findings', 'Findings']);
  if (hasRemediation) links.push(['remediation', 'Remediation']);
  links.push(['coverage', 'Coverage gaps']);
  if (report.inventory) links.push(['inventory', 'AI inventory']);
  if (report.effectiveness) links.push(['effectiveness', 'Effectiveness']);
  if (report.history) links.push(['history', 'Since the last scan']);
  return `<nav class="toc" aria-label="Sections"><ul>${links.map(([id, text]) => `<li><a href="#${h(id)}">${h(text)}</a></li>`).join('')}</ul></nav>`;
}

export function renderHtml(report: Report, context: HtmlContext): string {
  const findings = sortedFindings(report.findings);
  const byId = new Map(report.findings.map((finding) => [finding.id, finding]));
  const remediation = remediationSection(findings, context);
  const body = [
    '<a class="skip" href="#findings">Skip to the findings</a>',
    headerHtml(report, context),
    tableOfContents(report, context, remediation.rules.size > 0),
    '<main>',
    overviewSection(report, context),
    scopesSection(report, context),
    ...(report.maturity?.platforms ?? []).map((platform) => platformSection(platform, context, byId)),
    findingsSection(findings, context, remediation.rules),
    remediation.html,
    coverageSection(report, context),
    report.inventory ? inventorySection(report.inventory, context.platformName) : '',
    report.effectiveness ? effectivenessSection(report.effectiveness, context.platformName) : '',
    report.history ? historySectionHtml(report.history, context.platformName) : '',
    '</main>',
  ].filter(Boolean);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy(reportScript, reportStyle))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${h(`aiposture report — ${report.scan.mode} scan, ${report.scan.finishedAt}`)}</title>`,
    `<style>${reportStyle}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script>${reportScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
