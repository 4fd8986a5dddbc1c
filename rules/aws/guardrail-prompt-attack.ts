import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { awsInventory, contentFilter, guardrail, allContentFilters } from './case-builders.ts';
import { assessPromptAttack, awsStrength, defaultsNote, unreadableVersion, versionLabel } from './guardrails.ts';

const others = allContentFilters('high').filter((filter) => filter.type !== 'PROMPT_ATTACK');

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-prompt-attack',
    provider: 'aws',
    title: 'Guardrails block prompt attacks on input at the baseline strength',
    severity: 'high',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.coverage'],
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
        if (!filter) return verdictOn(version, 'fail', `${versionLabel(version)} is not configured to block prompt attacks.`, { observed: null, expected });
        const observed = { inputEnabled: filter.input.enabled, inputAction: filter.input.action, inputStrength: awsStrength(filter.input.strength) };
        const { problems, defaults } = assessPromptAttack(filters, required);
        if (problems.length > 0)
          return verdictOn(version, 'fail', `${versionLabel(version)} does not block prompt attacks: ${problems.join('; ')}.`, { observed, expected });
        return verdictOn(
          version,
          'pass',
          `${versionLabel(version)} blocks prompt attacks on input at strength ${awsStrength(filter.input.strength)}.${defaultsNote(defaults)}`,
          { observed, expected },
        );
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
  cases: [
    { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'HIGH on input passes',
      inventory: awsInventory({ resources: [guardrail()] }),
      expect: [{ resource: guardrail().id, status: 'pass' }],
    },
    {
      name: 'no PROMPT_ATTACK filter fails',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: others } })] }),
      expect: [{ resource: guardrail().id, status: 'fail', message: /not configured to block prompt attacks/ }],
    },
    {
      name: 'no content policy at all fails',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: null })] }),
      expect: [{ resource: guardrail().id, status: 'fail' }],
    },
    {
      name: 'LOW strength fails against the HIGH baseline',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: [...others, contentFilter('PROMPT_ATTACK', 'low')] } })] }),
      expect: [{ resource: guardrail().id, status: 'fail', message: /LOW, below HIGH/ }],
    },
    {
      name: 'MEDIUM passes when the baseline asks for medium',
      inventory: awsInventory({
        resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: [...others, contentFilter('PROMPT_ATTACK', 'medium')] } })],
      }),
      baseline: { promptAttack: 'medium' },
      expect: [{ resource: guardrail().id, status: 'pass' }],
    },
    {
      name: 'HIGH but action NONE (detect mode) fails',
      inventory: awsInventory({
        resources: [
          guardrail({
            contentPolicy: {
              tier: 'STANDARD',
              filters: [...others, contentFilter('PROMPT_ATTACK', 'high', { input: { enabled: true, action: 'NONE', strength: 'high' } })],
            },
          }),
        ],
      }),
      expect: [{ resource: guardrail().id, status: 'fail', message: /action is NONE/ }],
    },
    {
      name: 'disabled on input fails (action and strength no longer matter)',
      inventory: awsInventory({
        resources: [
          guardrail({
            contentPolicy: {
              tier: 'STANDARD',
              filters: [...others, contentFilter('PROMPT_ATTACK', 'high', { input: { enabled: false, action: 'NONE', strength: 'high' } })],
            },
          }),
        ],
      }),
      expect: [{ resource: guardrail().id, status: 'fail', message: /prompt attacks: PROMPT_ATTACK input is disabled\.$/ }],
    },
    {
      name: 'omitted enabled and action take the AWS defaults (enabled, BLOCK) and say so',
      inventory: awsInventory({
        resources: [
          guardrail({
            contentPolicy: {
              tier: 'STANDARD',
              filters: [...others, contentFilter('PROMPT_ATTACK', 'high', { input: { enabled: null, action: null, strength: 'high' } })],
            },
          }),
        ],
      }),
      expect: [
        { resource: guardrail().id, status: 'pass', message: /AWS defaults: PROMPT_ATTACK input enabled \(true\), PROMPT_ATTACK input action \(BLOCK\)/ },
      ],
    },
    {
      name: 'unreadable guardrail version is unknown',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: guardrail().id, status: 'unknown' }],
    },
    {
      name: 'denied ListGuardrails in a region is unknown for that region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
      expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown' }],
    },
  ],
};
