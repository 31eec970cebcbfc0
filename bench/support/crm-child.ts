// Child-process entry: the real embedded CRM (startCrm, configured by the environment), plus an
// IPC side door the benchmark uses to read the event store's group-commit counters and the
// process's CPU time. The app is unchanged; the counters come from its own EVENT_STORE provider.
// eslint-disable-next-line @nx/enforce-module-boundaries -- an app is no library: the benchmark starts its real entry
import { startCrm } from '../../apps/crm/src/crm';
import type { SqliteEventStore } from '@ledger/event-store-sqlite';
import { EVENT_STORE } from '@ledger/event-store';
import { cpuTimes } from './process-cpu';

async function main(): Promise<void> {
  const started = await startCrm(process.env);
  const store = started.app.get<typeof EVENT_STORE, SqliteEventStore>(EVENT_STORE);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') process.send?.({ type: 'stats', stats: { ...store.stats(), cpu: cpuTimes() } });
    if (message.type === 'stop') void started.app.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', url: started.url });
}

main().catch((error: Error) => {
  console.error(`crm child failed: ${error.stack}`);
  process.exit(1);
});
