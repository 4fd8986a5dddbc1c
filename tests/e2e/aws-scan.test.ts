import { describe, expect, it, vi } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { scanEstate, type EstateScan } from './helpers.ts';
import { awsOperations } from '../../collectors/aws/operations.ts';
import type { Report } from '../../src/report/build.ts';
import { reportSchema } from '../../src/report/schema.ts';
import { registry } from '../../src/providers.ts';

const schema = reportSchema(registry.providers.map((provider) => provider.id));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(schema as object);

const aws = (report: Report) => report.maturity?.platforms.find((platform) => platform.provider === 'aws');
const findingsOf = (report: Report, ruleId: string) => report.findings.filter((finding) => finding.ruleId === ruleId);
const regionLevelRules = [
  'aws/guardrail-present',
  'aws/invocation-logging',
  'aws/enforced-guardrail',
  'aws/guardrail-intervention-alarm',
  'aws/config-recording',
  'aws/cloudtrail-data-events',
];

function expectValidReport(report: Report) {
  const valid = validateReport(JSON.parse(JSON.stringify(report)));
  expect(validateReport.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('AWS scan through the real SDK clients against the fake cloud', () => {
  it('level-1 estate: Bedrock used without guardrails is Level 1', async () => {
    const { report } = await scanEstate('aws-level1.yaml');
    expectValidReport(report);
    expect(aws(report)).toMatchObject({ inUse: true, level: 1, nextLevel: { level: 2, blockers: expect.arrayContaining(['L2.controls']) } });
    expect(
      findingsOf(report, 'aws/guardrail-present')
        .filter((finding) => finding.status === 'fail')
        .map((finding) => finding.region),
    ).toEqual(['us-east-1']);
    expect(findingsOf(report, 'aws/agent-guardrail').map((finding) => finding.status)).toEqual(['fail']);
  });

  it('level-2 estate: weak guardrail and unguarded agent fail for exactly those resources; unused regions stay quiet', async () => {
    const { report } = await scanEstate('aws-level2.yaml');
    expectValidReport(report);
    expect(aws(report)).toMatchObject({ level: 2, nextLevel: { level: 3, blockers: expect.arrayContaining(['L3.coverage']) } });

    const promptAttack = findingsOf(report, 'aws/guardrail-prompt-attack').filter((finding) => finding.status === 'fail');
    expect(promptAttack.some((finding) => finding.region === 'us-east-1' && /:1$/.test(finding.resource.id) && /LOW/.test(finding.message))).toBe(true);
    const contentFilters = findingsOf(report, 'aws/guardrail-content-filters').find(
      (finding) => finding.region === 'us-east-1' && /:1$/.test(finding.resource.id),
    );
    expect(contentFilters?.status).toBe('fail');
    expect(contentFilters?.message).toMatch(/INSULTS/);
    expect(contentFilters?.message).toMatch(/MISCONDUCT/);

    const agents = findingsOf(report, 'aws/agent-guardrail');
    expect(agents.filter((finding) => finding.status === 'fail')).toHaveLength(1);
    expect(agents.filter((finding) => finding.status === 'pass')).toHaveLength(1);

    for (const ruleId of regionLevelRules) {
      expect(
        findingsOf(report, ruleId).filter((finding) => finding.region === 'ap-southeast-2'),
        ruleId,
      ).toEqual([]);
    }
    expect(
      findingsOf(report, 'aws/invocation-logging')
        .map((finding) => [finding.region, finding.status])
        .sort(),
    ).toEqual([
      ['eu-west-1', 'fail'],
      ['us-east-1', 'pass'],
    ]);
    expect(report.coverage.filter((entry) => entry.status !== 'ok' && entry.status !== 'unsupported')).toEqual([]);
  });

  it('level-3 estate: every medium+ control passes and history-based criteria block Level 4', async () => {
    const { report } = await scanEstate('aws-level3.yaml');
    expectValidReport(report);
    const platform = aws(report);
    expect(platform?.level).toBe(3);
    expect(platform?.nextLevel?.blockers).toEqual(expect.arrayContaining(['L4.remediation-sla']));
    expect(platform?.criteria.find((criterion) => criterion.id === 'L4.remediation-sla')?.status).toBe('unknown');
    expect(report.findings.filter((finding) => finding.status === 'fail' && ['critical', 'high', 'medium'].includes(finding.severity))).toEqual([]);
  });

  it('denied estate: denied reads are unknown and coverage gaps, never pass; throttling is retried', async () => {
    const { report, served } = await scanEstate('aws-denied.yaml');
    expectValidReport(report);
    const denied = report.coverage.filter((entry) => entry.status === 'denied');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((entry) => entry.region === 'eu-west-1' || entry.region === null)).toBe(true);
    const guardrailReaders = [
      'aws/guardrail-present',
      'aws/guardrail-prompt-attack',
      'aws/guardrail-content-filters',
      'aws/agent-guardrail',
      'aws/invocation-logging',
      'aws/enforced-guardrail',
    ];
    const euWest = report.findings.filter((finding) => finding.region === 'eu-west-1' && guardrailReaders.includes(finding.ruleId));
    expect(euWest.length).toBeGreaterThan(0);
    expect(euWest.every((finding) => finding.status === 'unknown')).toBe(true);
    expect(
      report.findings.filter(
        (finding) =>
          finding.region === 'eu-west-1' && finding.status === 'pass' && !['aws/cloudtrail-data-events', 'aws/config-recording'].includes(finding.ruleId),
      ),
    ).toEqual([]);
    const listGuardrails = served.filter((request) => request.operation === 'ListGuardrails' && request.region === 'us-east-1');
    expect(listGuardrails.map((request) => request.status)).toEqual([expect.any(Number), expect.any(Number), 200].slice(-listGuardrails.length));
    expect(listGuardrails.filter((request) => request.status !== 200)).toHaveLength(2);
    expect(report.coverage.find((entry) => entry.region === 'us-east-1' && entry.collector === 'bedrock:ListGuardrails')?.status).toBe('ok');
  });

  it('paginates every list call: a page size of 1 gives the same findings', async () => {
    const normal = await scanEstate('aws-level2.yaml');
    const paged = await scanEstate('aws-level2.yaml', { pageSize: 1 });
    const key = (report: Report) => report.findings.map((finding) => `${finding.ruleId} ${finding.resource.id} ${finding.status}`).sort();
    expect(key(paged.report)).toEqual(key(normal.report));
    expect(paged.served.length).toBeGreaterThan(normal.served.length);
  });

  it('a throttled page is read again by itself: the listing does not start over', async () => {
    const normal = await scanEstate('aws-level2.yaml', { pageSize: 1 });
    const throttled = await scanEstate('aws-level2.yaml', {
      pageSize: 1,
      edit: (estate) =>
        estate.faults.push({ region: 'us-east-1', service: 'bedrock-agent', operation: 'ListAgents', error: 'ThrottlingException', after: 1, times: 1 }),
    });
    const listAgents = (scan: EstateScan) =>
      scan.served.filter((request) => request.operation === 'ListAgents' && request.region === 'us-east-1').map((request) => request.status);
    expect(listAgents(normal)).toEqual([200, 200]);
    expect(listAgents(throttled)).toEqual([200, 429, 200]);
    const key = (report: Report) => report.findings.map((finding) => `${finding.ruleId} ${finding.resource.id} ${finding.status}`).sort();
    expect(key(throttled.report)).toEqual(key(normal.report));
  });

  it('reaches the endpoint it is given whatever AWS_ENDPOINT_URL says, and records each request it sends once', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
    try {
      const { report, calls, served } = await scanEstate('aws-level1.yaml');
      expect(report.coverage.filter((entry) => entry.status === 'error')).toEqual([]);
      expect(calls.length).toBe(served.length);
      for (const call of calls) expect(call.target).toMatch(/^[a-z0-9-]+:[a-z]{2}(-gov)?-[a-z]+-\d$/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a requested region without Bedrock is unsupported, not an error, and yields no findings', async () => {
    const { report } = await scanEstate('aws-level2.yaml', { regions: ['us-east-1', 'eu-west-1', 'af-south-1'] });
    expect(report.coverage.find((entry) => entry.region === 'af-south-1')?.status).toBe('unsupported');
    expect(report.findings.filter((finding) => finding.region === 'af-south-1')).toEqual([]);
  });

  it('makes only allow-listed read-only calls, each of which the fake cloud served as that operation', async () => {
    const { calls, served } = await scanEstate('aws-level3.yaml');
    const allowed = new Set(awsOperations.map((entry) => entry.operation));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(allowed.has(call.operation), call.operation).toBe(true);
    expect(new Set(served.map((request) => request.operation))).toEqual(new Set(calls.map((call) => call.operation)));
  });
});
