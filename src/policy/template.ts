/**
 * `aiposture policy init`: a commented starting policy (spec §8). Every key that is set carries
 * the built-in default, so the file changes nothing until it is edited; the rest is commented
 * examples. `policy check` of the unedited file passes (tested).
 */
import type { Baseline } from './baseline.ts';

const list = (values: readonly string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

export function policyTemplate(defaults: Baseline, providers: readonly string[], today: string): string {
  const inAQuarter = new Date(Date.parse(`${today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
  return `# aiposture policy (spec §8). Check it with: aiposture policy check <this file>
# Use it with: aiposture scan --policy <this file>   (also demo, iac)
version: 1

# The organisation's standard for AI-platform controls, on one neutral scale for every cloud
# (none < low < medium < high). The values below are the built-in defaults.
baseline:
  harmCategories:
    input: ${defaults.harmCategories.input}    # hate, insults, sexual, violence filters on prompts
    output: ${defaults.harmCategories.output}   # ... and on completions
  promptAttack: ${defaults.promptAttack}       # jailbreak / prompt-injection filter strength
  # PII entity types a sensitive-information policy must mask or block on output.
  requiredPiiTypes: ${list(defaults.requiredPiiTypes)}
  groundingThreshold: ${defaults.groundingThreshold}   # contextual grounding (0..1)
  relevanceThreshold: ${defaults.relevanceThreshold}
  # L3.iac: share of control resources that must carry IaC provenance, and the tags that show it.
  iacShare: ${defaults.iacShare}
  iacTagKeys: ${list(defaults.iacTagKeys)}
  # L4.remediation-sla: days a baseline failure may stay open (measured from scan history,
  # aiposture scan --history), and overrides per severity.
  remediationSlaDays: ${defaults.remediationSlaDays}
  remediationSlaDaysBySeverity: {}
  #   critical: 3
  #   high: 7
  #   medium: 30
  #   low: 90
  # Shadow AI (multi/approved-scopes, multi/approved-models). Without these lists both rules are
  # not applicable. Ids or names; * matches any run of characters; case is ignored.
  # approvedScopes:            # per provider: the accounts / subscriptions / projects approved to run AI
  #   aws: ["111122223333", "444455556666"]
  #   azure: ["00000000-0000-0000-0000-00000000000*"]
  #   gcp: ["ai-prod-*"]
  # approvedModels: ["anthropic.claude-3-5-*", "amazon.titan-embed-*", "gpt-4o*", "gemini-2.*"]

# Target maturity level per platform: a platform below its target makes the run exit 1.
# --target-level sets one target for every platform.
targets: {}
${providers.map((provider) => `#  ${provider}: 3`).join('\n')}

# Per-rule settings: switch a rule off, or change its severity (see \`aiposture rules\`).
rules: {}
#  aws/agent-cmk: off
#  azure/diagnostic-logs: { severity: high }

# Accepted risks: a failing (or unknown) finding of the rule on a matching resource id is reported
# as suppressed until the expiry date; expired exceptions stop applying and are listed.
exceptions: []
#  - rule: aws/agent-cmk
#    resource: "arn:aws:bedrock:*:111122223333:agent/*"   # * matches any run of characters
#    reason: "Sandbox agents hold no customer data (RISK-123)"
#    expires: ${inAQuarter}

# Criteria no API can observe (L4.measured-review: false-positive review and cost tracking) can be
# attested; the report shows them as attested, never as observed.
attestations: []
#  - criterion: L4.measured-review
#    provider: ${providers[0] ?? 'aws'}
#    statement: "Monthly false-positive review of guardrail interventions; AI security spend in the FinOps dashboard"
#    owner: "platform-security@example.com"
#    date: ${today}
#    reference: "https://wiki.example.com/ai-platform/reviews"
`;
}
