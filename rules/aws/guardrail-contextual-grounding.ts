import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

const requiredTypes = ['GROUNDING', 'RELEVANCE'] as const;

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
            'no-grounding-policy',
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
          return verdictOn(
            version,
            'fail',
            'grounding-below-baseline',
            `${versionLabel(version)} does not block ungrounded and irrelevant responses: ${defects.join('; ')}.${also}`,
            {
              observed,
              expected,
            },
          );
        }
        if (omissions.length > 0) {
          return verdictOn(
            version,
            'unknown',
            'grounding-fields-omitted',
            `${versionLabel(version)}: whether its contextual grounding filters block cannot be decided because fields are omitted: ${omissions.join(', ')}.`,
            { observed, expected },
          );
        }
        const summary = requiredTypes
          .map((type) => `${type} threshold ${filters.find((candidate) => candidate.type === type)?.threshold} >= ${thresholds[type]}`)
          .join(', ');
        return verdictOn(version, 'pass', 'grounding-meets-baseline', `${versionLabel(version)} blocks ungrounded and irrelevant responses (${summary}).`, {
          observed,
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
