import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons, unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

type Tier = 'CLASSIC' | 'STANDARD' | null;

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-standard-tier',
    provider: 'aws',
    title: 'Guardrail content filters and denied topics use the STANDARD tier',
    severity: 'low',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L5.new-capabilities'],
    description:
      'The STANDARD safeguard tier detects harmful content and denied topics more robustly than CLASSIC (broader language support, detection within code elements; it runs on cross-region inference). Checks the content policy and the topic policy of each evaluated guardrail version; a policy the guardrail does not have is not judged, and a policy whose tier is omitted is on the AWS default, CLASSIC.',
    remediation:
      'Edit the guardrail and choose the Standard tier for content filters and denied topics (tierConfig.tierName STANDARD in contentPolicyConfig and topicPolicyConfig, ContentFiltersTierConfig / TopicsTierConfig in CloudFormation); STANDARD requires cross-region inference to be enabled for the guardrail. Then publish a new version.',
    references: ['AWS sample BR-16', 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-tiers.html'],
  },
  check(context) {
    const expected = { contentPolicyTier: 'STANDARD', topicPolicyTier: 'STANDARD' };
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.unreadable !== undefined) return unreadableVersion(version, 'the policy tiers');
        const policies: Array<{ name: string; policy: { tier: Tier } | null | undefined }> = [
          { name: 'content filters', policy: version.contentPolicy },
          { name: 'denied topics', policy: version.topicPolicy },
        ];
        const observed = {
          contentPolicyTier:
            version.contentPolicy === undefined
              ? 'unreadable'
              : version.contentPolicy === null
                ? 'no content policy'
                : (version.contentPolicy.tier ?? 'CLASSIC (default)'),
          topicPolicyTier:
            version.topicPolicy === undefined
              ? 'unreadable'
              : version.topicPolicy === null
                ? 'no topic policy'
                : (version.topicPolicy.tier ?? 'CLASSIC (default)'),
        };
        const classic: string[] = [];
        const standard: string[] = [];
        const unread: string[] = [];
        for (const { name, policy } of policies) {
          if (policy === undefined) unread.push(name);
          else if (policy === null) continue;
          else if (policy.tier === 'STANDARD') standard.push(name);
          else classic.push(`${name} use tier ${policy.tier ?? 'CLASSIC (default)'}`);
        }
        if (classic.length > 0)
          return verdictOn(version, 'fail', 'classic-tier', `${versionLabel(version)} is not on the STANDARD tier: ${classic.join('; ')}.`, {
            observed,
            expected,
          });
        if (unread.length > 0)
          return verdictOn(
            version,
            'unknown',
            commonReasons.resourceUnreadable,
            `Could not read the ${unread.join(' and ')} tier of ${versionLabel(version)}.`,
            { observed, expected },
          );
        if (standard.length === 0)
          return verdictOn(version, 'not_applicable', 'no-tiered-policy', `${versionLabel(version)} has neither content filters nor denied topics.`, {
            observed,
            expected,
          });
        return verdictOn(version, 'pass', 'standard-tier', `${versionLabel(version)} uses the STANDARD tier for ${standard.join(' and ')}.`, {
          observed,
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
