import type { RuleModule } from '../../src/engine/rule.ts';
import { unreadableListings, unreadableResource, verdictOn } from '../../src/engine/verdicts.ts';

const expected = { oneOf: [{ network: 'a VPC network (private endpoint)' }, { privateServiceConnectConfig: { enablePrivateServiceConnect: true } }] };

export const rule: RuleModule = {
  meta: {
    id: 'gcp/endpoint-private',
    provider: 'gcp',
    title: 'Vertex AI endpoints are private (VPC network peering or Private Service Connect)',
    severity: 'low',
    resourceTypes: ['gcp.vertex-endpoint'],
    criteria: ['L3.coverage'],
    description:
      'Checks that every Vertex AI endpoint in every scanned location is private: it has a network (a private endpoint reachable through VPC Network Peering) or Private Service Connect enabled. Any other endpoint is served on the public Vertex AI API endpoint, protected only by IAM.',
    remediation:
      'Create a private endpoint (gcloud ai endpoints create --network=projects/PROJECT_NUMBER/global/networks/VPC, or a Private Service Connect endpoint with --private-service-connect-config; Terraform google_vertex_ai_endpoint network = … or private_service_connect_config { enable_private_service_connect = true }), redeploy the models and move traffic; public endpoints cannot be converted in place.',
    references: [
      'Checkov CKV2_GCP_33',
      'https://cloud.google.com/vertex-ai/docs/predictions/using-private-endpoints',
      'https://cloud.google.com/vertex-ai/docs/predictions/private-service-connect',
    ],
    differences:
      "Checkov CKV2_GCP_33 passes only when network is set; we also accept Private Service Connect, Google's recommended private option, which does not set network.",
  },
  check(context) {
    return [
      ...context.resources('gcp.vertex-endpoint').map((entry) => {
        if (entry.unreadable !== undefined) return unreadableResource(entry, 'the network settings');
        const label = `Vertex AI endpoint ${entry.name ?? entry.id}${entry.region ? ` in ${entry.region}` : ''}`;
        const observed = { network: entry.network, privateServiceConnect: entry.privateServiceConnect };
        if (entry.network)
          return verdictOn(entry, 'pass', 'private-network', `${label} is a private endpoint on network ${entry.network}.`, { observed, expected });
        if (entry.privateServiceConnect)
          return verdictOn(entry, 'pass', 'private-service-connect', `${label} is reachable through Private Service Connect only.`, { observed, expected });
        return verdictOn(entry, 'fail', 'public-endpoint', `${label} is public: it has no network and Private Service Connect is not enabled.`, {
          observed,
          expected,
        });
      }),
      ...unreadableListings(context, 'gcp.vertex-endpoint', 'Vertex AI endpoints'),
    ];
  },
};
