import type { AwsTrail } from '../../src/model/aws.ts';
import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { checkUsedRegions } from './regions.ts';

/** The Bedrock data-event resource types that carry runtime use: ApplyGuardrail, InvokeAgent, Retrieve(AndGenerate), bidirectional/async model invocation. */
const requiredDataEventTypes = ['AWS::Bedrock::Guardrail', 'AWS::Bedrock::AgentAlias', 'AWS::Bedrock::KnowledgeBase', 'AWS::Bedrock::Model'] as const;

const trailName = (entry: AwsTrail) => entry.name ?? entry.arn;
const bedrockTypes = (types: readonly string[]) => types.filter((type) => type.startsWith('AWS::Bedrock::'));

export const rule: RuleModule = {
  meta: {
    id: 'aws/cloudtrail-data-events',
    provider: 'aws',
    title: 'Every region that uses Bedrock has logging trails recording Guardrail, AgentAlias, KnowledgeBase and Model data events',
    severity: 'low',
    resourceTypes: ['aws.cloudtrail.trail'],
    criteria: ['L3.coverage'],
    description:
      'ApplyGuardrail, InvokeAgent, Retrieve/RetrieveAndGenerate and InvokeModelWithBidirectionalStream/async invocations are CloudTrail data events, recorded only when a trail selects them. In each region with Bedrock activity, the logging trails that cover the region (multi-region trails, or trails homed there) must together record data events for AWS::Bedrock::Guardrail, AWS::Bedrock::AgentAlias, AWS::Bedrock::KnowledgeBase and AWS::Bedrock::Model; the types may be split across trails.',
    remediation:
      'Add advanced event selectors to a multi-region trail (aws cloudtrail put-event-selectors --advanced-event-selectors) with eventCategory = Data and resources.type equal to AWS::Bedrock::Guardrail, AWS::Bedrock::AgentAlias, AWS::Bedrock::KnowledgeBase and AWS::Bedrock::Model (one selector per type), and make sure the trail is logging.',
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
    ],
    differences:
      'Prowler cloudtrail_bedrock_logging_enabled accepts a single Bedrock data-event type (or management events alone) as "Bedrock logging"; we require all four runtime types, per used region, and leave management events to aws/cloudtrail-management-events.',
  },
  check(context) {
    return checkUsedRegions(context, 'cloudtrail-data-events', 'cloudtrail:GetEventSelectors', ({ scope, region }) => {
      const byArn = new Map<string, AwsTrail>();
      for (const entry of context.resourcesIn('aws.cloudtrail.trail', scope.id)) {
        if ((entry.isMultiRegion || entry.homeRegion === region) && !byArn.has(entry.arn)) byArn.set(entry.arn, entry);
      }
      const covering = [...byArn.values()].sort((a, b) => trailName(a).localeCompare(trailName(b)));
      const readable = covering.filter((entry) => entry.unreadable === undefined && entry.isLogging === true && entry.dataEventResourceTypes !== undefined);
      const recorded = new Set(readable.flatMap((entry) => entry.dataEventResourceTypes ?? []));
      const missing = requiredDataEventTypes.filter((type) => !recorded.has(type));
      const expected = { dataEventResourceTypes: [...requiredDataEventTypes], trail: 'logging, multi-region or homed in the region' };
      const observed = covering.map((entry) => ({
        trail: entry.arn,
        isMultiRegion: entry.isMultiRegion,
        homeRegion: entry.homeRegion,
        isLogging: entry.isLogging ?? null,
        dataEventResourceTypes: entry.dataEventResourceTypes ? bedrockTypes(entry.dataEventResourceTypes) : null,
      }));
      if (missing.length === 0) {
        const contributors = readable.filter((entry) => requiredDataEventTypes.some((type) => entry.dataEventResourceTypes?.includes(type)));
        return {
          status: 'pass',
          reason: 'data-events-recorded',
          message: `Bedrock data events in ${region} are recorded for ${requiredDataEventTypes.join(', ')} by ${contributors.map((entry) => `trail ${trailName(entry)}`).join(' and ')}.`,
          observed,
          expected,
        };
      }
      // Trails that might still record a missing type, had we been able to read them.
      const undecided = covering.flatMap((entry) => {
        if (entry.isLogging === false) return [];
        if (entry.dataEventResourceTypes !== undefined && !missing.some((type) => entry.dataEventResourceTypes?.includes(type))) return [];
        const gaps = [
          ...(entry.unreadable !== undefined ? [`its details (${entry.unreadable})`] : []),
          ...(entry.isLogging === undefined ? ['its logging status (GetTrailStatus)'] : []),
          ...(entry.dataEventResourceTypes === undefined ? ['its event selectors (GetEventSelectors)'] : []),
        ];
        return gaps.length > 0 ? [`trail ${trailName(entry)}: ${gaps.join(' and ')} could not be read`] : [];
      });
      const listing = context.listing('aws.cloudtrail.trail', scope, region);
      if (listing !== 'ok') undecided.push(`trails in ${region} could not be listed (${listing ?? 'not read'})`);
      if (undecided.length > 0) {
        return {
          status: 'unknown',
          reason: listing !== 'ok' ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
          message: `Whether Bedrock data events for ${missing.join(', ')} are recorded in ${region} could not be decided: ${undecided.join('; ')}.`,
          observed,
          expected,
        };
      }
      if (covering.length === 0) {
        return {
          status: 'fail',
          reason: 'no-covering-trail',
          message: `No CloudTrail trail covers ${region}: Bedrock data events (${missing.join(', ')}) are not recorded there.`,
          observed,
          expected,
        };
      }
      const details = covering.map((entry) => {
        if (entry.isLogging === false) return `trail ${trailName(entry)} is not logging`;
        const types = bedrockTypes(entry.dataEventResourceTypes ?? []);
        return types.length > 0 ? `trail ${trailName(entry)} records ${types.join(', ')}` : `trail ${trailName(entry)} records no Bedrock data events`;
      });
      return {
        status: 'fail',
        reason: 'data-events-not-recorded',
        message: `No logging CloudTrail trail covering ${region} records Bedrock data events for ${missing.join(', ')} (${details.join('; ')}).`,
        observed,
        expected,
      };
    });
  },
};
