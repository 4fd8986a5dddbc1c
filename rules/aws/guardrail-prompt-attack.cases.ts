import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, contentFilter, guardrail, allContentFilters } from './case-builders.ts';

const others = allContentFilters('high').filter((filter) => filter.type !== 'PROMPT_ATTACK');

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'HIGH on input passes',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: guardrail().id, status: 'pass', reason: 'prompt-attack-blocked' }],
  },
  {
    name: 'no PROMPT_ATTACK filter fails',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: others } })] }),
    expect: [{ resource: guardrail().id, status: 'fail', reason: 'no-prompt-attack-filter' }],
  },
  {
    name: 'no content policy at all fails',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: null })] }),
    expect: [{ resource: guardrail().id, status: 'fail', reason: 'no-prompt-attack-filter' }],
  },
  {
    name: 'LOW strength fails against the HIGH baseline',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: [...others, contentFilter('PROMPT_ATTACK', 'low')] } })] }),
    expect: [{ resource: guardrail().id, status: 'fail', reason: 'prompt-attack-below-baseline' }],
  },
  {
    name: 'MEDIUM passes when the baseline asks for medium',
    inventory: awsInventory({
      resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: [...others, contentFilter('PROMPT_ATTACK', 'medium')] } })],
    }),
    baseline: { promptAttack: 'medium' },
    expect: [{ resource: guardrail().id, status: 'pass', reason: 'prompt-attack-blocked' }],
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
    expect: [{ resource: guardrail().id, status: 'fail', reason: 'prompt-attack-below-baseline' }],
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
    expect: [{ resource: guardrail().id, status: 'fail', reason: 'prompt-attack-below-baseline' }],
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
    expect: [{ resource: guardrail().id, status: 'pass', reason: 'prompt-attack-blocked' }],
  },
  {
    name: 'unreadable guardrail version is unknown',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: guardrail().id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a region is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
    expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
