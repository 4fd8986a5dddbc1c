import { InputError } from '../errors.ts';

const loopbackHosts = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * Validates an endpoint override (`--aws-endpoint`, `AWS_ENDPOINT_URL`, `--azure-endpoint`,
 * `--gcp-endpoint`): https anywhere, plain http only to a loopback host (emulators, tests) —
 * signed requests and tokens would otherwise cross the network in cleartext — unless the user
 * opts in with `--insecure-endpoint` (`allowInsecure`); anything else is bad input.
 */
export function parseEndpointUrl(flag: string, value: string, allowInsecure = false): { url: URL; insecureLoopback: boolean } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${flag}: "${value}" is not a URL`);
  }
  if (url.protocol === 'https:') return { url, insecureLoopback: false };
  if (url.protocol !== 'http:') throw new InputError(`${flag}: unsupported scheme ${url.protocol} (use https)`);
  if (!loopbackHosts.test(url.hostname) && !allowInsecure)
    throw new InputError(
      `${flag}: plain http is only accepted for loopback hosts (127.0.0.1, localhost, ::1), not ${url.hostname}; use https, or --insecure-endpoint for an emulator on a private network`,
    );
  return { url, insecureLoopback: true };
}
