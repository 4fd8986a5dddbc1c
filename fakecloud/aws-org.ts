/**
 * The AWS Organization around the fake cloud's account estates: the management account (the
 * estate's own account), its member accounts (each an account estate of its own), the member role
 * in each, and the sessions AssumeRole has issued. `aws.ts` speaks the wire protocols; this file
 * decides who may list the accounts, who may assume which role for how long, and which account a
 * request's access key belongs to.
 *
 * Routing: a request signed with an access key AssumeRole issued is served from the estate of the
 * session's account; any other key (the caller's own credentials) from the management account's.
 * Issued keys read `ASIA<account id><4 characters>`, so a request log shows where they lead.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  defaultMemberRoleName,
  externalIdPattern,
  type AwsAccountEstate,
  type AwsEstate,
  type AwsMemberRole,
  type AwsOrganizationAccount,
  type OrganizationAccountState,
} from './aws-estate.ts';

/** Temporary credentials AssumeRole issued, and what they stand for. */
export interface FakeSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** The account the session is in (whose estate serves its requests). */
  account: string;
  /** arn:aws:iam::<account>:role/<name>, as requested. */
  roleArn: string;
  roleSessionName: string;
  /** The ExternalId the request carried, if any. */
  externalId?: string;
  durationSeconds: number;
  issuedAt: Date;
  expiration: Date;
  /** arn:aws:sts::<account>:assumed-role/<name>/<session>: what GetCallerIdentity answers with these credentials. */
  assumedRoleArn: string;
  assumedRoleId: string;
  /** The account whose principal asked for the session. */
  callerAccount: string;
}

/** An API failure, rendered by aws.ts in the wire format of the protocol it happened in. */
export interface ApiFailure {
  code: string;
  message: string;
  status?: number;
}

export type Outcome<T> = { ok: true; value: T } | ({ ok: false } & ApiFailure);

const fail = (code: string, message: string, status?: number): { ok: false } & ApiFailure => ({
  ok: false,
  code,
  message,
  ...(status === undefined ? {} : { status }),
});

/** Who is calling: the account whose credentials signed the request, and its principal. */
export interface FakeCaller {
  account: string;
  arn: string;
  /** The caller is itself an assumed-role session: a second AssumeRole is role chaining (1 h cap). */
  roleSession: boolean;
}

interface Member {
  entry: AwsOrganizationAccount;
  estate: AwsAccountEstate;
}

/** The retired `Status` of each `State`, as Organizations still sends both. */
const legacyStatus: Record<OrganizationAccountState, 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE'> = {
  PENDING_ACTIVATION: 'ACTIVE',
  ACTIVE: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  PENDING_CLOSURE: 'PENDING_CLOSURE',
  CLOSED: 'SUSPENDED',
};

const defaultJoinedAt = new Date('2024-02-01T09:00:00Z');
const roleArnPattern = /^arn:(aws[\w-]*):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
const sessionNamePattern = /^[\w+=,.@-]{2,64}$/;

export class FakeOrganization {
  readonly management: AwsEstate;
  /** Member accounts by id (not the management account). */
  readonly members = new Map<string, Member>();
  private readonly sessions = new Map<string, FakeSession>();
  private issued = 0;
  private readonly now: () => number;
  private readonly onSession: ((session: FakeSession) => void) | undefined;

  constructor(management: AwsEstate, options: { now?: () => number; onSession?: (session: FakeSession) => void } = {}) {
    this.management = management;
    this.now = options.now ?? Date.now;
    this.onSession = options.onSession;
    for (const entry of management.organization?.accounts ?? []) {
      this.members.set(entry.Id, { entry, estate: { ...entry.estate, accountId: entry.Id } });
    }
  }

  /** Whether the estate is an organisation's management account (it lists member accounts). */
  get isOrganization(): boolean {
    return this.management.organization?.accounts !== undefined;
  }

  get organizationId(): string {
    return this.management.organization?.id ?? `o-${createHash('sha256').update(this.management.accountId).digest('hex').slice(0, 10)}`;
  }

  /** Every account estate: the management account first, then the members. */
  accountEstates(): Array<[string, AwsAccountEstate]> {
    return [[this.management.accountId, this.management], ...[...this.members].map(([id, member]): [string, AwsAccountEstate] => [id, member.estate])];
  }

  /**
   * The session an access key belongs to. `undefined`: not a key AssumeRole issued (the caller's
   * own credentials). A failure: a key it issued used without its session token, or after expiry.
   */
  identify(accessKeyId: string | undefined, sessionToken: string | undefined): { session?: FakeSession; failure?: ApiFailure } {
    const session = accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId);
    if (session === undefined) return {};
    if (sessionToken !== session.sessionToken) {
      return { session, failure: { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 } };
    }
    if (this.now() >= session.expiration.getTime()) {
      return { session, failure: { code: 'ExpiredToken', message: 'The security token included in the request is expired' } };
    }
    return { session };
  }

  /** ListAccounts for a caller: the management account and a delegated administrator see every account, paged. */
  listAccounts(caller: FakeCaller, input: { MaxResults?: number; NextToken?: string }): Outcome<{ Accounts: Record<string, unknown>[]; NextToken?: string }> {
    const membership = caller.account === this.management.accountId ? this.management.organization : this.members.get(caller.account)?.estate.organization;
    if (membership === undefined || membership === null) return fail('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    const delegated = 'delegatedAdministrator' in membership && membership.delegatedAdministrator === true;
    if (!(caller.account === this.management.accountId && this.isOrganization) && !delegated) {
      return fail('AccessDeniedException', "You don't have permissions to access this resource.");
    }
    if (input.MaxResults !== undefined && (!Number.isInteger(input.MaxResults) || input.MaxResults < 1 || input.MaxResults > 20)) {
      return fail('InvalidInputException', 'You provided a value that does not match the required pattern: MaxResults must be between 1 and 20.');
    }
    const accounts = this.listedAccounts();
    const size = Math.min(input.MaxResults ?? 20, this.management.organization?.pageSize ?? 20);
    // Tokens name an offset and whether the page is one of the empty pages between two of accounts.
    let offset = 0;
    let emptyNext = false;
    if (input.NextToken !== undefined && input.NextToken !== '') {
      const match = /^ListAccounts\|(\d+)\|(0|1)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
      if (match === null)
        return fail(
          'InvalidInputException',
          'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
        );
      offset = Number(match[1]);
      emptyNext = match[2] === '1';
    }
    const token = (at: number, empty: boolean) => Buffer.from(`ListAccounts|${at}|${empty ? 1 : 0}`, 'utf8').toString('base64url');
    if (emptyNext) return { ok: true, value: { Accounts: [], NextToken: token(offset, false) } };
    const page = accounts.slice(offset, offset + size);
    const more = offset + size < accounts.length;
    const next = more ? token(offset + size, this.management.organization?.emptyPages === true) : undefined;
    return { ok: true, value: { Accounts: page, ...(next === undefined ? {} : { NextToken: next }) } };
  }

  /** Every account as ListAccounts lists it: the management account first. */
  private listedAccounts(): Record<string, unknown>[] {
    const management = this.management.accountId;
    const arn = (id: string) => `arn:aws:organizations::${management}:account/${this.organizationId}/${id}`;
    const own = this.management.organization;
    return [
      {
        Id: management,
        Arn: arn(management),
        Email: own?.email ?? `aws+${management}@example.com`,
        Name: own?.name ?? 'management',
        Status: 'ACTIVE',
        State: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: defaultJoinedAt,
      },
      ...[...this.members.values()].map(({ entry }) => ({
        Id: entry.Id,
        Arn: entry.Arn ?? arn(entry.Id),
        Email: entry.Email ?? `aws+${entry.Id}@example.com`,
        Name: entry.Name ?? `account-${entry.Id}`,
        Status: entry.Status ?? legacyStatus[entry.State],
        State: entry.State,
        JoinedMethod: entry.JoinedMethod,
        JoinedTimestamp: entry.JoinedTimestamp ?? defaultJoinedAt,
      })),
    ];
  }

  /**
   * AssumeRole: the role must be the member role of a member account (no role in the management
   * account trusts the scanner: StackSets do not deploy there), trust the caller (`assumable`),
   * and get the external id it requires; DurationSeconds must fit 900 s … MaxSessionDuration, and
   * 1 h when the caller is itself a role session (role chaining).
   */
  assumeRole(caller: FakeCaller, input: { RoleArn?: string; RoleSessionName?: string; ExternalId?: string; DurationSeconds?: string }): Outcome<FakeSession> {
    const roleArn = input.RoleArn ?? '';
    const sessionName = input.RoleSessionName ?? '';
    if (roleArn.length < 20 || roleArn.length > 2048 || !roleArnPattern.test(roleArn)) {
      return fail('ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN`);
    }
    if (!sessionNamePattern.test(sessionName)) {
      return fail(
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`,
      );
    }
    if (input.ExternalId !== undefined && !externalIdPattern.test(input.ExternalId)) {
      return fail(
        'ValidationError',
        "1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224",
      );
    }
    let duration = 3600;
    if (input.DurationSeconds !== undefined) {
      duration = Number(input.DurationSeconds);
      if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
        return fail(
          'ValidationError',
          `1 validation error detected: Value '${input.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
        );
      }
    }
    const [, partition, account = '', roleName = ''] = roleArnPattern.exec(roleArn) ?? [];
    const denied = fail('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    const member = this.members.get(account);
    if (member === undefined) return denied;
    const role: AwsMemberRole = member.entry.role;
    const expectedName = role.name ?? this.management.organization?.roleName ?? defaultMemberRoleName;
    if (roleName !== expectedName || !role.assumable) return denied;
    if (role.externalId !== undefined && input.ExternalId !== role.externalId) return denied;
    if (duration > role.maxSessionDuration) {
      return fail('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    if (caller.roleSession && duration > 3600) {
      return fail('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    const issuedAt = new Date(this.now());
    const lifetime = role.credentialLifetimeSeconds ?? duration;
    this.issued++;
    const accessKeyId = `ASIA${account}${this.issued.toString(36).toUpperCase().padStart(4, '0').slice(-4)}`;
    const roleId = `AROA${createHash('sha256').update(`${account}/${roleName}`).digest('hex').slice(0, 17).toUpperCase()}`;
    const session: FakeSession = {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString('base64')}`,
      account,
      roleArn,
      roleSessionName: sessionName,
      ...(input.ExternalId === undefined ? {} : { externalId: input.ExternalId }),
      durationSeconds: duration,
      issuedAt,
      expiration: new Date(issuedAt.getTime() + lifetime * 1000),
      assumedRoleArn: `arn:${partition ?? 'aws'}:sts::${account}:assumed-role/${roleName.split('/').pop() ?? roleName}/${sessionName}`,
      assumedRoleId: `${roleId}:${sessionName}`,
      callerAccount: caller.account,
    };
    this.sessions.set(accessKeyId, session);
    this.onSession?.(session);
    return { ok: true, value: session };
  }
}
