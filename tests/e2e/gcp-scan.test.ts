import { describe, expect, it } from 'vitest';
import { scanEstateFile, type EstateScan } from './helpers.ts';
import type { FakeCloudEstate } from '../../fakecloud/server.ts';
import type { Report } from '../../src/report/build.ts';

const platform = (report: Report, provider: string) => report.maturity?.platforms.find((entry) => entry.provider === provider);
const statuses = (report: Report, ruleId: string) => report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.status);
const PROJECT = 'ai-prod-123';

describe('GCP scan through the real Google clients (HTTP/JSON) against the fake cloud', () => {
  it('level-1 estate: Vertex in use without floor settings or data-access logs: Level 1', async () => {
    const { report } = await scanEstateFile('gcp-level1.yaml', ['gcp']);
    expect(platform(report, 'gcp')).toMatchObject({
      inUse: true,
      level: 1,
      nextLevel: { level: 2, blockers: expect.arrayContaining(['L2.controls', 'L2.logging']) },
    });
    expect(statuses(report, 'gcp/floor-setting-enforced')).toEqual(['fail']);
    expect(statuses(report, 'gcp/vertex-audit-logs')).toEqual(['fail']);
    expect(statuses(report, 'gcp/endpoint-cmk')).toContain('fail');
  });

  it('level-2 estate: inspect-only Vertex integration fails inline enforcement; the floor is enforced', async () => {
    const { report } = await scanEstateFile('gcp-level2.yaml', ['gcp']);
    expect(platform(report, 'gcp')).toMatchObject({ level: 2, nextLevel: { level: 3, blockers: expect.arrayContaining(['L3.coverage', 'L3.enforcement']) } });
    expect(statuses(report, 'gcp/vertex-inline-enforcement')).toEqual(['fail']);
    expect(statuses(report, 'gcp/floor-setting-enforced')).toEqual(['pass']);
    expect(statuses(report, 'gcp/vertex-audit-logs')).toEqual(['pass']);
    expect(statuses(report, 'gcp/template-enforcement')).toContain('fail');
  });

  it('level-3 estate: every medium+ control passes; history criteria block Level 4', async () => {
    const { report } = await scanEstateFile('gcp-level3.yaml', ['gcp']);
    const gcp = platform(report, 'gcp');
    expect(gcp?.level).toBe(3);
    expect(gcp?.nextLevel?.blockers).toEqual(expect.arrayContaining(['L4.remediation-sla']));
    expect(report.findings.filter((finding) => finding.status === 'fail' && ['critical', 'high', 'medium'].includes(finding.severity))).toEqual([]);
  });

  it('denied estate: the denied project is unknown and a coverage gap, never pass', async () => {
    const { report } = await scanEstateFile('gcp-denied.yaml', ['gcp']);
    const sandbox = report.findings.filter((finding) => finding.scope.id === 'ai-sandbox-456');
    expect(sandbox.length).toBeGreaterThan(0);
    expect(sandbox.filter((finding) => finding.status === 'pass')).toEqual([]);
    expect(report.coverage.some((entry) => entry.scope.id === 'ai-sandbox-456' && entry.status === 'denied')).toBe(true);
    expect(report.findings.filter((finding) => finding.scope.id === PROJECT).length).toBeGreaterThan(0);
  });

  it('a throttled page is read again by itself: the listing does not start over', async () => {
    const withPageSize = (estate: FakeCloudEstate) => {
      if (estate.gcp) estate.gcp.pageSize = 1;
    };
    const normal = await scanEstateFile('gcp-level2.yaml', ['gcp'], { edit: withPageSize });
    const throttled = await scanEstateFile('gcp-level2.yaml', ['gcp'], {
      edit: (estate) => {
        withPageSize(estate);
        estate.gcp?.faults.push({ project: PROJECT, operation: 'Locations_List', status: 429, retryAfter: 0, after: 1, times: 1 });
      },
    });
    const locationPages = (scan: EstateScan) => scan.served.filter((request) => request.operation === 'Locations_List').map((request) => request.status);
    const pages = locationPages(normal);
    expect(pages.length).toBeGreaterThan(2);
    expect(locationPages(throttled)).toEqual([200, 429, ...pages.slice(1)]);
    const key = (report: Report) => report.findings.map((finding) => `${finding.ruleId} ${finding.resource.id} ${finding.status}`).sort();
    expect(key(throttled.report)).toEqual(key(normal.report));
  });

  it('three clouds with different baselines: multi/consistent-baseline fails, no platform reaches Level 5, overall is the lowest', async () => {
    const { report } = await scanEstateFile('demo.yaml', ['aws', 'azure', 'gcp']);
    const inUse = (report.maturity?.platforms ?? []).filter((entry) => entry.inUse);
    expect(inUse.map((entry) => entry.provider).sort()).toEqual(['aws', 'azure', 'gcp']);
    expect(statuses(report, 'multi/consistent-baseline')).toEqual(['fail']);
    for (const entry of inUse) {
      expect(entry.level).toBeLessThan(5);
      expect(entry.criteria.find((criterion) => criterion.id === 'L5.multi-cloud')?.status).toBe('unmet');
    }
    expect(report.maturity?.overall.level).toBe(Math.min(...inUse.map((entry) => entry.level as number)));
  });
});
