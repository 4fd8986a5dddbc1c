import { CognitiveServicesManagementClient, getContinuationToken } from '@azure/arm-cognitiveservices';
import { ManagementGroupsAPI, getContinuationToken as managementGroupsContinuationToken } from '@azure/arm-managementgroups';
import { MonitorClient } from '@azure/arm-monitor';
import { PolicyClient } from '@azure/arm-policy';
import { SecurityCenter } from '@azure/arm-security';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicyName,
  createDefaultHttpClient,
  redirectPolicyName,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import type { CallRecord } from '../../src/collect/collector.ts';
import { requestIdsFrom, type RawResponseRecorder } from '../../src/collect/raw-responses.ts';
import { RedirectRefusedError, RequestTimeoutError, defaultTimeoutMs } from '../../src/collect/failures.ts';
import type { Collection } from '../../src/collect/listing.ts';
import { azureOperationFor } from './operations.ts';
import type { AzureEndpoint } from './credentials.ts';

/** Caches one token for every client: some credentials (Azure CLI) spawn a process per request. */
function cachedToken(credential: TokenCredential, scope: string): () => Promise<AccessToken> {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return async () => {
    if (current && current.expiresOnTimestamp - Date.now() > 120_000) return current;
    pending ??= credential
      .getToken(scope)
      .then((token) => {
        if (!token) throw new Error(`The Azure credential returned no token for ${scope}`);
        current = token;
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/**
 * Builds the official ARM clients for one endpoint and credential. Every client makes one
 * attempt per call (retries belong to the scheduler), times out a request that is not answered
 * in `timeoutMs`, refuses any request that is not on the read-only allow-list and never follows
 * a redirect (the SDK's redirect policy is removed: a redirected request would bypass the
 * allow-list; a 3xx fails the call). Over plain http to a loopback emulator the SDK's bearer
 * policy (https only) is replaced by one that sends the same token.
 */
export interface AzureClientOptions {
  /** Replaces the network transport (unit tests feeding recorded payloads to the real SDK). */
  httpClient?: HttpClient;
  /** Hears every request the allow-list lets through, as `{ operation, target: <request path> }`. */
  onCall?: (call: CallRecord) => void;
  /** Each request's timeout, connection to last byte, in ms (default 30 s). */
  timeoutMs?: number;
  /** `--evidence`: hears every raw response (body, status, request ids). */
  rawResponses?: RawResponseRecorder;
}

export class AzureClientFactory {
  private readonly endpoint: AzureEndpoint;
  private readonly token: () => Promise<AccessToken>;
  private readonly httpClient: HttpClient;
  private readonly onCall: ((call: CallRecord) => void) | undefined;
  private readonly timeoutMs: number;
  private readonly rawResponses: RawResponseRecorder | undefined;
  private readonly clients = new Map<string, unknown>();

  constructor(credential: TokenCredential, endpoint: AzureEndpoint, options: AzureClientOptions = {}) {
    this.endpoint = endpoint;
    // One transport (one keep-alive agent) for every client: each client would otherwise open its own connections.
    this.httpClient = options.httpClient ?? createDefaultHttpClient();
    this.onCall = options.onCall;
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.rawResponses = options.rawResponses;
    this.token = cachedToken(credential, endpoint.scope);
  }

  /** Fails fast when no token can be obtained, before any resource call. */
  async checkCredential(): Promise<void> {
    await this.token();
  }

  private get options() {
    return {
      endpoint: this.endpoint.url,
      credentialScopes: [this.endpoint.scope],
      credentials: { scopes: [this.endpoint.scope] },
      allowInsecureConnection: this.endpoint.insecureLoopback,
      retryOptions: { maxRetries: 0 },
      httpClient: this.httpClient,
    };
  }

  private prepare<T extends { pipeline: Pipeline }>(client: T): T {
    const onCall = this.onCall;
    const timeoutMs = this.timeoutMs;
    const origin = new URL(this.endpoint.url).origin;
    const allowList: PipelinePolicy = {
      name: 'aipostureReadOnlyAllowList',
      async sendRequest(request, next) {
        const url = new URL(request.url);
        const path = url.pathname;
        // A `nextLink` (or anything else) pointing at another host would carry the bearer token there.
        if (url.origin !== origin) throw new Error(`Refusing ${request.method} ${url.origin}${path}: not the Resource Manager endpoint ${origin}`);
        const operation = azureOperationFor(request.method, path);
        if (!operation) throw new Error(`Refusing ${request.method} ${path}: not on the read-only allow-list`);
        onCall?.({ operation: operation.name, target: path });
        // The whole exchange, body included (the SDK's own `timeout`, set too, stops at the headers).
        const timeout = AbortSignal.timeout(timeoutMs);
        const caller = request.abortSignal;
        if (caller === undefined) request.abortSignal = timeout;
        else if (caller instanceof AbortSignal) request.abortSignal = AbortSignal.any([caller, timeout]);
        request.timeout = timeoutMs;
        let response: Awaited<ReturnType<typeof next>>;
        try {
          response = await next(request);
        } catch (error) {
          // Aborted, and not by the caller: one of the two timeouts fired.
          const aborted = timeout.aborted || (error as { name?: string }).name === 'AbortError';
          if (aborted && !caller?.aborted) throw new RequestTimeoutError(timeoutMs, { cause: error });
          // The SDK's deserializer rejects a status the operation does not define (a 3xx) itself.
          const failed = error as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } } };
          if (isRedirect(failed.statusCode))
            throw new RedirectRefusedError(failed.statusCode, request.method, path, failed.response?.headers?.get?.('location'));
          throw error;
        }
        if (isRedirect(response.status)) throw new RedirectRefusedError(response.status, request.method, path, response.headers.get('location') ?? undefined);
        return response;
      },
    };
    client.pipeline.addPolicy(allowList, { phase: 'Serialize' });
    if (this.rawResponses) client.pipeline.addPolicy(rawResponsePolicy(this.rawResponses));
    client.pipeline.removePolicy({ name: redirectPolicyName });
    if (this.endpoint.insecureLoopback) {
      const token = this.token;
      client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
      client.pipeline.addPolicy({
        name: 'aipostureLoopbackBearer',
        async sendRequest(request, next) {
          request.headers.set('Authorization', `Bearer ${(await token()).token}`);
          return next(request);
        },
      });
    }
    return client;
  }

  /** A credential that hands every SDK client the shared cached token. */
  private get sharedCredential(): TokenCredential {
    return { getToken: () => this.token() };
  }

  /** One client per (SDK, subscription), reused by every account in it. */
  private cached<T extends { pipeline: Pipeline }>(key: string, create: () => T): T {
    const existing = this.clients.get(key);
    if (existing) return existing as T;
    const client = this.prepare(create());
    this.clients.set(key, client);
    return client;
  }

  subscriptions(): SubscriptionClient {
    return this.cached('subscriptions', () => new SubscriptionClient(this.sharedCredential, this.options));
  }

  /** Management-group reads (`--management-group`): tenant-level, one client. */
  managementGroups(): ManagementGroupsAPI {
    return this.cached('managementGroups', () => new ManagementGroupsAPI(this.sharedCredential, this.options));
  }

  cognitiveServices(subscriptionId: string): CognitiveServicesManagementClient {
    return this.cached(`cognitive:${subscriptionId}`, () => new CognitiveServicesManagementClient(this.sharedCredential, subscriptionId, this.options));
  }

  monitor(subscriptionId: string): MonitorClient {
    return this.cached(`monitor:${subscriptionId}`, () => new MonitorClient(this.sharedCredential, subscriptionId, this.options));
  }

  policy(subscriptionId: string): PolicyClient {
    return this.cached(`policy:${subscriptionId}`, () => new PolicyClient(this.sharedCredential, subscriptionId, this.options));
  }

  security(subscriptionId: string): SecurityCenter {
    return this.cached(`security:${subscriptionId}`, () => new SecurityCenter(this.sharedCredential, subscriptionId, this.options));
  }

  /** Lets go of a subscription's clients once it has been read (reads still running keep theirs). */
  release(subscriptionId: string): void {
    for (const kind of ['cognitive', 'monitor', 'policy', 'security']) this.clients.delete(`${kind}:${subscriptionId}`);
  }

  get resourceManagerUrl(): string {
    return this.endpoint.url;
  }

  get insecureLoopback(): boolean {
    return this.endpoint.insecureLoopback;
  }
}

/** Records each raw response for the evidence pack (the transport has read the body into `bodyAsText`). */
function rawResponsePolicy(recorder: RawResponseRecorder): PipelinePolicy {
  return {
    name: 'aipostureRawResponses',
    async sendRequest(request, next) {
      const response = await next(request);
      recorder.record({
        provider: 'azure',
        operation: azureOperationFor(request.method, new URL(request.url).pathname)?.name ?? request.method,
        method: request.method,
        url: request.url,
        status: response.status,
        requestIds: requestIdsFrom(response.headers),
        bodyText: response.bodyAsText ?? '',
      });
      return response;
    },
  };
}

function isRedirect(status: number | undefined): status is number {
  return status !== undefined && status >= 300 && status < 400;
}

/** What a list operation of either Azure SDK generation returns (classic core-paging, or the modular clients' pager). */
export interface AzurePager<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

/**
 * Reads one page of a list operation: the first, or the one a continuation token (`nextLink`)
 * names. Each call opens the SDK's pager afresh, so a failed page can be read again alone.
 */
async function azurePage<T>(list: () => AzurePager<T>, continuationToken: string | undefined): Promise<T[]> {
  const { value } = await list()
    .byPage(continuationToken === undefined ? undefined : { continuationToken })
    .next();
  return value ?? [];
}

/**
 * The `nextLink` of a page: a property on the modular clients' pages, kept aside by the classic
 * ones (each classic package keeps its own, hence one look-up per classic package used).
 */
export function azureNextLink(page: unknown[]): string | undefined {
  return (page as { continuationToken?: string }).continuationToken ?? getContinuationToken(page) ?? managementGroupsContinuationToken(page);
}

/** The pages of a list operation as they arrive, each page one scheduled call under `key` (at `priority`, default a listing's). */
export function azurePages<T>(collection: Collection, key: string, list: () => AzurePager<T>, priority?: number): AsyncGenerator<T[]> {
  return collection.pages(key, (token) => azurePage(list, token), azureNextLink, priority);
}

/** Every item of a list operation, each page one scheduled call under `key`. */
export function azureListAll<T>(collection: Collection, key: string, list: () => AzurePager<T>): Promise<T[]> {
  return collection.all(azurePages(collection, key, list), (page) => page);
}
