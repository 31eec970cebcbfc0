// Summarises a `node --cpu-prof` profile by subsystem, for the before/after tables in
// docs/benchmarks.md: each sample goes to the first subsystem found walking from the sampled
// function towards the root, so a builtin (JSON.parse, a native SQLite call) counts for the code
// that called it. Work done for the read models (the log feed's reads and decryption, the
// projections, the read store) is told apart by what is on the stack, since it calls the same
// SQLite and crypto code as the command path. Samples are wall time of the thread (an fsync the
// event loop waits for included), so the COMMIT lines are blocking, not CPU.
// Usage: node -r ./tools/register-ts.cjs bench/profile-summary.ts [--from=s] [--to=s] <file.cpuprofile>…
// (--from/--to: seconds since the profile started, to keep one phase of a run).
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
type Frame = ProfileNode['callFrame'];
type Rule = [string, (fn: string, url: string) => boolean];

const READ_SIDE = /libs\/(projection-runner|read-store-embedded)\/|catch-up-subscription/;

/** Inside the read models' work (READ_SIDE on the stack): the first rule matching a frame, leaf first. */
const READ_SIDE_RULES: Rule[] = [
  ['GC', (fn) => fn === '(garbage collector)'],
  ['read store: memory put (deepFreeze, indexes)', (_, url) => /memory-collection|equality-index/.test(url)],
  ['read store: JSON.parse into memory', (fn, url) => fn === 'commit' && url.includes('embedded-read-store')],
  ['read store: serialise, post to its writer thread', (_, url) => /embedded-read-store|worker-writer/.test(url)],
  ['log feed (read, decrypt, upcast)', (_, url) => /personal-data|event-store|log-feed/.test(url)],
  ['projections apply', (_, url) => /libs\/projections\/|projection-worker/.test(url)],
];
/** Read-side work no rule above names (scheduling, promises): the feed's own. */
const LOG_FEED = READ_SIDE_RULES[5][0];

/** Everything else (the command path, HTTP, start-up): the first rule matching a frame, leaf first. */
const RULES: Rule[] = [
  ['GC', (fn) => fn === '(garbage collector)'],
  ['idle', (fn) => fn === '(idle)'],
  ['key store COMMIT (fsync, on the event loop)', (fn, url) => fn === 'commitKeys' && url.includes('personal-data')],
  [
    'event store COMMIT (fsync, on the event loop)',
    (fn, url) => fn === 'sqliteTransaction' && url.includes('better-sqlite3'),
  ],
  ['idempotency look-up', (fn, url) => /idempot/i.test(url) || (fn === 'readEvent' && url.includes('event-store'))],
  [
    'hashing, canonical JSON',
    (_, url) => /canonical-json|hash-chain|global-chain|crypto\/hash|commands\/src\/ids/.test(url),
  ],
  ['validation (class-validator)', (_, url) => /class-validator|class-transformer|node_modules\/validator\//.test(url)],
  ['key store, encryption', (_, url) => /personal-data|crypto\/cipher|crypto\/random|crypto\/keys/.test(url)],
  ['event store inserts and reads', (_, url) => /event-store-sqlite|better-sqlite3/.test(url)],
  ['decide / evolve (domain)', (_, url) => url.includes('libs/domain/')],
  ['command plumbing', (_, url) => /libs\/commands\/|libs\/import\//.test(url)],
  [
    'HTTP (Fastify, Nest, JSON parse and reply)',
    (_, url) => /fastify|libs\/http\/|node:_http|node:internal\/http|node:net|node:internal\/stream|@nestjs/.test(url),
  ],
  ['module loading (start-up)', (_, url) => url.includes('node:internal/modules')],
];

function firstMatch(stack: Frame[], rules: Rule[]): string | undefined {
  for (const { functionName, url } of stack) {
    const rule = rules.find(([, test]) => test(functionName, url));
    if (rule) return rule[0];
  }
  return undefined;
}

export function classifyStack(stack: Frame[]): string {
  // The key store's commit calls better-sqlite3's transaction too: look for it before the leaf rule.
  const keyCommit = stack.some((f) => f.functionName === 'commitKeys' && f.url.includes('personal-data'));
  if (keyCommit && stack.some((f) => f.functionName === 'sqliteTransaction')) return RULES[2][0];
  if (stack.some((f) => READ_SIDE.test(f.url))) return firstMatch(stack, READ_SIDE_RULES) ?? LOG_FEED;
  return firstMatch(stack, RULES) ?? 'other';
}

export function summarise(
  profile: Profile & { startTime?: number },
  window: { fromS?: number; toS?: number } = {},
): { subsystem: string; ms: number; share: number }[] {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const memo = new Map<number, string>();
  const classify = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) stack.push(byId.get(at)!.callFrame);
    const subsystem = classifyStack(stack);
    memo.set(id, subsystem);
    return subsystem;
  };
  const from = (window.fromS ?? 0) * 1e6;
  const to = (window.toS ?? Infinity) * 1e6;
  const totals = new Map<string, number>();
  let all = 0;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    elapsed += us;
    if (elapsed < from || elapsed >= to) return;
    all += us;
    const subsystem = classify(id);
    totals.set(subsystem, (totals.get(subsystem) ?? 0) + us);
  });
  return [...totals]
    .map(([subsystem, us]) => ({ subsystem, ms: Math.round(us / 1000), share: us / all }))
    .sort((a, b) => b.ms - a.ms);
}

if (require.main === module) {
  const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const window = { fromS: Number(option('from') ?? 0), toS: Number(option('to') ?? Infinity) };
  for (const file of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
    const rows = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, window);
    const total = rows.reduce((sum, row) => sum + row.ms, 0);
    console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled`);
    for (const row of rows)
      console.log(`${String(row.ms).padStart(7)} ms ${(100 * row.share).toFixed(1).padStart(5)}%  ${row.subsystem}`);
  }
}
