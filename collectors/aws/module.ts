/**
 * The AWS half of the provider module: CLI options, collection (SDKs load only when AWS is
 * scanned), the least-privilege IAM policy and the demo wiring.
 */
import type { CollectorModule } from '../../src/collect/collector.ts';
import { listParser } from '../../src/collect/collector.ts';
import { parseEndpointUrl } from '../../src/collect/endpoint-url.ts';
import type { AwsCollectOptions } from './index.ts';
import { awsLeastPrivilegePolicy } from './operations.ts';
import {
  accountIdPattern,
  checkOrganisationOptions,
  parseExternalId,
  parseRoleName,
  parseRoleSessionName,
  type AwsOrganisationOptions,
} from './org-options.ts';
import { rememberSecret } from '../../src/secrets.ts';

export const awsCollector: CollectorModule<AwsCollectOptions> = {
  id: 'aws',
  displayName: 'AWS Bedrock',
  scopeType: 'account',
  cliOptions: [
    { flags: '--profile <name>', description: 'AWS shared-config profile (default: the SDK credential chain)' },
    {
      flags: '--regions <list>',
      description: 'AWS regions, comma-separated (default: every enabled region where Bedrock is offered)',
      parse: listParser('--regions', /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, 'an AWS region name (e.g. us-east-1)'),
    },
    {
      flags: '--aws-endpoint <url>',
      description: 'one endpoint for every AWS API (proxies, emulators; http only for loopback; default: AWS_ENDPOINT_URL or the SDK default)',
    },
    {
      flags: '--org',
      description: 'every ACTIVE account of the AWS organisation (run as the management account or a delegated administrator; needs --assume-role)',
    },
    {
      flags: '--accounts <list>',
      description: 'AWS account ids, comma-separated (needs --assume-role)',
      parse: listParser('--accounts', accountIdPattern, 'a 12-digit AWS account id'),
    },
    {
      flags: '--assume-role <name>',
      description: "the read-only role to assume in each account of --org/--accounts (its name; the scan's own account is read with its own credentials)",
      parse: parseRoleName,
    },
    { flags: '--external-id <id>', description: "the sts:ExternalId the role's trust policy requires", parse: parseExternalId },
    {
      flags: '--role-session-name <name>',
      description: "the assumed-role session's name in each account's CloudTrail (default aiposture)",
      parse: parseRoleSessionName,
    },
  ],
  optionsFromFlags(flags) {
    const endpoint = flags.awsEndpoint as string | undefined;
    const insecure = flags.insecureEndpoint === true;
    if (endpoint !== undefined) parseEndpointUrl('--aws-endpoint', endpoint, insecure);
    // The SDK reads these by itself: hold them to the same rule as the flag.
    for (const [name, value] of Object.entries(process.env)) {
      if (/^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(name) && value) parseEndpointUrl(name, value, insecure);
    }
    const organisation: AwsOrganisationOptions = {
      ...(flags.org === true ? { org: true } : {}),
      ...(flags.accounts ? { accounts: [...new Set(flags.accounts as string[])] } : {}),
      ...(flags.assumeRole !== undefined ? { assumeRole: flags.assumeRole as string } : {}),
      ...(flags.externalId !== undefined ? { externalId: flags.externalId as string } : {}),
      ...(flags.roleSessionName !== undefined ? { roleSessionName: flags.roleSessionName as string } : {}),
    };
    checkOrganisationOptions(organisation);
    return {
      ...(insecure ? { insecureEndpoint: true } : {}),
      ...(flags.profile ? { profile: flags.profile as string } : {}),
      ...(flags.regions ? { regions: flags.regions as string[] } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...organisation,
    };
  },
  async collect(options) {
    const { collectAws } = await import('./index.ts');
    const { defaultCredentials } = await import('./clients.ts');
    const source = options.credentials ?? defaultCredentials(options.profile);
    // Every credential the chain hands out is remembered, so no report or log can echo it.
    const credentials: typeof source = async (...args) => {
      const identity = await source(...args);
      rememberSecret(identity.secretAccessKey);
      rememberSecret(identity.sessionToken);
      return identity;
    };
    return collectAws({ ...options, credentials });
  },
  permissions: awsLeastPrivilegePolicy,
  async demoOptions(cloudUrl) {
    return { endpoint: cloudUrl, region: 'us-east-1', credentials: async () => ({ accessKeyId: 'AKIDDEMO', secretAccessKey: 'demo-secret' }) };
  },
};
