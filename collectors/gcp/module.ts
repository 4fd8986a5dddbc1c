/**
 * The GCP half of the provider module: CLI options, collection (SDKs load only when GCP is
 * scanned), the least-privilege custom role and the demo wiring.
 */
import type { CollectorModule } from '../../src/collect/collector.ts';
import { listParser } from '../../src/collect/collector.ts';
import type { GcpCollectOptions } from './index.ts';
import { gcpEndpoint } from './endpoint.ts';
import { gcpLeastPrivilegeRole } from './operations.ts';
import { rememberSecret } from '../../src/secrets.ts';

export const gcpCollector: CollectorModule<GcpCollectOptions> = {
  id: 'gcp',
  displayName: 'GCP Vertex AI',
  scopeType: 'project',
  cliOptions: [
    {
      flags: '--projects <list>',
      description: 'GCP project ids, comma-separated',
      parse: listParser('--projects', /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id'),
    },
    { flags: '--organization <id>', description: 'GCP organization id: scan every project under it' },
    {
      flags: '--folders <list>',
      description: 'GCP folder ids, comma-separated: scan every project under them',
      parse: listParser('--folders', /^(folders\/)?\d+$/, 'a GCP folder id'),
    },
    { flags: '--gcp-endpoint <url>', description: 'one base URL for every Google API (proxies, emulators; http only for loopback)' },
    {
      flags: '--gcp-locations <list>',
      description: 'Model Armor template locations (default: every documented regional endpoint)',
      parse: listParser('--gcp-locations', /^[a-z]+[a-z0-9-]*$/, 'a GCP location'),
    },
  ],
  optionsFromFlags(flags) {
    const endpoint = flags.gcpEndpoint as string | undefined;
    gcpEndpoint(endpoint);
    return {
      ...(flags.projects ? { projects: flags.projects as string[] } : {}),
      ...(flags.organization ? { organization: flags.organization as string } : {}),
      ...(flags.folders ? { folders: flags.folders as string[] } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(flags.gcpLocations ? { locations: flags.gcpLocations as string[] } : {}),
    };
  },
  async collect(options) {
    const { collectGcp } = await import('./index.ts');
    const { gcpAuthClient } = await import('./clients.ts');
    // Credentials that cannot be loaded are the collector's to report (exit 3 for this provider).
    const authClient = options.authClient ?? (await gcpAuthClient().catch(() => undefined));
    if (!authClient) return collectGcp(options);
    // The access token the clients will send is remembered, so no report or log can echo it.
    const token = await authClient.getAccessToken().catch(() => undefined);
    rememberSecret(token?.token);
    return collectGcp({ ...options, authClient });
  },
  permissions: gcpLeastPrivilegeRole,
  async demoOptions(cloudUrl, estate) {
    const { OAuth2Client } = await import('google-auth-library');
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'demo-token' });
    const projects = ((estate as { projects?: Array<{ projectId: string }> } | undefined)?.projects ?? []).map((project) => project.projectId);
    return { endpoint: cloudUrl, authClient, projects };
  },
};
