/**
 * A server that echoes the caller's credentials in its error messages must not get them into a
 * report, a log or an error line: every credential value the process holds is scrubbed at every
 * output boundary, not only fields named like secrets.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OAuth2Client } from 'google-auth-library';
import { runMain } from './in-process.ts';
import { azureCollector } from '../../collectors/azure/module.ts';
import { gcpCollector } from '../../collectors/gcp/module.ts';
import { scrubSecrets } from '../../src/secrets.ts';

const sessionToken = 'FwoGZXIvYXdzEJr-session-token-echoed-back-0123456789';
const azureToken = 'eyAzureBearerTokenValue.echoed-back.0123456789abcdef';
const googleToken = 'ya29.a0AfH6SMB-google-access-token-echoed-0123456789';

/** Answers every request with a denial whose message repeats the credentials it was sent. */
function echo(request: IncomingMessage): { status: number; type: string; body: string } {
  const said = `caller sent authorization=${request.headers.authorization ?? ''} token=${String(request.headers['x-amz-security-token'] ?? '')}`;
  if (request.headers['x-amz-security-token'] !== undefined || /AWS4-HMAC/.test(request.headers.authorization ?? '')) {
    return {
      status: 403,
      type: 'text/xml',
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${said}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: 403,
    type: 'application/json',
    body: JSON.stringify({ error: { code: 'AuthorizationFailed', status: 'PERMISSION_DENIED', message: said } }),
  };
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const { status, type, body } = echo(request);
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.unstubAllEnvs());

describe('credentials echoed by a server', () => {
  it('never reach stderr or the report (AWS session token through the CLI)', async () => {
    const run = await runMain(['scan', '--provider', 'aws', '--aws-endpoint', url, '--regions', 'us-east-1', '--format', 'json', '--log-level', 'debug'], {
      AWS_ACCESS_KEY_ID: 'AKIDECHOTEST',
      AWS_SECRET_ACCESS_KEY: 'echo-test-secret-access-key-0123456789',
      AWS_SESSION_TOKEN: sessionToken,
      AWS_REGION: 'us-east-1',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[REDACTED]');
    expect(`${run.stdout}${run.stderr}`).not.toContain(sessionToken);
  });

  it('are remembered when a collector obtains them (Azure bearer token, Google access token)', async () => {
    const azure = await azureCollector.collect({
      endpoint: url,
      credential: { getToken: async () => ({ token: azureToken, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      subscriptions: ['00000000-0000-0000-0000-000000000001'],
      scheduler: { baseDelayMs: 1 },
    });
    const azureText = JSON.stringify(azure.inventory);
    expect(azureText).toContain(azureToken);
    expect(scrubSecrets(azureText)).not.toContain(azureToken);

    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: googleToken });
    const gcp = await gcpCollector.collect({ endpoint: url, authClient, projects: ['ai-prod-123'], scheduler: { baseDelayMs: 1 } });
    const gcpText = JSON.stringify(gcp.inventory);
    expect(gcpText).toContain('caller sent authorization');
    expect(scrubSecrets(gcpText)).not.toContain(googleToken);
  });
});
