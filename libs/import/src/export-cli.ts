// `npm run export -- --data-dir d [--customer id] [--out log.ndjson]`, and the reverse:
// `npm run import -- log.ndjson --events --data-dir empty-dir`. Both refuse what they cannot do
// before touching anything: a data directory without an event store is not created, an unknown
// option is named, NDJSON is not poured into a terminal. Long runs show progress on a terminal.
import { closeSync, createWriteStream, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { commandLine, refuse } from '@ledger/config/cli-args';
import { holdsEventStore, openEmbeddedEventStore, openEventStoreToRead } from '@ledger/event-store-sqlite';
import { exportLog, importLog } from './export-log';
import { progressBar } from './progress-bar';

const EXPORT_USAGE =
  'usage: npm run export -- --data-dir <dir> [--customer <id>] [--out <log.ndjson>] [--no-progress] ' +
  '(without --out the log goes to standard output: npm run --silent export -- … > log.ndjson)';
const EVENTS_USAGE =
  'usage: npm run import -- <log.ndjson> --events --data-dir <dir> [--no-progress] ' +
  '(run again to resume: events already stored are skipped, --resume or not)';

type Print = (line: string) => void;
/** Where the log goes without --out; a terminal is refused. */
type Output = NodeJS.WritableStream & { isTTY?: boolean };

export async function runExportCli(
  argv: string[],
  out: Output = process.stdout,
  print: Print = console.error,
  env: NodeJS.ProcessEnv = process.env,
) {
  const args = commandLine(
    argv,
    { options: ['data-dir', 'customer', 'out'], flags: ['no-progress'], script: 'export', paths: ['data-dir', 'out'] },
    EXPORT_USAGE,
    print,
    env,
  );
  if (typeof args === 'number') return args;
  const dataDir = args.options['data-dir'] ?? env['CRM_DATA_DIR'];
  if (!dataDir) return refuse(print, '--data-dir missing', EXPORT_USAGE);
  if (!holdsEventStore(dataDir)) {
    print(`export refused: '${dataDir}' holds no event store (events.sqlite); nothing was exported`);
    return 2;
  }
  const file = args.options['out'];
  if (!file && out.isTTY) {
    print('the export is NDJSON for a file: redirect it (> log.ndjson) or name the file with --out');
    return 2;
  }
  if (!file && npmPrintedFirst(env)) {
    print(
      "npm wrote its own lines ('> ledger-crm@… export' and the command) to standard output ahead of " +
        'the log, so the file would not be NDJSON: run npm run --silent export -- … > log.ndjson, or name ' +
        'the file with --out; nothing was exported',
    );
    return 2;
  }
  const customerId = args.options['customer'];
  const store = openEventStoreToRead(dataDir);
  try {
    const revision = customerId === undefined ? null : await store.streamRevision(`customer-${customerId}`);
    if (revision === 'no_stream') {
      print(`customer '${customerId}' has no events in '${dataDir}': nothing was exported`);
      return 1;
    }
    const total = revision === null ? await store.headPosition() : revision + 1;
    const bar = progressBar(
      '{bar} {percentage}% | {value}/{total} events | ETA {eta_formatted}',
      total,
      {},
      hidden(args),
    );
    let count: number;
    try {
      count = file
        ? await toFile(file, (write) => exportLog(store, write, customerId, (n) => bar?.update(n)))
        : await toStream(out, (write) => exportLog(store, write, customerId, (n) => bar?.update(n)));
    } finally {
      bar?.stop();
    }
    print(`exported ${count} events${file ? ` to ${file}` : ''}`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * Started by `npm run export` without --silent: npm has already written the script's name and
 * command to standard output, where the log was to go (at every log level but silent).
 */
function npmPrintedFirst(env: NodeJS.ProcessEnv): boolean {
  return env['npm_lifecycle_event'] === 'export' && env['npm_config_loglevel'] !== 'silent';
}

/** `import <log.ndjson> --events --data-dir <dir>`: an export appended to a store, resumable. */
export async function runEventsImportCli(argv: string[], print: Print = console.error): Promise<number> {
  // --resume is taken, as by a rows import, though an events import always resumes.
  const args = commandLine(
    argv,
    {
      options: ['data-dir'],
      flags: ['events', 'resume', 'no-progress'],
      positionals: 1,
      script: 'import',
      paths: ['data-dir'],
      positionalPaths: true,
    },
    EVENTS_USAGE,
    print,
  );
  if (typeof args === 'number') return args;
  const dataDir = args.options['data-dir'];
  const [file] = args.positional;
  if (!file || !dataDir) {
    const absent = [file ? '' : 'the exported file', dataDir ? '' : '--data-dir'].filter(Boolean).join(' and ');
    return refuse(print, `${absent} missing`, EVENTS_USAGE);
  }
  if (!existsSync(file)) {
    print(`no file '${file}': nothing was imported`);
    return 2;
  }
  const store = openEmbeddedEventStore(dataDir);
  const bar = progressBar(
    '{bar} {percentage}% | {events} events | ETA {eta_formatted}',
    statSync(file).size,
    { events: 0 },
    hidden(args),
  );
  let count: number;
  try {
    count = await importLog(store, file, (events, bytesRead) => bar?.update(bytesRead, { events }));
    bar?.update(statSync(file).size, { events: count });
  } finally {
    bar?.stop();
    await store.close();
  }
  print(`imported ${count} events into ${dataDir}`);
  return 0;
}

const hidden = (args: { flags: Set<string> }) => args.flags.has('no-progress');

type Write = (line: string) => Promise<void> | void;

/**
 * Writes to `out` with its back-pressure, and only says done once everything written was taken:
 * a write error (a closed pipe, a full disk) fails the export instead of leaving it waiting for a
 * 'drain' that never comes, or reporting success.
 */
async function toStream(out: NodeJS.WritableStream, run: (write: Write) => Promise<number>): Promise<number> {
  let failed: Error | null = null;
  // Kept for the stream's life: an error it emits after the export gave up is already reported.
  out.on('error', (error: Error) => (failed ??= error));
  const settle = (wait: (done: (error?: Error | null) => void) => void) =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      const fail = (error: Error) => reject(error);
      out.once('error', fail);
      wait((error) => {
        out.off('error', fail);
        if (error || failed) reject(error ?? failed);
        else resolve();
      });
    });
  const count = await run((line) => {
    if (failed) throw failed;
    if (!out.write(line)) return settle((done) => out.once('drain', () => done()));
  });
  // Called once every earlier write was taken, or with the error that stopped them.
  await settle((done) => out.write('', done));
  return count;
}

/**
 * Writes `file` whole or not at all: into `<file>.partial`, fsynced, then renamed (and the
 * directory fsynced), so a file by that name is a complete export even after a crash or a power
 * loss. Ctrl-C or a failure removes the partial file.
 */
async function toFile(file: string, run: (write: Write) => Promise<number>): Promise<number> {
  const partial = `${file}.partial`;
  // Opened here, so a file that cannot be written is refused before anything is read.
  const fd = openSync(partial, 'w');
  const stream = createWriteStream('', { fd, autoClose: false });
  const interrupted = () => {
    rmSync(partial, { force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const count = await toStream(stream, run);
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, file);
    syncDirectory(dirname(file));
    return count;
  } catch (error) {
    stream.destroy();
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(partial, { force: true });
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
  }
}

/** Makes a rename in `dir` durable (Linux: fsync of the directory). */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
