/**
 * Parameter values given from outside the templates (`aiposture iac --parameters FILE`), in the
 * formats the deployment tools read them:
 *
 * - CloudFormation, as `aws cloudformation deploy --parameter-overrides` reads them: a text file of
 *   `Key=Value` entries (one per line, or several on a line separated by spaces, as typed on the
 *   command line; `#` starts a comment line), or a JSON file in any of the three forms the AWS CLI
 *   accepts (aws-cli 2, "Add support for cf and codepipeline parameters file to cf deploy"):
 *   `["Key=Value", …]`, the CloudFormation form `[{"ParameterKey": …, "ParameterValue": …}]` (also
 *   what `aws cloudformation create-stack --parameters file://…` reads), and the CodePipeline
 *   template-configuration form `{"Parameters": {"Key": "Value"}}`.
 * - ARM, as `az deployment group create --parameters @file.json` reads them: a deployment
 *   parameters file (`$schema` …/deploymentParameters.json, `{"parameters": {"name": {"value": …}}}`,
 *   also what `bicep build-params` emits). Key Vault references are values unknown before deployment.
 *
 * Values apply to every template of the run that declares a parameter of that name; templates that
 * do not declare it ignore it, as `deploy` does.
 */
import type { IacReader } from './reader.ts';
import { IacInputError } from './reader.ts';
import { createArmReader } from './arm.ts';
import { Unresolved } from './arm-expressions.ts';
import { createCloudFormationReader } from './cloudformation.ts';

export interface ParameterOverrides {
  /** CloudFormation parameter values, by parameter key (always strings, as CloudFormation passes them). */
  cloudformation: ReadonlyMap<string, string>;
  /** ARM parameter values, by parameter name (any JSON value). */
  arm: ReadonlyMap<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function keyValue(file: string, entry: string, line?: number): [string, string] {
  const equals = entry.indexOf('=');
  if (equals <= 0) throw new IacInputError(file, `expected Key=Value, found ${JSON.stringify(entry.slice(0, 80))}`, line);
  let value = entry.slice(equals + 1);
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) value = value.slice(1, -1);
  return [entry.slice(0, equals).trim(), value];
}

function fromJson(file: string, parsed: unknown): ParameterOverrides {
  const cloudformation = new Map<string, string>();
  const arm = new Map<string, unknown>();
  if (Array.isArray(parsed)) {
    for (const [index, entry] of parsed.entries()) {
      if (typeof entry === 'string') {
        const [key, value] = keyValue(file, entry);
        cloudformation.set(key, value);
      } else if (isRecord(entry) && typeof entry.ParameterKey === 'string') {
        // UsePreviousValue needs the deployed stack: the template's default stands in.
        if (entry.UsePreviousValue === true) continue;
        const value = text(entry.ParameterValue);
        if (value === undefined) throw new IacInputError(file, `entry ${index}: ParameterValue of ${entry.ParameterKey} is not a string`);
        cloudformation.set(entry.ParameterKey, value);
      } else {
        throw new IacInputError(file, `entry ${index}: expected "Key=Value" or {"ParameterKey": …, "ParameterValue": …}`);
      }
    }
    return { cloudformation, arm };
  }
  if (isRecord(parsed) && isRecord(parsed.Parameters)) {
    for (const [key, entry] of Object.entries(parsed.Parameters)) {
      const value = text(entry);
      if (value === undefined) throw new IacInputError(file, `Parameters.${key} is not a string`);
      cloudformation.set(key, value);
    }
    return { cloudformation, arm };
  }
  if (isRecord(parsed) && isRecord(parsed.parameters)) {
    for (const [key, entry] of Object.entries(parsed.parameters)) {
      if (isRecord(entry) && 'value' in entry) arm.set(key, entry.value);
      else if (isRecord(entry) && 'reference' in entry) arm.set(key, new Unresolved(`<Key Vault reference for parameter '${key}'>`));
      else throw new IacInputError(file, `parameters.${key}: expected {"value": …} or {"reference": …}`);
    }
    return { cloudformation, arm };
  }
  throw new IacInputError(
    file,
    'not a parameters file: expected Key=Value lines, a JSON list of "Key=Value" or {"ParameterKey", "ParameterValue"}, {"Parameters": {…}}, or an ARM parameters file',
  );
}

/** Reads a parameters file (see the module comment for the formats); a malformed one is an {@link IacInputError}. */
export function parseParameterOverrides(file: string, content: string): ParameterOverrides {
  const trimmed = content.replace(/^\ufeff/, '').trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new IacInputError(file, `malformed JSON: ${String((error as Error).message).split('\n')[0] ?? ''}`);
    }
    return fromJson(file, parsed);
  }
  const cloudformation = new Map<string, string>();
  for (const [index, raw] of content
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // Several entries on one line, as typed after --parameter-overrides: split where a new Key= starts.
    const entries = line.split(/\s+(?=[A-Za-z0-9]+=)/);
    for (const entry of entries) {
      const [key, value] = keyValue(file, entry, index + 1);
      cloudformation.set(key, value);
    }
  }
  return { cloudformation, arm: new Map() };
}

/**
 * The readers with the parameter values applied: the CloudFormation and ARM readers are replaced by
 * ones given the values, the others are kept as they are.
 */
export function withParameterOverrides(readers: readonly IacReader[], overrides: ParameterOverrides): IacReader[] {
  return readers.map((reader) => {
    if (reader.format === 'cloudformation') return createCloudFormationReader({ parameters: overrides.cloudformation });
    if (reader.format === 'arm') return createArmReader({ parameters: overrides.arm });
    return reader;
  });
}
