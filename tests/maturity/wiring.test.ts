/**
 * The rule → criterion wiring has one source, `meta.criteria`. Maturity reads findings by the
 * criteria their rules declare; where it must tell rules of one criterion apart it names them,
 * and naming a rule that does not exist (or does not declare the criterion) is an error.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/providers.ts';
import { evidence, MaturityWiringError } from '../../src/engine/evidence.ts';
import { crossCloudRuleId } from '../../src/maturity/infer.ts';
import { createRuleContext } from '../../src/engine/rule.ts';
import { defaultBaseline } from '../../src/policy/baseline.ts';
import { emptyInventory } from '../../src/model/inventory.ts';
import type { CriterionId } from '../../src/model/criteria.ts';

/** The criteria each provider's maturity reads from findings (the rest come from facts or history). */
const readFromFindings: Record<string, readonly CriterionId[]> = {
  aws: ['L2.controls', 'L2.logging', 'L3.enforcement', 'L3.drift-detection', 'L3.iac', 'L4.effectiveness-metrics', 'L5.new-capabilities', 'L5.multi-cloud'],
  azure: ['L2.controls', 'L2.logging', 'L3.enforcement', 'L4.effectiveness-metrics', 'L5.new-capabilities', 'L5.multi-cloud'],
  gcp: ['L2.controls', 'L2.logging', 'L3.enforcement', 'L3.drift-detection', 'L4.effectiveness-metrics', 'L5.multi-cloud'],
};

describe('rule → criterion wiring', () => {
  it.each(registry.providers.map((provider) => [provider.id, provider] as const))(
    '%s: every criterion maturity reads from findings has a rule that declares it',
    (id, provider) => {
      for (const criterion of readFromFindings[id] ?? []) {
        expect(
          provider.rules.filter((rule) => rule.meta.criteria.includes(criterion)).map((rule) => rule.meta.id),
          criterion,
        ).not.toEqual([]);
      }
    },
  );

  it.each(registry.providers.map((provider) => [provider.id, provider] as const))(
    '%s: the criteria evaluation names only rules of the catalogue',
    (_id, provider) => {
      const context = createRuleContext({ ...emptyInventory(), providers: [provider.id] }, defaultBaseline, registry.factDerivers);
      const facts = context.facts(provider.id);
      expect(facts).toBeDefined();
      if (!facts) return;
      expect(() => provider.criteria({ findings: [], rules: provider.rules.map((rule) => rule.meta), facts, baseline: defaultBaseline })).not.toThrow();
    },
  );

  it('fails when maturity names a rule that does not exist or does not declare the criterion', () => {
    const rules = registry.byId.get('aws')?.rules.map((rule) => rule.meta) ?? [];
    const whats = { 'aws/invocation-logging': 'logging', 'aws/cloudtrail-management-events': 'trail' };
    expect(() => evidence.anyPassPerRule([], rules, 'L2.logging', whats)).not.toThrow();
    expect(() => evidence.anyPassPerRule([], rules, 'L2.logging', { ...whats, 'aws/no-such-rule': 'x' })).toThrow(MaturityWiringError);
    expect(() => evidence.anyPassPerRule([], rules, 'L2.logging', { 'aws/invocation-logging': 'logging' })).toThrow(/cloudtrail-management-events/);
    expect(() => evidence.anyPassPerRule([], rules, 'L2.logging', { ...whats, 'aws/guardrail-cmk': 'x' })).toThrow(MaturityWiringError);
  });

  it('the cross-cloud rule maturity reads exists', () => {
    expect(registry.rules.map((rule) => rule.meta.id)).toContain(crossCloudRuleId);
  });
});
