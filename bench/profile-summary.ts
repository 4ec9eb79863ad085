/**
 * Where the server's CPU went during a bench run started with BENCH_PROFILE=<folder> (the
 * server then runs with --cpu-prof): self time by package or source folder, and the top functions.
 *
 *   node dist/bench/profile-summary.js <folder>
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>`, `src/<feature>`, or what V8 calls it (GC, idle, program). */
function placeOf(url: string, name: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  const source = /\/dist\/(src\/[^/]+)/.exec(url);
  if (source) return source[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url ? url : `(${name || 'anonymous'})`;
}

const folder = process.argv[2]!;
const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of (await readdir(folder)).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(await readFile(join(folder, file), 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const micros = profile.timeDeltas[i] ?? 0;
    total += micros;
    const place = placeOf(url, functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
    const where = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
  });
}
const top = (map: Map<string, number>, count: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
console.log(
  `${(total / 1e6).toFixed(1)} s of samples\n\nBy place:\n${top(byPlace, 20).join('\n')}\n\nBy function (self time):\n${top(byFunction, 25).join('\n')}`,
);
