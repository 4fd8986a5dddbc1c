/**
 * `aiposture evidence verify DIR`: re-hashes every file of a pack against SHA256SUMS and the
 * manifest, names every file missing, changed or added, and checks the DSSE envelope over the
 * manifest when there is one (required when a public key is given).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { InputError } from '../errors.ts';
import { parseSums, sha256Hex } from './sums.ts';
import { keyIdOf, manifestPayloadType, verifyEnvelope } from './dsse.ts';
import { envelopeFile, manifestFile, packSchema, sumsFile, type Manifest } from './pack.ts';

export interface VerifyOutcome {
  ok: boolean;
  /** One line per problem, naming the file. */
  problems: string[];
  /** What was checked, for the summary line. */
  checked: { files: number; signature: 'verified' | 'absent' | 'failed'; keyid?: string; keySource?: 'given' | 'manifest' };
}

async function walk(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(root, full)));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  return readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

export async function verifyPack(dir: string, options: { publicKey?: KeyObject } = {}): Promise<VerifyOutcome> {
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) throw new InputError(`${dir}: not an evidence pack directory`);
  const problems: string[] = [];
  const onDisk = new Set(await walk(dir));
  const hashes = new Map<string, string>();
  const hashOf = async (path: string): Promise<string | undefined> => {
    if (!onDisk.has(path)) return undefined;
    let hash = hashes.get(path);
    if (hash === undefined) {
      hash = sha256Hex(await readFile(join(dir, path)));
      hashes.set(path, hash);
    }
    return hash;
  };

  const sumsBytes = await readOptional(join(dir, sumsFile));
  const sums = sumsBytes ? parseSums(sumsBytes.toString('utf8')) : { entries: [], problems: [`missing: ${sumsFile}`] };
  problems.push(...sums.problems);
  const listed = new Set<string>();
  for (const entry of sums.entries) {
    listed.add(entry.path);
    const actual = await hashOf(entry.path);
    if (actual === undefined) problems.push(`missing: ${entry.path}`);
    else if (actual !== entry.sha256) problems.push(`changed: ${entry.path} (SHA-256 differs from ${sumsFile})`);
  }

  const manifestBytes = await readOptional(join(dir, manifestFile));
  let manifest: Manifest | undefined;
  if (!manifestBytes) problems.push(`missing: ${manifestFile}`);
  else {
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
      if (manifest.schema !== packSchema || !Array.isArray(manifest.files)) throw new Error('not an aiposture manifest');
    } catch (error) {
      problems.push(`changed: ${manifestFile} (${error instanceof Error ? error.message : String(error)})`);
      manifest = undefined;
    }
  }
  for (const entry of manifest?.files ?? []) {
    const actual = await hashOf(entry.path);
    if (actual === undefined) problems.push(`missing: ${entry.path}`);
    else {
      const size = (await stat(join(dir, entry.path))).size;
      if (actual !== entry.sha256 || size !== entry.bytes) problems.push(`changed: ${entry.path} (differs from ${manifestFile})`);
    }
    if (sumsBytes && !listed.has(entry.path)) problems.push(`missing from ${sumsFile}: ${entry.path}`);
  }
  const inManifest = new Set((manifest?.files ?? []).map((entry) => entry.path));
  for (const path of listed) if (manifest && path !== manifestFile && !inManifest.has(path)) problems.push(`not in ${manifestFile}: ${path}`);
  for (const path of onDisk) if (path !== sumsFile && path !== envelopeFile && !listed.has(path)) problems.push(`extra: ${path} (in no checksum list)`);

  let signature: VerifyOutcome['checked']['signature'] = 'absent';
  let keyid: string | undefined;
  let keySource: VerifyOutcome['checked']['keySource'];
  const envelopeBytes = await readOptional(join(dir, envelopeFile));
  if (!envelopeBytes) {
    if (options.publicKey) problems.push(`missing: ${envelopeFile} (a public key was given, so the pack must be signed)`);
  } else {
    let key = options.publicKey;
    keySource = key ? 'given' : undefined;
    if (!key && manifest?.signing?.publicKey) {
      try {
        key = createPublicKey(manifest.signing.publicKey);
        keySource = 'manifest';
      } catch {
        problems.push(`changed: ${manifestFile} (its signing.publicKey is not a public key)`);
      }
    }
    if (!key) problems.push(`${envelopeFile}: no public key to check it with (pass --public-key)`);
    else {
      keyid = keyIdOf(key);
      let envelope: unknown;
      try {
        envelope = JSON.parse(envelopeBytes.toString('utf8'));
      } catch {
        envelope = null;
      }
      const checked = verifyEnvelope(envelope, key);
      if ('problem' in checked) problems.push(`${envelopeFile}: ${checked.problem}`);
      else if (checked.payloadType !== manifestPayloadType)
        problems.push(`${envelopeFile}: payloadType ${checked.payloadType}, expected ${manifestPayloadType}`);
      else if (!manifestBytes || !checked.payload.equals(manifestBytes)) problems.push(`changed: ${manifestFile} (not the manifest the envelope signs)`);
      signature = problems.some((problem) => problem.includes(envelopeFile) || problem.includes('the envelope signs')) ? 'failed' : 'verified';
    }
    if (signature !== 'verified') signature = 'failed';
  }
  const unique = [...new Set(problems)];
  return {
    ok: unique.length === 0,
    problems: unique,
    checked: { files: onDisk.size, signature, ...(keyid ? { keyid } : {}), ...(keySource ? { keySource } : {}) },
  };
}
