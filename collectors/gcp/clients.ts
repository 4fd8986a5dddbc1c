import { ModelArmorClient } from '@google-cloud/modelarmor';
import { EndpointServiceClient } from '@google-cloud/aiplatform';
import { FoldersClient, OrganizationsClient, ProjectsClient } from '@google-cloud/resource-manager';
import { ServiceUsageClient } from '@google-cloud/service-usage';
import { AlertPolicyServiceClient } from '@google-cloud/monitoring';
import { GoogleAuth, OAuth2Client, type AuthClient } from 'google-auth-library';
import type { GcpEndpoint } from './endpoint.ts';

export { gcpEndpoint, type GcpEndpoint } from './endpoint.ts';
import type { CallRecord } from '../../src/collect/collector.ts';
import { RedirectRefusedError, RequestTimeoutError, defaultTimeoutMs } from '../../src/collect/failures.ts';
import type { Collection } from '../../src/collect/listing.ts';
import { gcpOperationFor } from './operations.ts';

/**
 * `GOOGLE_OAUTH_ACCESS_TOKEN` (the Terraform provider's convention) as a ready token, otherwise
 * Application Default Credentials.
 */
export async function gcpAuthClient(): Promise<AuthClient> {
  const token = process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (token) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token });
    return client;
  }
  return new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] }).getClient();
}

type Closable = { close(): Promise<void> };

/**
 * Builds the official Google clients in HTTP/JSON mode. Every request passes through the auth
 * client's `fetch`, where it is checked against the read-only allow-list before it is sent, is
 * given a timeout (`timeoutMs`, connection to last byte) and is never redirected: a 3xx fails
 * the call, since the redirected request (a 307 keeps the POST and its body) would bypass the
 * allow-list.
 */
export class GcpClientFactory {
  private readonly authClient: AuthClient;
  private readonly endpoint: GcpEndpoint | undefined;
  private readonly clients = new Map<string, Closable>();

  /** `onCall` hears every request the allow-list lets through, as `{ operation, target: <request path> }`. */
  constructor(authClient: AuthClient, endpoint: GcpEndpoint | undefined, onCall?: (call: CallRecord) => void, options: { timeoutMs?: number } = {}) {
    this.endpoint = endpoint;
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.authClient = new Proxy(authClient, {
      get(target, property, receiver) {
        if (property === 'fetch') {
          return async (url: string | URL, init?: { method?: string; signal?: AbortSignal | null }) => {
            const path = new URL(String(url)).pathname;
            const method = init?.method ?? 'GET';
            const operation = gcpOperationFor(method, path);
            if (!operation) throw new Error(`Refusing ${method} ${path}: not on the read-only allow-list`);
            onCall?.({ operation: operation.name, target: path });
            const timeout = AbortSignal.timeout(timeoutMs);
            const caller = init?.signal ?? undefined;
            const signal = caller === undefined ? timeout : caller instanceof AbortSignal ? AbortSignal.any([caller, timeout]) : caller;
            const sent = { ...init, signal, redirect: 'manual' };
            let response: Awaited<ReturnType<AuthClient['fetch']>>;
            try {
              response = await target.fetch(url, sent as Parameters<AuthClient['fetch']>[1]);
            } catch (error) {
              if (timeout.aborted) throw new RequestTimeoutError(timeoutMs, { cause: error });
              // gaxios rejects any status outside 2xx, a 3xx included.
              const failed = (error as { response?: { status?: unknown; headers?: { get?(name: string): string | null } } }).response;
              if (typeof failed?.status === 'number' && failed.status >= 300 && failed.status < 400)
                throw new RedirectRefusedError(failed.status, method, path, failed.headers?.get?.('location') ?? undefined);
              throw error;
            }
            if (response.status >= 300 && response.status < 400)
              throw new RedirectRefusedError(response.status, method, path, response.headers.get('location') ?? undefined);
            return response;
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /**
   * The clients bundle different google-auth-library majors (gax 5 and 6), so their option types
   * name different `AuthClient` classes; the one we pass is compatible at run time (gax only calls
   * `fetch`), hence the cast to each constructor's own option type.
   */
  private options<T>(defaultHost: string): T {
    return {
      fallback: true as const,
      authClient: this.authClient,
      apiEndpoint: this.endpoint?.host ?? defaultHost,
      ...(this.endpoint ? { port: this.endpoint.port, protocol: this.endpoint.protocol } : {}),
    } as T;
  }

  private cached<T extends Closable>(key: string, create: () => T): T {
    const existing = this.clients.get(key);
    if (existing) return existing as T;
    const client = create();
    this.clients.set(key, client);
    return client;
  }

  /** Floor settings live on the global endpoint; templates on the regional ones. */
  modelArmor(location: string | null): ModelArmorClient {
    const host = location ? `modelarmor.${location}.rep.googleapis.com` : 'modelarmor.googleapis.com';
    // Keyed by the host actually called: with one --gcp-endpoint every location shares a client
    // (building a Google client parses its API definition, ~0.3 s of CPU each).
    return this.cached(`modelarmor:${this.endpoint?.host ?? host}`, () => new ModelArmorClient(this.options(host)));
  }

  vertexEndpoints(location: string | null): EndpointServiceClient {
    const host = location ? `${location}-aiplatform.googleapis.com` : 'aiplatform.googleapis.com';
    return this.cached(`aiplatform:${this.endpoint?.host ?? host}`, () => new EndpointServiceClient(this.options(host)));
  }

  projects(): ProjectsClient {
    return this.cached('projects', () => new ProjectsClient(this.options('cloudresourcemanager.googleapis.com')));
  }

  folders(): FoldersClient {
    return this.cached('folders', () => new FoldersClient(this.options('cloudresourcemanager.googleapis.com')));
  }

  organizations(): OrganizationsClient {
    return this.cached('organizations', () => new OrganizationsClient(this.options('cloudresourcemanager.googleapis.com')));
  }

  serviceUsage(): ServiceUsageClient {
    return this.cached('serviceusage', () => new ServiceUsageClient(this.options('serviceusage.googleapis.com')));
  }

  alertPolicies(): AlertPolicyServiceClient {
    return this.cached('monitoring', () => new AlertPolicyServiceClient(this.options('monitoring.googleapis.com')));
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close().catch(() => undefined)));
    this.clients.clear();
  }
}

/** A page as the Google clients return it with `autoPaginate: false`: the items, the request for the next page (or null), the raw response. */
export type GaxPage<T> = [T[], { pageToken?: string | null } | null | undefined, unknown];

/** The request for the first page, or for the page `pageToken` names. */
export function pageRequest<R extends object>(request: R, pageToken: string | undefined): R {
  return pageToken === undefined ? request : { ...request, pageToken };
}

/** Every item of a list method called with `autoPaginate: false`, each page one scheduled call under `key`. */
export function gcpListAll<T>(collection: Collection, key: string, fetchPage: (pageToken: string | undefined) => Promise<GaxPage<T>>): Promise<T[]> {
  return collection.all(
    collection.pages(key, fetchPage, (page) => page[1]?.pageToken),
    (page) => page[0],
  );
}
