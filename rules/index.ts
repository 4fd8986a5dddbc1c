import type { RuleModule } from '../src/engine/rule.ts';
import { rule as awsGuardrailPresent } from './aws/guardrail-present.ts';
import { rule as awsGuardrailContentFilters } from './aws/guardrail-content-filters.ts';
import { rule as awsGuardrailPromptAttack } from './aws/guardrail-prompt-attack.ts';
import { rule as awsGuardrailSensitiveInformation } from './aws/guardrail-sensitive-information.ts';
import { rule as awsGuardrailContextualGrounding } from './aws/guardrail-contextual-grounding.ts';
import { rule as awsGuardrailVersioned } from './aws/guardrail-versioned.ts';
import { rule as awsGuardrailCmk } from './aws/guardrail-cmk.ts';
import { rule as awsGuardrailStandardTier } from './aws/guardrail-standard-tier.ts';
import { rule as awsAgentGuardrail } from './aws/agent-guardrail.ts';
import { rule as awsAgentCmk } from './aws/agent-cmk.ts';
import { rule as awsEnforcedGuardrail } from './aws/enforced-guardrail.ts';
import { rule as awsInvocationLogging } from './aws/invocation-logging.ts';
import { rule as awsCloudtrailManagementEvents } from './aws/cloudtrail-management-events.ts';
import { rule as awsCloudtrailDataEvents } from './aws/cloudtrail-data-events.ts';
import { rule as awsGuardrailInterventionAlarm } from './aws/guardrail-intervention-alarm.ts';
import { rule as awsConfigRecording } from './aws/config-recording.ts';
import { rule as awsKnowledgeBaseCmk } from './aws/knowledge-base-cmk.ts';
import { rule as awsCustomModelCmk } from './aws/custom-model-cmk.ts';
import { rule as awsIacManaged } from './aws/iac-managed.ts';
import { rule as azureDeploymentCustomContentFilter } from './azure/deployment-custom-content-filter.ts';
import { rule as azureContentFilterHarmCategories } from './azure/content-filter-harm-categories.ts';
import { rule as azureContentFilterPromptShields } from './azure/content-filter-prompt-shields.ts';
import { rule as azureContentFilterIndirectAttack } from './azure/content-filter-indirect-attack.ts';
import { rule as azureContentFilterProtectedMaterial } from './azure/content-filter-protected-material.ts';
import { rule as azureContentFilterMode } from './azure/content-filter-mode.ts';
import { rule as azureDiagnosticLogs } from './azure/diagnostic-logs.ts';
import { rule as azureLocalAuthDisabled } from './azure/local-auth-disabled.ts';
import { rule as azureNetworkRestricted } from './azure/network-restricted.ts';
import { rule as azureManagedIdentity } from './azure/managed-identity.ts';
import { rule as azureCmk } from './azure/cmk.ts';
import { rule as azureOutboundRestricted } from './azure/outbound-restricted.ts';
import { rule as azurePolicyEnforcement } from './azure/policy-enforcement.ts';
import { rule as azureDefenderForAi } from './azure/defender-for-ai.ts';
import { rule as azureContentSafetyAlerts } from './azure/content-safety-alerts.ts';
import { rule as gcpFloorSettingEnforced } from './gcp/floor-setting-enforced.ts';
import { rule as gcpFloorSettingFilters } from './gcp/floor-setting-filters.ts';
import { rule as gcpVertexInlineEnforcement } from './gcp/vertex-inline-enforcement.ts';
import { rule as gcpModelarmorLogging } from './gcp/modelarmor-logging.ts';
import { rule as gcpTemplateFilters } from './gcp/template-filters.ts';
import { rule as gcpTemplateEnforcement } from './gcp/template-enforcement.ts';
import { rule as gcpVertexAuditLogs } from './gcp/vertex-audit-logs.ts';
import { rule as gcpVertexSafetySettings } from './gcp/vertex-safety-settings.ts';
import { rule as gcpEndpointCmk } from './gcp/endpoint-cmk.ts';
import { rule as gcpEndpointPrivate } from './gcp/endpoint-private.ts';
import { rule as gcpModelarmorAlerts } from './gcp/modelarmor-alerts.ts';
import { rule as multiConsistentBaseline } from './multi/consistent-baseline.ts';

/** The rule catalogue, in the order of spec §6. */
export const allRules: readonly RuleModule[] = [
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
  azureDeploymentCustomContentFilter,
  azureContentFilterHarmCategories,
  azureContentFilterPromptShields,
  azureContentFilterIndirectAttack,
  azureContentFilterProtectedMaterial,
  azureContentFilterMode,
  azureDiagnosticLogs,
  azureLocalAuthDisabled,
  azureNetworkRestricted,
  azureManagedIdentity,
  azureCmk,
  azureOutboundRestricted,
  azurePolicyEnforcement,
  azureDefenderForAi,
  azureContentSafetyAlerts,
  gcpFloorSettingEnforced,
  gcpFloorSettingFilters,
  gcpVertexInlineEnforcement,
  gcpModelarmorLogging,
  gcpTemplateFilters,
  gcpTemplateEnforcement,
  gcpVertexAuditLogs,
  gcpVertexSafetySettings,
  gcpEndpointCmk,
  gcpEndpointPrivate,
  gcpModelarmorAlerts,
  multiConsistentBaseline,
];
