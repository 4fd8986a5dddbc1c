import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

const expected = { enforcementType: 'INSPECT_AND_BLOCK' };

export const rule: RuleModule = {
  meta: {
    id: 'gcp/template-enforcement',
    provider: 'gcp',
    title: 'Model Armor templates inspect and block (enforcement type INSPECT_AND_BLOCK)',
    severity: 'medium',
    resourceTypes: ['gcp.modelarmor-template'],
    criteria: ['L3.coverage'],
    description:
      'Checks templateMetadata.enforcementType of every Model Armor template: INSPECT_AND_BLOCK blocks requests that trip a filter, INSPECT_ONLY only reports them. An unset enforcement type (ENFORCEMENT_TYPE_UNSPECIFIED, omitted by the API) is documented as the same as INSPECT_AND_BLOCK, so it passes and the verdict says the default was assumed.',
    remediation:
      'gcloud model-armor templates update TEMPLATE --location=LOCATION --template-metadata-enforcement-type=INSPECT_AND_BLOCK (Terraform google_model_armor_template template_metadata { enforcement_type = "INSPECT_AND_BLOCK" }).',
    references: [
      'https://docs.cloud.google.com/model-armor/reference/rest/v1/projects.locations.templates',
      'https://docs.cloud.google.com/dotnet/docs/reference/Google.Cloud.ModelArmor.V1/latest/Google.Cloud.ModelArmor.V1.Template.Types.TemplateMetadata.Types.EnforcementType',
    ],
  },
  check(context) {
    return [
      ...context.resources('gcp.modelarmor-template').map((entry) => {
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the enforcement type');
        const label = `Model Armor template ${entry.name ?? entry.id}${entry.region ? ` in ${entry.region}` : ''}`;
        const observed = { enforcementType: entry.enforcementType };
        if (entry.enforcementType === 'INSPECT_ONLY') {
          return verdictOn(entry, 'fail', 'inspect-only', `${label} runs in INSPECT_ONLY mode: requests that trip its filters are reported, not blocked.`, {
            observed,
            expected,
          });
        }
        if (entry.enforcementType === null) {
          return verdictOn(
            entry,
            'pass',
            'default-inspect-and-block',
            `${label} sets no enforcement type; the API default (ENFORCEMENT_TYPE_UNSPECIFIED) is documented as INSPECT_AND_BLOCK.`,
            { observed, expected },
          );
        }
        return verdictOn(entry, 'pass', 'inspect-and-block', `${label} inspects and blocks (INSPECT_AND_BLOCK).`, { observed, expected });
      }),
      ...unreadableListings(context, 'gcp.modelarmor-template', 'Model Armor templates'),
    ];
  },
};
