import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { Provider } from './model/common.ts';
import { severities, type Severity } from './engine/rule.ts';
import { defaultBaseline } from './policy/baseline.ts';
import { defaultPolicy, loadPolicy, type Policy } from './policy/policy-file.ts';
import { InputError } from './errors.ts';
import { createLogger, logLevels, type LogLevel } from './log.ts';
import { evaluateIac, gateTripped, runScan } from './scan.ts';
import { renderJson } from './reporters/json.ts';
import { renderText } from './reporters/text.ts';
import { renderSarif } from './reporters/sarif.ts';
import { renderJunit } from './reporters/junit.ts';
import { renderMarkdown } from './reporters/markdown.ts';
import { writeOutput } from './output.ts';
import type { Report, ScanMode } from './report/build.ts';
import { allRules } from '../rules/index.ts';
import { awsLeastPrivilegePolicy } from '../collectors/aws/operations.ts';
import { azureLeastPrivilegeRole } from '../collectors/azure/operations.ts';
import { gcpLeastPrivilegeRole } from '../collectors/gcp/operations.ts';
import { gcpEndpoint } from '../collectors/gcp/endpoint.ts';
import { azureCredentialKinds, azureEndpoint, type AzureCredentialKind } from '../collectors/azure/endpoint.ts';
import { ScanAbortedError } from './errors.ts';
import { toolVersion } from './version.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

const reportFormats = ['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'ocsf', 'csv'] as const;
const implementedFormats = new Set(['text', 'json', 'sarif', 'junit', 'markdown']);
const providers = ['aws', 'azure', 'gcp'] as const;

export const bundledDemoEstate = fileURLToPath(new URL('../fixtures/estates/demo.yaml', import.meta.url));

interface CommonOptions {
  format: (typeof reportFormats)[number];
  output?: string;
  policy?: string;
  failOn?: Severity;
  targetLevel?: number;
  logLevel: LogLevel;
  quiet?: boolean;
  color: boolean;
}

function parseTargetLevel(value: string): number {
  const level = Number(value);
  if (!Number.isInteger(level) || level < 1 || level > 5) throw new InputError(`--target-level: expected a whole number from 1 to 5, got "${value}"`);
  return level;
}

function parseList(flag: string, pattern: RegExp, what: string) {
  return (value: string): string[] => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const bad = items.find((item) => !pattern.test(item));
    if (items.length === 0 || bad !== undefined) throw new InputError(`${flag}: "${bad ?? value}" is not ${what}`);
    return items;
  };
}

const parseRegions = parseList('--regions', /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, 'an AWS region name (e.g. us-east-1)');
const parseProviders = (value: string): Provider[] => parseList('--provider', /^(aws|azure|gcp)$/, 'one of aws, azure, gcp')(value) as Provider[];
const parseProjects = parseList('--projects', /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id');
const parseSubscriptions = parseList('--subscriptions', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an Azure subscription id (a GUID)');

function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'report format').choices(reportFormats).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--policy <file>', 'policy file (YAML or JSON): baseline, rule settings, exceptions, attestations')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a failing finding is at or above this severity').choices(severities.filter((s) => s !== 'info')))
    .option('--target-level <level>', 'exit 1 when an in-use platform is below this maturity level (1-5)', parseTargetLevel)
    .addOption(new Option('--log-level <level>', 'log level on stderr').choices(logLevels).default('warn'))
    .option('--quiet', 'no logs at all')
    .option('--no-color', 'plain text output');
}

async function policyFrom(options: CommonOptions): Promise<Policy> {
  const known = new Set(allRules.map((rule) => rule.meta.id));
  return options.policy ? loadPolicy(options.policy, known, defaultBaseline) : defaultPolicy(defaultBaseline);
}

/** Checked before any scan starts, so an unavailable format never costs a scan. */
function requireImplementedFormat(format: CommonOptions['format']): void {
  if (!implementedFormats.has(format))
    throw new InputError(`--format ${format}: not available in this version yet (available: ${[...implementedFormats].join(', ')})`);
}

function render(report: Report, options: CommonOptions, io: Io): string {
  switch (options.format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, allRules);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderMarkdown(report);
    default:
      return renderText(report, { color: options.color && io.isTty && !options.output && !process.env.NO_COLOR });
  }
}

interface ScanFlags {
  provider: Provider[];
  profile?: string;
  regions?: string[];
  subscriptions?: string[];
  azureCredential: AzureCredentialKind;
  azureEndpoint?: string;
  projects?: string[];
  organization?: string;
  folders?: string[];
  gcpEndpoint?: string;
  gcpLocations?: string[];
}

function scanScopes(options: ScanFlags): ProviderOptions {
  return {
    aws: { ...(options.profile ? { profile: options.profile } : {}), ...(options.regions ? { regions: options.regions } : {}) },
    azure: {
      credentialKind: options.azureCredential,
      ...(options.azureEndpoint ? { endpoint: options.azureEndpoint } : {}),
      ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    },
    gcp: {
      ...(options.projects ? { projects: options.projects } : {}),
      ...(options.organization ? { organization: options.organization } : {}),
      ...(options.folders ? { folders: options.folders } : {}),
      ...(options.gcpEndpoint ? { endpoint: options.gcpEndpoint } : {}),
      ...(options.gcpLocations ? { locations: options.gcpLocations } : {}),
    },
  };
}

type ProviderOptions = Pick<Parameters<typeof runScan>[0], 'aws' | 'azure' | 'gcp'>;

async function scanAndReport(mode: ScanMode, selected: readonly Provider[], scopes: ProviderOptions, options: CommonOptions, io: Io): Promise<number> {
  requireImplementedFormat(options.format);
  const policy = await policyFrom(options);
  const logger = createLogger(options.quiet ? 'silent' : options.logLevel);
  const { report } = await runScan({
    mode,
    providers: selected,
    ...scopes,
    policy,
    logger,
    ...(options.targetLevel ? { targetLevel: options.targetLevel } : {}),
  });
  await writeOutput(render(report, options, io), options.output, io.stdout);
  return gateTripped(report, options.failOn) ? 1 : 0;
}

/** Runs the CLI; returns the exit code instead of exiting so tests can call it in-process. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('aiposture')
    .description('Read-only scanner of AI-platform security configuration with maturity inference')
    .version(toolVersion)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
    .showSuggestionAfterError(true);

  addCommonOptions(
    program
      .command('scan')
      .description('scan live cloud configuration')
      .option('--provider <list>', 'providers to scan, comma-separated', parseProviders, ['aws'] as Provider[])
      .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
      .option('--regions <list>', 'AWS regions, comma-separated (default: every enabled region where Bedrock is offered)', parseRegions)
      .option('--subscriptions <list>', 'Azure subscription ids, comma-separated (default: every subscription the credential sees)', parseSubscriptions)
      .addOption(new Option('--azure-credential <kind>', 'Azure credential').choices(azureCredentialKinds).default('default'))
      .option('--azure-endpoint <url>', 'Azure Resource Manager endpoint (sovereign clouds, proxies, emulators; http only for loopback)')
      .option('--projects <list>', 'GCP project ids, comma-separated', parseProjects)
      .option('--organization <id>', 'GCP organization id: scan every project under it')
      .option(
        '--folders <list>',
        'GCP folder ids, comma-separated: scan every project under them',
        parseList('--folders', /^(folders\/)?\d+$/, 'a GCP folder id'),
      )
      .option('--gcp-endpoint <url>', 'one base URL for every Google API (proxies, emulators; http only for loopback)')
      .option(
        '--gcp-locations <list>',
        'Model Armor template locations (default: every documented regional endpoint)',
        parseList('--gcp-locations', /^[a-z]+[a-z0-9-]*$/, 'a GCP location'),
      ),
  ).action(async (options: CommonOptions & ScanFlags) => {
    azureEndpoint(options.azureEndpoint);
    gcpEndpoint(options.gcpEndpoint);
    exitCode = await scanAndReport('live', options.provider, scanScopes(options), options, io);
  });

  addCommonOptions(
    program
      .command('iac')
      .description('check infrastructure-as-code before it is deployed: Terraform plan JSON, CloudFormation, ARM/Bicep (compiled), Vertex request/config files')
      .argument('<paths...>', 'files or directories (walked recursively)'),
  ).action(async (paths: string[], options: CommonOptions) => {
    requireImplementedFormat(options.format);
    const policy = await policyFrom(options);
    const { readIac } = await import('./iac/index.ts');
    const { iacReaders } = await import('./iac/readers.ts');
    const startedAt = new Date();
    const readout = await readIac(paths, iacReaders);
    const report = evaluateIac(readout, policy, startedAt, new Date());
    await writeOutput(render(report, options, io), options.output, io.stdout);
    exitCode = gateTripped(report, options.failOn) ? 1 : 0;
  });

  addCommonOptions(
    program
      .command('demo')
      .description('full scan of a bundled sample estate served by the local fake cloud (no credentials needed)')
      .option('--estate <file>', 'estate file to serve instead of the bundled sample'),
  ).action(async (options: CommonOptions & { estate?: string }) => {
    const { startFakeCloud, loadEstateFile } = await import('./fakecloud/server.ts');
    const estate = await loadEstateFile(options.estate ?? bundledDemoEstate).catch((error: unknown) => {
      throw new InputError(error instanceof Error ? error.message : String(error));
    });
    const cloud = await startFakeCloud(estate);
    try {
      for (const key of Object.keys(process.env)) if (key.startsWith('AWS_ENDPOINT_URL_')) delete process.env[key];
      process.env.AWS_ENDPOINT_URL = cloud.url;
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
      process.env.AWS_REGION = 'us-east-1';
      const providers = (['aws', 'azure', 'gcp'] as const).filter((provider) => estate[provider] !== undefined);
      const { OAuth2Client } = await import('google-auth-library');
      const gcpToken = new OAuth2Client();
      gcpToken.setCredentials({ access_token: 'demo-token' });
      const gcpProjects = (estate.gcp?.projects ?? []).map((project) => project.projectId);
      const demoToken = { getToken: async () => ({ token: 'demo-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
      exitCode = await scanAndReport(
        'demo',
        providers,
        {
          aws: { credentials: async () => ({ accessKeyId: 'AKIDDEMO', secretAccessKey: 'demo-secret' }), scheduler: { baseDelayMs: 50 } },
          azure: { credential: demoToken, endpoint: cloud.url, scheduler: { baseDelayMs: 50 } },
          gcp: { authClient: gcpToken, endpoint: cloud.url, projects: gcpProjects, scheduler: { baseDelayMs: 50 } },
        },
        options,
        io,
      );
    } finally {
      await cloud.close();
    }
  });

  program
    .command('rules')
    .description('list the rule catalogue')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      if (options.format === 'json') {
        io.stdout(
          `${JSON.stringify(
            allRules.map((rule) => rule.meta),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const rule of allRules) io.stdout(`${rule.meta.id.padEnd(40)} ${rule.meta.severity.padEnd(8)} ${rule.meta.title}\n`);
    });

  program
    .command('permissions')
    .description('print the least-privilege policy (AWS IAM) or custom role (Azure, GCP) the scan needs')
    .addOption(new Option('--provider <provider>', 'provider').choices(providers).default('aws'))
    .action((options: { provider: Provider }) => {
      const policies = { aws: awsLeastPrivilegePolicy, azure: azureLeastPrivilegeRole, gcp: gcpLeastPrivilegeRole };
      io.stdout(`${JSON.stringify(policies[options.provider](), null, 2)}\n`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      io.stderr(`aiposture: ${error.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`aiposture: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ScanAbortedError) {
      io.stderr(`aiposture: scan could not run: ${error.message}\n`);
      return 3;
    }
    io.stderr(`aiposture: scan could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.AIPOSTURE_DEBUG && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return 3;
  }
}
