import type { RuleCase } from '../../tests/rules/rule-case.ts';
import type { GuardrailContentFilter } from '../../src/model/aws.ts';
import { allContentFilters, awsInventory, contentFilter, guardrail } from './case-builders.ts';

/** The default guardrail with one content filter replaced. */
function withFilter(type: string, filter: GuardrailContentFilter | null) {
  const filters = allContentFilters('high').filter((candidate) => candidate.type !== type);
  return guardrail({ contentPolicy: { tier: 'STANDARD', filters: filter ? [...filters, filter] : filters } });
}

const id = guardrail().id;

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
  {
    name: 'all five categories HIGH both ways pass',
    inventory: awsInventory({ resources: [guardrail()] }),
    expect: [{ resource: id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'MEDIUM both ways passes against the default baseline',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('medium') } })] }),
    expect: [{ resource: id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'LOW everywhere fails and names every category and direction',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('low') } })] }),
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'a missing category fails and is named',
    inventory: awsInventory({ resources: [withFilter('INSULTS', null)] }),
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'no content policy fails',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: null })] }),
    expect: [{ resource: id, status: 'fail', reason: 'no-content-policy' }],
  },
  {
    name: 'output disabled fails and names the direction (not its action or strength)',
    inventory: awsInventory({
      resources: [withFilter('SEXUAL', contentFilter('SEXUAL', 'high', { output: { enabled: false, action: 'NONE', strength: 'off' } }))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'output strength NONE fails as NONE, not OFF',
    inventory: awsInventory({
      resources: [withFilter('VIOLENCE', contentFilter('VIOLENCE', 'high', { output: { enabled: true, action: 'BLOCK', strength: 'off' } }))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'input action NONE (detect mode) fails',
    inventory: awsInventory({
      resources: [withFilter('HATE', contentFilter('HATE', 'high', { input: { enabled: true, action: 'NONE', strength: 'high' } }))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'omitted action and enabled take the AWS defaults (BLOCK, enabled) and say so',
    inventory: awsInventory({
      resources: [withFilter('MISCONDUCT', contentFilter('MISCONDUCT', 'high', { output: { enabled: null, action: null, strength: 'high' } }))],
    }),
    expect: [{ resource: id, status: 'pass', reason: 'harm-filters-meet-baseline' }],
  },
  {
    name: 'omitted enabled does not rescue strength NONE',
    inventory: awsInventory({
      resources: [withFilter('MISCONDUCT', contentFilter('MISCONDUCT', 'high', { input: { enabled: null, action: null, strength: 'off' } }))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'MEDIUM fails when the baseline asks for HIGH on output only',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('medium') } })] }),
    baseline: { harmCategories: { input: 'medium', output: 'high' } },
    expect: [{ resource: id, status: 'fail', reason: 'harm-filters-below-baseline' }],
  },
  {
    name: 'unreadable guardrail version is unknown',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'content policy not read is unknown',
    inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails in a region is unknown for that region',
    inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
    expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
