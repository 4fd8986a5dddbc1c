/** The Azure OpenAI / AI Services half of the provider module: rules (spec §6.2), shared facts and maturity criteria. */
import type { ProviderRules } from '../../src/engine/provider-rules.ts';
import { deriveAzureFacts, type AzureFacts } from './facts.ts';
import { azureCriteria } from './maturity.ts';
import { azureAiInventory } from './inventory.ts';
import { azureEffectiveness } from './effectiveness.ts';
import { rule as azureDeploymentCustomContentFilter } from './deployment-custom-content-filter.ts';
import { rule as azureContentFilterHarmCategories } from './content-filter-harm-categories.ts';
import { rule as azureContentFilterPromptShields } from './content-filter-prompt-shields.ts';
import { rule as azureContentFilterIndirectAttack } from './content-filter-indirect-attack.ts';
import { rule as azureContentFilterProtectedMaterial } from './content-filter-protected-material.ts';
import { rule as azureContentFilterMode } from './content-filter-mode.ts';
import { rule as azureDiagnosticLogs } from './diagnostic-logs.ts';
import { rule as azureLocalAuthDisabled } from './local-auth-disabled.ts';
import { rule as azureNetworkRestricted } from './network-restricted.ts';
import { rule as azureManagedIdentity } from './managed-identity.ts';
import { rule as azureCmk } from './cmk.ts';
import { rule as azureOutboundRestricted } from './outbound-restricted.ts';
import { rule as azurePolicyEnforcement } from './policy-enforcement.ts';
import { rule as azureDefenderForAi } from './defender-for-ai.ts';
import { rule as azureContentSafetyAlerts } from './content-safety-alerts.ts';

export const azureRules: ProviderRules<AzureFacts> = {
  id: 'azure',
  rules: [
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
  ],
  deriveFacts: deriveAzureFacts,
  criteria: azureCriteria,
  aiInventory: azureAiInventory,
  effectiveness: azureEffectiveness,
};
