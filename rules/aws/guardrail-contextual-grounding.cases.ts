import type { RuleCase } from '../../tests/rules/rule-case.ts';
import type { GroundingFilter } from '../../src/model/aws.ts';
import { awsInventory, guardrail } from './case-builders.ts';

const id = guardrail().id;

/** A grounding filter like Prowler's test builder: threshold 0.75, BLOCK, enabled, with overrides. */
function filter(type: string, overrides: Partial<GroundingFilter> = {}): GroundingFilter {
  return { type, threshold: 0.75, action: 'BLOCK', enabled: true, ...overrides };
}

function withFilters(...filters: GroundingFilter[]) {
  return guardrail({ contextualGroundingPolicy: { tier: null, filters } });
}

export const cases: readonly RuleCase[] = [
  { name: 'no guardrails: no verdicts (Prowler 1)', inventory: awsInventory(), expect: [] },
  {
    name: 'GROUNDING and RELEVANCE with defaults pass (Prowler 3)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'pass', reason: 'grounding-meets-baseline' }],
  },
  {
    name: 'no contextual grounding policy fails (Prowler 4)',
    inventory: awsInventory({ resources: [guardrail({ contextualGroundingPolicy: null })] }),
    expect: [{ resource: id, status: 'fail', reason: 'no-grounding-policy' }],
  },
  {
    name: 'an empty filter list fails the same way (Prowler 5)',
    inventory: awsInventory({ resources: [withFilters()] }),
    expect: [{ resource: id, status: 'fail', reason: 'no-grounding-policy' }],
  },
  {
    name: 'GROUNDING only fails naming RELEVANCE (Prowler 6)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'RELEVANCE only fails naming GROUNDING (Prowler 7)',
    inventory: awsInventory({ resources: [withFilters(filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'only an unknown filter type fails naming both (Prowler 8)',
    inventory: awsInventory({ resources: [withFilters(filter('UNKNOWN_TYPE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'GROUNDING action NONE fails (Prowler 9)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: 'NONE' }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'RELEVANCE threshold 0 fails (Prowler 10)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'), filter('RELEVANCE', { threshold: 0 }))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'GROUNDING disabled fails (Prowler 11)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: false }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'both disabled fails naming both (Prowler 12)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: false }), filter('RELEVANCE', { enabled: false }))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'disabled with action NONE reports only the disabled filter (Prowler 13)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: false, action: 'NONE' }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'both omit enabled is unknown naming both (Prowler 14)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: null }), filter('RELEVANCE', { enabled: null }))] }),
    expect: [{ resource: id, status: 'unknown', reason: 'grounding-fields-omitted' }],
  },
  {
    name: 'GROUNDING omits enabled is unknown naming only GROUNDING (Prowler 15)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: null }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'unknown', reason: 'grounding-fields-omitted' }],
  },
  {
    name: 'both omit action is unknown, without a literal None or null (Prowler 16)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: null }), filter('RELEVANCE', { action: null }))] }),
    expect: [{ resource: id, status: 'unknown', reason: 'grounding-fields-omitted' }],
  },
  {
    name: 'GROUNDING omits action is unknown naming only GROUNDING (Prowler 17)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: null }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'unknown', reason: 'grounding-fields-omitted' }],
  },
  {
    name: 'omitted action does not mask a threshold of 0 (Prowler 18)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: null, threshold: 0 }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'omitted enabled does not mask action NONE (Prowler 19)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: null, action: 'NONE' }), filter('RELEVANCE', { enabled: null }))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'threshold below the baseline fails even though above 0 (stricter than Prowler)',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { threshold: 0.5 }), filter('RELEVANCE'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'grounding-below-baseline' }],
  },
  {
    name: 'the baseline thresholds decide',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { threshold: 0.5 }), filter('RELEVANCE', { threshold: 0.5 }))] }),
    baseline: { groundingThreshold: 0.5, relevanceThreshold: 0.4 },
    expect: [{ resource: id, status: 'pass', reason: 'grounding-meets-baseline' }],
  },
  {
    name: 'omitted threshold is unknown',
    inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'), filter('RELEVANCE', { threshold: null }))] }),
    expect: [{ resource: id, status: 'unknown', reason: 'grounding-fields-omitted' }],
  },
  {
    name: 'unreadable guardrail version is unknown (Prowler 20)',
    inventory: awsInventory({ resources: [guardrail({ contextualGroundingPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'denied ListGuardrails is unknown for the region (Prowler 21)',
    inventory: awsInventory({ regions: ['us-east-1'], failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
    expect: [{ resource: '111122223333/us-east-1/aws.bedrock.guardrail/unknown', status: 'unknown', reason: 'listing-unreadable' }],
  },
];
