// Child-process entry for the rebuild scenario: what the product does when read models are empty
// or behind — ProjectionRunner starts one worker per projection, each catching up from its stored
// checkpoint. Reports start and end over IPC; the parent watches checkpoints in the read store file.
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';

async function main(): Promise<void> {
  const store = SqliteEventStore.open({ file: process.env['BENCH_EVENTS_FILE'] as string, synchronous: 'NORMAL' });
  const reads = EmbeddedReadStore.open({ file: process.env['BENCH_READS_FILE'] as string });
  const head = await store.headPosition();
  const stored = await Promise.all(PROJECTIONS.map((p) => reads.checkpoint(p.name)));
  process.send?.({ type: 'started', head, checkpoints: stored });
  const runner = new ProjectionRunner(store, reads);
  const start = process.hrtime.bigint();
  await runner.onApplicationBootstrap();
  const lowest = () => Math.min(...PROJECTIONS.map((p) => runner.checkpoint(p.name)));
  while (lowest() < head) await new Promise((r) => setTimeout(r, 5));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await runner.onApplicationShutdown();
  await store.close();
  await reads.close();
  process.send?.({ type: 'done', ms, head, resumedFrom: Math.min(...stored) }, () => process.exit(0));
}

main().catch((error: Error) => {
  console.error(`rebuild child failed: ${error.stack}`);
  process.exit(1);
});
