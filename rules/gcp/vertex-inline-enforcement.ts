import type { RuleModule } from '../../src/engine/rule.ts';
import type { GcpFloorSetting } from '../../src/model/gcp.ts';
import { verdictOn } from '../../src/engine/verdicts.ts';
import { checkVertexProjects, effectiveFloorSetting, floorLabel, integratesVertex, observedFloor, projectLabel } from './projects.ts';

const expected = { integratedServices: ['AI_PLATFORM'], aiPlatformFloorSetting: { inspectAndBlock: true }, enableFloorSettingEnforcement: true };

/** The Vertex AI integration of a floor setting that lists AI_PLATFORM: inspect-and-block with enforcement on. */
function judgeIntegration(
  floor: GcpFloorSetting,
  where: string,
): { status: 'pass' | 'fail' | 'unknown'; reason: string; message: string; observed: unknown; expected: unknown } {
  const observed = observedFloor(floor);
  if (floor.aiPlatformMode === null)
    return {
      status: 'unknown',
      reason: 'vertex-mode-unreported',
      message: `${where}, which integrates AI_PLATFORM but reports no Vertex AI enforcement mode.`,
      observed,
      expected,
    };
  if (floor.aiPlatformMode === 'inspectOnly') {
    return {
      status: 'fail',
      reason: 'inspect-only',
      message: `${where}, which integrates Vertex AI in inspect-only mode: Model Armor findings are logged but nothing is blocked (monitoring, not protection).`,
      observed,
      expected,
    };
  }
  if (floor.enforcementEnabled === false)
    return {
      status: 'fail',
      reason: 'floor-not-enforced',
      message: `${where}, which is set to inspect and block Vertex AI traffic but floor-setting enforcement is off.`,
      observed,
      expected,
    };
  if (floor.enforcementEnabled === null)
    return {
      status: 'unknown',
      reason: 'enforcement-unreported',
      message: `${where}, which is set to inspect and block Vertex AI traffic, but the API did not report whether floor-setting enforcement is on.`,
      observed,
      expected,
    };
  return {
    status: 'pass',
    reason: 'inspect-and-block-enforced',
    message: `${where}, which inspects and blocks Vertex AI (Gemini) traffic with enforcement on.`,
    observed,
    expected,
  };
}

export const rule: RuleModule = {
  meta: {
    id: 'gcp/vertex-inline-enforcement',
    provider: 'gcp',
    title: 'Projects that use Vertex AI screen Gemini traffic inline through a Model Armor floor setting in inspect-and-block mode',
    severity: 'high',
    resourceTypes: ['gcp.floor-setting', 'gcp.project', 'gcp.vertex-endpoint'],
    criteria: ['L3.enforcement', 'L3.coverage'],
    presenceOf: ['gcp.floor-setting'],
    description:
      "Gemini safety settings on Vertex AI travel with each request and cannot be seen or enforced centrally; the persistent, enforced control is a Model Armor floor setting integrated with Vertex AI. For every project that uses Vertex AI (the Vertex AI API is enabled or Vertex endpoints exist), checks that the floor setting in effect lists AI_PLATFORM in integratedServices, that its aiPlatformFloorSetting is inspectAndBlock (inspectOnly only logs: monitoring, not protection), and that floor-setting enforcement is on. Google supports the Vertex AI integration only on a project's own floor setting, so in practice this is the project's floor setting. Projects that do not use Vertex AI get no verdict; where use could not be decided a failure is reported as unknown.",
    remediation:
      'On each Vertex AI project: gcloud model-armor floorsettings update --full-uri=projects/PROJECT_ID/locations/global/floorSetting --add-integrated-services=VERTEX_AI --vertex-ai-enforcement-type=INSPECT_AND_BLOCK --enable-floor-setting-enforcement=true (Terraform google_model_armor_floorsetting: integrated_services = ["AI_PLATFORM"], ai_platform_floor_setting { inspect_and_block = true }), and grant the Vertex AI service agent roles/modelarmor.user.',
    references: [
      'https://docs.cloud.google.com/model-armor/model-armor-vertex-integration',
      'https://docs.cloud.google.com/model-armor/configure-floor-settings',
      'OWASP LLM01:2025 Prompt Injection',
    ],
  },
  check(context) {
    const fromProjects = checkVertexProjects(context, (entry, use) => {
      const label = projectLabel(entry);
      const resolution = effectiveFloorSetting(context, entry);
      if (resolution.status === 'unknown')
        return {
          status: 'unknown',
          reason: 'floor-setting-undetermined',
          message: `Whether Model Armor screens Vertex AI traffic in ${entry.projectId} could not be decided: ${resolution.reason}.`,
          expected,
        };
      if (resolution.status === 'none') {
        return {
          status: 'fail',
          reason: 'no-floor-setting',
          message: `${label} uses Vertex AI (${use.evidence}) but no Model Armor floor setting covers it, so Gemini traffic is not screened inline.`,
          observed: null,
          expected,
        };
      }
      const { floor } = resolution;
      const where = `${label} (Vertex AI: ${use.evidence}) is covered by ${floorLabel(floor)}`;
      if (!integratesVertex(floor)) {
        const note = floor.level === 'project' ? '' : " The Vertex AI integration can be configured only on a project's own floor setting.";
        return {
          status: 'fail',
          reason: 'vertex-not-integrated',
          message: `${where}, which does not integrate Vertex AI (AI_PLATFORM is not among its integrated services).${note}`,
          observed: observedFloor(floor),
          expected,
        };
      }
      return judgeIntegration(floor, where);
    });
    // In IaC files there are no projects to resolve: a floor setting that integrates Vertex AI is judged on its own.
    const fromFiles = context
      .resources('gcp.floor-setting')
      .filter((floor) => floor.source.kind === 'file' && integratesVertex(floor))
      .map((floor) => {
        const outcome = judgeIntegration(floor, floorLabel(floor));
        return verdictOn(floor, outcome.status, outcome.reason, outcome.message, { observed: outcome.observed, expected });
      });
    return [...fromProjects, ...fromFiles];
  },
};
