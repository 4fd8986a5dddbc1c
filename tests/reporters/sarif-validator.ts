import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The SARIF 2.1.0 JSON schema (schemastore "sarif-2.1.0-rtm.5", the final 2.1.0 schema), copied verbatim from the npm
 * package @microsoft/jest-sarif 1.0.0-beta.0 (MIT), lib/schemas/sarif-2.1.0-rtm.5.json. It declares draft-04, which
 * Ajv 8 does not ship; it uses no draft-04-only keyword (no boolean exclusiveMinimum/Maximum), so the only change made
 * here is `id` → `$id` and dropping the draft-04 `$schema`, which lets Ajv's default draft-07 compile it otherwise
 * unchanged.
 */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  expect(JSON.stringify(schema)).not.toMatch(/"exclusive(Minimum|Maximum)"\s*:\s*(true|false)/);
  const { $schema: _draft, id, ...rest } = schema;
  // unicodeRegExp: false — the schema's own `language` pattern (`...{2}]?$`) is only valid without the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ ...rest, $id: id as string });
}
