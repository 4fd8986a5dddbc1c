import { describe, expect, it } from 'vitest';
import { exposureWindows, mttr, scanIntervalDays, slaBreaches, type ExposureWindow } from '../../src/history/windows.ts';
import { BaselineSchema, slaDays } from '../../src/policy/baseline.ts';
import { merge, scansAt, series, seriesOf, timeline, type Cell } from './series-builders.ts';

/** A window in one line: opened, closed, close reason, exposure days, bound days (dates as YYYY-MM-DD). */
const brief = (window: ExposureWindow) => [
  window.openedAt.slice(0, 10),
  window.closedAt?.slice(0, 10) ?? null,
  window.closeReason,
  window.exposureDays,
  window.boundDays,
];

describe('exposureWindows', () => {
  it('keeps one window across unknown gaps, accruing only while observed failing', () => {
    // fail d0, unknown d1, unknown d2, fail d3, pass d5: exposure 1 + 2 = 3 days, the fix lies in (d3, d5].
    const windows = exposureWindows(
      series(['2026-11-01', 'fail'], ['2026-11-02', 'unknown'], ['2026-11-03', 'unknown'], ['2026-11-04', 'fail'], ['2026-11-06', 'pass']),
    );
    expect(windows).toEqual([
      {
        fingerprint: 'fp',
        ruleId: 'aws/fp',
        provider: 'aws',
        resourceId: 'arn:fp',
        severity: 'high',
        openedScanId: 'scan@2026-11-01',
        openedAt: '2026-11-01T00:00:00.000Z',
        closedScanId: 'scan@2026-11-06',
        closedAt: '2026-11-06T00:00:00.000Z',
        closeReason: 'passed',
        exposureDays: 3,
        lastFailAt: '2026-11-04T00:00:00.000Z',
        boundDays: 2,
      },
    ]);
  });

  const cases: Array<[string, Array<[string, Cell]>, ReturnType<typeof brief>[]]> = [
    [
      'fail then pass',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-03', 'pass'],
      ],
      [['2026-11-01', '2026-11-03', 'passed', 2, 2]],
    ],
    [
      'gone from a scope that was read: closes',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'fail'],
        ['2026-11-04', 'gone'],
      ],
      [['2026-11-01', '2026-11-04', 'gone', 3, 2]],
    ],
    [
      'absent from a scope that was not read: pauses',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'unread'],
        ['2026-11-04', 'fail'],
        ['2026-11-05', 'pass'],
      ],
      [['2026-11-01', '2026-11-05', 'passed', 2, 1]],
    ],
    [
      'unread, then gone once the scope is read again',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'unread'],
        ['2026-11-05', 'gone'],
      ],
      [['2026-11-01', '2026-11-05', 'gone', 1, 4]],
    ],
    [
      'not applicable pauses',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'not_applicable'],
        ['2026-11-05', 'fail'],
        ['2026-11-06', 'pass'],
      ],
      [['2026-11-01', '2026-11-06', 'passed', 2, 1]],
    ],
    [
      'reopened after resolve: two windows (a regression)',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-03', 'pass'],
        ['2026-11-06', 'fail'],
        ['2026-11-07', 'fail'],
      ],
      [
        ['2026-11-01', '2026-11-03', 'passed', 2, 2],
        ['2026-11-06', null, null, 1, null],
      ],
    ],
    [
      'reopened after gone',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'gone'],
        ['2026-11-03', 'fail'],
        ['2026-11-04', 'pass'],
      ],
      [
        ['2026-11-01', '2026-11-02', 'gone', 1, 1],
        ['2026-11-03', '2026-11-04', 'passed', 1, 1],
      ],
    ],
    [
      'still open: exposure runs to the last scan',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'fail'],
        ['2026-11-05', 'fail'],
      ],
      [['2026-11-01', null, null, 4, null]],
    ],
    [
      'still open, last scan unknown: the interval from the last failure accrues',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-04', 'unknown'],
      ],
      [['2026-11-01', null, null, 3, null]],
    ],
    [
      'still open, paused before the last scan: paused span does not accrue',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'unknown'],
        ['2026-11-09', 'unread'],
      ],
      [['2026-11-01', null, null, 1, null]],
    ],
    [
      'opened at the last scan',
      [
        ['2026-11-01', 'pass'],
        ['2026-11-02', 'fail'],
      ],
      [['2026-11-02', null, null, 0, null]],
    ],
    [
      'unknown first does not open',
      [
        ['2026-11-01', 'unknown'],
        ['2026-11-02', 'fail'],
        ['2026-11-04', 'pass'],
      ],
      [['2026-11-02', '2026-11-04', 'passed', 2, 2]],
    ],
    [
      'never failing: no window',
      [
        ['2026-11-01', 'pass'],
        ['2026-11-02', 'unknown'],
        ['2026-11-03', 'gone'],
        ['2026-11-04', 'suppressed'],
      ],
      [],
    ],
    [
      'exception expiry: paused while suppressed, the same window when it fails again',
      [
        ['2026-11-01', 'fail'],
        ['2026-11-02', 'suppressed'],
        ['2026-11-04', 'suppressed'],
        ['2026-11-06', 'fail'],
        ['2026-11-08', 'pass'],
      ],
      [['2026-11-01', '2026-11-08', 'passed', 3, 2]],
    ],
    [
      'fractional days',
      [
        ['2026-11-01T00:00', 'fail'],
        ['2026-11-01T06:00', 'fail'],
        ['2026-11-01T12:00', 'pass'],
      ],
      [['2026-11-01', '2026-11-01', 'passed', 0.5, 0.25]],
    ],
  ];
  it.each(cases)('%s', (_name, rows, expected) => {
    expect(exposureWindows(series(...rows)).map(brief)).toEqual(expected);
  });

  it('takes rule, resource and severity from the latest failing observation', () => {
    const scans = merge(
      seriesOf({ severity: 'high', ruleId: 'aws/v1' }, ['2026-11-01', 'fail']),
      seriesOf({ severity: 'critical', ruleId: 'aws/v2' }, ['2026-11-02', 'fail']),
      seriesOf({ severity: 'low', ruleId: 'aws/v3' }, ['2026-11-03', 'pass']),
    );
    expect(exposureWindows(scans)).toMatchObject([{ severity: 'critical', ruleId: 'aws/v2', lastFailAt: '2026-11-02T00:00:00.000Z' }]);
  });

  it('sorts the series oldest first whatever the order given, and lists windows by fingerprint then opening', () => {
    const scans = merge(
      seriesOf({ fingerprint: 'b' }, ['2026-11-01', 'fail'], ['2026-11-02', 'pass'], ['2026-11-03', 'fail']),
      seriesOf({ fingerprint: 'a' }, ['2026-11-01', 'pass'], ['2026-11-02', 'fail'], ['2026-11-03', 'fail']),
    );
    const windows = exposureWindows([...scans].reverse());
    expect(windows.map((window) => [window.fingerprint, window.openedAt.slice(0, 10), window.closedAt?.slice(0, 10) ?? null])).toEqual([
      ['a', '2026-11-02', null],
      ['b', '2026-11-01', '2026-11-02'],
      ['b', '2026-11-03', null],
    ]);
    expect(windows).toEqual(exposureWindows(scans));
  });

  it('has no windows for no scans', () => {
    expect(exposureWindows([])).toEqual([]);
  });

  it('refuses a scan whose time cannot be read', () => {
    const [scan] = series(['2026-11-01', 'fail']);
    expect(() => exposureWindows([{ ...scan!, scan: { ...scan!.scan, finishedAt: 'yesterday' } }])).toThrow(RangeError);
  });
});

describe('mttr', () => {
  // Closed windows: high 2 and 6 days (1 + 1 + 4: the unknown span 11-03 → 11-05 does not count); critical 1;
  // low 1, 2 (reopened) and 1; azure medium 3. high-open is not closed.
  const scans = timeline(
    ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05', '2026-11-09'],
    [{ fingerprint: 'high-a' }, 'fail', 'fail', 'pass', 'pass', 'pass'],
    [{ fingerprint: 'high-b' }, 'fail', 'fail', 'unknown', 'fail', 'gone'],
    [{ fingerprint: 'high-open' }, 'fail', 'fail', 'fail', 'fail', 'fail'],
    [{ fingerprint: 'crit', severity: 'critical' }, 'fail', 'pass', 'pass', 'pass', 'pass'],
    [{ fingerprint: 'low-a', severity: 'low' }, 'fail', 'pass', 'fail', 'pass', 'pass'],
    [{ fingerprint: 'low-b', severity: 'low' }, 'fail', 'pass', 'pass', 'pass', 'pass'],
    [{ fingerprint: 'az', provider: 'azure', scopeId: 'sub-1', region: 'westeurope', severity: 'medium' }, 'pass', 'fail', 'fail', 'pass', 'pass'],
  );

  it('is the mean exposure of closed windows per provider and severity, rounded, sorted by provider then severity', () => {
    expect(mttr(exposureWindows(scans))).toEqual([
      { provider: 'aws', severity: 'critical', days: 1, resolved: 1 },
      { provider: 'aws', severity: 'high', days: 4, resolved: 2 },
      { provider: 'aws', severity: 'low', days: 1.33, resolved: 3 },
      { provider: 'azure', severity: 'medium', days: 3, resolved: 1 },
    ]);
  });

  it('is empty when nothing was resolved', () => {
    expect(mttr(exposureWindows(series(['2026-11-01', 'fail'], ['2026-11-05', 'fail'])))).toEqual([]);
  });
});

describe('scanIntervalDays', () => {
  it.each([
    ['no scans', [], { median: null, max: null }],
    ['one scan', ['2026-11-01'], { median: null, max: null }],
    ['gaps 1, 1, 3', ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-06'], { median: 1, max: 3 }],
    ['gaps 1, 2 (even count: the mean of the middle two)', ['2026-11-01', '2026-11-02', '2026-11-04'], { median: 1.5, max: 2 }],
    ['gaps of hours, given newest first', ['2026-11-01T08:00', '2026-11-01T00:00'], { median: 0.33, max: 0.33 }],
  ])('%s', (_name, whens, expected) => {
    expect(scanIntervalDays(scansAt(...whens))).toEqual(expected);
  });
});

describe('slaBreaches', () => {
  const baseline = BaselineSchema.parse({ remediationSlaDaysBySeverity: { critical: 3 } });
  const slaFor = (severity: Parameters<typeof slaDays>[1]) => slaDays(baseline, severity);

  it('breaches a critical open 4 days under a 3-day critical SLA, not a high open 4 days under the general 14', () => {
    const scans = timeline(
      ['2026-11-01', '2026-11-05'],
      [{ fingerprint: 'crit', severity: 'critical' }, 'fail', 'fail'],
      [{ fingerprint: 'high', severity: 'high' }, 'fail', 'fail'],
    );
    expect(slaBreaches(exposureWindows(scans), slaFor)).toEqual([
      { fingerprint: 'crit', ruleId: 'aws/crit', resource: { id: 'arn:crit' }, openSince: '2026-11-01T00:00:00.000Z', days: 4, slaDays: 3 },
    ]);
  });

  it('lists only open windows, more than the SLA, most overdue first', () => {
    const scans = timeline(
      ['2026-11-01', '2026-11-07', '2026-11-10', '2026-11-16', '2026-11-21'],
      [{ fingerprint: 'crit-closed', severity: 'critical' }, 'fail', 'fail', 'pass', 'pass', 'pass'], // 9 days, but closed
      [{ fingerprint: 'crit-open', severity: 'critical' }, 'pass', 'pass', 'pass', 'fail', 'fail'], // 5 days: 2 over
      [{ fingerprint: 'medium', severity: 'medium' }, 'fail', 'fail', 'fail', 'fail', 'fail'], // 20 days: 6 over
      [{ fingerprint: 'at-sla', severity: 'high' }, 'pass', 'fail', 'fail', 'fail', 'fail'], // exactly 14: not over
      [{ fingerprint: 'paused', severity: 'high' }, 'fail', 'fail', 'suppressed', 'suppressed', 'fail'], // 9 days failing in 20
    );
    expect(slaBreaches(exposureWindows(scans), slaFor).map((breach) => [breach.fingerprint, breach.days, breach.slaDays])).toEqual([
      ['medium', 20, 14],
      ['crit-open', 5, 3],
    ]);
  });

  it('rounds days to 2 decimals and ignores seconds of scheduling jitter at the SLA', () => {
    const jitter = series(['2026-11-01T10:00:00.000Z', 'fail'], ['2026-11-15T10:00:30.000Z', 'fail']); // 14 days + 30 s
    const over = series(['2026-11-01T10:00:00.000Z', 'fail'], ['2026-11-15T18:00:00.000Z', 'fail']); // 14⅓ days
    expect(slaBreaches(exposureWindows(jitter), slaFor)).toEqual([]);
    expect(slaBreaches(exposureWindows(over), slaFor).map((breach) => [breach.fingerprint, breach.days])).toEqual([['fp', 14.33]]);
  });
});
