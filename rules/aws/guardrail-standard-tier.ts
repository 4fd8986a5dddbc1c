import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { allContentFilters, awsInventory, guardrail } from './case-builders.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

const id = guardrail().id;

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
          return verdictOn(version, 'fail', `${versionLabel(version)} is not on the STANDARD tier: ${classic.join('; ')}.`, { observed, expected });
        if (unread.length > 0)
          return verdictOn(version, 'unknown', `Could not read the ${unread.join(' and ')} tier of ${versionLabel(version)}.`, { observed, expected });
        if (standard.length === 0)
          return verdictOn(version, 'not_applicable', `${versionLabel(version)} has neither content filters nor denied topics.`, { observed, expected });
        return verdictOn(version, 'pass', `${versionLabel(version)} uses the STANDARD tier for ${standard.join(' and ')}.`, { observed, expected });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
  cases: [
    { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'STANDARD content and topic policies pass',
      inventory: awsInventory({ resources: [guardrail()] }),
      expect: [{ resource: id, status: 'pass', message: /STANDARD tier for content filters and denied topics/ }],
    },
    {
      name: 'CLASSIC content policy fails',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'CLASSIC', filters: allContentFilters('high') } })] }),
      expect: [{ resource: id, status: 'fail', message: /content filters use tier CLASSIC\./ }],
    },
    {
      name: 'omitted topic tier is the CLASSIC default and fails',
      inventory: awsInventory({ resources: [guardrail({ topicPolicy: { tier: null, topicCount: 2 } })] }),
      expect: [{ resource: id, status: 'fail', message: /denied topics use tier CLASSIC \(default\)/ }],
    },
    {
      name: 'a guardrail without a topic policy is judged on its content policy only',
      inventory: awsInventory({ resources: [guardrail({ topicPolicy: null })] }),
      expect: [{ resource: id, status: 'pass', message: /STANDARD tier for content filters\./ }],
    },
    {
      name: 'a guardrail with neither policy is not applicable',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: null, topicPolicy: null })] }),
      expect: [{ resource: id, status: 'not_applicable' }],
    },
    {
      name: 'a topic policy not read is unknown',
      inventory: awsInventory({ resources: [guardrail({ topicPolicy: undefined })] }),
      expect: [{ resource: id, status: 'unknown', message: /denied topics tier/ }],
    },
    {
      name: 'a CLASSIC content policy fails even when the topic policy was not read',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: { tier: 'CLASSIC', filters: [] }, topicPolicy: undefined })] }),
      expect: [{ resource: id, status: 'fail' }],
    },
    {
      name: 'unreadable guardrail version is unknown',
      inventory: awsInventory({ resources: [guardrail({ contentPolicy: undefined, topicPolicy: undefined, unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: id, status: 'unknown', message: /AccessDeniedException/ }],
    },
    {
      name: 'denied ListGuardrails in a region is unknown for that region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
      expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown' }],
    },
  ],
};
