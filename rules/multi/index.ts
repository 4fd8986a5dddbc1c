/** Rules that judge several providers together (spec §6.4); they read only the providers' facts. */
import type { RuleModule } from '../../src/engine/rule.ts';
import { rule as consistentBaseline } from './consistent-baseline.ts';

export const crossProviderRules: readonly RuleModule[] = [consistentBaseline];
