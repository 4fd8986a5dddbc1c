import { CognitiveServicesManagementClient } from '@azure/arm-cognitiveservices';
import { MonitorClient } from '@azure/arm-monitor';
import { PolicyClient } from '@azure/arm-policy';
import { SecurityCenter } from '@azure/arm-security';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName, type HttpClient, type Pipeline, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { azureOperationFor } from './operations.ts';
import type { AzureEndpoint } from './credentials.ts';

export interface AzureCallRecord {
  operation: string;
  path: string;
}

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
 * attempt per call (retries belong to the scheduler) and refuses any request that is not on
 * the read-only allow-list. Over plain http to a loopback emulator the SDK's bearer policy
 * (https only) is replaced by one that sends the same token.
 */
export class AzureClientFactory {
  readonly calls: AzureCallRecord[] = [];
  private readonly endpoint: AzureEndpoint;
  private readonly token: () => Promise<AccessToken>;
  private readonly httpClient: HttpClient | undefined;
  private readonly clients = new Map<string, unknown>();

  /** `httpClient` replaces the network transport (unit tests feeding recorded payloads to the real SDK). */
  constructor(credential: TokenCredential, endpoint: AzureEndpoint, httpClient?: HttpClient) {
    this.endpoint = endpoint;
    this.httpClient = httpClient;
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
      ...(this.httpClient ? { httpClient: this.httpClient } : {}),
    };
  }

  private prepare<T extends { pipeline: Pipeline }>(client: T): T {
    const calls = this.calls;
    const allowList: PipelinePolicy = {
      name: 'aipostureReadOnlyAllowList',
      sendRequest(request, next) {
        const path = new URL(request.url).pathname;
        const operation = azureOperationFor(request.method, path);
        if (!operation) return Promise.reject(new Error(`Refusing ${request.method} ${path}: not on the read-only allow-list`));
        calls.push({ operation: operation.name, path });
        return next(request);
      },
    };
    client.pipeline.addPolicy(allowList, { phase: 'Serialize' });
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

  get resourceManagerUrl(): string {
    return this.endpoint.url;
  }

  get insecureLoopback(): boolean {
    return this.endpoint.insecureLoopback;
  }
}
