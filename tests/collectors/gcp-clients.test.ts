/**
 * One Google client per API: regional requests (Model Armor templates, Vertex AI endpoints) are
 * sent to their location's host by the factory's `fetch`, so no client is built per location
 * (each would parse the API's whole proto set again). Nothing leaves the process: the auth
 * client's transport is replaced and records where each request would have gone.
 */
import { describe, expect, it } from 'vitest';
import { OAuth2Client } from 'google-auth-library';
import { GcpClientFactory, gcpEndpoint } from '../../collectors/gcp/clients.ts';
import type { CallRecord } from '../../src/collect/collector.ts';

/** An auth client whose transport answers every request `{}` and records the URL it was sent to. */
function recordingAuth(): OAuth2Client & { urls: string[] } {
  const auth = Object.assign(new OAuth2Client(), { urls: [] as string[] });
  auth.setCredentials({ access_token: 'recorded' });
  const fetch = async (url: string | URL) => {
    auth.urls.push(String(url));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  auth.fetch = fetch as unknown as OAuth2Client['fetch'];
  return auth;
}

async function readEverywhere(factory: GcpClientFactory): Promise<void> {
  const page = { autoPaginate: false } as const;
  await factory.modelArmor().listTemplates({ parent: 'projects/p/locations/europe-west4' }, page);
  await factory.modelArmor().listTemplates({ parent: 'projects/p/locations/us' }, page);
  await factory.modelArmor().getFloorSetting({ name: 'projects/p/locations/global/floorSetting' });
  await factory.vertexEndpoints().listEndpoints({ parent: 'projects/p/locations/us-central1' }, page);
  await factory.vertexEndpoints().listEndpoints({ parent: 'projects/p/locations/asia-northeast1' }, page);
  await factory.vertexEndpoints().locationsClient.listLocations({ name: 'projects/p' }, page);
}

describe('GCP clients: one per API, regional requests routed by location', () => {
  it("on Google's endpoints each regional request goes to its location's host, from one client per API", async () => {
    const auth = recordingAuth();
    const calls: CallRecord[] = [];
    const factory = new GcpClientFactory(auth, undefined, (call) => calls.push(call));
    try {
      await readEverywhere(factory);
      expect(auth.urls.map((url) => `${new URL(url).host}${new URL(url).pathname}`)).toEqual([
        'modelarmor.europe-west4.rep.googleapis.com/v1/projects/p/locations/europe-west4/templates',
        'modelarmor.us.rep.googleapis.com/v1/projects/p/locations/us/templates',
        'modelarmor.googleapis.com/v1/projects/p/locations/global/floorSetting',
        'us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/endpoints',
        'asia-northeast1-aiplatform.googleapis.com/v1/projects/p/locations/asia-northeast1/endpoints',
        'aiplatform.googleapis.com/v1/projects/p/locations',
      ]);
      expect(factory.clientCount).toBe(2);
      // The request log and the allow-list see the path, whatever the host.
      expect(calls.map((call) => call.operation)).toEqual([
        'Templates_List',
        'Templates_List',
        'FloorSettings_Get',
        'Endpoints_List',
        'Endpoints_List',
        'Locations_List',
      ]);
    } finally {
      await factory.close();
    }
  });

  it('behind --gcp-endpoint every request goes to that one endpoint', async () => {
    const auth = recordingAuth();
    const factory = new GcpClientFactory(auth, gcpEndpoint('http://127.0.0.1:9'));
    try {
      await readEverywhere(factory);
      expect(new Set(auth.urls.map((url) => new URL(url).host))).toEqual(new Set(['127.0.0.1:9']));
      expect(factory.clientCount).toBe(2);
    } finally {
      await factory.close();
    }
  });
});
