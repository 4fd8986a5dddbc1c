import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.ts';
import { createRuleContext } from '../../src/engine/rule.ts';
import { BaselineSchema, defaultBaseline } from '../../src/policy/baseline.ts';
import { InventorySchema } from '../../src/model/inventory.ts';

const ruleDirectories = ['aws', 'azure', 'gcp', 'multi'];
const helperModules = new Set(['case-builders.ts', 'regions.ts', 'guardrails.ts', 'accounts.ts', 'projects.ts']);

describe('rule catalogue', () => {
  it('registers every rule module on disk exactly once', () => {
    const onDisk = ruleDirectories.flatMap((dir) =>
      readdirSync(new URL(`../../rules/${dir}/`, import.meta.url))
        .filter((file) => file.endsWith('.ts') && !helperModules.has(file))
        .map((file) => `${dir}/${file.replace(/\.ts$/, '')}`),
    );
    expect(allRules.map((rule) => rule.meta.id).sort()).toEqual(onDisk.sort());
  });

  it.each(allRules.map((rule) => [rule.meta.id, rule] as const))('%s has complete metadata and pass, fail and unknown cases', (_id, rule) => {
    expect(rule.meta.title.length).toBeGreaterThan(10);
    expect(rule.meta.remediation.length).toBeGreaterThan(10);
    expect(rule.meta.resourceTypes.length).toBeGreaterThan(0);
    const statuses = new Set(rule.cases.flatMap((ruleCase) => ruleCase.expect.map((expectation) => expectation.status)));
    expect([...statuses]).toEqual(expect.arrayContaining(['pass', 'fail', 'unknown']));
  });
});

for (const rule of allRules) {
  describe(rule.meta.id, () => {
    it.each(rule.cases.map((ruleCase) => [ruleCase.name, ruleCase] as const))('%s', (_name, ruleCase) => {
      const inventory = InventorySchema.parse(ruleCase.inventory);
      const baseline = BaselineSchema.parse({ ...defaultBaseline, ...ruleCase.baseline });
      const verdicts = rule.check(createRuleContext(inventory, baseline));
      const actual = verdicts
        .map((verdict) => ({ resource: verdict.resource.id, status: verdict.status }))
        .sort((a, b) => a.resource.localeCompare(b.resource));
      const expected = ruleCase.expect.map(({ resource, status }) => ({ resource, status })).sort((a, b) => a.resource.localeCompare(b.resource));
      expect(actual).toEqual(expected);
      for (const expectation of ruleCase.expect) {
        if (!expectation.message) continue;
        const verdict = verdicts.find((candidate) => candidate.resource.id === expectation.resource);
        expect(verdict?.message).toMatch(expectation.message);
      }
    });
  });
}
