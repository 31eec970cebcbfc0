// Scenario 3, rebuild: a generated history appended into a SQLite event store (NORMAL durability
// for the load phase only: it is set-up, not what is measured), then replayed into all read
// models by a child process running the product's ProjectionRunner; then the same replay is
// SIGKILLed once every projection has passed 50% and restarted, to show it resumes from its
// checkpoints rather than from 0.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PROJECTIONS } from '@ledger/projection-runner';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { exited, forkEntry, nextMessage } from './support/child';
import { fillStore } from './support/history';
import { runScenario } from './support/results';
import { readCheckpoints } from './support/read-checkpoints';
import { perSecond, round, sleep, timed } from './support/stats';

interface Started {
  type: 'started';
  head: number;
  checkpoints: number[];
}
interface Done {
  type: 'done';
  ms: number;
  head: number;
  resumedFrom: number;
}

function replay(eventsFile: string, readsFile: string) {
  return forkEntry('rebuild-child', { BENCH_EVENTS_FILE: eventsFile, BENCH_READS_FILE: readsFile });
}

async function fullReplay(eventsFile: string, readsFile: string) {
  const child = replay(eventsFile, readsFile);
  const done = await nextMessage<Done>(child, (m) => m.type === 'done', 3_600_000);
  await exited(child);
  return done;
}

async function killAndResume(eventsFile: string, readsFile: string, head: number) {
  const first = replay(eventsFile, readsFile);
  let finished = false;
  first.once('message', (m: { type: string }) => (finished ||= m.type === 'done'));
  const names = PROJECTIONS.map((p) => p.name);
  let lowest = 0;
  while (lowest < head / 2) {
    if (finished) throw new Error('replay finished before it could be killed: use more --events');
    await sleep(5);
    lowest = Math.min(...readCheckpoints(readsFile, names));
  }
  first.kill('SIGKILL');
  await exited(first);
  const progress = { lowest };
  const second = replay(eventsFile, readsFile);
  const started = await nextMessage<Started>(second, (m) => m.type === 'started');
  const done = await nextMessage<Done>(second, (m) => m.type === 'done', 3_600_000);
  await exited(second);
  return {
    killedWhenLowestCheckpointWas: progress.lowest,
    killSignal: 'SIGKILL',
    checkpointsAfterRestart: Object.fromEntries(PROJECTIONS.map((p, i) => [p.name, started.checkpoints[i]])),
    resumedFromLowest: Math.min(...started.checkpoints),
    resumedFromPercent: round((Math.min(...started.checkpoints) / head) * 100, 1),
    resumedFromZero: Math.min(...started.checkpoints) === 0,
    eventsReplayedAfterRestart: head - Math.min(...started.checkpoints),
    msToFinishAfterRestart: round(done.ms, 1),
  };
}

export async function rebuild(args: BenchArgs) {
  const events = numberOption(args, 'events', args.smoke ? 10_000 : 1_000_000);
  return runScenario('rebuild', args, async (notes) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-rebuild-'));
    try {
      const eventsFile = join(dir, 'events.sqlite');
      const store = SqliteEventStore.open({ file: eventsFile, synchronous: 'NORMAL' });
      const load = await timed(() => fillStore(store, events));
      const head = await store.headPosition();
      await store.close();
      log(args, `rebuild: ${head} events loaded in ${Math.round(load.ms)} ms`);
      notes.push('load phase: SqliteEventStore synchronous=NORMAL, one event per append, group commit (set-up only)');
      notes.push(
        `replay: ProjectionRunner.onApplicationBootstrap in a child process, ${PROJECTIONS.length} projections`,
      );
      const full = await fullReplay(eventsFile, join(dir, 'reads-full.sqlite'));
      log(args, `rebuild: ${head} events into ${PROJECTIONS.length} projections in ${Math.round(full.ms)} ms`);
      const resume = await killAndResume(eventsFile, join(dir, 'reads-resume.sqlite'), head);
      log(args, `rebuild: killed at ${resume.killedWhenLowestCheckpointWas}, resumed from ${resume.resumedFromLowest}`);
      return {
        events: head,
        eventsFileMb: round(statSync(eventsFile).size / 2 ** 20, 1),
        loadEventsPerSecond: perSecond(head, load.ms),
        projections: PROJECTIONS.map((p) => p.name),
        replayMs: round(full.ms, 1),
        replayEventsPerSecond: perSecond(head, full.ms),
        killAndResume: resume,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (require.main === module) {
  rebuild(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
