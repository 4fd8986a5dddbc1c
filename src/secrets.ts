/**
 * Credential values the process holds, so that no report, log or error line can carry one — even
 * when a server echoes a token back in an error message (a key-name redaction would miss that).
 * Collectors remember each credential as they obtain it; every output boundary scrubs.
 */

const remembered = new Set<string>();

/** Shorter values would scrub ordinary words; real secrets and tokens are far longer. */
const minimumLength = 12;

export const redacted = '[REDACTED]';

/** Remembers a credential value (secret key, session token, access or bearer token). */
export function rememberSecret(value: string | null | undefined): void {
  if (typeof value === 'string' && value.length >= minimumLength) remembered.add(value);
}

/** Credentials that reach the process through its environment. */
const secretVariables = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_PASSWORD',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
  'IDENTITY_HEADER',
  'MSI_SECRET',
];

export function rememberEnvironmentSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of secretVariables) rememberSecret(env[name]);
}

/**
 * Token shapes scrubbed even when the value was never seen by this process: bearer tokens, AWS
 * signatures and security tokens in echoed query strings, Google OAuth access tokens, JWTs.
 */
const tokenShapes: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{12,}/gi, `$1${redacted}`],
  [/\b(X-Amz-(?:Security-Token|Signature|Credential)=)[^&\s"']+/gi, `$1${redacted}`],
  [/\bya29\.[A-Za-z0-9._-]{12,}/g, redacted],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, redacted],
];

/** `text` with every remembered credential value and every token-shaped string replaced. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const value of remembered) if (out.includes(value)) out = out.split(value).join(redacted);
  for (const [shape, replacement] of tokenShapes) out = out.replace(shape, replacement);
  return out;
}
