import type { RuleModule } from '../../src/engine/rule.ts';
import { checkVertexProjects, dataLogTypes, projectLabel, vertexAuditCoverage, vertexService } from './projects.ts';

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
          reason: 'data-access-logs-on',
          message: `${label} records Vertex AI data-access audit logs: DATA_READ from ${granted.DATA_READ.join(', ')}; DATA_WRITE from ${granted.DATA_WRITE.join(', ')}.`,
          observed,
          expected,
        };
      }
      if (gaps.length > 0) {
        return {
          status: 'unknown',
          reason: 'audit-config-unreadable',
          message: `${label}: ${missing.join(' and ')} audit logs for Vertex AI were not found, and the audit configuration of ${gaps.join(', ')} could not be read.`,
          observed,
          expected,
        };
      }
      return {
        status: 'fail',
        reason: 'data-access-logs-missing',
        message: `${label} uses Vertex AI (${use.evidence}) but ${missing.join(' and ')} audit logs are not enabled for ${vertexService} or allServices on the project or any ancestor.`,
        observed,
        expected,
      };
    });
  },
};
