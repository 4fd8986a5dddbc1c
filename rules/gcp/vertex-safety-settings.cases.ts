import type { RuleCase } from '../../tests/rules/rule-case.ts';
import type { GcpSafetySettings } from '../../src/model/gcp.ts';
import { gcpInventory, safetySetting, safetySettings, vertexHarmCategories } from './case-builders.ts';

const id = safetySettings().id;
const withSettings = (...settings: GcpSafetySettings['settings']) => safetySettings({ settings });
const others = (category: string) => vertexHarmCategories.filter((entry) => entry !== category).map((entry) => safetySetting(entry));

export const cases: readonly RuleCase[] = [
  { name: 'no persisted safety settings: no verdicts', inventory: gcpInventory(), expect: [] },
  {
    name: 'all four categories at BLOCK_MEDIUM_AND_ABOVE pass',
    inventory: gcpInventory({ resources: [safetySettings()] }),
    expect: [{ resource: id, status: 'pass', reason: 'safety-settings-meet-baseline' }],
  },
  {
    name: 'BLOCK_LOW_AND_ABOVE is stricter and passes',
    inventory: gcpInventory({ resources: [withSettings(...vertexHarmCategories.map((category) => safetySetting(category, 'BLOCK_LOW_AND_ABOVE')))] }),
    expect: [{ resource: id, status: 'pass', reason: 'safety-settings-meet-baseline' }],
  },
  {
    name: 'BLOCK_ONLY_HIGH on hate speech fails against the medium baseline',
    inventory: gcpInventory({
      resources: [withSettings(...others('HARM_CATEGORY_HATE_SPEECH'), safetySetting('HARM_CATEGORY_HATE_SPEECH', 'BLOCK_ONLY_HIGH'))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'safety-settings-below-baseline' }],
  },
  {
    name: 'BLOCK_ONLY_HIGH passes when the baseline asks only for low',
    inventory: gcpInventory({ resources: [withSettings(...vertexHarmCategories.map((category) => safetySetting(category, 'BLOCK_ONLY_HIGH')))] }),
    baseline: { harmCategories: { input: 'low', output: 'low' } },
    expect: [{ resource: id, status: 'pass', reason: 'safety-settings-meet-baseline' }],
  },
  {
    name: 'BLOCK_NONE on dangerous content fails',
    inventory: gcpInventory({
      resources: [withSettings(...others('HARM_CATEGORY_DANGEROUS_CONTENT'), safetySetting('HARM_CATEGORY_DANGEROUS_CONTENT', 'BLOCK_NONE'))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'safety-settings-below-baseline' }],
  },
  {
    name: 'OFF on another category (civic integrity) fails too',
    inventory: gcpInventory({
      resources: [withSettings(...vertexHarmCategories.map((category) => safetySetting(category)), safetySetting('HARM_CATEGORY_CIVIC_INTEGRITY', 'OFF'))],
    }),
    expect: [{ resource: id, status: 'fail', reason: 'safety-settings-below-baseline' }],
  },
  {
    name: 'a missing category fails',
    inventory: gcpInventory({ resources: [withSettings(...others('HARM_CATEGORY_HARASSMENT'))] }),
    expect: [{ resource: id, status: 'fail', reason: 'safety-settings-below-baseline' }],
  },
  {
    name: 'unreadable safety settings are unknown',
    inventory: gcpInventory({ resources: [safetySettings({ unreadable: 'safetySettings is a template expression' })] }),
    expect: [{ resource: id, status: 'unknown', reason: 'resource-unreadable' }],
  },
];
