/** A `nextLink` to another host is refused: following it would send the bearer token there. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureCollector } from '../../collectors/azure/module.ts';

let arm: Server;
let elsewhere: Server;
const seenElsewhere: string[] = [];
let armUrl: string;
let elsewhereUrl: string;

const listen = (server: Server, host: string) =>
  new Promise<string>((resolve) => server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));

beforeAll(async () => {
  elsewhere = createServer((request, response) => {
    seenElsewhere.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ value: [] }));
  });
  elsewhereUrl = await listen(elsewhere, '127.0.0.2');
  arm = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    // Subscriptions_List: one page, then a continuation on another host.
    response.end(JSON.stringify({ value: [], nextLink: `${elsewhereUrl}/subscriptions?api-version=2022-12-01&page=2` }));
  });
  armUrl = await listen(arm, '127.0.0.1');
});
afterAll(async () => {
  await Promise.all([arm, elsewhere].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('Azure nextLink', () => {
  it('to another host is never followed', async () => {
    const outcome = await azureCollector
      .collect({
        endpoint: armUrl,
        credential: { getToken: async () => ({ token: 'next-link-test-token-0123456789', expiresOnTimestamp: Date.now() + 3_600_000 }) },
        scheduler: { baseDelayMs: 1 },
      })
      .then(
        (result) => JSON.stringify(result.inventory.listings),
        (error: unknown) => String(error),
      );
    expect(seenElsewhere).toEqual([]);
    expect(outcome).toMatch(/not the Resource Manager endpoint/);
  });
});
