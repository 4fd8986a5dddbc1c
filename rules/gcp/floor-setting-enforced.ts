import type { RuleModule } from '../../src/engine/rule.ts';
import { FOLDER, ORGANIZATION, PROJECT, floorSetting, gcpInventory, project, raiFilter, strongFilters, unknownListingId } from './case-builders.ts';
import { checkProjects, effectiveFloorSetting, floorLabel, projectLabel } from './projects.ts';

const projectId = project().id;
const expected = { effectiveFloorSetting: 'present', enableFloorSettingEnforcement: true };

export const rule: RuleModule = {
  meta: {
    id: 'gcp/floor-setting-enforced',
    provider: 'gcp',
    title: 'Every project is covered by a Model Armor floor setting with enforcement on',
    severity: 'high',
    resourceTypes: ['gcp.floor-setting', 'gcp.project'],
    criteria: ['L3.enforcement', 'L3.coverage'],
    presenceOf: ['gcp.floor-setting'],
    description:
      "For every scanned project, resolves the Model Armor floor setting in effect — the nearest one in the resource hierarchy: the project's own, else the nearest folder's, else the organisation's (Google: settings lower in the hierarchy take precedence, as a whole) — and checks that enableFloorSettingEnforcement is true. enableFloorSettingEnforcement false means the floor setting is configured but not enforced. A nearer floor setting with enforcement off is not rescued by an enforced one higher up. When the floor setting of the project or of a nearer ancestor could not be read, or the ancestry is unknown and nothing was found, the verdict is unknown.",
    remediation:
      'Configure a floor setting at the organisation (or folder/project) level and turn enforcement on: gcloud model-armor floorsettings update --full-uri=organizations/ORG_ID/locations/global/floorSetting --enable-floor-setting-enforcement=true (Terraform google_model_armor_floorsetting enable_floor_setting_enforcement = true). Make sure no nearer floor setting has enforcement off.',
    references: [
      'https://cloud.google.com/security-command-center/docs/model_armor_floor_settings',
      'https://docs.cloud.google.com/model-armor/configure-floor-settings',
      'https://docs.cloud.google.com/model-armor/reference/rest/v1/FloorSetting',
    ],
  },
  check(context) {
    return checkProjects(context, (entry) => {
      const label = projectLabel(entry);
      const resolution = effectiveFloorSetting(context, entry);
      if (resolution.status === 'unknown')
        return { status: 'unknown', message: `Whether a floor setting covers ${label.toLowerCase()} could not be decided: ${resolution.reason}.`, expected };
      if (resolution.status === 'none') {
        return {
          status: 'fail',
          message: `No Model Armor floor setting covers ${label.toLowerCase()} (none on ${resolution.checked.join(', ')}).`,
          observed: null,
          expected,
        };
      }
      const { floor, overridden } = resolution;
      const observed = { floorSetting: floor.id, level: floor.level, enableFloorSettingEnforcement: floor.enforcementEnabled };
      if (floor.enforcementEnabled === null) {
        return {
          status: 'unknown',
          message: `${label} is covered by ${floorLabel(floor)}, but the API did not report enableFloorSettingEnforcement.`,
          observed,
          expected,
        };
      }
      if (!floor.enforcementEnabled) {
        const shadowed = overridden.filter((other) => other.enforcementEnabled === true);
        const note =
          shadowed.length > 0
            ? ` It takes precedence over the enforced floor setting of ${shadowed.map((other) => other.owner).join(', ')} (the nearest floor setting applies).`
            : '';
        return {
          status: 'fail',
          message: `${label} is covered by ${floorLabel(floor)}, which is configured but not enforced (enableFloorSettingEnforcement is false).${note}`,
          observed,
          expected,
        };
      }
      return { status: 'pass', message: `${label} is covered by ${floorLabel(floor)} with enforcement on.`, observed, expected };
    });
  },
  cases: [
    { name: 'no projects: no verdicts', inventory: gcpInventory(), expect: [] },
    {
      name: "the project's own enforced floor setting passes",
      inventory: gcpInventory({ resources: [project(), floorSetting()] }),
      expect: [{ resource: projectId, status: 'pass', message: /its own floor setting \(projects\/ai-prod-123\) with enforcement on/ }],
    },
    {
      name: 'an enforced organisation floor setting covers a project without its own (and one that does not use Vertex)',
      inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false }), floorSetting({ owner: ORGANIZATION })] }),
      expect: [{ resource: projectId, status: 'pass', message: /organization-level floor setting of organizations\/999/ }],
    },
    {
      name: 'enableFloorSettingEnforcement false fails (acceptance; the captured not-enforced floor setting)',
      inventory: gcpInventory({
        resources: [
          project(),
          floorSetting({
            enforcementEnabled: false,
            filters: strongFilters({
              rai: [raiFilter('SEXUALLY_EXPLICIT', 'medium'), raiFilter('HATE_SPEECH', 'medium')],
              promptInjection: { enabled: true, strength: 'medium' },
              sensitiveData: null,
            }),
            integratedServices: ['AI_PLATFORM'],
            aiPlatformMode: 'inspectOnly',
          }),
        ],
      }),
      expect: [{ resource: projectId, status: 'fail', message: /configured but not enforced/ }],
    },
    {
      name: 'a project floor setting with enforcement off takes precedence over an enforced organisation one',
      inventory: gcpInventory({ resources: [project(), floorSetting({ enforcementEnabled: false }), floorSetting({ owner: ORGANIZATION })] }),
      expect: [{ resource: projectId, status: 'fail', message: /takes precedence over the enforced floor setting of organizations\/999/ }],
    },
    {
      name: 'no floor setting anywhere fails',
      inventory: gcpInventory({ resources: [project()] }),
      expect: [{ resource: projectId, status: 'fail', message: /none on projects\/ai-prod-123, folders\/111, organizations\/999/ }],
    },
    {
      name: 'enforcement not reported is unknown',
      inventory: gcpInventory({ resources: [project(), floorSetting({ owner: FOLDER, enforcementEnabled: null })] }),
      expect: [{ resource: projectId, status: 'unknown', message: /did not report enableFloorSettingEnforcement/ }],
    },
    {
      name: 'a denied folder floor-setting read is unknown when the project has none (acceptance: denied is unknown)',
      inventory: gcpInventory({ resources: [project(), floorSetting({ owner: ORGANIZATION })], failed: [{ type: 'gcp.floor-setting', owner: FOLDER }] }),
      expect: [{ resource: projectId, status: 'unknown', message: /floor setting of folders\/111 could not be read \(denied\)/ }],
    },
    {
      name: 'a denied folder read does not matter when the project has its own floor setting',
      inventory: gcpInventory({ resources: [project(), floorSetting()], failed: [{ type: 'gcp.floor-setting', owner: FOLDER }] }),
      expect: [{ resource: projectId, status: 'pass' }],
    },
    {
      name: 'an unreadable ancestry with no project floor setting is unknown',
      inventory: gcpInventory({ resources: [project({ ancestors: undefined })] }),
      expect: [{ resource: projectId, status: 'unknown', message: /folders and organisation above the project could not be read/ }],
    },
    {
      name: 'an organisation floor setting never read is unknown',
      inventory: gcpInventory({ resources: [project()], skipped: [{ type: 'gcp.floor-setting', owner: ORGANIZATION }] }),
      expect: [{ resource: projectId, status: 'unknown', message: /organizations\/999 could not be read \(not read\)/ }],
    },
    {
      name: 'an unreadable floor setting is unknown',
      inventory: gcpInventory({ resources: [project(), floorSetting({ unreadable: 'INTERNAL' })] }),
      expect: [{ resource: projectId, status: 'unknown', message: /INTERNAL/ }],
    },
    {
      name: "a floor setting that sets nothing (never configured) does not take precedence over the organisation's",
      inventory: gcpInventory({
        resources: [
          project(),
          floorSetting({
            enforcementEnabled: null,
            filters: { rai: [], promptInjection: null, maliciousUri: null, sensitiveData: null },
            integratedServices: [],
            aiPlatformMode: null,
            aiPlatformCloudLogging: null,
          }),
          floorSetting({ owner: ORGANIZATION }),
        ],
      }),
      expect: [{ resource: projectId, status: 'pass', message: /organizations\/999/ }],
    },
    {
      name: 'a project whose details could not be read is judged once, on what was read (ancestry unknown)',
      inventory: gcpInventory({
        resources: [project({ unreadable: 'the project could not be read', ancestors: undefined, projectNumber: null }), floorSetting({ owner: ORGANIZATION })],
        failed: [{ type: 'gcp.project', owner: PROJECT }],
      }),
      expect: [{ resource: projectId, status: 'unknown', message: /folders and organisation above the project could not be read/ }],
    },
    {
      name: 'a project that could not be read is unknown',
      inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
      expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown' }],
    },
  ],
};
