// Each client from its own module, not the package index: an index also loads the package's
// static protobuf code (protos.js: 16 MB for aiplatform, 1-3 MB for the others) and every other
// client of the API, which the REST clients never use (measured: 1.1 s of CPU and 85 MB at start).
import { ModelArmorClient } from '@google-cloud/modelarmor/build/src/v1/model_armor_client.js';
import { EndpointServiceClient } from '@google-cloud/aiplatform/build/src/v1/endpoint_service_client.js';
import { FoldersClient } from '@google-cloud/resource-manager/build/src/v3/folders_client.js';
import { OrganizationsClient } from '@google-cloud/resource-manager/build/src/v3/organizations_client.js';
import { ProjectsClient } from '@google-cloud/resource-manager/build/src/v3/projects_client.js';
import { ServiceUsageClient } from '@google-cloud/service-usage/build/src/v1/service_usage_client.js';
import { AlertPolicyServiceClient } from '@google-cloud/monitoring/build/src/v3/alert_policy_service_client.js';
import { MetricServiceClient } from '@google-cloud/monitoring/build/src/v3/metric_service_client.js';
import { GoogleAuth, OAuth2Client, type AuthClient } from 'google-auth-library';
import type { GcpEndpoint } from './endpoint.ts';

export { gcpEndpoint, type GcpEndpoint } from './endpoint.ts';
import type { CallRecord } from '../../src/collect/collector.ts';
import { requestIdsFrom, type RawResponseRecorder } from '../../src/collect/raw-responses.ts';
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
 * Builds the official Google clients in HTTP/JSON mode, one per API. Every request passes through
 * the auth client's `fetch`, where it is checked against the read-only allow-list before it is
 * sent, is given a timeout (`timeoutMs`, connection to last byte) and is never redirected: a 3xx
 * fails the call, since the redirected request (a 307 keeps the POST and its body) would bypass
 * the allow-list.
 *
 * Regional APIs (Model Armor templates, Vertex AI endpoints) are served by one host per location.
 * Building a client per location would parse the API's whole proto set again each time (Vertex:
 * ~0.3 s of CPU and ~18 MB per client, 40 locations), so one client per API is built for the
 * global host and `fetch` sends each regional request to its location's host
 * (`GcpOperation.regionalHost`). Behind `--gcp-endpoint` every request goes to that one endpoint.
 */
export class GcpClientFactory {
  private readonly authClient: AuthClient;
  private readonly endpoint: GcpEndpoint | undefined;
  private readonly clients = new Map<string, Closable>();

  /** `onCall` hears every request the allow-list lets through, as `{ operation, target: <request path> }`. */
  constructor(
    authClient: AuthClient,
    endpoint: GcpEndpoint | undefined,
    onCall?: (call: CallRecord) => void,
    options: { timeoutMs?: number; rawResponses?: RawResponseRecorder } = {},
  ) {
    this.endpoint = endpoint;
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.authClient = new Proxy(authClient, {
      get(target, property, receiver) {
        if (property === 'fetch') {
          return async (requested: string | URL, init?: { method?: string; signal?: AbortSignal | null }) => {
            let url = requested;
            const parsed = new URL(String(requested));
            const path = parsed.pathname;
            const method = init?.method ?? 'GET';
            const operation = gcpOperationFor(method, path);
            if (!operation) throw new Error(`Refusing ${method} ${path}: not on the read-only allow-list`);
            if (endpoint === undefined && operation.regionalHost !== undefined) {
              const location = locationIn(path);
              if (location !== undefined) {
                parsed.hostname = operation.regionalHost(location);
                url = parsed.toString();
              }
            }
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
            if (options.rawResponses) await recordRawResponse(options.rawResponses, operation.name, method, String(url), response);
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

  /** Model Armor: floor settings on the global host; templates sent to their location's host by `fetch`. */
  modelArmor(): ModelArmorClient {
    return this.cached('modelarmor', () => new ModelArmorClient(this.options('modelarmor.googleapis.com')));
  }

  /** Vertex AI: locations on the global host; endpoints sent to their location's host by `fetch`. */
  vertexEndpoints(): EndpointServiceClient {
    return this.cached('aiplatform', () => new EndpointServiceClient(this.options('aiplatform.googleapis.com')));
  }

  /** How many clients were built (one per API at most). */
  get clientCount(): number {
    return this.clients.size;
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

  /** Cloud Monitoring time series (usage metrics over the metrics window): one client for every project. */
  metrics(): MetricServiceClient {
    return this.cached('monitoring-metrics', () => new MetricServiceClient(this.options('monitoring.googleapis.com')));
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close().catch(() => undefined)));
    this.clients.clear();
  }
}

/**
 * Records a raw response for the evidence pack. The Google clients read the body once with
 * `arrayBuffer()` (google-gax fallbackServiceStub), so it is read here first and the response
 * hands the same bytes to whichever reader comes next.
 */
async function recordRawResponse(
  recorder: RawResponseRecorder,
  operation: string,
  method: string,
  url: string,
  response: { status: number; headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> },
): Promise<void> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const copy = () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  Object.assign(response, {
    arrayBuffer: async () => copy(),
    text: async () => bytes.toString('utf8'),
    json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
  });
  recorder.record({
    provider: 'gcp',
    operation,
    method,
    url,
    status: response.status,
    requestIds: requestIdsFrom(response.headers),
    bodyText: bytes.toString('utf8'),
  });
}

/** The location a regional request names (`…/locations/{location}/…`). */
function locationIn(path: string): string | undefined {
  return /\/locations\/([^/:]+)/.exec(decodeURIComponent(path))?.[1];
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
