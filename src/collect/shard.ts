/**
 * `--shard I/N` (spec §13): a deterministic 1/N of the scopes (accounts, subscriptions,
 * projects), so one very large organisation spreads over N runners — a CI matrix or a Kubernetes
 * Indexed Job — and `aiposture merge` joins their reports. A scope belongs to shard
 * 1 + (first 48 bits of sha256(provider:scope id)) mod N: stable across runs, machines and tool
 * versions, independent of discovery order, and even for any N.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count)
    throw new InputError(`--shard: expected I/N with 1 ≤ I ≤ N (e.g. 2/8), got "${value}"`);
  return { index, count };
}

/** The shard (1-based) a scope belongs to among `count`. */
export function shardOf(provider: string, scopeId: string, count: number): number {
  const digest = createHash('sha256').update(`${provider}:${scopeId}`).digest();
  return 1 + (digest.readUIntBE(0, 6) % count);
}

/** Whether this run scans the scope: always without a shard. */
export function inShard(provider: string, scopeId: string, shard: Shard | undefined): boolean {
  return shard === undefined || shard.count === 1 || shardOf(provider, scopeId, shard.count) === shard.index;
}
