import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons, unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { versionLabel } from './guardrails.ts';
/** CloudFormation tags every stack resource with these; they count whatever the baseline lists. */
const cloudFormationPrefix = 'aws:cloudformation:';

export const rule: RuleModule = {
  meta: {
    id: 'aws/iac-managed',
    provider: 'aws',
    title: 'Guardrails carry infrastructure-as-code provenance',
    severity: 'info',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.iac'],
    description:
      "A guardrail managed as code is reviewed, versioned and restorable. A guardrail version passes when it was read from an IaC file, or when its tags include a CloudFormation stack tag (aws:cloudformation:*) or one of the baseline's IaC tag keys (by default also goog-terraform-provisioned, managed-by, ManagedBy). Feeds the L3.iac share (baseline iacShare).",
    remediation:
      'Manage the guardrail with CloudFormation (AWS::Bedrock::Guardrail, which tags it with aws:cloudformation:stack-id) or Terraform (aws_bedrock_guardrail with default_tags such as managed-by = "terraform"), or add your IaC tag key to iacTagKeys in the policy file.',
    references: [
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrock-guardrail.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/bedrock_guardrail',
    ],
    differences: 'Judges the tags alone: a guardrail whose details (GetGuardrail) could not be read is still judged when its tags were read.',
  },
  check(context) {
    const keys = context.baseline.iacTagKeys;
    const accepted = [`${cloudFormationPrefix}*`, ...keys.filter((key) => !key.startsWith(cloudFormationPrefix))];
    const expected = { anyTagKey: accepted };
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.source.kind === 'file') {
          return verdictOn(
            version,
            'pass',
            'defined-in-iac',
            `${versionLabel(version)} is defined in ${version.source.file}${version.source.address ? ` (${version.source.address})` : ''}.`,
            {
              observed: { source: version.source.file },
              expected,
            },
          );
        }
        if (version.tags === undefined)
          return verdictOn(
            version,
            'unknown',
            commonReasons.resourceUnreadable,
            `Could not read the tags of ${versionLabel(version)}${version.unreadable ? `: ${version.unreadable}` : ''}.`,
            {
              expected,
            },
          );
        const tags = version.tags;
        const found = Object.keys(tags)
          .filter((key) => keys.includes(key) || key.startsWith(cloudFormationPrefix))
          .sort();
        const observed = { tagKeys: Object.keys(tags).sort() };
        if (found.length === 0) {
          return verdictOn(version, 'fail', 'no-iac-tag', `${versionLabel(version)} carries none of the IaC tag keys (${accepted.join(', ')}).`, {
            observed,
            expected,
          });
        }
        return verdictOn(
          version,
          'pass',
          'iac-tagged',
          `${versionLabel(version)} is managed as code: ${found.map((key) => `${key}=${tags[key]}`).join(', ')}.`,
          {
            observed,
            expected,
          },
        );
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
