import type { RuleCase } from '../../tests/rules/rule-case.ts';
import { LOCATION, endpoint, gcpInventory, project, unknownListingId } from './case-builders.ts';

const endpointId = endpoint().id;

export const cases: readonly RuleCase[] = [
  { name: 'no endpoints: no verdicts', inventory: gcpInventory({ resources: [project()] }), expect: [] },
  {
    name: 'an endpoint with encryption_spec and kms_key_name passes (CKV2_GCP_24 pass fixture)',
    inventory: gcpInventory({ resources: [project(), endpoint()] }),
    expect: [{ resource: endpointId, status: 'pass', reason: 'cmk-configured' }],
  },
  {
    name: 'an endpoint without encryption_spec fails (CKV2_GCP_24 fail fixture)',
    inventory: gcpInventory({ resources: [project(), endpoint({ kmsKeyName: null })] }),
    expect: [{ resource: endpointId, status: 'fail', reason: 'google-managed-key' }],
  },
  {
    name: 'an empty key name fails',
    inventory: gcpInventory({ resources: [project(), endpoint({ kmsKeyName: '' })] }),
    expect: [{ resource: endpointId, status: 'fail', reason: 'google-managed-key' }],
  },
  {
    name: 'an unreadable endpoint is unknown',
    inventory: gcpInventory({ resources: [project(), endpoint({ unreadable: 'PERMISSION_DENIED' })] }),
    expect: [{ resource: endpointId, status: 'unknown', reason: 'resource-unreadable' }],
  },
  {
    name: 'a denied endpoint listing in a location is unknown',
    inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.vertex-endpoint', region: LOCATION }] }),
    expect: [{ resource: unknownListingId('gcp.vertex-endpoint', LOCATION), status: 'unknown', reason: 'listing-unreadable' }],
  },
];
