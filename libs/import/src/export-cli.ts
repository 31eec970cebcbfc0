// `npm run export -- --data-dir d [--customer id] > log.ndjson`, and the reverse:
// `npm run import -- log.ndjson --events --data-dir empty-dir`.
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { exportLog, importLog } from './export-log';

export async function runExportCli(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dataDir = option(argv, '--data-dir') ?? process.env['CRM_DATA_DIR'];
  if (!dataDir) {
    console.error('usage: npm run export -- --data-dir <dir> [--customer <id>] > log.ndjson');
    return 2;
  }
  const store = openEmbeddedEventStore(dataDir);
  try {
    const write = (line: string) =>
      out.write(line) ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve()));
    const count = await exportLog(store, write, option(argv, '--customer'));
    console.error(`exported ${count} events`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function runEventsImport(file: string, dataDir: string): Promise<number> {
  const store = openEmbeddedEventStore(dataDir);
  try {
    const count = await importLog(store, file);
    console.error(`imported ${count} events into ${dataDir}`);
    return 0;
  } finally {
    await store.close();
  }
}

const option = (argv: string[], name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
