/** The progress display: what the live line says, and the progress logs off a terminal. */
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ProgressTally } from '../../src/collect/progress.ts';
import { progressLine, startProgress } from '../../src/progress-display.ts';

describe('progress', () => {
  it('counts work and requests per provider and in total, and estimates what is left from the share done', () => {
    const tally = new ProgressTally();
    tally.planned('aws', 'scope', 4);
    tally.planned('aws', 'region', 40);
    tally.done('aws', 'region', 10);
    tally.done('aws', 'scope');
    for (let index = 0; index < 5; index++) tally.request('aws', 'call');
    tally.request('aws', 'retry');
    tally.request('aws', 'throttled');
    tally.planned('gcp', 'scope', 2);
    expect(tally.total()).toEqual({ scopes: { planned: 6, done: 1 }, regions: { planned: 40, done: 10 }, calls: 5, retries: 1, throttled: 1 });
    // A quarter of the regions done after 10 s: 30 s to go.
    expect(tally.etaMs(tally.startedAt + 10_000)).toBe(30_000);
    expect(new ProgressTally().etaMs()).toBeNull();
  });

  it('says scopes, regions, calls, retries, elapsed and ETA in one line', () => {
    const line = progressLine(
      { scopes: { planned: 100, done: 40 }, regions: { planned: 1700, done: 650 }, calls: 12345, retries: 7, throttled: 5 },
      95_000,
      3_725_000,
    );
    expect(line).toBe('aiposture: scopes 40/100 · regions 650/1700 · 12,345 calls · 7 retries (5 throttled) · 01:35 elapsed · ETA 1:02:05');
  });

  it('off a terminal, logs progress as structured records at the interval, and stops', async () => {
    const sink = new PassThrough();
    const records: Array<Record<string, unknown>> = [];
    sink.on('data', (chunk: Buffer) =>
      records.push(
        ...chunk
          .toString()
          .trim()
          .split('\n')
          .map((text) => JSON.parse(text) as Record<string, unknown>),
      ),
    );
    const display = startProgress({ tty: false, stream: process.stderr, logger: pino({ level: 'info' }, sink), intervalMs: 20 });
    display.tally.planned('azure', 'scope', 3);
    display.tally.request('azure', 'call');
    await new Promise((resolve) => setTimeout(resolve, 70));
    display.stop();
    const count = records.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(records[0]).toMatchObject({
      msg: expect.stringMatching(/^progress: scopes 0\/3 · 1 calls/),
      progress: { calls: 1, scopes: { planned: 3, done: 0 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(records.length).toBe(count);
  });

  it('on a terminal, redraws one line in place and clears it when done', async () => {
    const written: string[] = [];
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 200, rows: 40 });
    stream.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const display = startProgress({ tty: true, stream: stream as unknown as NodeJS.WriteStream, logger: pino({ level: 'silent' }), redrawMs: 10 });
    display.tally.planned('aws', 'scope', 2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    display.tally.done('aws', 'scope', 2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    display.stop();
    const text = written.join('');
    expect(text).toContain('aiposture: scopes 0/2');
    expect(text).toContain('aiposture: scopes 2/2');
    // Erases what it drew (cursor up / erase line) rather than leaving a trail of lines.
    expect(text).toContain('\u001b[2K');
  });
});
