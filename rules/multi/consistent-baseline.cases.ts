import type { Strength } from '../../src/model/common.ts';
import type { AwsGuardrail } from '../../src/model/aws.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { SUBJECT_ID } from './consistent-baseline.ts';
import { allContentFilters, awsInventory, contentFilter, guardrail } from '../aws/case-builders.ts';
import { account, azureInventory, deployment, filter, raiPolicy, strongFilters as azureStrongFilters, withFilters } from '../azure/case-builders.ts';
import { floorSetting, gcpInventory, project, raiFilter, raiFilterTypes, strongFilters as gcpStrongFilters, template } from '../gcp/case-builders.ts';

/** A guardrail version with every content filter at `strength`. */
function awsGuardrailAt(strength: Strength): AwsGuardrail {
  return guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters(strength) } });
}

function merged(...inventories: Inventory[]): Inventory {
  return {
    providers: inventories.flatMap((entry) => entry.providers),
    scopes: inventories.flatMap((entry) => entry.scopes),
    regions: inventories.flatMap((entry) => entry.regions),
    resources: inventories.flatMap((entry) => entry.resources),
    listings: inventories.flatMap((entry) => entry.listings),
  };
}

// Estates: each platform meeting the default baseline on its own.
const awsStrong = () => awsInventory({ resources: [awsGuardrailAt('high')] });
const azureStrong = () => azureInventory({ resources: [account(), deployment(), raiPolicy()] });
const gcpStrong = () => gcpInventory({ resources: [project(), floorSetting()] });

export const cases: readonly RuleCase[] = [
  {
    name: 'AWS, Azure and GCP each at or above the baseline pass, and the verdict names what cannot be expressed',
    inventory: merged(awsStrong(), azureStrong(), gcpStrong()),
    expect: [{ resource: SUBJECT_ID, status: 'pass', reason: 'all-platforms-meet-baseline' }],
  },
  {
    name: 'Model Armor harassment at HIGH confidence (neutral low) fails naming insults on gcp',
    inventory: merged(
      awsStrong(),
      gcpInventory({
        resources: [
          project(),
          floorSetting({ filters: gcpStrongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, type === 'HARASSMENT' ? 'low' : 'medium')) }) }),
        ],
      }),
    ),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'Azure Violence at threshold High on completions fails naming violence on azure output',
    inventory: merged(
      awsStrong(),
      azureInventory({
        resources: [
          account(),
          deployment(),
          raiPolicy({ contentFilters: withFilters(azureStrongFilters(), filter('Violence', 'Completion', { severityThreshold: 'High' })) }),
        ],
      }),
    ),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'a missing category on one platform fails even though another platform is strong',
    inventory: merged(
      azureStrong(),
      awsInventory({
        resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('high').filter((entry) => entry.type !== 'MISCONDUCT') } })],
      }),
    ),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'prompt attack below the baseline (Bedrock MEDIUM, baseline high) fails',
    inventory: merged(
      gcpStrong(),
      awsInventory({
        resources: [
          guardrail({
            contentPolicy: {
              tier: 'STANDARD',
              filters: [...allContentFilters('high').filter((entry) => entry.type !== 'PROMPT_ATTACK'), contentFilter('PROMPT_ATTACK', 'medium')],
            },
          }),
        ],
      }),
    ),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'a stricter baseline (high on input) fails Azure at Medium and GCP at MEDIUM_AND_ABOVE but not AWS at HIGH',
    inventory: merged(awsStrong(), azureStrong(), gcpStrong()),
    baseline: { harmCategories: { input: 'high', output: 'medium' } },
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'a Vertex project with no floor setting and no template fails: nothing screens its traffic',
    inventory: merged(awsStrong(), gcpInventory({ resources: [project()] })),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'a floor setting with enforcement off and an inspect-only template block nothing',
    inventory: merged(
      awsStrong(),
      gcpInventory({ resources: [project(), floorSetting({ enforcementEnabled: false }), template({ enforcementType: 'INSPECT_ONLY' })] }),
    ),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'Azure RAI policies that could not be listed make the comparison unknown',
    inventory: merged(awsStrong(), azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] })),
    expect: [{ resource: SUBJECT_ID, status: 'unknown', reason: 'controls-unreadable' }],
  },
  {
    name: 'an unreadable guardrail version makes the comparison unknown',
    inventory: merged(azureStrong(), awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' })] })),
    expect: [{ resource: SUBJECT_ID, status: 'unknown', reason: 'controls-unreadable' }],
  },
  {
    name: 'a known shortfall fails even when another platform could not be read',
    inventory: merged(
      gcpStrong(),
      azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
      awsInventory({ resources: [awsGuardrailAt('low')] }),
    ),
    expect: [{ resource: SUBJECT_ID, status: 'fail', reason: 'platform-below-baseline' }],
  },
  {
    name: 'a shortfall on a platform whose use is undecided is unknown',
    inventory: merged(awsStrong(), gcpInventory({ resources: [project({ vertexApiEnabled: undefined })] })),
    expect: [{ resource: SUBJECT_ID, status: 'unknown', reason: 'usage-undecided' }],
  },
  {
    name: 'only one platform in use is not applicable',
    inventory: merged(awsInventory({ resources: [awsGuardrailAt('low')] }), gcpInventory({ resources: [project({ vertexApiEnabled: false })] })),
    expect: [{ resource: SUBJECT_ID, status: 'not_applicable', reason: 'fewer-than-two-platforms' }],
  },
  {
    name: 'an Azure account without deployments is in use but has nothing to compare',
    inventory: merged(awsStrong(), azureInventory({ resources: [account()] })),
    expect: [{ resource: SUBJECT_ID, status: 'pass', reason: 'all-platforms-meet-baseline' }],
  },
  { name: 'nothing scanned: no verdict', inventory: { providers: [], scopes: [], regions: [], resources: [], listings: [] }, expect: [] },
];
