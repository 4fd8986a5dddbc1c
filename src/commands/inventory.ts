/**
 * `aiposture inventory [--provider …] [scope options] [--format text|json|cyclonedx]` (spec §12):
 * the same collection as `scan` — same scope options, credentials and bounds — printing only what
 * AI is in use where (and, in text and JSON, the measured effectiveness of its controls).
 * Also the `--metrics-window` option that `scan`, `demo` and `inventory` share.
 */
import { addProviderOptions } from './provider-options.ts';
import { Option, type Command } from 'commander';
import { InputError } from '../errors.ts';
import type { Io } from '../output.ts';
import { writeOutput } from '../output.ts';
import type { Provider } from '../model/common.ts';
import type { CommonCollectOptions } from '../collect/collector.ts';
import { listParser } from '../collect/collector.ts';
import type { Registry } from '../providers.ts';
import type { Policy } from '../policy/policy-file.ts';
import { createLogger, logLevels, type LogLevel } from '../log.ts';
import { runScan } from '../scan.ts';
import type { Report } from '../report/build.ts';
import { defaultMetricsWindowDays } from '../model/ai-inventory.ts';
import { scrubSecrets } from '../secrets.ts';
import { inventoryTextLines } from '../reporters/inventory.ts';
import { renderCycloneDx } from '../reporters/cyclonedx.ts';
import { neutralise } from '../reporters/safe-text.ts';

const hourMs = 3_600_000;
/**
 * The longest window: CloudWatch keeps hourly datapoints for 455 days (15 months); Azure Monitor
 * platform metrics (93 days) and Cloud Monitoring (6 weeks for most series) keep less, which
 * shows as fewer datapoints, never as zero.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention
 */
export const maxMetricsWindowDays = 455;

/** `30d`, `7d`, `90d`, `12h` as milliseconds; anything else is an InputError naming the flag. */
export function parseMetricsWindow(value: string): number {
  const match = /^(\d+)(d|h)$/.exec(value.trim());
  const amount = match ? Number(match[1]) : NaN;
  const ms = amount * (match?.[2] === 'd' ? 24 * hourMs : hourMs);
  if (!Number.isSafeInteger(amount) || amount <= 0 || ms > maxMetricsWindowDays * 24 * hourMs)
    throw new InputError(`--metrics-window: expected a duration in days or hours from 1h to ${maxMetricsWindowDays}d, such as 30d, 7d or 12h, got "${value}"`);
  return ms;
}

export function metricsWindowOption(): Option {
  return new Option(
    '--metrics-window <duration>',
    `usage and control-activity metrics are read over this window before now (default ${defaultMetricsWindowDays}d; e.g. 7d, 90d, 12h)`,
  ).argParser(parseMetricsWindow);
}

export const inventoryFormats = ['text', 'json', 'cyclonedx'] as const;
type InventoryFormat = (typeof inventoryFormats)[number];

interface InventoryOptions extends Record<string, unknown> {
  provider: Provider[];
  format: InventoryFormat;
  output?: string;
  policy?: string;
  logLevel: LogLevel;
  quiet?: boolean;
}

export interface InventoryCommandContext {
  io: Io;
  registry: Registry;
  /** The scan's collection bounds (`--timeout`, `--max-duration`, `--rate`, `--concurrency`, `--metrics-window`) and how they become collect options. */
  addCollectionBounds: (command: Command) => Command;
  collectionBounds: (options: Record<string, unknown>) => CommonCollectOptions;
  /** The policy of `--policy` (effectiveness thresholds, control prices), or the defaults. */
  policyFrom: (options: { policy?: string }) => Promise<Policy>;
}

/** The inventory alone as JSON: the sections of spec §12, the scan they come from, and the reads that failed. */
export function inventoryJson(report: Report): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      tool: report.tool,
      scan: report.scan,
      inventory: report.inventory ?? [],
      effectiveness: report.effectiveness ?? [],
      coverage: report.coverage.filter((entry) => entry.status !== 'ok'),
    },
    null,
    2,
  )}\n`;
}

/** The inventory alone as text: a one-line header, the sections, the reads that failed. */
export function inventoryText(report: Report, platformName: (provider: string) => string): string {
  const scopes = report.scan.scopes.map((scope) => `${scope.provider} ${scope.type} ${scope.id}`).join(', ') || 'no scope';
  const lines = [`aiposture ${neutralise(report.tool.version)} — AI inventory of ${neutralise(scopes)}`, `finished ${neutralise(report.scan.finishedAt)}`, ''];
  lines.push(...inventoryTextLines({ inventory: report.inventory ?? [], effectiveness: report.effectiveness ?? [] }, { platformName }));
  const problems = report.coverage.filter((entry) => entry.status === 'denied' || entry.status === 'error');
  if (problems.length > 0) {
    lines.push(`Coverage problems (${problems.length}): what could not be read may hide AI in use`);
    for (const entry of problems.slice(0, 20))
      lines.push(`  ${neutralise(`${entry.status.padEnd(7)} ${entry.provider} ${entry.scope.id} ${entry.region ?? 'global'} ${entry.collector}`)}`);
    if (problems.length > 20) lines.push(`  … ${problems.length - 20} more (see --format json)`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function addInventoryCommand(program: Command, context: InventoryCommandContext): void {
  const { io, registry } = context;
  const providerIds = registry.providers.map((provider) => provider.id);
  const providerList = listParser('--provider', new RegExp(`^(${providerIds.join('|')})$`), `one of ${providerIds.join(', ')}`);
  const command = program
    .command('inventory')
    .description('list the AI in use (models invoked, deployments, endpoints, agents …) with its controls, like scan collects it')
    .option('--provider <list>', 'providers to scan, comma-separated', (value: string) => [...new Set(providerList(value))], providerIds.slice(0, 1))
    .option('--insecure-endpoint', 'accept plain-http endpoint overrides on non-loopback hosts (emulators on a private network)');
  // The same scope options as `scan`: each provider's own flags.
  const providerFlags = addProviderOptions(command, registry);
  context
    .addCollectionBounds(command)
    .addOption(new Option('--format <format>', 'output format').choices(inventoryFormats).default('text'))
    .option('--output <file>', 'write to a file instead of stdout', (value: string) => {
      if (value.trim() === '') throw new InputError('--output: expected a file path, got an empty string');
      return value;
    })
    .option('--policy <file>', 'policy file: effectiveness thresholds and control prices of its baseline')
    .addOption(new Option('--log-level <level>', 'log level on stderr').choices(logLevels).default('warn'))
    .option('--quiet', 'no logs at all')
    .action(async (options: InventoryOptions) => {
      for (const [key, { provider, flag }] of providerFlags) {
        if (command.getOptionValueSource(key) === 'cli' && !options.provider.includes(provider))
          io.stderr(`aiposture: ${flag} applies to ${provider}, which is not scanned (--provider ${options.provider.join(',')}); ignored\n`);
      }
      const collectOptions: Record<Provider, object> = {};
      for (const provider of registry.providers) if (options.provider.includes(provider.id)) collectOptions[provider.id] = provider.optionsFromFlags(options);
      const policy = await context.policyFrom(options);
      const logger = createLogger(options.quiet ? 'silent' : options.logLevel);
      const { report } = await runScan({
        mode: 'live',
        registry,
        providers: options.provider,
        collectOptions,
        common: context.collectionBounds(options),
        policy,
        logger,
      });
      const platformName = (provider: string) => registry.byId.get(provider)?.displayName ?? provider;
      const content =
        options.format === 'json'
          ? inventoryJson(report)
          : options.format === 'cyclonedx'
            ? renderCycloneDx(report, { platformName })
            : inventoryText(report, platformName);
      await writeOutput(scrubSecrets(content), options.output, io.stdout);
    });
}
