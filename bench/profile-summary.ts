/**
 * Where a `--cpu-prof` profile's time goes: `node bench/profile-summary.ts FILE.cpuprofile [TOP]`
 * prints the TOP (default 30) functions by self time, then self time summed by package (or by
 * source file outside node_modules) — the "profile top entries" of the benchmark notes.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, topArgument] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [TOP]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
const top = Number(topArgument ?? 30);

// Self time per node: the time deltas of the samples that landed in it.
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const totalUs = profile.endTime - profile.startTime;

const where = (url: string): string => {
  if (url === '') return '(native/V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const repo = url.indexOf('/main/');
  return repo >= 0 ? url.slice(repo + '/main/'.length) : url;
};

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const name = `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  const place =
    functionName === '(garbage collector)'
      ? '(garbage collector)'
      : functionName === '(idle)'
        ? '(idle)'
        : functionName === '(program)'
          ? '(program)'
          : where(url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}
const share = (us: number) => `${((us / totalUs) * 100).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(7)} ms`;
console.log(`profile ${(totalUs / 1e6).toFixed(1)} s`);
console.log('\nby package / file (self time)');
for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(us)}  ${place}`);
console.log('\nby function (self time)');
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(us)}  ${name}`);
