import type { VerdictStatus } from '../../src/engine/rule.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import type { Baseline } from '../../src/policy/baseline.ts';

/**
 * One row of a rule's case table (`rules/<provider>/<rule>.cases.ts`, beside the rule, never
 * shipped): an inventory, and exactly the verdicts the rule must give on it, matched by subject
 * id, status and reason code (the prose of messages is free to change).
 */
export interface RuleCase {
  name: string;
  inventory: Inventory;
  baseline?: Partial<Baseline>;
  expect: ReadonlyArray<{ resource: string; status: VerdictStatus; reason: string }>;
}
