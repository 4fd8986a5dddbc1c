import type { RuleModule } from '../src/engine/rule.ts';
import { rule as awsGuardrailPromptAttack } from './aws/guardrail-prompt-attack.ts';
import { rule as awsInvocationLogging } from './aws/invocation-logging.ts';

/** The rule catalogue, in the order of spec §6. */
export const allRules: readonly RuleModule[] = [awsGuardrailPromptAttack, awsInvocationLogging];
