import { ModelArmorClient } from '@google-cloud/modelarmor';
import { EndpointServiceClient } from '@google-cloud/aiplatform';
import { FoldersClient, OrganizationsClient, ProjectsClient } from '@google-cloud/resource-manager';
import { ServiceUsageClient } from '@google-cloud/service-usage';
import { AlertPolicyServiceClient } from '@google-cloud/monitoring';
import { GoogleAuth, OAuth2Client, type AuthClient } from 'google-auth-library';
import type { GcpEndpoint } from './endpoint.ts';

export { gcpEndpoint, type GcpEndpoint } from './endpoint.ts';
import type { CallRecord } from '../../src/collect/collector.ts';
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
 * client's `fetch`, where it is checked against the read-only allow-list before it is sent.
 */
export class GcpClientFactory {
  private readonly authClient: AuthClient;
  private readonly endpoint: GcpEndpoint | undefined;
  private readonly clients = new Map<string, Closable>();

  /** `onCall` hears every request the allow-list lets through, as `{ operation, target: <request path> }`. */
  constructor(authClient: AuthClient, endpoint: GcpEndpoint | undefined, onCall?: (call: CallRecord) => void) {
    this.endpoint = endpoint;
    this.authClient = new Proxy(authClient, {
      get(target, property, receiver) {
        if (property === 'fetch') {
          return (url: string | URL, init?: { method?: string }) => {
            const path = new URL(String(url)).pathname;
            const method = init?.method ?? 'GET';
            const operation = gcpOperationFor(method, path);
            if (!operation) return Promise.reject(new Error(`Refusing ${method} ${path}: not on the read-only allow-list`));
            onCall?.({ operation: operation.name, target: path });
            return target.fetch(url, init as Parameters<AuthClient['fetch']>[1]);
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
