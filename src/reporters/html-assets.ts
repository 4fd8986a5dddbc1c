/**
 * The HTML report's one stylesheet and one script, inline (the file must work offline from
 * file://). Both are allowed by their sha256 in the page's Content-Security-Policy, so they must
 * be emitted byte for byte as written here. System fonts only: nothing is fetched.
 */

export const reportStyle = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de; --accent: #0550ae;
  --fail: #b3261e; --unknown: #8a5a00; --pass: #1a7f37; --na: #57606a; --suppressed: #6e40c9; --bar: #0969da; --focus: #bf4b00; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --line: #30363d; --accent: #79c0ff;
    --fail: #ff7b72; --unknown: #e3b341; --pass: #56d364; --na: #9da7b3; --suppressed: #d2a8ff; --bar: #388bfd; --focus: #ffa657; }
}
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px; line-height: 1.45; }
body { margin: 0 auto; max-width: 1280px; padding: 0 1.25rem 3rem; color: var(--fg); background: var(--bg); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: 1rem; background: var(--bg); padding: 0.5rem; z-index: 1; }
header.report { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 0.3rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.5rem; }
.meta { color: var(--muted); margin: 0 0 0.8rem; }
nav.toc ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.6rem; padding: 0; list-style: none; }
.counts li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.8rem; }
.counts strong { font-size: 1.2rem; margin-right: 0.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
td, th { overflow-wrap: anywhere; }
/* Wide tables of long ids: fixed column shares, so an ARN wraps inside its cell instead of widening the page. */
table.criteria, #findings-table { table-layout: fixed; }
table.criteria thead th:nth-child(1) { width: 19%; } table.criteria thead th:nth-child(2) { width: 6%; }
table.criteria thead th:nth-child(3) { width: 9%; } table.criteria thead th:nth-child(4) { width: 34%; }
#findings-table thead th:nth-child(1) { width: 7%; } #findings-table thead th:nth-child(2) { width: 7%; }
#findings-table thead th:nth-child(3) { width: 9%; } #findings-table thead th:nth-child(4) { width: 17%; }
#findings-table thead th:nth-child(5) { width: 20%; } #findings-table thead th:nth-child(6) { width: 11%; }
#findings-table thead th:nth-child(8) { width: 8%; }
.status { font-weight: 600; white-space: nowrap; }
.status-fail, .status-unmet { color: var(--fail); }
.status-unknown { color: var(--unknown); }
.status-pass, .status-met, .status-attested { color: var(--pass); }
.status-not_applicable { color: var(--na); }
.status-suppressed { color: var(--suppressed); }
.sev { white-space: nowrap; text-transform: capitalize; }
.sev-critical, .sev-high { font-weight: 700; }
.chart { max-width: 760px; width: 100%; height: auto; display: block; margin: 0.5rem 0; }
.chart .axis { stroke: var(--line); }
.chart .track { fill: var(--panel); stroke: var(--line); }
.chart .bar { fill: var(--bar); }
.chart .target { stroke: var(--fail); stroke-width: 2; stroke-dasharray: 4 3; }
.chart text { fill: var(--fg); font-size: 13px; font-family: inherit; }
.chart .tick { fill: var(--muted); font-size: 11px; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: flex-end; background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.6rem 0; }
/* The controls work only with the script, which shows them: without it they stay hidden and every row shows. */
form.filters[hidden] { display: none; }
form.filters label { display: flex; flex-direction: column; font-size: 0.9rem; gap: 0.15rem; }
form.filters select, form.filters input, form.filters button { font: inherit; padding: 0.25rem 0.4rem; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 4px; }
form.filters button { cursor: pointer; }
.count { font-weight: 600; margin: 0.3rem 0; }
ul.evidence { margin: 0; padding-left: 1.1rem; }
.blockers { background: var(--panel); border-left: 4px solid var(--fail); padding: 0.5rem 0.8rem; }
.fix { border: 1px solid var(--line); border-radius: 6px; padding: 0.2rem 0.9rem 0.6rem; margin: 0.6rem 0; }
.fix h3 { margin-top: 0.6rem; }
.note { color: var(--muted); }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  .no-print, form.filters, .skip, nav.toc { display: none !important; }
  tr[hidden] { display: table-row !important; }
  section.platform { break-before: page; }
  thead { display: table-header-group; }
  tr, .fix, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
}
`;

/**
 * Filters the findings table from the embedded JSON (platform, severity, status, rule, resource
 * text) and keeps the live count current. Without script every row stays visible and the
 * controls stay hidden, so the page still reads correctly.
 */
export const reportScript = `
'use strict';
(() => {
  const form = document.getElementById('finding-filters');
  const count = document.getElementById('finding-count');
  const block = document.getElementById('finding-data');
  if (!form || !count || !block) return;
  const findings = JSON.parse(block.textContent || '[]');
  const rows = Array.from(document.querySelectorAll('#findings-table tbody tr[data-index]'));
  const keys = ['platform', 'severity', 'status', 'rule'];
  const field = (name) => form.elements.namedItem(name);
  const apply = () => {
    const chosen = keys.map((key) => [key, field(key).value]);
    const text = field('resource').value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const finding = findings[Number(row.dataset.index)];
      const visible = finding !== undefined && chosen.every(([key, value]) => value === '' || finding[key] === value) &&
        (text === '' || finding.resource.toLowerCase().includes(text));
      row.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = shown + ' of ' + findings.length + ' findings shown';
  };
  form.addEventListener('change', apply);
  form.addEventListener('input', apply);
  form.addEventListener('reset', () => setTimeout(apply, 0));
  form.addEventListener('submit', (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
`;
