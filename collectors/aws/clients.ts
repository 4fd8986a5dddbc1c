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
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import type { CallRecord } from '../../src/collect/collector.ts';
import { RedirectRefusedError, RequestTimeoutError, defaultTimeoutMs, isTimeoutError } from '../../src/collect/failures.ts';
import { isAllowedAwsOperation, type AwsOperation } from './operations.ts';

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
  endpoint?: string;
  /** Options for the SDK's NodeHttpHandler. */
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
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
  credentials: AwsCredentialIdentityProvider;
  /** One endpoint for every service (`--aws-endpoint`, the fake cloud); default: the SDK's (which honours AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** Hears every request the allow-list lets through, as `{ operation, target: "<client>:<region>" }`. */
  onCall?: (call: CallRecord) => void;
  /** Connect timeout and answer timeout of each request, in ms (default 30 s). */
  timeoutMs?: number;
}

/**
 * One SDK client per (service, region), each making a single attempt per call (retries
 * belong to the scheduler), timing out a request that gets no connection or no answer, and
 * refusing any operation that is not on the read-only allow-list. A redirect is never followed
 * (the SDK's handler does not follow them) and fails the call as a refused redirect.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, AwsClientFamilies[AwsClientFamily]>();
  private readonly options: AwsClientPoolOptions;

  constructor(options: AwsClientPoolOptions) {
    this.options = options;
  }

  get<F extends AwsClientFamily>(family: F, region: string): AwsClientFamilies[F] {
    const key = `${family}\u0000${region}`;
    const existing = this.clients.get(key);
    if (existing) return existing as AwsClientFamilies[F];
    const { credentials, endpoint, onCall } = this.options;
    const timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs;
    const client = new constructors[family]({
      region,
      credentials,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
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
    (client.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>).add(allowListCheck, {
      step: 'initialize',
      name: 'aipostureReadOnlyAllowList',
    });
    this.clients.set(key, client);
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

/**
 * The same client with every `send` run by `run` (the scheduler). SDK paginators accept it (it
 * is an instance of the client's class) and so fetch each page as one scheduled call.
 */
export function scheduledClient<C extends { send(...args: never[]): Promise<unknown> }>(client: C, run: <T>(send: () => Promise<T>) => Promise<T>): C {
  const send = (...args: never[]) => run(() => client.send(...args));
  return Object.create(client, { send: { value: send } }) as C;
}
