/**
 * The Azure half of the provider module: CLI options, collection (SDKs load only when Azure is
 * scanned), the least-privilege custom role and the demo wiring.
 */
import type { CollectorModule } from '../../src/collect/collector.ts';
import { listParser } from '../../src/collect/collector.ts';
import type { AzureCollectOptions } from './index.ts';
import { azureCredentialKinds, azureEndpoint, type AzureCredentialKind } from './endpoint.ts';
import { azureLeastPrivilegeRole } from './operations.ts';
import { rememberSecret } from '../../src/secrets.ts';
import { InputError } from '../../src/errors.ts';

/** A management group id (ARM: up to 90 characters of letters, digits, hyphens, underscores, periods and parentheses). */
const managementGroupId = /^[A-Za-z0-9_().-]{1,90}$/;

export const azureCollector: CollectorModule<AzureCollectOptions> = {
  id: 'azure',
  displayName: 'Azure OpenAI / AI Services',
  scopeType: 'subscription',
  // Resource Manager ids are case-insensitive (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules: "resource names are case-insensitive"); the API echoes them in varying case.
  caseInsensitiveIds: true,
  cliOptions: [
    {
      flags: '--subscriptions <list>',
      description: 'Azure subscription ids, comma-separated (default: every subscription the credential sees)',
      parse: listParser('--subscriptions', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an Azure subscription id (a GUID)'),
    },
    {
      flags: '--management-group <id>',
      description: 'Azure management group id: scan every subscription below it, nested groups included (with --subscriptions: only those, each below it)',
      parse: (value: string) => {
        const id = value.trim();
        if (!managementGroupId.test(id))
          throw new InputError(`--management-group: "${value}" is not a management group id (1-90 letters, digits, -, _, (, ), .)`);
        return id;
      },
    },
    { flags: '--azure-credential <kind>', description: 'Azure credential', choices: azureCredentialKinds, defaultValue: 'default' },
    { flags: '--azure-endpoint <url>', description: 'Azure Resource Manager endpoint (sovereign clouds, proxies, emulators; http only for loopback)' },
  ],
  optionsFromFlags(flags) {
    const endpoint = flags.azureEndpoint as string | undefined;
    azureEndpoint(endpoint);
    return {
      credentialKind: (flags.azureCredential as AzureCredentialKind | undefined) ?? 'default',
      ...(endpoint ? { endpoint } : {}),
      ...(flags.subscriptions ? { subscriptions: flags.subscriptions as string[] } : {}),
      ...(flags.managementGroup ? { managementGroup: flags.managementGroup as string } : {}),
    };
  },
  async collect(options) {
    const { collectAzure } = await import('./index.ts');
    const { azureCredential } = await import('./credentials.ts');
    const source =
      options.credential ?? azureCredential(options.credentialKind ?? 'default', options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
    // Every token the credential hands out is remembered, so no report or log can echo it.
    const credential: typeof source = {
      getToken: async (scopes, tokenOptions) => {
        const token = await source.getToken(scopes, tokenOptions);
        rememberSecret(token?.token);
        return token;
      },
    };
    return collectAzure({ ...options, credential });
  },
  permissions: azureLeastPrivilegeRole,
  async demoOptions(cloudUrl) {
    return { endpoint: cloudUrl, credential: { getToken: async () => ({ token: 'demo-token', expiresOnTimestamp: Date.now() + 3_600_000 }) } };
  },
};
