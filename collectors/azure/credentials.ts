import { AzureCliCredential, DefaultAzureCredential, EnvironmentCredential, ManagedIdentityCredential, WorkloadIdentityCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { defaultTimeoutMs } from '../../src/collect/failures.ts';
import type { AzureCredentialKind } from './endpoint.ts';

export { azureCredentialKinds, azureEndpoint, publicResourceManager, type AzureCredentialKind, type AzureEndpoint } from './endpoint.ts';

/**
 * `--azure-credential`: each kind maps to exactly one @azure/identity credential (`default` is the
 * chain). Credentials that run a developer tool (`az`, `azd`, PowerShell) give up on it after
 * `timeoutMs` (default: the collection's request timeout); by default they would wait forever.
 */
export function azureCredential(kind: AzureCredentialKind, options: { timeoutMs?: number } = {}): TokenCredential {
  const processTimeoutInMs = options.timeoutMs ?? defaultTimeoutMs;
  switch (kind) {
    case 'cli':
      return new AzureCliCredential({ processTimeoutInMs });
    case 'env':
      return new EnvironmentCredential();
    case 'managed-identity':
      return new ManagedIdentityCredential(process.env.AZURE_CLIENT_ID ? { clientId: process.env.AZURE_CLIENT_ID } : {});
    case 'workload-identity':
      return new WorkloadIdentityCredential();
    case 'default':
      return new DefaultAzureCredential({ processTimeoutInMs });
  }
}
