import { describe, expect, it } from 'vitest';
import { compareScans, type DriftState } from '../../src/history/drift.ts';
import { coverage, observation, scanView, series, seriesOf, type Cell } from './series-builders.ts';

/** Drift of one finding between two scans given as cells of the series notation. */
function driftOf(before: Cell, after: Cell) {
  const [a, b] = series(['2026-11-01', before], ['2026-11-02', after]);
  return compareScans(a!, b!);
}

describe('compareScans: the state of one finding', () => {
  const cases: Array<[Cell, Cell, DriftState | 'not compared' | 'not listed']> = [
    ['fail', 'fail', 'still_open'],
    ['fail', 'pass', 'resolved'],
    ['pass', 'fail', 'regressed'],
    ['gone', 'fail', 'new'],
    ['unread', 'fail', 'new'],
    ['not_applicable', 'fail', 'new'],
    ['suppressed', 'fail', 'new'], // the exception expired: the failure is newly reported
    ['fail', 'gone', 'no_longer_reported'], // absent, and the after scan read its scope
    ['fail', 'unread', 'no_longer_assessed'], // absent, the after scan could not read its scope
    ['fail', 'unknown', 'no_longer_assessed'],
    ['fail', 'not_applicable', 'no_longer_assessed'],
    ['fail', 'suppressed', 'no_longer_assessed'],
    ['unknown', 'fail', 'not compared'],
    ['pass', 'pass', 'not listed'],
    ['pass', 'unknown', 'not listed'],
    ['pass', 'gone', 'not listed'],
    ['unknown', 'unknown', 'not listed'],
    ['unknown', 'pass', 'not listed'],
    ['suppressed', 'suppressed', 'not listed'],
    ['not_applicable', 'pass', 'not listed'],
    ['gone', 'pass', 'not listed'],
  ];
  it.each(cases)('%s → %s: %s', (before, after, expected) => {
    const drift = driftOf(before, after);
    if (expected === 'not listed' || expected === 'not compared') {
      expect(drift.findings).toEqual([]);
      expect(drift.notCompared).toBe(expected === 'not compared' ? 1 : 0);
      return;
    }
    const status = (cell: Cell) => (cell === 'gone' || cell === 'unread' ? null : cell);
    expect(drift.findings).toEqual([
      {
        fingerprint: 'fp',
        ruleId: 'aws/fp',
        provider: 'aws',
        resource: { id: 'arn:fp' },
        severity: 'high',
        state: expected,
        before: status(before),
        after: status(after),
      },
    ]);
    expect(drift.notCompared).toBe(0);
  });
});

describe('compareScans: was the scope of a finding that disappeared read?', () => {
  const failing = (region: string | null) => scanView('2026-11-01', [observation('fp', 'fail', { region })]);
  const stateAfter = (region: string | null, read: Parameters<typeof coverage>[0][]) =>
    compareScans(failing(region), scanView('2026-11-02', [], { coverage: read.map((entry) => coverage(entry)) })).findings[0]?.state;

  it.each([
    ['the same scope and region read ok', 'us-east-1', [{}], 'no_longer_reported'],
    ['only another region of the scope read', 'us-east-1', [{ region: 'eu-west-1' }], 'no_longer_assessed'],
    ['the region read but denied', 'us-east-1', [{ status: 'denied' as const }], 'no_longer_assessed'],
    [
      // The failed read may be what hid the finding: unknown is never read as resolved.
      'the region read, one collector ok and one in error',
      'us-east-1',
      [{ status: 'error' as const, collector: 'a' }, { collector: 'b' }],
      'no_longer_assessed',
    ],
    // Azure and GCP list most resources scope-wide: their coverage entries have no region.
    ['a regional finding, its scope listed scope-wide (region null) ok', 'eastus', [{ region: null }], 'no_longer_reported'],
    [
      'a regional finding, its scope listed scope-wide but one listing failed',
      'eastus',
      [{ region: null }, { region: null, status: 'denied' as const, collector: 'b' }],
      'no_longer_assessed',
    ],
    ['another scope id read', 'us-east-1', [{ scopeId: '444455556666' }], 'no_longer_assessed'],
    ['the same scope id read for another provider', 'us-east-1', [{ provider: 'gcp' }], 'no_longer_assessed'],
    ['a global finding, any region of its scope read', null, [{ region: 'eu-west-1' }], 'no_longer_reported'],
    ['a global finding, its scope read only with errors', null, [{ status: 'error' as const }], 'no_longer_assessed'],
    ['nothing read at all', 'us-east-1', [], 'no_longer_assessed'],
  ] as const)('%s', (_name, region, read, expected) => {
    expect(stateAfter(region, [...read])).toBe(expected);
  });
});

describe('compareScans over whole scans', () => {
  const before = scanView(
    '2026-11-01',
    [
      observation('open-high', 'fail'),
      observation('open-critical', 'fail', { severity: 'critical' }),
      observation('fixed', 'fail', { severity: 'medium' }),
      observation('broke', 'pass', { severity: 'low' }),
      observation('expired', 'suppressed'),
      observation('went-unknown', 'fail', { severity: 'medium' }),
      observation('deleted', 'fail'),
      observation('was-unknown', 'unknown'),
      observation('healthy', 'pass'),
      observation('lost-region', 'fail', { region: 'eu-west-1' }),
    ],
    { coverage: [coverage(), coverage({ region: 'eu-west-1' })] },
  );
  const after = scanView(
    '2026-11-02',
    [
      observation('open-high', 'fail'),
      // The rule's severity changed between versions: the after observation is shown.
      observation('open-critical', 'fail', { severity: 'critical', ruleId: 'aws/renamed' }),
      observation('fixed', 'pass', { severity: 'medium' }),
      observation('broke', 'fail', { severity: 'low' }),
      observation('expired', 'fail'),
      observation('went-unknown', 'unknown', { severity: 'medium' }),
      observation('was-unknown', 'fail'),
      observation('healthy', 'pass'),
      observation('brand-new', 'fail', { severity: 'critical' }),
      observation('brand-new-low', 'fail', { severity: 'low' }),
    ],
    { coverage: [coverage(), coverage({ region: 'eu-west-1', status: 'denied' })] },
  );

  it('lists each failing finding once, sorted by state, severity, rule and resource, and counts them', () => {
    const drift = compareScans(before, after);
    expect(drift.findings.map((entry) => [entry.state, entry.fingerprint, entry.severity, entry.ruleId, entry.before, entry.after])).toEqual([
      ['still_open', 'open-critical', 'critical', 'aws/renamed', 'fail', 'fail'],
      ['still_open', 'open-high', 'high', 'aws/open-high', 'fail', 'fail'],
      ['resolved', 'fixed', 'medium', 'aws/fixed', 'fail', 'pass'],
      ['regressed', 'broke', 'low', 'aws/broke', 'pass', 'fail'],
      ['new', 'brand-new', 'critical', 'aws/brand-new', null, 'fail'],
      ['new', 'expired', 'high', 'aws/expired', 'suppressed', 'fail'],
      ['new', 'brand-new-low', 'low', 'aws/brand-new-low', null, 'fail'],
      ['no_longer_reported', 'deleted', 'high', 'aws/deleted', 'fail', null],
      ['no_longer_assessed', 'lost-region', 'high', 'aws/lost-region', 'fail', null],
      ['no_longer_assessed', 'went-unknown', 'medium', 'aws/went-unknown', 'fail', 'unknown'],
    ]);
    expect(drift.counts).toEqual({ new: 3, resolved: 1, regressed: 1, stillOpen: 2, noLongerAssessed: 2, noLongerReported: 1 });
    expect(drift.notCompared).toBe(1);
    expect(drift.coverageLost).toEqual([
      { provider: 'aws', scopeId: '111122223333', region: 'eu-west-1', collector: 'bedrock', before: 'ok', after: 'denied' },
    ]);
  });

  it('does not depend on the order of the observations', () => {
    const shuffled = { ...after, observations: [...after.observations].reverse() };
    expect(compareScans({ ...before, observations: [...before.observations].reverse() }, shuffled)).toEqual(compareScans(before, after));
  });

  it('breaks ties on the resource id, then the fingerprint', () => {
    const findings = compareScans(
      scanView('2026-11-01'),
      scanView('2026-11-02', [
        observation('z', 'fail', { ruleId: 'r', resourceId: 'b' }),
        observation('y', 'fail', { ruleId: 'r', resourceId: 'a' }),
        observation('x', 'fail', { ruleId: 'r', resourceId: 'b' }),
      ]),
    ).findings;
    expect(findings.map((entry) => entry.fingerprint)).toEqual(['y', 'x', 'z']);
  });

  it('shows the before observation for a finding that is no longer observed', () => {
    const [a, b] = seriesOf({ severity: 'critical', ruleId: 'aws/old', resourceId: 'arn:old' }, ['2026-11-01', 'fail'], ['2026-11-02', 'gone']);
    expect(compareScans(a!, b!).findings[0]).toMatchObject({ ruleId: 'aws/old', resource: { id: 'arn:old' }, severity: 'critical' });
  });

  it('finds nothing between two empty scans', () => {
    expect(compareScans(scanView('2026-11-01'), scanView('2026-11-02'))).toEqual({
      findings: [],
      counts: { new: 0, resolved: 0, regressed: 0, stillOpen: 0, noLongerAssessed: 0, noLongerReported: 0 },
      notCompared: 0,
      levelChanges: [],
      coverageLost: [],
    });
  });
});

describe('compareScans: exception expiry over time', () => {
  // An accepted risk (suppressed) for two scans, then failing again when its exception expires.
  const scans = series(['2026-11-01', 'fail'], ['2026-11-02', 'suppressed'], ['2026-11-03', 'suppressed'], ['2026-11-04', 'fail'], ['2026-11-05', 'fail']);
  it.each([
    [0, 'no_longer_assessed'],
    [1, undefined],
    [2, 'new'],
    [3, 'still_open'],
  ])('scan %i → next: %s', (index, state) => {
    expect(compareScans(scans[index]!, scans[index + 1]!).findings[0]?.state).toBe(state);
  });
});

describe('compareScans: level changes', () => {
  it('lists providers whose level differs, appears or disappears, by provider', () => {
    const before = scanView('2026-11-01', [], {
      levels: [
        { provider: 'gcp', inUse: true, level: 1 },
        { provider: 'aws', inUse: true, level: 2 },
        { provider: 'azure', inUse: true, level: 3 },
        { provider: 'oci', inUse: false, level: null },
      ],
    });
    const after = scanView('2026-11-02', [], {
      levels: [
        { provider: 'aws', inUse: true, level: 3 },
        { provider: 'azure', inUse: true, level: 3 },
        { provider: 'alibaba', inUse: true, level: 2 },
        { provider: 'ibm', inUse: false, level: null },
        { provider: 'oci', inUse: true, level: 1 },
      ],
    });
    expect(compareScans(before, after).levelChanges).toEqual([
      { provider: 'alibaba', from: null, to: 2 },
      { provider: 'aws', from: 2, to: 3 },
      { provider: 'gcp', from: 1, to: null },
      { provider: 'oci', from: null, to: 1 },
    ]);
  });
  it('lists a platform that went out of use (level to null)', () => {
    const before = scanView('2026-11-01', [], { levels: [{ provider: 'aws', inUse: true, level: 2 }] });
    const after = scanView('2026-11-02', [], { levels: [{ provider: 'aws', inUse: false, level: null }] });
    expect(compareScans(before, after).levelChanges).toEqual([{ provider: 'aws', from: 2, to: null }]);
  });
});

describe('compareScans: coverage lost', () => {
  it('lists every cell read ok before and not ok (or not attempted) after, sorted', () => {
    const before = scanView('2026-11-01', [], {
      coverage: [
        coverage({ region: 'eu-west-1' }),
        coverage({ collector: 'cloudtrail', region: null }),
        coverage(), // still ok after
        coverage({ collector: 'config', status: 'denied' }), // was not ok before: not a loss
        coverage({ provider: 'azure', scopeId: 'sub-1', region: 'westeurope', collector: 'cognitive' }),
        coverage({ region: 'eu-west-1' }), // duplicate cell: listed once
      ],
    });
    const after = scanView('2026-11-02', [], {
      coverage: [
        coverage({ region: 'eu-west-1', status: 'error' }),
        coverage(),
        coverage({ collector: 'config' }),
        coverage({ provider: 'azure', scopeId: 'sub-1', region: 'westeurope', collector: 'cognitive', status: 'unsupported' }),
      ],
    });
    expect(compareScans(before, after).coverageLost).toEqual([
      { provider: 'aws', scopeId: '111122223333', region: null, collector: 'cloudtrail', before: 'ok', after: null },
      { provider: 'aws', scopeId: '111122223333', region: 'eu-west-1', collector: 'bedrock', before: 'ok', after: 'error' },
      { provider: 'azure', scopeId: 'sub-1', region: 'westeurope', collector: 'cognitive', before: 'ok', after: 'unsupported' },
    ]);
  });
  it('does not count a cell lost when one of its entries after is ok', () => {
    const before = scanView('2026-11-01', [], { coverage: [coverage()] });
    const after = scanView('2026-11-02', [], { coverage: [coverage({ status: 'error' }), coverage()] });
    expect(compareScans(before, after).coverageLost).toEqual([]);
  });
});
