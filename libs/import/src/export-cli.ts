// `npm run export -- --data-dir d [--customer id] [--out log.ndjson]`, and the reverse:
// `npm run import -- log.ndjson --events --data-dir empty-dir`. Both refuse what they cannot do
// before touching anything: a data directory without an event store is not created, an unknown
// option is named, NDJSON is not poured into a terminal. Long runs show progress on a terminal.
import { existsSync, createWriteStream, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { commandLine, type CliArgs } from '@ledger/config/cli-args';
import { exportLog, importLog } from './export-log';

const EXPORT_USAGE =
  'usage: npm run export -- --data-dir <dir> [--customer <id>] [--out <log.ndjson>] [--no-progress] ' +
  '(without --out the log goes to standard output: > log.ndjson)';
const EVENTS_USAGE =
  'usage: npm run import -- <log.ndjson> --events --data-dir <dir> [--no-progress] ' +
  '(run again to resume: events already stored are skipped, --resume or not)';

type Print = (line: string) => void;
/** Where the log goes without --out; a terminal is refused. */
type Output = NodeJS.WritableStream & { isTTY?: boolean };

export async function runExportCli(argv: string[], out: Output = process.stdout, print: Print = console.error) {
  const args = commandLine(
    argv,
    { options: ['data-dir', 'customer', 'out'], flags: ['no-progress'] },
    EXPORT_USAGE,
    print,
  );
  if (typeof args === 'number') return args;
  const dataDir = args.options['data-dir'] ?? process.env['CRM_DATA_DIR'];
  if (!dataDir || args.positional.length > 0) return usage(EXPORT_USAGE, print, args.positional);
  if (!hasEventStore(dataDir, print, 'nothing was exported')) return 2;
  const file = args.options['out'];
  if (!file && out.isTTY) {
    print('the export is NDJSON for a file: redirect it (> log.ndjson) or name the file with --out');
    return 2;
  }
  const customerId = args.options['customer'];
  const store = openEmbeddedEventStore(dataDir, 'FULL', { mustExist: true });
  try {
    const revision = customerId === undefined ? null : await store.streamRevision(`customer-${customerId}`);
    if (revision === 'no_stream') {
      print(`customer '${customerId}' has no events in '${dataDir}': nothing was exported`);
      return 1;
    }
    const total = revision === null ? await store.headPosition() : revision + 1;
    // Written beside the file and renamed when complete: an export stopped part-way is never
    // mistaken for a whole one.
    const partial = file ? `${file}.partial` : null;
    // Opened here, so a file that cannot be written is refused before anything is read.
    const target: NodeJS.WritableStream = partial ? createWriteStream('', { fd: openSync(partial, 'w') }) : out;
    const bar = progress(args, total, 'events');
    try {
      const write = writer(target);
      const count = await exportLog(store, write, customerId, (n) => bar?.update(n));
      bar?.stop();
      if (partial && file) {
        await write.end();
        renameSync(partial, file);
      }
      print(`exported ${count} events${file ? ` to ${file}` : ''}`);
      return 0;
    } catch (error) {
      bar?.stop();
      if (partial) {
        (target as { destroy?: () => void }).destroy?.();
        rmSync(partial, { force: true });
      }
      throw error;
    }
  } finally {
    await store.close();
  }
}

/** `import <log.ndjson> --events --data-dir <dir>`: an export appended to a store, resumable. */
export async function runEventsImportCli(argv: string[], print: Print = console.error): Promise<number> {
  // --resume is taken, as by a rows import, though an events import always resumes.
  const args = commandLine(
    argv,
    { options: ['data-dir'], flags: ['events', 'resume', 'no-progress'] },
    EVENTS_USAGE,
    print,
  );
  if (typeof args === 'number') return args;
  const dataDir = args.options['data-dir'];
  const [file, ...more] = args.positional;
  if (!file || !dataDir || more.length > 0) return usage(EVENTS_USAGE, print, more);
  if (!existsSync(file)) {
    print(`no file '${file}': nothing was imported`);
    return 2;
  }
  const store = openEmbeddedEventStore(dataDir);
  const bar = progress(args, statSync(file).size, 'bytes');
  try {
    const count = await importLog(store, file, (events, bytesRead) => bar?.update(bytesRead, { events }));
    bar?.update(statSync(file).size, { events: count });
    bar?.stop();
    print(`imported ${count} events into ${dataDir}`);
    return 0;
  } catch (error) {
    bar?.stop();
    throw error;
  } finally {
    await store.close();
  }
}

/**
 * Writes lines with the stream's back-pressure; a write error (disk full, a closed pipe) fails the
 * export instead of leaving it waiting for a 'drain' that never comes.
 */
function writer(target: NodeJS.WritableStream): ((line: string) => Promise<void> | void) & { end(): Promise<void> } {
  let failed: Error | null = null;
  target.on('error', (error: Error) => (failed ??= error));
  const settle = (event: 'drain' | 'finish') =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      const done = () => {
        target.off('error', fail);
        resolve();
      };
      const fail = (error: Error) => {
        target.off(event, done);
        reject(error);
      };
      target.once(event, done);
      target.once('error', fail);
    });
  const write = (line: string): Promise<void> | void => {
    if (failed) throw failed;
    if (!target.write(line)) return settle('drain');
  };
  return Object.assign(write, {
    end: () => {
      const finished = settle('finish');
      target.end();
      return finished;
    },
  });
}

function usage(usageLine: string, print: Print, extra: string[]): number {
  print(extra.length > 0 ? `unexpected ${extra.map((a) => `'${a}'`).join(', ')}\n${usageLine}` : usageLine);
  return 2;
}

function hasEventStore(dataDir: string, print: Print, consequence: string): boolean {
  if (existsSync(join(dataDir, 'events.sqlite'))) return true;
  print(`no event store in '${dataDir}' (no events.sqlite there): ${consequence}`);
  return false;
}

/** A bar on the terminal (standard error), none when it is not one or with --no-progress. */
function progress(args: CliArgs, total: number, unit: 'events' | 'bytes'): SingleBar | null {
  if (args.flags.has('no-progress') || !process.stderr.isTTY) return null;
  const bar = new SingleBar({
    format:
      unit === 'events'
        ? '{bar} {percentage}% | {value}/{total} events | ETA {eta_formatted}'
        : '{bar} {percentage}% | {events} events | ETA {eta_formatted}',
    stream: process.stderr,
  });
  bar.start(total, 0, { events: 0 });
  return bar;
}
