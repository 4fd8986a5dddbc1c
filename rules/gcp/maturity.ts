/** How GCP findings and facts become evidence for the maturity criteria (spec §7). */
import type { CriteriaEvaluator, CriterionEvidence } from '../../src/engine/evidence.ts';
import { evidence } from '../../src/engine/evidence.ts';
import type { Finding } from '../../src/engine/evaluate.ts';
import type { GcpFacts } from './facts.ts';
import { effectivenessReasons } from './effectiveness.ts';
import { total, unmeasured } from './usage.ts';

const count = (value: number) => value.toLocaleString('en-US');

/** "over 30 days" from the window the series were read over. */
function overWindow(facts: GcpFacts): string {
  const window = facts.usageWindow;
  if (window === null) return 'over the metrics window';
  const days = Math.round((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000);
  return `over ${days} day${days === 1 ? '' : 's'}`;
}

/** The projects that use Vertex AI (or might), with their measured activity. */
function vertexActivity(facts: GcpFacts) {
  const considered = new Set(facts.projects.filter((entry) => entry.use.usage !== 'unused').map((entry) => entry.project.projectId));
  return facts.activity.filter((activity) => considered.has(activity.project.projectId));
}

/**
 * L4.effectiveness-metrics, evidence-based (issue 13): every Model Armor control in use — the floor
 * settings screening Vertex AI traffic, the Model Armor API where applications call it — has
 * activity measured over the window, and an alert policy watches Model Armor results (the
 * `gcp/modelarmor-alerts` rule). Unknown when the usage metrics could not be read; unmet when a
 * control in use saw no measured activity or no alert watches it. Interventions are not published
 * as metrics (Cloud Logging only), so the evidence quotes the traffic the controls screened.
 */
function effectivenessMetrics(findings: readonly Finding[], facts: GcpFacts): CriterionEvidence {
  const alerts = evidence.allPass(findings, 'L4.effectiveness-metrics', 'Alert policies on Model Armor results for every Vertex project');
  const activities = vertexActivity(facts);
  const unmeasurable = activities.map(unmeasured).filter((reason): reason is string => reason !== undefined);
  const floors = activities.filter((activity) => activity.screening.status === 'blocking' || activity.screening.status === 'inspect-only');
  const apiUse = activities.filter((activity) => activity.modelArmorApi.some((use) => use.requests !== null && use.requests > 0));
  const screened = floors.map((activity) => total(activity.publisherModels.filter((use) => use.screenable).map((use) => use.invocations)));
  const all = total(
    activities.flatMap((activity) => [...activity.publisherModels.map((use) => use.invocations), ...activity.endpoints.map((use) => use.predictions)]),
  );
  const requests = total(apiUse.flatMap((activity) => activity.modelArmorApi.map((use) => use.requests)));
  const measured =
    unmeasurable.length > 0 || floors.length + apiUse.length === 0
      ? ''
      : `${floors.length} floor setting${floors.length === 1 ? '' : 's'} screening Vertex AI, ${screened.every((value) => value !== null) ? count(screened.reduce<number>((sum, value) => sum + (value ?? 0), 0)) : 'an unknown number of'} Gemini invocations screened${all === null ? '' : ` of ${count(all)} model invocations`}${apiUse.length > 0 && requests !== null ? `, ${count(requests)} Model Armor API requests` : ''} ${overWindow(facts)}; interventions are not published as metrics (Cloud Logging only).`;
  if (alerts.status === 'unmet') return { ...alerts, summary: [measured, alerts.summary].filter(Boolean).join(' ') };
  if (unmeasurable.length > 0)
    return {
      status: 'unknown',
      summary: `Model Armor activity could not be measured: ${unmeasurable.join('; ')}. ${alerts.summary}`,
      findings: alerts.findings,
    };
  if (floors.length + apiUse.length === 0)
    return {
      status: 'unmet',
      summary: `No Model Armor control screens Vertex AI traffic (no floor setting integrating Vertex AI, no Model Armor API requests ${overWindow(facts)}): there is nothing to measure. ${alerts.summary}`,
      findings: alerts.findings,
    };
  const silent = floors.filter((_, index) => screened[index] === 0).map((activity) => activity.project.projectId);
  if (silent.length > 0)
    return {
      status: 'unmet',
      summary: `${measured} The floor settings of ${silent.join(', ')} screened no Gemini invocation ${overWindow(facts)}: no activity data. ${alerts.summary}`,
      findings: alerts.findings,
    };
  if (screened.some((value) => value === null))
    return { status: 'unknown', summary: `${measured} A model invocation series could not be read. ${alerts.summary}`, findings: alerts.findings };
  if (alerts.status === 'unknown') return { ...alerts, summary: `${measured} ${alerts.summary}` };
  return { status: 'met', summary: `${measured} ${alerts.summary}`, findings: alerts.findings };
}

/** L4.measured-review stays attestable (false-positive review is not observable); the summary says what was observed about cost. */
function measuredReview(facts: GcpFacts): CriterionEvidence {
  const base = evidence.notObservable();
  const activities = vertexActivity(facts);
  const all = activities.every((activity) => unmeasured(activity) === undefined)
    ? total(activities.flatMap((activity) => [...activity.publisherModels.map((use) => use.invocations), ...activity.endpoints.map((use) => use.predictions)]))
    : null;
  const usage = all === null ? 'model usage could not be measured' : `${count(all)} model invocations measured ${overWindow(facts)}`;
  return { ...base, summary: `${base.summary} Observed: the cost of Model Armor is not computed (${effectivenessReasons.noPrice}); ${usage}.` };
}

/** Organisation-level floor enforcement with inspect-and-block on Vertex: policy-driven automation. */
function organisationFloor(facts: GcpFacts): CriterionEvidence {
  const automating = facts.floorSettings.filter(
    (floor) => floor.level === 'organization' && floor.enforcementEnabled === true && floor.aiPlatformMode === 'inspectAndBlock',
  );
  if (automating.length > 0)
    return {
      status: 'met',
      summary: `An organisation floor setting enforces inspect-and-block on Vertex AI (${automating.map((floor) => floor.owner).join(', ')}).`,
      findings: [],
    };
  if (facts.floorUnreadable.has('organization')) return { status: 'unknown', summary: 'The organisation floor setting could not be read.', findings: [] };
  return { status: 'unmet', summary: 'No organisation-level floor setting enforces inspect-and-block on Vertex AI.', findings: [] };
}

/** Malicious-URI filtering and multi-language detection on every floor setting in force. */
function newCapabilities(facts: GcpFacts): CriterionEvidence {
  const floors = facts.floorSettings;
  if (floors.length === 0)
    return { status: 'unmet', summary: 'No Model Armor floor setting to carry malicious-URI and multi-language detection.', findings: [] };
  const lacking = floors.filter((floor) => floor.filters.maliciousUri !== true || floor.multiLanguageDetection !== true);
  if (lacking.length === 0)
    return { status: 'met', summary: `All ${floors.length} floor setting(s) use malicious-URI filtering and multi-language detection.`, findings: [] };
  return {
    status: 'unmet',
    summary: `Floor settings without malicious-URI filtering or multi-language detection: ${lacking.map((floor) => floor.owner).join(', ')}.`,
    findings: [],
  };
}

export const gcpCriteria: CriteriaEvaluator<GcpFacts> = ({ findings, facts, baseline }) => {
  const enforced = evidence.allPass(findings, 'L3.drift-detection', 'Floor-setting enforcement covering every project');
  return {
    'L2.controls': evidence.anyPass(findings, 'L2.controls', 'Model Armor floor settings or templates with filters'),
    'L2.logging': evidence.anyPass(findings, 'L2.logging', 'Vertex data-access audit logs or Model Armor Cloud Logging'),
    'L3.coverage': evidence.baselineCoverage(findings),
    'L3.enforcement': evidence.allPass(findings, 'L3.enforcement', 'Floor-setting enforcement with inline blocking for every Vertex project'),
    'L3.drift-detection':
      enforced.status === 'met'
        ? enforced
        : { ...evidence.needsHistory(`${enforced.summary} Otherwise, drift detection by repeated scans`), findings: enforced.findings },
    'L3.iac': evidence.iacShare(facts.iac?.candidates ?? [], facts.iac?.what ?? { plural: 'control resources', none: 'control resources' }, baseline),
    'L4.effectiveness-metrics': effectivenessMetrics(findings, facts),
    'L4.remediation-sla': evidence.needsHistory(`Remediation within ${baseline.remediationSlaDays} days`),
    'L4.measured-review': measuredReview(facts),
    'L5.automation': organisationFloor(facts),
    'L5.continuous-validation': evidence.needsHistory('Daily validation over the last 7 days'),
    'L5.new-capabilities': newCapabilities(facts),
    'L5.multi-cloud': evidence.allPass(findings, 'L5.multi-cloud', 'Model Armor floor settings meet the neutral baseline'),
  };
};
