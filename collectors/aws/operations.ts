/**
 * Every AWS API operation the collectors may call. All are read-only (List/Get/Describe);
 * none returns secrets. `aiposture permissions --provider aws` prints the IAM policy derived
 * from this list, and the AWS client wrapper refuses any command that is not on it.
 */
export interface AwsOperation {
  /** SDK client family, as in @aws-sdk/client-<service>. */
  client: 'bedrock' | 'bedrock-agent' | 'cloudtrail' | 'cloudwatch' | 'config-service' | 'organizations' | 'sts' | 'ssm' | 'ec2';
  operation: string;
  /** The IAM action that authorises the call; null when none is needed. */
  iamAction: string | null;
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
  { client: 'config-service', operation: 'DescribeConfigurationRecorders', iamAction: 'config:DescribeConfigurationRecorders' },
  { client: 'config-service', operation: 'DescribeConfigurationRecorderStatus', iamAction: 'config:DescribeConfigurationRecorderStatus' },
  { client: 'organizations', operation: 'DescribeEffectivePolicy', iamAction: 'organizations:DescribeEffectivePolicy' },
];

const allowed = new Set(awsOperations.map((entry) => `${entry.client}:${entry.operation}`));

export function isAllowedAwsOperation(client: AwsOperation['client'], operation: string): boolean {
  return allowed.has(`${client}:${operation}`);
}

/** Only read-only verbs may ever appear on the allow-list. */
export const readOnlyVerb = /^(List|Get|Describe)[A-Z]/;

export function awsLeastPrivilegePolicy() {
  const actions = [...new Set(awsOperations.flatMap((entry) => (entry.iamAction ? [entry.iamAction] : [])))].sort();
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AiPostureReadOnlyScan', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
}
