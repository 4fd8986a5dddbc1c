/** Rules that judge several providers together (spec §6.4, §12); they read only the providers' facts. */
import type { RuleModule } from '../../src/engine/rule.ts';
import { rule as consistentBaseline } from './consistent-baseline.ts';
import { rule as approvedScopes } from './approved-scopes.ts';
import { rule as approvedModels } from './approved-models.ts';

export const crossProviderRules: readonly RuleModule[] = [consistentBaseline, approvedScopes, approvedModels];
