/**
 * How a long scan shows that it is alive: on a terminal, one live status line on stderr
 * (log-update rewrites it in place) with scopes and regions done, API calls, retries and
 * throttles, elapsed time and an estimate of what is left; off a terminal (CI logs, cron mail),
 * a structured progress log every `intervalMs`. `--quiet` shows neither. Nothing here affects the
 * scan.
 */
import { createLogUpdate } from 'log-update';
import type { Logger } from 'pino';
import { ProgressTally, type ProgressCounts } from './collect/progress.ts';

export interface ProgressDisplay {
  tally: ProgressTally;
  stop(): void;
}

export interface ProgressDisplayOptions {
  /** stderr is a terminal: draw the live line; otherwise log. */
  tty: boolean;
  /** Where the live line goes (stderr). */
  stream: NodeJS.WriteStream;
  /** The progress logger (off a terminal). */
  logger: Logger;
  /** Redraw period on a terminal. */
  redrawMs?: number;
  /** Log period off a terminal: often enough to show life in a CI log, rare enough not to flood it. */
  intervalMs?: number;
}

const clock = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const rest = `${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
};

export function progressLine(counts: ProgressCounts, elapsedMs: number, etaMs: number | null): string {
  const parts = [`scopes ${counts.scopes.done}/${counts.scopes.planned}`];
  if (counts.regions.planned > 0) parts.push(`regions ${counts.regions.done}/${counts.regions.planned}`);
  parts.push(`${counts.calls.toLocaleString('en-US')} calls`);
  if (counts.retries > 0) parts.push(`${counts.retries} retries (${counts.throttled} throttled)`);
  parts.push(`${clock(elapsedMs)} elapsed`);
  if (etaMs !== null) parts.push(`ETA ${clock(etaMs)}`);
  return `aiposture: ${parts.join(' · ')}`;
}

export function startProgress(options: ProgressDisplayOptions): ProgressDisplay {
  const tally = new ProgressTally();
  const render = () => progressLine(tally.total(), Date.now() - tally.startedAt, tally.etaMs());
  if (options.tty) {
    const update = createLogUpdate(options.stream, { showCursor: true });
    const timer = setInterval(() => update(render()), options.redrawMs ?? 250);
    timer.unref();
    let stopped = false;
    return {
      tally,
      stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        update.clear();
        update.done();
      },
    };
  }
  const timer = setInterval(() => {
    const total = tally.total();
    options.logger.info(
      { progress: { ...total, elapsedMs: Date.now() - tally.startedAt, etaMs: tally.etaMs(), byProvider: Object.fromEntries(tally.byProvider) } },
      render().replace(/^aiposture: /, 'progress: '),
    );
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return { tally, stop: () => clearInterval(timer) };
}
