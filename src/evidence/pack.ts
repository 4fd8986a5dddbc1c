/**
 * The evidence pack (`--evidence DIR`, `aiposture evidence REPORT.json --out DIR`): a directory
 * an auditor can file and check without trusting us (../shared/reference/evidence-reporting.md §5):
 *
 *   README.md                      what is in it and how to check it
 *   manifest.json                  run id, tool version, ruleset and policy digests, times, collector identity,
 *                                  coverage matrix, levels, every file with size and SHA-256
 *   SHA256SUMS                     `sha256sum -c SHA256SUMS` (every file but itself and the envelope)
 *   manifest.dsse.json             optional: Ed25519 DSSE envelope over manifest.json (`--sign-key`)
 *   report.json, report.html, report.csv   the reports (a format not available in this version is listed as missing)
 *   inventory.json                 the normalised inventory the rules judged (`aiposture evaluate DIR` re-judges it)
 *   policy.json                    the validated policy document, when a policy file was applied
 *   raw/<provider>/NNNNN-<Operation>.json  the raw API responses, redacted, with the provider's request ids
 *   oscal/assessment-results.json  OSCAL Assessment Results
 *
 * Written atomically: built in a temporary directory beside DIR and renamed into place, so DIR is
 * either absent, or the complete pack.
 */
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { v4 as uuid } from 'uuid';
import type { Report } from '../report/build.ts';
import type { FingerprintedFinding } from '../report/fingerprint.ts';
import type { Inventory } from '../model/inventory.ts';
import type { RuleModule } from '../engine/rule.ts';
import type { RawResponse } from '../collect/raw-responses.ts';
import { InputError } from '../errors.ts';
import { sha256Hex, renderSums } from './sums.ts';
import { keyIdOf, manifestPayloadType, publicKeyPem, signEnvelope } from './dsse.ts';
import { assessmentResults, type EvidenceRef } from './oscal.ts';

export const manifestFile = 'manifest.json';
export const sumsFile = 'SHA256SUMS';
export const envelopeFile = 'manifest.dsse.json';
export const packSchema = 'aiposture-evidence/1';

export interface ManifestFileEntry {
  path: string;
  bytes: number;
  sha256: string;
  mediaType: string;
}

export interface Manifest {
  schema: typeof packSchema;
  runId: string;
  tool: { name: 'aiposture'; version: string };
  createdAt: string;
  /** `scan`: written by the scan itself (raw responses recorded); `report`: rebuilt from a saved report. */
  source: 'scan' | 'report';
  scan: { mode: string; startedAt: string; finishedAt: string; providers: string[] };
  ruleset: { algorithm: 'sha256'; digest: string; rules: number };
  policy: { file: string | null; sha256: string | null };
  collectorIdentity: Array<{ provider: string; scopes: string[]; principal: string | null; note?: string }>;
  /** provider × scope × region × resource type → status (the worst read of that cell). */
  coverage: Array<{ provider: string; scope: string; region: string | null; resourceType: string; status: string }>;
  levels: { platforms: Array<{ provider: string; inUse: boolean | null; level: number | null }>; overall: number | null };
  raw: { recorded: boolean; responses: number; note?: string };
  /** What a complete pack has and this one does not, with why. */
  missing: Array<{ path: string; reason: string }>;
  signing?: { keyid: string; publicKey: string; envelope: typeof envelopeFile; payloadType: string };
  files: ManifestFileEntry[];
}

export interface PackInput {
  source: Manifest['source'];
  report: Report;
  /** The normalised inventory, or why it is not available. */
  inventory: Inventory | { missing: string };
  /** The raw responses recorded during the scan, or why there are none. */
  raw: readonly RawResponse[] | { missing: string };
  rules: readonly RuleModule[];
  /** The validated policy document when a policy file was applied. */
  policyDocument: unknown;
  /** Rendered reports (already scrubbed of credentials) by file name, or why a format is missing. */
  reports: ReadonlyArray<{ file: string; mediaType: string; content: string } | { file: string; missing: string }>;
  signKey?: KeyObject;
  toolVersion: string;
  now?: () => Date;
}

/** sha256 over the rule catalogue: sorted rule ids with their meta (a changed rule changes the digest). */
export function rulesetDigest(rules: readonly RuleModule[]): string {
  const metas = [...rules].map((rule) => rule.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256Hex(JSON.stringify(metas));
}

const statusRank: Record<string, number> = { ok: 0, unsupported: 1, error: 2, denied: 3 };

export function coverageMatrix(report: Report): Manifest['coverage'] {
  const cells = new Map<string, Manifest['coverage'][number]>();
  for (const entry of report.coverage) {
    const scope = `${entry.scope.type}:${entry.scope.id}`;
    const key = [entry.provider, scope, entry.region ?? '', entry.resourceType].join('\u0000');
    const existing = cells.get(key);
    if (!existing || (statusRank[entry.status] ?? 0) > (statusRank[existing.status] ?? 0))
      cells.set(key, { provider: entry.provider, scope, region: entry.region, resourceType: entry.resourceType, status: entry.status });
  }
  return [...cells.values()];
}

/**
 * Who read each cloud: what the collection itself saw. AWS answers GetCallerIdentity (the caller
 * ARN); the Azure and GCP collectors do not ask for their principal, so it is stated as not recorded.
 */
function collectorIdentity(report: Report, raw: readonly RawResponse[] | null): Manifest['collectorIdentity'] {
  return report.scan.providers.map((provider) => {
    const scopes = report.scan.scopes.filter((scope) => scope.provider === provider).map((scope) => `${scope.type}:${scope.id}`);
    let principal: string | null = null;
    for (const entry of raw ?? []) {
      if (entry.provider !== provider || entry.operation !== 'GetCallerIdentity') continue;
      const body = typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body);
      principal = /<Arn>([^<]+)<\/Arn>/.exec(body)?.[1] ?? /"Arn"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? principal;
    }
    return {
      provider,
      scopes,
      principal,
      ...(principal === null
        ? { note: raw === null ? 'raw responses were not recorded for this pack' : 'the collector does not ask the provider for its principal' }
        : {}),
    };
  });
}

function mediaTypeOf(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.html')) return 'text/html';
  if (path.endsWith('.csv')) return 'text/csv';
  if (path.endsWith('.md')) return 'text/markdown';
  return 'text/plain';
}

function rawFileName(index: number, entry: RawResponse): string {
  const operation = entry.operation.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'call';
  return `raw/${entry.provider.replace(/[^a-z0-9-]/g, '_')}/${String(index + 1).padStart(5, '0')}-${operation}.json`;
}

/**
 * The raw responses behind a finding: those of the API its verdict came from (`source.api`), of the
 * same provider, narrowed to the ones that mention the resource (its id, or the last segment of it),
 * the finding's scope or region. At most a few per finding, best matches first.
 */
export function evidenceIndex(raw: readonly RawResponse[], files: readonly string[]): (finding: FingerprintedFinding) => EvidenceRef[] {
  const byOperation = new Map<string, Array<{ entry: RawResponse; file: string; text: string }>>();
  raw.forEach((entry, index) => {
    const key = `${entry.provider}\u0000${entry.operation}`;
    const list = byOperation.get(key) ?? [];
    list.push({ entry, file: files[index] as string, text: `${entry.target}\n${JSON.stringify(entry.body)}` });
    byOperation.set(key, list);
  });
  return (finding) => {
    const api = 'api' in finding.source ? finding.source.api : undefined;
    if (api === undefined) return [];
    const operation = api.includes(':') ? api.slice(api.lastIndexOf(':') + 1) : api;
    const candidates = byOperation.get(`${finding.provider}\u0000${operation}`) ?? [];
    const lastSegment = finding.resource.id.split(/[/:]/).filter(Boolean).pop() ?? finding.resource.id;
    const scored = candidates.map((candidate) => {
      let score = 0;
      if (candidate.text.includes(finding.resource.id)) score += 4;
      else if (lastSegment.length >= 3 && candidate.text.includes(lastSegment)) score += 2;
      if (candidate.text.includes(finding.scope.id)) score += 1;
      if (finding.region && (candidate.entry.region === finding.region || candidate.text.includes(finding.region))) score += 1;
      return { candidate, score };
    });
    const best = Math.max(0, ...scored.map((item) => item.score));
    return scored
      .filter((item) => item.score === best)
      .slice(0, 5)
      .map(({ candidate }) => ({
        href: `../${candidate.file}`,
        collected: candidate.entry.receivedAt,
        description: `${candidate.entry.method} ${candidate.entry.operation} → HTTP ${candidate.entry.status}${
          Object.keys(candidate.entry.requestIds).length > 0
            ? ` (${Object.entries(candidate.entry.requestIds)
                .map(([name, value]) => `${name}: ${value}`)
                .join(', ')})`
            : ''
        }`,
      }));
  };
}

function readme(manifest: Manifest, signed: boolean): string {
  const lines = [
    '# aiposture evidence pack',
    '',
    `Run ${manifest.runId}: aiposture ${manifest.tool.version}, ${manifest.scan.mode} scan of ${manifest.scan.providers.join(', ') || 'no provider'},`,
    `${manifest.scan.startedAt} to ${manifest.scan.finishedAt}. A point-in-time, automated read of configuration — not an audit opinion.`,
    '',
    '## What is in it',
    '',
    '- `manifest.json`: run id, tool version, ruleset digest, policy digest, times, collector identity per cloud, the coverage matrix',
    '  (provider × scope × region × resource type → ok / denied / unsupported / error), the maturity level per platform, and every file with its size and SHA-256.',
    '- `SHA256SUMS`: the SHA-256 of every file (except itself and the signature envelope).',
    '- `report.json` (and the other report formats listed in the manifest): the findings, with rule, resource, status and reason.',
    '- `inventory.json`: the normalised configuration the rules judged; `aiposture evaluate DIR` judges it again offline.',
    '- `raw/`: the raw API responses behind the verdicts, with the provider request ids (AWS `x-amzn-RequestId`,',
    '  Azure `x-ms-request-id`, Google `x-goog-request-id`). Secrets are redacted (`[REDACTED]`): keys, tokens, SAS signatures, connection strings.',
    '- `oscal/assessment-results.json`: the same results as OSCAL Assessment Results.',
    ...(signed ? ['- `manifest.dsse.json`: a DSSE envelope (Ed25519) over `manifest.json`; the key id is in the manifest.'] : []),
    '',
  ];
  if (manifest.missing.length > 0) {
    lines.push('## Not in this pack', '');
    for (const item of manifest.missing) lines.push(`- \`${item.path}\`: ${item.reason}`);
    lines.push('');
  }
  lines.push(
    '## How to check it',
    '',
    '```sh',
    'sha256sum -c SHA256SUMS                          # every file is as written',
    `aiposture evidence verify .${signed ? ' --public-key signer.pub.pem' : ''}   # the same, plus manifest${signed ? ' and signature' : ''}, and no file added or missing`,
    'aiposture evaluate .                             # the rules again on inventory.json: the same verdicts',
    '```',
    '',
  );
  return lines.join('\n');
}

/** Builds the pack's files in memory: path → bytes. */
export function buildPack(input: PackInput): Map<string, Buffer> {
  const now = input.now ?? (() => new Date());
  const files = new Map<string, Buffer>();
  const missing: Manifest['missing'] = [];
  const put = (path: string, content: string) => files.set(path, Buffer.from(content, 'utf8'));

  for (const item of input.reports) {
    if ('missing' in item) missing.push({ path: item.file, reason: item.missing });
    else put(item.file, item.content);
  }
  if ('missing' in input.inventory) missing.push({ path: 'inventory.json', reason: input.inventory.missing });
  else put('inventory.json', `${JSON.stringify(input.inventory, null, 2)}\n`);
  if (input.policyDocument !== null && input.policyDocument !== undefined) put('policy.json', `${JSON.stringify(input.policyDocument, null, 2)}\n`);

  const raw = 'missing' in input.raw ? null : input.raw;
  if (raw === null) missing.push({ path: 'raw/', reason: (input.raw as { missing: string }).missing });
  const rawFiles = (raw ?? []).map((entry, index) => rawFileName(index, entry));
  (raw ?? []).forEach((entry, index) => put(rawFiles[index] as string, `${JSON.stringify(entry, null, 2)}\n`));
  if (raw !== null)
    put(
      'raw/index.json',
      `${JSON.stringify(
        raw.map((entry, index) => ({
          file: rawFiles[index],
          provider: entry.provider,
          operation: entry.operation,
          status: entry.status,
          requestIds: entry.requestIds,
          receivedAt: entry.receivedAt,
        })),
        null,
        2,
      )}\n`,
    );

  const entryOf = (path: string): ManifestFileEntry => {
    const bytes = files.get(path) as Buffer;
    return { path, bytes: bytes.length, sha256: sha256Hex(bytes), mediaType: mediaTypeOf(path) };
  };
  const cited = [...files.keys()].filter((path) => !path.startsWith('raw/') || path === 'raw/index.json').map((path) => ({ ...entryOf(path), title: path }));
  const oscal = assessmentResults({
    report: input.report,
    evidenceFor: evidenceIndex(raw ?? [], rawFiles),
    cited,
    toolVersion: input.toolVersion,
  });
  put('oscal/assessment-results.json', `${JSON.stringify(oscal, null, 2)}\n`);

  const signing = input.signKey
    ? {
        keyid: keyIdOf(createPublicKey(input.signKey)),
        publicKey: publicKeyPem(input.signKey),
        envelope: envelopeFile as typeof envelopeFile,
        payloadType: manifestPayloadType,
      }
    : undefined;
  const partial: Omit<Manifest, 'files'> = {
    schema: packSchema,
    runId: uuid(),
    tool: { name: 'aiposture', version: input.toolVersion },
    createdAt: now().toISOString(),
    source: input.source,
    scan: {
      mode: input.report.scan.mode,
      startedAt: input.report.scan.startedAt,
      finishedAt: input.report.scan.finishedAt,
      providers: input.report.scan.providers,
    },
    ruleset: { algorithm: 'sha256', digest: rulesetDigest(input.rules), rules: input.rules.length },
    policy: { file: input.report.policy.file, sha256: input.report.policy.sha256 ?? null },
    collectorIdentity: collectorIdentity(input.report, raw),
    coverage: coverageMatrix(input.report),
    levels: {
      platforms: (input.report.maturity?.platforms ?? []).map((platform) => ({ provider: platform.provider, inUse: platform.inUse, level: platform.level })),
      overall: input.report.maturity?.overall.level ?? null,
    },
    raw: { recorded: raw !== null, responses: raw?.length ?? 0, ...(raw === null ? { note: (input.raw as { missing: string }).missing } : {}) },
    missing,
    ...(signing ? { signing } : {}),
  };
  // README is listed in the manifest, so it is written before the file list is taken.
  put('README.md', readme({ ...partial, files: [] }, signing !== undefined));
  const manifest: Manifest = { ...partial, files: [...files.keys()].sort().map(entryOf) };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  files.set(manifestFile, manifestBytes);
  put(sumsFile, renderSums([...files.keys()].map((path) => ({ path, sha256: sha256Hex(files.get(path) as Buffer) }))));
  if (input.signKey) put(envelopeFile, `${JSON.stringify(signEnvelope(manifestPayloadType, manifestBytes, input.signKey), null, 2)}\n`);
  return files;
}

async function isEmptyDirectory(path: string): Promise<boolean | 'absent' | 'not-a-directory'> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (found === undefined) return 'absent';
  if (!found.isDirectory()) return 'not-a-directory';
  return (await readdir(path)).length === 0;
}

/**
 * Writes the pack at `dir`: refuses a non-empty directory unless `force` (then it is replaced
 * whole), refuses a path that is not a directory. The files go to a temporary directory beside
 * `dir` first; it is renamed into place only when every file is written.
 */
export async function writePack(dir: string, files: ReadonlyMap<string, Buffer>, options: { force?: boolean } = {}): Promise<void> {
  const target = resolve(dir);
  const state = await isEmptyDirectory(target);
  if (state === 'not-a-directory') throw new InputError(`--evidence ${dir}: exists and is not a directory`);
  if (state === false && !options.force) throw new InputError(`--evidence ${dir}: the directory is not empty (pass --force to replace it)`);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`--evidence ${dir}: cannot create ${parent} (${error.code ?? error.message})`);
  });
  const temporary = await mkdtemp(join(parent, `.${basename(target)}.tmp-`)).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`--evidence ${dir}: cannot write beside it (${error.code ?? error.message})`);
  });
  try {
    for (const [path, bytes] of files) {
      const full = join(temporary, path);
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, bytes, { flag: 'wx' });
    }
    if (state === false) {
      // --force: the old pack is moved aside, the new one renamed in, then the old one removed.
      const old = `${temporary}.old`;
      await rename(target, old);
      await rename(temporary, target);
      await rm(old, { recursive: true, force: true });
    } else {
      if (state === true) await rmdir(target);
      await rename(temporary, target);
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`--evidence ${dir}: could not write the pack (${code ?? (error as Error).message})`);
  }
}
