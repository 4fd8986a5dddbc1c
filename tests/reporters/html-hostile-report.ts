/**
 * A hand-built report whose cloud-sourced values try every way out of HTML text: a tag with an
 * event handler, a `</script>` that would end the filters' JSON block, an attribute break-out, a
 * URL that must not be fetched, a bidirectional override. Every optional section is present, so
 * every part of the HTML reporter sees them.
 */
import type { Finding } from '../../src/engine/evaluate.ts';
import { summarise, type Report } from '../../src/report/build.ts';
import { withFingerprints } from '../../src/report/fingerprint.ts';

/** Would set `window.__pwned` if it ever ran as markup. */
export const hostileTag = '<img src=x onerror="window.__pwned=1">';
export const scriptBreakout = '</script><script>window.__pwned=2</script>';
export const attributeBreakout = `"' onmouseover="window.__pwned=3" data-x='`;
export const trackingUrl = 'https://evil.example/track.png';
export const bidiOverride = 'invoice\u202egpj.exe';

const base: Pick<Finding, 'severity' | 'reason' | 'scope' | 'region' | 'remediation' | 'references' | 'source' | 'criteria'> = {
  severity: 'high',
  reason: 'test',
  scope: { type: 'account', id: '111122223333' },
  region: 'us-east-1',
  remediation: 'Fix it.',
  references: [],
  source: { api: 'bedrock:ListGuardrails' },
  criteria: ['L2.controls'],
};

const findings: Finding[] = [
  {
    ...base,
    id: 'f000000000000001',
    ruleId: 'aws/guardrail-present',
    title: 'Every region that uses Bedrock has at least one READY guardrail',
    status: 'fail',
    provider: 'aws',
    resource: { id: `arn:aws:bedrock:us-east-1:111122223333:guardrail/${hostileTag}`, type: 'aws.bedrock.guardrail', name: hostileTag },
    message: `guardrail ${scriptBreakout} is missing`,
    references: [],
  },
  {
    ...base,
    id: 'f000000000000002',
    ruleId: 'azure/content-filter-mode',
    title: 'Content filters block rather than annotate',
    severity: 'medium',
    status: 'pass',
    provider: 'azure',
    scope: { type: 'subscription', id: attributeBreakout },
    region: `"><svg onload="window.__pwned=4">`,
    resource: { id: scriptBreakout, type: 'azure.rai-policy', name: scriptBreakout },
    message: `fetch ${trackingUrl}`,
    references: [],
  },
  {
    ...base,
    id: 'f000000000000003',
    ruleId: 'gcp/floor-setting-filters',
    title: 'Model Armor floor settings enable the filters',
    severity: 'low',
    status: 'unknown',
    provider: 'gcp',
    scope: { type: 'project', id: 'ai-prod-123' },
    resource: { id: trackingUrl, type: 'gcp.modelarmor.floor-setting', name: bidiOverride },
    message: `could not read ${hostileTag}`,
    references: [],
  },
];

export function hostileReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'aiposture', version: '0.0.0-test' },
    scan: {
      mode: 'live',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      providers: ['aws', 'azure', 'gcp'],
      scopes: [
        { provider: 'aws', type: 'account', id: '111122223333', name: hostileTag },
        { provider: 'azure', type: 'subscription', id: attributeBreakout },
      ],
    },
    maturity: {
      overall: { level: null, target: 3 },
      platforms: [
        {
          provider: 'aws',
          inUse: true,
          usage: `Bedrock used in ${hostileTag}`,
          level: 1,
          target: 3,
          criteria: [
            {
              id: 'L2.controls',
              level: 2,
              title: 'Controls exist for key deployments',
              status: 'unmet',
              summary: `no guardrail ${scriptBreakout}`,
              findings: ['f000000000000001', 'f00000000000000x'],
            },
          ],
          nextLevel: { level: 2, blockers: ['L2.controls'] },
        },
        { provider: 'azure', inUse: null, usage: `could not read ${attributeBreakout}`, level: null, target: null, criteria: [], nextLevel: null },
        { provider: 'gcp', inUse: false, usage: 'Vertex AI not used', level: null, target: null, criteria: [], nextLevel: null },
      ],
    },
    findings: withFingerprints(findings, new Set()),
    coverage: [
      {
        provider: 'aws',
        scope: { type: 'account', id: '111122223333' },
        region: 'eu-west-1',
        collector: 'bedrock:ListGuardrails',
        resourceType: 'aws.bedrock.guardrail',
        status: 'denied',
        message: `AccessDenied ${hostileTag}`,
      },
      {
        provider: 'aws',
        scope: { type: 'account', id: '111122223333' },
        region: 'us-east-1',
        collector: 'bedrock:ListGuardrails',
        resourceType: 'aws.bedrock.guardrail',
        status: 'ok',
      },
    ],
    summary: summarise(findings),
    policy: {
      file: 'aiposture.yaml',
      sha256: 'ab'.repeat(32),
      expiredExceptions: [{ rule: 'aws/agent-cmk', resource: hostileTag, reason: 'legacy', expires: '2025-01-01' }],
    },
    scopes: [
      {
        provider: 'aws',
        type: 'account',
        id: '111122223333',
        name: hostileTag,
        level: 1,
        fail: { critical: 0, high: 1, medium: 0, low: 0 },
        coverage: 'partial',
      },
    ],
    inventory: [
      {
        provider: 'aws',
        scope: { type: 'account', id: '111122223333' },
        region: 'us-east-1',
        kind: 'agent',
        id: `agent/${scriptBreakout}`,
        name: hostileTag,
        model: { provider: 'anthropic', name: trackingUrl },
        invoked: null,
        controls: [{ type: 'bedrock-guardrail', id: hostileTag, version: '1' }],
        missingControls: [],
        details: { note: attributeBreakout },
        reason: 'no metrics window',
      },
    ],
    effectiveness: [
      {
        provider: 'aws',
        window: { from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
        controls: [
          {
            id: hostileTag,
            type: 'bedrock-guardrail',
            scope: { type: 'account', id: '111122223333' },
            region: 'us-east-1',
            invocations: null,
            interventions: null,
            interventionRate: null,
            estimatedCost: null,
            flags: ['never-fires'],
            reason: `metrics denied ${scriptBreakout}`,
          },
        ],
        guardedShare: [
          {
            scope: { type: 'account', id: '111122223333' },
            region: 'us-east-1',
            target: hostileTag,
            modelInvocations: 1000,
            guardedInvocations: 250,
            share: 0.25,
            flags: ['bypassed-traffic'],
          },
        ],
      },
    ],
    history: {
      store: 'sqlite',
      scanId: 'scan-2',
      previousScanId: 'scan-1',
      previousFinishedAt: '2025-12-31T00:00:00.000Z',
      drift: { new: 1, resolved: 0, regressed: 0, stillOpen: 0, noLongerAssessed: 0, noLongerReported: 0 },
      levelChanges: [{ provider: 'aws', from: 2, to: 1 }],
      mttrDays: [],
      slaBreaches: [
        { fingerprint: 'fp', ruleId: 'aws/guardrail-present', resource: { id: hostileTag }, openSince: '2025-11-01T00:00:00.000Z', days: 61, slaDays: 14 },
      ],
      changes: [
        {
          fingerprint: 'fp',
          ruleId: 'aws/guardrail-present',
          provider: 'aws',
          severity: 'high',
          resource: { id: scriptBreakout },
          state: 'new',
          before: null,
          after: 'fail',
        },
      ],
      notCompared: 0,
      coverageLost: 1,
      precision: { scans: 2, medianScanIntervalDays: 1, note: 'MTTR is measured on scan times.' },
    },
  };
}
