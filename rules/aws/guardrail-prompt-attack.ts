import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { assessPromptAttack, awsStrength, defaultsNote, unreadableVersion, versionLabel } from './guardrails.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-prompt-attack',
    provider: 'aws',
    title: 'Guardrails block prompt attacks on input at the baseline strength',
    severity: 'high',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.coverage', 'L5.multi-cloud'],
    description:
      'Checks each evaluated guardrail version (the versions referenced by agents, enforced configurations or the organisation policy, or DRAFT when none is referenced) for a PROMPT_ATTACK content filter that is enabled on input, blocks, and is at least as strong as the baseline (default HIGH). An omitted inputEnabled or inputAction takes the AWS default (enabled, BLOCK) and the verdict says so.',
    remediation:
      'Edit the guardrail: under Content filters enable "Prompt attacks" with action Block and strength High, then publish a new version and point agents and enforced configurations at it.',
    references: [
      'Prowler bedrock_guardrail_prompt_attack_filter_enabled',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-prompt-attack.html',
      'OWASP LLM01:2025 Prompt Injection',
    ],
    differences:
      'Prowler checks only the DRAFT and accepts strength HIGH; we check the referenced versions and compare against the baseline, and we also require the filter to be enabled with action BLOCK (Prowler ignores both fields).',
  },
  check(context) {
    const required = context.baseline.promptAttack;
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.unreadable !== undefined || version.contentPolicy === undefined) return unreadableVersion(version, 'the content policy');
        const filters = version.contentPolicy?.filters ?? [];
        const filter = filters.find((candidate) => candidate.type === 'PROMPT_ATTACK');
        const expected = { type: 'PROMPT_ATTACK', inputEnabled: true, inputAction: 'BLOCK', inputStrength: `>= ${awsStrength(required)}` };
        if (!filter)
          return verdictOn(version, 'fail', 'no-prompt-attack-filter', `${versionLabel(version)} is not configured to block prompt attacks.`, {
            observed: null,
            expected,
          });
        const observed = { inputEnabled: filter.input.enabled, inputAction: filter.input.action, inputStrength: awsStrength(filter.input.strength) };
        const { problems, defaults } = assessPromptAttack(filters, required);
        if (problems.length > 0)
          return verdictOn(version, 'fail', 'prompt-attack-below-baseline', `${versionLabel(version)} does not block prompt attacks: ${problems.join('; ')}.`, {
            observed,
            expected,
          });
        return verdictOn(
          version,
          'pass',
          'prompt-attack-blocked',
          `${versionLabel(version)} blocks prompt attacks on input at strength ${awsStrength(filter.input.strength)}.${defaultsNote(defaults)}`,
          { observed, expected },
        );
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
