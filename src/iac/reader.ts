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
   * `scope: { provider, type: 'iac', id: file }`; region is null unless the file states one.
   */
  resources: Resource[];
  suppressions: Suppression[];
}

/** One IaC format. `recognise` looks at content, never at the file name alone. */
export interface IacReader {
  format: 'terraform-plan' | 'cloudformation' | 'arm' | 'vertex-config';
  recognise(parsed: unknown, text: string): boolean;
  /** Throws IacInputError for malformed content (wrong plan format version, broken template). */
  read(file: string, text: string, parsed: unknown): IacReadResult;
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
