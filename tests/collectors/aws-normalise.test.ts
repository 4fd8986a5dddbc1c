import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orgBedrockPolicy, splitGuardrailIdentifier, trail, trailSelectors, metricAlarm, guardrailVersion } from '../../collectors/aws/normalise.ts';
import type { ScopeRef } from '../../src/model/common.ts';

const scope: ScopeRef = { provider: 'aws', type: 'account', id: '123456789012' };
const examples = new URL('../../fixtures/provider-examples/aws/', import.meta.url);

/** The JSON after "Output::" in an aws-cli documentation example. */
function cliOutput(file: string): unknown {
  const text = readFileSync(new URL(file, examples), 'utf8');
  const json = text.slice(text.indexOf('Output::') + 'Output::'.length);
  const start = json.indexOf('{');
  let depth = 0;
  for (let index = start; index < json.length; index++) {
    if (json[index] === '{') depth++;
    if (json[index] === '}' && --depth === 0) return JSON.parse(json.slice(start, index + 1));
  }
  throw new Error(`no JSON output in ${file}`);
}

describe('AWS normalisation on published example payloads', () => {
  it('reads management events from the get-event-selectors example', () => {
    const selectors = cliOutput('cloudtrail.get-event-selectors.aws-cli-example.rst') as Parameters<typeof trailSelectors>[0];
    expect(trailSelectors(selectors)).toEqual({ managementEvents: 'all', dataEventResourceTypes: [] });
  });

  it('turns the describe-trails example into trails with their home region and scope', () => {
    const output = cliOutput('cloudtrail.describe-trails.aws-cli-example.rst') as { trailList: Array<Parameters<typeof trail>[0]> };
    const trails = output.trailList.map((entry) =>
      trail(entry, { IsLogging: true, $metadata: {} }, undefined, undefined, {
        scope,
        partition: 'aws',
        region: entry.HomeRegion ?? null,
        api: 'cloudtrail:DescribeTrails',
      }),
    );
    expect(trails.length).toBeGreaterThan(0);
    for (const [index, entry] of trails.entries()) {
      expect(entry.arn).toBe(output.trailList[index]?.TrailARN);
      expect(entry.isMultiRegion).toBe(output.trailList[index]?.IsMultiRegionTrail ?? false);
      expect(entry.isLogging).toBe(true);
      expect(entry.managementEvents).toBeUndefined();
    }
  });

  it('reads advanced selectors: write-only management events and Bedrock data-event types', () => {
    const recorded = trailSelectors({
      $metadata: {},
      AdvancedEventSelectors: [
        {
          Name: 'mgmt',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
        {
          Name: 'bedrock',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Bedrock::Guardrail', 'AWS::Bedrock::Model'] },
          ],
        },
      ],
    });
    expect(recorded).toEqual({ managementEvents: 'write', dataEventResourceTypes: ['AWS::Bedrock::Guardrail', 'AWS::Bedrock::Model'] });
  });

  it('reads the describe-alarms example alarm metrics', () => {
    const output = cliOutput('cloudwatch.describe-alarms.aws-cli-example.rst') as { MetricAlarms: Array<Parameters<typeof metricAlarm>[0]> };
    const alarm = metricAlarm(output.MetricAlarms[0] as Parameters<typeof metricAlarm>[0], {
      scope,
      partition: 'aws',
      region: 'us-east-1',
      api: 'cloudwatch:DescribeAlarms',
    });
    expect(alarm.metrics[0]).toEqual({ namespace: output.MetricAlarms[0]?.Namespace, metricName: output.MetricAlarms[0]?.MetricName });
  });

  it('flattens the documented organisation BEDROCK_POLICY into per-region guardrail assignments', () => {
    const content = readFileSync(new URL('organizations.bedrock-policy.docs-excerpt.json', examples), 'utf8');
    const policy = orgBedrockPolicy(content, { scope, partition: 'aws', region: null, api: 'organizations:DescribeEffectivePolicy' });
    expect(policy.present).toBe(true);
    expect(policy.assignments).toEqual([
      { region: 'us-east-1', name: 'config_1', guardrail: { identifier: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d', version: '1' } },
    ]);
    expect(orgBedrockPolicy(undefined, { scope, partition: 'aws', region: null, api: 'x' })).toMatchObject({ present: false, assignments: [] });
  });

  it('splits versioned guardrail identifiers and leaves plain ids alone', () => {
    expect(splitGuardrailIdentifier('arn:aws:bedrock:eu-west-1:1:guardrail/abc:DRAFT')).toEqual({
      identifier: 'arn:aws:bedrock:eu-west-1:1:guardrail/abc',
      version: 'DRAFT',
    });
    expect(splitGuardrailIdentifier('abc123')).toEqual({ identifier: 'abc123', version: null });
  });

  it('maps guardrail strengths to the neutral scale and keeps omitted fields as null', () => {
    const version = guardrailVersion(
      {
        name: 'g',
        guardrailId: 'g1',
        guardrailArn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g1',
        version: '2',
        status: 'READY',
        createdAt: new Date(),
        updatedAt: new Date(),
        blockedInputMessaging: 'no',
        blockedOutputsMessaging: 'no',
        contentPolicy: { filters: [{ type: 'PROMPT_ATTACK', inputStrength: 'LOW', outputStrength: 'NONE' }], tier: { tierName: 'STANDARD' } },
      },
      ['agent'],
      undefined,
      { scope, partition: 'aws', region: 'us-east-1', api: 'bedrock:GetGuardrail' },
    );
    expect(version.id).toBe('arn:aws:bedrock:us-east-1:123456789012:guardrail/g1:2');
    expect(version.contentPolicy).toEqual({
      tier: 'STANDARD',
      filters: [
        {
          type: 'PROMPT_ATTACK',
          category: 'prompt-attack',
          input: { enabled: null, action: null, strength: 'low' },
          output: { enabled: null, action: null, strength: 'off' },
        },
      ],
    });
    expect(version.sensitiveInformationPolicy).toBeNull();
    expect(version.tags).toBeUndefined();
  });
});
