import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { LOCATION, gcpInventory, project, template, unknownListingId } from './case-builders.ts';

const templateId = template().id;
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
          return verdictOn(entry, 'fail', `${label} runs in INSPECT_ONLY mode: requests that trip its filters are reported, not blocked.`, {
            observed,
            expected,
          });
        }
        if (entry.enforcementType === null) {
          return verdictOn(
            entry,
            'pass',
            `${label} sets no enforcement type; the API default (ENFORCEMENT_TYPE_UNSPECIFIED) is documented as INSPECT_AND_BLOCK.`,
            { observed, expected },
          );
        }
        return verdictOn(entry, 'pass', `${label} inspects and blocks (INSPECT_AND_BLOCK).`, { observed, expected });
      }),
      ...unreadableListings(context, 'gcp.modelarmor-template', 'Model Armor templates'),
    ];
  },
  cases: [
    {
      name: 'INSPECT_AND_BLOCK passes',
      inventory: gcpInventory({ resources: [project(), template()] }),
      expect: [{ resource: templateId, status: 'pass', message: /INSPECT_AND_BLOCK/ }],
    },
    {
      name: 'the captured inspect-only template fails',
      inventory: gcpInventory({ resources: [project(), template({ enforcementType: 'INSPECT_ONLY' })] }),
      expect: [{ resource: templateId, status: 'fail', message: /INSPECT_ONLY mode/ }],
    },
    {
      name: 'no enforcement type (the captured attestor template) takes the documented default and says so',
      inventory: gcpInventory({ resources: [project(), template({ enforcementType: null })] }),
      expect: [{ resource: templateId, status: 'pass', message: /documented as INSPECT_AND_BLOCK/ }],
    },
    {
      name: 'an unreadable template is unknown',
      inventory: gcpInventory({ resources: [project(), template({ unreadable: 'INTERNAL' })] }),
      expect: [{ resource: templateId, status: 'unknown' }],
    },
    {
      name: 'a denied template listing is unknown',
      inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.modelarmor-template', region: LOCATION }] }),
      expect: [{ resource: unknownListingId('gcp.modelarmor-template', LOCATION), status: 'unknown' }],
    },
  ],
};
