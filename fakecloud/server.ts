/**
 * The fake cloud: one HTTP server on 127.0.0.1 that answers the cloud providers' real wire
 * protocols from an estate file, so the official SDK clients run unchanged against it (tests,
 * `aiposture demo`, benchmarks). It never listens on or connects to anything but loopback.
 *
 * Each provider is a `ProviderHandler` (see `aws.ts`) that claims the requests it recognises —
 * AWS by its SigV4 `Authorization` header and `x-amz-*` headers, Google Cloud REST (`gcp.ts`)
 * by a Google API version path (/v1/…, /v3/…: every Google API shares the one base URL), and
 * Azure Resource Manager (`azure.ts`) by `Authorization: Bearer` or a path under /subscriptions
 * or /providers. Google requests carry a bearer token too, so the GCP handler is asked before
 * the Azure one. A new provider is one entry in `fakeProviders`
 * (its estate schema and handler factory).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { createAwsHandler } from './aws.ts';
import { awsEstateSchema, type AwsEstate } from './aws-estate.ts';
import { createAzureHandler } from './azure.ts';
import { azureEstateSchema } from './azure-estate.ts';
import { createGcpHandler } from './gcp.ts';
import { gcpEstateSchema } from './gcp-estate.ts';
import type { ThrottleCause } from './throttling.ts';

/** A request as handlers see it: the raw path (still percent-encoded) split from its query. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a handler did with one request. `response: null` drops the connection without answering; `'hang'` never answers. */
export interface FakeResult {
  response: FakeResponse | null | 'hang';
  service: string;
  region: string;
  operation: string;
  /** Delay before answering, in milliseconds. */
  latencyMs: number;
  /** The API version the request asked for (Azure `api-version`), when the protocol has one. */
  apiVersion?: string;
  /** The throttling key the request counts against (see throttling.ts): AWS `account:region:service`, Azure the subscription or `tenant`, Google `project:API host`. */
  key?: string;
  /** Set when the request was throttled: its key's bucket was empty (`rate`), or the random draw (`random`). */
  throttled?: ThrottleCause;
}

export interface ProviderHandler {
  readonly provider: string;
  matches(request: FakeRequest): boolean;
  handle(request: FakeRequest): Promise<FakeResult> | FakeResult;
}

/** One served request. `status` is 0 when the connection was dropped. */
export interface FakeCloudRequest {
  provider: string;
  service: string;
  region: string;
  operation: string;
  status: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
  latencyMs: number;
  /** The API version the request asked for (Azure `api-version`), when the protocol has one. */
  apiVersion?: string;
  /** The throttling key the request counts against (see `FakeResult.key`). */
  key?: string;
  /** Set when the request was throttled, and why (see `FakeResult.throttled`). */
  throttled?: ThrottleCause;
}

export interface FakeCloud {
  /** `http://127.0.0.1:<port>`: use as AWS_ENDPOINT_URL or a client's `endpoint`. */
  url: string;
  port: number;
  /** Every request served so far, in arrival order. */
  requests: FakeCloudRequest[];
  close(): Promise<void>;
}

/**
 * The providers the fake cloud speaks: each one's estate-file section and request handler, in the
 * order handlers are asked to claim a request (Google before Azure: Google requests also carry
 * `Authorization: Bearer`). A new fake provider is one entry here.
 */
const fakeProviders = {
  aws: { estate: awsEstateSchema, handler: createAwsHandler },
  gcp: { estate: gcpEstateSchema, handler: createGcpHandler },
  azure: { estate: azureEstateSchema, handler: createAzureHandler },
} as const;
type FakeProviderId = keyof typeof fakeProviders;
const fakeProviderIds = Object.keys(fakeProviders) as FakeProviderId[];

export interface FakeCloudOptions extends FakeEstateSections<'input'> {
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where unknown operations are reported; defaults to one line on stderr. */
  onUnknownOperation?: (info: { provider: string; service: string; region: string; operation: string }) => void;
}

/** Estate-file sections, one per provider, as written (`input`) or validated (`output`). */
type FakeEstateSections<Mode extends 'input' | 'output'> = {
  [K in FakeProviderId]?: Mode extends 'input' ? z.input<(typeof fakeProviders)[K]['estate']> : z.output<(typeof fakeProviders)[K]['estate']>;
};

export const estateFileSchema = z.strictObject(
  Object.fromEntries(fakeProviderIds.map((id) => [id, fakeProviders[id].estate.optional()])) as {
    [K in FakeProviderId]: z.ZodOptional<(typeof fakeProviders)[K]['estate']>;
  },
);
/** A validated estate file. */
export type FakeCloudEstate = FakeEstateSections<'output'>;

export async function startFakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The fake cloud only listens on 127.0.0.1');
  const handlers: ProviderHandler[] = [];
  const report = options.onUnknownOperation;
  for (const id of fakeProviderIds) {
    const estate = options[id];
    if (estate === undefined) continue;
    const handlerOptions =
      report === undefined ? {} : { onUnknownOperation: (info: Parameters<NonNullable<typeof report>>[0]) => report({ ...info, provider: id }) };
    const create = fakeProviders[id].handler as (estate: unknown, options: typeof handlerOptions) => ProviderHandler;
    handlers.push(create(estate, handlerOptions));
  }
  const requests: FakeCloudRequest[] = [];

  const server = createServer((req, res) => {
    const at = Date.now();
    serve(req, res, handlers)
      .then((record) => {
        if (record !== undefined) requests.push({ ...record, at });
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake cloud error: ${message}`);
        }
        requests.push({
          provider: 'unknown',
          service: 'unknown',
          region: 'unknown',
          operation: `${req.method ?? ''} ${req.url ?? ''}`,
          status: 500,
          at,
          latencyMs: 0,
        });
      });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: readonly ProviderHandler[]): Promise<Omit<FakeCloudRequest, 'at'> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawUrl = req.url ?? '/';
  const mark = rawUrl.indexOf('?');
  const request: FakeRequest = {
    method: req.method ?? 'GET',
    path: mark < 0 ? rawUrl : rawUrl.slice(0, mark),
    query: new URLSearchParams(mark < 0 ? '' : rawUrl.slice(mark + 1)),
    headers: req.headers,
    body: Buffer.concat(chunks),
  };
  const handler = handlers.find((candidate) => candidate.matches(request));
  if (handler === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('The fake cloud has no estate for this request.');
    return { provider: 'unknown', service: 'unknown', region: 'unknown', operation: `${request.method} ${request.path}`, status: 404, latencyMs: 0 };
  }
  const result = await handler.handle(request);
  if (result.latencyMs > 0) await sleep(result.latencyMs);
  const record = {
    provider: handler.provider,
    service: result.service,
    region: result.region,
    operation: result.operation,
    latencyMs: result.latencyMs,
    ...(result.apiVersion === undefined ? {} : { apiVersion: result.apiVersion }),
    ...(result.key === undefined ? {} : { key: result.key }),
    ...(result.throttled === undefined ? {} : { throttled: result.throttled }),
  };
  if (result.response === null) {
    req.socket.destroy();
    return { ...record, status: 0 };
  }
  // Hung: the connection stays open, unanswered, until the client gives up or the cloud closes.
  if (result.response === 'hang') return { ...record, status: 0 };
  const body = Buffer.from(result.response.body, 'utf8');
  res.writeHead(result.response.status, { ...result.response.headers, 'content-length': String(body.byteLength), date: new Date().toUTCString() });
  res.end(body);
  return { ...record, status: result.response.status };
}

// ---------------------------------------------------------------------------------------------
// Estate files

/** Parses and validates an estate file's text (YAML or JSON). Errors name the file, the key and its line. */
export function parseEstate(text: string, fileName: string): FakeCloudEstate {
  // JSON (a generated estate) is read as JSON: a YAML document model of a large file costs
  // gigabytes. Anything it does not validate is read again as YAML, for errors with line numbers.
  if (text.trimStart().startsWith('{')) {
    const fast = parseJsonEstate(text);
    if (fast !== undefined) return fast;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError !== undefined) {
    const position = syntaxError.linePos?.[0] ?? lineCounter.linePos(syntaxError.pos[0]);
    throw new Error(`Invalid estate file ${fileName}:${position.line}:${position.col}: ${syntaxError.message.split('\n')[0] ?? 'syntax error'}`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  // Top-level `x-…` keys are extension fields (as in Compose files): holders for YAML anchors.
  const content =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('x-')))
      : data;
  const parsed = estateFileSchema.safeParse(content);
  if (parsed.success) return parsed.data;

  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(
        path.slice(0, depth).map((key) => (typeof key === 'symbol' ? String(key) : key)),
        true,
      );
      if (isNode(node) && node.range !== undefined && node.range !== null) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys
      .map((key) => {
        const path = key === undefined ? issue.path : [...issue.path, key];
        const line = lineOf(path);
        const section = fakeProviderIds.find((id) => id === path[0]) ?? 'aws';
        const message = key === undefined ? issue.message : `unknown key "${key}" (check the spelling; see fakecloud/${section}-estate.ts)`;
        return `${formatPath(path)}${line === undefined ? '' : ` (line ${line})`}: ${message}`;
      })
      .join('; ');
  });
  const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
  throw new Error(`Invalid estate file ${fileName}: ${problems.join('; ')}${more}`);
}

/** A JSON estate, validated; undefined when it is not JSON or not valid (the YAML path then says why). */
function parseJsonEstate(text: string): FakeCloudEstate | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const content = Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith('x-')));
  const parsed = estateFileSchema.safeParse(content);
  return parsed.success ? parsed.data : undefined;
}

/** Reads an estate file (YAML or JSON) with every provider section, validated. */
export async function loadEstateFile(path: string): Promise<FakeCloudEstate> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read estate file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseEstate(text, path);
}

/**
 * Reads an estate file (YAML or JSON) and returns its validated `aws:` section, ready for
 * `startFakeCloud({ aws })`. Throws when the file is unreadable or invalid (the message names the
 * file, the key and its line) or has no `aws:` section.
 */
export async function loadEstate(path: string): Promise<AwsEstate> {
  const estate = await loadEstateFile(path);
  if (estate.aws === undefined) throw new Error(`Invalid estate file ${path}: it has no "aws" section`);
  return estate.aws;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}
