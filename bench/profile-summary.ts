// Summarises a `node --cpu-prof` profile by subsystem, for the before/after tables in
// docs/benchmarks.md: each sample goes to the first subsystem found walking from the sampled
// function towards the root, so a builtin (JSON.parse, a native SQLite call) counts for the code
// that called it. Usage: node -r ./tools/register-ts.cjs bench/profile-summary.ts <file.cpuprofile>…
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  parent?: number;
  children?: number[];
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** In order: the first rule that matches a frame (leaf first) names the sample's subsystem. */
const SUBSYSTEMS: [string, (fn: string, url: string) => boolean][] = [
  ['GC', (fn) => fn === '(garbage collector)'],
  ['idle', (fn) => fn === '(idle)'],
  [
    'SQLite COMMIT (fsync, on the event loop)',
    (fn, url) => fn === 'sqliteTransaction' && url.includes('better-sqlite3'),
  ],
  [
    'hashing, canonical JSON',
    (_, url) => /canonical-json|hash-chain|global-chain|crypto\/hash|commands\/src\/ids/.test(url),
  ],
  [
    'class-transformer / class-validator',
    (_, url) => /class-validator|class-transformer|node_modules\/validator\//.test(url),
  ],
  ['key store, encryption', (_, url) => /personal-data|crypto\/cipher|crypto\/random|crypto\/keys/.test(url)],
  ['SQLite inserts and reads (event store)', (_, url) => /event-store-sqlite|better-sqlite3/.test(url)],
  ['projections, read store (main thread)', (_, url) => /libs\/(projections|projection-runner|read-store)/.test(url)],
  ['decide / evolve (domain)', (_, url) => url.includes('libs/domain/')],
  ['batch and command plumbing', (_, url) => /libs\/commands\/|libs\/import\//.test(url)],
  [
    'HTTP, JSON parse and reply',
    (_, url) => /fastify|libs\/http\/|node:_http|node:internal\/http|node:net|node:internal\/stream|@nestjs/.test(url),
  ],
  ['module loading (start-up)', (_, url) => url.includes('node:internal/modules')],
];

export function summarise(profile: Profile): { subsystem: string; ms: number; share: number }[] {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const memo = new Map<number, string>();
  const classify = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    const rule = SUBSYSTEMS.find(([, test]) => test(functionName, url));
    const parent = parents.get(id);
    const subsystem = rule ? rule[0] : parent === undefined ? 'other' : classify(parent);
    memo.set(id, subsystem);
    return subsystem;
  };
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    all += us;
    const subsystem = classify(id);
    totals.set(subsystem, (totals.get(subsystem) ?? 0) + us);
  });
  return [...totals]
    .map(([subsystem, us]) => ({ subsystem, ms: Math.round(us / 1000), share: us / all }))
    .sort((a, b) => b.ms - a.ms);
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    const rows = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
    const total = rows.reduce((sum, row) => sum + row.ms, 0);
    console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled`);
    for (const row of rows)
      console.log(`${String(row.ms).padStart(7)} ms ${(100 * row.share).toFixed(1).padStart(5)}%  ${row.subsystem}`);
  }
}
