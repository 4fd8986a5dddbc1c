import { describe, expect, it } from 'vitest';
import { inferMaturity, levelFrom, type CriterionResult } from '../../src/maturity/infer.ts';
import { criterionIds, criterionLevel } from '../../src/model/criteria.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { runRules } from '../../src/engine/evaluate.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import { registry } from '../../src/providers.ts';
import { awsInventory, guardrail, regionActivity, invocationLogging, trail } from '../../rules/aws/case-builders.ts';
import * as azure from '../../rules/azure/case-builders.ts';
import * as gcp from '../../rules/gcp/case-builders.ts';

const { azureInventory } = azure;
const { gcpInventory } = gcp;

function criteria(statuses: Partial<Record<string, CriterionResult['status']>>): CriterionResult[] {
  return criterionIds.map((id) => ({ id, level: criterionLevel(id), title: id, status: statuses[id] ?? 'met', summary: '', findings: [] }));
}

describe('levelFrom (cumulative levels, spec §7)', () => {
  it('awards level 5 when every criterion is met or attested', () => {
    expect(levelFrom(criteria({ 'L4.measured-review': 'attested' }))).toEqual({ level: 5, nextLevel: null });
  });
  it('stops at the first level with an unmet criterion and names the blockers', () => {
    expect(levelFrom(criteria({ 'L3.iac': 'unmet', 'L3.enforcement': 'unknown', 'L4.remediation-sla': 'unmet' }))).toEqual({
      level: 2,
      nextLevel: { level: 3, blockers: ['L3.enforcement', 'L3.iac'] },
    });
  });
  it('never awards a level on unknown evidence', () => {
    expect(levelFrom(criteria({ 'L2.logging': 'unknown' })).level).toBe(1);
  });
  it('does not skip a level even when higher levels are met', () => {
    expect(levelFrom(criteria({ 'L2.controls': 'unmet' })).level).toBe(1);
  });
});

/** Rules then maturity over an inventory, through the registry as a scan does it. */
function infer(inventory: Inventory, extra: Partial<Parameters<typeof inferMaturity>[0]> = {}) {
  const evaluation = runRules(inventory, registry.rules, defaultBaseline, undefined, 'live', registry.factDerivers);
  return inferMaturity({
    providers: inventory.providers,
    modules: registry.byId,
    findings: evaluation.findings,
    facts: evaluation.facts,
    baseline: defaultBaseline,
    ...extra,
  });
}

describe('inferMaturity for AWS', () => {
  const baseInventory = () =>
    awsInventory({
      regions: ['us-east-1', 'eu-west-1'],
      resources: [
        regionActivity({ bedrockMetricNames: ['Invocations'] }),
        regionActivity({ region: 'eu-west-1', id: 'arn:aws:bedrock:eu-west-1:111122223333:activity' }),
      ],
    });

  it('reports a platform with no Bedrock use as not in use, level null', () => {
    const inventory = awsInventory({ resources: [regionActivity()] });
    const result = infer(inventory);
    expect(result.platforms[0]).toMatchObject({ provider: 'aws', inUse: false, level: null, nextLevel: null });
    expect(result.overall.level).toBeNull();
  });

  it('is Level 1 when Bedrock is used without guardrails, blocked by L2.controls and L2.logging', () => {
    const inventory = baseInventory();
    const result = infer(inventory);
    expect(result.platforms[0]?.level).toBe(1);
    expect(result.platforms[0]?.nextLevel).toEqual({ level: 2, blockers: ['L2.controls', 'L2.logging'] });
  });

  it('is Level 2 with a guardrail, invocation logging and a logging trail, and reports history criteria as unknown', () => {
    const inventory = baseInventory();
    inventory.resources.push(guardrail({ contentPolicy: null }), invocationLogging(), trail());
    const result = infer(inventory, { overallTarget: 3 });
    const aws = result.platforms[0];
    expect(aws?.level).toBe(2);
    expect(aws?.criteria.find((criterion) => criterion.id === 'L4.remediation-sla')).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('needs scan history'),
    });
    expect(aws?.nextLevel?.blockers).toContain('L3.coverage');
    expect(result.overall).toEqual({ level: 2, target: 3 });
  });

  it('accepts an attestation only for attestable criteria', () => {
    const inventory = baseInventory();
    const attestations = [
      { criterion: 'L4.measured-review' as const, statement: 'Monthly FP review', owner: 'ai-platform@example.com', date: '2026-10-01', reference: 'JIRA-1' },
      { criterion: 'L2.controls' as const, statement: 'We have guardrails', owner: 'x', date: '2026-10-01', reference: 'y' },
    ];
    const result = infer(inventory, { attestations });
    const byId = new Map(result.platforms[0]?.criteria.map((criterion) => [criterion.id, criterion]));
    expect(byId.get('L4.measured-review')?.status).toBe('attested');
    expect(byId.get('L2.controls')?.status).toBe('unmet');
  });
});

describe('L3.iac: one algorithm on every provider', () => {
  const l3iac = (inventory: Inventory) => infer(inventory).platforms[0]?.criteria.find((criterion) => criterion.id === 'L3.iac');

  it('is unknown, not unmet, when the tags that could tip the share could not be read (Azure, GCP)', () => {
    const tagged = { 'managed-by': 'terraform' };
    const azureUnread = azureInventory({ resources: [azure.account({ name: 'a', tags: tagged }), { ...azure.account({ name: 'b' }), tags: undefined }] });
    expect(l3iac(azureUnread)).toMatchObject({ status: 'unknown', summary: '50% of AI accounts carry IaC provenance; the tags of 1 could not be read.' });
    const gcpUnread = gcpInventory({ resources: [{ ...gcp.project(), tags: undefined }] });
    expect(l3iac(gcpUnread)).toMatchObject({ status: 'unknown' });
    expect(l3iac(azureInventory({ resources: [azure.account({ name: 'a', tags: {} })] }))).toMatchObject({ status: 'unmet' });
    expect(l3iac(azureInventory({ resources: [azure.account({ name: 'a', tags: tagged })] }))).toMatchObject({ status: 'met' });
  });

  it('counts AWS guardrail versions whose tags could not be read the same way', () => {
    const inventory = awsInventory({
      resources: [regionActivity({ bedrockMetricNames: ['Invocations'] }), { ...guardrail(), tags: undefined }],
    });
    expect(l3iac(inventory)).toMatchObject({ status: 'unknown', summary: '0% of guardrail versions carry IaC provenance; the tags of 1 could not be read.' });
  });
});
