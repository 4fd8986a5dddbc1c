import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { LOCATION, gcpInventory, project, template, unknownListingId } from './case-builders.ts';

const templateId = template().id;

export const cases: readonly RuleCase[] = [
  {
    name: 'INSPECT_AND_BLOCK passes',
    inventory: gcpInventory({ resources: [project(), template()] }),
    expect: [{ resource: templateId, status: 'pass', reason: 'inspect-and-block' }],
  },
  {
    name: 'the captured inspect-only template fails',
    inventory: gcpInventory({ resources: [project(), template({ enforcementType: 'INSPECT_ONLY' })] }),
    expect: [{ resource: templateId, status: 'fail', reason: 'inspect-only' }],
  },
  {
    name: 'no enforcement type (the captured attestor template) takes the documented default and says so',
    inventory: gcpInventory({ resources: [project(), template({ enforcementType: null })] }),
    expect: [{ resource: templateId, status: 'pass', reason: 'default-inspect-and-block' }],
  },
  {
    name: 'an unreadable template is unknown',
    inventory: gcpInventory({ resources: [project(), template({ unreadable: 'INTERNAL' })] }),
    expect: [{ resource: templateId, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a denied template listing is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.modelarmor-template', region: LOCATION }] }),
    expect: [{ resource: unknownListingId('gcp.modelarmor-template', LOCATION), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
