import type { ScopeRef } from '../../src/model/common.ts';
import type { AwsTrail } from '../../src/model/aws.ts';
import type { RuleContext, RuleModule, Verdict } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { awsPartition, awsRegionUsageIn } from './regions.ts';

const SUBJECT_TYPE = 'aws.account';

/** `arn:<partition>:cloudtrail::<account>:management-events`, the subject of the account-level verdict. */
function subjectId(context: RuleContext, scope: ScopeRef): string {
  // The first scanned AWS region of each account, indexed once.
  const firstRegion = context.memo('aws/first-scanned-region', () => {
    const regions = new Map<string, string>();
    for (const entry of context.inventory.regions) if (entry.provider === 'aws' && !regions.has(entry.scope.id)) regions.set(entry.scope.id, entry.region);
    return regions;
  });
  const region = firstRegion.get(scope.id);
  return `arn:${region ? awsPartition(region) : 'aws'}:cloudtrail::${scope.id}:management-events`;
}

interface TrailAssessment {
  trail: AwsTrail;
  state: 'qualifies' | 'no' | 'undecided';
  /** Why the trail does not qualify (definite), or which of its facts could not be read. */
  reasons: string[];
}

function assess(entry: AwsTrail): TrailAssessment {
  const reasons: string[] = [];
  if (entry.isLogging === false) reasons.push('is not logging');
  if (!entry.isMultiRegion) reasons.push(`is single-region (home ${entry.homeRegion})`);
  if (entry.managementEvents === 'read') reasons.push('records only read-only management events');
  if (entry.managementEvents === 'none') reasons.push('records no management events');
  if (reasons.length > 0) return { trail: entry, state: 'no', reasons };
  const gaps: string[] = [];
  if (entry.unreadable !== undefined) gaps.push(`its details could not be read (${entry.unreadable})`);
  if (entry.isLogging === undefined) gaps.push('its logging status (GetTrailStatus) could not be read');
  if (entry.managementEvents === undefined) gaps.push('its event selectors (GetEventSelectors) could not be read');
  return gaps.length > 0 ? { trail: entry, state: 'undecided', reasons: gaps } : { trail: entry, state: 'qualifies', reasons: [] };
}

const trailName = (entry: AwsTrail) => entry.name ?? entry.arn;

/** One entry per trail ARN: multi-region and organisation trails are listed in every region. */
function trailsOf(context: RuleContext, scope: ScopeRef): AwsTrail[] {
  const byArn = new Map<string, AwsTrail>();
  for (const entry of context.resourcesIn('aws.cloudtrail.trail', scope.id)) {
    const seen = byArn.get(entry.arn);
    // Prefer the copy read in the trail's home region, where status and selectors are authoritative.
    if (!seen || (seen.region !== seen.homeRegion && entry.region === entry.homeRegion)) byArn.set(entry.arn, entry);
  }
  return [...byArn.values()].sort((a, b) => trailName(a).localeCompare(trailName(b)));
}

export const rule: RuleModule = {
  meta: {
    id: 'aws/cloudtrail-management-events',
    provider: 'aws',
    title: 'A logging, multi-region CloudTrail trail records write management events in every account that uses Bedrock',
    severity: 'medium',
    resourceTypes: ['aws.cloudtrail.trail'],
    criteria: ['L2.logging', 'L3.coverage'],
    presenceOf: ['aws.cloudtrail.trail'],
    description:
      'Bedrock control-plane changes (CreateGuardrail, UpdateGuardrail, DeleteGuardrail, UpdateAgent, PutModelInvocationLoggingConfiguration, enforced guardrail changes) are management events. They are kept durably only when a trail that is logging, covers all regions, and records write (or all) management events delivers them. One verdict per AWS account in which Bedrock is used (or its use could not be ruled out).',
    remediation:
      'Create or fix a multi-region trail (or use the organisation trail): aws cloudtrail create-trail --is-multi-region-trail, aws cloudtrail start-logging, and event selectors that include management events with ReadWriteType All or WriteOnly (advanced selector eventCategory = Management without readOnly = true).',
    references: [
      'Prowler cloudtrail_bedrock_logging_enabled',
      'CIS AWS Foundations Benchmark 3.1 (multi-region CloudTrail)',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html',
    ],
    differences:
      'Prowler passes any logging trail (single-region too) with suitable management selectors, and also counts Bedrock data-event selectors as "Bedrock logging"; we require a multi-region trail recording write management events (data events are aws/cloudtrail-data-events). Prowler emits one PASS per qualifying trail; we emit one verdict per account. We give no verdict for an account without Bedrock use, and report unknown when trail status or selectors could not be read.',
  },
  check(context) {
    const verdicts: Verdict[] = [];
    for (const scope of context.inventory.scopes.filter((entry) => entry.provider === 'aws' && entry.type === 'account')) {
      const usages = awsRegionUsageIn(context, scope.id);
      if (!usages.some((entry) => entry.usage !== 'unused')) continue;
      const useKnown = usages.some((entry) => entry.usage === 'used');
      const subject = { id: subjectId(context, scope), type: SUBJECT_TYPE };
      const api = { kind: 'api' as const, api: 'cloudtrail:DescribeTrails' };
      const expected = { isMultiRegion: true, isLogging: true, managementEvents: ['all', 'write'] };
      const assessments = trailsOf(context, scope).map(assess);
      const observed = assessments.map(({ trail: entry }) => ({
        trail: entry.arn,
        isMultiRegion: entry.isMultiRegion,
        isLogging: entry.isLogging ?? null,
        managementEvents: entry.managementEvents ?? null,
      }));
      const qualifying = assessments.filter((entry) => entry.state === 'qualifies');
      const first = qualifying[0];
      if (first) {
        const names = qualifying.map(({ trail: entry }) => `${trailName(entry)}${entry.isOrganizationTrail ? ' (organisation trail)' : ''}`);
        verdicts.push({
          status: 'pass',
          reason: 'management-events-recorded',
          resource: subject,
          scope,
          region: null,
          message: `Account ${scope.id} has a logging multi-region CloudTrail trail recording ${first.trail.managementEvents === 'all' ? 'all' : 'write'} management events: ${names.join(', ')}.`,
          observed,
          expected,
          source: first.trail.source,
        });
        continue;
      }
      const trailListings = context.listingsIn('aws.cloudtrail.trail', scope.id);
      const failedListings = trailListings.filter((entry) => entry.status === 'denied' || entry.status === 'error');
      const anyListingRead = trailListings.some((entry) => entry.status === 'ok');
      const undecided = assessments.filter((entry) => entry.state === 'undecided');
      const explained = assessments.filter((entry) => entry.state === 'no').map((entry) => `trail ${trailName(entry.trail)} ${entry.reasons.join(' and ')}`);
      const definite =
        assessments.length === 0
          ? `Account ${scope.id} has no CloudTrail trail: Bedrock control-plane changes are kept only in the 90-day event history.`
          : `No CloudTrail trail in account ${scope.id} is logging, multi-region and recording write management events: ${explained.join('; ')}.`;
      if (undecided.length > 0 || failedListings.length > 0 || !anyListingRead) {
        const gaps = [
          ...undecided.map((entry) => `for trail ${trailName(entry.trail)} ${entry.reasons.join(' and ')}`),
          ...failedListings.map(
            (entry) => `trails could not be listed in ${entry.region ?? 'the account'} (${entry.status}${entry.message ? `: ${entry.message}` : ''})`,
          ),
          ...(anyListingRead || failedListings.length > 0 ? [] : ['trails were not listed in any region']),
        ];
        verdicts.push({
          status: 'unknown',
          reason: failedListings.length > 0 || !anyListingRead ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
          resource: subject,
          scope,
          region: null,
          message: `Whether account ${scope.id} records Bedrock management events could not be decided: ${gaps.join('; ')}.${explained.length > 0 ? ` Readable trails do not qualify: ${explained.join('; ')}.` : ''}`,
          observed,
          expected,
          source: api,
        });
        continue;
      }
      const undecidedUse = usages.filter((entry) => entry.usage === 'unknown');
      verdicts.push({
        status: useKnown ? 'fail' : 'unknown',
        reason: useKnown ? (assessments.length === 0 ? 'no-trail' : 'no-qualifying-trail') : commonReasons.usageUndecided,
        resource: subject,
        scope,
        region: null,
        message: useKnown
          ? definite
          : `${definite} Whether Bedrock is used in account ${scope.id} could not be decided: ${undecidedUse.map((entry) => `${entry.region} (${entry.evidence.join(', ')} unreadable)`).join('; ')}.`,
        observed,
        expected,
        source: api,
      });
    }
    return verdicts;
  },
};
