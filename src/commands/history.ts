/**
 * The history verbs (spec §11): `history` (list), `history import`, `history show`,
 * `history prune`, `diff`, and the `--history` option of `scan`, `demo` and `iac`.
 */
import { Option, type Command } from 'commander';
import { InputError } from '../errors.ts';
import type { HistoryStore } from '../history/model.ts';
import type { Identity } from '../history/record.ts';
import type { Io } from '../output.ts';
import { writeOutput, type OutputContent } from '../output.ts';
import type { Report } from '../report/build.ts';
import { renderDiff, renderHistoryList } from '../reporters/history.ts';
import { neutralise as safe } from '../reporters/safe-text.ts';

/** The environment variable that names the default store (spec §11). */
export const historyEnvironmentVariable = 'AIPOSTURE_HISTORY';

export function historyOption(): Option {
  return new Option('--history <store>', `scan history store: an SQLite file path or a postgres:// URL (default $${historyEnvironmentVariable})`);
}

/** The store a command was pointed at: the flag, else the environment; undefined when neither is set. */
export function historyLocation(flag: string | undefined): string | undefined {
  const location = flag ?? process.env[historyEnvironmentVariable];
  if (location !== undefined && location.trim() === '')
    throw new InputError(`--history: expected an SQLite file path or a postgres:// URL, got an empty string`);
  return location;
}

export async function openStore(location: string): Promise<HistoryStore> {
  const { openHistoryStore } = await import('../history/open.ts');
  return openHistoryStore(location);
}

async function withStore<T>(flag: string | undefined, use: (store: HistoryStore) => Promise<T>): Promise<T> {
  const location = historyLocation(flag);
  if (location === undefined) throw new InputError(`no history store: pass --history FILE|postgres://… or set ${historyEnvironmentVariable}`);
  const store = await openStore(location);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** `400d`, `12w`, `6m` (30-day months), `1y` (365 days) as milliseconds. */
export function parseAge(flag: string) {
  return (value: string): number => {
    const match = /^(\d+)(d|w|m|y)$/.exec(value.trim());
    if (!match || Number(match[1]) <= 0) throw new InputError(`${flag}: expected an age such as 400d, 12w, 6m or 1y, got "${value}"`);
    const days = { d: 1, w: 7, m: 30, y: 365 }[match[2] as 'd' | 'w' | 'm' | 'y'];
    return Number(match[1]) * days * 86_400_000;
  };
}

export interface HistoryCommandContext {
  io: Io;
  identity: Identity;
  platformName: (provider: string) => string;
  /** Renders a stored report in a report format (the same renderers as a scan). */
  renderReport: (report: Report, format: string, output: string | undefined) => OutputContent;
  reportFormats: readonly string[];
  /** Checked before anything is read: a format that is not available yet. */
  requireFormat: (format: string) => void;
  now?: () => Date;
}

export function addHistoryCommands(program: Command, context: HistoryCommandContext): void {
  const { io } = context;
  const history = program.command('history').description('scan history: scans over time (default), import, show, prune');

  history
    .command('list', { isDefault: true })
    .description('list stored scans, oldest first, with levels per platform and open failures by severity')
    .addOption(historyOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { history?: string; format: 'text' | 'json' }) => {
      const { listScans } = await import('../history/queries.ts');
      const scans = await withStore(options.history, listScans);
      io.stdout(renderHistoryList(scans, options.format));
    });

  history
    .command('import')
    .description("backfill history from saved JSON reports (each report's scan.finishedAt is its time)")
    .argument('<reports...>', 'JSON reports written by `--format json`')
    .addOption(historyOption())
    .action(async (files: string[], options: { history?: string }) => {
      const { importReports } = await import('../history/import.ts');
      const outcomes = await withStore(options.history, (store) => importReports(store, files, context.identity));
      for (const outcome of outcomes)
        io.stdout(`${outcome.result}: ${safe(outcome.file)} (finished ${outcome.finishedAt})${outcome.scanId ? ` as scan ${safe(outcome.scanId)}` : ''}\n`);
    });

  history
    .command('show')
    .description('render a stored scan again, in any report format')
    .argument('<scan-id>', 'a scan id from `aiposture history`')
    .addOption(historyOption())
    .addOption(new Option('--format <format>', 'report format').choices(context.reportFormats).default('text'))
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (scanId: string, options: { history?: string; format: string; output?: string }) => {
      context.requireFormat(options.format);
      const snapshot = await withStore(options.history, async (store) => {
        const found = await store.snapshot(scanId);
        if (!found) throw new InputError(`${scanId}: no such scan in ${store.location} (see \`aiposture history\`)`);
        return found;
      });
      await writeOutput(context.renderReport(snapshot.report as Report, options.format, options.output), options.output, io.stdout);
    });

  history
    .command('reindex')
    .description("rebuild every stored scan's index rows from its snapshot (after an upgrade, or to repair the index)")
    .addOption(historyOption())
    .action(async (options: { history?: string }) => {
      const { reindexStore } = await import('../history/queries.ts');
      const count = await withStore(options.history, (store) => reindexStore(store, context.identity));
      io.stdout(`reindexed ${count} scan(s) from their snapshots\n`);
    });

  history
    .command('prune')
    .description('delete scans older than an age (rows and snapshots)')
    .requiredOption('--older-than <age>', 'e.g. 400d, 12w, 6m, 1y', parseAge('--older-than'))
    .addOption(historyOption())
    .action(async (options: { history?: string; olderThan: number }) => {
      const before = new Date((context.now?.() ?? new Date()).getTime() - options.olderThan).toISOString();
      const pruned = await withStore(options.history, (store) => store.prune(before));
      io.stdout(`pruned ${pruned} scan(s) finished before ${before}\n`);
    });

  program
    .command('diff')
    .description('compare two comparable scans (default: the last two complete scans of the same scope)')
    .addOption(historyOption())
    .option('--from <scan-id>', 'the earlier scan')
    .option('--to <scan-id>', 'the later scan (default: the latest complete scan)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (options: { history?: string; from?: string; to?: string; format: 'text' | 'json' | 'markdown'; output?: string }) => {
      const { diffScans } = await import('../history/queries.ts');
      const diff = await withStore(options.history, (store) => diffScans(store, context.identity, options.from, options.to));
      await writeOutput(renderDiff(diff, options.format, context.platformName), options.output, io.stdout);
    });
}
