import { InputError } from '../../src/policy/policy-file.ts';

export interface GcpEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

const loopbackHosts = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** `--gcp-endpoint`: one base URL for every Google API; plain http only for a loopback host. */
export function gcpEndpoint(value: string | undefined): GcpEndpoint | undefined {
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(`--gcp-endpoint: "${value}" is not a URL`);
  }
  if (parsed.protocol === 'http:' && !loopbackHosts.test(parsed.hostname)) {
    throw new InputError(`--gcp-endpoint: plain http is only accepted for loopback hosts (127.0.0.1, localhost, ::1), not ${parsed.hostname}; use https`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError(`--gcp-endpoint: unsupported scheme ${parsed.protocol} (use https)`);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : protocol === 'http' ? 80 : 443, protocol };
}
