import { z } from 'zod';
import { StrengthSchema } from '../model/common.ts';

/**
 * The organisation's standard for AI-platform controls (spec §8). Every strength is on the
 * neutral scale so one baseline serves every cloud.
 */
export const BaselineSchema = z
  .object({
    harmCategories: z.object({ input: StrengthSchema, output: StrengthSchema }).strict().default({ input: 'medium', output: 'medium' }),
    promptAttack: StrengthSchema.default('high'),
    /** PII entity types a sensitive-information policy must mask or block on output. */
    requiredPiiTypes: z.array(z.string().min(1)).default(['EMAIL', 'PHONE', 'CREDIT_DEBIT_CARD_NUMBER', 'US_SOCIAL_SECURITY_NUMBER', 'AWS_SECRET_KEY']),
    groundingThreshold: z.number().min(0).max(1).default(0.7),
    relevanceThreshold: z.number().min(0).max(1).default(0.7),
    /** Share (0..1) of control resources that must carry IaC provenance for L3.iac. */
    iacShare: z.number().min(0).max(1).default(0.9),
    /** Tag keys whose presence marks a resource as managed by infrastructure-as-code. */
    iacTagKeys: z
      .array(z.string().min(1))
      .default(['aws:cloudformation:stack-id', 'aws:cloudformation:stack-name', 'goog-terraform-provisioned', 'managed-by', 'ManagedBy']),
    /** Days a baseline failure may stay open (L4.remediation-sla); `remediationSlaDaysBySeverity` overrides it per severity. */
    remediationSlaDays: z.number().int().positive().default(14),
    remediationSlaDaysBySeverity: z
      .object({
        critical: z.number().int().positive().optional(),
        high: z.number().int().positive().optional(),
        medium: z.number().int().positive().optional(),
        low: z.number().int().positive().optional(),
        info: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    /**
     * Shadow AI (spec §12, `multi/approved-scopes`): per provider id, the accounts, subscriptions
     * or projects approved to run AI (ids or names; `*` matches any run of characters, case is
     * ignored). Absent: no approved list, the rule is not applicable; a provider left out is not
     * judged; an empty list approves no scope of that provider.
     */
    approvedScopes: z.record(z.string(), z.array(z.string().min(1))).optional(),
    /** Shadow AI (`multi/approved-models`): the models allowed to be deployed or invoked (globs such as `anthropic.claude-3-5-*`, `gpt-4o*`). Absent: not applicable. */
    approvedModels: z.array(z.string().min(1)).optional(),
    /** Thresholds of the effectiveness flags (spec §12, L4.effectiveness-metrics). */
    effectiveness: z
      .object({
        /** Below this share of model invocations passing through a control, traffic bypasses the controls (`bypassed-traffic`). */
        minGuardedShare: z.number().min(0).max(1).default(0.95),
        /** A control evaluated at least this many times in the window and never intervening is flagged `never-fires`. */
        meaningfulVolume: z.number().int().positive().default(1000),
        /** An intervention rate above this suggests over-blocking (`over-blocking`: review false positives). */
        maxInterventionRate: z.number().min(0).max(1).default(0.2),
      })
      .strict()
      .default({ minGuardedShare: 0.95, meaningfulVolume: 1000, maxInterventionRate: 0.2 }),
    /**
     * Prices of the controls, kept here with their source and date because prices change (spec §12
     * cost). AWS: Bedrock Guardrails, USD per 1,000 text units per policy type, keyed by the
     * `GuardrailPolicyType` dimension value of the `AWS/Bedrock/Guardrails` metrics.
     */
    controlPrices: z
      .object({
        source: z.string().min(1),
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        currency: z.string().min(3).max(3),
        awsGuardrailPer1000TextUnits: z.record(z.string(), z.number().nonnegative()),
      })
      .strict()
      .default({
        source: 'https://aws.amazon.com/bedrock/pricing/',
        asOf: '2024-12-01',
        currency: 'USD',
        awsGuardrailPer1000TextUnits: {
          ContentPolicy: 0.15,
          TopicPolicy: 0.15,
          SensitiveInformationPolicy: 0.1,
          ContextualGroundingPolicy: 0.1,
          WordPolicy: 0,
        },
      }),
  })
  .strict();
export type Baseline = z.infer<typeof BaselineSchema>;

export const defaultBaseline: Baseline = BaselineSchema.parse({});

/** The remediation SLA in days for a severity: the per-severity override, else the general one. */
export function slaDays(baseline: Baseline, severity: keyof Baseline['remediationSlaDaysBySeverity']): number {
  return baseline.remediationSlaDaysBySeverity[severity] ?? baseline.remediationSlaDays;
}
