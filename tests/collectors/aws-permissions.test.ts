import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { awsLeastPrivilegePolicy, awsOperations, isAllowedAwsOperation, readOnlyVerb, sessionOperations } from '../../collectors/aws/operations.ts';
import { AwsClientPool } from '../../collectors/aws/clients.ts';
import { ListGuardrailsCommand, CreateGuardrailCommand } from '@aws-sdk/client-bedrock';

const collectorDir = new URL('../../collectors/aws/', import.meta.url);
const collectorSources = readdirSync(collectorDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(new URL(file, collectorDir), 'utf8'))
  .join('\n');

describe('AWS read-only allow-list', () => {
  it('contains only List/Get/Describe operations, and sts:AssumeRole (member-account sessions) needed by the scanning principal only', () => {
    for (const entry of awsOperations) {
      if (sessionOperations.has(`${entry.client}:${entry.operation}`)) expect(entry.needs).toBe('assume');
      else expect(entry.operation).toMatch(readOnlyVerb);
    }
    expect([...sessionOperations]).toEqual(['sts:AssumeRole']);
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
    const all = policy.Statement.flatMap((statement) => statement.Action);
    expect([...all].sort()).toEqual([...new Set(awsOperations.flatMap((entry) => (entry.iamAction ? [entry.iamAction] : [])))].sort());
    // The first statement is what every scanned account (an organisation scan's member role) needs: reads only.
    const perAccount = policy.Statement[0]?.Action ?? [];
    for (const action of perAccount) expect(action.split(':')[1]).toMatch(readOnlyVerb);
    expect(perAccount).not.toContain('organizations:ListAccounts');
    expect(perAccount).not.toContain('sts:AssumeRole');
    expect(all.join(' ')).not.toMatch(/\*|GetSecretValue|Decrypt|GetObject/);
    // The scanning principal of an organisation scan also lists the accounts and assumes the member role, by name.
    expect(policy.Statement.slice(1)).toEqual([
      { Sid: 'AiPostureListOrganizationAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
      { Sid: 'AiPostureAssumeMemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::*:role/AiPostureReadOnly' },
    ]);
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

  it("the README's StackSet member role is the printed policy minus the management-only actions, trusting the scanner with an external id", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Organisation scans (AWS)'));
    const template = /```yaml\n(# aiposture-member-role-stackset\.yaml\n[\s\S]*?)```/.exec(section)?.[1];
    expect(template, 'the StackSet template in the README').toBeDefined();
    const ref = { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) };
    const outer = parse(template ?? '', { customTags: [ref] }) as {
      Resources: { MemberRoleStackSet: { Properties: Record<string, unknown> & { TemplateBody: string } } };
    };
    const stackSet = outer.Resources.MemberRoleStackSet.Properties;
    expect(stackSet).toMatchObject({ PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: true } });
    expect(stackSet.StackInstancesGroup).toEqual([{ DeploymentTargets: { OrganizationalUnitIds: { Ref: 'OrganizationalUnitIds' } }, Regions: ['us-east-1'] }]);
    const inner = parse(stackSet.TemplateBody, { customTags: [ref] }) as {
      Resources: {
        AiPostureReadOnly: {
          Properties: { RoleName: string; AssumeRolePolicyDocument: unknown; Policies: Array<{ PolicyDocument: { Statement: Array<{ Action: string[] }> } }> };
        };
      };
    };
    const role = inner.Resources.AiPostureReadOnly.Properties;
    expect(role.RoleName).toBe('AiPostureReadOnly');
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: { Ref: 'ScannerPrincipalArn' } },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
        },
      ],
    });
    const policy = awsLeastPrivilegePolicy();
    const granted = role.Policies.flatMap((entry) => entry.PolicyDocument.Statement.flatMap((statement) => statement.Action));
    expect(granted).toEqual(policy.Statement[0]?.Action);
    const managementOnly = policy.Statement.slice(1).flatMap((statement) => statement.Action);
    expect(managementOnly.sort()).toEqual(['organizations:ListAccounts', 'sts:AssumeRole']);
  });
});
