/**
 * The fake cloud in a process of its own, for benchmarks: on a 2-core machine a fake cloud in the
 * scanner's process would take CPU from the scanner and the figure would measure both.
 *
 *   node bench/fake-cloud-process.ts ESTATE.json
 *
 * Starts `startFakeCloud` on the estate file (JSON or YAML), prints one JSON line
 * `{ "url", "pid" }`, then obeys commands on stdin, one per line, each answered by one JSON line:
 *
 * - `log FILE`: writes the request log (every request: arrival time, provider, service, region,
 *   operation, throttling key, status, served latency, whether and why it was throttled) to FILE as
 *   JSON; answers `{ "requests", "cpuMs", "maxRssMiB" }` (this process's CPU and peak RSS so far).
 * - `reset`: forgets the requests served so far (and the CPU baseline); answers `{ "reset": true }`.
 * - `exit` (or stdin closing): closes the server and exits.
 *
 * `spawnFakeCloud` (below) is the parent's side.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FakeCloudRequest } from '../fakecloud/server.ts';

export interface FakeCloudChild {
  url: string;
  pid: number;
  /** Writes the request log to `file` and reads it back. */
  log(file: string): Promise<{ requests: FakeCloudRequest[]; cpuMs: number; maxRssMiB: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the fake cloud on `estateFile` in a child process. */
export async function spawnFakeCloud(estateFile: string): Promise<FakeCloudChild> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', fileURLToPath(import.meta.url), estateFile], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // The child is measured as little as the parent is profiled: never inherit --cpu-prof and the like.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done === true) throw new Error('the fake cloud process ended');
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const ask = async (command: string) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  const started = await next();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: String(started.url),
    pid: Number(started.pid),
    async log(file) {
      const answer = await ask(`log ${file}`);
      const { readFileSync } = await import('node:fs');
      return {
        requests: JSON.parse(readFileSync(file, 'utf8')) as FakeCloudRequest[],
        cpuMs: Number(answer.cpuMs),
        maxRssMiB: Number(answer.maxRssMiB),
      };
    },
    async reset() {
      await ask('reset');
    },
    async stop() {
      child.stdin.end('exit\n');
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const estateFile = process.argv[2];
  if (estateFile === undefined) throw new Error('usage: fake-cloud-process.ts ESTATE.json');
  const { loadEstateFile, startFakeCloud } = await import('../fakecloud/server.ts');
  const cloud = await startFakeCloud({ ...(await loadEstateFile(estateFile)), onUnknownOperation: () => undefined });
  let cpuBaseline = process.cpuUsage();
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  say({ url: cloud.url, pid: process.pid });
  const stop = async () => {
    await cloud.close();
    process.exit(0);
  };
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, argument] = line.trim().split(/\s+/, 2);
    if (command === 'log' && argument !== undefined) {
      writeFileSync(argument, JSON.stringify(cloud.requests));
      const cpu = process.cpuUsage(cpuBaseline);
      say({ requests: cloud.requests.length, cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) });
    } else if (command === 'reset') {
      cloud.requests.length = 0;
      cpuBaseline = process.cpuUsage();
      say({ reset: true });
    } else if (command === 'exit') {
      await stop();
    } else if (command !== '') {
      say({ error: `unknown command ${command ?? ''}` });
    }
  }
  await stop();
}
