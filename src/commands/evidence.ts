/**
 * The evidence verbs: `evidence REPORT.json --out DIR` (a pack from a saved report), `evidence
 * verify DIR`, `evaluate DIR` (the rules again, offline, on a pack's inventory), and the
 * `--evidence DIR` / `--sign-key FILE` / `--force` options of `scan` and `demo`.
 */
import { readJsonFile } from '../read-file.ts';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { Option, type Command } from 'commander';
import { InputError } from '../errors.ts';
import type { Io } from '../output.ts';
import { writeOutput, type OutputContent } from '../output.ts';
import type { Report } from '../report/build.ts';
import type { Inventory } from '../model/inventory.ts';
import { parseInventory } from '../model/inventory.ts';
import type { Policy } from '../policy/policy-file.ts';
import type { RuleModule } from '../engine/rule.ts';
import type { RawResponse } from '../collect/raw-responses.ts';
import type { PackInput } from '../evidence/pack.ts';
import { neutralise as safe } from '../reporters/safe-text.ts';
import { toolVersion } from '../version.ts';

/** The options `--evidence` adds to `scan` and `demo`. */
export interface EvidenceOptions {
  evidence?: string;
  signKey?: string;
  force?: boolean;
}

export function addEvidenceOptions(command: Command): Command {
  return command
    .option('--evidence <dir>', 'also write an evidence pack to this directory (raw API responses, manifest, SHA256SUMS, OSCAL)', (value: string) => {
      if (value.trim() === '') throw new InputError('--evidence: expected a directory path, got an empty string');
      return value;
    })
    .option('--sign-key <file>', 'sign the evidence manifest with this Ed25519 private key (PKCS#8 PEM): manifest.dsse.json')
    .option('--force', 'replace a non-empty --evidence directory');
}

/** An Ed25519 private key from a PKCS#8 PEM file; anything else is exit 2 naming the file. */
export async function loadSigningKey(file: string): Promise<KeyObject> {
  const pem = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`--sign-key ${file}: cannot read (${error.code ?? error.message})`);
  });
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new InputError(`--sign-key ${file}: not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`--sign-key ${file}: expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'another kind'}`);
  return key;
}

export async function loadPublicKey(file: string): Promise<KeyObject> {
  const pem = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`--public-key ${file}: cannot read (${error.code ?? error.message})`);
  });
  try {
    return createPublicKey(pem);
  } catch {
    throw new InputError(`--public-key ${file}: not a PEM public key`);
  }
}

/** Refuses a non-empty pack directory before a scan starts, so a bad `--evidence` costs no scan. */
export async function checkEvidenceTarget(options: EvidenceOptions): Promise<void> {
  if (options.evidence === undefined) return;
  const found = await stat(options.evidence).catch(() => undefined);
  if (!found) return;
  if (!found.isDirectory()) throw new InputError(`--evidence ${options.evidence}: exists and is not a directory`);
  const { readdir } = await import('node:fs/promises');
  if (!options.force && (await readdir(options.evidence)).length > 0)
    throw new InputError(`--evidence ${options.evidence}: the directory is not empty (pass --force to replace it)`);
}

export interface EvidenceContext {
  io: Io;
  rules: readonly RuleModule[];
  /** The reports of the pack, rendered as a scan renders them (credentials scrubbed); a format not available is listed as missing. */
  packReports: (report: Report) => PackInput['reports'];
  /** The policy of a file (validated against the registry), or the built-in defaults. */
  loadPolicy: (file: string | undefined) => Promise<Policy>;
  /** The rules, exceptions and maturity over an inventory, as `scan` does. */
  evaluate: (inventory: Inventory, policy: Policy, mode: Report['scan']['mode'], startedAt: Date, finishedAt: Date) => Promise<Report>;
  /** A report in any format (the scan's renderers), for `evaluate --format`. */
  renderReport: (report: Report, format: string, output: string | undefined) => OutputContent;
  reportFormats: readonly string[];
  requireFormat: (format: string) => void;
  /** The inventory snapshot a history store keeps for a scan id, when the store has it. */
  snapshotInventory: (scanId: string, store: string | undefined) => Promise<unknown>;
  /** The command's exit code (1: verification failed, verdicts differ). */
  setExitCode: (code: number) => void;
}

/** Writes the pack of a finished scan or a saved report. */
export async function writeEvidencePack(
  dir: string,
  input: Omit<PackInput, 'toolVersion' | 'rules' | 'reports'>,
  context: Pick<EvidenceContext, 'rules' | 'packReports'>,
  force: boolean,
): Promise<number> {
  const { buildPack, writePack } = await import('../evidence/pack.ts');
  const files = buildPack({ ...input, rules: context.rules, reports: context.packReports(input.report), toolVersion });
  await writePack(dir, files, { force });
  return files.size;
}

/** The raw responses of a scan for its pack, or why there are none. */
export function rawForPack(raw: readonly RawResponse[] | undefined): PackInput['raw'] {
  return raw ?? { missing: 'the raw API responses were not recorded (the pack was made from a saved report, not by `scan --evidence`)' };
}

/** A JSON file of the user's or of a pack: at most 1 GB, like a report `merge` reads. */
const readJson = (file: string) => readJsonFile(file, { bytes: 1024 ** 3, name: 'the 1 GB limit for reports' });

function asReport(value: unknown, file: string): Report {
  const report = value as Partial<Report> | null;
  if (!report || report.schemaVersion !== 1 || !Array.isArray(report.findings) || !report.scan)
    throw new InputError(`${file}: not an aiposture JSON report (schemaVersion 1 with findings)`);
  return report as Report;
}

/** A verdict as `evaluate` compares them: rule, provider, scope, region, resource, status, reason. */
export function verdictKeys(report: Report): string[] {
  return report.findings
    .map((finding) => JSON.stringify([finding.ruleId, finding.provider, finding.scope.id, finding.region, finding.resource.id, finding.status, finding.reason]))
    .sort();
}

export function addEvidenceCommands(program: Command, context: EvidenceContext): void {
  const { io } = context;
  const evidence = program.command('evidence').description('evidence packs: make one from a saved JSON report (default), verify one');

  evidence
    .command('pack', { isDefault: true })
    .description('write an evidence pack from a saved JSON report (its inventory from the report or its history snapshot)')
    .argument('<report>', 'a JSON report (`--format json`)')
    .requiredOption('--out <dir>', 'the pack directory (must not exist or be empty, unless --force)')
    .option('--force', 'replace a non-empty --out directory')
    .option('--sign-key <file>', 'sign the manifest with this Ed25519 private key (PKCS#8 PEM)')
    .option('--policy <file>', 'the policy file the scan applied (checked against the report policy sha256), kept in the pack for `evaluate`')
    .option('--history <store>', 'the history store holding the scan snapshot (default $AIPOSTURE_HISTORY)')
    .action(async (file: string, options: { out: string; force?: boolean; signKey?: string; policy?: string; history?: string }) => {
      const signKey = options.signKey ? await loadSigningKey(options.signKey) : undefined;
      const report = asReport(await readJson(file), file);
      let inventory: Inventory | { missing: string } = {
        missing: 'the report carries no inventory and no history snapshot was found (scan with --evidence, or keep --history)',
      };
      if (report.shard?.inventory) inventory = parseInventory(report.shard.inventory);
      else if (report.history?.scanId) {
        const snapshot = await context.snapshotInventory(report.history.scanId, options.history);
        if (snapshot) inventory = parseInventory(snapshot);
        else inventory = { missing: `the history store has no inventory snapshot of scan ${report.history.scanId}` };
      }
      let policyDocument: unknown = null;
      if (options.policy) {
        const policy = await context.loadPolicy(options.policy);
        if ((report.policy.sha256 ?? null) !== policy.sha256)
          throw new InputError(
            `--policy ${options.policy}: its sha256 ${policy.sha256 ?? 'null'} is not the report's policy sha256 ${report.policy.sha256 ?? 'null'}`,
          );
        policyDocument = policy.document;
      } else if (report.policy.sha256) {
        io.stderr(
          `aiposture: evidence: the report applied policy ${safe(report.policy.file ?? '?')}; pass --policy FILE to keep it in the pack for \`evaluate\`\n`,
        );
      }
      const count = await writeEvidencePack(
        options.out,
        { source: 'report', report, inventory, raw: rawForPack(undefined), policyDocument, ...(signKey ? { signKey } : {}) },
        context,
        options.force ?? false,
      );
      io.stderr(`aiposture: evidence pack written to ${safe(options.out)} (${count} files)\n`);
    });

  evidence
    .command('verify')
    .description('re-hash every file of a pack against its manifest and SHA256SUMS, and check its signature')
    .argument('<dir>', 'the pack directory')
    .option('--public-key <file>', "the signer's Ed25519 public key (PEM); the pack must then carry a valid manifest.dsse.json")
    .action(async (dir: string, options: { publicKey?: string }) => {
      const publicKey = options.publicKey ? await loadPublicKey(options.publicKey) : undefined;
      const { verifyPack } = await import('../evidence/verify.ts');
      const outcome = await verifyPack(dir, publicKey ? { publicKey } : {});
      for (const problem of outcome.problems) io.stderr(`aiposture: evidence verify: ${safe(problem)}\n`);
      const signature =
        outcome.checked.signature === 'verified'
          ? `signature verified (key ${outcome.checked.keyid?.slice(0, 16)}…${outcome.checked.keySource === 'manifest' ? ', the key in the manifest: pass --public-key to check who signed' : ''})`
          : outcome.checked.signature === 'failed'
            ? 'signature NOT verified'
            : 'not signed';
      io.stdout(`${outcome.ok ? 'OK' : 'FAILED'}: ${outcome.checked.files} files checked, ${outcome.problems.length} problem(s); ${signature}\n`);
      context.setExitCode(outcome.ok ? 0 : 1);
    });

  program
    .command('evaluate')
    .description("judge a pack's inventory.json again, offline, with the pack's policy; compare the verdicts with its report.json")
    .argument('<dir>', 'the pack directory')
    .addOption(new Option('--format <format>', 'report format').choices([...context.reportFormats]).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .action(async (dir: string, options: { format: string; output?: string }) => {
      context.requireFormat(options.format);
      const inventory = parseInventory(await readJson(join(dir, 'inventory.json')));
      const packed = asReport(await readJson(join(dir, 'report.json')), join(dir, 'report.json'));
      const policyFile = join(dir, 'policy.json');
      const hasPolicy = await stat(policyFile).then(
        () => true,
        () => false,
      );
      if (!hasPolicy && packed.policy.sha256)
        throw new InputError(`${dir}: the scan applied a policy (sha256 ${packed.policy.sha256}) but the pack has no policy.json`);
      const policy = await context.loadPolicy(hasPolicy ? policyFile : undefined);
      if ((policy.sha256 ?? null) !== (packed.policy.sha256 ?? null))
        throw new InputError(`${policyFile}: sha256 ${policy.sha256 ?? 'null'} is not the policy the scan applied (${packed.policy.sha256 ?? 'null'})`);
      const report = await context.evaluate(inventory, policy, packed.scan.mode, new Date(packed.scan.startedAt), new Date(packed.scan.finishedAt));
      await writeOutput(context.renderReport(report, options.format, options.output), options.output, io.stdout);
      const mine = verdictKeys(report);
      const theirs = verdictKeys(packed);
      const theirSet = new Set(theirs);
      const mineSet = new Set(mine);
      const added = mine.filter((key) => !theirSet.has(key));
      const removed = theirs.filter((key) => !mineSet.has(key));
      if (added.length === 0 && removed.length === 0 && mine.length === theirs.length) {
        io.stderr(`aiposture: evaluate: ${mine.length} verdicts, the same as the pack's report.json\n`);
        context.setExitCode(0);
      } else {
        for (const key of removed.slice(0, 20)) io.stderr(`aiposture: evaluate: only in report.json: ${safe(key)}\n`);
        for (const key of added.slice(0, 20)) io.stderr(`aiposture: evaluate: only now: ${safe(key)}\n`);
        io.stderr(`aiposture: evaluate: the verdicts differ from the pack's report.json (${removed.length} only there, ${added.length} only now)\n`);
        context.setExitCode(1);
      }
    });
}
