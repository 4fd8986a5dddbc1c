import type { Inventory } from '../../src/model/inventory.ts';
import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { awsInventory, regionActivity } from '../aws/case-builders.ts';
import { account as azureAccount, azureInventory, deployment } from '../azure/case-builders.ts';

function merged(...inventories: Inventory[]): Inventory {
  return {
    providers: inventories.flatMap((entry) => entry.providers),
    scopes: inventories.flatMap((entry) => entry.scopes),
    regions: inventories.flatMap((entry) => entry.regions),
    resources: inventories.flatMap((entry) => entry.resources),
    listings: inventories.flatMap((entry) => entry.listings),
  };
}

/** An Azure OpenAI deployment of gpt-4o (version 2024-11-20). */
const gpt4o = deployment();
const azureGpt4o = () => azureInventory({ resources: [azureAccount(), gpt4o] });

/** A Bedrock model ListMetrics shows invoked, its Invocations series not read: whether it is invoked in the window is unknown. */
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const awsHaikuUnmeasured = () => awsInventory({ resources: [regionActivity({ invokedModelIds: [HAIKU] })] });

export const cases: readonly RuleCase[] = [
  {
    name: 'no allow-list in the policy: not applicable',
    inventory: azureGpt4o(),
    expect: [{ resource: 'multi/approved-models/estate', status: 'not_applicable', reason: 'no-approved-models' }],
  },
  {
    name: 'a deployment of gpt-4o with gpt-4o* allowed: pass',
    inventory: azureGpt4o(),
    baseline: { approvedModels: ['gpt-4o*'] },
    expect: [{ resource: gpt4o.id, status: 'pass', reason: 'model-approved' }],
  },
  {
    name: 'a deployment of a model not on the list: fail',
    inventory: azureGpt4o(),
    baseline: { approvedModels: ['gpt-35-turbo', 'gemini-2.*'] },
    expect: [{ resource: gpt4o.id, status: 'fail', reason: 'model-not-approved' }],
  },
  {
    name: 'a Bedrock model matched by its publisher-prefixed id (anthropic.claude-3-*): pass even though its use is not measured',
    inventory: awsHaikuUnmeasured(),
    baseline: { approvedModels: ['anthropic.claude-3-*'] },
    expect: [{ resource: HAIKU, status: 'pass', reason: 'model-approved' }],
  },
  {
    name: 'a Bedrock model not on the list whose invocations could not be measured: unknown',
    inventory: merged(awsHaikuUnmeasured(), azureGpt4o()),
    baseline: { approvedModels: ['gpt-4o*', 'anthropic.claude-3-5-*'] },
    expect: [
      { resource: HAIKU, status: 'unknown', reason: 'model-use-unknown' },
      { resource: gpt4o.id, status: 'pass', reason: 'model-approved' },
    ],
  },
];
