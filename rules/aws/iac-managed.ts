import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { awsInventory, guardrail } from './case-builders.ts';
import { versionLabel } from './guardrails.ts';

const id = guardrail().id;
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
            `${versionLabel(version)} is defined in ${version.source.file}${version.source.address ? ` (${version.source.address})` : ''}.`,
            {
              observed: { source: version.source.file },
              expected,
            },
          );
        }
        if (version.tags === undefined)
          return verdictOn(version, 'unknown', `Could not read the tags of ${versionLabel(version)}${version.unreadable ? `: ${version.unreadable}` : ''}.`, {
            expected,
          });
        const tags = version.tags;
        const found = Object.keys(tags)
          .filter((key) => keys.includes(key) || key.startsWith(cloudFormationPrefix))
          .sort();
        const observed = { tagKeys: Object.keys(tags).sort() };
        if (found.length === 0) {
          return verdictOn(version, 'fail', `${versionLabel(version)} carries none of the IaC tag keys (${accepted.join(', ')}).`, { observed, expected });
        }
        return verdictOn(version, 'pass', `${versionLabel(version)} is managed as code: ${found.map((key) => `${key}=${tags[key]}`).join(', ')}.`, {
          observed,
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
  cases: [
    { name: 'no guardrails: no verdicts', inventory: awsInventory(), expect: [] },
    {
      name: 'CloudFormation stack tag passes',
      inventory: awsInventory({ resources: [guardrail()] }),
      expect: [{ resource: id, status: 'pass', message: /aws:cloudformation:stack-id=arn:aws:cloudformation/ }],
    },
    {
      name: 'a baseline tag key passes',
      inventory: awsInventory({ resources: [guardrail({ tags: { 'managed-by': 'terraform', team: 'ai' } })] }),
      expect: [{ resource: id, status: 'pass', message: /managed-by=terraform/ }],
    },
    {
      name: 'a custom tag key from the policy passes',
      inventory: awsInventory({ resources: [guardrail({ tags: { 'iac:repo': 'platform/ai' } })] }),
      baseline: { iacTagKeys: ['iac:repo'] },
      expect: [{ resource: id, status: 'pass' }],
    },
    {
      name: 'CloudFormation stack tags count even when the policy replaces the tag keys',
      inventory: awsInventory({ resources: [guardrail({ tags: { 'aws:cloudformation:stack-name': 'ai' } })] }),
      baseline: { iacTagKeys: ['iac:repo'] },
      expect: [{ resource: id, status: 'pass', message: /aws:cloudformation:stack-name=ai/ }],
    },
    {
      name: 'no tags fails',
      inventory: awsInventory({ resources: [guardrail({ tags: {} })] }),
      expect: [{ resource: id, status: 'fail', message: /carries none of the IaC tag keys/ }],
    },
    {
      name: 'only unrelated tags fail',
      inventory: awsInventory({ resources: [guardrail({ tags: { team: 'ai', 'cost-center': '42' } })] }),
      expect: [{ resource: id, status: 'fail' }],
    },
    {
      name: 'a guardrail read from an IaC file passes',
      inventory: awsInventory({
        resources: [guardrail({ tags: undefined, source: { kind: 'file', file: 'infra/guardrail.tf', line: 3, address: 'aws_bedrock_guardrail.main' } })],
      }),
      expect: [{ resource: id, status: 'pass', message: /defined in infra\/guardrail.tf \(aws_bedrock_guardrail.main\)/ }],
    },
    {
      name: 'tags not read are unknown',
      inventory: awsInventory({ resources: [guardrail({ tags: undefined })] }),
      expect: [{ resource: id, status: 'unknown', message: /Could not read the tags/ }],
    },
    {
      name: 'denied ListGuardrails in a region is unknown for that region',
      inventory: awsInventory({ failed: [{ type: 'aws.bedrock.guardrail', region: 'eu-west-1' }] }),
      expect: [{ resource: '111122223333/eu-west-1/aws.bedrock.guardrail/unknown', status: 'unknown' }],
    },
  ],
};
