/**
 * A 200 whose body is not the API's answer — an HTML page from a proxy, an empty body, JSON cut
 * off midway — is a failed read: a coverage `error` and `unknown` verdicts, never an OK listing
 * that reads as "none". Each provider checks the shape of every answer where its listing helper
 * receives it (AWS: the checked client every command and paginator page passes through; Azure:
 * the `onResponse` check handed to each list and get call; GCP: each page and message).
 */
import { describe, expect, it } from 'vitest';
import { awsOperations } from '../../collectors/aws/operations.ts';
import { awsResponseShapes, checkedOutput } from '../../collectors/aws/normalise.ts';
import { armShapes, checkArmAnswer } from '../../collectors/azure/normalise.ts';
import { loadEstateFile, startFakeCloud, type FakeCloudEstate } from '../../fakecloud/server.ts';
import type { BodyFault } from '../../fakecloud/body-faults.ts';
import type { Report } from '../../src/report/build.ts';
import { azureToken, estatePath, scanEstateFile } from './helpers.ts';

type Provider = 'aws' | 'azure' | 'gcp';

/** Adds one fault to a provider's section of the estate. */
const withFault =
  (provider: Provider, fault: Record<string, unknown>) =>
  (estate: FakeCloudEstate): void => {
    (estate[provider] as { faults: unknown[] }).faults.push(fault);
  };

const coverageOf = (report: Report, collector: string) => report.coverage.filter((entry) => entry.collector === collector);
const platform = (report: Report, provider: string) => report.maturity?.platforms.find((entry) => entry.provider === provider);

describe('the fake cloud serves body faults', () => {
  it.for([
    ['html', /^<!DOCTYPE html>/, 'text/html; charset=utf-8'],
    ['empty', /^$/, 'application/json; charset=utf-8'],
    ['truncated', /^\{"value":\[/, 'application/json; charset=utf-8'],
  ] as const)('%s: HTTP 200 with that body, then the normal answer', async ([body, text, contentType]) => {
    const { azure } = await loadEstateFile(estatePath('demo.yaml'));
    if (azure === undefined) throw new Error('demo.yaml has an azure section');
    azure.faults.push({ operation: 'Accounts_List', body, times: 1 });
    const cloud = await startFakeCloud({ azure });
    try {
      const subscriptionId = azure.subscriptions[0]?.subscriptionId ?? '';
      const url = `${cloud.url}/subscriptions/${subscriptionId}/providers/Microsoft.CognitiveServices/accounts?api-version=2024-10-01`;
      const headers = { authorization: `Bearer ${(await azureToken.getToken()).token}` };
      const faulted = await fetch(url, { headers });
      expect(faulted.status).toBe(200);
      expect(faulted.headers.get('content-type')?.toLowerCase()).toBe(contentType.toLowerCase());
      const received = await faulted.text();
      expect(received).toMatch(text);
      if (body === 'truncated') expect(() => JSON.parse(received) as unknown).toThrow();
      // `times: 1`: the next request is answered normally.
      const normal = (await (await fetch(url, { headers })).json()) as { value: unknown[] };
      expect(normal.value).toHaveLength(2);
    } finally {
      await cloud.close();
    }
  });
});

describe('Azure: an unexpected 200 body is an error, not an empty list', () => {
  it.for(['html', 'empty'] as const)(
    'deployments listing answered with %s: coverage error naming the account, unknown verdicts, no silent pass',
    async (body) => {
      const { report } = await scanEstateFile('demo.yaml', ['azure'], { edit: withFault('azure', { operation: 'Deployments_List', body }) });
      const listings = coverageOf(report, 'Deployments_List');
      expect(listings.length).toBe(2);
      for (const entry of listings) {
        expect(entry.status).toBe('error');
        expect(entry.message).toMatch(/UnexpectedResponse: account \/subscriptions\/.*\/accounts\/contoso-.*: Deployments_List answered HTTP 200 with /);
      }
      // Without the deployments, which content filters are in use is unknown, not "none".
      const harm = report.findings.filter((finding) => finding.ruleId === 'azure/content-filter-harm-categories');
      expect(harm.some((finding) => finding.status === 'unknown')).toBe(true);
      expect(report.findings.filter((finding) => finding.ruleId === 'azure/deployment-custom-content-filter' && finding.status === 'unknown')).not.toEqual([]);
    },
  );

  it.for(['html', 'empty'] as const)('accounts listing answered with %s: Azure use is unknown (not "not in use")', async (body) => {
    const { report } = await scanEstateFile('demo.yaml', ['azure'], { edit: withFault('azure', { operation: 'Accounts_List', body }) });
    expect(coverageOf(report, 'Accounts_List')).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringMatching(/^UnexpectedResponse: Accounts_List answered HTTP 200 with /) }),
    ]);
    expect(platform(report, 'azure')).toMatchObject({ inUse: null });
  });

  it('a Defender plan answered with an empty body is an error (not the Free tier or "none")', async () => {
    const { report } = await scanEstateFile('demo.yaml', ['azure'], { edit: withFault('azure', { operation: 'Pricings_Get', body: 'empty' }) });
    expect(coverageOf(report, 'Pricings_Get')).toEqual([expect.objectContaining({ status: 'error', message: expect.stringMatching(/empty body/) })]);
  });
});

describe('AWS: an unexpected 200 body is an error, not "none"', () => {
  it('guardrails listing answered with an empty body: coverage error in every region, unknown guardrail verdicts', async () => {
    const { report } = await scanEstateFile('demo.yaml', ['aws'], { edit: withFault('aws', { operation: 'ListGuardrails', body: 'empty' }) });
    const listings = coverageOf(report, 'bedrock:ListGuardrails');
    expect(listings.length).toBeGreaterThan(0);
    expect(
      listings.every(
        (entry) => entry.status === 'error' && /UnexpectedResponse: ListGuardrails answered HTTP 200 with an empty body/.test(entry.message ?? ''),
      ),
    ).toBe(true);
    expect(report.findings.filter((finding) => finding.ruleId === 'aws/guardrail-present' && finding.status === 'pass')).toEqual([]);
  });

  it('invocation logging answered with an empty body is an error, not "logging disabled"', async () => {
    const { report } = await scanEstateFile('demo.yaml', ['aws'], {
      edit: withFault('aws', { region: 'us-east-1', operation: 'GetModelInvocationLoggingConfiguration', body: 'empty' }),
    });
    expect(coverageOf(report, 'bedrock:GetModelInvocationLoggingConfiguration').filter((entry) => entry.region === 'us-east-1')).toEqual([
      expect.objectContaining({ status: 'error' }),
    ]);
    const logging = report.findings.filter((finding) => finding.ruleId === 'aws/invocation-logging' && finding.region === 'us-east-1');
    expect(logging.map((finding) => finding.status)).toEqual(['unknown']);
  });

  it.for(['html', 'empty'] as const)('region discovery answered with %s is an error (no silent scan of no region)', async (body) => {
    const { report } = await scanEstateFile('demo.yaml', ['aws'], { edit: withFault('aws', { operation: 'DescribeRegions', body }) });
    expect(coverageOf(report, 'ec2:DescribeRegions')).toEqual([
      expect.objectContaining({
        status: 'error',
        message: expect.stringMatching(/Enabled regions not discoverable.*UnexpectedResponse: DescribeRegions answered/),
      }),
    ]);
    // It falls back to every Bedrock region, so the regions the estate uses are still read.
    expect(coverageOf(report, 'bedrock:ListGuardrails').some((entry) => entry.region === 'us-east-1' && entry.status === 'ok')).toBe(true);
  });
});

describe('every provider: a cut-off or HTML body fails the listing', () => {
  const cases: Array<[Provider, string, BodyFault, Record<string, unknown>]> = [];
  for (const body of ['html', 'empty', 'truncated'] as const) {
    cases.push(['aws', 'bedrock-agent:ListAgents', body, { region: 'us-east-1', operation: 'ListAgents' }]);
    cases.push(['azure', 'RaiPolicies_List', body, { operation: 'RaiPolicies_List' }]);
    cases.push(['gcp', 'Templates_List', body, { location: 'us-central1', operation: 'Templates_List' }]);
  }
  it.for(cases)('%s %s answered with %s', async ([provider, collector, body, fault]) => {
    const { report } = await scanEstateFile('demo.yaml', [provider], { edit: withFault(provider, { ...fault, body }) });
    const region = (fault.region ?? fault.location) as string | undefined;
    const listings = coverageOf(report, collector).filter((entry) => region === undefined || entry.region === region);
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.filter((entry) => entry.status !== 'error')).toEqual([]);
  });
});

describe('response shapes', () => {
  it('every AWS operation on the allow-list has a response shape', () => {
    expect(awsOperations.map((entry) => entry.operation).filter((operation) => awsResponseShapes[operation] === undefined)).toEqual([]);
  });

  it('a list answer needs its list, or is a next-token-only page; a list member left out when empty is allowed only where the API model makes it optional', () => {
    expect(checkedOutput('ListGuardrails', { guardrails: [] })).toEqual({ guardrails: [] });
    expect(checkedOutput('ListGuardrails', { nextToken: 'page-2' })).toEqual({ nextToken: 'page-2' });
    expect(() => checkedOutput('ListGuardrails', {})).toThrow(/ListGuardrails answered without the expected body \(expected the "guardrails" list/);
    expect(() => checkedOutput('ListGuardrails', { guardrails: 'none' })).toThrow(/guardrails: /);
    expect(() => checkedOutput('DescribeRegions', {})).toThrow(/Regions: /);
    expect(checkedOutput('ListCustomModels', {})).toEqual({});
    expect(() => checkedOutput('ListCustomModels', { modelSummaries: {} })).toThrow(/modelSummaries: /);
    expect(() => checkedOutput('NotAnOperation', {})).toThrow(/no response shape/);
  });

  it('an ARM answer: a JSON object with its list (or only a nextLink); error statuses are left to the SDK', () => {
    const answer = (status: number, body: unknown, text = JSON.stringify(body) ?? '') => ({
      status,
      bodyAsText: text,
      parsedBody: body,
      headers: { get: () => 'text/html' },
    });
    expect(() => checkArmAnswer('Deployments_List', armShapes.listPage, answer(200, { value: [] }))).not.toThrow();
    expect(() => checkArmAnswer('Deployments_List', armShapes.listPage, answer(200, { nextLink: 'https://example/next' }))).not.toThrow();
    expect(() => checkArmAnswer('Deployments_List', armShapes.listPage, answer(200, {}))).toThrow(/expected the "value" list/);
    expect(() => checkArmAnswer('Deployments_List', armShapes.listPage, answer(200, undefined, ''))).toThrow(/HTTP 200 with an empty body/);
    expect(() => checkArmAnswer('Deployments_List', armShapes.listPage, answer(200, undefined, '<html>'))).toThrow(/not a JSON object \(text\/html\)/);
    expect(() => checkArmAnswer('Deployments_List', armShapes.listPage, answer(403, undefined, '<html>'))).not.toThrow();
  });
});
