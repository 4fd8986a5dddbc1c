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

export interface CallRecord {
  client: AwsClientFamily;
  region: string;
  operation: string;
}

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

export function defaultCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return sharedCredentials(fromNodeProviderChain(profile ? { profile } : {}));
}

/**
 * One SDK client per (service, region), each making a single attempt per call (retries
 * belong to the scheduler) and refusing any operation that is not on the read-only allow-list.
 */
export class AwsClientPool {
  private readonly clients = new Map<string, AwsClientFamilies[AwsClientFamily]>();
  readonly calls: CallRecord[] = [];

  private readonly credentials: AwsCredentialIdentityProvider;

  constructor(credentials: AwsCredentialIdentityProvider) {
    this.credentials = credentials;
  }

  get<F extends AwsClientFamily>(family: F, region: string): AwsClientFamilies[F] {
    const key = `${family}\u0000${region}`;
    const existing = this.clients.get(key);
    if (existing) return existing as AwsClientFamilies[F];
    const client = new constructors[family]({ region, credentials: this.credentials, maxAttempts: 1 });
    const calls = this.calls;
    const allowListCheck: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      if (!isAllowedAwsOperation(family as AwsOperation['client'], operation)) {
        throw new Error(`Refusing ${family}:${operation}: not on the read-only allow-list`);
      }
      calls.push({ client: family, region, operation });
      return next(args);
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
