// Scenario append-writer (issue 12 item 3): the event store alone, in this process, with its
// group commits written on the event loop ('inline') or by its writer thread ('thread'), both
// at synchronous=FULL; N concurrent appenders of one ContactRecorded each, alternating the two
// writers for `rounds` rounds so a changing machine load hits both alike. Reports appends/s,
// events per fsync and CPU per append of the main thread and of the whole process.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { toNewEvent } from '@ledger/testing';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { historyChunks } from './support/history';
import { cpuTimes } from './support/process-cpu';
import { runScenario } from './support/results';
import { round } from './support/stats';

type Writer = 'inline' | 'thread';

function sampleEvent(): NewEvent {
  const [contact] = [...historyChunks(200)][0].filter((e) => e.event.type === 'ContactRecorded');
  return toNewEvent(contact.event, 'bench');
}

async function measure(writer: Writer, appenders: number, durationS: number, sample: NewEvent) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-writer-'));
  const store = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), synchronous: 'FULL', writer });
  try {
    await store.append('warm-up', [{ ...sample, eventId: randomUUID() }], 'any'); // the thread is up
    const statsBefore = store.stats();
    const cpuBefore = cpuTimes();
    const until = Date.now() + durationS * 1000;
    await Promise.all(
      Array.from({ length: appenders }, async (_, a) => {
        for (let i = 0; Date.now() < until; i++) {
          await store.append(`customer-${a}-${i % 100}`, [{ ...sample, eventId: randomUUID() }], 'any');
        }
      }),
    );
    const cpuAfter = cpuTimes();
    const stats = store.stats();
    const events = stats.events - statsBefore.events;
    const perEvent = (after: number | null, before: number | null) =>
      after === null || before === null ? null : round((after - before) / events, 1);
    return {
      writer,
      appenders,
      appendsPerSecond: Math.round(events / durationS),
      eventsPerFsync: round(events / Math.max(1, stats.transactions - statsBefore.transactions), 2),
      cpuUsPerAppend: {
        mainThread: perEvent(cpuAfter.mainThreadUs, cpuBefore.mainThreadUs),
        process: perEvent(cpuAfter.processUs, cpuBefore.processUs),
      },
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function appendWriter(args: BenchArgs) {
  return runScenario('append-writer', args, async (notes) => {
    const appenders = numberOption(args, 'concurrency', 64);
    const durationS = numberOption(args, 'duration', args.smoke ? 1 : 5);
    const rounds = numberOption(args, 'rounds', args.smoke ? 1 : 3);
    notes.push('in-process SqliteEventStore, synchronous=FULL, one ContactRecorded per append, writers alternated');
    const sample = sampleEvent();
    const points = [];
    for (let r = 0; r < rounds; r++) {
      for (const writer of (r % 2 === 0 ? ['inline', 'thread'] : ['thread', 'inline']) as Writer[]) {
        const point = await measure(writer, appenders, durationS, sample);
        log(args, `round ${r + 1} ${writer}: ${JSON.stringify(point)}`);
        points.push({ round: r + 1, ...point });
      }
    }
    return { appenders, durationS, rounds, points };
  });
}

if (require.main === module) {
  appendWriter(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
