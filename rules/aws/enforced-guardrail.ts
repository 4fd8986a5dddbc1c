import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import type { ListingStatus } from '../../src/model/inventory.ts';
import type { GuardrailReference } from '../../src/model/aws.ts';
import { checkUsedRegions } from './regions.ts';
import {
  assessGuardrailBaseline,
  baselineExpectation,
  defaultsNote,
  findGuardrailVersion,
  referenceLabel,
  referencedVersion,
  versionLabel,
} from './guardrails.ts';

/** A listing we could not rely on: denied, failed, or never attempted. */
function unreadableStatus(status: ListingStatus | undefined): boolean {
  return status === undefined || status === 'denied' || status === 'error';
}

export const rule: RuleModule = {
  meta: {
    id: 'aws/enforced-guardrail',
    provider: 'aws',
    title: 'Every region that uses Bedrock enforces a guardrail meeting the baseline on all models',
    severity: 'high',
    resourceTypes: ['aws.bedrock.enforced-guardrail', 'aws.organizations.bedrock-policy', 'aws.bedrock.guardrail'],
    criteria: ['L3.enforcement', 'L3.coverage'],
    description:
      'Guardrails attached by applications are opt-in; an enforced guardrail applies to every model invocation of the account. In each region with Bedrock activity, a guardrail must be enforced on all models, either by an account-level enforced guardrail configuration without included or excluded models (one restricted to some models does not count) or by an assignment for that region in the effective organisation BEDROCK_POLICY. The enforced guardrail version must meet the baseline: PROMPT_ATTACK blocked on input and HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT blocked on input and output at the baseline strengths. The region passes when at least one such enforcement meets the baseline; when the enforced version is not in the inventory or could not be read, or a source of enforcement could not be listed, the verdict is unknown.',
    remediation:
      'Publish a guardrail version that meets the baseline and enforce it on all models: per account with PutEnforcedGuardrailConfiguration (Bedrock console > Guardrails > Enforced guardrails, no model restriction), or for the organisation with a BEDROCK_POLICY whose guardrail_inference assigns "<guardrail ARN>:<version>" in every region in use (and a guardrail resource policy allowing member accounts to apply it).',
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-enforcements.html',
      'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_bedrock.html',
      'Prowler issue #12609 (organisation BEDROCK_POLICY, not covered)',
    ],
    differences: 'No anchor tool checks enforced guardrails (account-level configurations or the organisation BEDROCK_POLICY).',
  },
  check(context) {
    const baseline = context.baseline;
    const expected = { enforcedOnAllModels: true, guardrail: baselineExpectation(baseline) };
    return checkUsedRegions(context, 'enforced-guardrail', 'bedrock:ListEnforcedGuardrailsConfiguration', ({ scope, region }) => {
      const candidates: Array<{ source: string; reference: GuardrailReference }> = [];
      const notCounted: string[] = [];
      const unread: string[] = [];
      /** The reason code of each entry of `unread`, in the same order. */
      const unreadReasons: string[] = [];

      const configStatus = context.listing('aws.bedrock.enforced-guardrail', scope, region);
      if (unreadableStatus(configStatus)) {
        unread.push(`the enforced guardrail configurations in ${region} could not be listed (${configStatus ?? 'not read'})`);
        unreadReasons.push(commonReasons.listingUnreadable);
      }
      const configsHere = context.resourcesIn('aws.bedrock.enforced-guardrail', scope.id, region);
      for (const config of configsHere) {
        if (config.unreadable !== undefined) {
          unread.push(`enforced guardrail configuration ${config.configId} could not be read (${config.unreadable})`);
          unreadReasons.push(commonReasons.resourceUnreadable);
          continue;
        }
        const restrictions = [
          config.includedModels.length > 0 ? `applies only to models ${config.includedModels.join(', ')}` : '',
          config.excludedModels.length > 0 ? `excludes models ${config.excludedModels.join(', ')}` : '',
        ].filter(Boolean);
        if (restrictions.length > 0) {
          notCounted.push(
            `enforced guardrail configuration ${config.configId} ${restrictions.join(' and ')}, so it is not enforced on all models and does not count`,
          );
          continue;
        }
        candidates.push({ source: `account-level configuration ${config.configId}`, reference: config.guardrail });
      }

      if (configStatus === 'ok' && configsHere.length === 0) notCounted.push(`no account-level enforced guardrail configuration exists in ${region}`);

      const policyStatus = context.listing('aws.organizations.bedrock-policy', scope, null);
      const policies = context.resourcesIn('aws.organizations.bedrock-policy', scope.id);
      if (unreadableStatus(policyStatus)) {
        unread.push(`the effective organisation BEDROCK_POLICY could not be read (${policyStatus ?? 'not read'})`);
        unreadReasons.push(commonReasons.listingUnreadable);
      } else if (policies.length === 0) notCounted.push('the account has no effective organisation BEDROCK_POLICY');
      for (const policy of policies) {
        if (policy.unreadable !== undefined) {
          unread.push(`the effective organisation BEDROCK_POLICY could not be read (${policy.unreadable})`);
          unreadReasons.push(commonReasons.resourceUnreadable);
          continue;
        }
        if (!policy.present) {
          notCounted.push('the account has no effective organisation BEDROCK_POLICY');
          continue;
        }
        const assignments = policy.assignments.filter((assignment) => assignment.region === region && assignment.guardrail !== null);
        if (assignments.length === 0) notCounted.push(`the organisation BEDROCK_POLICY assigns no guardrail in ${region}`);
        for (const assignment of assignments) {
          if (assignment.guardrail) candidates.push({ source: `organisation BEDROCK_POLICY ${assignment.name}`, reference: assignment.guardrail });
        }
      }

      const meets: string[] = [];
      const below: string[] = [];
      const undecided: string[] = [];
      /** The reason code of each entry of `undecided`, in the same order. */
      const undecidedReasons: string[] = [];
      const observed = candidates.map(({ source, reference }) => {
        const label = `${source} (guardrail ${referenceLabel(reference)})`;
        if (referencedVersion(reference) === null) {
          undecided.push(`${label} names no guardrail version`);
          undecidedReasons.push('enforced-version-unspecified');
          return { source, guardrail: reference, baseline: 'unknown' };
        }
        const version = findGuardrailVersion(context, reference, scope, region);
        if (!version) {
          undecided.push(`the enforced version of ${label} is not in the inventory`);
          undecidedReasons.push('enforced-version-not-collected');
          return { source, guardrail: reference, baseline: 'unknown' };
        }
        const assessment = assessGuardrailBaseline(version, baseline);
        if (assessment.status === 'unknown') {
          undecided.push(`${label}: ${assessment.reason}`);
          undecidedReasons.push(commonReasons.resourceUnreadable);
        } else if (assessment.status === 'meets')
          meets.push(`${versionLabel(version)} is enforced on all models by ${source} and meets the baseline.${defaultsNote(assessment.defaults)}`);
        else below.push(`${source} enforces ${versionLabel(version)}, which is below the baseline: ${assessment.problems.join('; ')}`);
        return { source, guardrail: reference, baseline: assessment.status };
      });
      const details = { enforcements: observed, notCounted, unreadable: unread };

      const first = meets[0];
      if (first !== undefined) return { status: 'pass', reason: 'enforced-meets-baseline', message: `${region}: ${first}`, observed: details, expected };
      const known = [...below, ...notCounted];
      const knownText = known.length > 0 ? ` Known so far: ${known.join('; ')}.` : '';
      if (undecided.length > 0 || unread.length > 0) {
        return {
          status: 'unknown',
          reason: [...undecidedReasons, ...unreadReasons][0] ?? commonReasons.resourceUnreadable,
          message: `Whether a guardrail meeting the baseline is enforced on all models in ${region} cannot be decided: ${[...undecided, ...unread].join('; ')}.${knownText}`,
          observed: details,
          expected,
        };
      }
      if (below.length > 0) {
        return {
          status: 'fail',
          reason: 'enforced-below-baseline',
          message: `The guardrail enforced on all models in ${region} does not meet the baseline: ${below.join('; ')}.${notCounted.length > 0 ? ` Also: ${notCounted.join('; ')}.` : ''}`,
          observed: details,
          expected,
        };
      }
      return {
        status: 'fail',
        reason: 'no-enforced-guardrail',
        message: `No guardrail is enforced on all models in ${region}${notCounted.length > 0 ? `: ${notCounted.join('; ')}` : ''}.`,
        observed: details,
        expected,
      };
    });
  },
};
