import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';
import { LOCATION, endpoint, gcpInventory, project, unknownListingId } from './case-builders.ts';

const endpointId = endpoint().id;
const expected = { encryptionSpec: { kmsKeyName: 'a Cloud KMS key' } };

export const rule: RuleModule = {
  meta: {
    id: 'gcp/endpoint-cmk',
    provider: 'gcp',
    title: 'Vertex AI endpoints are encrypted with a customer-managed key (encryptionSpec.kmsKeyName)',
    severity: 'low',
    resourceTypes: ['gcp.vertex-endpoint'],
    criteria: ['L3.coverage'],
    description:
      "Checks that every Vertex AI endpoint in every scanned location has encryptionSpec.kmsKeyName set, i.e. the endpoint's data at rest is protected by a Cloud KMS key the organisation controls and can revoke. An endpoint without one uses Google-managed encryption.",
    remediation:
      'Endpoints cannot be re-keyed: create a replacement endpoint with encryptionSpec.kmsKeyName (gcloud ai endpoints create --encryption-kms-key-name=projects/P/locations/L/keyRings/R/cryptoKeys/K; Terraform google_vertex_ai_endpoint encryption_spec { kms_key_name = … }), grant the Vertex AI service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on the key, redeploy the models and move traffic.',
    references: ['Checkov CKV2_GCP_24', 'https://cloud.google.com/vertex-ai/docs/general/cmek'],
    differences:
      'Checkov CKV2_GCP_24 passes when the encryption_spec block exists; we read the deployed endpoint and require a non-empty kmsKeyName (an empty block in a live API response means no key).',
  },
  check(context) {
    return [
      ...context.resources('gcp.vertex-endpoint').map((entry) => {
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the encryption settings');
        const label = `Vertex AI endpoint ${entry.name ?? entry.id}${entry.region ? ` in ${entry.region}` : ''}`;
        const observed = { kmsKeyName: entry.kmsKeyName };
        if (entry.kmsKeyName) return verdictOn(entry, 'pass', `${label} is encrypted with customer-managed key ${entry.kmsKeyName}.`, { observed, expected });
        return verdictOn(entry, 'fail', `${label} has no encryptionSpec.kmsKeyName: it uses Google-managed encryption keys.`, { observed, expected });
      }),
      ...unreadableListings(context, 'gcp.vertex-endpoint', 'Vertex AI endpoints'),
    ];
  },
  cases: [
    { name: 'no endpoints: no verdicts', inventory: gcpInventory({ resources: [project()] }), expect: [] },
    {
      name: 'an endpoint with encryption_spec and kms_key_name passes (CKV2_GCP_24 pass fixture)',
      inventory: gcpInventory({ resources: [project(), endpoint()] }),
      expect: [{ resource: endpointId, status: 'pass', message: /customer-managed key projects\/ai-prod-123\/locations\/us-central1\/keyRings\/ai/ }],
    },
    {
      name: 'an endpoint without encryption_spec fails (CKV2_GCP_24 fail fixture)',
      inventory: gcpInventory({ resources: [project(), endpoint({ kmsKeyName: null })] }),
      expect: [{ resource: endpointId, status: 'fail', message: /Google-managed/ }],
    },
    {
      name: 'an empty key name fails',
      inventory: gcpInventory({ resources: [project(), endpoint({ kmsKeyName: '' })] }),
      expect: [{ resource: endpointId, status: 'fail' }],
    },
    {
      name: 'an unreadable endpoint is unknown',
      inventory: gcpInventory({ resources: [project(), endpoint({ unreadable: 'PERMISSION_DENIED' })] }),
      expect: [{ resource: endpointId, status: 'unknown' }],
    },
    {
      name: 'a denied endpoint listing in a location is unknown',
      inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.vertex-endpoint', region: LOCATION }] }),
      expect: [{ resource: unknownListingId('gcp.vertex-endpoint', LOCATION), status: 'unknown' }],
    },
  ],
};
