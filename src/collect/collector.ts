/**
 * The collecting half of a provider module: what the CLI and the scan need to read one cloud.
 * Each provider implements it in `collectors/<id>/module.ts`; it must stay cheap to import (the
 * provider's SDKs load inside `collect`, only when that provider is scanned).
 */
import type { Logger } from 'pino';
import type { Inventory } from '../model/inventory.ts';
import { InputError } from '../errors.ts';
import type { CollectProgress } from './progress.ts';
import type { Shard } from './shard.ts';
import type { RawResponseRecorder } from './raw-responses.ts';

/** A command-line option a provider adds to `scan`, described without tying providers to the CLI library. */
export interface CliOptionSpec {
  /** Commander-style flags, e.g. `--regions <list>`. */
  flags: string;
  description: string;
  /** Validates and converts the raw value; throws InputError naming the flag. */
  parse?: (value: string) => unknown;
  choices?: readonly string[];
  defaultValue?: string;
}

/** What every collector reports besides the inventory: each API call made (audit, tests) and scheduler stats. */
export interface CollectStats {
  calls: number;
  throttled: number;
  /** Attempts sent again after a throttle or a transient failure. */
  retries?: number;
  /** Waits after throttles, summed over the calls (none of them inside a concurrency slot). */
  throttleWaitMs?: number;
  /** Wall time during which at least one call was waiting after a throttle. */
  throttleWaitWallMs?: number;
}

export interface CallRecord {
  operation: string;
  /** Where the call went: `<client>:<region>` (AWS) or the request path (Azure, GCP). */
  target: string;
}

export interface CollectResult {
  inventory: Inventory;
  calls: readonly CallRecord[];
  stats: CollectStats;
}

/** Options every collector understands, set by the composition root. */
export interface CommonCollectOptions {
  logger?: Logger;
  /** Base delay of throttling back-off (the demo and tests shorten it). */
  scheduler?: { baseDelayMs?: number };
  /** Each request's connect-and-answer timeout in ms (default 30 s); a timed-out read is a coverage error. */
  timeoutMs?: number;
  /** Epoch ms (`--max-duration`): from then on no call is sent and the reads left are filed as "not reached (--max-duration)". */
  deadline?: number;
  /** `--shard I/N`: scan only the scopes (accounts, subscriptions, projects) that `inShard` assigns to this shard. */
  shard?: Shard;
  /** Where the collector reports work found and done, and the scheduler requests sent (live display, progress logs). */
  progress?: CollectProgress;
  /**
   * The metrics window (`--metrics-window`, default the 30 days before the scan): usage and
   * control-activity metrics are read over it as `metric.series` resources (spec §12). Every scan
   * passes one (`runScan` defaults it); absent (a collector used on its own), metrics are not read
   * and nothing is filed, so effectiveness says "not read" — never zero.
   */
  metricsWindow?: { from: Date; to: Date };
  /** `--evidence DIR`: every raw API response is recorded here (redacted) for the evidence pack; absent, nothing is kept. */
  rawResponses?: RawResponseRecorder;
}

export interface CollectorModule<Options extends object = object> {
  /** Stable provider id: the `--provider` value, the rule-id prefix, the report's `provider`. */
  id: string;
  /** How reports name the platform, e.g. "AWS Bedrock". */
  displayName: string;
  /** The scope type of the provider's top-level scopes (`account`, `subscription`, `project`). */
  scopeType: string;
  /** Resource and scope ids compare without case (Azure Resource Manager ids): finding fingerprints fold them. */
  caseInsensitiveIds?: boolean;
  /** Options the provider adds to `scan`. */
  cliOptions: readonly CliOptionSpec[];
  /** Collect options from the parsed `scan` flags (camel-cased keys); validates them (InputError). */
  optionsFromFlags(flags: Readonly<Record<string, unknown>>): Options;
  /** Reads the provider's configuration, read-only. */
  collect(options: Options & CommonCollectOptions): Promise<CollectResult>;
  /** The least-privilege policy or role the collector needs, generated from its read-only allow-list. */
  permissions(): unknown;
  /**
   * Options that point the collector at the local fake cloud with throwaway credentials
   * (`aiposture demo`); `estate` is the provider's section of the estate file.
   */
  demoOptions(cloudUrl: string, estate: unknown): Promise<Options>;
}

/** A parser for a comma-separated flag whose items must match `pattern`; throws InputError naming the flag. */
export function listParser(flag: string, pattern: RegExp, what: string): (value: string) => string[] {
  return (value) => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const bad = items.find((item) => !pattern.test(item));
    if (items.length === 0 || bad !== undefined) throw new InputError(`${flag}: "${bad ?? value}" is not ${what}`);
    return items;
  };
}
