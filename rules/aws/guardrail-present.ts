import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { checkUsedRegions } from './regions.ts';

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-present',
    provider: 'aws',
    title: 'Every region that uses Bedrock has at least one READY guardrail',
    severity: 'high',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L2.controls', 'L3.coverage'],
    description:
      'In each region with Bedrock activity there must be at least one guardrail in status READY. This shows that a control exists; whether it is attached to agents or enforced on invocations is judged by aws/agent-guardrail and aws/enforced-guardrail.',
    remediation:
      'Create a guardrail (Bedrock console > Guardrails, or CreateGuardrail / AWS::Bedrock::Guardrail) in every region where Bedrock is used, publish a version, and attach it to agents or enforce it for the account.',
    references: ['Prowler bedrock_guardrails_configured', 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-create.html'],
    differences:
      'Prowler fails every region without a guardrail and emits one PASS per guardrail; we judge only regions where Bedrock is used, emit one verdict per region, require a guardrail in status READY, and report a denied ListGuardrails as unknown (Prowler emits nothing).',
  },
  check(context) {
    return checkUsedRegions(context, 'guardrails', 'bedrock:ListGuardrails', ({ scope, region }) => {
      const status = context.listing('aws.bedrock.guardrail', scope, region);
      if (status !== 'ok')
        return { status: 'unknown', reason: commonReasons.listingUnreadable, message: `Could not list guardrails in ${region} (${status ?? 'not read'}).` };
      const versions = context.resourcesIn('aws.bedrock.guardrail', scope.id, region);
      const expected = { readyGuardrails: '>= 1' };
      const ready = [...new Set(versions.filter((entry) => entry.status === 'READY').map((entry) => entry.name ?? entry.guardrailId))].sort();
      if (ready.length > 0) {
        return {
          status: 'pass',
          reason: 'guardrail-ready',
          message: `${region} has ${ready.length} READY guardrail${ready.length > 1 ? 's' : ''}: ${ready.join(', ')}.`,
          observed: { readyGuardrails: ready },
          expected,
        };
      }
      const unreadStatus = versions.filter((entry) => entry.status === undefined).map((entry) => `${entry.name ?? entry.guardrailId} version ${entry.version}`);
      const notReady = versions
        .filter((entry) => entry.status !== undefined)
        .map((entry) => `${entry.name ?? entry.guardrailId} version ${entry.version} (${entry.status})`);
      const observed = { readyGuardrails: [], notReady, statusUnreadable: unreadStatus };
      if (unreadStatus.length > 0) {
        return {
          status: 'unknown',
          reason: commonReasons.resourceUnreadable,
          message: `No guardrail in ${region} is known to be READY; the status of ${unreadStatus.join(', ')} could not be read.`,
          observed,
          expected,
        };
      }
      if (notReady.length > 0) {
        return { status: 'fail', reason: 'no-ready-guardrail', message: `No guardrail in ${region} is READY: ${notReady.join(', ')}.`, observed, expected };
      }
      return { status: 'fail', reason: 'no-guardrail', message: `Bedrock is used in ${region} but it has no guardrail.`, observed, expected };
    });
  },
};
