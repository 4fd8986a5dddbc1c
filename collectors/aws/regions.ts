/**
 * Regions where Amazon Bedrock is offered, used when the SSM public parameters cannot be read.
 * Source: Bedrock "Regional availability" (2026) — see ../shared/reference/cloud-apis.md §A9.
 */
export const fallbackBedrockRegions: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'me-central-1',
  'il-central-1',
  'sa-east-1',
  'us-gov-west-1',
  'us-gov-east-1',
];

export const bedrockRegionsParameterPath = '/aws/service/global-infrastructure/services/bedrock/regions';
