/**
 * The options of an organisation-scale AWS scan (`--org`, `--accounts`, `--assume-role`,
 * `--external-id`, `--role-session-name`) and their rules, shared by the CLI (module.ts) and
 * `collectAws` itself. Cheap to import: no SDK.
 */
import { InputError } from '../../src/errors.ts';

export interface AwsOrganisationOptions {
  /** `--org`: every ACTIVE account of the organisation (ListAccounts, from the management account or a delegated administrator). */
  org?: boolean;
  /** `--accounts`: these 12-digit account ids. */
  accounts?: readonly string[];
  /** `--assume-role`: the role to assume in each account, by name: `arn:<partition>:iam::<account>:role/<name>`. */
  assumeRole?: string;
  /** `--external-id`: the `sts:ExternalId` the role's trust policy requires. */
  externalId?: string;
  /** `--role-session-name` (default `aiposture`): how the sessions appear in each account's CloudTrail. */
  roleSessionName?: string;
}

export const defaultRoleSessionName = 'aiposture';
export const accountIdPattern = /^\d{12}$/;
/** An IAM role name, optionally under a path (`path/Name`). */
export const roleNamePattern = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** `sts:ExternalId`: 2–1,224 characters (IAM quotas). */
export const externalIdPattern = /^[\w+=,.@:/-]{2,1224}$/;
export const roleSessionNamePattern = /^[\w+=,.@-]{2,64}$/;

export function parseRoleName(value: string): string {
  if (value.startsWith('arn:')) throw new InputError(`--assume-role: expected the role's name (e.g. AiPostureReadOnly), not an ARN: "${value}"`);
  if (!roleNamePattern.test(value)) throw new InputError(`--assume-role: "${value}" is not an IAM role name (letters, digits and +=,.@_- up to 64 characters)`);
  return value;
}

export function parseExternalId(value: string): string {
  if (!externalIdPattern.test(value)) throw new InputError('--external-id: expected 2 to 1224 characters of letters, digits and +=,.@:/_-');
  return value;
}

export function parseRoleSessionName(value: string): string {
  if (!roleSessionNamePattern.test(value))
    throw new InputError(`--role-session-name: "${value}" is not a session name (2 to 64 characters of letters, digits and +=,.@_-)`);
  return value;
}

/** Whether the options ask for more than the caller's own account. */
export function isMultiAccount(options: AwsOrganisationOptions): boolean {
  return options.org === true || options.accounts !== undefined;
}

/** Throws an InputError naming the flag when the options do not go together or a value is malformed. */
export function checkOrganisationOptions(options: AwsOrganisationOptions): void {
  if (options.org === true && options.accounts !== undefined) {
    throw new InputError('--org and --accounts are alternatives: give one (--org scans every ACTIVE account of the organisation)');
  }
  const flag = options.org === true ? '--org' : '--accounts';
  if (isMultiAccount(options) && !options.assumeRole)
    throw new InputError(`${flag} requires --assume-role ROLE_NAME (the read-only role to assume in each account)`);
  if (!isMultiAccount(options) && options.assumeRole !== undefined) throw new InputError('--assume-role applies with --org or --accounts');
  if (options.externalId !== undefined && options.assumeRole === undefined) throw new InputError('--external-id applies with --assume-role');
  if (options.roleSessionName !== undefined && options.assumeRole === undefined) throw new InputError('--role-session-name applies with --assume-role');
  if (options.accounts !== undefined) {
    const bad = options.accounts.find((id) => !accountIdPattern.test(id));
    if (options.accounts.length === 0 || bad !== undefined) throw new InputError(`--accounts: "${bad ?? ''}" is not a 12-digit AWS account id`);
  }
  if (options.assumeRole !== undefined) parseRoleName(options.assumeRole);
  if (options.externalId !== undefined) parseExternalId(options.externalId);
  if (options.roleSessionName !== undefined) parseRoleSessionName(options.roleSessionName);
}
