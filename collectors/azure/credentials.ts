import { AzureCliCredential, DefaultAzureCredential, EnvironmentCredential, ManagedIdentityCredential, WorkloadIdentityCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureCredentialKind } from './endpoint.ts';

export { azureCredentialKinds, azureEndpoint, publicResourceManager, type AzureCredentialKind, type AzureEndpoint } from './endpoint.ts';

/** `--azure-credential`: each kind maps to exactly one @azure/identity credential (`default` is the chain). */
export function azureCredential(kind: AzureCredentialKind): TokenCredential {
  switch (kind) {
    case 'cli':
      return new AzureCliCredential();
    case 'env':
      return new EnvironmentCredential();
    case 'managed-identity':
      return new ManagedIdentityCredential(process.env.AZURE_CLIENT_ID ? { clientId: process.env.AZURE_CLIENT_ID } : {});
    case 'workload-identity':
      return new WorkloadIdentityCredential();
    case 'default':
      return new DefaultAzureCredential();
  }
}
