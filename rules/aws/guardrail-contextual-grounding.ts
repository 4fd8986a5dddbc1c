import type { RuleModule } from '../../src/engine/rule.ts';
import type { GroundingFilter } from '../../src/model/aws.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { awsInventory, guardrail } from './case-builders.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

const requiredTypes = ['GROUNDING', 'RELEVANCE'] as const;

const id = guardrail().id;

/** A grounding filter like Prowler's test builder: threshold 0.75, BLOCK, enabled, with overrides. */
function filter(type: string, overrides: Partial<GroundingFilter> = {}): GroundingFilter {
  return { type, threshold: 0.75, action: 'BLOCK', enabled: true, ...overrides };
}

function withFilters(...filters: GroundingFilter[]) {
  return guardrail({ contextualGroundingPolicy: { tier: null, filters } });
}

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-contextual-grounding',
    provider: 'aws',
    title: 'Guardrails block ungrounded and irrelevant responses (GROUNDING and RELEVANCE enabled, BLOCK, threshold at the baseline)',
    severity: 'medium',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.coverage'],
    description:
      'Checks each evaluated guardrail version for contextual grounding filters GROUNDING and RELEVANCE that are enabled, use action BLOCK and have a threshold at least the baseline (default 0.7 each). A filter that omits enabled, action or threshold cannot be judged and makes the verdict unknown, unless a definite defect (missing filter, disabled, action NONE, threshold too low) already makes it fail. A disabled filter is reported as disabled only.',
    remediation:
      'Edit the guardrail: under Contextual grounding check enable Grounding and Relevance with action Block and thresholds of at least the baseline (0.7 by default), state enabled and action explicitly, then publish a new version and point agents and enforced configurations at it.',
    references: [
      'Prowler bedrock_guardrail_contextual_grounding_filter_enabled',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-contextual-grounding-check.html',
      'OWASP LLM09:2025 Misinformation',
    ],
    differences:
      "Prowler accepts any threshold above 0 and reads only the DRAFT; we compare thresholds with the baseline (groundingThreshold, relevanceThreshold) and judge the referenced versions. An omitted threshold is unknown here (Prowler counts it as a defect). Otherwise Prowler's decision order is kept: missing and disabled filters, action NONE and low thresholds fail; omitted enabled or action is unknown (MANUAL in Prowler) and never masks a definite defect.",
  },
  check(context) {
    const thresholds: Record<(typeof requiredTypes)[number], number> = {
      GROUNDING: context.baseline.groundingThreshold,
      RELEVANCE: context.baseline.relevanceThreshold,
    };
    const expected = Object.fromEntries(requiredTypes.map((type) => [type, { enabled: true, action: 'BLOCK', threshold: `>= ${thresholds[type]}` }]));
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.unreadable !== undefined || version.contextualGroundingPolicy === undefined)
          return unreadableVersion(version, 'the contextual grounding policy');
        const filters = version.contextualGroundingPolicy?.filters ?? [];
        if (filters.length === 0) {
          return verdictOn(
            version,
            'fail',
            `${versionLabel(version)} has no contextual grounding policy: ungrounded and irrelevant responses are not blocked.`,
            { observed: null, expected },
          );
        }
        const observed = Object.fromEntries(
          requiredTypes.map((type) => {
            const found = filters.find((candidate) => candidate.type === type);
            return [type, found ? { enabled: found.enabled, action: found.action, threshold: found.threshold } : null];
          }),
        );
        const defects: string[] = [];
        const omissions: string[] = [];
        const missing = requiredTypes.filter((type) => !filters.some((candidate) => candidate.type === type));
        if (missing.length > 0) defects.push(`it is missing the ${missing.join(', ')} filter${missing.length > 1 ? 's' : ''}`);
        for (const type of requiredTypes) {
          const found = filters.find((candidate) => candidate.type === type);
          if (!found) continue;
          if (found.enabled === false) {
            defects.push(`the ${type} filter is disabled`);
            continue;
          }
          const own: string[] = [];
          if (found.action === 'NONE') own.push(`the ${type} filter uses action NONE (it detects without blocking)`);
          if (found.threshold !== null && found.threshold < thresholds[type])
            own.push(`the ${type} filter has a threshold of ${found.threshold}, below ${thresholds[type]}`);
          defects.push(...own);
          if (own.length > 0) continue;
          for (const field of ['enabled', 'action', 'threshold'] as const) {
            if (found[field] === null) omissions.push(`${type} filter omits ${field}`);
          }
        }
        if (defects.length > 0) {
          const also = omissions.length > 0 ? ` Also undecided: ${omissions.join(', ')}.` : '';
          return verdictOn(version, 'fail', `${versionLabel(version)} does not block ungrounded and irrelevant responses: ${defects.join('; ')}.${also}`, {
            observed,
            expected,
          });
        }
        if (omissions.length > 0) {
          return verdictOn(
            version,
            'unknown',
            `${versionLabel(version)}: whether its contextual grounding filters block cannot be decided because fields are omitted: ${omissions.join(', ')}.`,
            { observed, expected },
          );
        }
        const summary = requiredTypes
          .map((type) => `${type} threshold ${filters.find((candidate) => candidate.type === type)?.threshold} >= ${thresholds[type]}`)
          .join(', ');
        return verdictOn(version, 'pass', `${versionLabel(version)} blocks ungrounded and irrelevant responses (${summary}).`, { observed, expected });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
  cases: [
    { name: 'no guardrails: no verdicts (Prowler 1)', inventory: awsInventory(), expect: [] },
    {
      name: 'GROUNDING and RELEVANCE with defaults pass (Prowler 3)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'pass', message: /GROUNDING threshold 0.75 >= 0.7, RELEVANCE threshold 0.75 >= 0.7/ }],
    },
    {
      name: 'no contextual grounding policy fails (Prowler 4)',
      inventory: awsInventory({ resources: [guardrail({ contextualGroundingPolicy: null })] }),
      expect: [{ resource: id, status: 'fail', message: /no contextual grounding policy/ }],
    },
    {
      name: 'an empty filter list fails the same way (Prowler 5)',
      inventory: awsInventory({ resources: [withFilters()] }),
      expect: [{ resource: id, status: 'fail', message: /no contextual grounding policy/ }],
    },
    {
      name: 'GROUNDING only fails naming RELEVANCE (Prowler 6)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'))] }),
      expect: [{ resource: id, status: 'fail', message: /missing the RELEVANCE filter\./ }],
    },
    {
      name: 'RELEVANCE only fails naming GROUNDING (Prowler 7)',
      inventory: awsInventory({ resources: [withFilters(filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'fail', message: /missing the GROUNDING filter\./ }],
    },
    {
      name: 'only an unknown filter type fails naming both (Prowler 8)',
      inventory: awsInventory({ resources: [withFilters(filter('UNKNOWN_TYPE'))] }),
      expect: [{ resource: id, status: 'fail', message: /missing the GROUNDING, RELEVANCE filters/ }],
    },
    {
      name: 'GROUNDING action NONE fails (Prowler 9)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: 'NONE' }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'fail', message: /GROUNDING filter uses action NONE \(it detects without blocking\)/ }],
    },
    {
      name: 'RELEVANCE threshold 0 fails (Prowler 10)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'), filter('RELEVANCE', { threshold: 0 }))] }),
      expect: [{ resource: id, status: 'fail', message: /RELEVANCE filter has a threshold of 0, below 0.7/ }],
    },
    {
      name: 'GROUNDING disabled fails (Prowler 11)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: false }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'fail', message: /the GROUNDING filter is disabled\.$/ }],
    },
    {
      name: 'both disabled fails naming both (Prowler 12)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: false }), filter('RELEVANCE', { enabled: false }))] }),
      expect: [{ resource: id, status: 'fail', message: /the GROUNDING filter is disabled; the RELEVANCE filter is disabled/ }],
    },
    {
      name: 'disabled with action NONE reports only the disabled filter (Prowler 13)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: false, action: 'NONE' }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'fail', message: /^(?!.*NONE).*GROUNDING filter is disabled/ }],
    },
    {
      name: 'both omit enabled is unknown naming both (Prowler 14)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: null }), filter('RELEVANCE', { enabled: null }))] }),
      expect: [
        { resource: id, status: 'unknown', message: /filters block cannot be decided .*GROUNDING filter omits enabled, RELEVANCE filter omits enabled\./ },
      ],
    },
    {
      name: 'GROUNDING omits enabled is unknown naming only GROUNDING (Prowler 15)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: null }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'unknown', message: /omitted: GROUNDING filter omits enabled\.$/ }],
    },
    {
      name: 'both omit action is unknown, without a literal None or null (Prowler 16)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: null }), filter('RELEVANCE', { action: null }))] }),
      expect: [{ resource: id, status: 'unknown', message: /^(?!.*(None|null)).*GROUNDING filter omits action, RELEVANCE filter omits action\.$/ }],
    },
    {
      name: 'GROUNDING omits action is unknown naming only GROUNDING (Prowler 17)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: null }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'unknown', message: /omitted: GROUNDING filter omits action\.$/ }],
    },
    {
      name: 'omitted action does not mask a threshold of 0 (Prowler 18)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { action: null, threshold: 0 }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'fail', message: /GROUNDING filter has a threshold of 0/ }],
    },
    {
      name: 'omitted enabled does not mask action NONE (Prowler 19)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { enabled: null, action: 'NONE' }), filter('RELEVANCE', { enabled: null }))] }),
      expect: [{ resource: id, status: 'fail', message: /GROUNDING filter uses action NONE.*Also undecided: RELEVANCE filter omits enabled/ }],
    },
    {
      name: 'threshold below the baseline fails even though above 0 (stricter than Prowler)',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { threshold: 0.5 }), filter('RELEVANCE'))] }),
      expect: [{ resource: id, status: 'fail', message: /GROUNDING filter has a threshold of 0.5, below 0.7/ }],
    },
    {
      name: 'the baseline thresholds decide',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING', { threshold: 0.5 }), filter('RELEVANCE', { threshold: 0.5 }))] }),
      baseline: { groundingThreshold: 0.5, relevanceThreshold: 0.4 },
      expect: [{ resource: id, status: 'pass' }],
    },
    {
      name: 'omitted threshold is unknown',
      inventory: awsInventory({ resources: [withFilters(filter('GROUNDING'), filter('RELEVANCE', { threshold: null }))] }),
      expect: [{ resource: id, status: 'unknown', message: /RELEVANCE filter omits threshold/ }],
    },
    {
      name: 'unreadable guardrail version is unknown (Prowler 20)',
      inventory: awsInventory({ resources: [guardrail({ contextualGroundingPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: id, status: 'unknown', message: /Could not read the contextual grounding policy .*AccessDeniedException/ }],
    },
    {
      name: 'denied ListGuardrails is unknown for the region (Prowler 21)',
      inventory: awsInventory({ regions: ['us-east-1'], failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
      expect: [{ resource: '111122223333/us-east-1/aws.bedrock.guardrail/unknown', status: 'unknown', message: /AccessDeniedException/ }],
    },
  ],
};
