/**
 * What the AWS rules and maturity share, derived once per evaluation: in which scanned regions
 * Bedrock is used (spec §6.1), and the guardrails' content filters on the neutral scale.
 */
import type { RuleContext } from '../../src/engine/rule.ts';
import type { ProviderFacts } from '../../src/engine/facts.ts';
import { awsRegionUsage, type RegionUsage } from './regions.ts';
import { awsNeutralControls } from './neutral-controls.ts';
import type { AwsGuardrail, AwsOrgBedrockPolicy } from '../../src/model/aws.ts';
import { awsActivity, type AwsActivity } from './activity.ts';

export interface AwsFacts extends ProviderFacts {
  /** Every scanned region where Bedrock is offered, with whether it is used there. */
  regions: readonly RegionUsage[];
  usedRegions: readonly RegionUsage[];
  /** The effective organisation BEDROCK_POLICY per account (L5.automation). */
  organisationPolicy: { policies: readonly AwsOrgBedrockPolicy[]; unreadable: boolean };
  /** Usage and guardrail activity measured over the metrics window (spec §12; effectiveness, inventory, L4). */
  activity: AwsActivity;
  /** The guardrail versions read (referenced ones, or DRAFT): with the activity, the controls in use. */
  guardrails: readonly AwsGuardrail[];
}

export function deriveAwsFacts(context: RuleContext): AwsFacts {
  const regions = awsRegionUsage(context);
  const usedRegions = regions.filter((entry) => entry.usage === 'used');
  // An account where no region at all could be scanned (discovery found none) shows nothing: undecided, not unused.
  const regionless = context.inventory.scopes.filter(
    (scope) => scope.provider === 'aws' && !context.inventory.regions.some((entry) => entry.provider === 'aws' && entry.scope.id === scope.id),
  );
  const undecided = regions.some((entry) => entry.usage === 'unknown') || regionless.length > 0;
  const usage = usedRegions.length > 0 ? 'used' : undecided ? 'unknown' : 'unused';
  const usageNote =
    usage === 'used'
      ? `Bedrock used in ${usedRegions.map((entry) => entry.region).join(', ')}`
      : usage === 'unknown'
        ? regionless.length > 0
          ? `whether Bedrock is used could not be decided: no region could be scanned in ${regionless.map((scope) => scope.id).join(', ')}`
          : 'whether Bedrock is used could not be decided'
        : 'Bedrock not used';
  const facts: AwsFacts = {
    usage,
    usageNote,
    regions,
    usedRegions,
    organisationPolicy: organisationPolicyFacts(context),
    activity: awsActivity(context),
    guardrails: context.resources('aws.bedrock.guardrail'),
  };
  facts.neutralControls = awsNeutralControls(context, facts);
  return facts;
}

/** The effective organisation BEDROCK_POLICY per account, and whether it could be read everywhere. */
function organisationPolicyFacts(context: RuleContext): AwsFacts['organisationPolicy'] {
  return {
    policies: context.resources('aws.organizations.bedrock-policy'),
    unreadable: context.inventory.listings.some((entry) => entry.resourceType === 'aws.organizations.bedrock-policy' && entry.status !== 'ok'),
  };
}

/** The AWS facts of this evaluation (derived on first use, then shared). */
export function awsFacts(context: RuleContext): AwsFacts {
  return context.memo('facts:aws', () => deriveAwsFacts(context));
}
