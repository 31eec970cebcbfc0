// `npm run verify -- --data-dir data`: verifies the hash chain of every stream in an embedded
// event store, with progress in plain words, and exits non-zero naming the first broken link.
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import type { EventStore } from '@ledger/event-store';
import { verifyStream } from './customer-history';

const PAGE = 1000;
const count = (n: number): string => n.toLocaleString('en-US');

async function streamsWith(store: EventStore, prefix: string): Promise<string[]> {
  if (!store.listStreams) throw new Error('this event store cannot list its streams');
  const ids: string[] = [];
  for (let page = await store.listStreams(prefix, { limit: PAGE }); page.length > 0; ) {
    ids.push(...page);
    if (page.length < PAGE) break;
    page = await store.listStreams(prefix, { after: page[page.length - 1], limit: PAGE });
  }
  return ids;
}

/** Verifies every customer and campaign stream; returns the exit code. */
export async function verifyAll(store: EventStore, print: (line: string) => void, every = 1000): Promise<number> {
  for (const [prefix, noun] of [
    ['customer-', 'customers'],
    ['campaign-', 'campaigns'],
  ] as const) {
    const ids = await streamsWith(store, prefix);
    let done = 0;
    for (const streamId of ids) {
      const report = await verifyStream(store, streamId);
      done++;
      const broken = report.firstBrokenLink;
      if (broken) {
        print(
          `BROKEN: ${noun.slice(0, -1)} ${streamId.slice(prefix.length)}, revision ${broken.revision}: ${broken.message}`,
        );
        print(`  reason ${broken.reason}; expected ${broken.expected}, stored ${broken.stored ?? 'nothing'}`);
        return 1;
      }
      if (done % every === 0 || done === ids.length) print(`verified ${count(done)} of ${count(ids.length)} ${noun}…`);
    }
    if (ids.length === 0) print(`no ${noun} to verify`);
  }
  print('every hash chain is intact');
  return 0;
}

export async function runVerifyCli(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const at = argv.indexOf('--data-dir');
  const dataDir = at >= 0 ? argv[at + 1] : (process.env['CRM_DATA_DIR'] ?? 'data');
  if (!dataDir) {
    print('usage: npm run verify -- --data-dir <directory holding events.sqlite>');
    return 2;
  }
  const store = openEmbeddedEventStore(dataDir);
  try {
    return await verifyAll(store, print);
  } finally {
    await store.close();
  }
}
