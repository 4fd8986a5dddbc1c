/**
 * The raw API responses behind a scan, kept for an evidence pack (`--evidence DIR`): one
 * provider-neutral recorder that each provider's client factory feeds from its HTTP layer (AWS: a
 * middleware, Azure: a pipeline policy, GCP: the auth client's `fetch`). It exists only when an
 * evidence pack is asked for, so a plain scan holds no response bodies in memory.
 *
 * Every entry is redacted as it is recorded (`redactRaw`): a response never holds a secret in
 * memory longer than the hook that read it, and the pack can never carry one.
 */
import { redacted, scrubSecrets } from '../secrets.ts';

/** One HTTP exchange as an auditor needs it: what was asked, what came back, and the provider's id for it. */
export interface RawResponse {
  provider: string;
  /** The API operation (`GetGuardrail`, `Accounts_List`, `ModelArmor.GetFloorSetting`). */
  operation: string;
  method: string;
  /** The region the call was sent to, where the client knows it (AWS). */
  region?: string;
  /** The request URL, query values that could carry a secret masked. */
  target: string;
  status: number;
  /**
   * The provider's request ids from the response headers (AWS `x-amzn-RequestId`, Azure
   * `x-ms-request-id` and `x-ms-correlation-request-id`, Google `x-goog-request-id`/trace headers),
   * by lower-case header name. They tie the evidence to the provider's own logs (CloudTrail records
   * read events with the request id where the trail logs Read management events).
   */
  requestIds: Record<string, string>;
  receivedAt: string;
  /** The body: parsed JSON when it is JSON, else the text; redacted. */
  body: unknown;
}

/**
 * Response headers that identify a request at the provider. Sources: AWS
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html (x-amzn-RequestId on
 * every JSON/REST response; `x-amz-request-id` on S3-style ones), Azure
 * https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/request-limits-and-throttling
 * and https://learn.microsoft.com/en-us/rest/api/azure/#response-headers (x-ms-request-id,
 * x-ms-correlation-request-id), Google (x-goog-request-id, x-cloud-trace-context,
 * traceparent where the front end returns them).
 */
export const requestIdHeaders = [
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-amz-id-2',
  'x-ms-request-id',
  'x-ms-correlation-request-id',
  'x-ms-client-request-id',
  'x-goog-request-id',
  'x-cloud-trace-context',
  'traceparent',
] as const;

/** Keys whose value is a secret whatever it looks like (compared lower-cased, without `-`/`_`). */
const secretKeyNames = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'pwd',
  'secret',
  'clientsecret',
  'secretaccesskey',
  'sessiontoken',
  'securitytoken',
  'xamzsecuritytoken',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'token',
  'apikey',
  'key',
  'key1',
  'key2',
  'primarykey',
  'secondarykey',
  'primarymasterkey',
  'secondarymasterkey',
  'accountkey',
  'sharedaccesskey',
  'sastoken',
  'sas',
  'sig',
  'signature',
  'xamzsignature',
  'xamzcredential',
  'connectionstring',
  'primaryconnectionstring',
  'secondaryconnectionstring',
  'privatekey',
  'privatekeydata',
  'credentials',
  'credential',
]);

/** Key name parts that mark a secret (`storageAccountKey`, `dbPassword`, `webhookSecret`, `apiToken`). */
const secretKeyParts =
  /(password|passwd|secret|connectionstring|privatekey|accesskey|accountkey|apikey|sastoken|securitytoken|sessiontoken|bearertoken|accesstoken)/;

/** Pagination tokens are opaque cursors, not credentials: kept, so an auditor can follow the pages. */
const paginationKeys = new Set(['nexttoken', 'pagetoken', 'nextpagetoken', 'continuationtoken', 'nextlink', 'skiptoken']);

function normalisedKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isSecretKey(key: string): boolean {
  const name = normalisedKey(key);
  if (paginationKeys.has(name)) return false;
  return secretKeyNames.has(name) || secretKeyParts.test(name);
}

/** Value shapes that are secrets wherever they appear (in addition to `scrubSecrets`: remembered credentials, bearer tokens, JWTs, Google tokens, AWS signatures). */
const secretShapes: ReadonlyArray<[RegExp, string]> = [
  // Azure Storage / Service Bus / Event Hubs connection strings: the key part.
  [/\b((?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)=)[^;"'\s]+/gi, `$1${redacted}`],
  // SAS tokens and signed URLs: the signature query value.
  [/([?&](?:sig|signature|x-amz-signature|x-goog-signature|x-amz-security-token|x-amz-credential|code|token|access_token)=)[^&"'\s#]+/gi, `$1${redacted}`],
  // AWS access key ids (not secret alone, but half of a credential): the prefix is kept.
  [/\b((?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{4})[0-9A-Z]{12}\b/g, `$1${'*'.repeat(12)}`],
  // PEM private keys.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, redacted],
];

export function redactText(text: string): string {
  let out = scrubSecrets(text);
  for (const [shape, replacement] of secretShapes) out = out.replace(shape, replacement);
  return out;
}

/**
 * The one redaction of the evidence pack: secret-named keys are replaced by `[REDACTED]` (with
 * the key kept, so the reader sees a value was there), every string is scrubbed of remembered
 * credentials and secret-shaped values (connection strings, SAS signatures, tokens, PEM keys).
 * Structure, ids and ordinary values are kept as the provider sent them.
 */
export function redactRaw(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactRaw);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) && item !== null && item !== '' && typeof item !== 'boolean' ? redacted : redactRaw(item);
    }
    return out;
  }
  return value;
}

/** A request URL with secret-named query values masked (and any secret shape scrubbed). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) if (isSecretKey(key)) parsed.searchParams.set(key, redacted);
    return redactText(decodeURIComponent(parsed.pathname) + (parsed.search ? decodeURIComponent(parsed.search) : ''));
  } catch {
    return redactText(url);
  }
}

/** The body as JSON when it parses, else as text (an HTML error page, a truncated answer). */
export function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The request ids among `headers` (any header container with `get`, or a plain record). */
export function requestIdsFrom(
  headers: { get?(name: string): string | null | undefined } | Record<string, string | undefined> | undefined,
): Record<string, string> {
  const ids: Record<string, string> = {};
  if (!headers) return ids;
  for (const name of requestIdHeaders) {
    const getter = (headers as { get?: unknown }).get;
    const value =
      typeof getter === 'function'
        ? (getter as (name: string) => string | null | undefined).call(headers, name)
        : Object.entries(headers as Record<string, string | undefined>).find(([key]) => key.toLowerCase() === name)?.[1];
    if (typeof value === 'string' && value !== '') ids[name] = redactText(value);
  }
  return ids;
}

export class RawResponseRecorder {
  readonly #entries: RawResponse[] = [];

  /** Records one exchange, redacted; `bodyText` is the body as the provider sent it. */
  record(
    entry: Omit<RawResponse, 'body' | 'target' | 'receivedAt' | 'requestIds'> & { url: string; bodyText: string; requestIds: Record<string, string> },
  ): void {
    this.#entries.push({
      provider: entry.provider,
      operation: entry.operation,
      method: entry.method,
      ...(entry.region ? { region: entry.region } : {}),
      target: redactUrl(entry.url),
      status: entry.status,
      requestIds: entry.requestIds,
      receivedAt: new Date().toISOString(),
      body: redactRaw(parseBody(entry.bodyText)),
    });
  }

  get entries(): readonly RawResponse[] {
    return this.#entries;
  }
}
