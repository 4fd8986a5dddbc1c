/**
 * The evidence pack end to end: the real demo scan (real SDK clients against the fake cloud)
 * with `--evidence`, checked with the real `sha256sum -c`, `evidence verify`, the NIST OSCAL
 * schema (vendored in full, tests/schemas/README.md), DSSE signatures and `evaluate`.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runMain } from '../e2e/in-process.ts';
import { pae } from '../../src/evidence/dsse.ts';
import { redactRaw, redactUrl, requestIdsFrom } from '../../src/collect/raw-responses.ts';
import { oscalVersion } from '../../src/evidence/oscal.ts';
import type { Manifest } from '../../src/evidence/pack.ts';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'aiposture-evidence-'));
const pack = join(root, 'pack');
const signedPack = join(root, 'signed');
const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const privatePem = join(root, 'signer.pem');
const publicPem = join(root, 'signer.pub.pem');
const otherPublicPem = join(root, 'other.pub.pem');
writeFileSync(privatePem, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(publicPem, keys.publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(otherPublicPem, otherKeys.publicKey.export({ type: 'spki', format: 'pem' }));

const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const copyDir = (from: string, to: string) => run('cp', ['-r', from, to]);

afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  const plain = await runMain(['demo', '--quiet', '--format', 'json', '--output', join(root, 'report.json'), '--evidence', pack]);
  expect(plain.stderr).toBe('');
  expect(plain.code).toBe(0);
  const signed = await runMain([
    'demo',
    '--quiet',
    '--format',
    'json',
    '--output',
    join(root, 'signed.json'),
    '--evidence',
    signedPack,
    '--sign-key',
    privatePem,
  ]);
  expect(signed.code).toBe(0);
}, 120_000);

describe('redaction of raw responses', () => {
  it('masks secret-named keys and secret-shaped values, keeps ids, pagination and structure', () => {
    const out = redactRaw({
      properties: {
        endpoint: 'https://acct.openai.azure.com/',
        key1: 'c2VjcmV0LWtleS1vbmUtdGhhdC1pcy1sb25n',
        primaryConnectionString: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abcDEF123+/=',
        storage: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=QUJDREVGR0hJSktMTU5PUA==;EndpointSuffix=core.windows.net',
        sasUrl: 'https://a.blob.core.windows.net/c?sv=2022-11-02&sig=S1gnatureValue%3D&se=2030',
        disableLocalAuth: true,
        kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/abcd',
      },
      nextToken: 'page-2-cursor',
      headers: { Authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3OCJ9.c2lnbmF0dXJlMTIz' },
      note: 'caller AKIAIOSFODNN7EXAMPLE used Bearer abcdefghijklmnopqrstuvwxyz',
    }) as Record<string, Record<string, unknown>>;
    const text = JSON.stringify(out);
    expect(out.properties?.key1).toBe('[REDACTED]');
    expect(out.properties?.primaryConnectionString).toBe('[REDACTED]');
    expect(out.headers?.Authorization).toBe('[REDACTED]');
    expect(text).not.toContain('QUJDREVGR0hJSktMTU5PUA');
    expect(text).not.toContain('S1gnatureValue');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(text).not.toContain('IOSFODNN7EXAMPLE');
    expect(text).toContain('AccountKey=[REDACTED]');
    expect(text).toContain('AKIAIOSF');
    expect(out.properties?.endpoint).toBe('https://acct.openai.azure.com/');
    expect(out.properties?.disableLocalAuth).toBe(true);
    expect(out.properties?.kmsKeyArn).toBe('arn:aws:kms:us-east-1:111122223333:key/abcd');
    expect((out as unknown as { nextToken: string }).nextToken).toBe('page-2-cursor');
  });

  it('masks secret query values of a request URL and keeps the provider request ids', () => {
    expect(redactUrl('https://h/sub?api-version=1&sig=abc123&code=xyz')).toBe('/sub?api-version=1&sig=[REDACTED]&code=[REDACTED]');
    expect(requestIdsFrom({ 'x-amzn-RequestId': 'r-1', 'content-type': 'x' })).toEqual({ 'x-amzn-requestid': 'r-1' });
    expect(requestIdsFrom(new Headers({ 'x-ms-request-id': 'm-1', 'x-ms-correlation-request-id': 'c-1' }))).toEqual({
      'x-ms-request-id': 'm-1',
      'x-ms-correlation-request-id': 'c-1',
    });
  });
});

describe('DSSE', () => {
  it('encodes PAE exactly as the protocol example', () => {
    // https://github.com/secure-systems-lab/dsse/blob/master/protocol.md (test vector)
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });
});

describe('scan --evidence', () => {
  it('writes the pack: manifest, SHA256SUMS that sha256sum -c accepts, reports, inventory, OSCAL, raw responses with request ids', async () => {
    const manifest = json<Manifest>(join(pack, 'manifest.json'));
    expect(manifest.schema).toBe('aiposture-evidence/1');
    expect(manifest.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(manifest.ruleset.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.scan.providers).toEqual(['aws', 'azure', 'gcp']);
    expect(manifest.levels.platforms.map((platform) => platform.provider)).toEqual(['aws', 'azure', 'gcp']);
    expect(manifest.collectorIdentity.find((entry) => entry.provider === 'aws')?.principal).toMatch(/^arn:aws:sts::111122223333:/);
    expect(manifest.coverage.length).toBeGreaterThan(10);
    expect(manifest.raw.recorded).toBe(true);
    const paths = manifest.files.map((file) => file.path);
    for (const expected of ['README.md', 'report.json', 'inventory.json', 'oscal/assessment-results.json', 'raw/index.json']) expect(paths).toContain(expected);
    for (const file of manifest.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);

    const checked = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: pack });
    expect(checked.stdout).toContain('report.json: OK');
    expect(checked.stdout).not.toContain('FAILED');

    const index = json<Array<{ provider: string; requestIds: Record<string, string>; file: string }>>(join(pack, 'raw/index.json'));
    for (const provider of ['aws', 'azure', 'gcp']) expect(index.some((entry) => entry.provider === provider)).toBe(true);
    expect(index.find((entry) => entry.provider === 'aws')?.requestIds['x-amzn-requestid']).toMatch(/\S/);
    expect(index.find((entry) => entry.provider === 'azure')?.requestIds['x-ms-request-id']).toMatch(/\S/);
    const everything = readdirSync(join(pack, 'raw'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.json'))
      .map((name) => readFileSync(join(pack, 'raw', name), 'utf8'))
      .join('\n');
    // The demo's throwaway credentials never reach the pack.
    expect(everything).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(everything).not.toContain('demo-secret');
  });

  it('writes OSCAL Assessment Results valid against the NIST schema, one finding per rule × resource with satisfied/not-satisfied', () => {
    // NIST's complete published schema, vendored verbatim (tests/schemas/README.md), compiled from
    // its root (`{ "assessment-results": … }`) in ajv's strict mode.
    const schema = json<{ $id: string }>(new URL('../schemas/oscal-1.2.0-assessment-results.schema.json', import.meta.url).pathname);
    expect(schema.$id).toBe(`http://csrc.nist.gov/ns/oscal/${oscalVersion}/oscal-ar-schema.json`);
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const document = json<{
      'assessment-results': {
        metadata: { 'oscal-version': string };
        results: Array<{ observations: unknown[]; findings: Array<{ target: { status: { state: string } }; props: Array<{ name: string; value: string }> }> }>;
      };
    }>(join(pack, 'oscal/assessment-results.json'));
    expect(document['assessment-results'].metadata['oscal-version']).toBe(oscalVersion);
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const report = json<{ findings: Array<{ status: string }> }>(join(pack, 'report.json'));
    const [result] = document['assessment-results'].results;
    expect(result?.observations).toHaveLength(report.findings.length);
    const judged = report.findings.filter((finding) => finding.status !== 'not_applicable');
    expect(result?.findings).toHaveLength(judged.length);
    for (const finding of result?.findings ?? []) {
      const status = finding.props.find((prop) => prop.name === 'status')?.value;
      expect(finding.target.status.state).toBe(status === 'pass' ? 'satisfied' : 'not-satisfied');
    }
    // A broken document is refused: the schema is not a rubber stamp.
    const broken = structuredClone(document) as { 'assessment-results': { results: Array<{ findings: Array<{ target: { status: { state: string } } }> }> } };
    (broken['assessment-results'].results[0]?.findings[0] as { target: { status: { state: string } } }).target.status.state = 'unknown';
    expect(validate(broken)).toBe(false);
    // The whole model is checked, not only the parts aiposture writes: a malformed party is refused.
    const strange = structuredClone(document) as { 'assessment-results': { metadata: Record<string, unknown> } };
    strange['assessment-results'].metadata.parties = [{ uuid: 'not-a-uuid', type: 'robot' }];
    expect(validate(strange)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toContain('/assessment-results/metadata/parties/0/uuid');
  });

  it('evidence verify passes on the pack, and names a changed, missing or added file (exit 1)', async () => {
    const ok = await runMain(['evidence', 'verify', pack]);
    expect(ok.stdout).toMatch(/^OK: \d+ files checked, 0 problem\(s\); not signed/);
    expect(ok.code).toBe(0);

    const tampered = join(root, 'tampered');
    await copyDir(pack, tampered);
    const target = join(tampered, 'report.json');
    const bytes = readFileSync(target);
    bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
    writeFileSync(target, bytes);
    rmSync(join(tampered, 'inventory.json'));
    writeFileSync(join(tampered, 'smuggled.txt'), 'x');
    const bad = await runMain(['evidence', 'verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED/);
    expect(bad.stderr).toContain('changed: report.json');
    expect(bad.stderr).toContain('missing: inventory.json');
    expect(bad.stderr).toContain('extra: smuggled.txt');
    await expect(run('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: tampered })).rejects.toThrow();
  });

  it('evaluate re-judges inventory.json offline and reproduces exactly the verdicts of report.json', async () => {
    const out = join(root, 'evaluated.json');
    const evaluated = await runMain(['evaluate', pack, '--format', 'json', '--output', out]);
    expect(evaluated.stderr).toMatch(/evaluate: \d+ verdicts, the same as the pack's report.json/);
    expect(evaluated.code).toBe(0);
    const key = (finding: { ruleId: string; resource: { id: string }; status: string; reason: string; scope: { id: string }; region: string | null }) =>
      JSON.stringify([finding.ruleId, finding.scope.id, finding.region, finding.resource.id, finding.status, finding.reason]);
    type Findings = { findings: Parameters<typeof key>[0][] };
    const mine = json<Findings>(out).findings.map(key).sort();
    const packed = json<Findings>(join(pack, 'report.json')).findings.map(key).sort();
    expect(mine.length).toBeGreaterThan(50);
    expect(mine).toEqual(packed);
  });

  it('evaluate exits 1 when the inventory no longer gives the recorded verdicts', async () => {
    const edited = join(root, 'edited');
    await copyDir(pack, edited);
    const inventory = json<{ resources: Array<{ type: string }> }>(join(edited, 'inventory.json'));
    inventory.resources = inventory.resources.filter((resource) => resource.type !== 'aws.bedrock.guardrail');
    writeFileSync(join(edited, 'inventory.json'), JSON.stringify(inventory));
    const evaluated = await runMain(['evaluate', edited, '--format', 'json', '--output', join(root, 'edited.json')]);
    expect(evaluated.code).toBe(1);
    expect(evaluated.stderr).toContain('the verdicts differ');
  });
});

describe('signing', () => {
  it('verifies with the signer public key, fails with another key or without the envelope', async () => {
    expect(existsSync(join(signedPack, 'manifest.dsse.json'))).toBe(true);
    const envelope = json<{ payloadType: string; payload: string; signatures: Array<{ keyid: string; sig: string }> }>(join(signedPack, 'manifest.dsse.json'));
    expect(envelope.payloadType).toBe('application/vnd.aiposture.manifest+json');
    expect(Buffer.from(envelope.payload, 'base64').equals(readFileSync(join(signedPack, 'manifest.json')))).toBe(true);
    expect(json<Manifest>(join(signedPack, 'manifest.json')).signing?.keyid).toBe(envelope.signatures[0]?.keyid);

    const good = await runMain(['evidence', 'verify', signedPack, '--public-key', publicPem]);
    expect(good.stdout).toContain('signature verified');
    expect(good.code).toBe(0);

    const wrong = await runMain(['evidence', 'verify', signedPack, '--public-key', otherPublicPem]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('manifest.dsse.json: no signature verifies');

    // A manifest changed after signing (its sums rewritten to match) still fails on the signature.
    const forged = join(root, 'forged');
    await copyDir(signedPack, forged);
    const manifest = readFileSync(join(forged, 'manifest.json'), 'utf8').replace('"overall": 2', '"overall": 5');
    writeFileSync(join(forged, 'manifest.json'), manifest);
    const { stdout: sums } = await run('sha256sum', ['manifest.json'], { cwd: forged });
    const lines = readFileSync(join(forged, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .map((line) => (line.endsWith('  manifest.json') ? sums.trim() : line));
    writeFileSync(join(forged, 'SHA256SUMS'), lines.join('\n'));
    const forgedRun = await runMain(['evidence', 'verify', forged, '--public-key', publicPem]);
    expect(forgedRun.code).toBe(1);
    expect(forgedRun.stderr).toContain('changed: manifest.json (not the manifest the envelope signs)');

    const unsigned = await runMain(['evidence', 'verify', pack, '--public-key', publicPem]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('missing: manifest.dsse.json');
  });

  it('refuses a key that is not Ed25519 before scanning (exit 2, one line)', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaPem = join(root, 'rsa.pem');
    writeFileSync(rsaPem, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const refused = await runMain(['demo', '--quiet', '--evidence', join(root, 'never'), '--sign-key', rsaPem]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^aiposture: --sign-key .*expected an Ed25519 key.*\n$/);
    expect(existsSync(join(root, 'never'))).toBe(false);
  });
});

describe('the pack directory', () => {
  it('refuses a non-empty directory without --force (exit 2, before scanning) and leaves it alone', async () => {
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'mine');
    const refused = await runMain(['demo', '--quiet', '--evidence', busy]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`aiposture: --evidence ${busy}: the directory is not empty (pass --force to replace it)\n`);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
    // No temporary directory is left beside it.
    expect(readdirSync(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('from a saved report without raw data: a pack that says what it lacks', async () => {
    const fromReport = join(root, 'from-report');
    const made = await runMain(['evidence', join(root, 'report.json'), '--out', fromReport]);
    expect(made.code).toBe(0);
    const manifest = json<Manifest>(join(fromReport, 'manifest.json'));
    expect(manifest.source).toBe('report');
    expect(manifest.raw.recorded).toBe(false);
    expect(manifest.missing.map((item) => item.path)).toEqual(expect.arrayContaining(['raw/', 'inventory.json']));
    expect(readFileSync(join(fromReport, 'README.md'), 'utf8')).toContain('## Not in this pack');
    expect((await runMain(['evidence', 'verify', fromReport])).code).toBe(0);
    await run('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: fromReport });
  });
});
