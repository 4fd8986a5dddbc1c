/**
 * Runs every rule's case table. Tables are found by convention: rule `<provider>/<name>` keeps
 * its cases in `rules/<provider>/<name>.cases.ts` as `export const cases: RuleCase[]`. Every rule
 * must have one, with at least one pass, one fail and one unknown case.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/providers.ts';
import { createRuleContext } from '../../src/engine/rule.ts';
import { BaselineSchema, defaultBaseline } from '../../src/policy/baseline.ts';
import { parseInventory } from '../../src/model/inventory.ts';
import type { RuleCase } from './rule-case.ts';

const rulesRoot = new URL('../../rules/', import.meta.url);
const casesFile = (ruleId: string) => new URL(`${ruleId}.cases.ts`, rulesRoot);

const tables = new Map<string, readonly RuleCase[]>();
for (const rule of registry.rules) {
  if (!existsSync(casesFile(rule.meta.id))) continue;
  const module = (await import(casesFile(rule.meta.id).href)) as { cases: readonly RuleCase[] };
  tables.set(rule.meta.id, module.cases);
}

describe('rule catalogue', () => {
  it('has a case table beside every rule, and no table without a rule', () => {
    const onDisk = readdirSync(fileURLToPath(rulesRoot), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.cases.ts'))
      .map((file) => file.replace(/\.cases\.ts$/, ''))
      .sort();
    expect(onDisk).toEqual(registry.rules.map((rule) => rule.meta.id).sort());
  });

  it.each(registry.rules.map((rule) => [rule.meta.id, rule] as const))('%s has complete metadata and pass, fail and unknown cases', (id, rule) => {
    expect(rule.meta.title.length).toBeGreaterThan(10);
    expect(rule.meta.remediation.length).toBeGreaterThan(10);
    expect(rule.meta.resourceTypes.length).toBeGreaterThan(0);
    const statuses = new Set((tables.get(id) ?? []).flatMap((ruleCase) => ruleCase.expect.map((expectation) => expectation.status)));
    expect([...statuses]).toEqual(expect.arrayContaining(['pass', 'fail', 'unknown']));
  });
});

for (const rule of registry.rules) {
  describe(rule.meta.id, () => {
    it.each((tables.get(rule.meta.id) ?? []).map((ruleCase) => [ruleCase.name, ruleCase] as const))('%s', (_name, ruleCase) => {
      const inventory = parseInventory(ruleCase.inventory);
      const baseline = BaselineSchema.parse({ ...defaultBaseline, ...ruleCase.baseline });
      const verdicts = rule.check(createRuleContext(inventory, baseline, registry.factDerivers));
      const key = (entry: { resource: string; status: string; reason: string }) => `${entry.resource} ${entry.status} ${entry.reason}`;
      const actual = verdicts.map((verdict) => ({ resource: verdict.resource.id, status: verdict.status, reason: verdict.reason }));
      const expected = ruleCase.expect.map(({ resource, status, reason }) => ({ resource, status, reason }));
      expect(actual.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
      for (const verdict of verdicts) expect(verdict.reason).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });
  });
}
