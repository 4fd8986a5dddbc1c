/**
 * `--format ocsf` (spec §9): one OCSF 1.6.0 Compliance Finding event (class_uid 2003, category 2
 * Findings, activity 1 Create, so type_uid 200301) per finding, i.e. per rule × resource, pass
 * included: an auditor needs what passed as much as what failed.
 *
 * Sources (OCSF schema 1.6.0, https://schema.ocsf.io/1.6.0/classes/compliance_finding, defined in
 * github.com/ocsf/ocsf-schema events/findings/compliance_finding.json, finding.json,
 * base_event.json, objects/compliance.json, profiles/cloud.json):
 * - `compliance.status_id` has exactly 1 Pass ("passed for all the evaluated resources"),
 *   2 Warning ("did not yield a result due to missing information") and 3 Fail. There is no
 *   "Not Applicable": `unknown` is Warning (OCSF's own wording), and so is `not_applicable`, told
 *   apart by `compliance.status_code` (our raw status) and `status_details`.
 * - The finding's own `status_id` is the triage lifecycle: 1 New, 3 Suppressed (a policy exception).
 *   A suppressed finding was a fail or unknown that the organisation accepted; its compliance status
 *   is Fail (the exception does not make it pass), with the exception's reason in `status_details`.
 * - `severity_id`: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
 * - The cloud profile makes `cloud` (with `provider`) required; `account.type_id` 10 AWS Account,
 *   11 GCP Project, 13 Azure Subscription (objects/account.json).
 *
 * Output: one JSON array with one event per line. SIEM file importers that take OCSF JSON (Prowler's
 * `json-ocsf` is an array too) read it as is; shippers that want NDJSON get it with `jq -c '.[]'`.
 * Timestamps are `timestamp_t`, milliseconds since the epoch.
 */
import type { Report } from '../report/build.ts';
import type { FingerprintedFinding } from '../report/fingerprint.ts';
import type { FindingStatus } from '../engine/evaluate.ts';
import type { RuleModule, Severity } from '../engine/rule.ts';

export const ocsfVersion = '1.6.0';

const complianceFindingClass = { category_uid: 2, category_name: 'Findings', class_uid: 2003, class_name: 'Compliance Finding' } as const;
const createActivity = { activity_id: 1, activity_name: 'Create' } as const;

const severityIds: Record<Severity, { severity_id: number; severity: string }> = {
  info: { severity_id: 1, severity: 'Informational' },
  low: { severity_id: 2, severity: 'Low' },
  medium: { severity_id: 3, severity: 'Medium' },
  high: { severity_id: 4, severity: 'High' },
  critical: { severity_id: 5, severity: 'Critical' },
};

const complianceStatus: Record<FindingStatus, { status_id: 1 | 2 | 3; status: 'Pass' | 'Warning' | 'Fail' }> = {
  pass: { status_id: 1, status: 'Pass' },
  fail: { status_id: 3, status: 'Fail' },
  unknown: { status_id: 2, status: 'Warning' },
  not_applicable: { status_id: 2, status: 'Warning' },
  suppressed: { status_id: 3, status: 'Fail' },
};

/** How OCSF names the cloud provider (`cloud.provider`: "AWS, MS Azure, GCP, etc."). */
const cloudProviders: Record<string, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };

/** Scope types that are an OCSF account, with `account.type_id` (objects/account.json). */
const accountTypes: Record<string, { type_id: number; type: string }> = {
  'aws/account': { type_id: 10, type: 'AWS Account' },
  'gcp/project': { type_id: 11, type: 'GCP Project' },
  'azure/subscription': { type_id: 13, type: 'Azure Subscription' },
};

/** The maturity model and baseline the `compliance.requirements` (criterion ids) and `control` (rule id) belong to. */
export const ocsfStandards = ['aiposture AI platform baseline', 'aiposture maturity model: Cloud AI platforms track'];

/** `arn:aws-cn:…` → `aws-cn`: the partition of an AWS resource, when its id is an ARN. */
function awsPartition(resourceId: string): string | undefined {
  return /^arn:(aws[a-z-]*):/.exec(resourceId)?.[1];
}

function statusDetails(finding: FingerprintedFinding): string[] {
  const details = [`reason: ${finding.reason}`];
  if (finding.status === 'not_applicable') details.push('not applicable: the rule does not apply to this resource');
  if (finding.status === 'unknown') details.push('could not be evaluated: unknown is never reported as pass');
  if (finding.suppression)
    details.push(
      `suppressed by a policy exception: ${finding.suppression.reason}${finding.suppression.expires ? ` (expires ${finding.suppression.expires})` : ''}`,
    );
  return details;
}

/** The provider's OCSF name; a cross-cloud rule (`multi/…`) judges the whole estate, so it names every provider of the scan. */
function cloudOf(finding: FingerprintedFinding, report: Report): Record<string, unknown> {
  if (finding.ruleId.startsWith('multi/')) {
    const names = report.scan.providers.map((provider) => cloudProviders[provider] ?? provider);
    return { provider: names.length > 0 ? names.join(', ') : finding.provider };
  }
  const account = accountTypes[`${finding.provider}/${finding.scope.type}`];
  const partition = finding.provider === 'aws' ? awsPartition(finding.resource.id) : undefined;
  return {
    provider: cloudProviders[finding.provider] ?? finding.provider,
    ...(account ? { account: { uid: finding.scope.id, ...account } } : {}),
    ...(finding.region !== null ? { region: finding.region } : {}),
    ...(partition ? { cloud_partition: partition } : {}),
  };
}

function toEvent(finding: FingerprintedFinding, report: Report, time: number, rules: ReadonlyMap<string, RuleModule>): Record<string, unknown> {
  const rule = rules.get(finding.ruleId);
  const partition = finding.provider === 'aws' ? awsPartition(finding.resource.id) : undefined;
  const status = complianceStatus[finding.status];
  return {
    ...createActivity,
    ...complianceFindingClass,
    type_uid: complianceFindingClass.class_uid * 100 + createActivity.activity_id,
    type_name: `${complianceFindingClass.class_name}: ${createActivity.activity_name}`,
    time,
    ...severityIds[finding.severity],
    ...(finding.status === 'suppressed' ? { status_id: 3, status: 'Suppressed' } : { status_id: 1, status: 'New' }),
    message: finding.message,
    metadata: {
      version: ocsfVersion,
      product: { name: report.tool.name, vendor_name: 'aiposture', version: report.tool.version },
      // One event per finding and scan: the finding's fingerprint is its identity across scans
      // (finding_info.uid); the event of this scan adds the scan's end time.
      uid: `${finding.fingerprint}:${time}`,
      event_code: finding.ruleId,
      profiles: ['cloud'],
    },
    finding_info: {
      uid: finding.fingerprint,
      title: finding.title,
      ...(rule ? { desc: rule.meta.description } : {}),
      types: [`aiposture/${finding.provider}`],
      data_sources: ['file' in finding.source ? 'infrastructure-as-code' : 'cloud configuration API'],
    },
    compliance: {
      standards: ocsfStandards,
      control: finding.ruleId,
      requirements: [...finding.criteria],
      status_id: status.status_id,
      status: status.status,
      status_code: finding.status,
      status_details: statusDetails(finding),
    },
    resources: [
      {
        uid: finding.resource.id,
        ...(finding.resource.name !== undefined ? { name: finding.resource.name } : {}),
        type: finding.resource.type,
        ...(finding.region !== null ? { region: finding.region } : {}),
        ...(partition ? { cloud_partition: partition } : {}),
      },
    ],
    cloud: cloudOf(finding, report),
    remediation: { desc: finding.remediation, ...(finding.references.length > 0 ? { references: [...finding.references] } : {}) },
    // What OCSF has no attribute for, under our product's name.
    unmapped: {
      aiposture: {
        finding_id: finding.id,
        status: finding.status,
        reason: finding.reason,
        scope: finding.scope,
        source: finding.source,
        scan_mode: report.scan.mode,
        ...(finding.observed !== undefined ? { observed: finding.observed } : {}),
        ...(finding.expected !== undefined ? { expected: finding.expected } : {}),
        ...(finding.suppression ? { suppression: finding.suppression } : {}),
      },
    },
  };
}

/** Every finding of the report as an OCSF 1.6.0 Compliance Finding event. */
export function ocsfEvents(report: Report, rules: readonly RuleModule[]): Array<Record<string, unknown>> {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule] as const));
  const time = Date.parse(report.scan.finishedAt);
  return report.findings.map((finding) => toEvent(finding, report, time, byId));
}

/** A JSON array, one event per line (`jq -c '.[]'` turns it into NDJSON). */
export function renderOcsf(report: Report, rules: readonly RuleModule[]): string {
  const events = ocsfEvents(report, rules);
  if (events.length === 0) return '[]\n';
  return `[\n${events.map((event) => JSON.stringify(event)).join(',\n')}\n]\n`;
}
