/**
 * Which scans `diff` compares by default (the last two complete scans of one scope), and what it
 * refuses, on a real SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHistoryStore } from '../../src/history/open.ts';
import { scansToCompare } from '../../src/history/queries.ts';
import { scanRecordOf } from '../../src/history/record.ts';
import type { Report } from '../../src/report/build.ts';
import { storedScan } from './builders.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-queries-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const at = (day: number) => ({
  startedAt: `2026-11-${String(day).padStart(2, '0')}T01:00:00.000Z`,
  finishedAt: `2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z`,
});
const other = [{ provider: 'aws', type: 'account', id: '444455556666' }];

describe('diff picks', () => {
  it('the latest complete scan and the latest complete comparable one before it', async () => {
    const store = await openHistoryStore(join(work, 'pick.db'));
    try {
      const a = storedScan({ id: 'a', ...at(1) });
      const b = storedScan({ id: 'b', ...at(2) });
      const cutShort = storedScan({ id: 'c', ...at(3), complete: false });
      const otherAccount = storedScan({ id: 'd', ...at(3), scopes: other });
      const e = storedScan({ id: 'e', ...at(4) });
      const f = storedScan({ id: 'f', ...at(5), complete: false });
      for (const scan of [a, b, cutShort, otherAccount, e, f]) await store.save(scan);
      const pair = await scansToCompare(store);
      expect([pair.from.id, pair.to.id]).toEqual(['b', 'e']);
      expect((await scansToCompare(store, undefined, 'b')).from.id).toBe('a');
      await expect(scansToCompare(store, 'd', 'e')).rejects.toThrow(/not comparable/);
      await expect(scansToCompare(store, undefined, 'a')).rejects.toThrow(/no earlier complete scan of the same scope/);
      await expect(scansToCompare(store, 'zzz')).rejects.toThrow(/--from zzz: no such scan/);
    } finally {
      await store.close();
    }
  });
});

describe('a scan is complete', () => {
  const report = (messages: Array<string | undefined>) =>
    ({
      schemaVersion: 1,
      tool: { name: 'aiposture', version: '0' },
      scan: { mode: 'live', startedAt: at(1).startedAt, finishedAt: at(1).finishedAt, providers: ['aws'], scopes: [] },
      maturity: null,
      findings: [],
      coverage: messages.map((message) => ({
        provider: 'aws',
        scope: { type: 'account', id: '1' },
        region: null,
        collector: 'x',
        resourceType: 'x',
        status: 'error',
        ...(message ? { message } : {}),
      })),
      summary: { pass: 0, fail: 0, unknown: 0, not_applicable: 0, suppressed: 0 },
      policy: { file: null, expiredExceptions: [] },
    }) as Report;

  it('unless --max-duration cut its collection short (failed reads alone do not make it incomplete)', () => {
    expect(scanRecordOf(report(['AccessDenied', undefined]), 'x', 'scan', '').complete).toBe(true);
    expect(scanRecordOf(report(['AccessDenied', 'not reached (--max-duration)']), 'x', 'scan', '').complete).toBe(false);
  });
});
