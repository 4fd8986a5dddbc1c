import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { checkVertexProjects, effectiveFloorSetting, floorLabel, integratesVertex, projectLabel } from './projects.ts';

export const rule: RuleModule = {
  meta: {
    id: 'gcp/modelarmor-logging',
    provider: 'gcp',
    title: 'Model Armor logs its screening: the Vertex AI floor integration has Cloud Logging on and templates log sanitize operations',
    severity: 'medium',
    resourceTypes: ['gcp.floor-setting', 'gcp.modelarmor-template', 'gcp.project'],
    criteria: ['L2.logging', 'L3.coverage'],
    description:
      'Model Armor results are visible only when they are logged. For every project that uses Vertex AI and whose floor setting in effect integrates Vertex AI (AI_PLATFORM), checks aiPlatformFloorSetting.enableCloudLogging; for every Model Armor template, checks templateMetadata.logSanitizeOperations (sanitize requests and their results are written to Cloud Logging as SanitizeOperationLogEntry). Both are plain booleans that the API omits when false, so an absent value counts as off. Projects whose floor setting does not integrate Vertex AI get no verdict here (gcp/vertex-inline-enforcement reports them).',
    remediation:
      'Floor setting: gcloud model-armor floorsettings update --full-uri=projects/PROJECT_ID/locations/global/floorSetting --enable-vertex-ai-cloud-logging (Terraform ai_platform_floor_setting { enable_cloud_logging = true }). Templates: gcloud model-armor templates update TEMPLATE --location=LOCATION --template-metadata-log-sanitize-operations (Terraform template_metadata { log_sanitize_operations = true }).',
    references: [
      'https://docs.cloud.google.com/model-armor/model-armor-vertex-integration',
      'https://docs.cloud.google.com/model-armor/reference/rest/v1/projects.locations.templates',
      'https://docs.cloud.google.com/model-armor/configure-logging',
    ],
  },
  check(context) {
    const projectVerdicts = checkVertexProjects(context, (entry) => {
      const resolution = effectiveFloorSetting(context, entry);
      const expected = { aiPlatformFloorSetting: { enableCloudLogging: true } };
      if (resolution.status === 'unknown') {
        return {
          status: 'unknown',
          reason: 'floor-setting-undetermined',
          message: `Whether Model Armor logs Vertex AI screening in ${entry.projectId} could not be decided: ${resolution.reason}.`,
          expected,
        };
      }
      if (resolution.status === 'none' || !integratesVertex(resolution.floor)) return null;
      const { floor } = resolution;
      const where = `${projectLabel(entry)}: the Vertex AI integration of ${floorLabel(floor)}`;
      const observed = { floorSetting: floor.id, aiPlatformMode: floor.aiPlatformMode, enableCloudLogging: floor.aiPlatformCloudLogging };
      if (floor.aiPlatformMode === null && floor.aiPlatformCloudLogging === null) {
        return {
          status: 'unknown',
          reason: 'vertex-integration-unreported',
          message: `${where} reports no aiPlatformFloorSetting, so its Cloud Logging state is unknown.`,
          observed,
          expected,
        };
      }
      if (floor.aiPlatformCloudLogging === true)
        return { status: 'pass', reason: 'vertex-logging-on', message: `${where} writes Model Armor results to Cloud Logging.`, observed, expected };
      const why = floor.aiPlatformCloudLogging === false ? 'enableCloudLogging is false' : 'enableCloudLogging is not set (off)';
      return {
        status: 'fail',
        reason: 'vertex-logging-off',
        message: `${where} does not write Model Armor results to Cloud Logging (${why}).`,
        observed,
        expected,
      };
    });
    const templateVerdicts = context.resources('gcp.modelarmor-template').map((entry) => {
      if (entry.unreadable !== undefined) return unreadableResource(entry, 'the metadata');
      const label = `Model Armor template ${entry.name ?? entry.id}${entry.region ? ` in ${entry.region}` : ''}`;
      const observed = { logSanitizeOperations: entry.logSanitizeOperations, logTemplateOperations: entry.logTemplateOperations };
      const expected = { logSanitizeOperations: true };
      if (entry.logSanitizeOperations === true)
        return verdictOn(entry, 'pass', 'sanitize-logging-on', `${label} logs its sanitize operations.`, { observed, expected });
      const why = entry.logSanitizeOperations === false ? 'logSanitizeOperations is false' : 'logSanitizeOperations is not set (off)';
      return verdictOn(entry, 'fail', 'sanitize-logging-off', `${label} does not log its sanitize operations (${why}).`, { observed, expected });
    });
    return [...projectVerdicts, ...templateVerdicts, ...unreadableListings(context, 'gcp.modelarmor-template', 'Model Armor templates')];
  },
};
