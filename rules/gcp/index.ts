/** The GCP Vertex AI and Model Armor half of the provider module: rules (spec §6.3), shared facts and maturity criteria. */
import type { ProviderRules } from '../../src/engine/provider-rules.ts';
import { deriveGcpFacts, type GcpFacts } from './facts.ts';
import { gcpCriteria } from './maturity.ts';
import { gcpAiInventory } from './inventory.ts';
import { gcpEffectiveness } from './effectiveness.ts';
import { rule as gcpFloorSettingEnforced } from './floor-setting-enforced.ts';
import { rule as gcpFloorSettingFilters } from './floor-setting-filters.ts';
import { rule as gcpVertexInlineEnforcement } from './vertex-inline-enforcement.ts';
import { rule as gcpModelarmorLogging } from './modelarmor-logging.ts';
import { rule as gcpTemplateFilters } from './template-filters.ts';
import { rule as gcpTemplateEnforcement } from './template-enforcement.ts';
import { rule as gcpVertexAuditLogs } from './vertex-audit-logs.ts';
import { rule as gcpVertexSafetySettings } from './vertex-safety-settings.ts';
import { rule as gcpEndpointCmk } from './endpoint-cmk.ts';
import { rule as gcpEndpointPrivate } from './endpoint-private.ts';
import { rule as gcpModelarmorAlerts } from './modelarmor-alerts.ts';

export const gcpRules: ProviderRules<GcpFacts> = {
  id: 'gcp',
  rules: [
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
  ],
  deriveFacts: deriveGcpFacts,
  criteria: gcpCriteria,
  aiInventory: gcpAiInventory,
  effectiveness: gcpEffectiveness,
};
