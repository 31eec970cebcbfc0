// Scenario 3, rebuild: a generated history appended into a SQLite event store (NORMAL durability
// for the load phase only: it is set-up, not what is measured), then replayed into all read
// models by a child process running the product's ProjectionRunner; then the same replay is
// SIGKILLed once every projection has passed 50% and restarted, to show it resumes from its
// checkpoints rather than from 0 (not with --no-resume). With --personal-data the load phase encrypts personal fields
// with per-customer keys (keys.sqlite, as the CRM does) and the replay decrypts them.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PersonalDataVault, SqliteKeyStore } from '@ledger/personal-data';
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
  /** CPU time of the child's threads over the replay. */
  cpuMs: number;
  head: number;
  resumedFrom: number;
}

/** The files a replay reads and writes; `keys` when the log holds encrypted personal data. */
interface Files {
  events: string;
  keys: string | null;
}

function replay({ events: eventsFile, keys: keysFile }: Files, readsFile: string) {
  const keys: Record<string, string> = keysFile ? { BENCH_KEYS_FILE: keysFile } : {};
  return forkEntry('rebuild-child', { BENCH_EVENTS_FILE: eventsFile, BENCH_READS_FILE: readsFile, ...keys });
}

/** Appends through the vault, as the CRM's command path does: personal fields sealed with the customer's key. */
function sealing(store: EventStore, vault: PersonalDataVault): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') {
        return async (...[streamId, events, expected]: Parameters<EventStore['append']>) =>
          target.append(streamId, await Promise.all(events.map((event) => vault.seal(event))), expected);
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function fullReplay(files: Files, readsFile: string) {
  const child = replay(files, readsFile);
  const done = await nextMessage<Done>(child, (m) => m.type === 'done', 3_600_000);
  await exited(child);
  return done;
}

async function killAndResume(files: Files, readsFile: string, head: number) {
  const first = replay(files, readsFile);
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
  const second = replay(files, readsFile);
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
      const keysFile = args.options.has('personal-data') ? join(dir, 'keys.sqlite') : null;
      const files: Files = { events: eventsFile, keys: keysFile };
      const vault = keysFile ? new PersonalDataVault(SqliteKeyStore.open(keysFile)) : null;
      const load = await timed(() => fillStore(vault ? sealing(store, vault) : store, events));
      const head = await store.headPosition();
      await store.close();
      await vault?.close();
      log(args, `rebuild: ${head} events loaded in ${Math.round(load.ms)} ms`);
      notes.push('load phase: SqliteEventStore synchronous=NORMAL, one event per append, group commit (set-up only)');
      notes.push(
        `replay: ProjectionRunner.onApplicationBootstrap in a child process, ${PROJECTIONS.length} projections`,
      );
      notes.push(
        vault
          ? 'personal data: fields encrypted with per-customer keys (keys.sqlite) on load, decrypted by the replay'
          : 'personal data: stored in plain text, no decryption in the replay (--personal-data to include it)',
      );
      const full = await fullReplay(files, join(dir, 'reads-full.sqlite'));
      log(args, `rebuild: ${head} events into ${PROJECTIONS.length} projections in ${Math.round(full.ms)} ms`);
      // --no-resume: a run too long to do twice (10M events) measures the full replay only.
      const resume = args.options.has('no-resume')
        ? 'not run (--no-resume)'
        : await killAndResume(files, join(dir, 'reads-resume.sqlite'), head);
      if (typeof resume !== 'string') {
        log(
          args,
          `rebuild: killed at ${resume.killedWhenLowestCheckpointWas}, resumed from ${resume.resumedFromLowest}`,
        );
      }
      return {
        events: head,
        personalDataEncrypted: vault !== null,
        eventsFileMb: round(statSync(eventsFile).size / 2 ** 20, 1),
        loadEventsPerSecond: perSecond(head, load.ms),
        projections: PROJECTIONS.map((p) => p.name),
        replayMs: round(full.ms, 1),
        replayEventsPerSecond: perSecond(head, full.ms),
        replayCpuMs: round(full.cpuMs, 1),
        replayCoresUsed: round(full.cpuMs / full.ms, 2),
        replayCpuMicrosecondsPerEvent: round((full.cpuMs * 1000) / head, 1),
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
