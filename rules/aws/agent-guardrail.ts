import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/agent-guardrail',
    provider: 'aws',
    title: 'Every Bedrock agent is associated with a guardrail',
    severity: 'high',
    resourceTypes: ['aws.bedrock.agent'],
    criteria: ['L3.coverage'],
    description:
      'Checks that each Bedrock agent has a guardrail configuration (a guardrail identifier), so its model calls are filtered by a guardrail. Whether the referenced guardrail version is numbered, and whether it meets the baseline, is judged by aws/guardrail-versioned and the guardrail content rules.',
    remediation:
      'Edit the agent (console "Guardrail details", UpdateAgent guardrailConfiguration, Terraform aws_bedrockagent_agent guardrail_configuration, or CloudFormation AWS::Bedrock::Agent GuardrailConfiguration): set a guardrail identifier and a numbered version, then prepare the agent and update its aliases.',
    references: [
      'Prowler bedrock_agent_guardrail_enabled',
      'Checkov CKV_AWS_383',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/agents-guardrail.html',
      'OWASP LLM01:2025 Prompt Injection',
    ],
    differences:
      'Prowler emits nothing when ListAgents fails; we report the region as unknown. An agent whose details could not be read is unknown rather than judged from the list summary alone.',
  },
  check(context) {
    return [
      ...context.resources('aws.bedrock.agent').map((entry) => {
        const label = `Bedrock agent ${entry.name ?? entry.agentId}${entry.region ? ` in ${entry.region}` : ''}`;
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the guardrail configuration');
        const expected = { guardrailIdentifier: 'set' };
        if (entry.guardrail === null || entry.guardrail.identifier.trim() === '') {
          return verdictOn(entry, 'fail', 'no-guardrail', `${label} has no guardrail configured: its model calls are not filtered by any guardrail.`, {
            observed: null,
            expected,
          });
        }
        const { identifier, version } = entry.guardrail;
        return verdictOn(entry, 'pass', 'guardrail-attached', `${label} is using guardrail ${identifier} version ${version ?? 'DRAFT (no version set)'}.`, {
          observed: { guardrailIdentifier: identifier, guardrailVersion: version },
          expected,
        });
      }),
      ...unreadableListings(context, 'aws.bedrock.agent', 'Bedrock agents'),
    ];
  },
};
