/**
 * The Bedrock AI in use (spec §12 `inventory`): foundation models invoked (per region, from the
 * AWS/Bedrock `Invocations` series per `ModelId`), application inference profiles, provisioned
 * throughput, custom and imported models, agents and knowledge bases — each with the guardrails
 * that apply to it (the agent's own, the account-enforced one, the organisation policy's).
 */
import type { InsightContext } from '../../src/engine/provider-rules.ts';
import type { AiAsset, AttachedControl } from '../../src/model/ai-inventory.ts';
import type { AwsEnforcedGuardrail, GuardrailReference } from '../../src/model/aws.ts';
import type { ScopeRef } from '../../src/model/common.ts';
import type { Resource, ResourceOfType, ResourceType } from '../../src/model/inventory.ts';
import { activityReasons, unreadReason, type Measured, type RegionActivity } from './activity.ts';
import { guardrailControlType } from './effectiveness.ts';
import type { AwsFacts } from './facts.ts';

/** Geography prefixes of system-defined (cross-region) inference profile ids, e.g. `us.anthropic.claude-…`. */
const profilePrefix = /^(us|eu|apac|global|us-gov|jp|au|ca)\./;

/**
 * A Bedrock model id split into provider, name and version: `anthropic.claude-3-5-sonnet-20240620-v1:0`
 * → anthropic / claude-3-5-sonnet-20240620 / v1:0. Ids of another shape keep their whole text as the name.
 */
export function parseModelId(modelId: string): { provider?: string; name: string; version?: string } {
  const id = (modelId.startsWith('arn:') ? (modelId.split('/').pop() ?? modelId) : modelId).replace(profilePrefix, '');
  const match = /^([a-z0-9-]+)\.(.+?)(?:-(v\d+(?::\d+)?))?$/.exec(id);
  if (!match) return { name: id };
  return { provider: match[1] as string, name: match[2] as string, ...(match[3] ? { version: match[3] } : {}) };
}

function reference(ref: GuardrailReference): AttachedControl {
  return { type: guardrailControlType, id: ref.identifier, ...(ref.version ? { version: ref.version } : {}) };
}

/** Whether an enforced configuration applies to a model (no included list: every model; excluded ones never). */
function enforcedOn(config: AwsEnforcedGuardrail, modelId: string | null): boolean {
  const matches = (entry: string) => modelId !== null && (entry === modelId || entry.endsWith(`/${modelId}`) || modelId.endsWith(`/${entry}`));
  if (modelId !== null && config.excludedModels.some(matches)) return false;
  return config.includedModels.length === 0 || config.includedModels.some(matches);
}

/** `ProviderRules.aiInventory` for AWS. */
export function awsAiInventory({ inventory, facts }: InsightContext<AwsFacts>): AiAsset[] {
  const ofType = <T extends ResourceType>(type: T) =>
    inventory.resources.filter((resource): resource is ResourceOfType<T> & Resource => resource.type === type);
  // Looked up per asset: grouped once by account (and region), so an organisation's inventory stays linear.
  const where = (scopeId: string, region: string | null) => `${scopeId}\u0000${region ?? ''}`;
  const enforcedByRegion = Map.groupBy(ofType('aws.bedrock.enforced-guardrail'), (config) => where(config.scope.id, config.region));
  const policiesByAccount = Map.groupBy(ofType('aws.organizations.bedrock-policy'), (policy) => policy.scope.id);
  const activityByRegion = new Map(facts.activity.regions.map((entry) => [where(entry.scope.id, entry.region), entry]));
  const activityOf = (scopeId: string, region: string | null) => activityByRegion.get(where(scopeId, region));

  /** The guardrails that apply to every call of a model in a region: account-enforced, organisation policy. */
  const regionControls = (scopeId: string, region: string | null, modelId: string | null): AttachedControl[] => [
    ...(enforcedByRegion.get(where(scopeId, region)) ?? []).filter((config) => enforcedOn(config, modelId)).map((config) => reference(config.guardrail)),
    ...(policiesByAccount.get(scopeId) ?? [])
      .filter((policy) => policy.present)
      .flatMap((policy) =>
        policy.assignments.filter((entry) => entry.region === region && entry.guardrail).map((entry) => reference(entry.guardrail as GuardrailReference)),
      ),
  ];

  /** Whether a model (or profile, throughput) id shows invocations in the window; null with the reason when not measurable. */
  const invokedOf = (activity: RegionActivity | undefined, ids: readonly string[]): { invoked: boolean | null; reason?: string } => {
    if (!activity) return { invoked: null, reason: activityReasons.metricsNotRead };
    const unread = unreadReason(activity);
    if (unread !== undefined) return { invoked: null, reason: unread };
    const measured = ids.map((id) => activity.models.get(id)).filter((entry): entry is Measured => entry !== undefined);
    if (measured.some((entry) => (entry.value ?? 0) > 0)) return { invoked: true };
    if (measured.some((entry) => entry.value === null && entry.reason === activityReasons.metricsUnreadable))
      return { invoked: null, reason: activityReasons.metricsUnreadable };
    // Read, and no series with datapoints: CloudWatch publishes Invocations only for models called.
    return { invoked: false };
  };

  const assets: AiAsset[] = [];
  const asset = (entry: Omit<AiAsset, 'provider' | 'missingControls'> & { needsControl?: boolean }) => {
    const { needsControl = true, ...rest } = entry;
    assets.push({
      provider: 'aws',
      ...rest,
      missingControls: needsControl && rest.controls.length === 0 ? [guardrailControlType] : [],
    });
  };
  const scopeOf = (scope: ScopeRef) => ({ type: scope.type, id: scope.id });
  const known = new Set<string>();

  for (const model of ofType('aws.bedrock.custom-model')) {
    known.add(model.arn);
    const activity = activityOf(model.scope.id, model.region);
    asset({
      scope: scopeOf(model.scope),
      region: model.region,
      kind: 'custom-model',
      id: model.arn,
      name: model.name ?? model.arn,
      model: model.baseModelArn || model.baseModelName ? { ...parseModelId(model.baseModelArn ?? model.baseModelName ?? '') } : null,
      ...invokedOf(activity, [model.arn]),
      controls: regionControls(model.scope.id, model.region, model.arn),
      details: {
        ...(model.customizationType ? { customizationType: model.customizationType } : {}),
        ...(model.baseModelName ? { baseModel: model.baseModelName } : {}),
      },
    });
  }
  for (const model of ofType('aws.bedrock.imported-model')) {
    known.add(model.arn);
    asset({
      scope: scopeOf(model.scope),
      region: model.region,
      kind: 'custom-model',
      id: model.arn,
      name: model.name ?? model.arn,
      model: model.architecture ? { name: model.architecture } : null,
      ...invokedOf(activityOf(model.scope.id, model.region), [model.arn]),
      controls: regionControls(model.scope.id, model.region, model.arn),
      details: { imported: true, ...(model.architecture ? { architecture: model.architecture } : {}) },
    });
  }
  for (const throughput of ofType('aws.bedrock.provisioned-throughput')) {
    known.add(throughput.arn);
    asset({
      scope: scopeOf(throughput.scope),
      region: throughput.region,
      kind: 'provisioned-throughput',
      id: throughput.arn,
      name: throughput.name ?? throughput.arn,
      model: parseModelId(throughput.foundationModelArn ?? throughput.modelArn),
      ...invokedOf(activityOf(throughput.scope.id, throughput.region), [throughput.arn]),
      controls: regionControls(throughput.scope.id, throughput.region, throughput.modelArn),
      details: {
        modelArn: throughput.modelArn,
        ...(throughput.modelUnits !== undefined ? { modelUnits: throughput.modelUnits } : {}),
        ...(throughput.status ? { status: throughput.status } : {}),
        ...(throughput.commitmentDuration ? { commitment: throughput.commitmentDuration } : {}),
      },
    });
  }
  for (const profile of ofType('aws.bedrock.inference-profile')) {
    known.add(profile.arn);
    known.add(profile.inferenceProfileId);
    const firstModel = profile.modelArns[0];
    asset({
      scope: scopeOf(profile.scope),
      region: profile.region,
      kind: 'inference-profile',
      id: profile.arn,
      name: profile.name ?? profile.inferenceProfileId,
      model: firstModel ? parseModelId(firstModel) : null,
      ...invokedOf(activityOf(profile.scope.id, profile.region), [profile.arn, profile.inferenceProfileId]),
      controls: regionControls(profile.scope.id, profile.region, firstModel ?? null),
      details: { models: profile.modelArns.length, ...(profile.profileType ? { type: profile.profileType } : {}) },
    });
  }

  // Models invoked: every ModelId of the AWS/Bedrock Invocations series (or, unread, that ListMetrics found).
  for (const activity of ofType('aws.bedrock.region-activity')) {
    const measured = activityOf(activity.scope.id, activity.region);
    const ids = new Set([...(activity.invokedModelIds ?? []), ...(measured?.models.keys() ?? [])]);
    for (const modelId of [...ids].sort()) {
      if (known.has(modelId)) continue;
      const systemProfile = profilePrefix.test(modelId);
      asset({
        scope: scopeOf(activity.scope),
        region: activity.region,
        kind: systemProfile ? 'inference-profile' : 'foundation-model',
        id: modelId,
        name: modelId,
        model: parseModelId(modelId),
        ...invokedOf(measured, [modelId]),
        controls: regionControls(activity.scope.id, activity.region, modelId),
        ...(systemProfile ? { details: { type: 'SYSTEM_DEFINED' } } : {}),
      });
    }
  }

  for (const agent of ofType('aws.bedrock.agent')) {
    asset({
      scope: scopeOf(agent.scope),
      region: agent.region,
      kind: 'agent',
      id: agent.arn,
      name: agent.name ?? agent.agentId,
      model: null,
      invoked: null,
      reason: 'agent metrics (AWS/Bedrock/Agents) are not read',
      controls: [...(agent.guardrail ? [reference(agent.guardrail)] : []), ...regionControls(agent.scope.id, agent.region, null)],
      ...(agent.status ? { details: { status: agent.status } } : {}),
    });
  }
  for (const knowledgeBase of ofType('aws.bedrock.knowledge-base')) {
    asset({
      scope: scopeOf(knowledgeBase.scope),
      region: knowledgeBase.region,
      kind: 'knowledge-base',
      id: knowledgeBase.arn,
      name: knowledgeBase.name ?? knowledgeBase.knowledgeBaseId,
      model: null,
      invoked: null,
      reason: 'knowledge-base retrievals are not measured by CloudWatch metrics the scan reads',
      controls: [],
      // Guardrails attach to the model calls and agents that use a knowledge base, not to the knowledge base.
      needsControl: false,
      ...(knowledgeBase.status ? { details: { status: knowledgeBase.status } } : {}),
    });
  }
  return assets.map((entry) => (entry.details && Object.keys(entry.details).length === 0 ? (({ details: _empty, ...rest }) => rest)(entry) : entry));
}
