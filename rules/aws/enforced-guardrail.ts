import type { RuleModule } from '../../src/engine/rule.ts';
import type { ListingStatus } from '../../src/model/inventory.ts';
import type { GuardrailReference } from '../../src/model/aws.ts';
import { agent, allContentFilters, awsInventory, contentFilter, enforcedGuardrail, guardrail, orgPolicy, regionActivity } from './case-builders.ts';
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

const usEast = 'arn:aws:bedrock:us-east-1:111122223333:enforced-guardrail';
const euWest = 'arn:aws:bedrock:eu-west-1:111122223333:enforced-guardrail';
const strongArn = 'arn:aws:bedrock:us-east-1:111122223333:guardrail/gr-strong';

/** A listing we could not rely on: denied, failed, or never attempted. */
function unreadableStatus(status: ListingStatus | undefined): boolean {
  return status === undefined || status === 'denied' || status === 'error';
}

/** A weak guardrail version: PROMPT_ATTACK LOW and HATE output LOW. */
const weak = guardrail({
  guardrailId: 'gr-weak',
  contentPolicy: {
    tier: 'STANDARD',
    filters: [
      ...allContentFilters('high').filter((filter) => filter.type !== 'PROMPT_ATTACK' && filter.type !== 'HATE'),
      contentFilter('PROMPT_ATTACK', 'low'),
      contentFilter('HATE', 'high', { output: { enabled: true, action: 'BLOCK', strength: 'low' } }),
    ],
  },
});
const weakReference = { identifier: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/gr-weak', version: '1' };

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

      const configStatus = context.listing('aws.bedrock.enforced-guardrail', scope, region);
      if (unreadableStatus(configStatus)) unread.push(`the enforced guardrail configurations in ${region} could not be listed (${configStatus ?? 'not read'})`);
      for (const config of context.resources('aws.bedrock.enforced-guardrail').filter((entry) => entry.scope.id === scope.id && entry.region === region)) {
        if (config.unreadable !== undefined) {
          unread.push(`enforced guardrail configuration ${config.configId} could not be read (${config.unreadable})`);
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

      const configsHere = context.resources('aws.bedrock.enforced-guardrail').filter((entry) => entry.scope.id === scope.id && entry.region === region);
      if (configStatus === 'ok' && configsHere.length === 0) notCounted.push(`no account-level enforced guardrail configuration exists in ${region}`);

      const policyStatus = context.listing('aws.organizations.bedrock-policy', scope, null);
      const policies = context.resources('aws.organizations.bedrock-policy').filter((entry) => entry.scope.id === scope.id);
      if (unreadableStatus(policyStatus)) unread.push(`the effective organisation BEDROCK_POLICY could not be read (${policyStatus ?? 'not read'})`);
      else if (policies.length === 0) notCounted.push('the account has no effective organisation BEDROCK_POLICY');
      for (const policy of policies) {
        if (policy.unreadable !== undefined) {
          unread.push(`the effective organisation BEDROCK_POLICY could not be read (${policy.unreadable})`);
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
      const observed = candidates.map(({ source, reference }) => {
        const label = `${source} (guardrail ${referenceLabel(reference)})`;
        if (referencedVersion(reference) === null) {
          undecided.push(`${label} names no guardrail version`);
          return { source, guardrail: reference, baseline: 'unknown' };
        }
        const version = findGuardrailVersion(context, reference, scope, region);
        if (!version) {
          undecided.push(`the enforced version of ${label} is not in the inventory`);
          return { source, guardrail: reference, baseline: 'unknown' };
        }
        const assessment = assessGuardrailBaseline(version, baseline);
        if (assessment.status === 'unknown') undecided.push(`${label}: ${assessment.reason}`);
        else if (assessment.status === 'meets')
          meets.push(`${versionLabel(version)} is enforced on all models by ${source} and meets the baseline.${defaultsNote(assessment.defaults)}`);
        else below.push(`${source} enforces ${versionLabel(version)}, which is below the baseline: ${assessment.problems.join('; ')}`);
        return { source, guardrail: reference, baseline: assessment.status };
      });
      const details = { enforcements: observed, notCounted, unreadable: unread };

      const first = meets[0];
      if (first !== undefined) return { status: 'pass', message: `${region}: ${first}`, observed: details, expected };
      const known = [...below, ...notCounted];
      const knownText = known.length > 0 ? ` Known so far: ${known.join('; ')}.` : '';
      if (undecided.length > 0 || unread.length > 0) {
        return {
          status: 'unknown',
          message: `Whether a guardrail meeting the baseline is enforced on all models in ${region} cannot be decided: ${[...undecided, ...unread].join('; ')}.${knownText}`,
          observed: details,
          expected,
        };
      }
      if (below.length > 0) {
        return {
          status: 'fail',
          message: `The guardrail enforced on all models in ${region} does not meet the baseline: ${below.join('; ')}.${notCounted.length > 0 ? ` Also: ${notCounted.join('; ')}.` : ''}`,
          observed: details,
          expected,
        };
      }
      return {
        status: 'fail',
        message: `No guardrail is enforced on all models in ${region}${notCounted.length > 0 ? `: ${notCounted.join('; ')}` : ''}.`,
        observed: details,
        expected,
      };
    });
  },
  cases: [
    { name: 'no Bedrock use: no verdicts', inventory: awsInventory({ resources: [enforcedGuardrail()] }), expect: [] },
    {
      name: 'account-level configuration on all models with a guardrail meeting the baseline passes',
      inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail()] }),
      expect: [
        {
          resource: usEast,
          status: 'pass',
          message: /us-east-1: Guardrail gr-strong version 1 is enforced on all models by account-level configuration cfg-1 and meets the baseline/,
        },
      ],
    },
    {
      name: 'a configuration naming the guardrail by id matches the version in the same region',
      inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ guardrail: { identifier: 'gr-strong', version: '1' } })] }),
      expect: [{ resource: usEast, status: 'pass' }],
    },
    {
      name: 'used region without any enforcement fails; unused region gets no verdict',
      inventory: awsInventory({ resources: [guardrail(), orgPolicy({ present: false })] }),
      expect: [
        {
          resource: usEast,
          status: 'fail',
          message:
            /No guardrail is enforced on all models in us-east-1: no account-level enforced guardrail configuration exists in us-east-1; the account has no effective organisation BEDROCK_POLICY\./,
        },
      ],
    },
    {
      name: 'a configuration restricted to some models does not count',
      inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ includedModels: ['anthropic.claude-3-haiku-20240307-v1:0'] })] }),
      expect: [
        {
          resource: usEast,
          status: 'fail',
          message: /cfg-1 applies only to models anthropic\.claude-3-haiku-20240307-v1:0, so it is not enforced on all models and does not count/,
        },
      ],
    },
    {
      name: 'a configuration excluding models does not count',
      inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ excludedModels: ['amazon.titan-text-express-v1'] })] }),
      expect: [{ resource: usEast, status: 'fail', message: /cfg-1 excludes models amazon\.titan-text-express-v1, so it is not enforced on all models/ }],
    },
    {
      name: 'organisation BEDROCK_POLICY assigning the guardrail in the region passes',
      inventory: awsInventory({
        resources: [
          guardrail(),
          orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: `${strongArn}:1`, version: null } }] }),
        ],
      }),
      expect: [{ resource: usEast, status: 'pass', message: /by organisation BEDROCK_POLICY config_1/ }],
    },
    {
      name: 'organisation policy covering another region only: the used region fails and says so',
      inventory: awsInventory({
        resources: [
          guardrail(),
          regionActivity({ region: 'eu-west-1', id: 'arn:aws:bedrock:eu-west-1:111122223333:activity', bedrockMetricNames: ['Invocations'] }),
          orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: strongArn, version: '1' } }] }),
        ],
      }),
      expect: [
        { resource: usEast, status: 'pass' },
        { resource: euWest, status: 'fail', message: /the organisation BEDROCK_POLICY assigns no guardrail in eu-west-1/ },
      ],
    },
    {
      name: 'an enforced guardrail below the baseline fails and names category, direction and strength',
      inventory: awsInventory({ resources: [weak, enforcedGuardrail({ guardrail: weakReference })] }),
      expect: [
        {
          resource: usEast,
          status: 'fail',
          message:
            /cfg-1 enforces Guardrail gr-weak version 1, which is below the baseline: PROMPT_ATTACK input strength is LOW, below HIGH; HATE output strength is LOW, below MEDIUM/,
        },
      ],
    },
    {
      name: 'an enforced guardrail without a content policy fails',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: null }), enforcedGuardrail()] }),
      expect: [{ resource: usEast, status: 'fail', message: /it has no content policy/ }],
    },
    {
      name: 'a weak account-level configuration is outweighed by an organisation policy meeting the baseline',
      inventory: awsInventory({
        resources: [
          weak,
          guardrail(),
          enforcedGuardrail({ guardrail: weakReference }),
          orgPolicy({ assignments: [{ region: 'us-east-1', name: 'config_1', guardrail: { identifier: strongArn, version: '1' } }] }),
        ],
      }),
      expect: [{ resource: usEast, status: 'pass', message: /organisation BEDROCK_POLICY config_1/ }],
    },
    {
      name: 'the enforced version missing from the inventory is unknown',
      inventory: awsInventory({ resources: [guardrail(), enforcedGuardrail({ guardrail: { identifier: strongArn, version: '2' } })] }),
      expect: [{ resource: usEast, status: 'unknown', message: /version 2\) is not in the inventory/ }],
    },
    {
      name: 'the enforced version unreadable is unknown',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' }), enforcedGuardrail()] }),
      expect: [{ resource: usEast, status: 'unknown', message: /content policy of Guardrail gr-strong version 1 could not be read \(AccessDeniedException\)/ }],
    },
    {
      name: 'denied enforced-configuration listing with no other enforcement is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail()], failed: [{ type: 'aws.bedrock.enforced-guardrail', region: 'us-east-1' }] }),
      expect: [{ resource: usEast, status: 'unknown', message: /enforced guardrail configurations in us-east-1 could not be listed \(denied\)/ }],
    },
    {
      name: 'denied organisation policy read with no other enforcement is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [agent()], failed: [{ type: 'aws.organizations.bedrock-policy', region: null }] }),
      expect: [{ resource: usEast, status: 'unknown', message: /BEDROCK_POLICY could not be read \(denied\)/ }],
    },
    {
      name: 'a weak configuration while the organisation policy is unreadable is unknown and reports what is known',
      inventory: awsInventory({
        regions: ['us-east-1'],
        resources: [weak, enforcedGuardrail({ guardrail: weakReference })],
        failed: [{ type: 'aws.organizations.bedrock-policy', region: null }],
      }),
      expect: [
        {
          resource: usEast,
          status: 'unknown',
          message: /Known so far: account-level configuration cfg-1 enforces Guardrail gr-weak version 1, which is below the baseline/,
        },
      ],
    },
    {
      name: 'denied organisation policy read does not matter when the account enforces a guardrail meeting the baseline',
      inventory: awsInventory({
        regions: ['us-east-1'],
        resources: [guardrail(), enforcedGuardrail()],
        failed: [{ type: 'aws.organizations.bedrock-policy', region: null }],
      }),
      expect: [{ resource: usEast, status: 'pass' }],
    },
    {
      name: 'no enforcement where Bedrock use cannot be decided is unknown, not fail',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [regionActivity({ bedrockMetricNames: undefined })] }),
      expect: [{ resource: usEast, status: 'unknown', message: /could not be decided/ }],
    },
  ],
};
