// Child-process entry for the rebuild scenario: what the product does when read models are empty
// or behind — ProjectionRunner catches every read model up from its stored checkpoint (on worker
// threads when far behind: catch-up-threads.ts). Reports start and end over IPC; the parent watches checkpoints in the read store file.
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import { PersonalDataVault, SqliteKeyStore } from '@ledger/personal-data';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';

async function main(): Promise<void> {
  const store = SqliteEventStore.open({ file: process.env['BENCH_EVENTS_FILE'] as string, synchronous: 'NORMAL' });
  const reads = EmbeddedReadStore.open({ file: process.env['BENCH_READS_FILE'] as string });
  const head = await store.headPosition();
  const stored = await Promise.all(PROJECTIONS.map((p) => reads.checkpoint(p.name)));
  process.send?.({ type: 'started', head, checkpoints: stored });
  // The CRM's vault when the log holds encrypted personal fields: the replay decrypts them.
  const keys = process.env['BENCH_KEYS_FILE'];
  const vault = keys ? new PersonalDataVault(SqliteKeyStore.open(keys)) : undefined;
  const runner = new ProjectionRunner(store, reads, vault);
  const start = process.hrtime.bigint();
  // CPU of every thread of the process: on a shared machine the wall time says little alone.
  const cpuAtStart = process.cpuUsage();
  await runner.onApplicationBootstrap();
  const lowest = () => Math.min(...PROJECTIONS.map((p) => runner.checkpoint(p.name)));
  while (lowest() < head) await new Promise((r) => setTimeout(r, 5));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  await runner.onApplicationShutdown();
  await store.close();
  await reads.close();
  await vault?.close();
  process.send?.({ type: 'done', ms, cpuMs, head, resumedFrom: Math.min(...stored) }, () => process.exit(0));
}

main().catch((error: Error) => {
  console.error(`rebuild child failed: ${error.stack}`);
  process.exit(1);
});
