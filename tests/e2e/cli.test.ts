import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { estatePath, repoRoot, runCli } from './helpers.ts';
import { runMain } from './in-process.ts';
import { loadEstate, loadEstateFile, startFakeCloud } from '../../fakecloud/server.ts';
import { awsLeastPrivilegePolicy } from '../../collectors/aws/operations.ts';
import { azureLeastPrivilegeRole } from '../../collectors/azure/operations.ts';

const work = mkdtempSync(join(tmpdir(), 'aiposture-cli-'));
const awsEnv = (url: string) => ({
  AWS_ENDPOINT_URL: url,
  AWS_ACCESS_KEY_ID: 'AKIDTESTLOOPBACK',
  AWS_SECRET_ACCESS_KEY: 'loopback-secret',
  AWS_REGION: 'us-east-1',
});

describe('aiposture CLI', () => {
  let cloud: Awaited<ReturnType<typeof startFakeCloud>>;
  beforeAll(async () => {
    cloud = await startFakeCloud({ aws: await loadEstate(estatePath('aws-level2.yaml')) });
  });
  afterAll(async () => {
    await cloud.close();
    rmSync(work, { recursive: true, force: true });
  });

  // A few runs through a real child process, as a user runs the CLI: entry point, process exit code,
  // real stdout/stderr, environment of a fresh process. Every other case runs in process (below).
  describe('in a child process', () => {
    it('demo prints a text report with the level, criteria and failing findings', async () => {
      const run = await runCli(['demo']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Maturity \(Cloud AI platforms track\): overall Level \d/);
      expect(run.stdout).toMatch(/AWS Bedrock: Level \d — Level \d blocked by/);
      expect(run.stdout).toMatch(/Failing findings \(\d+\)/);
      expect(run.stdout).toMatch(/Fix: /);
    });

    it('scan selects the endpoint only through AWS_ENDPOINT_URL and static credentials from the environment', async () => {
      const run = await runCli(['scan', '--provider', 'aws', '--regions', 'us-east-1,eu-west-1', '--format', 'json'], awsEnv(cloud.url));
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { scan: { scopes: Array<{ id: string }> }; maturity: { platforms: Array<{ level: number }> } };
      expect(report.scan.scopes[0]?.id).toBe('111122223333');
      expect(report.maturity.platforms[0]?.level).toBe(2);
    });

    it('a bad flag exits 2 with one line on stderr and no stack trace', async () => {
      const run = await runCli(['scan', '--no-such-flag']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe("aiposture: unknown option '--no-such-flag'\n");
      expect(run.stdout).toBe('');
    });

    it('--version prints the package version', async () => {
      const run = await runCli(['--version']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`);
      expect(run.stderr).toBe('');
    });
  });

  describe('in process', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('--fail-on high exits 1 when a high finding fails; --target-level gates on the level', async () => {
      expect((await runMain(['scan', '--regions', 'us-east-1', '--fail-on', 'high', '--quiet'], awsEnv(cloud.url))).code).toBe(1);
      expect((await runMain(['scan', '--regions', 'us-east-1', '--target-level', '4', '--quiet'], awsEnv(cloud.url))).code).toBe(1);
      expect((await runMain(['scan', '--regions', 'us-east-1', '--target-level', '2', '--quiet'], awsEnv(cloud.url))).code).toBe(0);
    });

    it('--output writes the report to a file', async () => {
      const output = join(work, 'report.json');
      const run = await runMain(['scan', '--regions', 'us-east-1', '--format', 'json', '--output', output], awsEnv(cloud.url));
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(JSON.parse(readFileSync(output, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    });

    it.each([
      [['scan', '--no-such-flag'], /^aiposture: unknown option '--no-such-flag'\n$/],
      [['scan', '--format', 'pdf'], /^aiposture: option '--format <format>' argument 'pdf' is invalid/],
      [['scan', '--regions', 'us-east-1,mars-north-9x'], /^aiposture: --regions: "mars-north-9x" is not an AWS region name/],
      [['scan', '--target-level', '7'], /^aiposture: --target-level: expected a whole number from 1 to 5/],
      [['frobnicate'], /^aiposture: unknown command 'frobnicate'/],
    ])('bad usage %j exits 2 with one line on stderr', async (args, pattern) => {
      const run = await runMain(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('a malformed --policy exits 2 naming the file, line and key, and writes no output file', async () => {
      const policy = join(work, 'policy.yaml');
      writeFileSync(policy, 'baseline:\n  promptAttack: maximum\n');
      const output = join(work, 'never.json');
      const run = await runMain(['scan', '--policy', policy, '--output', output], awsEnv(cloud.url));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^aiposture: ${policy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: baseline\\.promptAttack: `));
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(output)).toBe(false);
      expect(readdirSync(work).filter((file) => file.includes('.tmp'))).toEqual([]);
    });

    it('exits 3 when no credentials can be found', async () => {
      const run = await runMain(['scan', '--regions', 'us-east-1'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^aiposture: scan could not run: AWS credentials could not be used/);
      expect(run.stderr).not.toMatch(/secret/i);
    });

    it.each([
      ['aws-level1.yaml', 1, ['L2.controls', 'L2.logging'], 1],
      ['aws-level2.yaml', 2, ['L3.coverage', 'L3.enforcement', 'L3.drift-detection', 'L3.iac'], 1],
      ['aws-level3.yaml', 3, ['L4.remediation-sla', 'L4.measured-review'], 0],
      ['aws-denied.yaml', 2, ['L3.coverage', 'L3.enforcement', 'L3.drift-detection', 'L3.iac'], 1],
    ] as const)('demo --estate %s --fail-on high: Level %i, blockers %j, exit %i', async (estate, level, blockers, exitCode) => {
      const run = await runMain(['demo', '--estate', `fixtures/estates/${estate}`, '--format', 'json', '--fail-on', 'high', '--quiet']);
      expect(run.code).toBe(exitCode);
      const report = JSON.parse(run.stdout) as {
        maturity: { overall: { level: number }; platforms: Array<{ level: number; nextLevel: { blockers: string[] } }> };
      };
      expect(report.maturity.overall.level).toBe(level);
      expect(report.maturity.platforms[0]?.nextLevel.blockers).toEqual(blockers);
    });

    it('scans Azure with the token from the `az` command on PATH, selected only by --azure-endpoint', async () => {
      const azureCloud = await startFakeCloud(await loadEstateFile(estatePath('azure-level2.yaml')));
      try {
        const run = await runMain(
          [
            'scan',
            '--provider',
            'azure',
            '--azure-credential',
            'cli',
            '--azure-endpoint',
            azureCloud.url,
            '--subscriptions',
            '00000000-0000-0000-0000-000000000001',
            '--format',
            'json',
          ],
          { PATH: `${join(repoRoot, 'fixtures', 'bin')}:${process.env.PATH ?? ''}` },
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as {
          scan: { scopes: Array<{ id: string }> };
          maturity: { platforms: Array<{ provider: string; level: number }> };
          findings: Array<{ ruleId: string; status: string }>;
        };
        expect(report.scan.scopes.map((scope) => scope.id)).toEqual(['00000000-0000-0000-0000-000000000001']);
        expect(report.maturity.platforms).toEqual([expect.objectContaining({ provider: 'azure', level: 2 })]);
        expect(report.findings.some((finding) => finding.ruleId === 'azure/content-filter-mode' && finding.status === 'fail')).toBe(true);
        expect(azureCloud.requests.every((request) => request.status !== 401)).toBe(true);
      } finally {
        await azureCloud.close();
      }
    });

    it('scans GCP with GOOGLE_OAUTH_ACCESS_TOKEN, selected only by --gcp-endpoint', async () => {
      const googleCloud = await startFakeCloud(await loadEstateFile(estatePath('gcp-level2.yaml')));
      try {
        const run = await runMain(
          ['scan', '--provider', 'gcp', '--gcp-endpoint', googleCloud.url, '--projects', 'ai-prod-123', '--organization', '999', '--format', 'json'],
          { GOOGLE_OAUTH_ACCESS_TOKEN: 'x' },
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as {
          maturity: { platforms: Array<{ provider: string; level: number }> };
          findings: Array<{ ruleId: string; status: string }>;
        };
        expect(report.maturity.platforms).toEqual([expect.objectContaining({ provider: 'gcp', level: 2 })]);
        expect(report.findings.filter((finding) => finding.ruleId === 'gcp/vertex-inline-enforcement').map((finding) => finding.status)).toEqual(['fail']);
        expect(googleCloud.requests.length).toBeGreaterThan(0);
        expect(googleCloud.requests.every((request) => request.status !== 401)).toBe(true);
      } finally {
        await googleCloud.close();
      }
    });

    it('exits 3 when the Azure CLI has no logged-in account', async () => {
      const run = await runMain(
        [
          'scan',
          '--provider',
          'azure',
          '--azure-credential',
          'cli',
          '--azure-endpoint',
          'http://127.0.0.1:9',
          '--subscriptions',
          '00000000-0000-0000-0000-000000000001',
        ],
        {
          PATH: `${join(repoRoot, 'fixtures', 'bin')}:${process.env.PATH ?? ''}`,
          AIPOSTURE_FAKE_AZ_LOGGED_OUT: '1',
        },
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^aiposture: scan could not run: Azure credential could not get a token/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('refuses plain http to a non-loopback Azure endpoint with exit 2', async () => {
      const run = await runMain(['scan', '--provider', 'azure', '--azure-endpoint', 'http://10.20.30.40:8080']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^aiposture: --azure-endpoint: plain http is only accepted for loopback hosts/);
    });

    it('rules lists every rule; permissions prints the IAM policy', async () => {
      const rules = await runMain(['rules', '--format', 'json']);
      const catalogue = JSON.parse(rules.stdout) as Array<{ id: string }>;
      expect(catalogue.map((rule) => rule.id)).toContain('aws/guardrail-prompt-attack');
      const permissions = await runMain(['permissions', '--provider', 'aws']);
      expect(permissions.code).toBe(0);
      expect(JSON.parse(permissions.stdout)).toEqual(awsLeastPrivilegePolicy());
      const role = await runMain(['permissions', '--provider', 'azure']);
      expect(JSON.parse(role.stdout)).toEqual(azureLeastPrivilegeRole());
    });
  });
});
