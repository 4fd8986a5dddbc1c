/**
 * Finding fingerprints: what is identity (rule, provider, scope, region, resource; IaC file and
 * address) and what is not (message, reason, severity, status, ids, times).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/evaluate.ts';
import { fingerprintComponents, fingerprintOf, withFingerprints } from '../../src/report/fingerprint.ts';
import { registry } from '../../src/providers.ts';

const base: Finding = {
  id: 'a1',
  ruleId: 'azure/local-auth-disabled',
  title: 't',
  severity: 'high',
  status: 'fail',
  reason: 'local-auth-enabled',
  provider: 'azure',
  scope: { type: 'subscription', id: '00000000-0000-0000-0000-000000000001' },
  region: 'eastus',
  resource: {
    id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso',
    type: 'azure.cognitive-account',
  },
  message: 'local auth is enabled',
  remediation: 'r',
  references: [],
  source: { api: 'Accounts_List' },
  criteria: [],
};

const print = (finding: Finding) => withFingerprints([finding], registry.caseInsensitiveProviders)[0]?.fingerprint;

describe('fingerprints', () => {
  it('ignore message, reason, severity, status, id, title and source api', () => {
    const same = {
      ...base,
      id: 'b2',
      message: 'other words',
      reason: 'other-reason',
      severity: 'low',
      status: 'pass',
      title: 'x',
      source: { api: 'Accounts_Get' },
    } as Finding;
    expect(print(same)).toBe(print(base));
    expect(print(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['rule', { ruleId: 'azure/diagnostic-logs' }],
    ['provider', { provider: 'gcp' }],
    ['scope', { scope: { type: 'subscription', id: '00000000-0000-0000-0000-000000000002' } }],
    ['region', { region: 'westeurope' }],
    ['resource', { resource: { ...base.resource, id: `${base.resource.id}2` } }],
  ] as const)('change with the %s', (_what, change) => {
    expect(print({ ...base, ...change } as Finding)).not.toBe(print(base));
  });

  it('fold the case of Azure Resource Manager ids, and only those', () => {
    const shouted = { ...base, resource: { ...base.resource, id: base.resource.id.toUpperCase() } };
    expect(print(shouted)).toBe(print(base));
    const aws = { ...base, provider: 'aws', ruleId: 'aws/agent-cmk', resource: { id: 'arn:aws:bedrock:us-east-1:1:agent/AbC', type: 'aws.bedrock.agent' } };
    expect(print({ ...aws, resource: { ...aws.resource, id: 'arn:aws:bedrock:us-east-1:1:agent/abc' } })).not.toBe(print(aws));
  });

  it('of IaC findings are the file and the address, not the line', () => {
    const iac = { ...base, scope: { type: 'iac', id: 'main.json' }, region: null, source: { file: 'main.json', line: 10, address: 'account' } } as Finding;
    const moved = { ...iac, source: { file: 'main.json', line: 42, address: 'account' } } as Finding;
    expect(print(moved)).toBe(print(iac));
    expect(fingerprintComponents(iac, false).resourceUid).toBe('iac:main.json#account');
    expect(print({ ...iac, source: { file: 'other.json', line: 10, address: 'account' } } as Finding)).not.toBe(print(iac));
  });

  it('are the sha256 of the documented canonical form (changing it orphans every stored history)', () => {
    const canonical = '["aiposture-fp/1","r","p","s","global","u"]';
    expect(fingerprintOf({ ruleId: 'r', provider: 'p', scopeId: 's', location: 'global', resourceUid: 'u' })).toBe(
      createHash('sha256').update(canonical).digest('hex'),
    );
  });
});
