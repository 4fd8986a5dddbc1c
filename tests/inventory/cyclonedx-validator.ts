/**
 * Validates a BOM against the official CycloneDX 1.6 JSON schema shipped with
 * `@cyclonedx/cyclonedx-library` (and the SPDX and JSF schemas it references), with ajv — as the
 * library's own validator does, without its optional `ajv-formats-draft2019` dependency: the two
 * formats that package adds (`idn-email`, `iri-reference`) are registered here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const schemaDirectory = join(dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
const load = (file: string) => JSON.parse(readFileSync(join(schemaDirectory, file), 'utf8')) as { $id?: string };

export function cycloneDx16Validator(): (bom: unknown) => ErrorObject[] | null {
  const ajv = new Ajv({
    strict: false,
    useDefaults: false,
    // The bom schema names its neighbours by file name, relative to its own $id.
    schemas: {
      'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': load('spdx.SNAPSHOT.schema.json'),
      'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': load('jsf-0.82.SNAPSHOT.schema.json'),
    },
  });
  addFormats.default(ajv);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  ajv.addFormat('iri-reference', true);
  const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
  return (bom) => (validate(bom) ? null : (validate.errors ?? []));
}
