/**
 * What a V8 heap snapshot holds, by constructor: `node bench/heap-summary.ts FILE.heapsnapshot [TOP]`
 * prints the TOP (default 25) node types by retained... self size, with counts — enough to see
 * whether the heap is SDK clients, responses, promises or the normalised data kept.
 */
import { readFileSync } from 'node:fs';

const [file, topArgument] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: heap-summary.ts FILE.heapsnapshot [TOP]');
const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};
const fields = snapshot.snapshot.meta.node_fields;
const types = snapshot.snapshot.meta.node_types[0];
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');
const groups = new Map<string, { count: number; bytes: number }>();
let total = 0;
for (let index = 0; index < snapshot.nodes.length; index += width) {
  const type = types[snapshot.nodes[index + typeAt] ?? 0] ?? '?';
  const name = snapshot.strings[snapshot.nodes[index + nameAt] ?? 0] ?? '?';
  const bytes = snapshot.nodes[index + sizeAt] ?? 0;
  total += bytes;
  const key = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
  const group = groups.get(key) ?? { count: 0, bytes: 0 };
  group.count++;
  group.bytes += bytes;
  groups.set(key, group);
}
const top = [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(topArgument ?? 25));
console.log(`total self size ${(total / 1048576).toFixed(1)} MiB`);
for (const [key, { count, bytes }] of top) console.log(`${(bytes / 1048576).toFixed(1).padStart(8)} MiB ${String(count).padStart(9)}  ${key}`);
