import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { assessHarmCategories, awsStrength, defaultsNote, harmFilterTypes, observedFilters, unreadableVersion, versionLabel } from './guardrails.ts';

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
          return verdictOn(
            version,
            'fail',
            'no-content-policy',
            `${versionLabel(version)} has no content policy: ${harmFilterTypes.join(', ')} are not filtered.`,
            {
              observed: null,
              expected,
            },
          );
        }
        const filters = version.contentPolicy.filters;
        const observed = observedFilters(filters, harmFilterTypes);
        const { problems, defaults } = assessHarmCategories(filters, baseline);
        if (problems.length > 0) {
          return verdictOn(
            version,
            'fail',
            'harm-filters-below-baseline',
            `${versionLabel(version)} does not block every harm category at the baseline: ${problems.join('; ')}.`,
            {
              observed,
              expected,
            },
          );
        }
        return verdictOn(
          version,
          'pass',
          'harm-filters-meet-baseline',
          `${versionLabel(version)} blocks ${harmFilterTypes.join(', ')} on input (>= ${awsStrength(baseline.harmCategories.input)}) and output (>= ${awsStrength(baseline.harmCategories.output)}).${defaultsNote(defaults)}`,
          { observed, expected },
        );
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
