import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/main.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface MainRun {
  code: number;
  stdout: string;
  /** What main wrote through io.stderr, interleaved with anything written to fd 2 meanwhile (pino logs). */
  stderr: string;
}

/** The environment `runCli` gives its child, apart from PATH and HOME (inherited here). */
const childDefaults: Record<string, string> = {
  AWS_EC2_METADATA_DISABLED: 'true',
  METADATA_SERVER_DETECTION: 'none',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  NO_COLOR: '1',
};

/** Cloud and tool settings the child never inherited (the setup file gives this process static AWS credentials). */
const ambient = /^(AWS_|AZURE_|GOOGLE_|GCLOUD_|CLOUDSDK_|AIPOSTURE_)|^(IDENTITY_ENDPOINT|IDENTITY_HEADER|MSI_ENDPOINT|MSI_SECRET)$/;

/** Variables a run may set itself (`demo` has pointed the AWS SDK at its fake cloud this way); stubbed first so unstubAllEnvs() undoes it. */
const setByDemo = ['AWS_ENDPOINT_URL', 'AWS_EC2_METADATA_DISABLED', 'AWS_REGION'];

function text(data: unknown): string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return String(data);
}

/**
 * Runs the CLI in this process through `main(argv, io)`, with the environment `runCli` would give
 * a child: the cloud variables of this process are hidden and `env` is applied on top, all through
 * `vi.stubEnv`, so the calling test file must `vi.unstubAllEnvs()` after each test.
 *
 * Logs go to fd 2 directly (pino), not through io.stderr; they are captured into `stderr` too, so
 * stderr assertions mean what they meant for the child. Runs from the repository root, like the child.
 */
export async function runMain(argv: readonly string[], env: Record<string, string | undefined> = {}): Promise<MainRun> {
  for (const key of Object.keys(process.env)) if (ambient.test(key)) vi.stubEnv(key, undefined);
  for (const key of setByDemo) vi.stubEnv(key, undefined);
  for (const [key, value] of Object.entries({ ...childDefaults, ...env })) vi.stubEnv(key, value);

  let stdout = '';
  let stderr = '';
  const realWriteSync = fs.writeSync;
  const logs = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 2) return (realWriteSync as (...args: unknown[]) => number)(fd, data, ...rest);
    stderr += text(data);
    return typeof data === 'string' ? Buffer.byteLength(data) : ArrayBuffer.isView(data) ? data.byteLength : 0;
  }) as typeof fs.writeSync);
  const rawStderr = vi.spyOn(process.stderr, 'write').mockImplementation((data: unknown) => {
    stderr += text(data);
    return true;
  });
  const cwd = process.cwd();
  if (cwd !== repoRoot && cwd !== repoRoot.replace(/\/$/, '')) process.chdir(repoRoot);
  try {
    const code = await main(argv, {
      stdout: (chunk) => void (stdout += chunk),
      stderr: (chunk) => void (stderr += chunk),
      isTty: false,
    });
    return { code, stdout, stderr };
  } finally {
    if (process.cwd() !== cwd) process.chdir(cwd);
    rawStderr.mockRestore();
    logs.mockRestore();
  }
}
