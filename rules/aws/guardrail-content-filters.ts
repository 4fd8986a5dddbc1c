import type { RuleModule } from '../../src/engine/rule.ts';
import type { GuardrailContentFilter } from '../../src/model/aws.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { allContentFilters, awsInventory, contentFilter, guardrail } from './case-builders.ts';
import { assessHarmCategories, awsStrength, defaultsNote, harmFilterTypes, observedFilters, unreadableVersion, versionLabel } from './guardrails.ts';

/** The default guardrail with one content filter replaced. */
function withFilter(type: string, filter: GuardrailContentFilter | null) {
  const filters = allContentFilters('high').filter((candidate) => candidate.type !== type);
  return guardrail({ contentPolicy: { tier: 'STANDARD', filters: filter ? [...filters, filter] : filters } });
}

const id = guardrail().id;

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-content-filters',
    provider: 'aws',
    title: 'Guardrails block HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT on input and output at the baseline strength',
    severity: 'high',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.coverage', 'L5.multi-cloud'],
    description:
      'Checks each evaluated guardrail version (the versions referenced by agents, enforced configurations or the organisation policy, or DRAFT when none is referenced) for content filters HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT that are enabled on input and output, use action BLOCK, and are at least as strong as the baseline (default MEDIUM both ways). Omitted fields take their AWS defaults: an omitted inputEnabled/outputEnabled counts as enabled, an omitted inputAction/outputAction as BLOCK; the verdict says when a default was assumed.',
    remediation:
      'Edit the guardrail: under Content filters enable Hate, Insults, Sexual, Violence and Misconduct for prompts and responses with action Block and at least the baseline strength (Medium by default), then publish a new version and point agents and enforced configurations at it.',
    references: ['https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-content-filters.html', 'OWASP LLM05:2025 Improper Output Handling'],
    differences:
      'No anchor tool checks these categories (Prowler only scores PROMPT_ATTACK); this rule fills that gap with the same baseline used for Azure and GCP.',
  },
  check(context) {
    const baseline = context.baseline;
    const expected = {
      types: [...harmFilterTypes],
      enabled: true,
      action: 'BLOCK',
      inputStrength: `>= ${awsStrength(baseline.harmCategories.input)}`,
      outputStrength: `>= ${awsStrength(baseline.harmCategories.output)}`,
    };
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.unreadable !== undefined || version.contentPolicy === undefined) return unreadableVersion(version, 'the content policy');
        if (version.contentPolicy === null) {
          return verdictOn(version, 'fail', `${versionLabel(version)} has no content policy: ${harmFilterTypes.join(', ')} are not filtered.`, {
            observed: null,
            expected,
          });
        }
        const filters = version.contentPolicy.filters;
        const observed = observedFilters(filters, harmFilterTypes);
        const { problems, defaults } = assessHarmCategories(filters, baseline);
        if (problems.length > 0) {
          return verdictOn(version, 'fail', `${versionLabel(version)} does not block every harm category at the baseline: ${problems.join('; ')}.`, {
            observed,
            expected,
          });
        }
        return verdictOn(
          version,
          'pass',
          `${versionLabel(version)} blocks ${harmFilterTypes.join(', ')} on input (>= ${awsStrength(baseline.harmCategories.input)}) and output (>= ${awsStrength(baseline.harmCategories.output)}).${defaultsNote(defaults)}`,
          { observed, expected },
        );
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
  cases: [
    { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'all five categories HIGH both ways pass',
      inventory: awsInventory({ resources: [guardrail()] }),
      expect: [{ resource: id, status: 'pass' }],
    },
    {
      name: 'MEDIUM both ways passes against the default baseline',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('medium') } })] }),
      expect: [{ resource: id, status: 'pass' }],
    },
    {
      name: 'LOW everywhere fails and names every category and direction',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('low') } })] }),
      expect: [
        {
          resource: id,
          status: 'fail',
          message:
            /HATE input strength is LOW, below MEDIUM; HATE output strength is LOW, below MEDIUM; INSULTS input .*MISCONDUCT output strength is LOW, below MEDIUM\./,
        },
      ],
    },
    {
      name: 'a missing category fails and is named',
      inventory: awsInventory({ resources: [withFilter('INSULTS', null)] }),
      expect: [{ resource: id, status: 'fail', message: /INSULTS filter is missing/ }],
    },
    {
      name: 'no content policy fails',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: null })] }),
      expect: [{ resource: id, status: 'fail', message: /has no content policy/ }],
    },
    {
      name: 'output disabled fails and names the direction (not its action or strength)',
      inventory: awsInventory({
        resources: [withFilter('SEXUAL', contentFilter('SEXUAL', 'high', { output: { enabled: false, action: 'NONE', strength: 'off' } }))],
      }),
      expect: [{ resource: id, status: 'fail', message: /: SEXUAL output is disabled\.$/ }],
    },
    {
      name: 'output strength NONE fails as NONE, not OFF',
      inventory: awsInventory({
        resources: [withFilter('VIOLENCE', contentFilter('VIOLENCE', 'high', { output: { enabled: true, action: 'BLOCK', strength: 'off' } }))],
      }),
      expect: [{ resource: id, status: 'fail', message: /VIOLENCE output strength is NONE, below MEDIUM/ }],
    },
    {
      name: 'input action NONE (detect mode) fails',
      inventory: awsInventory({
        resources: [withFilter('HATE', contentFilter('HATE', 'high', { input: { enabled: true, action: 'NONE', strength: 'high' } }))],
      }),
      expect: [{ resource: id, status: 'fail', message: /HATE input action is NONE/ }],
    },
    {
      name: 'omitted action and enabled take the AWS defaults (BLOCK, enabled) and say so',
      inventory: awsInventory({
        resources: [withFilter('MISCONDUCT', contentFilter('MISCONDUCT', 'high', { output: { enabled: null, action: null, strength: 'high' } }))],
      }),
      expect: [{ resource: id, status: 'pass', message: /AWS defaults: MISCONDUCT output enabled \(true\), MISCONDUCT output action \(BLOCK\)/ }],
    },
    {
      name: 'omitted enabled does not rescue strength NONE',
      inventory: awsInventory({
        resources: [withFilter('MISCONDUCT', contentFilter('MISCONDUCT', 'high', { input: { enabled: null, action: null, strength: 'off' } }))],
      }),
      expect: [{ resource: id, status: 'fail', message: /MISCONDUCT input strength is NONE, below MEDIUM/ }],
    },
    {
      name: 'MEDIUM fails when the baseline asks for HIGH on output only',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('medium') } })] }),
      baseline: { harmCategories: { input: 'medium', output: 'high' } },
      expect: [{ resource: id, status: 'fail', message: /HATE output strength is MEDIUM, below HIGH/ }],
    },
    {
      name: 'unreadable guardrail version is unknown',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: id, status: 'unknown', message: /AccessDeniedException/ }],
    },
    {
      name: 'content policy not read is unknown',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined })] }),
      expect: [{ resource: id, status: 'unknown' }],
    },
    {
      name: 'denied ListGuardrails in a region is unknown for that region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
      expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown' }],
    },
  ],
};
