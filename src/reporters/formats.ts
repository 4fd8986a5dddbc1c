/**
 * The report formats: one line each, read by the CLI (`--format` choices and rendering). A new
 * format is a reporter module and one entry here.
 */
import type { Report } from '../report/build.ts';
import type { RuleModule } from '../engine/rule.ts';
import { renderText } from './text.ts';
import { renderSarif } from './sarif.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderJson } from './json.ts';
import { renderCycloneDx } from './cyclonedx.ts';
import { renderHtml } from './html.ts';
import { renderOcsf } from './ocsf.ts';
import { renderCsv } from './csv.ts';

export interface RenderContext {
  /** Colour the output (a terminal that asked for it). */
  color: boolean;
  /** How the platform of a provider is named (the provider module's display name). */
  platformName: (provider: string) => string;
  /** Every rule of the registry (help texts, remediation). */
  rules: readonly RuleModule[];
  /** `--summary`: the text report shows only the levels, their blockers and the counts behind the exit code. */
  summary?: boolean;
}

export type Renderer = (report: Report, context: RenderContext) => string;

/** Every format `--format` accepts, with its renderer; `undefined`: listed in the spec, not available yet. */
export const reportRenderers = {
  text: (report, context) => renderText(report, { color: context.color, platformName: context.platformName, summary: context.summary === true }),
  json: (report) => renderJson(report),
  sarif: (report, context) => renderSarif(report, context.rules),
  junit: (report) => renderJunit(report),
  markdown: (report, context) => renderMarkdown(report, { platformName: context.platformName }),
  html: (report, context) => renderHtml(report, { platformName: context.platformName, rules: context.rules }),
  ocsf: (report, context) => renderOcsf(report, context.rules),
  csv: (report) => renderCsv(report),
  cyclonedx: (report, context) => renderCycloneDx(report, { platformName: context.platformName }),
} satisfies Record<string, Renderer | undefined>;

export type ReportFormat = keyof typeof reportRenderers;
export const reportFormats = Object.keys(reportRenderers) as ReportFormat[];
