import { parseEndpointUrl } from '../../src/collect/endpoint-url.ts';

export interface GcpEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

/** `--gcp-endpoint`: one base URL for every Google API; plain http only for a loopback host. */
export function gcpEndpoint(value: string | undefined): GcpEndpoint | undefined {
  if (value === undefined) return undefined;
  const { url, insecureLoopback } = parseEndpointUrl('--gcp-endpoint', value);
  const protocol = insecureLoopback ? 'http' : 'https';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}
