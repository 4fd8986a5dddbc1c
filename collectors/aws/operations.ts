/**
 * Every AWS API operation the collectors may call. All are read-only (List/Get/Describe), apart
 * from `sts:AssumeRole`, which changes nothing either: it obtains the session in a member account
 * (`--org`, `--accounts`). None returns secrets of the account read. `aiposture permissions
 * --provider aws` prints the IAM policy derived from this list, and the AWS client wrapper
 * refuses any command that is not on it.
 */
export interface AwsOperation {
  /** SDK client family, as in @aws-sdk/client-<service>. */
  client: 'bedrock' | 'bedrock-agent' | 'cloudtrail' | 'cloudwatch' | 'config-service' | 'organizations' | 'sts' | 'ssm' | 'ec2';
  operation: string;
  /** The IAM action that authorises the call; null when none is needed. */
  iamAction: string | null;
  /**
   * Who needs the permission: every scanned account (default; the member role in an organisation
   * scan), or only the scanning principal of an organisation scan — `discovery` in the management
   * account or a delegated administrator (`--org`), `assume` to enter the member accounts.
   */
  needs?: 'discovery' | 'assume';
}

export const awsOperations: readonly AwsOperation[] = [
  { client: 'sts', operation: 'GetCallerIdentity', iamAction: null },
  { client: 'ec2', operation: 'DescribeRegions', iamAction: 'ec2:DescribeRegions' },
  { client: 'ssm', operation: 'GetParametersByPath', iamAction: 'ssm:GetParametersByPath' },
  { client: 'bedrock', operation: 'ListGuardrails', iamAction: 'bedrock:ListGuardrails' },
  { client: 'bedrock', operation: 'GetGuardrail', iamAction: 'bedrock:GetGuardrail' },
  { client: 'bedrock', operation: 'ListTagsForResource', iamAction: 'bedrock:ListTagsForResource' },
  { client: 'bedrock', operation: 'ListEnforcedGuardrailsConfiguration', iamAction: 'bedrock:ListEnforcedGuardrailsConfiguration' },
  { client: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration', iamAction: 'bedrock:GetModelInvocationLoggingConfiguration' },
  { client: 'bedrock', operation: 'ListCustomModels', iamAction: 'bedrock:ListCustomModels' },
  { client: 'bedrock', operation: 'GetCustomModel', iamAction: 'bedrock:GetCustomModel' },
  { client: 'bedrock', operation: 'ListProvisionedModelThroughputs', iamAction: 'bedrock:ListProvisionedModelThroughputs' },
  { client: 'bedrock', operation: 'ListInferenceProfiles', iamAction: 'bedrock:ListInferenceProfiles' },
  { client: 'bedrock', operation: 'ListImportedModels', iamAction: 'bedrock:ListImportedModels' },
  { client: 'bedrock-agent', operation: 'ListAgents', iamAction: 'bedrock:ListAgents' },
  { client: 'bedrock-agent', operation: 'GetAgent', iamAction: 'bedrock:GetAgent' },
  { client: 'bedrock-agent', operation: 'ListKnowledgeBases', iamAction: 'bedrock:ListKnowledgeBases' },
  { client: 'bedrock-agent', operation: 'ListDataSources', iamAction: 'bedrock:ListDataSources' },
  { client: 'bedrock-agent', operation: 'GetDataSource', iamAction: 'bedrock:GetDataSource' },
  { client: 'cloudtrail', operation: 'DescribeTrails', iamAction: 'cloudtrail:DescribeTrails' },
  { client: 'cloudtrail', operation: 'GetTrailStatus', iamAction: 'cloudtrail:GetTrailStatus' },
  { client: 'cloudtrail', operation: 'GetEventSelectors', iamAction: 'cloudtrail:GetEventSelectors' },
  { client: 'cloudwatch', operation: 'DescribeAlarms', iamAction: 'cloudwatch:DescribeAlarms' },
  { client: 'cloudwatch', operation: 'ListMetrics', iamAction: 'cloudwatch:ListMetrics' },
  { client: 'cloudwatch', operation: 'GetMetricData', iamAction: 'cloudwatch:GetMetricData' },
  { client: 'config-service', operation: 'DescribeConfigurationRecorders', iamAction: 'config:DescribeConfigurationRecorders' },
  { client: 'config-service', operation: 'DescribeConfigurationRecorderStatus', iamAction: 'config:DescribeConfigurationRecorderStatus' },
  { client: 'organizations', operation: 'DescribeEffectivePolicy', iamAction: 'organizations:DescribeEffectivePolicy' },
  { client: 'organizations', operation: 'ListAccounts', iamAction: 'organizations:ListAccounts', needs: 'discovery' },
  { client: 'sts', operation: 'AssumeRole', iamAction: 'sts:AssumeRole', needs: 'assume' },
];

const allowed = new Set(awsOperations.map((entry) => `${entry.client}:${entry.operation}`));

export function isAllowedAwsOperation(client: AwsOperation['client'], operation: string): boolean {
  return allowed.has(`${client}:${operation}`);
}

/** Only read-only verbs may ever appear on the allow-list (and `sts:AssumeRole`, see `sessionOperations`). */
export const readOnlyVerb = /^(List|Get|Describe)[A-Z]/;

/** The one allow-listed operation that is not a read: it obtains a member account's session, and changes nothing. */
export const sessionOperations: ReadonlySet<string> = new Set(['sts:AssumeRole']);

/** The member role's name the printed policy names (`--assume-role`; the README's StackSet deploys it). */
export const defaultMemberRole = 'AiPostureReadOnly';

function actionsFor(needs: AwsOperation['needs']): string[] {
  return [...new Set(awsOperations.flatMap((entry) => (entry.iamAction && entry.needs === needs ? [entry.iamAction] : [])))].sort();
}

/**
 * The least-privilege policy. The first statement is what every scanned account needs (the member
 * role of an organisation scan gets exactly it); the others only the scanning principal of an
 * organisation scan: listing the accounts (management account or delegated administrator,
 * `--org`) and assuming the member role (`--org`, `--accounts`; rename the role if you deploy
 * another).
 */
export function awsLeastPrivilegePolicy() {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AiPostureReadOnlyScan', Effect: 'Allow', Action: actionsFor(undefined), Resource: '*' },
      { Sid: 'AiPostureListOrganizationAccounts', Effect: 'Allow', Action: actionsFor('discovery'), Resource: '*' },
      { Sid: 'AiPostureAssumeMemberRole', Effect: 'Allow', Action: actionsFor('assume'), Resource: `arn:aws:iam::*:role/${defaultMemberRole}` },
    ],
  };
}
