/**
 * The scan as OSCAL Assessment Results (JSON; validated in tests against NIST's published
 * `oscal_assessment-results_schema.json`, vendored under tests/schemas/ with its provenance).
 *
 * Mapping (../shared/reference/evidence-reporting.md §5.3):
 * - one `result` per scan (start/end = the scan's), `reviewed-controls` = every rule evaluated;
 * - one `observation` per finding (rule × resource): method TEST, type `discovery`, the aiposture
 *   component as its `origins` tool, `collected` = when the provider answered, and
 *   `relevant-evidence` pointing at the raw API responses behind the verdict;
 * - one `finding` per rule × resource with `target` (objective-id = the rule) whose state is:
 *   pass → satisfied (reason `pass`); fail → not-satisfied (`fail`); unknown → not-satisfied
 *   (`other`): OSCAL has no "undetermined" state, and an objective that could not be shown to be
 *   met is not satisfied — claiming it would turn "could not read" into a pass (the project's rule:
 *   unknown is not pass); suppressed (a policy exception) → not-satisfied (`other`) with the
 *   exception in the remarks, since an accepted risk is not a met objective. not_applicable
 *   verdicts are observations without a finding (there is no objective to judge).
 * - back-matter: every pack file the results cite, with its SHA-256.
 *
 * OSCAL tokens cannot hold `/`, so a rule id `aws/guardrail-x` is the objective `aws.guardrail-x`;
 * the rule id itself is kept in a `rule-id` prop.
 */
import { v4 as uuid } from 'uuid';
import type { Report } from '../report/build.ts';
import type { FingerprintedFinding } from '../report/fingerprint.ts';

/** The OSCAL version of the vendored NIST schema the output is validated against. */
export const oscalVersion = '1.2.0';
const ns = 'urn:aiposture:oscal';

export interface EvidenceRef {
  href: string;
  description: string;
  collected?: string;
}

export interface CitedFile {
  path: string;
  sha256: string;
  mediaType: string;
  title: string;
}

/** An OSCAL token (TokenDatatype: a letter or `_`, then letters, digits, `.`, `-`, `_`). */
export function oscalToken(value: string): string {
  const token = value.replace(/[^\p{L}\p{N}._-]/gu, '.');
  return /^[\p{L}_]/u.test(token) ? token : `_${token}`;
}

/** OSCAL strings may not be empty or start/end with whitespace (StringDatatype `^\S(.*\S)?$`). */
function text(value: string, fallback = '-'): string {
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? fallback : trimmed;
}

/**
 * A pack-relative path as a URI reference (URIReferenceDatatype, RFC 3986): each segment
 * percent-encoded, so a space or `#` in a file name cannot make the document invalid.
 */
function uriPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function targetState(finding: FingerprintedFinding): { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other' } {
  switch (finding.status) {
    case 'pass':
      return { state: 'satisfied', reason: 'pass' };
    case 'fail':
      return { state: 'not-satisfied', reason: 'fail' };
    default:
      return { state: 'not-satisfied', reason: 'other' };
  }
}

export function assessmentResults(input: {
  report: Report;
  /** The raw responses behind each finding (by finding index), as pack-relative paths from `oscal/`. */
  evidenceFor: (finding: FingerprintedFinding) => readonly EvidenceRef[];
  /** Pack files cited in back-matter (report, inventory, manifest-listed raw files). */
  cited: readonly CitedFile[];
  toolVersion: string;
}): unknown {
  const { report } = input;
  const toolUuid = uuid();
  const ruleIds = [...new Set(report.findings.map((finding) => finding.ruleId))].sort();
  const observations: unknown[] = [];
  const findings: unknown[] = [];
  for (const finding of report.findings) {
    const observationUuid = uuid();
    const evidence = input.evidenceFor(finding);
    const collected = evidence.find((item) => item.collected)?.collected ?? report.scan.finishedAt;
    const props = [
      { name: 'rule-id', ns, value: text(finding.ruleId) },
      { name: 'resource-id', ns, value: text(finding.resource.id) },
      { name: 'status', ns, value: finding.status },
      { name: 'reason', ns, value: text(finding.reason) },
      { name: 'fingerprint', ns, value: finding.fingerprint },
      { name: 'provider', ns, value: text(finding.provider) },
      { name: 'scope', ns, value: text(`${finding.scope.type}:${finding.scope.id}`) },
      ...(finding.region ? [{ name: 'region', ns, value: text(finding.region) }] : []),
    ];
    observations.push({
      uuid: observationUuid,
      title: text(`${finding.ruleId} on ${finding.resource.name ?? finding.resource.id}`),
      description: text(finding.message),
      props,
      methods: ['TEST'],
      types: ['discovery'],
      origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
      ...(evidence.length > 0
        ? { 'relevant-evidence': evidence.map((item) => ({ href: uriPath(item.href), description: text(item.description) })) }
        : {
            'relevant-evidence': [
              {
                description: text(
                  `No raw API response is in this pack for ${'api' in finding.source ? finding.source.api : 'this verdict'}; see inventory.json.`,
                ),
              },
            ],
          }),
      collected,
    });
    if (finding.status === 'not_applicable') continue;
    const target = targetState(finding);
    findings.push({
      uuid: uuid(),
      title: text(finding.title),
      description: text(finding.message),
      props,
      target: {
        type: 'objective-id',
        'target-id': oscalToken(finding.ruleId),
        status: { state: target.state, reason: target.reason },
        ...(finding.status === 'unknown'
          ? { remarks: text(`Could not be assessed (${finding.reason}): not shown to be satisfied.`) }
          : finding.status === 'suppressed'
            ? {
                remarks: text(
                  `Policy exception: ${finding.suppression?.reason ?? 'no reason given'}${finding.suppression?.expires ? ` (until ${finding.suppression.expires})` : ''}.`,
                ),
              }
            : {}),
      },
      'related-observations': [{ 'observation-uuid': observationUuid }],
    });
  }
  const resources = input.cited.map((file) => ({
    uuid: uuid(),
    title: text(file.title),
    rlinks: [{ href: uriPath(`../${file.path}`), 'media-type': file.mediaType, hashes: [{ algorithm: 'SHA-256', value: file.sha256 }] }],
  }));
  const planUuid = uuid();
  const levels = (report.maturity?.platforms ?? []).map((platform) => `${platform.provider}: ${platform.level ?? 'none'}`).join(', ');
  return {
    'assessment-results': {
      uuid: uuid(),
      metadata: {
        title: 'aiposture assessment of AI-platform security configuration',
        'last-modified': report.scan.finishedAt,
        version: input.toolVersion,
        'oscal-version': oscalVersion,
      },
      'import-ap': { href: `#${planUuid}` },
      results: [
        {
          uuid: uuid(),
          title: text(`aiposture ${report.scan.mode} scan of ${report.scan.providers.join(', ') || 'no provider'}`),
          description: text(
            `Point-in-time automated read of the platforms' security configuration (not an audit opinion). Maturity levels: ${levels || 'none'}. Findings: ${Object.entries(
              report.summary,
            )
              .map(([status, count]) => `${count} ${status}`)
              .join(', ')}.`,
          ),
          start: report.scan.startedAt,
          end: report.scan.finishedAt,
          'local-definitions': {
            components: [
              {
                uuid: toolUuid,
                type: 'software',
                title: 'aiposture',
                description: text(`aiposture ${input.toolVersion}: read-only scanner of AI-platform security configuration.`),
                status: { state: 'operational' },
              },
            ],
          },
          'reviewed-controls': {
            'control-selections':
              ruleIds.length > 0 ? [{ 'include-controls': ruleIds.map((id) => ({ 'control-id': oscalToken(id) })) }] : [{ 'include-all': {} }],
          },
          ...(observations.length > 0 ? { observations } : {}),
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: 'Assessment plan: the aiposture rule catalogue applied by this scan',
            description: text(
              `The rules evaluated (${ruleIds.length}) are listed in reviewed-controls; their definitions are in report.json and \`aiposture rules\`.`,
            ),
          },
          ...resources,
        ],
      },
    },
  };
}
