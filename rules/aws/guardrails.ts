/**
 * Shared guardrail logic for the AWS rules: how a content filter direction is judged, whether a
 * guardrail version meets the baseline (used by aws/guardrail-content-filters,
 * aws/guardrail-prompt-attack and aws/enforced-guardrail), and how a guardrail reference
 * (agent, enforced configuration, organisation policy) is resolved to a collected version.
 *
 * Omitted fields follow the AWS defaults: a filter direction whose `enabled` is omitted is
 * enabled, and one whose `action` is omitted blocks (BLOCK). Both are recorded as assumed
 * defaults so messages can say so.
 */
import type { ScopeRef, Strength } from '../../src/model/common.ts';
import type { AwsGuardrail, FilterDirection, GuardrailContentFilter, GuardrailReference } from '../../src/model/aws.ts';
import type { RuleContext, Verdict } from '../../src/engine/rule.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import { nameOf, strengthAtLeast } from '../../src/model/common.ts';
import { bedrockHarmFilterTypes, bedrockVocabulary } from '../../src/model/aws.ts';
import { commonReasons, verdictOn } from '../../src/engine/verdicts.ts';

/** The five harm categories every guardrail must filter on input and output, as AWS names them. */
export const harmFilterTypes = bedrockHarmFilterTypes;

/** A neutral strength written as AWS writes it (off → NONE). */
export function awsStrength(strength: Strength): string {
  return nameOf(bedrockVocabulary.strengths, strength) ?? strength;
}

/** "Guardrail <name> version <n>", the way every guardrail message names its subject. */
export function versionLabel(version: AwsGuardrail): string {
  return `Guardrail ${version.name ?? version.guardrailId} version ${version.version}`;
}

/** The `unknown` verdict for a guardrail version whose details could not be read, naming the version. */
export function unreadableVersion(version: AwsGuardrail, what: string): Verdict {
  return verdictOn(
    version,
    'unknown',
    commonReasons.resourceUnreadable,
    `Could not read ${what} of ${versionLabel(version)}: ${version.unreadable ?? 'not collected'}.`,
  );
}

export interface FilterAssessment {
  /** Definite shortfalls, e.g. "HATE output strength is LOW, below MEDIUM". */
  problems: string[];
  /** Omitted fields taken at their AWS default, e.g. "HATE input action (BLOCK)". */
  defaults: string[];
}

/**
 * Judges one direction of a content filter against a required strength. A disabled direction
 * is reported as disabled only (its action and strength no longer matter).
 */
export function assessDirection(type: string, direction: 'input' | 'output', observed: FilterDirection, required: Strength): FilterAssessment {
  const problems: string[] = [];
  const defaults: string[] = [];
  if (observed.enabled === false) return { problems: [`${type} ${direction} is disabled`], defaults };
  if (observed.enabled === null) defaults.push(`${type} ${direction} enabled (true)`);
  if (observed.action === 'NONE') problems.push(`${type} ${direction} action is NONE (detect only)`);
  if (observed.action === null) defaults.push(`${type} ${direction} action (BLOCK)`);
  if (!strengthAtLeast(observed.strength, required)) {
    problems.push(`${type} ${direction} strength is ${awsStrength(observed.strength)}, below ${awsStrength(required)}`);
  }
  return { problems, defaults };
}

function merge(assessments: FilterAssessment[]): FilterAssessment {
  const merged: FilterAssessment = { problems: [], defaults: [] };
  for (const entry of assessments) {
    merged.problems.push(...entry.problems);
    merged.defaults.push(...entry.defaults);
  }
  return merged;
}

type ContentFilters = readonly GuardrailContentFilter[];

/** HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT, each on input and output, against the baseline. */
export function assessHarmCategories(filters: ContentFilters, baseline: Baseline): FilterAssessment {
  const assessments: FilterAssessment[] = [];
  for (const type of harmFilterTypes) {
    const filter = filters.find((candidate) => candidate.type === type);
    if (!filter) assessments.push({ problems: [`${type} filter is missing`], defaults: [] });
    else {
      assessments.push(
        assessDirection(type, 'input', filter.input, baseline.harmCategories.input),
        assessDirection(type, 'output', filter.output, baseline.harmCategories.output),
      );
    }
  }
  return merge(assessments);
}

/** PROMPT_ATTACK on input against the baseline (Bedrock allows no output strength for it). */
export function assessPromptAttack(filters: ContentFilters, required: Strength): FilterAssessment {
  const filter = filters.find((candidate) => candidate.type === 'PROMPT_ATTACK');
  if (!filter) return { problems: ['PROMPT_ATTACK filter is missing'], defaults: [] };
  return assessDirection('PROMPT_ATTACK', 'input', filter.input, required);
}

export type BaselineAssessment =
  { status: 'unknown'; reason: string } | { status: 'meets'; defaults: string[] } | { status: 'below'; problems: string[]; defaults: string[] };

/**
 * Whether a guardrail version meets the content baseline: PROMPT_ATTACK blocks on input at
 * the baseline strength, and the five harm categories block on input and output at the
 * baseline strengths. `unknown` when the version's content policy could not be read.
 */
export function assessGuardrailBaseline(version: AwsGuardrail, baseline: Baseline): BaselineAssessment {
  if (version.unreadable !== undefined || version.contentPolicy === undefined) {
    return {
      status: 'unknown',
      reason: `the content policy of ${versionLabel(version)} could not be read${version.unreadable ? ` (${version.unreadable})` : ''}`,
    };
  }
  if (version.contentPolicy === null) return { status: 'below', problems: ['it has no content policy'], defaults: [] };
  const assessment = merge([
    assessPromptAttack(version.contentPolicy.filters, baseline.promptAttack),
    assessHarmCategories(version.contentPolicy.filters, baseline),
  ]);
  return assessment.problems.length > 0 ? { status: 'below', ...assessment } : { status: 'meets', defaults: assessment.defaults };
}

/** The expected value reported by the baseline-checking rules. */
export function baselineExpectation(baseline: Baseline) {
  return {
    PROMPT_ATTACK: { input: { enabled: true, action: 'BLOCK', strength: `>= ${awsStrength(baseline.promptAttack)}` } },
    ...Object.fromEntries(
      harmFilterTypes.map((type) => [
        type,
        {
          input: { enabled: true, action: 'BLOCK', strength: `>= ${awsStrength(baseline.harmCategories.input)}` },
          output: { enabled: true, action: 'BLOCK', strength: `>= ${awsStrength(baseline.harmCategories.output)}` },
        },
      ]),
    ),
  };
}

/** The observed content filters, keyed by AWS type, with strengths as AWS writes them. */
export function observedFilters(filters: ContentFilters, types: readonly string[]) {
  return Object.fromEntries(
    types.map((type) => {
      const filter = filters.find((candidate) => candidate.type === type);
      const direction = (entry: FilterDirection) => ({ enabled: entry.enabled, action: entry.action, strength: awsStrength(entry.strength) });
      return [type, filter ? { input: direction(filter.input), output: direction(filter.output) } : null];
    }),
  );
}

/** "…; omitted fields taken at AWS defaults: …" or an empty string. */
export function defaultsNote(defaults: readonly string[]): string {
  return defaults.length > 0 ? ` Omitted fields taken at their AWS defaults: ${defaults.join(', ')}.` : '';
}

/** A guardrail version that is a published number ("1", "2", …), not DRAFT. */
export function isNumberedVersion(version: string | null): version is string {
  return version !== null && /^[1-9]\d*$/.test(version);
}

/**
 * Splits a reference whose identifier carries the version (`<guardrail ARN>:<version>`, as the
 * organisation policy writes it) into identifier and version.
 */
function normalise(reference: GuardrailReference): GuardrailReference {
  const match = /^(arn:[^:]+:bedrock:[^:]*:[^:]*:guardrail\/[^:]+):([^:]+)$/.exec(reference.identifier);
  if (match?.[1] && match[2]) return { identifier: match[1], version: reference.version ?? match[2] };
  return reference;
}

/**
 * Finds the collected guardrail version a reference points at. An ARN matches wherever it
 * was collected; a bare guardrail id matches only in the referencing scope and region.
 */
export function findGuardrailVersion(context: RuleContext, reference: GuardrailReference, scope: ScopeRef, region: string | null): AwsGuardrail | undefined {
  const { identifier, version } = normalise(reference);
  if (version === null) return undefined;
  const { byArn, byId } = guardrailVersionIndex(context);
  const viaArn = byArn.get(JSON.stringify([identifier, version]));
  const viaId = byId.get(JSON.stringify([identifier, scope.id, region, version]));
  // The first collected version matching either way, as a scan in inventory order would find it.
  if (viaArn && viaId) return viaArn.position <= viaId.position ? viaArn.guardrail : viaId.guardrail;
  return (viaArn ?? viaId)?.guardrail;
}

interface IndexedVersion {
  guardrail: AwsGuardrail;
  /** Its position among the collected guardrail versions (inventory order). */
  position: number;
}

/** The first collected guardrail version per (ARN, version) and per (guardrail id, scope, region, version), indexed once per evaluation. */
function guardrailVersionIndex(context: RuleContext): { byArn: ReadonlyMap<string, IndexedVersion>; byId: ReadonlyMap<string, IndexedVersion> } {
  return context.memo('aws/guardrail-version-index', () => {
    const byArn = new Map<string, IndexedVersion>();
    const byId = new Map<string, IndexedVersion>();
    context.resources('aws.bedrock.guardrail').forEach((guardrail, position) => {
      const arnKey = JSON.stringify([guardrail.arn, guardrail.version]);
      const idKey = JSON.stringify([guardrail.guardrailId, guardrail.scope.id, guardrail.region, guardrail.version]);
      if (!byArn.has(arnKey)) byArn.set(arnKey, { guardrail, position });
      if (!byId.has(idKey)) byId.set(idKey, { guardrail, position });
    });
    return { byArn, byId };
  });
}

/** "<identifier> version <n>" (or "without a version") for messages about references. */
export function referenceLabel(reference: GuardrailReference): string {
  const { identifier, version } = normalise(reference);
  return version === null ? `${identifier} (no version)` : `${identifier} version ${version}`;
}

/** The version a reference names, reading it from an ARN-with-version identifier when needed. */
export function referencedVersion(reference: GuardrailReference): string | null {
  return normalise(reference).version;
}
