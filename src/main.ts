import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { Provider } from './model/common.ts';
import { registry as builtInRegistry, type Registry } from './providers.ts';
import { severities, type Severity } from './engine/rule.ts';
import { defaultBaseline } from './policy/baseline.ts';
import { defaultPolicy, loadPolicy, type Policy } from './policy/policy-file.ts';
import { InputError } from './errors.ts';
import { rememberEnvironmentSecrets, scrubSecrets } from './secrets.ts';
import { listParser, type CommonCollectOptions } from './collect/collector.ts';
import { parseShard, type Shard } from './collect/shard.ts';
import { createLogger, logLevels, type LogLevel } from './log.ts';
import { evaluateInventory, gateTripped, runScan } from './scan.ts';
import { evaluateIac } from './iac/evaluate.ts';
import { renderJsonChunks } from './reporters/json.ts';
import { reportFormats, reportRenderers, type ReportFormat } from './reporters/formats.ts';
import { writeOutput, type Io, type OutputContent } from './output.ts';
import type { Report, ScanMode } from './report/build.ts';
import { HistoryStoreError, ScanAbortedError } from './errors.ts';
import { toolVersion } from './version.ts';
import { addHistoryCommands, historyLocation, historyOption, openStore } from './commands/history.ts';
import { addPolicyCommands } from './commands/policy.ts';
import { addProviderOptions } from './commands/provider-options.ts';
import { addInventoryCommand, metricsWindowOption } from './commands/inventory.ts';
import { metricsWindowEndingAt } from './engine/insights.ts';
import {
  addEvidenceCommands,
  addEvidenceOptions,
  checkEvidenceTarget,
  loadSigningKey,
  rawForPack,
  writeEvidencePack,
  type EvidenceOptions,
} from './commands/evidence.ts';
import type { PackInput } from './evidence/pack.ts';
import type { ScanHistory } from './history/session.ts';
import type { Identity } from './history/record.ts';

export type { Io } from './output.ts';

const implementedFormats = new Set(reportFormats.filter((format) => reportRenderers[format] !== undefined));

/** The bundled estate: `fixtures/` sits beside `src/` in the repository and beside `dist/` in the package. */
export const bundledDemoEstate = [new URL('../fixtures/estates/demo.yaml', import.meta.url), new URL('../../fixtures/estates/demo.yaml', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path)) as string;

interface CommonOptions {
  format: ReportFormat;
  /** `--history`: the scan history store (else $AIPOSTURE_HISTORY). */
  history?: string;
  output?: string;
  policy?: string;
  failOn?: Severity;
  targetLevel?: number;
  logLevel: LogLevel;
  quiet?: boolean;
  color: boolean;
  /** `--summary`: the text report shows only levels, blockers and the counts behind the exit code. */
  summary?: boolean;
}

function parseTargetLevel(value: string): number {
  const level = Number(value);
  if (!Number.isInteger(level) || level < 1 || level > 5) throw new InputError(`--target-level: expected a whole number from 1 to 5, got "${value}"`);
  return level;
}

/** `90s`, `10m`, `1h` or plain seconds, as milliseconds. */
function parseDuration(flag: string) {
  return (value: string): number => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    const amount = match ? Number(match[1]) : NaN;
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match?.[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
    if (!Number.isFinite(amount) || amount <= 0) throw new InputError(`${flag}: expected a duration such as 90s, 10m or 1h, got "${value}"`);
    return amount * unit;
  };
}

/** Bounds of a live scan: every request's timeout, and a wall-clock budget for the whole collection. */
function addCollectionBounds(command: Command): Command {
  return command
    .option('--timeout <duration>', 'give up on one request after this long (default 30s)', parseDuration('--timeout'))
    .option(
      '--max-duration <duration>',
      'wall-clock budget of the collection: what is not reached by then is unknown ("not reached")',
      parseDuration('--max-duration'),
    )
    .option(
      '--rate <per-second>',
      'requests started per second per throttling key (account × region × API, subscription, project × API); default: unlimited, adapted on throttling',
      positiveNumber('--rate', false),
    )
    .option(
      '--concurrency <n>',
      'requests in flight per throttling key at most (default 4; halved on each throttle, regained on success)',
      positiveNumber('--concurrency', true),
    )
    .addOption(metricsWindowOption());
}

/** The common collect options the bounds ask for; the deadline counts from now. */
function collectionBounds(
  options: { timeout?: number; maxDuration?: number; rate?: number; concurrency?: number; metricsWindow?: number },
  scheduler: NonNullable<CommonCollectOptions['scheduler']> = {},
): CommonCollectOptions {
  const limits = {
    ...scheduler,
    ...(options.rate !== undefined ? { perKeyRatePerSecond: options.rate } : {}),
    ...(options.concurrency !== undefined ? { perKeyConcurrency: options.concurrency } : {}),
  };
  return {
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
    ...(options.maxDuration !== undefined ? { deadline: Date.now() + options.maxDuration } : {}),
    ...(Object.keys(limits).length > 0 ? { scheduler: limits } : {}),
    // Over --metrics-window; without it the scan reads the default window (`runScan`).
    ...(options.metricsWindow !== undefined ? { metricsWindow: metricsWindowEndingAt(new Date(), options.metricsWindow / 86_400_000) } : {}),
  };
}

function positiveNumber(flag: string, integer: boolean) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number)))
      throw new InputError(`${flag}: expected a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
    return number;
  };
}

function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'report format').choices(reportFormats).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout', (value: string) => {
      // Checked before any scan starts: an empty path would otherwise be discovered only after it.
      if (value.trim() === '') throw new InputError('--output: expected a file path, got an empty string');
      return value;
    })
    .option('--policy <file>', 'policy file (YAML or JSON): baseline, rule settings, exceptions, attestations')
    .addOption(historyOption())
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity').choices(severities.filter((s) => s !== 'info')))
    .option('--target-level <level>', 'exit 1 when an in-use platform is below this maturity level (1-5)', parseTargetLevel)
    .addOption(new Option('--log-level <level>', 'log level on stderr').choices(logLevels).default('warn'))
    .option('--quiet', 'no logs at all')
    .option('--no-color', 'plain text output')
    .option('--summary', 'text report: only the level per platform, its blockers and the counts behind the exit code')
    .hook('preAction', (command) => {
      // Checked before any scan starts, like the format itself.
      const { summary, format } = command.opts<{ summary?: boolean; format: string }>();
      if (summary && format !== 'text') throw new InputError(`--summary: applies to --format text only, not --format ${format}`);
    });
}

async function policyFrom(options: CommonOptions, registry: Registry): Promise<Policy> {
  const known = new Set(registry.rules.map((rule) => rule.meta.id));
  return options.policy ? loadPolicy(options.policy, known, defaultBaseline, new Set(registry.byId.keys())) : defaultPolicy(defaultBaseline);
}

/** Checked before any scan starts, so an unavailable format never costs a scan. */
function requireImplementedFormat(format: CommonOptions['format']): void {
  if (!implementedFormats.has(format))
    throw new InputError(`--format ${format}: not available in this version yet (available: ${[...implementedFormats].join(', ')})`);
}

/** The report in the chosen format, with every credential value the process holds scrubbed out. */
function render(report: Report, options: CommonOptions, io: Io, registry: Registry): OutputContent {
  // JSON is written in pieces (an organisation's report runs to a hundred megabytes); a piece is a
  // whole finding or section, so no credential value can straddle two pieces.
  if (options.format === 'json') return scrubbedPieces(renderJsonChunks(report));
  return scrubSecrets(renderFormat(report, options, io, registry));
}

function* scrubbedPieces(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield scrubSecrets(piece);
}

function renderFormat(report: Report, options: CommonOptions, io: Io, registry: Registry): string {
  const renderer = reportRenderers[options.format];
  if (renderer === undefined) throw new InputError(`--format ${options.format}: not available in this version yet`);
  return renderer(report, {
    color: options.color && io.isTty && !options.output && !process.env.NO_COLOR,
    platformName: (provider) => registry.byId.get(provider)?.displayName ?? provider,
    rules: registry.rules,
    summary: options.summary === true,
  });
}

interface ScanRun {
  mode: ScanMode;
  providers: readonly Provider[];
  collectOptions: Record<Provider, object>;
  common?: CommonCollectOptions;
}

const identityOf = (registry: Registry): Identity => ({ caseInsensitiveProviders: registry.caseInsensitiveProviders, ruleAliases: registry.ruleAliases });

/** The history of this run when `--history` (or $AIPOSTURE_HISTORY) names a store: opened before the scan, so a bad store costs no scan. */
async function openScanHistory(options: CommonOptions, registry: Registry, policy: Policy): Promise<ScanHistory | undefined> {
  const location = historyLocation(options.history);
  if (location === undefined) return undefined;
  const { ScanHistory } = await import('./history/session.ts');
  return new ScanHistory(await openStore(location), identityOf(registry), policy.baseline);
}

/**
 * Records the finished scan in history, then writes the report. When the store fails at the end,
 * the report is still written (without its history section) before the error is raised: a long
 * scan is never lost to a busy or unreachable store.
 */
async function recordAndWrite(history: ScanHistory | undefined, report: Report, inventory: unknown, options: CommonOptions, io: Io, registry: Registry) {
  let storeError: unknown;
  if (history) {
    try {
      await history.record(report, inventory);
    } catch (error) {
      delete report.history;
      storeError = error;
    }
  }
  await writeOutput(render(report, options, io, registry), options.output, io.stdout);
  if (storeError !== undefined) throw storeError;
}

/**
 * Progress logs off a terminal show at the default log level (`warn`) too: a long unattended scan
 * should show it is alive. An explicit `--log-level error` (or fatal, silent) or `--quiet` hides them.
 */
function progressLogLevel(options: CommonOptions): LogLevel {
  if (options.quiet) return 'silent';
  return options.logLevel === 'warn' ? 'info' : options.logLevel;
}

/** The reports an evidence pack carries, rendered as a scan renders them; a format not available yet is listed as missing. */
function packReports(report: Report, io: Io, registry: Registry): PackInput['reports'] {
  const reports: PackInput['reports'][number][] = [
    { file: 'report.json', mediaType: 'application/json', content: [...scrubbedPieces(renderJsonChunks(report))].join('') },
  ];
  for (const [format, mediaType] of [
    ['html', 'text/html'],
    ['csv', 'text/csv'],
  ] as const) {
    const file = `report.${format}`;
    if (!implementedFormats.has(format)) reports.push({ file, missing: `the ${format} format is not available in this version` });
    else reports.push({ file, mediaType, content: render(report, { format, logLevel: 'warn', color: false }, io, registry) as string });
  }
  return reports;
}

async function scanAndReport(run: ScanRun, options: CommonOptions & EvidenceOptions, io: Io, registry: Registry): Promise<number> {
  requireImplementedFormat(options.format);
  // Checked before the scan: a bad pack directory or signing key costs no scan.
  if (options.signKey !== undefined && options.evidence === undefined) throw new InputError('--sign-key: applies to --evidence DIR only');
  await checkEvidenceTarget(options);
  const signKey = options.signKey !== undefined ? await loadSigningKey(options.signKey) : undefined;
  const rawResponses = options.evidence !== undefined ? new (await import('./collect/raw-responses.ts')).RawResponseRecorder() : undefined;
  const policy = await policyFrom(options, registry);
  const logger = createLogger(options.quiet ? 'silent' : options.logLevel);
  const history = await openScanHistory(options, registry, policy);
  // Loaded only for scans: `iac` and the other verbs start faster without the terminal libraries.
  const display = options.quiet
    ? undefined
    : (await import('./progress-display.ts')).startProgress({
        tty: Boolean(process.stderr.isTTY),
        stream: process.stderr,
        logger: createLogger(progressLogLevel(options)),
      });
  try {
    const { report, inventory } = await runScan({
      ...run,
      common: { ...run.common, ...(display ? { progress: display.tally } : {}), ...(rawResponses ? { rawResponses } : {}) },
      registry,
      policy,
      logger,
      ...(options.targetLevel ? { targetLevel: options.targetLevel } : {}),
      ...(history ? { historyEvidence: (draft: Report) => history.evidence(draft) } : {}),
    });
    display?.stop();
    if (run.common?.shard) report.shard = { ...run.common.shard, inventory };
    await recordAndWrite(history, report, inventory, options, io, registry);
    if (options.evidence !== undefined) {
      await writeEvidencePack(
        options.evidence,
        {
          source: 'scan',
          report,
          inventory,
          raw: rawForPack(rawResponses?.entries),
          policyDocument: policy.file ? policy.document : null,
          ...(signKey ? { signKey } : {}),
        },
        { rules: registry.rules, packReports: (packed) => packReports(packed, io, registry) },
        options.force ?? false,
      );
    }
    return gateTripped(report, options.failOn) ? 1 : 0;
  } finally {
    display?.stop();
    await history?.store.close();
  }
}

/**
 * Runs the CLI; returns the exit code instead of exiting so tests can call it in-process. The
 * composition root: the registry it is given (the built-in providers by default) is the only
 * place that knows which providers exist.
 */
export async function main(argv: readonly string[], rawIo: Io, registry: Registry = builtInRegistry): Promise<number> {
  rememberEnvironmentSecrets();
  // Nothing this process writes may carry a credential, whatever a server echoed into it.
  const io: Io = { ...rawIo, stdout: (text) => rawIo.stdout(scrubSecrets(text)), stderr: (text) => rawIo.stderr(scrubSecrets(text)) };
  const providerIds = registry.providers.map((provider) => provider.id);
  const providerList = listParser('--provider', new RegExp(`^(${providerIds.join('|')})$`), `one of ${providerIds.join(', ')}`);
  // `--provider aws,aws` scans AWS once.
  const parseProviders = (value: string) => [...new Set(providerList(value))];
  let exitCode = 0;
  const program = new Command('aiposture')
    .description('Read-only scanner of AI-platform security configuration with maturity inference')
    .version(toolVersion)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
    .showSuggestionAfterError(true);

  const scan = program
    .command('scan')
    .description('scan live cloud configuration')
    .option('--provider <list>', 'providers to scan, comma-separated', parseProviders, providerIds.slice(0, 1))
    .option('--insecure-endpoint', 'accept plain-http endpoint overrides on non-loopback hosts (emulators on a private network)')
    .option(
      '--shard <i/n>',
      'scan a deterministic 1/n of the accounts, subscriptions and projects (1-based i); join the reports with `aiposture merge`',
      parseShard,
    );
  const providerFlags = addProviderOptions(scan, registry);
  addEvidenceOptions(addCommonOptions(addCollectionBounds(scan))).action(
    async (
      options: CommonOptions &
        EvidenceOptions & { provider: Provider[]; timeout?: number; maxDuration?: number; rate?: number; concurrency?: number; shard?: Shard } & Record<
          string,
          unknown
        >,
    ) => {
      // A flag of a provider that is not scanned does nothing: say so rather than ignore it silently.
      for (const [key, { provider, flag }] of providerFlags) {
        if (scan.getOptionValueSource(key) === 'cli' && !options.provider.includes(provider)) {
          io.stderr(`aiposture: ${flag} applies to ${provider}, which is not scanned (--provider ${options.provider.join(',')}); ignored\n`);
        }
      }
      // Every provider validates its own flags (endpoints, ids) before any scan starts.
      const collectOptions: Record<Provider, object> = {};
      for (const provider of registry.providers) if (options.provider.includes(provider.id)) collectOptions[provider.id] = provider.optionsFromFlags(options);
      const common = { ...collectionBounds(options), ...(options.shard ? { shard: options.shard } : {}) };
      exitCode = await scanAndReport({ mode: 'live', providers: options.provider, collectOptions, common }, options, io, registry);
    },
  );

  addCommonOptions(
    program
      .command('iac')
      .description('check infrastructure-as-code before it is deployed: Terraform plan JSON, CloudFormation, ARM/Bicep (compiled), Vertex request/config files')
      .argument('<paths...>', 'files or directories (walked recursively)')
      .option('--strict', 'exit 2 when any IaC file found in a directory could not be read (the report is still written)')
      .option(
        '--var-file <file>',
        'Terraform variable file for the HCL root modules read (repeatable; after terraform.tfvars and *.auto.tfvars)',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        '--parameters <file>',
        'parameter values for CloudFormation (Key=Value lines, or the JSON aws-cli reads) and ARM (a parameters file) templates; defaults apply otherwise',
      ),
  ).action(async (paths: string[], options: CommonOptions & { strict?: boolean; parameters?: string; varFile?: string[] }) => {
    requireImplementedFormat(options.format);
    const policy = await policyFrom(options, registry);
    const { readIac } = await import('./iac/index.ts');
    const { iacReaders, iacDirectoryReaders } = await import('./iac/readers.ts');
    let readers = iacReaders;
    if (options.parameters !== undefined) {
      const { parseParameterOverrides, withParameterOverrides } = await import('./iac/cfn-parameters.ts');
      const { readTextFile } = await import('./read-file.ts');
      const read = await readTextFile(options.parameters, { bytes: 1024 * 1024, name: 'the 1 MB limit for parameter files' });
      if ('problem' in read) throw new InputError(`${options.parameters}: ${read.problem}`);
      readers = withParameterOverrides(iacReaders, parseParameterOverrides(options.parameters, read.text));
    }
    const history = await openScanHistory(options, registry, policy);
    try {
      const startedAt = new Date();
      const readout = await readIac(paths, readers, process.cwd(), undefined, { directoryReaders: iacDirectoryReaders, varFiles: options.varFile ?? [] });
      const report = evaluateIac(readout, registry.rules, policy, startedAt, new Date());
      await recordAndWrite(history, report, null, options, io, registry);
      exitCode = gateTripped(report, options.failOn) ? 1 : 0;
      // The input was incomplete: with --strict that is bad input, after the report of the rest.
      if (options.strict && readout.errors.length > 0) {
        io.stderr(`aiposture: --strict: ${readout.errors.length} IaC file(s) could not be read (listed above and in the report)\n`);
        exitCode = 2;
      }
    } finally {
      await history?.store.close();
    }
  });

  addEvidenceOptions(
    addCommonOptions(
      addCollectionBounds(
        program
          .command('demo')
          .description('full scan of a bundled sample estate served by the local fake cloud (no credentials needed)')
          .option('--estate <file>', 'estate file to serve instead of the bundled sample'),
      ),
    ),
  ).action(
    async (options: CommonOptions & EvidenceOptions & { estate?: string; timeout?: number; maxDuration?: number; rate?: number; concurrency?: number }) => {
      const { startFakeCloud, loadEstateFile } = await import('../fakecloud/server.ts');
      const estate = await loadEstateFile(options.estate ?? bundledDemoEstate).catch((error: unknown) => {
        throw new InputError(error instanceof Error ? error.message : String(error));
      });
      const cloud = await startFakeCloud(estate);
      try {
        const sections = estate as Readonly<Record<string, unknown>>;
        const served = registry.providers.filter((provider) => sections[provider.id] !== undefined);
        const collectOptions: Record<Provider, object> = {};
        for (const provider of served) collectOptions[provider.id] = await provider.demoOptions(cloud.url, sections[provider.id]);
        exitCode = await scanAndReport(
          {
            mode: 'demo',
            providers: served.map((provider) => provider.id),
            collectOptions,
            common: collectionBounds(options, { baseDelayMs: 50 }),
          },
          options,
          io,
          registry,
        );
      } finally {
        await cloud.close();
      }
    },
  );

  addCommonOptions(
    program
      .command('merge')
      .description('join the JSON reports of `scan --shard I/N` into one report, judged again over the union')
      .argument('<reports...>', 'shard reports (--format json)'),
  ).action(async (files: string[], options: CommonOptions) => {
    requireImplementedFormat(options.format);
    const policy = await policyFrom(options, registry);
    const { readShardReport, checkShards, unionOf, spanOf } = await import('./commands/merge.ts');
    const shards = [];
    for (const file of files) shards.push(await readShardReport(file));
    const { missing } = checkShards(shards, policy.sha256);
    const { startedAt, finishedAt } = spanOf(shards);
    const mode = shards[0]?.mode ?? 'live';
    const report = await evaluateInventory(
      unionOf(shards),
      { mode, policy, registry, ...(options.targetLevel ? { targetLevel: options.targetLevel } : {}) },
      startedAt,
      finishedAt,
    );
    report.merge = { shards: shards.length, of: shards[0]?.count ?? 0, missing };
    if (missing.length > 0) {
      // Part of the organisation was not scanned: its level cannot be claimed.
      if (report.maturity) report.maturity.overall.level = null;
      io.stderr(`aiposture: merge: shard(s) ${missing.join(', ')} of ${shards[0]?.count} missing: the overall level is withheld\n`);
    }
    await writeOutput(render(report, options, io, registry), options.output, io.stdout);
    exitCode = gateTripped(report, options.failOn) || missing.length > 0 ? 1 : 0;
  });

  program
    .command('rules')
    .description('list the rule catalogue')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      if (options.format === 'json') {
        io.stdout(
          `${JSON.stringify(
            registry.rules.map((rule) => rule.meta),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const rule of registry.rules) io.stdout(`${rule.meta.id.padEnd(40)} ${rule.meta.severity.padEnd(8)} ${rule.meta.title}\n`);
    });

  program
    .command('permissions')
    .description('print the least-privilege policy (AWS IAM) or custom role (Azure, GCP) the scan needs')
    .addOption(new Option('--provider <provider>', 'provider').choices(providerIds).default(providerIds[0]))
    .action((options: { provider: Provider }) => {
      const provider = registry.byId.get(options.provider);
      if (provider) io.stdout(`${JSON.stringify(provider.permissions(), null, 2)}\n`);
    });

  const platformName = (provider: Provider) => registry.byId.get(provider)?.displayName ?? provider;
  addHistoryCommands(program, {
    io,
    identity: identityOf(registry),
    platformName,
    reportFormats,
    requireFormat: (format) => requireImplementedFormat(format as CommonOptions['format']),
    renderReport: (report, format, output) =>
      render(report, { format: format as CommonOptions['format'], logLevel: 'warn', color: true, ...(output ? { output } : {}) }, io, registry),
  });
  addPolicyCommands(program, { io, knownRuleIds: new Set(registry.rules.map((rule) => rule.meta.id)), providerIds });
  addInventoryCommand(program, {
    io,
    registry,
    addCollectionBounds,
    collectionBounds: (options) => collectionBounds(options),
    policyFrom: (options) => policyFrom({ ...(options.policy ? { policy: options.policy } : {}) } as CommonOptions, registry),
  });
  addEvidenceCommands(program, {
    io,
    rules: registry.rules,
    packReports: (report) => packReports(report, io, registry),
    loadPolicy: (file) => policyFrom({ format: 'json', logLevel: 'warn', color: false, ...(file !== undefined ? { policy: file } : {}) }, registry),
    evaluate: (inventory, policy, mode, startedAt, finishedAt) => evaluateInventory(inventory, { mode, policy, registry }, startedAt, finishedAt),
    renderReport: (report, format, output) =>
      render(report, { format: format as CommonOptions['format'], logLevel: 'warn', color: true, ...(output ? { output } : {}) }, io, registry),
    reportFormats,
    requireFormat: (format) => requireImplementedFormat(format as CommonOptions['format']),
    snapshotInventory: async (scanId, store) => {
      const location = historyLocation(store);
      if (location === undefined) return undefined;
      const opened = await openStore(location);
      try {
        return (await opened.snapshot(scanId))?.inventory ?? undefined;
      } finally {
        await opened.close();
      }
    },
    setExitCode: (code) => {
      exitCode = code;
    },
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // One line, whatever the message carries (file names, resource names, argv): control characters
    // are shown escaped (`\x1b`, `\n`), so they can neither drive the terminal nor forge a line.
    const { neutralise } = await import('./reporters/safe-text.ts');
    const line = (message: string) => io.stderr(`aiposture: ${neutralise(message)}\n`);
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // Commander puts its suggestion ("(Did you mean …?)") on a line of its own.
      line(error.message.replace(/^error: /, '').replace(/\n+/g, ' '));
      return 2;
    }
    if (error instanceof InputError) {
      line(error.message);
      return 2;
    }
    if (error instanceof ScanAbortedError) {
      line(`scan could not run: ${error.message}`);
      return 3;
    }
    if (error instanceof HistoryStoreError) {
      line(`scan history: ${error.message}`);
      return 3;
    }
    line(`scan could not run: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.AIPOSTURE_DEBUG && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return 3;
  }
}
