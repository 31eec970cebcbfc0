// Scenario 5b, the Emmett baseline on the same box in the same run: (a) appends, one event per
// append, at the same concurrencies, our SqliteEventStore (synchronous=FULL) against Emmett's
// PostgreSQL event store (fsync=on, synchronous_commit=on); (b) a projection rebuild over the
// same generated history: our ProjectionRunner.replayInto(operational view) against the
// equivalent Emmett fold (support/emmett-store.ts). Needs PostgreSQL: skipped in smoke mode.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { listOption, log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { loadEmmett, openEmmett, rebuildEmmett } from './support/emmett-store';
import { appendInLogOrder, toNewEvent } from '@ledger/testing';
import { historyChunks } from './support/history';
import { postgresAvailable, startCluster } from './support/postgres';
import { runScenario } from './support/results';
import { elapsedMs, perSecond, round, summarise, timed } from './support/stats';

type AppendOne = (stream: string) => Promise<unknown>;

/** `connections` workers append one event at a time for `durationS`; appends/s and latency. */
async function appendLoad(append: AppendOne, connections: number, durationS: number) {
  const samples: number[] = [];
  const deadline = Date.now() + durationS * 1000;
  const start = process.hrtime.bigint();
  // Each worker owns its streams: Emmett answers 412 when two appends race to create one stream.
  const worker = async (_: unknown, w: number) => {
    while (Date.now() < deadline) {
      const t = process.hrtime.bigint();
      await append(`customer-a${w}-${Math.floor(Math.random() * 100)}`);
      samples.push(elapsedMs(t));
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { connections, appendsPerSecond: perSecond(samples.length, elapsedMs(start)), latencyMs: summarise(samples) };
}

function sampleEvent(): NewEvent {
  const [contact] = [...historyChunks(200)][0].filter((e) => e.event.type === 'ContactRecorded');
  return toNewEvent(contact.event, 'bench');
}

export async function emmett(args: BenchArgs) {
  const concurrencies = listOption(args, 'concurrency', [1, 8, 32, 64, 128]);
  const durationS = numberOption(args, 'duration', 5);
  const events = numberOption(args, 'events', 200_000);
  return runScenario('emmett', args, async (notes) => {
    const missing = args.smoke ? 'smoke mode does not start PostgreSQL' : postgresAvailable();
    if (missing) {
      notes.push(`Emmett baseline skipped: ${missing}`);
      console.warn(`[bench] Emmett baseline skipped: ${missing}`);
      return { skipped: missing };
    }
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-emmett-'));
    const cluster = startCluster();
    try {
      notes.push('PostgreSQL 15 private cluster, defaults: fsync=on, synchronous_commit=on; ours synchronous=FULL');
      const sample = sampleEvent();
      const ours = SqliteEventStore.open({ file: join(dir, 'appends.sqlite'), synchronous: 'FULL' });
      const theirs = openEmmett(cluster.connectionString);
      await theirs.appendToStream('warm-up', [{ type: sample.type, data: sample.data as Record<string, unknown> }]);
      const appends = [];
      for (const c of concurrencies) {
        const our = await appendLoad(
          (s) => ours.append(s, [{ ...sample, eventId: randomUUID() }], 'any'),
          c,
          durationS,
        );
        const their = await appendLoad(
          (s) => theirs.appendToStream(s, [{ type: sample.type, data: sample.data as Record<string, unknown> }]),
          c,
          durationS,
        );
        const ratio = round(our.appendsPerSecond / Math.max(1, their.appendsPerSecond), 2);
        log(args, `appends c=${c}: ours ${our.appendsPerSecond}/s, Emmett ${their.appendsPerSecond}/s (×${ratio})`);
        appends.push({ connections: c, ours: our, emmett: their, ratio });
      }
      await ours.close();
      await theirs.schema.dangerous.truncate();

      // Same generated history into both stores, then each side's rebuild.
      const store = SqliteEventStore.open({ file: join(dir, 'rebuild.sqlite'), synchronous: 'NORMAL' });
      for (const chunk of historyChunks(events)) {
        await appendInLogOrder(store, chunk, 'bench');
        await loadEmmett(theirs, chunk);
      }
      await theirs.close();
      const head = await store.headPosition();
      const reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
      const runner = new ProjectionRunner(store, reads);
      const ourRebuild = await timed(() => runner.replayInto(PROJECTIONS[0], 'operational_view__bench'));
      const theirRebuild = await timed(() => rebuildEmmett(cluster.connectionString));
      await store.close();
      await reads.close();
      const rebuild = {
        events: head,
        emmettEventsFolded: theirRebuild.value,
        oursOperationalViewEventsPerSecond: perSecond(head, ourRebuild.ms),
        emmettFoldEventsPerSecond: perSecond(theirRebuild.value, theirRebuild.ms),
        ratio: round(head / ourRebuild.ms / (theirRebuild.value / theirRebuild.ms), 2),
      };
      notes.push(
        'rebuild: ours = replayInto(operational view), a richer document than the Emmett fold (counts, revenue)',
      );
      log(
        args,
        `rebuild: ours ${rebuild.oursOperationalViewEventsPerSecond}/s, Emmett ${rebuild.emmettFoldEventsPerSecond}/s`,
      );
      return { durationS, appends, rebuild };
    } finally {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (require.main === module) {
  emmett(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
