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
  })
  .strict();
export type Baseline = z.infer<typeof BaselineSchema>;

export const defaultBaseline: Baseline = BaselineSchema.parse({});

/** The remediation SLA in days for a severity: the per-severity override, else the general one. */
export function slaDays(baseline: Baseline, severity: keyof Baseline['remediationSlaDaysBySeverity']): number {
  return baseline.remediationSlaDaysBySeverity[severity] ?? baseline.remediationSlaDays;
}
