import type { RuleModule, Verdict } from '../../src/engine/rule.ts';
import type { GuardrailReference } from '../../src/model/aws.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { isNumberedVersion, referenceLabel, referencedVersion } from './guardrails.ts';

/** Why a reference does not pin a published version, or undefined when it does. */
function versionProblem(reference: GuardrailReference): string | undefined {
  const version = referencedVersion(reference);
  if (version === null) return `references guardrail ${reference.identifier} without a version`;
  if (version === 'DRAFT') return `references the DRAFT of guardrail ${reference.identifier}`;
  if (!isNumberedVersion(version)) return `references guardrail ${reference.identifier} with version "${version}", not a published version number`;
  return undefined;
}

const expected = { guardrailVersion: 'a published version number (1, 2, …), not DRAFT' };

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-versioned',
    provider: 'aws',
    title: 'Agents and enforced guardrail configurations reference a published guardrail version, not DRAFT',
    severity: 'medium',
    resourceTypes: ['aws.bedrock.agent', 'aws.bedrock.enforced-guardrail', 'aws.organizations.bedrock-policy'],
    criteria: ['L3.coverage'],
    description:
      'A DRAFT guardrail changes whenever someone edits it, so what protects an agent or an enforced configuration is not reviewed or reproducible. Every agent that has a guardrail, every account-level enforced guardrail configuration, and every guardrail assignment of the effective organisation BEDROCK_POLICY must name a numbered version. Agents without a guardrail are left to aws/agent-guardrail.',
    remediation:
      'Publish a guardrail version (CreateGuardrailVersion, or AWS::Bedrock::GuardrailVersion) and set it as guardrailVersion in the agent\'s guardrail configuration, in PutEnforcedGuardrailConfiguration, or as "<guardrail ARN>:<version>" in the organisation BEDROCK_POLICY.',
    references: [
      'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-versions.html',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-guardrail.html',
    ],
  },
  check(context) {
    const verdicts: Verdict[] = [];
    for (const entry of context.resources('aws.bedrock.agent')) {
      if (entry.unreadable !== undefined) {
        verdicts.push(unreadableResource(entry, 'the guardrail configuration'));
        continue;
      }
      if (entry.guardrail === null) continue;
      const label = `Agent ${entry.name ?? entry.agentId}`;
      const observed = { guardrailIdentifier: entry.guardrail.identifier, guardrailVersion: referencedVersion(entry.guardrail) };
      const problem = versionProblem(entry.guardrail);
      verdicts.push(
        problem
          ? verdictOn(entry, 'fail', 'unpublished-version', `${label} ${problem}.`, { observed, expected })
          : verdictOn(entry, 'pass', 'published-version', `${label} uses guardrail ${referenceLabel(entry.guardrail)}.`, { observed, expected }),
      );
    }
    for (const config of context.resources('aws.bedrock.enforced-guardrail')) {
      if (config.unreadable !== undefined) {
        verdicts.push(unreadableResource(config, 'the enforced guardrail configuration'));
        continue;
      }
      const label = `Enforced guardrail configuration ${config.configId}`;
      const observed = { guardrailIdentifier: config.guardrail.identifier, guardrailVersion: referencedVersion(config.guardrail) };
      const problem = versionProblem(config.guardrail);
      verdicts.push(
        problem
          ? verdictOn(config, 'fail', 'unpublished-version', `${label} ${problem}.`, { observed, expected })
          : verdictOn(config, 'pass', 'published-version', `${label} enforces guardrail ${referenceLabel(config.guardrail)}.`, { observed, expected }),
      );
    }
    for (const policy of context.resources('aws.organizations.bedrock-policy')) {
      if (policy.unreadable !== undefined) {
        verdicts.push(unreadableResource(policy, 'the effective BEDROCK_POLICY'));
        continue;
      }
      const assignments = policy.assignments.flatMap((assignment) => (assignment.guardrail ? [{ ...assignment, guardrail: assignment.guardrail }] : []));
      if (!policy.present || assignments.length === 0) continue;
      const observed = assignments.map((assignment) => ({
        region: assignment.region,
        name: assignment.name,
        guardrailIdentifier: assignment.guardrail.identifier,
        guardrailVersion: referencedVersion(assignment.guardrail),
      }));
      const problems = assignments.flatMap((assignment) => {
        const problem = versionProblem(assignment.guardrail);
        return problem ? [`${assignment.region}/${assignment.name} ${problem}`] : [];
      });
      verdicts.push(
        problems.length > 0
          ? verdictOn(
              policy,
              'fail',
              'unpublished-version',
              `The organisation BEDROCK_POLICY does not pin a published guardrail version: ${problems.join('; ')}.`,
              {
                observed,
                expected,
              },
            )
          : verdictOn(
              policy,
              'pass',
              'published-version',
              `Every guardrail assignment of the organisation BEDROCK_POLICY pins a version: ${assignments.map((assignment) => `${assignment.region}/${assignment.name} → ${referenceLabel(assignment.guardrail)}`).join('; ')}.`,
              { observed, expected },
            ),
      );
    }
    return [
      ...verdicts,
      ...unreadableListings(context, 'aws.bedrock.agent', 'agents'),
      ...unreadableListings(context, 'aws.bedrock.enforced-guardrail', 'enforced guardrail configurations'),
      ...unreadableListings(context, 'aws.organizations.bedrock-policy', 'the effective organisation BEDROCK_POLICY'),
    ];
  },
};
