// Run as a process of its own by writer-threads.spec.ts: opens the embedded sink with writer
// threads, sends units and closes it without waiting for them, as the CLI closes the sink when an
// import fails. The process must wait for the threads to close their stores, and say so.
import { writeSync } from 'node:fs';
import { EmbeddedSink } from '../embedded-sink';
import { loadMapping } from '../mapping';
import { readRows, type SourceRow } from '../sources';
import { SAMPLE, SAMPLE_MAPPING } from './import-fixtures-paths';

async function main(dataDir: string, threads: number): Promise<void> {
  const mapping = loadMapping(SAMPLE_MAPPING);
  const sink = EmbeddedSink.open(dataDir, { CRM_LOG_LEVEL: 'silent' }, { writerThreads: threads });
  const send = sink.rowSender?.({ mapping, identity: 'close-in-flight', createCustomers: true });
  if (!send) throw new Error('no row sender');
  const units: SourceRow[][] = [];
  for await (const row of readRows(SAMPLE, { format: 'whitespace', columns: mapping.columns })) {
    units.push([row]);
    if (units.length === 2000) break;
  }
  // Said synchronously: a pending write to a pipe would keep the process alive on its own.
  send(units).then(
    () => writeSync(1, 'written\n'),
    (error: Error) => writeSync(1, `not written: ${error.message}\n`),
  );
  await sink.close();
  writeSync(1, 'closed\n');
}

main(process.argv[2], Number(process.argv[3])).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
