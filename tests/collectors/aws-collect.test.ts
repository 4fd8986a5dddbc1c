import { BedrockClient, paginateListGuardrails, type ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../collectors/aws/index.ts';
import { scheduledClient } from '../../collectors/aws/clients.ts';
import { awsThrottle, classifyAwsError } from '../../collectors/aws/errors.ts';
import { Collection } from '../../src/collect/listing.ts';
import { loadEstate, startFakeCloud } from '../../fakecloud/server.ts';
import { estatePath, staticCredentials } from '../e2e/helpers.ts';

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });

describe('AWS collector plumbing', () => {
  it('an SDK paginator over a scheduled client reads each page as one call; a throttled page is read again by itself', async () => {
    const bedrock = new BedrockClient({ region: 'us-east-1', credentials: staticCredentials, maxAttempts: 1 });
    const sent: Array<string | undefined> = [];
    let throttled = false;
    bedrock.send = (async (command: ListGuardrailsCommand) => {
      const token = command.input.nextToken;
      sent.push(token);
      if (token === 'page-2' && !throttled) {
        throttled = true;
        throw throttling();
      }
      return token === undefined ? { guardrails: [{ id: 'a' }], nextToken: 'page-2' } : { guardrails: [{ id: 'b' }] };
    }) as never;
    const collection = new Collection({ provider: 'aws', throttle: awsThrottle, classify: classifyAwsError, scheduler: { sleep: async () => undefined } });
    const client = scheduledClient(bedrock, (send) => collection.call('aws:1:us-east-1:bedrock', send));
    const guardrails = await collection.all(paginateListGuardrails({ client }, {}), (page) => page.guardrails);
    expect(guardrails.map((guardrail) => guardrail.id)).toEqual(['a', 'b']);
    expect(sent).toEqual([undefined, 'page-2', 'page-2']);
    expect(collection.stats).toMatchObject({ calls: 3, throttled: 1 });
    bedrock.destroy();
  });

  it('builds ARNs in the partition of the caller identity and sends every request through the scheduler, once each', async () => {
    const estate = await loadEstate(estatePath('aws-level2.yaml'));
    estate.identity = { arn: `arn:aws-us-gov:sts::${estate.accountId}:assumed-role/scanner/session` };
    const cloud = await startFakeCloud({ aws: estate });
    try {
      const result = await collectAws({
        endpoint: cloud.url,
        region: 'us-east-1',
        credentials: staticCredentials,
        regions: ['us-east-1'],
        scheduler: { baseDelayMs: 1 },
      });
      const built = result.inventory.resources.filter((resource) => ['aws.bedrock.region-activity', 'aws.bedrock.invocation-logging'].includes(resource.type));
      expect(built).toHaveLength(2);
      for (const resource of built) expect(resource.id).toMatch(/^arn:aws-us-gov:bedrock:us-east-1:/);
      expect(result.calls).toHaveLength(cloud.requests.length);
      expect(result.stats.calls).toBe(cloud.requests.length);
    } finally {
      await cloud.close();
    }
  });
});
