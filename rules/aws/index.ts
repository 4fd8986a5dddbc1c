/** The AWS Bedrock half of the provider module: rules (spec §6.1), shared facts and maturity criteria. */
import type { ProviderRules } from '../../src/engine/provider-rules.ts';
import { deriveAwsFacts, type AwsFacts } from './facts.ts';
import { awsCriteria } from './maturity.ts';
import { awsAiInventory } from './inventory.ts';
import { awsEffectiveness } from './effectiveness.ts';
import { rule as awsGuardrailPresent } from './guardrail-present.ts';
import { rule as awsGuardrailContentFilters } from './guardrail-content-filters.ts';
import { rule as awsGuardrailPromptAttack } from './guardrail-prompt-attack.ts';
import { rule as awsGuardrailSensitiveInformation } from './guardrail-sensitive-information.ts';
import { rule as awsGuardrailContextualGrounding } from './guardrail-contextual-grounding.ts';
import { rule as awsGuardrailVersioned } from './guardrail-versioned.ts';
import { rule as awsGuardrailCmk } from './guardrail-cmk.ts';
import { rule as awsGuardrailStandardTier } from './guardrail-standard-tier.ts';
import { rule as awsAgentGuardrail } from './agent-guardrail.ts';
import { rule as awsAgentCmk } from './agent-cmk.ts';
import { rule as awsEnforcedGuardrail } from './enforced-guardrail.ts';
import { rule as awsInvocationLogging } from './invocation-logging.ts';
import { rule as awsCloudtrailManagementEvents } from './cloudtrail-management-events.ts';
import { rule as awsCloudtrailDataEvents } from './cloudtrail-data-events.ts';
import { rule as awsGuardrailInterventionAlarm } from './guardrail-intervention-alarm.ts';
import { rule as awsConfigRecording } from './config-recording.ts';
import { rule as awsKnowledgeBaseCmk } from './knowledge-base-cmk.ts';
import { rule as awsCustomModelCmk } from './custom-model-cmk.ts';
import { rule as awsIacManaged } from './iac-managed.ts';

export const awsRules: ProviderRules<AwsFacts> = {
  id: 'aws',
  rules: [
    awsGuardrailPresent,
    awsGuardrailContentFilters,
    awsGuardrailPromptAttack,
    awsGuardrailSensitiveInformation,
    awsGuardrailContextualGrounding,
    awsGuardrailVersioned,
    awsGuardrailCmk,
    awsGuardrailStandardTier,
    awsAgentGuardrail,
    awsAgentCmk,
    awsEnforcedGuardrail,
    awsInvocationLogging,
    awsCloudtrailManagementEvents,
    awsCloudtrailDataEvents,
    awsGuardrailInterventionAlarm,
    awsConfigRecording,
    awsKnowledgeBaseCmk,
    awsCustomModelCmk,
    awsIacManaged,
  ],
  deriveFacts: deriveAwsFacts,
  criteria: awsCriteria,
  aiInventory: awsAiInventory,
  effectiveness: awsEffectiveness,
};
