import type { Resource } from '../model/inventory.ts';
import { InputError } from '../errors.ts';

/**
 * An inline suppression found in an IaC file:
 * `aiposture:ignore <ruleId> reason="..." [until=YYYY-MM-DD]` (a comment in YAML/HCL, or the
 * CloudFormation `Metadata` equivalent). It applies to the resource at `address` in `file`.
 */
export interface Suppression {
  ruleId: string;
  reason: string;
  until?: string;
  file: string;
  line?: number;
  /** The logical id / resource address the suppression is attached to. */
  address: string;
}

export interface IacReadResult {
  /**
   * Model resources with `source: { kind: 'file', file, line?, address }` and
   * `scope: { provider, type: 'iac', id: file }` (for Terraform HCL: the root module's directory,
   * so that a module's files join as one); region is null unless the file states one.
   */
  resources: Resource[];
  suppressions: Suppression[];
}

/** One IaC format. `recognise` looks at content, never at the file name alone. */
export interface IacReader {
  format: 'terraform-plan' | 'terraform-hcl' | 'cloudformation' | 'arm' | 'vertex-config';
  recognise(parsed: unknown, text: string): boolean;
  /** Throws IacInputError for malformed content (wrong plan format version, broken template). */
  read(file: string, text: string, parsed: unknown): IacReadResult;
}

/** A file the directory walk handed to an {@link IacDirectoryReader}: `explicit` when named on the command line. */
export interface ClaimedFile {
  path: string;
  explicit: boolean;
}

export interface IacDirectoryReadOptions {
  /** A path as reports name it (relative to the working directory). */
  display: (path: string) => string;
  /** Terraform `-var-file` files (`aiposture iac --var-file FILE`, repeatable), applied in order after the automatic ones. */
  varFiles?: readonly string[];
}

export interface IacDirectoryReadResult extends IacReadResult {
  /** Files read, for the report's `iac.files`. */
  files: Array<{ file: string; format: IacReader['format'] }>;
  /** Files found in the walk and not read, and parts not read (a remote module source), with the reason. */
  skipped: Array<{ file: string; reason: string }>;
  /** Files of the walk that could not be read (malformed HCL): reported, the other modules are still judged. */
  errors: Array<{ file: string; line?: number; problem: string }>;
}

/**
 * A format whose unit is a directory, not a file: Terraform HCL, where all `.tf` and `.tf.json`
 * files of a directory form one module. The walk hands over every file the reader `claims` (by
 * name: content cannot tell a `.tf` file from text) in one call; the reader groups them by
 * directory and reads what the modules need besides (variable files, local module sources).
 * Files named on the command line that cannot be read throw IacInputError; in a walk they are
 * returned in `errors`.
 */
export interface IacDirectoryReader {
  format: 'terraform-hcl';
  claims(path: string): boolean;
  read(files: readonly ClaimedFile[], options: IacDirectoryReadOptions): Promise<IacDirectoryReadResult>;
}

/** Malformed IaC input (exit code 2): names the file, the place and the problem. */
export class IacInputError extends InputError {
  constructor(file: string, problem: string, line?: number) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${problem}`);
  }
}

const suppressionPattern = /aiposture:ignore\s+([a-z]+\/[a-z0-9-]+)\s+reason="([^"]*)"(?:\s+until=(\d{4}-\d{2}-\d{2}))?/;

/** Parses the text of one suppression comment/metadata entry; undefined when it is not one. */
export function parseSuppression(text: string): { ruleId: string; reason: string; until?: string } | undefined {
  const match = suppressionPattern.exec(text);
  if (!match) return undefined;
  return { ruleId: match[1] as string, reason: match[2] as string, ...(match[3] ? { until: match[3] } : {}) };
}
