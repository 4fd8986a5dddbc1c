/**
 * Evaluates IaC files: the same rules on the same model, no maturity (a partial plan says little
 * about an estate), policy exceptions and inline suppressions applied.
 */
import { evaluate } from '../engine/evaluate.ts';
import type { RuleModule } from '../engine/rule.ts';
import { ruleSettings, type Policy } from '../policy/policy-file.ts';
import { applyExceptions, buildReport, type Report } from '../report/build.ts';
import { applySuppressions, type IacReadout } from './index.ts';

export function evaluateIac(readout: IacReadout, rules: readonly RuleModule[], policy: Policy, startedAt: Date, finishedAt: Date): Report {
  const today = finishedAt.toISOString().slice(0, 10);
  const evaluated = evaluate(readout.inventory, rules, policy.baseline, ruleSettings(policy), 'iac');
  const excepted = applyExceptions(evaluated, policy.document.exceptions, today);
  const suppressed = applySuppressions(excepted.findings, readout.suppressions, today);
  const expired = [
    ...excepted.expired,
    ...suppressed.expired.map((entry) => ({
      rule: entry.ruleId,
      resource: `${entry.file}:${entry.line ?? ''} ${entry.address}`,
      reason: entry.reason,
      ...(entry.until ? { expires: entry.until } : {}),
    })),
  ];
  const report = buildReport({
    mode: 'iac',
    startedAt,
    finishedAt,
    inventory: readout.inventory,
    findings: suppressed.findings,
    maturity: null,
    policyFile: policy.file ?? null,
    policySha256: policy.sha256,
    expiredExceptions: expired,
  });
  // `warnings` (only when there are any): the run read no IaC at all, so a clean report means nothing.
  const iac: NonNullable<Report['iac']> = {
    files: readout.files,
    skipped: readout.skipped,
    ...(readout.errors.length > 0 ? { errors: readout.errors } : {}),
    ...(readout.warnings.length > 0 ? { warnings: readout.warnings } : {}),
  };
  report.iac = iac;
  return report;
}
