/**
 * Collection benchmark (not a test): a generated AWS estate served by the fake cloud with a
 * fixed per-request latency, scanned through the real SDK clients. Prints one JSON line with
 * wall time, the lower bound implied by the scheduler's per-key concurrency, calls per
 * resource and peak memory.
 *
 *   npm run bench -- [--regions 17] [--guardrails 20] [--agents 20] [--latency 20]
 */
import { parseArgs } from 'node:util';
import { startFakeCloud } from '../fakecloud/server.ts';
import type { AwsEstateInput } from '../fakecloud/aws-estate.ts';
import { collectAws } from '../collectors/aws/index.ts';

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: '17' },
    guardrails: { type: 'string', default: '20' },
    agents: { type: 'string', default: '20' },
    latency: { type: 'string', default: '20' },
    'page-size': { type: 'string', default: '10' },
  },
});
const regionCount = Number(values.regions);
const guardrailCount = Number(values.guardrails);
const agentCount = Number(values.agents);
const latencyMs = Number(values.latency);
const perKeyConcurrency = 4;

const allRegions = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];
const regions = allRegions.slice(0, regionCount);
const account = '444455556666';

function guardrailVersion(region: string, index: number, version: string) {
  return {
    name: `guardrail-${index}`,
    guardrailId: `gr${index}${region.replace(/-/g, '')}`,
    guardrailArn: `arn:aws:bedrock:${region}:${account}:guardrail/gr${index}${region.replace(/-/g, '')}`,
    version,
    status: 'READY',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    blockedInputMessaging: 'Blocked.',
    blockedOutputsMessaging: 'Blocked.',
    contentPolicy: { filters: [{ type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' }] },
  };
}

const estate = {
  accountId: account,
  enabledRegions: regions,
  pageSize: Number(values['page-size']),
  latencyMs,
  regions: Object.fromEntries(
    regions.map((region) => [
      region,
      {
        guardrails: Array.from({ length: guardrailCount }, (_, index) => ({
          id: guardrailVersion(region, index, 'DRAFT').guardrailId,
          name: `guardrail-${index}`,
          versions: [guardrailVersion(region, index, 'DRAFT'), guardrailVersion(region, index, '1')],
        })),
        agents: Array.from({ length: agentCount }, (_, index) => ({
          agentId: `AG${String(index).padStart(8, '0')}`,
          agentName: `agent-${index}`,
          agentStatus: 'PREPARED',
          agentResourceRoleArn: `arn:aws:iam::${account}:role/agent`,
          guardrailConfiguration: {
            guardrailIdentifier: guardrailVersion(region, index % Math.max(guardrailCount, 1), '1').guardrailId,
            guardrailVersion: '1',
          },
        })),
        metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }],
      },
    ]),
  ),
} as unknown as AwsEstateInput;

const cloud = await startFakeCloud({ aws: estate });
const started = performance.now();
const result = await collectAws({
  endpoint: cloud.url,
  region: 'us-east-1',
  credentials: async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }),
  scheduler: { perKeyConcurrency, globalConcurrency: 64 },
});
const wallMs = performance.now() - started;
await cloud.close();

// Lower bound: the busiest throttling key must serve its calls perKeyConcurrency at a time.
const perKey = new Map<string, number>();
for (const request of cloud.requests) perKey.set(`${request.region}:${request.service}`, (perKey.get(`${request.region}:${request.service}`) ?? 0) + 1);
const busiest = Math.max(...perKey.values());
const lowerBoundMs = Math.ceil(busiest / perKeyConcurrency) * latencyMs;
const resources = result.inventory.resources.length;

console.log(
  JSON.stringify({
    estate: { regions: regionCount, guardrailsPerRegion: guardrailCount, agentsPerRegion: agentCount, latencyMs },
    wallMs: Math.round(wallMs),
    lowerBoundMs,
    wallOverLowerBound: Number((wallMs / lowerBoundMs).toFixed(2)),
    calls: result.calls.length,
    resources,
    callsPerResource: Number((result.calls.length / resources).toFixed(2)),
    throttled: result.stats.throttled,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
