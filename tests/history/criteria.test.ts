import { describe, expect, it } from 'vitest';
import { historyCriteria } from '../../src/history/criteria.ts';
import type { ScanView } from '../../src/history/drift.ts';
import { BaselineSchema, defaultBaseline, type Baseline } from '../../src/policy/baseline.ts';
import { plusDays, scansAt, timeline } from './series-builders.ts';

const NOW = '2026-12-01T10:00:00.000Z';
/** Scans at these numbers of days before NOW (fractions allowed; negative is after NOW). */
const daysAgo = (...offsets: number[]): ScanView[] => scansAt(...offsets.map((offset) => plusDays(NOW, -offset)));

function criteria(series: ScanView[], extra: { now?: string; baseline?: Baseline; findingIds?: ReadonlyMap<string, string>; provider?: string } = {}) {
  return historyCriteria({
    provider: extra.provider ?? 'aws',
    series,
    now: extra.now ?? NOW,
    baseline: extra.baseline ?? defaultBaseline,
    ...(extra.findingIds === undefined ? {} : { findingIds: extra.findingIds }),
  });
}

const need4 = 'drift detection by scanning needs 4 scans of the scope in 30 days';
const needDaily = 'continuous validation needs a scan in each of the last 7 days';

describe('L3.drift-detection from scan history', () => {
  const ONE_MINUTE = 1 / (24 * 60);
  it.each([
    ['exactly 4 scans in the last 30 days', [29, 20, 10, 0], 'met', 'Scan history: 4 scans of the scope in the last 30 days (2026-11-02 to 2026-12-01).'],
    [
      'a scan exactly 30 days ago is outside the window',
      [30, 20, 10, 0],
      'unmet',
      `Scan history: only 3 scans in the last 30 days (since 2026-11-01); ${need4}.`,
    ],
    [
      'a scan one minute inside the window counts',
      [30 - ONE_MINUTE, 20, 10, 0],
      'met',
      'Scan history: 4 scans of the scope in the last 30 days (2026-11-01 to 2026-12-01).',
    ],
    ['a long but sparse history', [60, 45, 31, 0], 'unmet', `Scan history: only 1 scan in the last 30 days (since 2026-11-01); ${need4}.`],
    ['a history that starts within 30 days is too short to tell', [20, 10, 0], 'unknown', `Scan history starts 2026-11-11: 3 scans so far; ${need4}.`],
    ['scans after now are ignored', [20, 10, 0, -1], 'unknown', `Scan history starts 2026-11-11: 3 scans so far; ${need4}.`],
    ['no history at all', [], 'unknown', `No scan history yet: ${need4}.`],
  ] as const)('%s: %s', (_name, offsets, status, summary) => {
    expect(criteria(daysAgo(...offsets))['L3.drift-detection']).toEqual({ status, summary, findings: [] });
  });
});

describe('L5.continuous-validation from scan history', () => {
  it.each([
    [
      'a scan in each of the last 7 days (the oldest exactly 6 days ago)',
      [6, 5, 4, 3, 2, 1, 0],
      'met',
      'Scan history: a scan in each of the last 7 days (7 scans from 2026-11-25 to 2026-12-01).',
    ],
    [
      'several scans a day, for longer',
      [9, 6.5, 6.1, 5.5, 4.9, 3.2, 2.8, 1.5, 0.5, 0],
      'met',
      'Scan history: a scan in each of the last 7 days (9 scans from 2026-11-24 to 2026-12-01).',
    ],
    ['a 6-day history', [5, 4, 3, 2, 1, 0], 'unknown', `Scan history starts 2026-11-26: 6 scans covering 5 days so far; ${needDaily}.`],
    [
      'the oldest scan an hour short of 6 days ago',
      [6 - 1 / 24, 5, 4, 3, 2, 1, 0],
      'unknown',
      `Scan history starts 2026-11-25: 7 scans covering 5.96 days so far; ${needDaily}.`,
    ],
    ['a missing day', [9, 8, 7, 6, 5, 4, 2, 1, 0], 'unmet', 'Scan history: no scan in 1 of the last 7 days (24-hour periods ending 10:00 UTC): 2026-11-28.'],
    [
      'two missing days, another day scanned twice',
      [9, 6, 5, 4.5, 4.2, 1, 0],
      'unmet',
      'Scan history: no scan in 2 of the last 7 days (24-hour periods ending 10:00 UTC): 2026-11-28, 2026-11-29.',
    ],
    [
      'a scan exactly 24 hours ago belongs to the day before',
      [6, 5, 4, 3, 2, 1],
      'unmet',
      'Scan history: no scan in 1 of the last 7 days (24-hour periods ending 10:00 UTC): 2026-12-01.',
    ],
    ['no history at all', [], 'unknown', `No scan history yet: ${needDaily}.`],
  ] as const)('%s: %s', (_name, offsets, status, summary) => {
    expect(criteria(daysAgo(...offsets))['L5.continuous-validation']).toEqual({ status, summary, findings: [] });
  });
});

describe('L4.remediation-sla from scan history', () => {
  const criticalIn3 = BaselineSchema.parse({ remediationSlaDaysBySeverity: { critical: 3 } });
  const dates = ['2026-11-01', '2026-11-10', '2026-11-16', '2026-11-20'];
  const now = '2026-11-20T00:00:00.000Z';

  it('is unmet when a critical is open 4 days under a 3-day critical SLA (a high open 4 days is fine), naming it', () => {
    const scans = timeline(
      dates,
      [{ fingerprint: 'crit', severity: 'critical' }, 'pass', 'pass', 'fail', 'fail'],
      [{ fingerprint: 'high', severity: 'high' }, 'pass', 'pass', 'fail', 'fail'],
    );
    const findingIds = new Map([
      ['crit', 'finding-crit'],
      ['high', 'finding-high'],
    ]);
    expect(criteria(scans, { now, baseline: criticalIn3, findingIds })['L4.remediation-sla']).toEqual({
      status: 'unmet',
      summary:
        '1 baseline failure left open longer than the SLA (open now, or closed in the last 90 days): ' +
        'aws/crit on arn:crit (critical, open since 2026-11-16: failing 4 days > 3-day SLA).',
      findings: ['finding-crit'],
    });
  });

  it('is met when every baseline failure stays within its SLA over a history spanning the longest SLA, and gives the MTTR', () => {
    const scans = timeline(
      dates,
      [{ fingerprint: 'high', severity: 'high' }, 'pass', 'pass', 'fail', 'fail'],
      [{ fingerprint: 'fixed', severity: 'high' }, 'fail', 'pass', 'pass', 'pass'],
      [{ fingerprint: 'med', severity: 'medium' }, 'pass', 'fail', 'pass', 'pass'],
    );
    expect(criteria(scans, { now, baseline: criticalIn3, findingIds: new Map([['high', 'finding-high']]) })['L4.remediation-sla']).toEqual({
      status: 'met',
      summary:
        'No baseline failure left open longer than its SLA over 4 scans from 2026-11-01 to 2026-11-20 ' +
        '(1 open within the SLA, the longest failing 4 days, since 2026-11-16); ' +
        'MTTR over the last 90 days: high 9 days (1 resolved), medium 6 days (1 resolved); scan interval median 6 days, max 9 days.',
      findings: [],
    });
  });

  it('does not count low or info failures, however long open', () => {
    const scans = timeline(
      ['2026-10-01', '2026-11-20'],
      [{ fingerprint: 'low', severity: 'low' }, 'fail', 'fail'],
      [{ fingerprint: 'info', severity: 'info' }, 'fail', 'fail'],
    );
    expect(criteria(scans, { now })['L4.remediation-sla']).toMatchObject({ status: 'met', findings: [] });
  });

  it('does not count time a finding was suppressed (an accepted risk) or unknown', () => {
    const scans = timeline(
      ['2026-10-01', '2026-10-02', '2026-10-20', '2026-11-10', '2026-11-20'],
      [{ fingerprint: 'accepted' }, 'fail', 'suppressed', 'unknown', 'fail', 'fail'], // 1 + 10 = 11 days failing
    );
    expect(criteria(scans, { now })['L4.remediation-sla'].status).toBe('met');
    const longer = timeline(
      ['2026-10-01', '2026-10-06', '2026-10-20', '2026-11-10', '2026-11-20'],
      [{ fingerprint: 'accepted' }, 'fail', 'suppressed', 'unknown', 'fail', 'fail'],
    );
    expect(criteria(longer, { now })['L4.remediation-sla'].summary).toContain('failing 15 days > 14-day SLA');
  });

  it('counts a breach closed in the last 90 days, not one closed before', () => {
    const breachClosed = (closed: string) =>
      criteria(timeline(['2026-06-01', '2026-06-20', closed, now], [{ fingerprint: 'late', severity: 'medium' }, 'fail', 'fail', 'pass', 'pass']), { now })[
        'L4.remediation-sla'
      ];
    expect(breachClosed('2026-08-23')).toEqual({
      status: 'unmet',
      summary:
        '1 baseline failure left open longer than the SLA (open now, or closed in the last 90 days): ' +
        'aws/late on arn:late (medium, open 2026-06-01 to 2026-08-23: failing 83 days > 14-day SLA).',
      findings: [],
    });
    expect(breachClosed('2026-08-22').status).toBe('met'); // closed exactly 90 days before now
  });

  it('names at most five breaches, most overdue first, and counts the rest', () => {
    // All open 19 days; overdue by 16 (critical, SLA 3), 12 (high, SLA 7) and 9 (medium, SLA 10) days.
    const scans = timeline(
      ['2026-11-01', '2026-11-20'],
      [{ fingerprint: 'm1', severity: 'medium' }, 'fail', 'fail'],
      [{ fingerprint: 'h1', severity: 'high' }, 'fail', 'fail'],
      [{ fingerprint: 'c2', severity: 'critical' }, 'fail', 'fail'],
      [{ fingerprint: 'm2', severity: 'medium' }, 'fail', 'fail'],
      [{ fingerprint: 'c1', severity: 'critical' }, 'fail', 'fail'],
      [{ fingerprint: 'h2', severity: 'high' }, 'fail', 'fail'],
    );
    const baseline = BaselineSchema.parse({ remediationSlaDaysBySeverity: { critical: 3, high: 7, medium: 10 } });
    const { summary, status } = criteria(scans, { now, baseline })['L4.remediation-sla'];
    expect(status).toBe('unmet');
    expect(summary.match(/aws\/\w\d/g)).toEqual(['aws/c1', 'aws/c2', 'aws/h1', 'aws/h2', 'aws/m1']);
    expect(summary).toMatch(/^6 baseline failures left open longer than the SLA .*: failing 19 days > 10-day SLA\); and 1 more\.$/);
  });

  it.each([
    ['no history', [], `No scan history yet: the SLA check needs ≥2 scans spanning ≥14 days (the longest baseline SLA).`],
    [
      'one scan',
      ['2026-11-20'],
      'Scan history starts 2026-11-20: 1 scan spanning 0 days so far, no baseline failure over its SLA yet; the SLA check needs ≥2 scans spanning ≥14 days (the longest baseline SLA).',
    ],
    [
      'two scans spanning 13 days',
      ['2026-11-07', '2026-11-20'],
      'Scan history starts 2026-11-07: 2 scans spanning 13 days so far, no baseline failure over its SLA yet; the SLA check needs ≥2 scans spanning ≥14 days (the longest baseline SLA).',
    ],
  ])('is unknown with %s', (_name, whens, summary) => {
    expect(criteria(scansAt(...whens), { now, baseline: criticalIn3 })['L4.remediation-sla']).toEqual({ status: 'unknown', summary, findings: [] });
  });

  it('is met with two scans spanning exactly the longest SLA', () => {
    expect(criteria(scansAt('2026-11-06', '2026-11-20'), { now })['L4.remediation-sla']).toEqual({
      status: 'met',
      summary:
        'No baseline failure left open longer than its SLA over 2 scans from 2026-11-06 to 2026-11-20 (none open); ' +
        'no baseline failure resolved in the last 90 days; scan interval median 14 days, max 14 days.',
      findings: [],
    });
  });

  it('needs the longest SLA among medium, high and critical (not low)', () => {
    const baseline = BaselineSchema.parse({ remediationSlaDays: 7, remediationSlaDaysBySeverity: { medium: 30, low: 60 } });
    expect(criteria(scansAt('2026-10-22', '2026-11-20'), { now, baseline })['L4.remediation-sla']).toMatchObject({ status: 'unknown' });
    expect(criteria(scansAt('2026-10-22', '2026-11-20'), { now, baseline })['L4.remediation-sla'].summary).toContain('spanning ≥30 days');
    expect(criteria(scansAt('2026-10-21', '2026-11-20'), { now, baseline })['L4.remediation-sla'].status).toBe('met');
  });

  it("counts only the provider's observations", () => {
    const scans = timeline(
      ['2026-11-01', '2026-11-03', '2026-11-20'],
      [{ fingerprint: 'az', provider: 'azure', scopeId: 'sub-1', region: 'westeurope', severity: 'critical' }, 'fail', 'fail', 'fail'],
      [{ fingerprint: 'aws-ok' }, 'fail', 'pass', 'pass'],
    );
    const findingIds = new Map([['az', 'finding-az']]);
    expect(criteria(scans, { now, findingIds })['L4.remediation-sla'].status).toBe('met');
    expect(criteria(scans, { now, findingIds, provider: 'azure' })['L4.remediation-sla']).toMatchObject({ status: 'unmet', findings: ['finding-az'] });
  });
});
