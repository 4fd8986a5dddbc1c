import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { LOCATION, endpoint, gcpInventory, project, unknownListingId } from './case-builders.ts';

const endpointId = endpoint().id;

export const cases: readonly RuleCase[] = [
  { name: 'no endpoints: no verdicts', inventory: gcpInventory({ resources: [project()] }), expect: [] },
  {
    name: 'an endpoint with a network passes (CKV2_GCP_33 pass fixture)',
    inventory: gcpInventory({ resources: [project(), endpoint()] }),
    expect: [{ resource: endpointId, status: 'pass', reason: 'private-network' }],
  },
  {
    name: 'a Private Service Connect endpoint passes (CKV2_GCP_33 would fail it)',
    inventory: gcpInventory({ resources: [project(), endpoint({ network: null, privateServiceConnect: true })] }),
    expect: [{ resource: endpointId, status: 'pass', reason: 'private-service-connect' }],
  },
  {
    name: 'an endpoint without network or PSC fails (CKV2_GCP_33 fail fixture)',
    inventory: gcpInventory({ resources: [project(), endpoint({ network: null })] }),
    expect: [{ resource: endpointId, status: 'fail', reason: 'public-endpoint' }],
  },
  {
    name: 'an unreadable endpoint is unknown',
    inventory: gcpInventory({ resources: [project(), endpoint({ unreadable: 'INTERNAL' })] }),
    expect: [{ resource: endpointId, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a failed location list for endpoints is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.vertex-endpoint', region: null, status: 'error' }] }),
    expect: [{ resource: unknownListingId('gcp.vertex-endpoint'), status: 'unknown', reason: 'listing-unreadable' }],
  },
  {
    name: 'a denied endpoint listing in a location is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.vertex-endpoint', region: LOCATION }] }),
    expect: [{ resource: unknownListingId('gcp.vertex-endpoint', LOCATION), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
