import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsLeastPrivilegePolicy, awsOperations, isAllowedAwsOperation, readOnlyVerb } from '../../collectors/aws/operations.ts';
import { AwsClientPool } from '../../collectors/aws/clients.ts';
import { ListGuardrailsCommand, CreateGuardrailCommand } from '@aws-sdk/client-bedrock';

const collectorDir = new URL('../../collectors/aws/', import.meta.url);
const collectorSources = readdirSync(collectorDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(new URL(file, collectorDir), 'utf8'))
  .join('\n');

describe('AWS read-only allow-list', () => {
  it('contains only List/Get/Describe operations', () => {
    for (const entry of awsOperations) expect(entry.operation).toMatch(readOnlyVerb);
  });

  it('covers every SDK command the collectors construct or page through', () => {
    const constructed = [...collectorSources.matchAll(/new (\w+)Command\(|paginate(\w+)\(/g)].map((match) => (match[1] ?? match[2]) as string);
    expect(constructed.length).toBeGreaterThan(20);
    for (const operation of new Set(constructed)) {
      expect(
        awsOperations.some((entry) => entry.operation === operation),
        `${operation} is not on the allow-list`,
      ).toBe(true);
    }
  });

  it('prints an IAM policy granting exactly the allow-listed actions, read-only and never secrets', () => {
    const policy = awsLeastPrivilegePolicy();
    const actions = policy.Statement[0]?.Action ?? [];
    expect(actions).toEqual([...new Set(awsOperations.flatMap((entry) => (entry.iamAction ? [entry.iamAction] : [])))].sort());
    for (const action of actions) expect(action.split(':')[1]).toMatch(readOnlyVerb);
    expect(actions.join(' ')).not.toMatch(/\*|GetSecretValue|Decrypt|GetObject/);
  });

  it('refuses at run time any command not on the allow-list, before it is sent', async () => {
    const calls: unknown[] = [];
    const pool = new AwsClientPool({ credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }), onCall: (call) => calls.push(call) });
    const client = pool.get('bedrock', 'us-east-1');
    await expect(client.send(new CreateGuardrailCommand({ name: 'x', blockedInputMessaging: 'x', blockedOutputsMessaging: 'x' }))).rejects.toThrow(
      /Refusing bedrock:CreateGuardrail: not on the read-only allow-list/,
    );
    expect(calls).toEqual([]);
    expect(isAllowedAwsOperation('bedrock', new ListGuardrailsCommand({}).constructor.name.replace(/Command$/, ''))).toBe(true);
    pool.destroy();
  });
});
