/**
 * What the Azure rules and maturity share, derived once per evaluation: the AI accounts the
 * rules apply to (spec §6.2), the Azure Policy assignments in force, IaC provenance of the
 * accounts and the content filters in use on the neutral scale.
 */
import type { RuleContext } from '../../src/engine/rule.ts';
import type { ProviderFacts } from '../../src/engine/facts.ts';
import type { AzureAccount, AzurePolicyAssignment } from '../../src/model/azure.ts';
import { aiAccounts } from './accounts.ts';
import { azureNeutralControls } from './neutral-controls.ts';
import { hasIacTag } from '../../src/engine/facts.ts';
import { azureActivity, type AzureActivity } from './activity.ts';

export interface AzureFacts extends ProviderFacts {
  aiAccounts: readonly AzureAccount[];
  /** Assignments whose enforcement mode is Default (DoNotEnforce assignments enforce nothing). */
  enforcedAssignments: readonly AzurePolicyAssignment[];
  assignmentsUnreadable: boolean;
  /** What the metrics measured over the window, per deployment and per content filter in use (spec §12). */
  activity: AzureActivity;
}

export function deriveAzureFacts(context: RuleContext): AzureFacts {
  const accounts = aiAccounts(context);
  const listingFailed = context.failedListings('azure.cognitive-account').some((entry) => entry.region === null);
  const usage = accounts.length > 0 ? 'used' : listingFailed ? 'unknown' : 'unused';
  const usageNote =
    usage === 'used'
      ? `${accounts.length} OpenAI / AI Services account(s)`
      : usage === 'unknown'
        ? 'the Cognitive Services accounts could not be listed'
        : 'no OpenAI / AI Services account';
  const facts: AzureFacts = {
    usage,
    usageNote,
    aiAccounts: accounts,
    enforcedAssignments: context.resources('azure.policy-assignment').filter((assignment) => assignment.enforcementMode.toLowerCase() === 'default'),
    assignmentsUnreadable: context.inventory.listings.some((entry) => entry.resourceType === 'azure.policy-assignment' && entry.status !== 'ok'),
    activity: azureActivity(context),
    iac: {
      what: { plural: 'AI accounts', none: 'AI accounts' },
      candidates: accounts.map((account) => ({ id: account.id, managed: hasIacTag(account.tags, context.baseline.iacTagKeys) })),
    },
  };
  facts.neutralControls = azureNeutralControls(context, facts);
  return facts;
}

/** The Azure facts of this evaluation (derived on first use, then shared). */
export function azureFacts(context: RuleContext): AzureFacts {
  return context.memo('facts:azure', () => deriveAzureFacts(context));
}
