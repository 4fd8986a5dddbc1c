import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

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
        if (entry.kmsKeyName)
          return verdictOn(entry, 'pass', 'cmk-configured', `${label} is encrypted with customer-managed key ${entry.kmsKeyName}.`, { observed, expected });
        return verdictOn(entry, 'fail', 'google-managed-key', `${label} has no encryptionSpec.kmsKeyName: it uses Google-managed encryption keys.`, {
          observed,
          expected,
        });
      }),
      ...unreadableListings(context, 'gcp.vertex-endpoint', 'Vertex AI endpoints'),
    ];
  },
};
