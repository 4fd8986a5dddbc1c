/**
 * Seeded synthetic organisations for `bench/org-bench.ts` (reference §5.3): an AWS Organization
 * of N accounts × 17 regions with skewed placement (most regions empty, a few heavy), Azure
 * subscriptions with accounts and deployments, GCP projects in a folder tree. Each is built from
 * the level-3 sample estates of `fixtures/estates`, so every resource has the real API shape the
 * fake cloud serves; the same seed gives the same estate.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEstateFile, type FakeCloudEstate } from '../fakecloud/server.ts';
import { seeded, type RandomThrottle, type RateLimit } from '../fakecloud/throttling.ts';
import { defaultEnabledRegions } from '../fakecloud/aws-estate.ts';

const estates = fileURLToPath(new URL('../fixtures/estates/', import.meta.url));
const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** What every generated estate carries besides its resources. */
export interface ServingOptions {
  latencyMs: number;
  pageSize: number;
  rateLimit?: RateLimit;
  randomThrottle?: RandomThrottle;
}

// ---------------------------------------------------------------------------------------------
// AWS

/** The 17 regions enabled in every account without opting in (the fake cloud's own list); Bedrock is offered in each. */
export const awsRegions = defaultEnabledRegions;

/** How often a region is one of an account's used regions (the rest stay empty). */
const regionPopularity: Record<string, number> = {
  'us-east-1': 40,
  'us-west-2': 20,
  'eu-west-1': 12,
  'eu-central-1': 8,
  'ap-northeast-1': 5,
  'us-east-2': 4,
  'ap-southeast-2': 3,
  'eu-west-2': 2,
  'ap-south-1': 2,
  'ca-central-1': 1,
  'ap-southeast-1': 1,
  'sa-east-1': 1,
};

export const awsManagementAccount = '100000000000';
export const awsMemberRole = 'AiPostureReadOnly';

export interface AwsOrgShape {
  /** Accounts in the organisation, the management account included. */
  accounts: number;
  /** Guardrails in the whole organisation (at most 100 per account and region, as AWS allows). */
  guardrails: number;
  seed: number;
}

/** The account ids of the generated organisation, in ListAccounts order (the management account first). */
export function awsAccountIds(accounts: number): string[] {
  return [awsManagementAccount, ...Array.from({ length: accounts - 1 }, (_, index) => `2${pad(index + 1, 11)}`)];
}

type Json = Record<string, unknown>;

/**
 * An AWS Organization: the management account (the scan's own credentials, no Bedrock) and
 * `accounts - 1` members, each with 1-4 used regions (drawn by popularity; the others empty).
 * Each member holds about `guardrails / members` guardrails (±70 %), 60/25/10/5 % over its used
 * regions, at most 100 a region; in each used region one agent per ten guardrails (using version
 * 1 of one), invocation logging, a metric alarm, a config recorder, and in one in three a
 * knowledge base with a data source and an account-level enforced guardrail; one multi-region
 * trail per account.
 */
export async function awsOrgEstate(shape: AwsOrgShape, serving: ServingOptions): Promise<FakeCloudEstate> {
  const source = (await loadEstateFile(join(estates, 'aws-level3.yaml'))).aws;
  const template = source?.regions['us-east-1'];
  const templateGuardrail = template?.guardrails[0];
  if (source === undefined || template === undefined || templateGuardrail === undefined) throw new Error('aws-level3.yaml has no us-east-1 guardrail');
  const { versions: templateVersions } = templateGuardrail;
  const policies = Object.fromEntries(
    Object.entries(templateVersions[1] ?? templateVersions[0] ?? {}).filter(([key]) => !['version', 'name', 'guardrailId', 'guardrailArn'].includes(key)),
  );
  const random = seeded(shape.seed);
  const pick = (weights: Record<string, number>, exclude: Set<string>): string => {
    const entries = Object.entries(weights).filter(([name]) => !exclude.has(name));
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let at = random() * total;
    for (const [name, weight] of entries) {
      at -= weight;
      if (at <= 0) return name;
    }
    return entries[entries.length - 1]?.[0] ?? 'us-east-1';
  };
  const ids = awsAccountIds(shape.accounts);
  const members = ids.slice(1);
  // Each member's used regions (1-4, by popularity) and its share of the guardrails (±70 % of the mean).
  const plans = members.map(() => {
    const usedCount = 1 + Math.floor(random() * random() * 4);
    const used: string[] = [];
    while (used.length < usedCount) used.push(pick(regionPopularity, new Set(used)));
    return { used, weight: 0.3 + 1.4 * random(), count: 0 };
  });
  const weights = plans.reduce((sum, plan) => sum + plan.weight, 0);
  for (const plan of plans) plan.count = Math.min(100 * plan.used.length, Math.floor((shape.guardrails * plan.weight) / Math.max(weights, 1e-9)));
  // What the caps (100 a region) and rounding left over goes to members with room; a member without room uses one more region.
  let left = shape.guardrails - plans.reduce((sum, plan) => sum + plan.count, 0);
  for (let round = 0; left > 0 && plans.length > 0; round++) {
    for (const plan of plans) {
      if (left === 0) break;
      let room = 100 * plan.used.length - plan.count;
      if (room === 0 && round > 0 && plan.used.length < awsRegions.length) {
        plan.used.push(pick(regionPopularity, new Set(plan.used)));
        room = 100;
      }
      const add = Math.min(room, left, round === 0 ? Math.ceil(left / plans.length) : left);
      plan.count += add;
      left -= add;
    }
  }
  const accounts = members.map((id, memberIndex) => {
    const plan = plans[memberIndex] ?? { used: ['us-east-1'], count: 0 };
    const { used, count } = plan;
    const shares = [0.6, 0.25, 0.1, 0.05].slice(0, used.length);
    const shareTotal = shares.reduce((sum, share) => sum + share, 0);
    const inRegion = used.map((_, index) => Math.floor((count * (shares[index] ?? 0)) / shareTotal));
    // Rounding leftovers and overflow above 100 go to the next region with room.
    let left = count - inRegion.reduce((sum, value) => sum + value, 0);
    for (let index = 0; index < inRegion.length; index++) {
      const over = Math.max(0, (inRegion[index] ?? 0) - 100);
      inRegion[index] = (inRegion[index] ?? 0) - over;
      left += over;
    }
    for (let index = 0; left > 0 && index < inRegion.length; index++) {
      const room = 100 - (inRegion[index] ?? 0);
      const add = Math.min(room, left);
      inRegion[index] = (inRegion[index] ?? 0) + add;
      left -= add;
    }
    const regions: Record<string, Json> = {};
    used.forEach((region, regionIndex) => {
      const guardrails = Array.from({ length: inRegion[regionIndex] ?? 0 }, (_, index) => {
        const guardrailId = `g${id.slice(-6)}${regionIndex}${pad(index, 3)}`;
        const name = `guardrail-${regionIndex}-${index}`;
        return {
          id: guardrailId,
          name,
          tags: index % 2 === 0 ? { 'aws:cloudformation:stack-name': `genai-${name}`, owner: 'platform' } : { owner: 'app-team' },
          versions: [
            { ...policies, version: 'DRAFT' },
            { ...policies, version: '1' },
          ],
        };
      });
      const agentCount = Math.ceil(guardrails.length / 10);
      const agents = Array.from({ length: agentCount }, (_, index) => {
        const guardrail = guardrails[(index * 7) % Math.max(guardrails.length, 1)];
        return {
          agentId: `A${id.slice(-5)}${regionIndex}${pad(index, 3)}`,
          agentName: `agent-${regionIndex}-${index}`,
          agentStatus: 'PREPARED',
          foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
          ...(guardrail ? { guardrailConfiguration: { guardrailIdentifier: guardrail.id, guardrailVersion: '1' } } : {}),
        };
      });
      const third = (memberIndex + regionIndex) % 3 === 0;
      regions[region] = {
        guardrails,
        agents,
        ...(third && guardrails[0] ? { enforcedGuardrails: [{ guardrailId: guardrails[0].id, guardrailVersion: '1' }] } : {}),
        ...(third
          ? {
              knowledgeBases: [
                {
                  knowledgeBase: { knowledgeBaseId: `KB${id.slice(-7)}${regionIndex}`, name: `kb-${regionIndex}` },
                  dataSources: [{ dataSourceId: `DS${id.slice(-7)}${regionIndex}`, name: `ds-${regionIndex}` }],
                },
              ],
            }
          : {}),
        invocationLogging: template.invocationLogging,
        metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }],
        alarms: {
          MetricAlarms: [
            {
              AlarmName: `bedrock-guardrail-interventions-${region}`,
              AlarmActions: [`arn:aws:sns:${region}:${id}:ai-security-alerts`],
              Namespace: 'AWS/Bedrock/Guardrails',
              MetricName: 'InvocationsIntervened',
              Statistic: 'Sum',
              Period: 300,
              EvaluationPeriods: 1,
              Threshold: 25,
              ComparisonOperator: 'GreaterThanThreshold',
            },
          ],
        },
        configRecorders: [{ recorder: { name: 'default' }, status: { recording: true } }],
      };
    });
    return {
      Id: id,
      Name: `account-${pad(memberIndex + 1, 3)}`,
      role: {},
      estate: {
        // Each account serves with its own latency and page size (members do not inherit the management account's).
        latencyMs: serving.latencyMs,
        pageSize: serving.pageSize,
        enabledRegions: [...awsRegions],
        regions,
        trails: [{ trail: { Name: 'org-governance', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, LogFileValidationEnabled: true } }],
      },
    };
  });
  return {
    aws: {
      accountId: awsManagementAccount,
      identity: { arn: `arn:aws:sts::${awsManagementAccount}:assumed-role/AiPostureOrgScanner/aiposture` },
      enabledRegions: [...awsRegions],
      organization: { id: 'o-bench0org01', name: 'management', pageSize: 20, roleName: awsMemberRole, accounts },
      latencyMs: serving.latencyMs,
      pageSize: serving.pageSize,
      ...(serving.rateLimit ? { rateLimit: serving.rateLimit } : {}),
      ...(serving.randomThrottle ? { randomThrottle: serving.randomThrottle } : {}),
    } as unknown as NonNullable<FakeCloudEstate['aws']>,
  };
}

/** The scope of an empty AWS scan: an organisation of its management account alone, with one guardrail in us-east-1 (for calibration). */
export async function awsCalibrationEstate(): Promise<FakeCloudEstate> {
  const org = await awsOrgEstate({ accounts: 2, guardrails: 1, seed: 1 }, { latencyMs: 0, pageSize: 1000 });
  return org;
}

// ---------------------------------------------------------------------------------------------
// Azure

export interface AzureOrgShape {
  subscriptions: number;
  seed: number;
}

/** AI accounts (copies of the level-3 subscription's two) per subscription: most have none or one pair, a few many. */
const azureAccountCopies = [0, 0, 0, 1, 1, 1, 1, 2, 3, 6];

type AzureEstate = NonNullable<FakeCloudEstate['azure']>;

/**
 * `count` clones of the estate's first subscription (ids and names renumbered), clone `index`
 * with `copiesOf(index)` copies of its AI accounts, spread over two child management groups of
 * contoso-platform (the level-3 group whose policy definitions the assignments use).
 */
export function azureSubscriptionTree(
  source: AzureEstate,
  count: number,
  copiesOf: (index: number) => number,
): Pick<AzureEstate, 'subscriptions' | 'managementGroups'> {
  const template = source.subscriptions[0];
  if (template === undefined) throw new Error('the estate has no subscription to clone');
  const text = JSON.stringify(template);
  const subscriptions = Array.from({ length: count }, (_, index) => {
    const id = `00000000-0000-4000-8000-${pad(index + 1, 12)}`;
    const clone = JSON.parse(text.replaceAll(template.subscriptionId, id)) as typeof template;
    const accounts = Array.from({ length: copiesOf(index) }, (_, copy) =>
      clone.accounts.map((entry) => {
        if (copy === 0) return entry;
        const name = entry.account.id.split('/').pop() ?? '';
        return JSON.parse(JSON.stringify(entry).replaceAll(`/accounts/${name}`, `/accounts/${name}-${copy}`)) as typeof entry;
      }),
    ).flat();
    return { ...clone, displayName: `Bench subscription ${index + 1}`, accounts };
  });
  const children = ['bench-a', 'bench-b'];
  const platform = source.managementGroups.find((group) => group.name === 'contoso-platform');
  const managementGroups = [
    { ...(platform ?? { name: 'contoso-platform', policyAssignments: [] }), subscriptions: [] as string[] },
    ...children.map((name, index) => ({
      name,
      parent: 'contoso-platform',
      subscriptions: subscriptions.filter((_, at) => at % children.length === index).map((entry) => entry.subscriptionId),
      policyAssignments: [],
    })),
  ];
  return { subscriptions, managementGroups } as Pick<AzureEstate, 'subscriptions' | 'managementGroups'>;
}

/**
 * `subscriptions` clones of the level-3 subscription (policy assignments, alerts, Defender plan),
 * each with 0-6 copies of its two AI accounts (with their deployments, content filters,
 * blocklists, diagnostic settings), under a two-level management-group tree.
 */
export async function azureOrgEstate(shape: AzureOrgShape, serving: ServingOptions): Promise<FakeCloudEstate> {
  const source = (await loadEstateFile(join(estates, 'azure-level3.yaml'))).azure;
  if (source === undefined) throw new Error('azure-level3.yaml has no azure section');
  const random = seeded(shape.seed);
  const { subscriptions, managementGroups } = azureSubscriptionTree(
    source,
    shape.subscriptions,
    () => azureAccountCopies[Math.floor(random() * azureAccountCopies.length)] ?? 1,
  );
  return {
    azure: {
      ...source,
      subscriptions,
      managementGroups,
      faults: [],
      latencyMs: serving.latencyMs,
      pageSize: serving.pageSize,
      ...(serving.rateLimit ? { rateLimit: serving.rateLimit } : {}),
      ...(serving.randomThrottle ? { randomThrottle: serving.randomThrottle } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// GCP

export interface GcpOrgShape {
  projects: number;
  /** Top-level folders (each with two sub-folders holding the projects). */
  folders: number;
  /** Share of the projects with the Model Armor API on (the others answer SERVICE_DISABLED). */
  modelArmorShare: number;
  seed: number;
}

/**
 * `projects` clones of the level-3 project (Model Armor templates, Vertex AI endpoints, alert
 * policies, audit configuration) two folder levels below the organisation; a seeded share of
 * them has Model Armor on, and half of those have no Vertex endpoints.
 */
export async function gcpOrgEstate(shape: GcpOrgShape, serving: ServingOptions): Promise<FakeCloudEstate> {
  const source = (await loadEstateFile(join(estates, 'gcp-level3.yaml'))).gcp;
  const organization = source?.organizations[0];
  const template = source?.projects[0];
  if (source === undefined || organization === undefined || template === undefined) throw new Error('gcp-level3.yaml has no organisation or project');
  const random = seeded(shape.seed);
  const folders: (typeof source.folders)[number][] = [];
  const leaves: string[] = [];
  for (let top = 0; top < shape.folders; top++) {
    const topId = `5${pad(top, 5)}`;
    folders.push({ id: topId, parent: `organizations/${organization.id}`, displayName: `business-unit-${top}`, state: 'ACTIVE' });
    for (let sub = 0; sub < 2; sub++) {
      const subId = `6${pad(top, 5)}${sub}`;
      folders.push({ id: subId, parent: `folders/${topId}`, displayName: `team-${top}-${sub}`, state: 'ACTIVE' });
      leaves.push(subId);
    }
  }
  const text = JSON.stringify(template);
  const projects = Array.from({ length: shape.projects }, (_, index) => {
    const projectId = `ai-bench-${pad(index, 5)}`;
    const projectNumber = `7${pad(index, 11)}`;
    const clone = JSON.parse(text.replaceAll(template.projectId, projectId).replaceAll(template.projectNumber, projectNumber)) as typeof template;
    const modelArmor = random() < shape.modelArmorShare;
    const endpoints = random() < 0.5;
    return {
      ...clone,
      parent: `folders/${leaves[index % leaves.length] ?? ''}`,
      ...(modelArmor ? {} : { modelArmorApi: 'DISABLED' as const, templates: {} }),
      ...(endpoints ? {} : { endpoints: {} }),
    };
  });
  return {
    gcp: {
      ...source,
      folders,
      projects,
      faults: [],
      latencyMs: serving.latencyMs,
      pageSize: serving.pageSize,
      ...(serving.rateLimit ? { rateLimit: serving.rateLimit } : {}),
      ...(serving.randomThrottle ? { randomThrottle: serving.randomThrottle } : {}),
    },
  };
}
