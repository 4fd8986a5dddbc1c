import type { HarmCategory, Provider, ScopeRef, Strength } from '../../src/model/common.ts';
import type { AwsGuardrail, FilterDirection } from '../../src/model/aws.ts';
import type { GcpProject, ModelArmorFilters } from '../../src/model/gcp.ts';
import type { Inventory } from '../../src/model/inventory.ts';
import type { RuleContext, RuleModule, Verdict, VerdictStatus } from '../../src/engine/rule.ts';
import type { Baseline } from '../../src/policy/baseline.ts';
import { strengthAtLeast } from '../../src/model/common.ts';
import { awsRegionUsage } from '../aws/regions.ts';
import { versionLabel } from '../aws/guardrails.ts';
import { aiAccounts, findFilter, policiesInUse, policyUseLabel } from '../azure/accounts.ts';
import { effectiveFloorSetting, projectUses, promptInjectionStrength, raiFilterCategories, raiStrength, type VertexUse } from '../gcp/projects.ts';
import { allContentFilters, awsInventory, contentFilter, guardrail } from '../aws/case-builders.ts';
import { account, azureInventory, deployment, filter, raiPolicy, strongFilters as azureStrongFilters, withFilters } from '../azure/case-builders.ts';
import { floorSetting, gcpInventory, project, raiFilter, raiFilterTypes, strongFilters as gcpStrongFilters, template } from '../gcp/case-builders.ts';

/** The neutral categories compared across platforms (pii is judged per provider, not here). */
export const comparedCategories = [
  'hate',
  'insults',
  'sexual',
  'violence',
  'misconduct',
  'self-harm',
  'prompt-attack',
] as const satisfies readonly HarmCategory[];
type Category = (typeof comparedCategories)[number];
type Direction = 'input' | 'output';
type Platform = Provider;

/**
 * What each platform can express at all. A category a platform has no filter for is not counted
 * against it: AWS Bedrock guardrails have no self-harm filter; Azure content filters have no
 * insults (harassment) or misconduct (dangerous) category; Model Armor has no violence or
 * self-harm filter.
 */
export const expressible: Record<Platform, ReadonlySet<Category>> = {
  aws: new Set(['hate', 'insults', 'sexual', 'violence', 'misconduct', 'prompt-attack']),
  azure: new Set(['hate', 'sexual', 'violence', 'self-harm', 'prompt-attack']),
  gcp: new Set(['hate', 'insults', 'sexual', 'misconduct', 'prompt-attack']),
};

const directionsOf = (category: Category): readonly Direction[] => (category === 'prompt-attack' ? ['input'] : ['input', 'output']);

function requiredStrength(baseline: Baseline, category: Category, direction: Direction): Strength {
  return category === 'prompt-attack' ? baseline.promptAttack : baseline.harmCategories[direction];
}

/** One control's strength for one category and direction. `certain` is false when the platform or project may not be in use. */
interface Observation {
  control: string;
  category: Category;
  direction: Direction;
  strength: Strength;
  certain: boolean;
}

/** A control (or part of one) that could not be read; `categories` undefined = all. */
interface Gap {
  what: string;
  categories?: readonly Category[];
}

interface PlatformControls {
  platform: Platform;
  use: 'used' | 'unused' | 'unknown';
  useNote: string;
  observations: Observation[];
  gaps: Gap[];
}

const strengthOrder: readonly Strength[] = ['off', 'low', 'medium', 'high'];
const weaker = (a: Strength, b: Strength) => (strengthOrder.indexOf(a) <= strengthOrder.indexOf(b) ? a : b);

/** Every expressible category and direction at `strength` for one control. */
function everywhere(platform: Platform, control: string, strength: Strength, certain: boolean): Observation[] {
  return [...expressible[platform]].flatMap((category) => directionsOf(category).map((direction) => ({ control, category, direction, strength, certain })));
}

// ---------------------------------------------------------------------------------------------
// AWS: the evaluated guardrail versions' content filters

const awsCategoryByType: Record<string, Category> = {
  HATE: 'hate',
  INSULTS: 'insults',
  SEXUAL: 'sexual',
  VIOLENCE: 'violence',
  MISCONDUCT: 'misconduct',
  PROMPT_ATTACK: 'prompt-attack',
};

/** A direction blocks at its strength unless disabled or detect-only (omitted fields take the AWS defaults: enabled, BLOCK). */
function awsDirectionStrength(direction: FilterDirection): Strength {
  return direction.enabled === false || direction.action === 'NONE' ? 'off' : direction.strength;
}

function awsControls(context: RuleContext): PlatformControls {
  const usage = awsRegionUsage(context);
  const used = usage.filter((entry) => entry.usage === 'used');
  const use = used.length > 0 ? 'used' : usage.some((entry) => entry.usage === 'unknown') ? 'unknown' : 'unused';
  const certain = use === 'used';
  const useNote =
    use === 'used'
      ? `Bedrock used in ${used.map((entry) => entry.region).join(', ')}`
      : use === 'unknown'
        ? 'whether Bedrock is used could not be decided'
        : 'Bedrock not used';
  const observations: Observation[] = [];
  const gaps: Gap[] = [];
  const versions = context.resources('aws.bedrock.guardrail');
  for (const version of versions) {
    const label = `guardrail ${version.name ?? version.guardrailId} v${version.version}`;
    if (version.unreadable !== undefined || version.contentPolicy === undefined) {
      gaps.push({ what: `the content policy of ${versionLabel(version)} could not be read${version.unreadable ? ` (${version.unreadable})` : ''}` });
      continue;
    }
    if (version.contentPolicy === null) {
      observations.push(...everywhere('aws', `${label} (no content policy)`, 'off', certain));
      continue;
    }
    for (const [type, category] of Object.entries(awsCategoryByType)) {
      const entry = version.contentPolicy.filters.find((candidate) => candidate.type === type || candidate.category === category);
      for (const direction of directionsOf(category)) {
        observations.push({ control: label, category, direction, strength: entry ? awsDirectionStrength(entry[direction]) : 'off', certain });
      }
    }
  }
  for (const entry of context.inventory.listings) {
    if (entry.resourceType === 'aws.bedrock.guardrail' && (entry.status === 'denied' || entry.status === 'error'))
      gaps.push({ what: `the guardrails of ${entry.scope.id} in ${entry.region ?? 'global'} could not be listed (${entry.status})` });
  }
  if (use !== 'unused' && versions.length === 0 && gaps.length === 0) observations.push(...everywhere('aws', 'no guardrail', 'off', certain));
  return { platform: 'aws', use, useNote, observations, gaps };
}

/** For the case table: a guardrail version with every content filter at `strength`. */
function awsGuardrailAt(strength: Strength): AwsGuardrail {
  return guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters(strength) } });
}

// ---------------------------------------------------------------------------------------------
// Azure: the RAI policies in use

const azureFilters: ReadonlyArray<readonly [string, Category, 'Prompt' | 'Completion', Direction]> = [
  ...(['Hate', 'Sexual', 'Violence', 'Selfharm'] as const).flatMap((name) => {
    const category: Category = name === 'Selfharm' ? 'self-harm' : (name.toLowerCase() as Category);
    return [[name, category, 'Prompt', 'input'] as const, [name, category, 'Completion', 'output'] as const];
  }),
  ['Jailbreak', 'prompt-attack', 'Prompt', 'input'],
];

function azureControls(context: RuleContext): PlatformControls {
  const accounts = aiAccounts(context);
  const listingFailed = context.inventory.listings.some(
    (entry) =>
      entry.provider === 'azure' &&
      entry.resourceType === 'azure.cognitive-account' &&
      entry.region === null &&
      (entry.status === 'denied' || entry.status === 'error'),
  );
  const use = accounts.length > 0 ? 'used' : listingFailed ? 'unknown' : 'unused';
  const certain = use === 'used';
  const useNote =
    use === 'used'
      ? `${accounts.length} OpenAI / AI Services account(s)`
      : use === 'unknown'
        ? 'the Cognitive Services accounts could not be listed'
        : 'no OpenAI / AI Services account';
  const observations: Observation[] = [];
  const gaps: Gap[] = [];
  const { uses, unknowns } = policiesInUse(context, 'the content filters');
  for (const unknown of unknowns) gaps.push({ what: unknown.message.replace(/\.$/, '') });
  for (const policyUse of uses) {
    const label = policyUseLabel(policyUse);
    if (policyUse.policy.unreadable !== undefined) {
      gaps.push({ what: `the content filters of ${label} could not be read (${policyUse.policy.unreadable})` });
      continue;
    }
    for (const [name, category, source, direction] of azureFilters) {
      const entry = findFilter(policyUse.policy, name, source);
      if (!entry) {
        observations.push({ control: label, category, direction, strength: 'off', certain });
        continue;
      }
      const multiLevel = category !== 'prompt-attack';
      const switchedOff = entry.enabled === false || entry.blocking === false;
      if (!switchedOff && (entry.enabled === null || entry.blocking === null || (multiLevel && entry.severityThreshold === null))) {
        gaps.push({ what: `${name} on ${source} of ${label} is not fully reported`, categories: [category] });
        continue;
      }
      observations.push({ control: label, category, direction, strength: entry.strength, certain });
    }
  }
  return { platform: 'azure', use, useNote, observations, gaps };
}

// ---------------------------------------------------------------------------------------------
// GCP: the effective floor settings and the templates of projects that use Vertex AI

function modelArmorObservations(control: string, filters: ModelArmorFilters, blocks: boolean, certain: boolean): Observation[] {
  const observations: Observation[] = [];
  for (const [filterType, category] of raiFilterCategories) {
    const strength = blocks ? (raiStrength(filters, filterType, category) ?? 'off') : 'off';
    for (const direction of directionsOf(category)) observations.push({ control, category, direction, strength, certain });
  }
  observations.push({ control, category: 'prompt-attack', direction: 'input', strength: blocks ? promptInjectionStrength(filters) : 'off', certain });
  return observations;
}

function gcpProjectControls(context: RuleContext, entry: GcpProject, use: VertexUse, platformCertain: boolean): { observations: Observation[]; gaps: Gap[] } {
  const certain = platformCertain && use.usage === 'used';
  const observations: Observation[] = [];
  const gaps: Gap[] = [];
  let controls = 0;
  const resolution = effectiveFloorSetting(context, entry);
  if (resolution.status === 'unknown') gaps.push({ what: `the floor setting in effect for ${entry.projectId} could not be determined: ${resolution.reason}` });
  else if (resolution.status === 'found') {
    const { floor } = resolution;
    if (floor.enforcementEnabled === null)
      gaps.push({ what: `whether the floor setting of ${floor.owner} covering ${entry.projectId} is enforced is not reported` });
    else {
      controls += 1;
      const scope = floor.level === 'project' ? '' : ` for ${entry.projectId}`;
      const label = `floor setting of ${floor.owner}${scope}${floor.enforcementEnabled ? '' : ' (not enforced)'}`;
      observations.push(...modelArmorObservations(label, floor.filters, floor.enforcementEnabled, certain));
    }
  }
  for (const item of context
    .resources('gcp.modelarmor-template')
    .filter((candidate) => candidate.scope.type === 'project' && candidate.scope.id === entry.projectId)) {
    if (item.unreadable !== undefined) {
      gaps.push({ what: `template ${item.name ?? item.id} in ${entry.projectId} could not be read (${item.unreadable})` });
      continue;
    }
    controls += 1;
    const inspectOnly = item.enforcementType === 'INSPECT_ONLY';
    observations.push(
      ...modelArmorObservations(
        `template ${item.name ?? item.id} in ${entry.projectId}${inspectOnly ? ' (inspect only)' : ''}`,
        item.filters,
        !inspectOnly,
        certain,
      ),
    );
  }
  for (const listing of context.inventory.listings) {
    if (
      listing.resourceType === 'gcp.modelarmor-template' &&
      listing.scope.type === 'project' &&
      listing.scope.id === entry.projectId &&
      (listing.status === 'denied' || listing.status === 'error')
    ) {
      gaps.push({ what: `the templates of ${entry.projectId}${listing.region ? ` in ${listing.region}` : ''} could not be listed (${listing.status})` });
    }
  }
  if (controls === 0 && gaps.length === 0)
    observations.push(...everywhere('gcp', `project ${entry.projectId}: no Model Armor floor setting or template`, 'off', certain));
  return { observations, gaps };
}

function gcpControls(context: RuleContext): PlatformControls {
  const uses = projectUses(context);
  const used = uses.filter((entry) => entry.use.usage === 'used');
  const use = used.length > 0 ? 'used' : uses.some((entry) => entry.use.usage === 'unknown') ? 'unknown' : 'unused';
  const useNote =
    use === 'used'
      ? `Vertex AI used in ${used.map((entry) => entry.project.projectId).join(', ')}`
      : use === 'unknown'
        ? 'whether Vertex AI is used could not be decided'
        : 'Vertex AI not used';
  const observations: Observation[] = [];
  const gaps: Gap[] = [];
  for (const { project: entry, use: projectUse } of uses) {
    if (projectUse.usage === 'unused') continue;
    const part = gcpProjectControls(context, entry, projectUse, use === 'used');
    observations.push(...part.observations);
    gaps.push(...part.gaps);
  }
  return { platform: 'gcp', use, useNote, observations, gaps };
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface Shortfall {
  platform: Platform;
  category: Category;
  direction: Direction;
  strength: Strength;
  required: Strength;
  controls: string[];
  certain: boolean;
}

function listed(items: readonly string[], max = 3): string {
  const unique = [...new Set(items)];
  return unique.length <= max ? unique.join(', ') : `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}

function compare(controls: PlatformControls, baseline: Baseline) {
  const shortfalls: Shortfall[] = [];
  /** Gaps that leave a category undecided (no certain shortfall in it), with the categories they touch. */
  const undecided = new Map<string, Category[]>();
  const weakest: Record<string, Record<string, Strength | 'unknown' | null>> = {};
  for (const category of expressible[controls.platform]) {
    const gaps = controls.gaps.filter((gap) => gap.categories === undefined || gap.categories.includes(category));
    const row: Record<string, Strength | 'unknown' | null> = {};
    for (const direction of directionsOf(category)) {
      const required = requiredStrength(baseline, category, direction);
      const relevant = controls.observations.filter((entry) => entry.category === category && entry.direction === direction);
      const observed = relevant.length > 0 ? relevant.map((entry) => entry.strength).reduce(weaker) : null;
      row[direction] = gaps.length > 0 && (observed === null || strengthAtLeast(observed, required)) ? 'unknown' : observed;
      const below = relevant.filter((entry) => !strengthAtLeast(entry.strength, required));
      const certainBelow = below.filter((entry) => entry.certain);
      const counted = certainBelow.length > 0 ? certainBelow : below;
      if (counted.length > 0) {
        const strength = counted.map((entry) => entry.strength).reduce(weaker);
        shortfalls.push({
          platform: controls.platform,
          category,
          direction,
          strength,
          required,
          controls: counted.filter((entry) => entry.strength === strength).map((entry) => entry.control),
          certain: certainBelow.length > 0,
        });
      }
    }
    if (!shortfalls.some((entry) => entry.certain && entry.category === category)) {
      for (const gap of gaps) undecided.set(gap.what, [...(undecided.get(gap.what) ?? []), category]);
    }
    weakest[category] = row;
  }
  const gapTexts = [...undecided].map(([what, categories]) => {
    const all = categories.length === expressible[controls.platform].size;
    return `${controls.platform} (${all ? 'every category' : categories.join(', ')}): ${what}`;
  });
  return { shortfalls, undecided: gapTexts, weakest };
}

/** "gcp input and output are low, below medium (floor setting of projects/p)" for one platform and category. */
function describeShortfalls(entries: readonly Shortfall[]): string {
  const [first, second] = entries;
  if (!first) return '';
  if (first.category === 'prompt-attack') return `${first.platform} is ${first.strength}, below ${first.required} (${listed(first.controls)})`;
  if (second && second.strength === first.strength && second.required === first.required) {
    return `${first.platform} input and output are ${first.strength}, below ${first.required} (${listed([...first.controls, ...second.controls])})`;
  }
  return entries.map((entry) => `${entry.platform} ${entry.direction} is ${entry.strength}, below ${entry.required} (${listed(entry.controls)})`).join('; ');
}

const notExpressibleNote = (platforms: readonly Platform[]) => {
  const parts = platforms.flatMap((platform) => {
    const missing = comparedCategories.filter((category) => !expressible[platform].has(category));
    return missing.length > 0 ? [`${missing.join(' and ')} on ${platform}`] : [];
  });
  return parts.length > 0 ? ` Not expressible, so not counted: ${parts.join('; ')}.` : '';
};

export const SUBJECT_ID = 'multi/consistent-baseline';

function estateVerdict(inventory: Inventory, status: VerdictStatus, message: string, details: Pick<Verdict, 'observed' | 'expected'> = {}): Verdict[] {
  const provider = inventory.providers[0];
  if (!provider) return [];
  const scope: ScopeRef = { provider, type: 'organization', id: 'estate', name: 'all scanned platforms' };
  return [
    {
      status,
      resource: { id: SUBJECT_ID, type: 'multi.estate', name: 'estate' },
      scope,
      region: null,
      message,
      ...details,
      source: { kind: 'api', api: 'multi/consistent-baseline (derived from the collected controls)' },
    },
  ];
}

function merged(...inventories: Inventory[]): Inventory {
  return {
    providers: inventories.flatMap((entry) => entry.providers),
    scopes: inventories.flatMap((entry) => entry.scopes),
    regions: inventories.flatMap((entry) => entry.regions),
    resources: inventories.flatMap((entry) => entry.resources),
    listings: inventories.flatMap((entry) => entry.listings),
  };
}

// Case-table estates: each platform meeting the default baseline on its own.
const awsStrong = () => awsInventory({ resources: [awsGuardrailAt('high')] });
const azureStrong = () => azureInventory({ resources: [account(), deployment(), raiPolicy()] });
const gcpStrong = () => gcpInventory({ resources: [project(), floorSetting()] });

export const rule: RuleModule = {
  meta: {
    id: 'multi/consistent-baseline',
    provider: 'multi',
    title: 'Every AI platform in use meets the same neutral baseline: no harm or prompt-attack category is weaker on one cloud',
    severity: 'medium',
    resourceTypes: ['aws.bedrock.guardrail', 'azure.rai-policy', 'azure.deployment', 'gcp.floor-setting', 'gcp.modelarmor-template', 'gcp.project'],
    criteria: ['L5.multi-cloud'],
    description:
      "One verdict for the whole scan. For each platform in use (AWS: Bedrock used in a region — a guardrail, agent, knowledge base, custom model, invocation logging or Bedrock metrics/throughput/profiles; Azure: an OpenAI or AI Services account, or any account with deployments; GCP: a project that uses Vertex AI) and each neutral category of the baseline (hate, insults, sexual, violence, misconduct, self-harm on input and output; prompt-attack on input), takes the weakest strength among the controls in force — AWS: every evaluated guardrail version's content filters (disabled or action NONE = off); Azure: every RAI policy in use (named by a deployment, Microsoft.DefaultV2 when none; Selfharm = self-harm, Jailbreak = prompt-attack; not enabled or not blocking = off); GCP: the effective floor setting and the Model Armor templates of each Vertex AI project (a floor setting with enforcement off or an INSPECT_ONLY template blocks nothing = off; a Vertex project with neither = off) — and compares it with the baseline. Fails naming each category and platform below the baseline; unknown when a control that could lower a category could not be read, or a shortfall is on a platform or project whose use could not be decided. Fewer than two platforms in use: not applicable.",
    remediation:
      "Raise the weaker platform's controls to the organisation baseline for the named category: Bedrock guardrail content filters (strength), Azure RAI policy severity thresholds (Medium = medium, Low = high), Model Armor floor settings and templates (MEDIUM_AND_ABOVE = medium, LOW_AND_ABOVE = high) — and make sure the control is enforced rather than detect-only.",
    references: ['Spec §6.4 and §7 L5.multi-cloud', 'OWASP LLM01:2025 Prompt Injection', 'OWASP LLM05:2025 Improper Output Handling'],
    differences:
      'Categories a platform cannot express at all are not counted against it, and the verdict says which: Bedrock has no self-harm filter, Azure content filters have no insults (harassment) or misconduct (dangerous) category, Model Armor has no violence or self-harm filter. PII is judged by the per-provider rules, not compared here. Model Armor and Azure settings are compared per direction with the same setting applying to prompts (input) and responses (output) for Model Armor.',
  },
  check(context) {
    const { inventory, baseline } = context;
    const platforms = [awsControls(context), azureControls(context), gcpControls(context)].filter((entry) => inventory.providers.includes(entry.platform));
    const inUse = platforms.filter((entry) => entry.use === 'used');
    const maybe = platforms.filter((entry) => entry.use === 'unknown');
    const expected = Object.fromEntries(
      comparedCategories.map((category) => [
        category,
        Object.fromEntries(directionsOf(category).map((direction) => [direction, requiredStrength(baseline, category, direction)])),
      ]),
    );
    if (inUse.length + maybe.length < 2) {
      const which = inUse.length === 1 ? `Only ${inUse[0]?.platform} is in use` : 'No AI platform is in use';
      return estateVerdict(
        inventory,
        'not_applicable',
        `${which} (${platforms.map((entry) => `${entry.platform}: ${entry.useNote}`).join('; ')}): there is nothing to compare across platforms.`,
      );
    }
    const results = [...inUse, ...maybe].map((entry) => ({ entry, ...compare(entry, baseline) }));
    const observed = Object.fromEntries(results.map(({ entry, weakest }) => [entry.platform, weakest]));
    const certain = results.flatMap(({ shortfalls }) => shortfalls.filter((shortfall) => shortfall.certain));
    const uncertain = results.flatMap(({ shortfalls }) => shortfalls.filter((shortfall) => !shortfall.certain));
    const undecided = results.flatMap(({ undecided: gaps }) => gaps);
    const names = [...inUse, ...maybe].map((entry) => entry.platform);
    const note = notExpressibleNote(names);
    const byCategory = (shortfalls: readonly Shortfall[]) =>
      comparedCategories.flatMap((category) => {
        const parts = names
          .map((platform) => describeShortfalls(shortfalls.filter((entry) => entry.category === category && entry.platform === platform)))
          .filter(Boolean);
        return parts.length > 0 ? [`${category}: ${parts.join('; ')}`] : [];
      });
    const maybeNote =
      maybe.length > 0
        ? ` Whether ${maybe.map((entry) => entry.platform).join(' and ')} ${maybe.length > 1 ? 'are' : 'is'} in use could not be decided (${maybe.map((entry) => entry.useNote).join('; ')}).`
        : '';
    if (certain.length > 0 && inUse.length >= 2) {
      return estateVerdict(inventory, 'fail', `Not every platform in use meets the baseline — ${byCategory(certain).join(' | ')}.${note}`, {
        observed,
        expected,
      });
    }
    if (certain.length > 0 || uncertain.length > 0 || undecided.length > 0) {
      const parts = [...byCategory(certain), ...byCategory(uncertain).map((text) => `${text}, where use is undecided`), ...undecided];
      return estateVerdict(
        inventory,
        'unknown',
        `Whether every platform in use meets the baseline could not be decided: ${parts.join(' | ')}.${maybeNote}${note}`,
        { observed, expected },
      );
    }
    return estateVerdict(
      inventory,
      'pass',
      `${names.join(', ')} all meet the neutral baseline in every category they can express (harm categories ≥ ${baseline.harmCategories.input} on input and ≥ ${baseline.harmCategories.output} on output, prompt attack ≥ ${baseline.promptAttack}).${note}`,
      { observed, expected },
    );
  },
  cases: [
    {
      name: 'AWS, Azure and GCP each at or above the baseline pass, and the verdict names what cannot be expressed',
      inventory: merged(awsStrong(), azureStrong(), gcpStrong()),
      expect: [
        {
          resource: SUBJECT_ID,
          status: 'pass',
          message:
            /aws, azure, gcp all meet.*Not expressible, so not counted: self-harm on aws; insults and misconduct on azure; violence and self-harm on gcp/,
        },
      ],
    },
    {
      name: 'Model Armor harassment at HIGH confidence (neutral low) fails naming insults on gcp',
      inventory: merged(
        awsStrong(),
        gcpInventory({
          resources: [
            project(),
            floorSetting({ filters: gcpStrongFilters({ rai: raiFilterTypes.map((type) => raiFilter(type, type === 'HARASSMENT' ? 'low' : 'medium')) }) }),
          ],
        }),
      ),
      expect: [
        { resource: SUBJECT_ID, status: 'fail', message: /insults: gcp input and output are low, below medium \(floor setting of projects\/ai-prod-123\)/ },
      ],
    },
    {
      name: 'Azure Violence at threshold High on completions fails naming violence on azure output',
      inventory: merged(
        awsStrong(),
        azureInventory({
          resources: [
            account(),
            deployment(),
            raiPolicy({ contentFilters: withFilters(azureStrongFilters(), filter('Violence', 'Completion', { severityThreshold: 'High' })) }),
          ],
        }),
      ),
      expect: [{ resource: SUBJECT_ID, status: 'fail', message: /violence: azure output is low, below medium \(RAI policy org-strict/ }],
    },
    {
      name: 'a missing category on one platform fails even though another platform is strong',
      inventory: merged(
        azureStrong(),
        awsInventory({
          resources: [guardrail({ contentPolicy: { tier: 'STANDARD', filters: allContentFilters('high').filter((entry) => entry.type !== 'MISCONDUCT') } })],
        }),
      ),
      expect: [{ resource: SUBJECT_ID, status: 'fail', message: /misconduct: aws input and output are off, below medium \(guardrail gr-strong v1\)/ }],
    },
    {
      name: 'prompt attack below the baseline (Bedrock MEDIUM, baseline high) fails',
      inventory: merged(
        gcpStrong(),
        awsInventory({
          resources: [
            guardrail({
              contentPolicy: {
                tier: 'STANDARD',
                filters: [...allContentFilters('high').filter((entry) => entry.type !== 'PROMPT_ATTACK'), contentFilter('PROMPT_ATTACK', 'medium')],
              },
            }),
          ],
        }),
      ),
      expect: [{ resource: SUBJECT_ID, status: 'fail', message: /prompt-attack: aws is medium, below high/ }],
    },
    {
      name: 'a stricter baseline (high on input) fails Azure at Medium and GCP at MEDIUM_AND_ABOVE but not AWS at HIGH',
      inventory: merged(awsStrong(), azureStrong(), gcpStrong()),
      baseline: { harmCategories: { input: 'high', output: 'medium' } },
      expect: [
        {
          resource: SUBJECT_ID,
          status: 'fail',
          message: /hate: azure input is medium, below high \(RAI policy org-strict.*\); gcp input is medium, below high/,
        },
      ],
    },
    {
      name: 'a Vertex project with no floor setting and no template fails: nothing screens its traffic',
      inventory: merged(awsStrong(), gcpInventory({ resources: [project()] })),
      expect: [
        {
          resource: SUBJECT_ID,
          status: 'fail',
          message: /hate: gcp input and output are off, below medium \(project ai-prod-123: no Model Armor floor setting or template\)/,
        },
      ],
    },
    {
      name: 'a floor setting with enforcement off and an inspect-only template block nothing',
      inventory: merged(
        awsStrong(),
        gcpInventory({ resources: [project(), floorSetting({ enforcementEnabled: false }), template({ enforcementType: 'INSPECT_ONLY' })] }),
      ),
      expect: [
        {
          resource: SUBJECT_ID,
          status: 'fail',
          message: /floor setting of projects\/ai-prod-123 \(not enforced\), template org-strict in ai-prod-123 \(inspect only\)/,
        },
      ],
    },
    {
      name: 'Azure RAI policies that could not be listed make the comparison unknown',
      inventory: merged(awsStrong(), azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] })),
      expect: [{ resource: SUBJECT_ID, status: 'unknown', message: /azure \(every category\): Account aoai-prod: could not list its RAI policies/ }],
    },
    {
      name: 'an unreadable guardrail version makes the comparison unknown',
      inventory: merged(azureStrong(), awsInventory({ resources: [guardrail({ contentPolicy: undefined, unreadable: 'AccessDeniedException' })] })),
      expect: [
        {
          resource: SUBJECT_ID,
          status: 'unknown',
          message: /aws \(every category\): the content policy of Guardrail gr-strong version 1 could not be read \(AccessDeniedException\)/,
        },
      ],
    },
    {
      name: 'a known shortfall fails even when another platform could not be read',
      inventory: merged(
        gcpStrong(),
        azureInventory({ resources: [account({ readErrors: { raiPolicies: 'AuthorizationFailed' } }), deployment()] }),
        awsInventory({ resources: [awsGuardrailAt('low')] }),
      ),
      expect: [{ resource: SUBJECT_ID, status: 'fail', message: /hate: aws input and output are low, below medium/ }],
    },
    {
      name: 'a shortfall on a platform whose use is undecided is unknown',
      inventory: merged(awsStrong(), gcpInventory({ resources: [project({ vertexApiEnabled: undefined })] })),
      expect: [
        {
          resource: SUBJECT_ID,
          status: 'unknown',
          message: /hate: gcp input and output are off, below medium .*, where use is undecided.*Whether gcp is in use could not be decided/,
        },
      ],
    },
    {
      name: 'only one platform in use is not applicable',
      inventory: merged(awsInventory({ resources: [awsGuardrailAt('low')] }), gcpInventory({ resources: [project({ vertexApiEnabled: false })] })),
      expect: [{ resource: SUBJECT_ID, status: 'not_applicable', message: /Only aws is in use/ }],
    },
    {
      name: 'an Azure account without deployments is in use but has nothing to compare',
      inventory: merged(awsStrong(), azureInventory({ resources: [account()] })),
      expect: [{ resource: SUBJECT_ID, status: 'pass' }],
    },
    { name: 'nothing scanned: no verdict', inventory: { providers: [], scopes: [], regions: [], resources: [], listings: [] }, expect: [] },
  ],
};
