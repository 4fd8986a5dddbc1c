/**
 * `aiposture merge REPORT.json… [--format …] [--output FILE]` (spec §13): joins the JSON reports of
 * the shards of one organisation scan (`scan --shard I/N`) into one report. Each shard report
 * carries the normalised inventory it read, so the union is judged again — rules, facts, maturity,
 * the per-scope roll-up — exactly as one scan of the whole organisation would be, not by adding up
 * levels. Reports of different tool versions, policies, modes or shard counts are refused.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { emptyInventory, parseInventory, type Inventory } from '../model/inventory.ts';
import { readJsonFile } from '../read-file.ts';
import type { ScanMode } from '../report/build.ts';

/** A shard of a thousand accounts is tens of megabytes; more than this is not a report. */
const maxReportBytes = 1024 * 1024 * 1024;

const ShardReportSchema = z.looseObject({
  schemaVersion: z.literal(1),
  tool: z.looseObject({ name: z.literal('aiposture'), version: z.string() }),
  scan: z.looseObject({ mode: z.enum(['live', 'demo']), startedAt: z.iso.datetime({ offset: true }), finishedAt: z.iso.datetime({ offset: true }) }),
  policy: z.looseObject({ file: z.string().nullable(), sha256: z.string().nullable().optional() }),
  shard: z.looseObject({ index: z.number().int().min(1), count: z.number().int().min(1), inventory: z.unknown() }),
});

export interface ShardReport {
  file: string;
  version: string;
  mode: ScanMode;
  startedAt: string;
  finishedAt: string;
  policySha256: string | null;
  policyFile: string | null;
  index: number;
  count: number;
  inventory: Inventory;
}

export async function readShardReport(file: string): Promise<ShardReport> {
  const value = await readJsonFile(file, { bytes: maxReportBytes, name: 'the 1 GB limit for reports' });
  const parsed = ShardReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    const hint = issue?.path[0] === 'shard' ? ' (merge joins the JSON reports of `aiposture scan --shard I/N --format json`)' : '';
    throw new InputError(`${file}: ${where}: ${issue?.message ?? 'not an aiposture shard report'}${hint}`);
  }
  const { tool, scan, policy, shard } = parsed.data;
  let inventory: Inventory;
  try {
    inventory = parseInventory(shard.inventory);
  } catch (error) {
    throw new InputError(`${file}: shard.inventory: ${(error as Error).message.split('\n')[0]}`);
  }
  return {
    file,
    version: tool.version,
    mode: scan.mode,
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    policySha256: policy.sha256 ?? null,
    policyFile: policy.file,
    index: shard.index,
    count: shard.count,
    inventory,
  };
}

/** The shards must be one scan's: same tool version, policy, mode and shard count, each index once. Missing shards are returned, not refused. */
export function checkShards(shards: readonly ShardReport[], policySha256: string | null): { missing: number[] } {
  const [first] = shards;
  if (!first) throw new InputError('merge: name at least one report');
  for (const shard of shards) {
    if (shard.version !== first.version)
      throw new InputError(`${shard.file}: written by aiposture ${shard.version}, ${first.file} by ${first.version}: merge reports of one version`);
    if (shard.mode !== first.mode) throw new InputError(`${shard.file}: a ${shard.mode} scan, ${first.file} a ${first.mode} scan`);
    if (shard.count !== first.count)
      throw new InputError(`${shard.file}: shard ${shard.index}/${shard.count}, but ${first.file} is shard ${first.index}/${first.count}`);
    if (shard.policySha256 !== first.policySha256)
      throw new InputError(
        `${shard.file}: scanned with a different policy than ${first.file} (${shard.policyFile ?? 'built-in defaults'} vs ${first.policyFile ?? 'built-in defaults'})`,
      );
    const twin = shards.find((other) => other !== shard && other.index === shard.index);
    if (twin) throw new InputError(`${shard.file}: shard ${shard.index}/${shard.count} is also ${twin.file}`);
  }
  if (first.policySha256 !== policySha256)
    throw new InputError(
      first.policySha256 === null
        ? `the shards were scanned with the built-in defaults: merge without --policy`
        : `the shards were scanned with policy ${first.policyFile ?? ''} (sha256 ${first.policySha256.slice(0, 12)}…): pass the same file with --policy`,
    );
  const present = new Set(shards.map((shard) => shard.index));
  return { missing: Array.from({ length: first.count }, (_, index) => index + 1).filter((index) => !present.has(index)) };
}

/** The union of the shards' inventories; scopes and listings keep their shard's order. */
export function unionOf(shards: readonly ShardReport[]): Inventory {
  const union = emptyInventory();
  for (const { inventory } of [...shards].sort((a, b) => a.index - b.index)) {
    for (const provider of inventory.providers) if (!union.providers.includes(provider)) union.providers.push(provider);
    union.scopes.push(...inventory.scopes);
    union.regions.push(...inventory.regions);
    union.resources.push(...inventory.resources);
    union.listings.push(...inventory.listings);
  }
  return union;
}

/** The merged report's time span: from the first shard's start to the last one's end. */
export function spanOf(shards: readonly ShardReport[]): { startedAt: Date; finishedAt: Date } {
  const starts = shards.map((shard) => Date.parse(shard.startedAt));
  const ends = shards.map((shard) => Date.parse(shard.finishedAt));
  return { startedAt: new Date(Math.min(...starts)), finishedAt: new Date(Math.max(...ends)) };
}
