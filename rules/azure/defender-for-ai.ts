import type { RuleModule } from '../../src/engine/rule.ts';
import { commonReasons } from '../../src/engine/verdicts.ts';
import { accountLabel, checkAiAccounts } from './accounts.ts';

const expected = { anyOf: [{ subscriptionPlan: { pricingTier: 'Standard' } }, { accountSetting: { state: 'Enabled' } }] };

export const rule: RuleModule = {
  meta: {
    id: 'azure/defender-for-ai',
    provider: 'azure',
    title: 'Defender for AI threat protection is on for every Azure OpenAI / AI Services account (subscription plan or account setting)',
    severity: 'medium',
    resourceTypes: ['azure.defender-ai-plan', 'azure.cognitive-account'],
    criteria: ['L3.coverage'],
    presenceOf: ['azure.defender-ai-plan'],
    description:
      "For each OpenAI or AI Services account (or any account with deployments), checks that Microsoft Defender for Cloud's AI threat protection covers it: the subscription's AI plan (Microsoft.Security/pricings/AI) is on pricing tier Standard, or the account's own Defender for AI setting is Enabled. Defender for AI raises alerts on jailbreak attempts, sensitive-data leakage and suspicious use of the account. Unknown when one side is off and the other could not be read.",
    remediation:
      'Turn on the AI services plan in Microsoft Defender for Cloud (Environment settings > subscription > Defender plans > AI services: On; az security pricing create -n AI --tier standard; Terraform azurerm_security_center_subscription_pricing resource_type = "AI"), and keep the account-level Defender for AI setting enabled.',
    references: [
      'Microsoft Defender for Cloud: threat protection for AI services',
      'https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection',
      'https://learn.microsoft.com/azure/defender-for-cloud/ai-onboarding',
    ],
  },
  check(context) {
    const plansBySubscription = context.groupBy('azure.defender-ai-plan', 'scope-id-lower-case', (entry) => entry.scope.id.toLowerCase());
    return checkAiAccounts(context, 'the Defender for AI settings', (owner) => {
      const label = accountLabel(owner);
      const plan = plansBySubscription.get(owner.scope.id.toLowerCase())?.[0];
      const planListing = context.listing('azure.defender-ai-plan', owner.scope, null);
      const planOn = plan !== undefined && plan.unreadable === undefined && plan.pricingTier?.toLowerCase() === 'standard';
      const accountState = owner.readErrors.defenderForAISettings !== undefined ? undefined : owner.defenderForAiState;
      const accountOn = accountState?.toLowerCase() === 'enabled';
      const observed = { subscriptionPlanTier: plan?.pricingTier ?? null, accountSetting: accountState === undefined ? 'unreadable' : accountState };
      if (planOn || accountOn) {
        const how = [
          ...(planOn ? ["the subscription's Defender for AI plan is Standard"] : []),
          ...(accountOn ? ["the account's Defender for AI setting is Enabled"] : []),
        ].join(' and ');
        return {
          status: 'pass',
          reason: planOn ? 'defender-plan-standard' : 'defender-account-enabled',
          message: `${label} is protected by Defender for AI: ${how}.`,
          observed,
          expected,
        };
      }
      const planKnownOff = planListing === 'ok' && (plan === undefined || plan.unreadable === undefined);
      const accountKnownOff = accountState !== undefined;
      const planText = plan ? `the subscription plan is ${plan.pricingTier ?? 'not set'}` : 'the subscription has no Defender for AI plan';
      const accountText =
        accountState === null || accountState === undefined ? 'the account has no Defender for AI setting' : `the account's setting is ${accountState}`;
      if (planKnownOff && accountKnownOff) {
        return {
          status: 'fail',
          reason: 'defender-off',
          message: `${label} is not protected by Defender for AI: ${planText}, and ${accountText}.`,
          observed,
          expected,
        };
      }
      const gaps = [
        ...(planKnownOff ? [] : [`the subscription's Defender for AI plan could not be read (${plan?.unreadable ?? planListing ?? 'not read'})`]),
        ...(accountKnownOff ? [] : [`the account's Defender for AI setting could not be read (${owner.readErrors.defenderForAISettings ?? 'not read'})`]),
      ];
      const known = [...(planKnownOff ? [planText] : []), ...(accountKnownOff ? [accountText] : [])];
      return {
        status: 'unknown',
        reason: planListing !== 'ok' ? commonReasons.listingUnreadable : commonReasons.resourceUnreadable,
        message: `${label}: whether Defender for AI protects it is unknown: ${gaps.join('; ')}${known.length > 0 ? `, and ${known.join(', ')}` : ''}.`,
        observed,
        expected,
      };
    });
  },
};
