import type * as Sarif from 'sarif';
import type { Report } from '../report/build.ts';
import type { Finding } from '../engine/evaluate.ts';
import type { RuleModule, Severity } from '../engine/rule.ts';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub bands `security-severity` as >9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low, 0.0 none. */
const securitySeverity: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
const severityLevel: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub keeps 1024 characters of a rule description. */
const maxDescription = 1024;
/** GitHub accepts 20 tags per rule and keeps 10. */
const maxTags = 10;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `aws/guardrail-present` → `AwsGuardrailPresent`. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`)
    .join('');
}

function referenceMarkdown(reference: string): string {
  return /^https?:\/\//.test(reference) ? `[${reference}](${reference})` : reference;
}

function ruleDescriptor(rule: RuleModule): Sarif.ReportingDescriptor {
  const { meta } = rule;
  const references = meta.references.length > 0 ? meta.references : [];
  const helpText = [
    `Remediation: ${meta.remediation}`,
    ...(references.length > 0 ? ['', 'References:', ...references.map((reference) => `- ${reference}`)] : []),
  ].join('\n');
  const helpMarkdown = [
    '**Remediation**',
    '',
    meta.remediation,
    ...(references.length > 0 ? ['', '**References**', '', ...references.map((reference) => `- ${referenceMarkdown(reference)}`)] : []),
  ].join('\n');
  const tags = ['security', 'ai', meta.provider, ...meta.criteria].slice(0, maxTags);
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: truncate(meta.title, maxDescription) },
    fullDescription: { text: truncate(meta.description, maxDescription) },
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: severityLevel[meta.severity] },
    properties: { 'security-severity': securitySeverity[meta.severity], tags },
  };
}

/** A repository-relative URI reference: forward slashes, no leading `./`, each segment percent-encoded. */
export function artifactUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function resultLevel(finding: Finding): Sarif.Result.level {
  return finding.status === 'unknown' ? 'note' : severityLevel[finding.severity];
}

function resultMessage(finding: Finding): string {
  const subject = finding.resource.name ?? finding.resource.id;
  const prefix = finding.status === 'unknown' ? 'Could not be evaluated' : finding.title;
  return `${prefix}. ${subject}: ${finding.message}`;
}

function resultLocation(finding: Finding): Sarif.Location {
  const { source } = finding;
  if ('api' in source) {
    return {
      logicalLocations: [{ fullyQualifiedName: finding.resource.id, kind: 'resource', ...(finding.resource.name ? { name: finding.resource.name } : {}) }],
    };
  }
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(source.file) },
      ...(source.line !== undefined && source.line >= 1 ? { region: { startLine: source.line } } : {}),
    },
    logicalLocations: [{ fullyQualifiedName: source.address ?? finding.resource.id, kind: 'resource' }],
  };
}

function toResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Sarif.Result {
  const index = ruleIndex.get(finding.ruleId);
  const suppression = finding.status === 'suppressed' ? finding.suppression : undefined;
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: resultLevel(finding),
    message: { text: resultMessage(finding) },
    locations: [resultLocation(finding)],
    partialFingerprints: { 'aiposture/v1': finding.id },
    ...(finding.status === 'suppressed'
      ? {
          suppressions: [
            {
              kind: 'inSource' as const,
              justification: suppression ? `${suppression.reason}${suppression.expires ? ` (expires ${suppression.expires})` : ''}` : 'suppressed by policy',
            },
          ],
        }
      : {}),
    properties: {
      status: finding.status,
      severity: finding.severity,
      provider: finding.provider,
      scope: `${finding.scope.type}/${finding.scope.id}`,
      region: finding.region,
      resourceType: finding.resource.type,
    },
  };
}

/** SARIF 2.1.0 log for GitHub code scanning (spec §9): fail, unknown and suppressed findings; rules with help text. */
export function renderSarif(report: Report, rules: readonly RuleModule[]): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index] as const));
  const findings = report.findings.filter((finding) => finding.status === 'fail' || finding.status === 'unknown' || finding.status === 'suppressed');
  const log: Sarif.Log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(ruleDescriptor),
          },
        },
        automationDetails: { id: `aiposture/${report.scan.mode}/` },
        results: findings.map((finding) => toResult(finding, ruleIndex)),
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.scan.startedAt,
            endTimeUtc: report.scan.finishedAt,
            // IaC files of the walk that could not be read: the run judged the rest (SARIF §3.20.21).
            ...((report.iac?.errors ?? []).length > 0
              ? {
                  toolExecutionNotifications: (report.iac?.errors ?? []).map((error) => ({
                    level: 'error' as const,
                    message: { text: `${error.file}: ${error.problem}` },
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: error.file },
                          ...(error.line !== undefined ? { region: { startLine: error.line } } : {}),
                        },
                      },
                    ],
                  })),
                }
              : {}),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
