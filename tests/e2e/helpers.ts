import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEstate, loadEstateFile, startFakeCloud } from '../../src/fakecloud/server.ts';
import type { Provider } from '../../src/model/common.ts';
import { OAuth2Client } from 'google-auth-library';
import { runScan, type ScanResult } from '../../src/scan.ts';
import { defaultPolicy, type Policy } from '../../src/policy/policy-file.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const estatePath = (name: string) => fileURLToPath(new URL(`../../fixtures/estates/${name}`, import.meta.url));
export const staticCredentials = async () => ({ accessKeyId: 'AKIDTESTLOOPBACK', secretAccessKey: 'loopback-secret' });

export interface EstateScan extends ScanResult {
  served: Array<{ service: string; region: string; operation: string; status: number }>;
}

/** Serves an estate from the fake cloud and scans it through the real SDK clients, selected by AWS_ENDPOINT_URL only. */
export async function scanEstate(name: string, options: { regions?: string[]; policy?: Policy; pageSize?: number } = {}): Promise<EstateScan> {
  const estate = await loadEstate(estatePath(name));
  if (options.pageSize !== undefined) estate.pageSize = options.pageSize;
  const cloud = await startFakeCloud({ aws: estate });
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = cloud.url;
  try {
    const result = await runScan({
      mode: 'live',
      providers: ['aws'],
      policy: options.policy ?? defaultPolicy(defaultBaseline),
      aws: { credentials: staticCredentials, scheduler: { baseDelayMs: 1 }, ...(options.regions ? { regions: options.regions } : {}) },
    });
    return { ...result, served: [...cloud.requests] };
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
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
  options: { subscriptions?: string[]; projects?: string[] } = {},
): Promise<EstateScan> {
  const estate = await loadEstateFile(estatePath(name));
  const cloud = await startFakeCloud(estate);
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = cloud.url;
  try {
    const result = await runScan({
      mode: 'live',
      providers,
      policy: defaultPolicy(defaultBaseline),
      aws: { credentials: staticCredentials, scheduler: { baseDelayMs: 1 } },
      azure: {
        credential: azureToken,
        endpoint: cloud.url,
        scheduler: { baseDelayMs: 1 },
        ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
      },
      gcp: {
        authClient: googleToken(),
        endpoint: cloud.url,
        scheduler: { baseDelayMs: 1 },
        projects: options.projects ?? (estate.gcp?.projects ?? []).map((project) => project.projectId),
      },
    });
    return { ...result, served: [...cloud.requests] };
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
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
