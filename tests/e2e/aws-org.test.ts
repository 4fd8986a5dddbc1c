/**
 * Organisation-scale AWS scans (spec §13) through the real SDK clients against the fake cloud
 * serving a whole AWS Organization (fixtures/estates/aws-org.yaml): ListAccounts paging, one
 * AssumeRole per member account, denied and non-ACTIVE accounts in coverage, shards, renewal of
 * short-lived sessions, and the CLI flags.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { estatePath, staticCredentials } from './helpers.ts';
import { runMain } from './in-process.ts';
import { loadEstate, startFakeCloud } from '../../fakecloud/server.ts';
import { fakeAwsJournal, type FakeAwsJournal } from '../../fakecloud/aws.ts';
import type { AwsEstate } from '../../fakecloud/aws-estate.ts';
import { awsOperations } from '../../collectors/aws/operations.ts';
import { runScan, type ScanResult } from '../../src/scan.ts';
import { registry } from '../../src/providers.ts';
import { defaultPolicy } from '../../src/policy/policy-file.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { ProgressTally } from '../../src/collect/progress.ts';
import type { Shard } from '../../src/collect/shard.ts';
import { scrubSecrets } from '../../src/secrets.ts';
import { reportSchema } from '../../src/report/schema.ts';
import type { Report } from '../../src/report/build.ts';
import { ScanAbortedError } from '../../src/errors.ts';

const management = '123456789012';
const prod = '210987654321';
const sandbox = '333344445555';
const denied = '444455556666';
const suspended = '555566667777';
const pending = '666677778888';
const externalId = 'aiposture-7c1f4e';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateReport = ajv.compile(reportSchema(registry.providers.map((provider) => provider.id)) as object);

interface OrgScan extends ScanResult {
  journal: FakeAwsJournal;
  served: Array<{ operation: string; status: number }>;
}

interface OrgScanOptions {
  org?: boolean;
  accounts?: string[];
  externalId?: string | null;
  shard?: Shard;
  progress?: ProgressTally;
  edit?: (estate: AwsEstate) => void;
}

/** Serves aws-org.yaml and scans it as its management account: `--org --assume-role AiPostureReadOnly --external-id …` unless told otherwise. */
async function scanOrg(options: OrgScanOptions = {}): Promise<OrgScan> {
  const estate = await loadEstate(estatePath('aws-org.yaml'));
  options.edit?.(estate);
  const cloud = await startFakeCloud({ aws: estate });
  try {
    const result = await runScan({
      mode: 'live',
      registry,
      providers: ['aws'],
      policy: defaultPolicy(defaultBaseline),
      collectOptions: {
        aws: {
          endpoint: cloud.url,
          region: 'us-east-1',
          credentials: staticCredentials,
          ...(options.accounts ? { accounts: options.accounts } : { org: options.org ?? true }),
          assumeRole: 'AiPostureReadOnly',
          ...(options.externalId === null ? {} : { externalId: options.externalId ?? externalId }),
        },
      },
      common: {
        scheduler: { baseDelayMs: 1 },
        ...(options.shard ? { shard: options.shard } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
      },
    });
    return { ...result, journal: fakeAwsJournal(estate), served: [...cloud.requests] };
  } finally {
    await cloud.close();
  }
}

const findingsIn = (report: Report, account: string, ruleId?: string) =>
  report.findings.filter((finding) => finding.scope.id === account && (ruleId === undefined || finding.ruleId === ruleId));
const coverageOf = (report: Report, account: string) => report.coverage.filter((entry) => entry.scope.id === account && entry.scope.type === 'account');
const sessionsPerAccount = (journal: FakeAwsJournal) => {
  const counts: Record<string, number> = {};
  for (const session of journal.sessions) counts[session.account] = (counts[session.account] ?? 0) + 1;
  return counts;
};

describe('AWS organisation scan (--org) against the fake AWS Organization', () => {
  it('scans every ACTIVE account with its own findings; the denied one is a denied coverage entry, the others say their state', async () => {
    const { report, journal, served, calls } = await scanOrg();
    expect(validateReport(JSON.parse(JSON.stringify(report))), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.scan.scopes.map((scope) => [scope.id, scope.name])).toEqual([
      [management, 'management'],
      [prod, 'ai-prod'],
      [sandbox, 'ai-sandbox'],
      [denied, 'data-platform'],
    ]);

    // ai-prod: Level-3 controls pass in us-east-1; ai-sandbox: an unguarded agent, no guardrail, no logging.
    const status = (account: string, ruleId: string, region: string | null = 'us-east-1') =>
      findingsIn(report, account, ruleId)
        .filter((finding) => finding.region === region)
        .map((finding) => finding.status);
    expect(status(prod, 'aws/guardrail-present')).toEqual(['pass']);
    expect(status(prod, 'aws/agent-guardrail')).toEqual(['pass']);
    expect(status(prod, 'aws/invocation-logging')).toEqual(['pass']);
    expect(status(prod, 'aws/enforced-guardrail')).toEqual(['pass']);
    expect(status(sandbox, 'aws/guardrail-present')).toEqual(['fail']);
    expect(status(sandbox, 'aws/agent-guardrail')).toEqual(['fail']);
    expect(status(sandbox, 'aws/invocation-logging')).toEqual(['fail']);
    expect(findingsIn(report, prod, 'aws/agent-guardrail')[0]?.resource.id).toBe(`arn:aws:bedrock:us-east-1:${prod}:agent/PR0DAGENT1`);
    // The management account (no Bedrock) is read with the caller's own credentials and shows no Bedrock failure.
    expect(findingsIn(report, management).filter((finding) => finding.status === 'fail')).toEqual([]);
    expect(coverageOf(report, management).filter((entry) => entry.status !== 'ok')).toEqual([]);

    // The account whose role cannot be assumed: one denied entry naming the role and the reason; nothing of it passes.
    expect(coverageOf(report, denied)).toEqual([
      {
        provider: 'aws',
        scope: { type: 'account', id: denied },
        region: null,
        collector: 'sts:AssumeRole',
        resourceType: 'aws.account',
        status: 'denied',
        message: expect.stringMatching(
          new RegExp(`^role arn:aws:iam::${denied}:role/AiPostureReadOnly could not be assumed: AccessDenied: .*not authorized to perform: sts:AssumeRole`),
        ),
      },
    ]);
    expect(findingsIn(report, denied).filter((finding) => finding.status === 'pass')).toEqual([]);

    // Accounts that are not ACTIVE are listed with their State (not the retired Status, which reads ACTIVE for the pending one) and not scanned.
    expect(coverageOf(report, suspended)).toEqual([expect.objectContaining({ status: 'unsupported', collector: 'organizations:ListAccounts' })]);
    expect(coverageOf(report, suspended)[0]?.message).toMatch(/is SUSPENDED in AWS Organizations: only ACTIVE accounts are scanned/);
    expect(coverageOf(report, pending)[0]?.message).toMatch(/is PENDING_ACTIVATION/);
    expect(findingsIn(report, suspended)).toEqual([]);

    // Exactly one AssumeRole per member account scanned, none into the scan's own account; no request reaches an unscanned account.
    expect(sessionsPerAccount(journal)).toEqual({ [prod]: 1, [sandbox]: 1 });
    expect(journal.sessions.every((session) => session.externalId === externalId && session.roleSessionName === 'aiposture')).toBe(true);
    const assumeRoles = served.filter((request) => request.operation === 'AssumeRole');
    expect(assumeRoles.map((request) => request.status).sort()).toEqual([200, 200, 403]);
    expect(new Set(journal.served.map((entry) => entry.account))).toEqual(new Set([management, prod, sandbox]));
    // ListAccounts paged through all five pages, two of them empty.
    expect(served.filter((request) => request.operation === 'ListAccounts')).toHaveLength(5);
    // Every call is on the read-only allow-list.
    const allowed = new Set(awsOperations.map((entry) => entry.operation));
    for (const call of calls) expect(allowed.has(call.operation), call.operation).toBe(true);
  });

  it('starts scanning an account as soon as its ListAccounts page arrives, not after the whole list', async () => {
    const { journal } = await scanOrg({
      edit: (estate) => {
        if (estate.organization) estate.organization.pageSize = 1;
      },
    });
    const order = journal.served.map((entry) => `${entry.account}:${entry.operation}`);
    const lastPage = order.lastIndexOf(`${management}:ListAccounts`);
    expect(order.filter((entry) => entry.endsWith(':ListAccounts'))).toHaveLength(11);
    expect(order.indexOf(`${management}:AssumeRole`)).toBeGreaterThan(-1);
    expect(order.indexOf(`${management}:AssumeRole`)).toBeLessThan(lastPage);
    expect(order.findIndex((entry) => entry.startsWith(`${prod}:`))).toBeLessThan(lastPage);
  });

  it('reports progress: accounts and regions planned and done, requests sent', async () => {
    const progress = new ProgressTally();
    await scanOrg({ progress });
    const aws = progress.byProvider.get('aws');
    expect(aws?.scopes).toEqual({ planned: 4, done: 4 });
    // management: us-east-1; ai-prod: us-east-1, eu-west-1; ai-sandbox: us-east-1.
    expect(aws?.regions).toEqual({ planned: 4, done: 4 });
    expect(aws?.calls).toBeGreaterThan(20);
  });

  it('shards 1/2 and 2/2 are disjoint and together cover every account; roles are assumed only in the shard’s accounts', async () => {
    const one = await scanOrg({ shard: { index: 1, count: 2 } });
    const two = await scanOrg({ shard: { index: 2, count: 2 } });
    const accountsOf = (scan: OrgScan) =>
      new Set([
        ...scan.report.scan.scopes.map((scope) => scope.id),
        ...scan.report.coverage.filter((entry) => entry.scope.type === 'account').map((entry) => entry.scope.id),
      ]);
    const first = accountsOf(one);
    const second = accountsOf(two);
    expect(first.size).toBeGreaterThan(0);
    expect(second.size).toBeGreaterThan(0);
    expect([...first].filter((id) => second.has(id))).toEqual([]);
    expect(new Set([...first, ...second])).toEqual(new Set([management, prod, sandbox, denied, suspended, pending]));
    for (const scan of [one, two]) {
      const inShard = accountsOf(scan);
      for (const session of scan.journal.sessions) expect(inShard.has(session.account)).toBe(true);
      for (const finding of scan.report.findings.filter((entry) => entry.scope.type === 'account')) expect(inShard.has(finding.scope.id)).toBe(true);
    }
    expect(Object.keys(sessionsPerAccount(one.journal)).length + Object.keys(sessionsPerAccount(two.journal)).length).toBe(2);
  });

  it('a role whose trust policy requires an external id is denied without it, or with another', async () => {
    for (const given of [null, 'someone-elses-id']) {
      const { report, journal } = await scanOrg({ externalId: given });
      for (const account of [prod, sandbox, denied]) {
        expect(
          coverageOf(report, account).map((entry) => [entry.collector, entry.status]),
          `${account} with ${given}`,
        ).toEqual([['sts:AssumeRole', 'denied']]);
        expect(findingsIn(report, account).filter((finding) => finding.status === 'pass')).toEqual([]);
      }
      expect(journal.sessions).toEqual([]);
      // The scan's own account is still read.
      expect(coverageOf(report, management).every((entry) => entry.status === 'ok')).toBe(true);
    }
  });

  it('renews a session before it expires during the scan instead of failing, without assuming the role per request', async () => {
    const { report, journal } = await scanOrg({
      edit: (estate) => {
        const account = estate.organization?.accounts?.find((entry) => entry.Id === prod);
        if (!account) throw new Error('ai-prod missing');
        account.role.credentialLifetimeSeconds = 1;
        // Each request to ai-prod takes 150 ms: reading it outlasts several 1-second sessions.
        account.estate.latencyMs = 150;
      },
    });
    const prodRequests = journal.served.filter((entry) => entry.account === prod);
    // Every request reached the account with valid credentials: none refused (only "no effective BEDROCK_POLICY" is a 400).
    expect(prodRequests.filter((entry) => entry.status >= 400 && entry.operation !== 'DescribeEffectivePolicy')).toEqual([]);
    expect(coverageOf(report, prod).filter((entry) => entry.status !== 'ok')).toEqual([]);
    // Renewed while the scan ran, but not per request; the other member's hour-long session once.
    const perAccount = sessionsPerAccount(journal);
    expect(perAccount[prod]).toBeGreaterThanOrEqual(2);
    expect(perAccount[prod]).toBeLessThan(prodRequests.length / 4);
    expect(perAccount[sandbox]).toBe(1);
    expect(findingsIn(report, prod, 'aws/guardrail-present').map((finding) => finding.status)).toEqual(['pass']);
    // The sessions' secrets were remembered: no report or log line can carry them.
    for (const session of journal.sessions) {
      expect(scrubSecrets(`x ${session.secretAccessKey} y`)).toBe('x [REDACTED] y');
      expect(scrubSecrets(session.sessionToken)).toBe('[REDACTED]');
    }
  });

  it('--accounts scans exactly those accounts: its own with its own credentials, the others through the role; no ListAccounts', async () => {
    const { report, journal, served } = await scanOrg({ accounts: [prod, management] });
    expect(report.scan.scopes.map((scope) => scope.id)).toEqual([prod, management]);
    expect(sessionsPerAccount(journal)).toEqual({ [prod]: 1 });
    expect(served.filter((request) => request.operation === 'ListAccounts')).toEqual([]);
    expect(findingsIn(report, prod, 'aws/guardrail-present').map((finding) => finding.status)).toEqual(['pass']);
  });

  it('ListAccounts and AssumeRole go through the scheduler: a throttled page or AssumeRole is sent again by itself', async () => {
    const { report, journal, served } = await scanOrg({
      edit: (estate) => {
        estate.faults.push(
          { service: 'organizations', operation: 'ListAccounts', error: 'TooManyRequestsException', after: 2, times: 1 },
          { service: 'sts', operation: 'AssumeRole', error: 'Throttling', times: 1 },
        );
      },
    });
    expect(served.filter((request) => request.operation === 'ListAccounts').map((request) => request.status)).toEqual([200, 200, 400, 200, 200, 200]);
    expect(served.filter((request) => request.operation === 'AssumeRole' && request.status === 400)).toHaveLength(1);
    expect(report.scan.scopes.map((scope) => scope.id)).toEqual([management, prod, sandbox, denied]);
    expect(sessionsPerAccount(journal)).toEqual({ [prod]: 1, [sandbox]: 1 });
    expect(report.coverage.filter((entry) => entry.status === 'error')).toEqual([]);
  });

  it('a ListAccounts page that keeps failing: the accounts listed before it are scanned, the organisation’s coverage says the list broke off', async () => {
    const { report } = await scanOrg({
      edit: (estate) => {
        estate.faults.push({ service: 'organizations', operation: 'ListAccounts', error: 'AccessDeniedException', after: 2 });
      },
    });
    expect(report.scan.scopes.map((scope) => scope.id)).toEqual([management, prod]);
    expect(report.coverage.filter((entry) => entry.scope.type === 'organization')).toEqual([
      expect.objectContaining({
        scope: { type: 'organization', id: 'o-7k2m9q4x1z' },
        collector: 'organizations:ListAccounts',
        status: 'denied',
        message: expect.stringMatching(/^the account list broke off after 2 pages: accounts listed later are not scanned \(AccessDeniedException/),
      }),
    ]);
    expect(findingsIn(report, prod, 'aws/guardrail-present').map((finding) => finding.status)).toEqual(['pass']);
  });

  it('a caller that cannot list the organisation’s accounts cannot run an --org scan (exit 3), and says why', async () => {
    const estate = await loadEstate(estatePath('aws-level1.yaml'));
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const scan = runScan({
        mode: 'live',
        registry,
        providers: ['aws'],
        policy: defaultPolicy(defaultBaseline),
        collectOptions: { aws: { endpoint: cloud.url, credentials: staticCredentials, org: true, assumeRole: 'AiPostureReadOnly' } },
        common: { scheduler: { baseDelayMs: 1 } },
      });
      await expect(scan).rejects.toThrow(ScanAbortedError);
      await expect(scan).rejects.toThrow(/--org: the organisation's accounts could not be listed \(AWSOrganizationsNotInUseException/);
    } finally {
      await cloud.close();
    }
  });
});

describe('AWS organisation scan through the CLI', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const env = { AWS_ACCESS_KEY_ID: 'AKIDTESTLOOPBACK', AWS_SECRET_ACCESS_KEY: 'loopback-secret', AWS_REGION: 'us-east-1' };

  it('scan --provider aws --org --assume-role … --external-id … writes one report over every account', async () => {
    const estate = await loadEstate(estatePath('aws-org.yaml'));
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const run = await runMain(
        [
          'scan',
          '--provider',
          'aws',
          '--org',
          '--assume-role',
          'AiPostureReadOnly',
          '--external-id',
          externalId,
          '--role-session-name',
          'nightly-posture',
          '--aws-endpoint',
          cloud.url,
          '--format',
          'json',
          '--quiet',
        ],
        env,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.scan.scopes.map((scope) => scope.id)).toEqual([management, prod, sandbox, denied]);
      expect(coverageOf(report, denied).map((entry) => [entry.collector, entry.status])).toEqual([['sts:AssumeRole', 'denied']]);
      expect(coverageOf(report, suspended).map((entry) => entry.status)).toEqual(['unsupported']);
      expect(findingsIn(report, sandbox, 'aws/agent-guardrail').map((finding) => finding.status)).toEqual(['fail']);
      const { sessions } = fakeAwsJournal(estate);
      expect(sessions.map((session) => [session.account, session.roleSessionName]).sort()).toEqual([
        [prod, 'nightly-posture'],
        [sandbox, 'nightly-posture'],
      ]);
      for (const session of sessions) {
        expect(run.stdout).not.toContain(session.secretAccessKey);
        expect(run.stdout).not.toContain(session.sessionToken);
      }
    } finally {
      await cloud.close();
    }
  });

  it('--shard 1/2 and 2/2 through the CLI split the accounts between the two reports', async () => {
    const estate = await loadEstate(estatePath('aws-org.yaml'));
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const ids: string[][] = [];
      for (const shard of ['1/2', '2/2']) {
        const run = await runMain(
          [
            'scan',
            '--provider',
            'aws',
            '--org',
            '--assume-role',
            'AiPostureReadOnly',
            '--external-id',
            externalId,
            '--aws-endpoint',
            cloud.url,
            '--shard',
            shard,
            '--format',
            'json',
            '--quiet',
          ],
          env,
        );
        expect(run.code, run.stderr).toBe(0);
        const report = JSON.parse(run.stdout) as Report;
        ids.push(
          [
            ...new Set([
              ...report.scan.scopes.map((scope) => scope.id),
              ...report.coverage.filter((entry) => entry.scope.type === 'account').map((entry) => entry.scope.id),
            ]),
          ].sort(),
        );
      }
      expect(ids).toEqual([[management, prod], [sandbox, denied, suspended, pending].sort()]);
      expect(sessionsPerAccount(fakeAwsJournal(estate))).toEqual({ [prod]: 1, [sandbox]: 1 });
    } finally {
      await cloud.close();
    }
  });

  it.each([
    [['--org'], /^aiposture: --org requires --assume-role ROLE_NAME/],
    [['--accounts', '210987654321'], /^aiposture: --accounts requires --assume-role ROLE_NAME/],
    [['--accounts', '2109876543', '--assume-role', 'AiPostureReadOnly'], /^aiposture: --accounts: "2109876543" is not a 12-digit AWS account id/],
    [['--org', '--accounts', '210987654321', '--assume-role', 'AiPostureReadOnly'], /^aiposture: --org and --accounts are alternatives/],
    [['--org', '--assume-role', 'arn:aws:iam::210987654321:role/AiPostureReadOnly'], /^aiposture: --assume-role: expected the role's name/],
    [['--org', '--assume-role', 'AiPostureReadOnly', '--external-id', 'x'], /^aiposture: --external-id: expected 2 to 1224 characters/],
    [['--assume-role', 'AiPostureReadOnly'], /^aiposture: --assume-role applies with --org or --accounts/],
    [['--org', '--assume-role', 'AiPostureReadOnly', '--role-session-name', 'a b'], /^aiposture: --role-session-name: "a b" is not a session name/],
  ])('%j is bad usage: exit 2, one line, nothing scanned', async (flags, message) => {
    const run = await runMain(['scan', '--provider', 'aws', '--aws-endpoint', 'http://127.0.0.1:9', ...flags], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});
