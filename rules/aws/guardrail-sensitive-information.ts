import type { RuleModule } from '../../src/engine/rule.ts';
import type { PiiEntity } from '../../src/model/aws.ts';
import { unreadableListings, verdictOn } from '../../src/engine/verdicts.ts';
import { unreadableVersion, versionLabel } from './guardrails.ts';

/** What a PII entity does to model output: the output action, or the entity's action when the output action is omitted. */
function outputTreatment(entity: PiiEntity): { covers: boolean; text: string } {
  if (entity.outputEnabled === false) return { covers: false, text: `${entity.type} is disabled on output` };
  const action = entity.outputAction ?? entity.action;
  if (action === 'NONE') return { covers: false, text: `${entity.type} output action is NONE (detect only)` };
  return { covers: true, text: `${entity.type} (${action})` };
}

export const rule: RuleModule = {
  meta: {
    id: 'aws/guardrail-sensitive-information',
    provider: 'aws',
    title: "Guardrails mask or block the baseline's PII types in model output",
    severity: 'medium',
    resourceTypes: ['aws.bedrock.guardrail'],
    criteria: ['L3.coverage'],
    description:
      'Checks each evaluated guardrail version for a sensitive-information policy whose PII entities cover every type in the baseline (requiredPiiTypes) with action ANONYMIZE or BLOCK on output. The output action is outputAction, or the entity action when outputAction is omitted; outputEnabled false means the type is not covered, an omitted outputEnabled counts as enabled (the AWS default). With an empty requiredPiiTypes list, at least one PII entity must mask or block on output.',
    remediation:
      'Edit the guardrail: under Sensitive information filters add each PII type the baseline requires (by default EMAIL, PHONE, CREDIT_DEBIT_CARD_NUMBER, US_SOCIAL_SECURITY_NUMBER, AWS_SECRET_KEY) with guardrail behaviour Mask or Block for responses, then publish a new version and point agents and enforced configurations at it.',
    references: [
      'Prowler bedrock_guardrail_sensitive_information_filter_enabled',
      'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-sensitive-filters.html',
      'OWASP LLM02:2025 Sensitive Information Disclosure',
    ],
    differences:
      'Stricter than Prowler, which passes whenever the sensitiveInformationPolicy key is present (content ignored) and fails when GetGuardrail failed: we require the baseline PII types to be masked or blocked on output, and report an unreadable guardrail as unknown. Regex filters are not judged (their actions are not in the model).',
  },
  check(context) {
    const required = context.baseline.requiredPiiTypes;
    const expected = { outputAction: 'ANONYMIZE or BLOCK', types: required.length > 0 ? required : 'at least one PII type' };
    return [
      ...context.resources('aws.bedrock.guardrail').map((version) => {
        if (version.unreadable !== undefined || version.sensitiveInformationPolicy === undefined)
          return unreadableVersion(version, 'the sensitive-information policy');
        const policy = version.sensitiveInformationPolicy;
        if (policy === null)
          return verdictOn(version, 'fail', 'no-sensitive-information-policy', `${versionLabel(version)} has no sensitive-information policy.`, {
            observed: null,
            expected,
          });
        const observed = {
          piiEntities: policy.piiEntities.map((entity) => ({
            type: entity.type,
            outputEnabled: entity.outputEnabled,
            outputAction: entity.outputAction ?? entity.action,
          })),
          regexCount: policy.regexCount,
        };
        const covered = policy.piiEntities.filter((entity) => outputTreatment(entity).covers);
        if (required.length === 0) {
          if (covered.length === 0)
            return verdictOn(version, 'fail', 'no-pii-masked', `${versionLabel(version)} masks or blocks no PII type on output.`, { observed, expected });
          return verdictOn(
            version,
            'pass',
            'pii-masked',
            `${versionLabel(version)} masks or blocks on output: ${covered.map((entity) => outputTreatment(entity).text).join(', ')}.`,
            { observed, expected },
          );
        }
        const problems: string[] = [];
        const treated: string[] = [];
        for (const type of required) {
          const entity = policy.piiEntities.find((candidate) => candidate.type === type);
          if (!entity) {
            problems.push(`${type} is not in the policy`);
            continue;
          }
          const treatment = outputTreatment(entity);
          (treatment.covers ? treated : problems).push(treatment.text);
        }
        if (problems.length > 0) {
          return verdictOn(
            version,
            'fail',
            'required-pii-not-masked',
            `${versionLabel(version)} does not mask or block every required PII type on output: ${problems.join('; ')}.`,
            {
              observed,
              expected,
            },
          );
        }
        return verdictOn(
          version,
          'pass',
          'required-pii-masked',
          `${versionLabel(version)} masks or blocks every required PII type on output: ${treated.join(', ')}.`,
          {
            observed,
            expected,
          },
        );
      }),
      ...unreadableListings(context, 'aws.bedrock.guardrail', 'guardrails'),
    ];
  },
};
