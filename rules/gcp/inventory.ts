/**
 * The GCP part of the AI inventory (spec §12): Vertex AI endpoints with their deployed models
 * (from the Endpoints_List response) and the publisher models invoked in the metrics window (from
 * the `model_invocation_count` series; there is no API that lists the publisher models a project
 * uses, so a model appears only when it was invoked and the metrics could be read), each with the
 * Model Armor controls attached and missing.
 *
 * Controls: the floor setting in effect, when it integrates Vertex AI, screens Gemini
 * generateContent calls (see usage.ts); a Gemini model whose project has no blocking floor setting
 * is missing `model-armor-floor-setting`. Partner models and custom models on endpoints cannot be
 * screened by a floor setting: only the application calling a Model Armor template can screen
 * them, which configuration does not show — they list no control and no missing one, and say why.
 * Gemini safety settings travel with each request and are known only from files (`iac`).
 */
import type { AiAsset, AttachedControl } from '../../src/model/ai-inventory.ts';
import type { InsightContext } from '../../src/engine/provider-rules.ts';
import type { GcpVertexEndpoint } from '../../src/model/gcp.ts';
import type { GcpFacts } from './facts.ts';
import { total, unmeasured, type ProjectActivity, type VertexScreening } from './usage.ts';

export const controlTypes = {
  floorSetting: 'model-armor-floor-setting',
  template: 'model-armor-template',
  apiRequests: 'model-armor-api',
} as const;

const outsideIntegration = 'outside the Model Armor Vertex AI integration (it screens Gemini generateContent calls only)';

/**
 * What traffic outside the floor-setting integration lacks: only the application can screen it,
 * by calling a Model Armor template (sanitizeUserPrompt / sanitizeModelResponse), which no
 * configuration shows — so it is listed as missing, for the owner to confirm or add.
 */
const unscreenedMissing = [controlTypes.template];

function floorControl(screening: VertexScreening): AttachedControl[] {
  return screening.status === 'blocking' || screening.status === 'inspect-only' ? [{ type: controlTypes.floorSetting, id: screening.floor.id }] : [];
}

function screeningNote(screening: VertexScreening): string {
  switch (screening.status) {
    case 'blocking':
      return `inspect-and-block by ${screening.floor.owner}`;
    case 'inspect-only':
      return `inspect-only by ${screening.floor.owner} (logged, not blocked)`;
    case 'not-enforced':
      return `${screening.floor.owner} integrates Vertex AI but floor-setting enforcement is off`;
    case 'not-integrated':
      return `the floor setting of ${screening.floor.owner} does not integrate Vertex AI`;
    case 'none':
      return 'no floor setting';
    case 'unknown':
      return `unknown: ${screening.reason}`;
  }
}

function publisherAssets(activity: ProjectActivity): AiAsset[] {
  const { project, screening } = activity;
  const groups = new Map<string, ProjectActivity['publisherModels']>();
  for (const use of activity.publisherModels) {
    const key = JSON.stringify([use.location, use.publisher, use.model, use.version]);
    groups.set(key, [...(groups.get(key) ?? []), use]);
  }
  return [...groups.values()].flatMap((uses): AiAsset[] => {
    const first = uses[0];
    if (first === undefined) return [];
    const invocations = total(uses.map((use) => use.invocations));
    const screenable = uses.filter((use) => use.screenable);
    const gemini = screenable.length > 0;
    const floorMissing = gemini && (screening.status === 'none' || screening.status === 'not-integrated' || screening.status === 'not-enforced');
    return [
      {
        provider: 'gcp',
        scope: { type: 'project', id: project.projectId },
        region: first.location || null,
        kind: 'foundation-model',
        id: `projects/${project.projectId}/locations/${first.location}/publishers/${first.publisher}/models/${first.model}${first.version ? `@${first.version}` : ''}`,
        name: first.model,
        model: { provider: first.publisher, name: first.model, ...(first.version ? { version: first.version } : {}) },
        invoked: invocations === null ? null : invocations > 0,
        controls: gemini ? floorControl(screening) : [],
        missingControls: !gemini ? unscreenedMissing : floorMissing ? [controlTypes.floorSetting] : [],
        details: {
          ...(invocations === null ? {} : { invocations }),
          methods: [...new Set(uses.map((use) => use.method || '(unlabelled)'))].join(', '),
          modelArmor: gemini ? screeningNote(screening) : outsideIntegration,
        },
        ...(invocations === null
          ? { reason: 'a model_invocation_count series could not be read' }
          : screening.status === 'unknown' && gemini
            ? { reason: `whether Model Armor screens it is unknown: ${screening.reason}` }
            : {}),
      },
    ];
  });
}

function endpointAssets(activity: ProjectActivity, endpoints: readonly GcpVertexEndpoint[]): AiAsset[] {
  const { project } = activity;
  const notMeasured = unmeasured(activity);
  return endpoints.flatMap((endpoint): AiAsset[] => {
    const endpointId = endpoint.id.split('/').pop() ?? endpoint.id;
    const base = {
      provider: 'gcp' as const,
      scope: { type: 'project', id: project.projectId },
      region: endpoint.region,
      kind: 'endpoint' as const,
      controls: [],
      missingControls: unscreenedMissing,
    };
    const invoked = (deployedModelId: string | null): Pick<AiAsset, 'invoked' | 'reason'> => {
      if (notMeasured !== undefined) return { invoked: null, reason: notMeasured };
      const uses = activity.endpoints.filter((use) => use.endpointId === endpointId && (deployedModelId === null || use.deployedModelId === deployedModelId));
      const predictions = total(uses.map((use) => use.predictions));
      return predictions === null ? { invoked: null, reason: 'a prediction_count series could not be read' } : { invoked: predictions > 0 };
    };
    const deployed = endpoint.deployedModels ?? [];
    if (deployed.length === 0)
      return [
        {
          ...base,
          id: endpoint.id,
          name: endpoint.name ?? endpointId,
          model: null,
          ...invoked(null),
          details: { deployedModels: endpoint.deployedModels === undefined ? 'not reported' : 0, modelArmor: outsideIntegration },
        },
      ];
    return deployed.map((model) => ({
      ...base,
      id: `${endpoint.id}/deployedModels/${model.id}`,
      name: `${endpoint.name ?? endpointId} / ${model.displayName ?? model.id}`,
      model: { name: model.model ?? model.displayName ?? model.id, ...(model.modelVersionId ? { version: model.modelVersionId } : {}) },
      ...invoked(model.id),
      details: { endpoint: endpoint.id, deployedModelId: model.id, modelArmor: outsideIntegration },
    }));
  });
}

/** The AI assets of the scanned projects that use Vertex AI (or whose use is unknown). */
export function gcpAiInventory({ inventory, facts }: InsightContext<GcpFacts>): AiAsset[] {
  const endpoints = inventory.resources.filter(
    (resource): resource is GcpVertexEndpoint => resource.type === 'gcp.vertex-endpoint' && resource.provider === 'gcp',
  );
  // Grouped once by project: an organisation of many projects stays linear.
  const endpointsByProject = Map.groupBy(
    endpoints.filter((endpoint) => endpoint.scope.type === 'project'),
    (endpoint) => endpoint.scope.id,
  );
  const used = new Set(facts.projects.filter((entry) => entry.use.usage !== 'unused').map((entry) => entry.project.projectId));
  return facts.activity
    .filter((activity) => used.has(activity.project.projectId) || activity.publisherModels.length > 0)
    .flatMap((activity) => [...endpointAssets(activity, endpointsByProject.get(activity.project.projectId) ?? []), ...publisherAssets(activity)]);
}
