import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  DeserializeMiddleware,
  FinalizeRequestMiddleware,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import type { CallRecord } from '../../src/collect/collector.ts';
import { requestIdsFrom, type RawResponseRecorder } from '../../src/collect/raw-responses.ts';
import { RedirectRefusedError, RequestTimeoutError, defaultTimeoutMs, isTimeoutError } from '../../src/collect/failures.ts';
import { isAllowedAwsOperation, type AwsOperation } from './operations.ts';
import { UnexpectedResponseError } from './normalise.ts';

export interface AwsClientFamilies {
  bedrock: BedrockClient;
  'bedrock-agent': BedrockAgentClient;
  cloudtrail: CloudTrailClient;
  cloudwatch: CloudWatchClient;
  'config-service': ConfigServiceClient;
  organizations: OrganizationsClient;
  sts: STSClient;
  ssm: SSMClient;
  ec2: EC2Client;
}
export type AwsClientFamily = keyof AwsClientFamilies;

interface CommonClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  maxAttempts: number;
  /** Resolve each command's middleware once per client, not on every call (the stack is complete before the first). */
  cacheMiddleware: boolean;
  endpoint?: string;
  /** Options for the SDK's NodeHttpHandler. */
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean; httpAgent: HttpAgent; httpsAgent: HttpsAgent };
}

const constructors: { [F in AwsClientFamily]: new (config: CommonClientConfig) => AwsClientFamilies[F] } = {
  bedrock: BedrockClient,
  'bedrock-agent': BedrockAgentClient,
  cloudtrail: CloudTrailClient,
  cloudwatch: CloudWatchClient,
  'config-service': ConfigServiceClient,
  organizations: OrganizationsClient,
  sts: STSClient,
  ssm: SSMClient,
  ec2: EC2Client,
};

/**
 * Resolves credentials once for every client of the scan: the SDK would otherwise run the
 * provider chain (and any AssumeRole) once per client.
 */
export function sharedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const current = pending ? await pending.catch(() => undefined) : undefined;
    const expiresSoon = current?.expiration !== undefined && current.expiration.getTime() - Date.now() < 5 * 60_000;
    if (!pending || !current || expiresSoon) pending = provider();
    return pending;
  };
}

/** Renew a session this long before it expires: 5 minutes (as the SDK does), or a quarter of its lifetime when that is shorter. */
export function refreshWindowMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, Math.max(0, lifetimeMs) / 4);
}

/**
 * The credentials of one assumed-role session (one member account): `assume` (one AssumeRole)
 * runs on first use and again only inside the refresh window before expiry — never per request
 * or per client, and callers arriving meanwhile share the AssumeRole in flight. A failed renewal
 * keeps the current credentials while they last. Marked `memoized`, so the SDK clients use it as
 * it is instead of wrapping it in their own 5-minute window (which, for sessions shorter than
 * that, would call it on every request).
 */
export function sessionCredentials(
  assume: () => Promise<AwsCredentialIdentity>,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider & { memoized: true } {
  let current: { identity: AwsCredentialIdentity; renewAt: number; expiresAt: number } | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const renew = () =>
    (pending ??= assume()
      .then((identity) => {
        const issuedAt = now();
        const expiresAt = identity.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
        current = { identity, expiresAt, renewAt: expiresAt - refreshWindowMs(expiresAt - issuedAt) };
        return identity;
      })
      .finally(() => {
        pending = undefined;
      }));
  const provider = async () => {
    if (current !== undefined && now() < current.renewAt) return current.identity;
    try {
      return await renew();
    } catch (error) {
      if (current !== undefined && now() < current.expiresAt) return current.identity;
      throw error;
    }
  };
  return Object.assign(provider, { memoized: true as const });
}

export function defaultCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return sharedCredentials(fromNodeProviderChain(profile ? { profile } : {}));
}

export interface AwsClientPoolOptions {
  /**
   * The identity of calls made outside `withAccount` (a single-account scan, tests). Without it,
   * every call must say whose it is: an organisation scan runs each account's calls in
   * `withAccount`, so a call that lost its account fails instead of signing as another.
   */
  credentials?: AwsCredentialIdentityProvider;
  /** One endpoint for every service (`--aws-endpoint`, the fake cloud); default: the SDK's (which honours AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** Hears every request the allow-list lets through, as `{ operation, target: "<client>:<region>" }`. */
  onCall?: (call: CallRecord) => void;
  /** Connect timeout and answer timeout of each request, in ms (default 30 s). */
  timeoutMs?: number;
  /** `--evidence`: hears every raw response (body, status, request id). */
  rawResponses?: RawResponseRecorder;
}

/** Sockets the pool's one keep-alive agent keeps open per host (the scheduler's global concurrency is far below). */
const maxSocketsPerHost = 256;

/**
 * One SDK client per (service, region) for the whole scan, each making a single attempt per call
 * (retries belong to the scheduler), timing out a request that gets no connection or no answer,
 * and refusing any operation that is not on the read-only allow-list. A redirect is never
 * followed (the SDK's handler does not follow them) and fails the call as a refused redirect.
 *
 * The clients serve every account of an organisation scan: a call made in `withAccount(identity,
 * …)` is signed with that account's identity (the SDK asks the credential provider on every
 * request; ours answers from the call's async context). Building a client per account × region ×
 * service instead cost ~0.9 ms of CPU and a TCP connection per client, and with 100 accounts
 * thousands of live clients (~25 KiB of middleware closures each, an HTTP agent, sockets). All
 * clients share one keep-alive agent, so connections to a host are reused across accounts.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, AwsClientFamilies[AwsClientFamily]>();
  private readonly options: AwsClientPoolOptions;
  private readonly account = new AsyncLocalStorage<AwsCredentialIdentityProvider>();
  private readonly credentials: AwsCredentialIdentityProvider & { memoized: true };
  private readonly agents = {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: maxSocketsPerHost }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: maxSocketsPerHost }),
  };

  constructor(options: AwsClientPoolOptions) {
    this.options = options;
    // Cached here, as the SDK would have per client: every request asks for the identity.
    const fallback =
      options.credentials && !(options.credentials as { memoized?: boolean }).memoized ? sharedCredentials(options.credentials) : options.credentials;
    const provider: AwsCredentialIdentityProvider = async (identityProperties) => {
      const identity = this.account.getStore() ?? fallback;
      if (identity === undefined) throw new Error('internal: an AWS call outside any account (AwsClientPool.withAccount)');
      return identity(identityProperties);
    };
    this.credentials = Object.assign(provider, { memoized: true as const });
  }

  /** Runs `send` (one SDK call, or several) signed with `identity`: the account whose call it is. */
  withAccount<T>(identity: AwsCredentialIdentityProvider, send: () => Promise<T>): Promise<T> {
    return this.account.run(identity, send);
  }

  get<F extends AwsClientFamily>(family: F, region: string): AwsClientFamilies[F] {
    const key = `${family}\u0000${region}`;
    const existing = this.clients.get(key);
    if (existing) return existing as AwsClientFamilies[F];
    const { endpoint, onCall } = this.options;
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    const client = new constructors[family]({
      region,
      credentials: this.credentials,
      maxAttempts: 1,
      cacheMiddleware: true,
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true, ...this.agents },
      ...(endpoint !== undefined ? { endpoint } : {}),
    });
    const allowListCheck: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      if (!isAllowedAwsOperation(family as AwsOperation['client'], operation)) {
        throw new Error(`Refusing ${family}:${operation}: not on the read-only allow-list`);
      }
      onCall?.({ operation, target: `${family}:${region}` });
      try {
        return await next(args);
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
        const location = (error as { $response?: { headers?: Record<string, string | undefined> } }).$response?.headers?.location;
        if (status >= 300 && status < 400) throw new RedirectRefusedError(status, family, operation, location);
        if (isTimeoutError(error)) throw new RequestTimeoutError(timeoutMs, { cause: error });
        throw error;
      }
    };
    // A 2xx with an empty body fails the call: no answer of the APIs read here is empty, and the SDK would read it as `{}`.
    const refuseEmptyBody: FinalizeRequestMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string | undefined> };
      if (response.statusCode !== undefined && response.statusCode < 300 && response.headers?.['content-length'] === '0') {
        const operation = String(context.commandName ?? '').replace(/Command$/, '');
        throw new UnexpectedResponseError(`${operation} answered HTTP ${response.statusCode} with an empty body`);
      }
      return result;
    };
    // Both before the first call: with `cacheMiddleware` the stack is resolved once per command.
    const stack = client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>;
    stack.add(allowListCheck, { step: 'initialize', name: 'aipostureReadOnlyAllowList' });
    stack.add(refuseEmptyBody, { step: 'finalizeRequest', name: 'aipostureRefuseEmptyBody' });
    if (this.options.rawResponses)
      stack.add(recordRawResponses(this.options.rawResponses, region), { step: 'deserialize', priority: 'low', name: 'aipostureRawResponses' });
    this.clients.set(key, client);
    return client;
  }

  /** How many clients the pool built (one per service and region at most). */
  get clientCount(): number {
    return this.clients.size;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.agents.httpAgent.destroy();
    this.agents.httpsAgent.destroy();
  }
}

/**
 * Records each raw HTTP response for the evidence pack. Added at low priority in the deserialize
 * step, so it sits inside the SDK's deserializer: it sees the response as it came off the wire,
 * buffers the body and hands the deserializer the same bytes (`collectBody` takes a Uint8Array).
 */
function recordRawResponses(recorder: RawResponseRecorder, region: string): DeserializeMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; headers?: Record<string, string>; body?: unknown };
    const request = args.request as { method?: string; protocol?: string; hostname?: string; port?: number; path?: string; query?: Record<string, unknown> };
    const bytes = await bodyBytes(response.body);
    response.body = bytes;
    const query = new URLSearchParams(
      Object.entries(request.query ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
    ).toString();
    recorder.record({
      provider: 'aws',
      region,
      operation: String(context.commandName ?? '').replace(/Command$/, ''),
      method: request.method ?? 'POST',
      url: `${request.protocol ?? 'https:'}//${request.hostname ?? 'aws'}${request.port ? `:${request.port}` : ''}${request.path ?? '/'}${query ? `?${query}` : ''}`,
      status: response.statusCode ?? 0,
      requestIds: requestIdsFrom(response.headers),
      bodyText: Buffer.from(bytes).toString('utf8'),
    });
    return result;
  };
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The same client with every `send` run by `run` (the scheduler), which is told the operation
 * (the command's name without "Command"). SDK paginators accept it (it is an instance of the
 * client's class) and so fetch each page as one scheduled call.
 */
export function scheduledClient<C extends { send(...args: never[]): Promise<unknown> }>(
  client: C,
  run: <T>(send: () => Promise<T>, operation: string) => Promise<T>,
): C {
  const send = (...args: never[]) =>
    run(() => client.send(...args), String((args[0] as { constructor?: { name?: string } } | undefined)?.constructor?.name).replace(/Command$/, ''));
  return Object.create(client, { send: { value: send } }) as C;
}
