import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEstate, loadEstateFile, startFakeCloud, type FakeCloudEstate } from '../../fakecloud/server.ts';
import type { AwsEstate } from '../../fakecloud/aws-estate.ts';
import type { Provider } from '../../src/model/common.ts';
import { OAuth2Client } from 'google-auth-library';
import { runScan, type ScanResult } from '../../src/scan.ts';
import { registry } from '../../src/providers.ts';
import { defaultPolicy, type Policy } from '../../src/policy/policy-file.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const estatePath = (name: string) => fileURLToPath(new URL(`../../fixtures/estates/${name}`, import.meta.url));
export const staticCredentials = async () => ({ accessKeyId: 'AKIDTESTLOOPBACK', secretAccessKey: 'loopback-secret' });

export interface EstateScan extends ScanResult {
  served: Array<{ service: string; region: string; operation: string; status: number }>;
}

/** Serves an AWS estate from the fake cloud and scans it through the real SDK clients, pointed at it by their `endpoint`. */
export async function scanEstate(
  name: string,
  options: { regions?: string[]; policy?: Policy; pageSize?: number; edit?: (estate: AwsEstate) => void } = {},
): Promise<EstateScan> {
  const estate = await loadEstate(estatePath(name));
  if (options.pageSize !== undefined) estate.pageSize = options.pageSize;
  options.edit?.(estate);
  const cloud = await startFakeCloud({ aws: estate });
  try {
    const result = await runScan({
      mode: 'live',
      registry,
      providers: ['aws'],
      policy: options.policy ?? defaultPolicy(defaultBaseline),
      collectOptions: { aws: { endpoint: cloud.url, credentials: staticCredentials, ...(options.regions ? { regions: options.regions } : {}) } },
      common: { scheduler: { baseDelayMs: 1 } },
    });
    return { ...result, served: [...cloud.requests] };
  } finally {
    await cloud.close();
  }
}

export function googleToken(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'loopback-token' });
  return client;
}

export const azureToken = { getToken: async () => ({ token: 'loopback-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Serves a whole estate file (any providers) and scans the given providers through the real SDK clients. */
export async function scanEstateFile(
  name: string,
  providers: Provider[],
  options: { subscriptions?: string[]; projects?: string[]; edit?: (estate: FakeCloudEstate) => void } = {},
): Promise<EstateScan> {
  const estate = await loadEstateFile(estatePath(name));
  options.edit?.(estate);
  const cloud = await startFakeCloud(estate);
  try {
    const result = await runScan({
      mode: 'live',
      registry,
      providers,
      policy: defaultPolicy(defaultBaseline),
      collectOptions: {
        aws: { endpoint: cloud.url, credentials: staticCredentials },
        azure: { endpoint: cloud.url, credential: azureToken, ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}) },
        gcp: {
          endpoint: cloud.url,
          authClient: googleToken(),
          projects: options.projects ?? (estate.gcp?.projects ?? []).map((project) => project.projectId),
        },
      },
      common: { scheduler: { baseDelayMs: 1 } },
    });
    return { ...result, served: [...cloud.requests] };
  } finally {
    await cloud.close();
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source in a child process, as a user would. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/cli.ts', ...args], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_EC2_METADATA_DISABLED: 'true',
        METADATA_SERVER_DETECTION: 'none',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
