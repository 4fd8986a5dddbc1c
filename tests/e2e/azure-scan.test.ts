import { describe, expect, it } from 'vitest';
import { scanEstateFile, type EstateScan } from './helpers.ts';
import type { FakeCloudEstate } from '../../fakecloud/server.ts';
import type { Report } from '../../src/report/build.ts';

const platform = (report: Report, provider: string) => report.maturity?.platforms.find((entry) => entry.provider === provider);
const findingsOf = (report: Report, ruleId: string) => report.findings.filter((finding) => finding.ruleId === ruleId);
const PRODUCTION = '00000000-0000-0000-0000-000000000001';
const SANDBOX = '00000000-0000-0000-0000-000000000002';

describe('Azure scan through the real SDK clients against the fake Resource Manager', () => {
  it('level-1 estate: deployments on Microsoft defaults, no logs: Level 1', async () => {
    const { report } = await scanEstateFile('azure-level1.yaml', ['azure']);
    expect(platform(report, 'azure')).toMatchObject({ inUse: true, level: 1, nextLevel: { level: 2, blockers: ['L2.controls', 'L2.logging'] } });
    const defaults = findingsOf(report, 'azure/deployment-custom-content-filter');
    expect(defaults.length).toBeGreaterThan(0);
    expect(defaults.every((finding) => finding.status === 'fail')).toBe(true);
    expect(findingsOf(report, 'azure/diagnostic-logs').every((finding) => finding.status === 'fail')).toBe(true);
    expect(findingsOf(report, 'azure/local-auth-disabled').some((finding) => finding.status === 'fail')).toBe(true);
  });

  it('level-2 estate: the weak custom policy, the asynchronous policy and the unlogged account fail exactly', async () => {
    const { report } = await scanEstateFile('azure-level2.yaml', ['azure']);
    expect(platform(report, 'azure')).toMatchObject({ level: 2, nextLevel: { level: 3, blockers: expect.arrayContaining(['L3.coverage', 'L3.enforcement']) } });
    const harm = findingsOf(report, 'azure/content-filter-harm-categories');
    expect(harm.filter((finding) => finding.status === 'fail').map((finding) => finding.resource.name)).toEqual(['contoso-chat-filter']);
    expect(harm.find((finding) => finding.resource.name === 'contoso-chat-filter')?.message).toMatch(/Hate/);
    const mode = findingsOf(report, 'azure/content-filter-mode');
    expect(mode.filter((finding) => finding.status === 'fail').map((finding) => finding.resource.name)).toEqual(['contoso-stream-filter']);
    const custom = findingsOf(report, 'azure/deployment-custom-content-filter');
    expect(
      custom
        .filter((finding) => finding.status === 'pass')
        .map((finding) => finding.resource.name)
        .sort(),
    ).toEqual(['gpt-4o', 'gpt-4o-mini-stream']);
    const logs = findingsOf(report, 'azure/diagnostic-logs');
    expect(logs.map((finding) => [finding.resource.name, finding.status]).sort()).toEqual([
      ['contoso-aiservices-swc', 'fail'],
      ['contoso-openai-eus', 'pass'],
    ]);
    expect(report.coverage.filter((entry) => entry.status !== 'ok')).toEqual([]);
  });

  it('level-3 estate: every medium+ control passes; history criteria block Level 4', async () => {
    const { report } = await scanEstateFile('azure-level3.yaml', ['azure']);
    const azure = platform(report, 'azure');
    expect(azure?.level).toBe(3);
    expect(azure?.nextLevel?.blockers).toEqual(expect.arrayContaining(['L4.remediation-sla']));
    expect(report.findings.filter((finding) => finding.status === 'fail' && ['critical', 'high', 'medium'].includes(finding.severity))).toEqual([]);
  });

  it('denied estate: a denied subscription and a denied account read are coverage gaps and unknowns; the rest completes', async () => {
    const { report, served } = await scanEstateFile('azure-denied.yaml', ['azure']);
    const denied = report.coverage.filter((entry) => entry.status === 'denied');
    expect(denied.some((entry) => entry.scope.id === SANDBOX)).toBe(true);
    expect(denied.some((entry) => entry.scope.id === PRODUCTION && entry.collector === 'DiagnosticSettings_List')).toBe(true);
    const logs = findingsOf(report, 'azure/diagnostic-logs').find((finding) => finding.resource.name === 'contoso-openai-eus');
    expect(logs?.status).toBe('unknown');
    expect(report.findings.filter((finding) => finding.scope.id === SANDBOX && finding.status === 'pass')).toEqual([]);
    expect(report.findings.filter((finding) => finding.scope.id === SANDBOX && finding.status === 'unknown').length).toBeGreaterThan(0);
    // The throttled account listing was retried and the production accounts were still scanned.
    expect(served.filter((request) => request.operation === 'Accounts_List' && request.status === 429)).toHaveLength(1);
    expect(findingsOf(report, 'azure/local-auth-disabled').filter((finding) => finding.scope.id === PRODUCTION)).toHaveLength(2);
  });

  it('a throttled page is read again by itself: the listing does not start over', async () => {
    const withPageSize = (estate: FakeCloudEstate) => {
      if (estate.azure) estate.azure.pageSize = 1;
    };
    const normal = await scanEstateFile('azure-level2.yaml', ['azure'], { edit: withPageSize });
    const throttled = await scanEstateFile('azure-level2.yaml', ['azure'], {
      edit: (estate) => {
        withPageSize(estate);
        estate.azure?.faults.push({ subscriptionId: PRODUCTION, operation: 'Accounts_List', status: 429, retryAfter: 0, after: 1, times: 1 });
      },
    });
    const accountPages = (scan: EstateScan) => scan.served.filter((request) => request.operation === 'Accounts_List').map((request) => request.status);
    expect(accountPages(normal)).toEqual([200, 200]);
    expect(accountPages(throttled)).toEqual([200, 429, 200]);
    const key = (report: Report) => report.findings.map((finding) => `${finding.ruleId} ${finding.resource.id} ${finding.status}`).sort();
    expect(key(throttled.report)).toEqual(key(normal.report));
  });

  it('scans AWS and Azure together and reports the lower level overall', async () => {
    const { report } = await scanEstateFile('demo.yaml', ['aws', 'azure']);
    const levels = (report.maturity?.platforms ?? []).filter((entry) => entry.inUse).map((entry) => entry.level as number);
    expect(levels).toHaveLength(2);
    expect(report.maturity?.overall.level).toBe(Math.min(...levels));
  });
});
