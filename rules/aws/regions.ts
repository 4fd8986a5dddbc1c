import type { ScopeRef } from '../../src/model/common.ts';
import type { ResourceType } from '../../src/model/inventory.ts';
import type { RuleContext, Verdict } from '../../src/engine/rule.ts';
import { commonReasons, type Outcome } from '../../src/engine/verdicts.ts';

export type RegionUsageState = 'used' | 'unused' | 'unknown';

export interface RegionUsage {
  scope: ScopeRef;
  region: string;
  usage: RegionUsageState;
  /** Why the region counts as used, or which reads failed when usage is unknown. */
  evidence: string[];
}

/** Resource types whose presence in a region means Bedrock is used there (spec §6.1). */
const usageResourceTypes = [
  'aws.bedrock.guardrail',
  'aws.bedrock.agent',
  'aws.bedrock.knowledge-base',
  'aws.bedrock.custom-model',
  'aws.bedrock.invocation-logging',
  'aws.bedrock.region-activity',
] as const satisfies readonly ResourceType[];

export function awsPartition(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** The subject of a region-level verdict, ARN-shaped like Prowler's (`arn:aws:bedrock:<region>:<account>:<what>`). */
export function regionSubject(scope: ScopeRef, region: string, what: string) {
  return { id: `arn:${awsPartition(region)}:bedrock:${region}:${scope.id}:${what}`, type: 'aws.region' };
}

/**
 * Decides for every scanned AWS region whether Bedrock is used there. A region with no
 * evidence of use is `unknown` (not `unused`) when any read that could have shown use failed.
 * Derived once per evaluation: every caller shares the same (unmodified) list.
 */
export function awsRegionUsage(context: RuleContext): RegionUsage[] {
  return context.memo('aws/region-usage', () => deriveRegionUsage(context));
}

/** The region usages of one AWS account, in the order of {@link awsRegionUsage}. */
export function awsRegionUsageIn(context: RuleContext, scopeId: string): readonly RegionUsage[] {
  const byScope = context.memo('aws/region-usage-by-scope', () => {
    const groups = new Map<string, RegionUsage[]>();
    for (const usage of awsRegionUsage(context)) {
      const list = groups.get(usage.scope.id);
      if (list) list.push(usage);
      else groups.set(usage.scope.id, [usage]);
    }
    return groups;
  });
  return byScope.get(scopeId) ?? [];
}

function deriveRegionUsage(context: RuleContext): RegionUsage[] {
  return context.inventory.regions
    .filter((entry) => entry.provider === 'aws' && entry.supported)
    .map((entry) => {
      const inRegion = <T extends ResourceType>(type: T) => context.resourcesIn(type, entry.scope.id, entry.region);
      const evidence: string[] = [];
      for (const type of ['aws.bedrock.guardrail', 'aws.bedrock.agent', 'aws.bedrock.knowledge-base', 'aws.bedrock.custom-model'] as const) {
        const count = inRegion(type).length;
        if (count > 0) evidence.push(`${count} ${type.replace('aws.bedrock.', '')}${count > 1 ? 's' : ''}`);
      }
      if (inRegion('aws.bedrock.invocation-logging').some((logging) => logging.configured)) evidence.push('invocation logging configured');
      const gaps: string[] = [];
      for (const activity of inRegion('aws.bedrock.region-activity')) {
        if (activity.bedrockMetricNames === undefined) gaps.push('AWS/Bedrock metrics');
        else if (activity.bedrockMetricNames.length > 0) evidence.push(`AWS/Bedrock metrics with data (${activity.bedrockMetricNames.join(', ')})`);
        if (activity.provisionedThroughputCount === undefined) gaps.push('provisioned throughput');
        else if (activity.provisionedThroughputCount > 0) evidence.push(`${activity.provisionedThroughputCount} provisioned throughput`);
        if (activity.applicationInferenceProfileCount === undefined) gaps.push('application inference profiles');
        else if (activity.applicationInferenceProfileCount > 0) evidence.push(`${activity.applicationInferenceProfileCount} application inference profile(s)`);
      }
      if (evidence.length > 0) return { scope: entry.scope, region: entry.region, usage: 'used' as const, evidence };
      for (const type of usageResourceTypes) {
        const status = context.listing(type, entry.scope, entry.region);
        if (status !== 'ok') gaps.push(`${type} (${status ?? 'not read'})`);
      }
      return gaps.length > 0
        ? { scope: entry.scope, region: entry.region, usage: 'unknown' as const, evidence: gaps }
        : { scope: entry.scope, region: entry.region, usage: 'unused' as const, evidence: [] };
    });
}

export type RegionOutcome = Outcome;

/**
 * Runs a region-level check in every region where Bedrock is used. Regions without use get no
 * verdict (users should not see failures for regions they never touched); where use is unknown
 * a failing check becomes `unknown`, since the region might not need the control.
 */
export function checkUsedRegions(context: RuleContext, what: string, api: string, check: (usage: RegionUsage) => RegionOutcome): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const usage of awsRegionUsage(context)) {
    if (usage.usage === 'unused') continue;
    const outcome = check(usage);
    const undecidedUse = usage.usage === 'unknown' && outcome.status === 'fail';
    verdicts.push({
      status: undecidedUse ? 'unknown' : outcome.status,
      reason: undecidedUse ? commonReasons.usageUndecided : outcome.reason,
      resource: regionSubject(usage.scope, usage.region, what),
      scope: usage.scope,
      region: usage.region,
      message: undecidedUse
        ? `${outcome.message} Whether Bedrock is used in ${usage.region} could not be decided: ${usage.evidence.join(', ')} unreadable.`
        : outcome.message,
      ...(outcome.observed !== undefined ? { observed: outcome.observed } : {}),
      ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}),
      source: { kind: 'api', api },
    });
  }
  return verdicts;
}
