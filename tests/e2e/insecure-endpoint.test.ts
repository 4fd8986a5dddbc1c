/** Signed AWS requests never go over plain http to another host unless the user opts in. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runMain } from './in-process.ts';
import { awsCollector } from '../../collectors/aws/module.ts';

afterEach(() => vi.unstubAllEnvs());

describe('plain-http AWS endpoints', () => {
  it('refuses AWS_ENDPOINT_URL on a non-loopback host with exit 2 naming the variable', async () => {
    const run = await runMain(['scan', '--provider', 'aws', '--regions', 'us-east-1', '--quiet'], {
      AWS_ENDPOINT_URL: 'http://10.0.0.5:4566',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'aiposture: AWS_ENDPOINT_URL: plain http is only accepted for loopback hosts (127.0.0.1, localhost, ::1), not 10.0.0.5; use https, or --insecure-endpoint for an emulator on a private network\n',
    );
  });

  it('refuses a per-service variable and the flag alike', async () => {
    expect((await runMain(['scan', '--provider', 'aws', '--quiet'], { AWS_ENDPOINT_URL_BEDROCK: 'http://emulator.internal:4566' })).code).toBe(2);
    expect((await runMain(['scan', '--provider', 'aws', '--aws-endpoint', 'http://emulator.internal:4566', '--quiet'])).code).toBe(2);
  });

  it('accepts them with --insecure-endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://10.0.0.5:4566');
    expect(awsCollector.optionsFromFlags({ insecureEndpoint: true, awsEndpoint: 'http://10.0.0.5:4566' })).toMatchObject({
      insecureEndpoint: true,
      endpoint: 'http://10.0.0.5:4566',
    });
    expect(() => awsCollector.optionsFromFlags({})).toThrow(/AWS_ENDPOINT_URL: plain http/);
  });
});
