import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import type { GcpFloorSetting } from '../../src/model/gcp.ts';
import { unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { checkProjects, effectiveFloorSetting, floorLabel, projectLabel } from './projects.ts';

const expected = { effectiveFloorSetting: 'present', enableFloorSettingEnforcement: true };

export const rule: RuleModule = {
  meta: {
    id: 'gcp/floor-setting-enforced',
    provider: 'gcp',
    title: 'Every project is covered by a Model Armor floor setting with enforcement on',
    severity: 'high',
    resourceTypes: ['gcp.floor-setting', 'gcp.project'],
    criteria: ['L3.enforcement', 'L3.drift-detection', 'L3.coverage'],
    presenceOf: ['gcp.floor-setting'],
    description:
      "For every scanned project, resolves the Model Armor floor setting in effect — the nearest one in the resource hierarchy: the project's own, else the nearest folder's, else the organisation's (Google: settings lower in the hierarchy take precedence, as a whole) — and checks that enableFloorSettingEnforcement is true. enableFloorSettingEnforcement false means the floor setting is configured but not enforced. In IaC files, which name no projects, each floor setting a file declares is judged on its own enable_floor_setting_enforcement (not set: unknown). A nearer floor setting with enforcement off is not rescued by an enforced one higher up. When the floor setting of the project or of a nearer ancestor could not be read, or the ancestry is unknown and nothing was found, the verdict is unknown.",
    remediation:
      'Configure a floor setting at the organisation (or folder/project) level and turn enforcement on: gcloud model-armor floorsettings update --full-uri=organizations/ORG_ID/locations/global/floorSetting --enable-floor-setting-enforcement=true (Terraform google_model_armor_floorsetting enable_floor_setting_enforcement = true). Make sure no nearer floor setting has enforcement off.',
    references: [
      'https://cloud.google.com/security-command-center/docs/model_armor_floor_settings',
      'https://docs.cloud.google.com/model-armor/configure-floor-settings',
      'https://docs.cloud.google.com/model-armor/reference/rest/v1/FloorSetting',
    ],
  },
  check(context) {
    const fromProjects = checkProjects(context, (entry) => {
      const label = projectLabel(entry);
      const resolution = effectiveFloorSetting(context, entry);
      if (resolution.status === 'unknown')
        return {
          status: 'unknown',
          reason: 'floor-setting-undetermined',
          message: `Whether a floor setting covers ${label.toLowerCase()} could not be decided: ${resolution.reason}.`,
          expected,
        };
      if (resolution.status === 'none') {
        return {
          status: 'fail',
          reason: 'no-floor-setting',
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
          reason: 'enforcement-unreported',
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
          reason: 'floor-not-enforced',
          message: `${label} is covered by ${floorLabel(floor)}, which is configured but not enforced (enableFloorSettingEnforcement is false).${note}`,
          observed,
          expected,
        };
      }
      return { status: 'pass', reason: 'floor-enforced', message: `${label} is covered by ${floorLabel(floor)} with enforcement on.`, observed, expected };
    });
    // In IaC files there are no projects to resolve: each floor setting a file declares is judged on its own.
    const fromFiles = context
      .resources('gcp.floor-setting')
      .filter((floor) => floor.source.kind === 'file')
      .map((floor) => judgeFileFloorSetting(floor));
    return [...fromProjects, ...fromFiles];
  },
};

/** A floor setting declared in an IaC file: its own enable_floor_setting_enforcement decides. */
function judgeFileFloorSetting(floor: GcpFloorSetting): Verdict {
  if (floor.unreadable !== undefined) return unreadableResource(floor, 'enable_floor_setting_enforcement');
  const label = `The floor setting of ${floor.owner || floor.id}`;
  const observed = { floorSetting: floor.id, level: floor.level, enableFloorSettingEnforcement: floor.enforcementEnabled };
  const details = { observed, expected: { enableFloorSettingEnforcement: true } };
  if (floor.enforcementEnabled === null)
    return verdictOn(
      floor,
      'unknown',
      'enforcement-unreported',
      `${label} does not set enable_floor_setting_enforcement, so whether it is enforced depends on what is already deployed.`,
      details,
    );
  if (!floor.enforcementEnabled)
    return verdictOn(
      floor,
      'fail',
      'floor-not-enforced',
      `${label} is configured but not enforced (enable_floor_setting_enforcement is false): projects it covers are not screened by it.`,
      details,
    );
  return verdictOn(floor, 'pass', 'floor-enforced', `${label} has enforcement on.`, details);
}
