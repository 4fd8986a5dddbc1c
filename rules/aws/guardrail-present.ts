import type { RuleModule } from '../../src/engine/rule.ts';
import { agent, awsInventory, guardrail, regionActivity } from './case-builders.ts';
import { checkUsedRegions } from './regions.ts';

const usEast = 'arn:aws:bedrock:us-east-1:111122223333:guardrails';
const euWest = 'arn:aws:bedrock:eu-west-1:111122223333:guardrails';
const euActivity = regionActivity({ region: 'eu-west-1', id: 'arn:aws:bedrock:eu-west-1:111122223333:activity', bedrockMetricNames: ['Invocations'] });

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
      if (status !== 'ok') return { status: 'unknown', message: `Could not list guardrails in ${region} (${status ?? 'not read'}).` };
      const versions = context.resources('aws.bedrock.guardrail').filter((entry) => entry.scope.id === scope.id && entry.region === region);
      const expected = { readyGuardrails: '>= 1' };
      const ready = [...new Set(versions.filter((entry) => entry.status === 'READY').map((entry) => entry.name ?? entry.guardrailId))].sort();
      if (ready.length > 0) {
        return {
          status: 'pass',
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
          message: `No guardrail in ${region} is known to be READY; the status of ${unreadStatus.join(', ')} could not be read.`,
          observed,
          expected,
        };
      }
      if (notReady.length > 0) {
        return { status: 'fail', message: `No guardrail in ${region} is READY: ${notReady.join(', ')}.`, observed, expected };
      }
      return { status: 'fail', message: `Bedrock is used in ${region} but it has no guardrail.`, observed, expected };
    });
  },
  cases: [
    {
      name: 'no Bedrock use and no guardrails: no verdicts',
      inventory: awsInventory(),
      expect: [],
    },
    {
      name: 'used region without guardrails fails (Prowler: no guardrails, 1 region)',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [agent({ guardrail: null })] }),
      expect: [{ resource: usEast, status: 'fail', message: /us-east-1 but it has no guardrail/ }],
    },
    {
      name: 'two used regions without guardrails fail twice (Prowler: no guardrails, 2 regions)',
      inventory: awsInventory({ resources: [regionActivity({ bedrockMetricNames: ['Invocations'] }), euActivity] }),
      expect: [
        { resource: usEast, status: 'fail' },
        { resource: euWest, status: 'fail' },
      ],
    },
    {
      name: 'a READY guardrail passes (Prowler: configured)',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail({ guardrailId: 'test-id', name: 'test-guardrail' })] }),
      expect: [{ resource: usEast, status: 'pass', message: /1 READY guardrail: test-guardrail/ }],
    },
    {
      name: 'guardrail in one used region only: that region passes, the other fails (Prowler: one region only)',
      inventory: awsInventory({ resources: [guardrail(), euActivity] }),
      expect: [
        { resource: usEast, status: 'pass' },
        { resource: euWest, status: 'fail' },
      ],
    },
    {
      name: 'unused region without guardrails gets no verdict',
      inventory: awsInventory({ resources: [guardrail()] }),
      expect: [{ resource: usEast, status: 'pass' }],
    },
    {
      name: 'region where Bedrock is not offered gets no verdict (Prowler: unsupported region)',
      inventory: awsInventory({ regions: ['us-east-1'], unsupportedRegions: ['ap-south-2'], resources: [guardrail()] }),
      expect: [{ resource: usEast, status: 'pass' }],
    },
    {
      name: 'several versions of one guardrail count once',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail(), guardrail({ version: 'DRAFT' })] }),
      expect: [{ resource: usEast, status: 'pass', message: /1 READY guardrail: gr-strong\./ }],
    },
    {
      name: 'only a FAILED guardrail fails and names its status',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail({ status: 'FAILED' })] }),
      expect: [{ resource: usEast, status: 'fail', message: /gr-strong version 1 \(FAILED\)/ }],
    },
    {
      name: 'guardrail whose status could not be read is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [guardrail({ status: undefined, unreadable: 'AccessDeniedException' })] }),
      expect: [{ resource: usEast, status: 'unknown', message: /could not be read/ }],
    },
    {
      name: 'denied ListGuardrails in a used region is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], resources: [agent()], failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
      expect: [{ resource: usEast, status: 'unknown', message: /Could not list guardrails in us-east-1 \(denied\)/ }],
    },
    {
      name: 'denied ListGuardrails where use cannot otherwise be shown is unknown',
      inventory: awsInventory({ regions: ['us-east-1'], failed: [{ type: 'aws.bedrock.guardrail', region: 'us-east-1' }] }),
      expect: [{ resource: usEast, status: 'unknown' }],
    },
  ],
};
