/**
 * `--format ocsf`: every event is an OCSF 1.6.0 Compliance Finding that validates against the
 * vendored JSON Schema (tests/schemas/ocsf, compiled from the OCSF 1.6.0 definitions), one per
 * finding, with our statuses mapped as the reporter documents.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { registry } from '../../src/providers.ts';
import type { Report } from '../../src/report/build.ts';
import { ocsfEvents, renderOcsf } from '../../src/reporters/ocsf.ts';
import { runMain } from '../e2e/in-process.ts';
import { exportReport, hostileName } from './export-fixture.ts';

const schema = JSON.parse(readFileSync(new URL('../schemas/ocsf/compliance_finding-1.6.0.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

function problems(event: unknown): string[] {
  return validate(event) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

type Event = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- events are checked by the schema

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OCSF 1.6.0 Compliance Finding events', () => {
  const report = exportReport();
  const events = ocsfEvents(report, registry.rules) as Event[];

  it('writes one schema-valid event per finding', () => {
    expect(events).toHaveLength(report.findings.length);
    for (const event of events) expect(problems(event)).toEqual([]);
    const parsed = JSON.parse(renderOcsf(report, registry.rules)) as Event[];
    expect(parsed).toEqual(events);
  });

  it('maps statuses: pass → Pass, fail → Fail, unknown and not_applicable → Warning, suppressed → Suppressed + Fail', () => {
    const byFinding = new Map(events.map((event) => [event.unmapped.aiposture.finding_id as string, event]));
    const compliance = (id: string) => byFinding.get(id)?.compliance;
    expect(compliance('f-pass')).toMatchObject({ status_id: 1, status: 'Pass', status_code: 'pass' });
    expect(compliance('f-fail')).toMatchObject({ status_id: 3, status: 'Fail', status_code: 'fail' });
    expect(compliance('f-unknown')).toMatchObject({ status_id: 2, status: 'Warning', status_code: 'unknown' });
    expect(compliance('f-na')).toMatchObject({ status_id: 2, status: 'Warning', status_code: 'not_applicable' });
    expect(compliance('f-suppressed')).toMatchObject({ status_id: 3, status: 'Fail', status_code: 'suppressed' });
    expect(compliance('f-suppressed').status_details.join(' ')).toContain('accepted risk until the KMS migration');
    expect(byFinding.get('f-suppressed')).toMatchObject({ status_id: 3, status: 'Suppressed' });
    expect(byFinding.get('f-pass')).toMatchObject({ status_id: 1, status: 'New' });
  });

  it('maps severity, identity, compliance context, resource and cloud', () => {
    const fail = events.find((event) => event.unmapped.aiposture.finding_id === 'f-fail') as Event;
    const found = report.findings.find((finding) => finding.id === 'f-fail');
    expect(fail).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200301,
      severity_id: 5,
      severity: 'Critical',
      time: Date.parse(report.scan.finishedAt),
      metadata: { version: '1.6.0', product: { name: 'aiposture', version: '9.9.9' } },
      finding_info: { uid: found?.fingerprint, title: 'Title of aws/guardrail-content-filters' },
      compliance: { control: 'aws/guardrail-content-filters', requirements: ['L2.controls', 'L3.coverage'] },
      resources: [{ uid: 'arn:aws-cn:bedrock:cn-north-1:111122223333:guardrail/x', name: hostileName, region: 'cn-north-1', cloud_partition: 'aws-cn' }],
      cloud: { provider: 'AWS', account: { uid: '111122223333', type_id: 10 }, region: 'cn-north-1' },
      remediation: { desc: 'Create a guardrail and publish a version.' },
    });
    const severities = Object.fromEntries(events.map((event) => [event.unmapped.aiposture.finding_id, event.severity_id]));
    expect(severities).toMatchObject({ 'f-fail': 5, 'f-pass': 4, 'f-unknown': 3, 'f-na': 2, 'f-suppressed': 1 });
    const azure = events.find((event) => event.unmapped.aiposture.finding_id === 'f-azure') as Event;
    expect(azure.cloud).toMatchObject({ provider: 'Azure', account: { type_id: 13, type: 'Azure Subscription' } });
    const iac = events.find((event) => event.unmapped.aiposture.finding_id === 'f-iac') as Event;
    expect(iac.cloud).toEqual({ provider: 'GCP' });
    const estate = events.find((event) => event.unmapped.aiposture.finding_id === 'f-estate') as Event;
    expect(estate.cloud).toEqual({ provider: 'AWS, Azure, GCP' });
    expect(iac.unmapped.aiposture.source).toEqual({ file: 'infra/main.tf', line: 12, address: 'google_model_armor_template.t' });
  });

  it('the schema refuses broken events (the validation can fail)', () => {
    const valid = events[1] as Event;
    const broken = (change: (event: Event) => void): Event => {
      const copy = structuredClone(valid);
      change(copy);
      return copy;
    };
    expect(problems(valid)).toEqual([]);
    expect(problems(broken((event) => delete event.compliance))).not.toEqual([]);
    expect(problems(broken((event) => (event.compliance.status_id = 4)))).not.toEqual([]);
    expect(problems(broken((event) => (event.class_uid = 2004)))).not.toEqual([]);
    expect(problems(broken((event) => (event.time = '2026-11-30T10:05:00Z')))).not.toEqual([]);
    expect(problems(broken((event) => (event.complience = {})))).not.toEqual([]);
    expect(problems(broken((event) => delete event.cloud.provider))).not.toEqual([]);
    expect(problems(broken((event) => delete event.finding_info.uid))).not.toEqual([]);
    expect(problems(broken((event) => delete event.remediation.desc))).not.toEqual([]);
    expect(problems(broken((event) => (event.severity_id = 7)))).not.toEqual([]);
  });

  it('an empty report is an empty array', () => {
    const empty: Report = { ...report, findings: [] };
    expect(renderOcsf(empty, registry.rules)).toBe('[]\n');
  });

  it('aiposture demo --format ocsf: every event of the demo estate validates, one per finding', async () => {
    const run = await runMain(['demo', '--format', 'ocsf', '--quiet']);
    expect(run.code).toBe(0);
    const demoEvents = JSON.parse(run.stdout) as Event[];
    expect(demoEvents.length).toBeGreaterThan(50);
    for (const event of demoEvents) expect(problems(event)).toEqual([]);
    expect(new Set(demoEvents.map((event) => event.finding_info.uid)).size).toBe(demoEvents.length);
    expect(new Set(demoEvents.map((event) => event.compliance.status))).toEqual(new Set(['Pass', 'Fail', 'Warning']));
    // One event per line inside the array: `jq -c '.[]'` and line-oriented shippers both work.
    expect(run.stdout.split('\n').filter((line) => line.startsWith('{'))).toHaveLength(demoEvents.length);
  }, 60_000);
});
