import { InputError } from '../../src/policy/policy-file.ts';

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

const loopbackHosts = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Validates `--azure-endpoint`: https anywhere, plain http only to a loopback host. */
export function azureEndpoint(value: string | undefined): AzureEndpoint {
  if (value === undefined) return { url: publicResourceManager, scope: `${publicResourceManager}/.default`, insecureLoopback: false };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(`--azure-endpoint: "${value}" is not a URL`);
  }
  const url = value.replace(/\/+$/, '');
  if (parsed.protocol === 'https:') return { url, scope: `${parsed.origin}/.default`, insecureLoopback: false };
  if (parsed.protocol === 'http:' && loopbackHosts.test(parsed.hostname)) return { url, scope: `${publicResourceManager}/.default`, insecureLoopback: true };
  if (parsed.protocol === 'http:') throw new InputError(`--azure-endpoint: plain http is only accepted for loopback hosts (127.0.0.1, localhost, ::1), not ${parsed.hostname}; use https`);
  throw new InputError(`--azure-endpoint: unsupported scheme ${parsed.protocol} (use https)`);
}
