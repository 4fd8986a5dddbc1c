import type { RuleModule } from '../../src/engine/rule.ts';
import { FOLDER, ORGANIZATION, PROJECT, auditConfig, gcpInventory, project, unknownListingId } from './case-builders.ts';
import { checkVertexProjects, dataLogTypes, projectLabel, vertexAuditCoverage, vertexService } from './projects.ts';

const projectId = project().id;
const expected = { service: `${vertexService} or allServices`, logTypes: [...dataLogTypes], at: 'the project or an ancestor' };

export const rule: RuleModule = {
  meta: {
    id: 'gcp/vertex-audit-logs',
    provider: 'gcp',
    title: 'Projects that use Vertex AI record DATA_READ and DATA_WRITE audit logs for aiplatform.googleapis.com',
    severity: 'medium',
    resourceTypes: ['gcp.audit-config', 'gcp.project'],
    criteria: ['L2.logging', 'L3.coverage'],
    presenceOf: ['gcp.audit-config'],
    description:
      "Data Access audit logs (who called predict/generateContent, read or changed Vertex AI data) are off by default. For every project that uses Vertex AI, collects the audit configurations of the project's IAM policy and of every folder and the organisation above it — audit configurations are inherited and add up — and checks that DATA_READ and DATA_WRITE are on for aiplatform.googleapis.com or allServices (each log type may come from a different level or entry). When they are not all found and part of the hierarchy could not be read, the verdict is unknown. Exempted members are not considered.",
    remediation:
      'Enable Data Access audit logs for Vertex AI API (aiplatform.googleapis.com), Data Read and Data Write, in IAM & Admin > Audit Logs, at the organisation, folder or project (Terraform google_project_iam_audit_config / google_organization_iam_audit_config with audit_log_config { log_type = "DATA_READ" } and { log_type = "DATA_WRITE" }).',
    references: [
      'https://cloud.google.com/logging/docs/audit/configure-data-access',
      'https://cloud.google.com/vertex-ai/docs/general/audit-logging',
      'CIS Google Cloud Platform Foundation Benchmark 2.1 (Cloud Audit Logging configured for all services)',
    ],
    differences:
      'CIS 2.1 asks for data-access logging on allServices with no exempted members; this rule asks only for DATA_READ and DATA_WRITE on Vertex AI (or allServices), inherited from any level, and does not look at exemptions (the model does not carry them).',
  },
  check(context) {
    return checkVertexProjects(context, (entry, use) => {
      const label = projectLabel(entry);
      const { granted, gaps } = vertexAuditCoverage(context, entry);
      const observed = { DATA_READ: granted.DATA_READ, DATA_WRITE: granted.DATA_WRITE };
      const missing = dataLogTypes.filter((logType) => granted[logType].length === 0);
      if (missing.length === 0) {
        return {
          status: 'pass',
          message: `${label} records Vertex AI data-access audit logs: DATA_READ from ${granted.DATA_READ.join(', ')}; DATA_WRITE from ${granted.DATA_WRITE.join(', ')}.`,
          observed,
          expected,
        };
      }
      if (gaps.length > 0) {
        return {
          status: 'unknown',
          message: `${label}: ${missing.join(' and ')} audit logs for Vertex AI were not found, and the audit configuration of ${gaps.join(', ')} could not be read.`,
          observed,
          expected,
        };
      }
      return {
        status: 'fail',
        message: `${label} uses Vertex AI (${use.evidence}) but ${missing.join(' and ')} audit logs are not enabled for ${vertexService} or allServices on the project or any ancestor.`,
        observed,
        expected,
      };
    });
  },
  cases: [
    {
      name: 'DATA_READ and DATA_WRITE on aiplatform.googleapis.com in the project passes',
      inventory: gcpInventory({ resources: [project(), auditConfig()] }),
      expect: [{ resource: projectId, status: 'pass', message: /DATA_READ from projects\/ai-prod-123 \(aiplatform\.googleapis\.com\)/ }],
    },
    {
      name: 'allServices at the organisation passes (inherited)',
      inventory: gcpInventory({
        resources: [project(), auditConfig({ owner: ORGANIZATION, services: [{ service: 'allServices', logTypes: ['DATA_READ', 'DATA_WRITE'] }] })],
      }),
      expect: [{ resource: projectId, status: 'pass', message: /organizations\/999 \(allServices\)/ }],
    },
    {
      name: 'DATA_READ on the folder and DATA_WRITE on the project add up',
      inventory: gcpInventory({
        resources: [
          project(),
          auditConfig({ owner: FOLDER, services: [{ service: 'aiplatform.googleapis.com', logTypes: ['DATA_READ'] }] }),
          auditConfig({ services: [{ service: 'aiplatform.googleapis.com', logTypes: ['DATA_WRITE'] }] }),
        ],
      }),
      expect: [{ resource: projectId, status: 'pass' }],
    },
    {
      name: 'no data-access logs anywhere fails (acceptance)',
      inventory: gcpInventory({ resources: [project()] }),
      expect: [{ resource: projectId, status: 'fail', message: /DATA_READ and DATA_WRITE audit logs are not enabled/ }],
    },
    {
      name: 'only ADMIN_READ and DATA_READ fails naming DATA_WRITE',
      inventory: gcpInventory({
        resources: [project(), auditConfig({ services: [{ service: 'aiplatform.googleapis.com', logTypes: ['ADMIN_READ', 'DATA_READ'] }] })],
      }),
      expect: [{ resource: projectId, status: 'fail', message: /but DATA_WRITE audit logs are not enabled/ }],
    },
    {
      name: 'logs for another service do not count',
      inventory: gcpInventory({
        resources: [project(), auditConfig({ services: [{ service: 'storage.googleapis.com', logTypes: ['DATA_READ', 'DATA_WRITE'] }] })],
      }),
      expect: [{ resource: projectId, status: 'fail' }],
    },
    {
      name: 'a project not using Vertex AI gets no verdict',
      inventory: gcpInventory({ resources: [project({ vertexApiEnabled: false })] }),
      expect: [],
    },
    {
      name: 'a denied organisation IAM policy read is unknown when the logs are not found elsewhere (acceptance: denied is unknown)',
      inventory: gcpInventory({ resources: [project()], failed: [{ type: 'gcp.audit-config', owner: ORGANIZATION }] }),
      expect: [{ resource: projectId, status: 'unknown', message: /audit configuration of organizations\/999 \(denied\) could not be read/ }],
    },
    {
      name: 'a denied organisation read does not matter when the project already has both log types',
      inventory: gcpInventory({ resources: [project(), auditConfig()], failed: [{ type: 'gcp.audit-config', owner: ORGANIZATION }] }),
      expect: [{ resource: projectId, status: 'pass' }],
    },
    {
      name: 'an unreadable ancestry is unknown when the project alone does not have the logs',
      inventory: gcpInventory({ resources: [project({ ancestors: undefined })] }),
      expect: [{ resource: projectId, status: 'unknown', message: /ancestry unreadable/ }],
    },
    {
      name: 'a project that could not be read is unknown',
      inventory: gcpInventory({ failed: [{ type: 'gcp.project', owner: PROJECT }] }),
      expect: [{ resource: unknownListingId('gcp.project'), status: 'unknown' }],
    },
  ],
};
