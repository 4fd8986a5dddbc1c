import { pino, type Logger } from 'pino';
import { scrubSecrets } from './secrets.ts';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Structured logs on stderr; anything that could carry a credential is redacted. */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { name: 'aiposture' },
      redact: {
        paths: [
          'credentials',
          '*.credentials',
          'accessKeyId',
          'secretAccessKey',
          'sessionToken',
          '*.secretAccessKey',
          '*.sessionToken',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
      // Values, not only keys: a credential echoed inside a message is scrubbed too.
      hooks: { streamWrite: scrubSecrets },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
