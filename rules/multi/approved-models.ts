/**
 * Shadow AI by model: a model deployed or invoked that is not on the policy's allow-list
 * (`baseline.approvedModels`). Reads each provider's AI assets (`facts.aiAssets`).
 */
import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import type { AiAsset } from '../../src/model/ai-inventory.ts';
import { aiAssetsOf } from '../../src/engine/insights.ts';
import { assetVerdict, globMatcher, listed, providerVerdict } from './shadow-ai.ts';

const ruleId = 'multi/approved-models';

export const reasons = {
  approved: 'model-approved',
  notApproved: 'model-not-approved',
  /** Not on the list, and whether it is invoked could not be measured. */
  useUnknown: 'model-use-unknown',
  noList: 'no-approved-models',
  noInventory: 'no-ai-inventory',
} as const;

/**
 * The names a model answers to: as the provider names it, its last path segment
 * (`publishers/google/models/gemini-2.0-flash` → `gemini-2.0-flash`), and prefixed by its
 * publisher (`anthropic.claude-…`, `openai/gpt-4o`), so one pattern style works on every cloud.
 */
export function modelNames(model: NonNullable<AiAsset['model']>): string[] {
  const last = model.name.split('/').pop() ?? model.name;
  const names = [model.name, last];
  if (model.provider) names.push(`${model.provider}.${last}`, `${model.provider}/${last}`);
  return [...new Set(names)];
}

/** A foundation model is in use when invoked; anything else carrying a model (deployment, endpoint, agent …) is in use by being deployed. */
function inUse(asset: AiAsset): boolean | null {
  return asset.kind === 'foundation-model' ? asset.invoked : true;
}

const modelLabel = (model: NonNullable<AiAsset['model']>) => `${model.name}${model.version ? ` (version ${model.version})` : ''}`;

export const rule: RuleModule = {
  meta: {
    id: ruleId,
    provider: 'multi',
    title: 'Every model deployed or invoked is on the policy allow-list',
    severity: 'medium',
    resourceTypes: ['metric.series', 'aws.bedrock.custom-model', 'aws.bedrock.provisioned-throughput', 'azure.deployment', 'gcp.vertex-endpoint'],
    criteria: [],
    description:
      "One verdict per AI asset that carries a model in the providers' AI inventory — a foundation model invoked in the metrics window, a deployment, endpoint, agent, custom or imported model, inference profile or provisioned throughput: pass when the model's name (or its last path segment, or `<publisher>.<name>` / `<publisher>/<name>`) matches a pattern of `baseline.approvedModels` (globs, `*` = any run of characters, case ignored), fail otherwise. A foundation model not on the list whose invocations could not be measured is unknown; one not invoked in the window is not judged. Without `approvedModels` the rule is not applicable.",
    remediation:
      'Replace the model with an approved one (redeploy, or point the application at an approved model id), or — if the model is sanctioned — add it to `baseline.approvedModels` in the policy file.',
    references: ['Spec §12 (shadow AI)', 'OWASP LLM03:2025 Supply Chain', 'NIST AI RMF MAP 4.1 (third-party AI components)'],
  },
  check(context) {
    const patterns = context.baseline.approvedModels;
    const first = context.providers[0];
    if (!first) return [];
    if (patterns === undefined) {
      return [
        providerVerdict(
          ruleId,
          first,
          'estate',
          'not_applicable',
          reasons.noList,
          'The policy has no model allow-list (`baseline.approvedModels`): models in use are not judged.',
        ),
      ];
    }
    const isApproved = globMatcher(patterns);
    const allowed = patterns.length > 0 ? `allowed: ${listed(patterns, 5)}` : 'the allow-list is empty';
    const verdicts: Verdict[] = [];
    for (const { provider, assets } of aiAssetsOf(context)) {
      if (assets === undefined) {
        verdicts.push(
          providerVerdict(
            ruleId,
            provider,
            provider,
            'not_applicable',
            reasons.noInventory,
            `${provider} does not describe its AI assets: its models cannot be judged.`,
          ),
        );
        continue;
      }
      for (const asset of assets) {
        if (!asset.model) continue;
        const model = asset.model;
        const used = inUse(asset);
        const observed = { model: model.name, ...(model.version ? { version: model.version } : {}), ...(model.provider ? { publisher: model.provider } : {}) };
        const expected = { approvedModels: patterns };
        if (modelNames(model).some(isApproved)) {
          if (used === false) continue;
          verdicts.push(
            assetVerdict(context, ruleId, asset, 'pass', reasons.approved, `${asset.kind} ${asset.name} uses approved model ${modelLabel(model)}.`, {
              observed,
              expected,
            }),
          );
        } else if (used === true) {
          verdicts.push(
            assetVerdict(
              context,
              ruleId,
              asset,
              'fail',
              reasons.notApproved,
              `${asset.kind} ${asset.name} ${asset.kind === 'foundation-model' ? 'invokes' : 'uses'} model ${modelLabel(model)}, which is not on the allow-list (${allowed}).`,
              { observed, expected },
            ),
          );
        } else if (used === null) {
          verdicts.push(
            assetVerdict(
              context,
              ruleId,
              asset,
              'unknown',
              reasons.useUnknown,
              `Model ${modelLabel(model)} is not on the allow-list (${allowed}), and whether it is invoked could not be measured${asset.reason ? ` (${asset.reason})` : ''}.`,
              { observed, expected },
            ),
          );
        }
      }
    }
    return verdicts;
  },
};
