import { parseEndpointUrl } from '../../src/collect/endpoint-url.ts';

export const azureCredentialKinds = ['default', 'cli', 'env', 'managed-identity', 'workload-identity'] as const;
export type AzureCredentialKind = (typeof azureCredentialKinds)[number];

export const publicResourceManager = 'https://management.azure.com';

export interface AzureEndpoint {
  /** Resource Manager base URL without a trailing slash. */
  url: string;
  /** Token scope: the endpoint's own audience for https (sovereign clouds), public ARM for a loopback emulator. */
  scope: string;
  /** Plain http to a loopback host (emulators, tests). */
  insecureLoopback: boolean;
}

/** Validates `--azure-endpoint`: https anywhere, plain http only to a loopback host. */
export function azureEndpoint(value: string | undefined): AzureEndpoint {
  if (value === undefined) return { url: publicResourceManager, scope: `${publicResourceManager}/.default`, insecureLoopback: false };
  const { url, insecureLoopback } = parseEndpointUrl('--azure-endpoint', value);
  const base = value.replace(/\/+$/, '');
  return { url: base, scope: `${insecureLoopback ? publicResourceManager : url.origin}/.default`, insecureLoopback };
}
