// `npm run import -- <file> (--preset transactions | --mapping m.json) (--data-dir d | --url u
//  --api-key k | --dry-run) [--format f] [--resume] [--rejects f] [--state f] [--batch n]
//  [--batch-rows n] [--concurrency n] [--state-cache-mb n] [--threads n] [--no-create-customers] [--earliest-dates]
//  [--no-progress] [--help]`: USAGE says it in a line, HELP option by option (--help).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { commandLine, refuse, type CliArgs } from '@ledger/config/cli-args';
import {
  MappingProblem,
  PRESETS,
  SOURCE_FORMATS,
  loadMapping,
  missingFields,
  repeatedColumns,
  type Mapping,
  type PresetName,
} from './mapping';
import { createsCustomers, runImport, type ImportProgress } from './import-runner';
import type { EmbeddedSinkOptions } from './embedded-sink';
import { HttpSink, withoutCredentials, type Sink } from './sinks';
import { progressBar } from './progress-bar';
import { formatOf, headerColumns, notUtf8Text, type SourceFormat } from './sources';

const USAGE =
  'usage: npm run import -- <file> (--preset <name> | --mapping <m.json>) ' +
  '(--data-dir <dir> | --url <url> --api-key <key> | --dry-run) [options]  (--help: every option)';

const HELP = `Imports history into the CRM: order lines, contacts, customers or campaign touches, from CSV,
NDJSON or whitespace-separated text, streamed whatever its size. Rows that cannot be imported go to
a rejects file with the reason; the rest is imported. Nothing is ever written twice: a rerun or a
--resume writes only what is missing.

usage: npm run import -- <file> (--preset <name> | --mapping <m.json>) (--data-dir <dir> | --url <url> --api-key <key> | --dry-run) [options]

What the file holds
  --preset <name>          the file's shape, its columns found by their common names:
                           ${PRESETS.join(', ')}
                           (README "Bringing history in")
  --mapping <m.json>       a mapping file for any other shape: columns, date format, decimal
                           separator, time zone, constants
  --format <f>             csv, ndjson or whitespace (default: from the file's extension)
  --no-create-customers    reject rows naming a customer the CRM does not know, instead of
                           registering them
  --earliest-dates         read the file once first, and register each customer as of their
                           earliest row rather than the first row naming them (for a file not
                           oldest first; memory for each customer)

Where it goes (one of)
  --data-dir <dir>         straight into the embedded store, fastest (with the CRM stopped)
  --url <url> --api-key <key>
                           into a running CRM over HTTP (a channel or admin key)
  --dry-run                read, map and validate every row; write nothing (rejects go to
                           <file>.dry-run.rejects.csv; no progress is kept)

Progress
  --resume                 go on from the last row acknowledged (after Ctrl-C or a crash)
  --rejects <f.csv>        where rejected rows go (default: <file>.rejects.csv here; begun by the
                           first reject)
  --state <f.json>         where progress is kept (default: beside the rejects file)
  --no-progress            no progress bar

Tuning (README "Speed")
  --batch <n>              commands per batch (default 1000 with --data-dir, 500 over HTTP)
  --batch-rows <n>         source rows per batch at most (default 5000)
  --concurrency <n>        batches in flight (default 2 with --data-dir, 4 over HTTP)
  --state-cache-mb <n>     memory for customers' states between batches (default 16, per thread)
  --threads <n>            with --data-dir: split the customers between n threads that each
                           validate, decide and write their share (default 1: one thread
                           validates while another decides and writes); for more than two cores

Restoring an export: npm run import -- <log.ndjson> --events --data-dir <empty dir> [--no-progress]
Exit code: 0 all imported, 1 some rows rejected, 2 a command line or file refused, 130 stopped.`;

const OPTIONS = [
  'preset',
  'mapping',
  'data-dir',
  'url',
  'api-key',
  'format',
  'rejects',
  'state',
  'batch',
  'batch-rows',
  'concurrency',
  'state-cache-mb',
  'threads',
] as const;
const FLAGS = ['resume', 'dry-run', 'no-create-customers', 'earliest-dates', 'no-progress'] as const;
const PATHS = ['mapping', 'data-dir', 'rejects', 'state'];

export async function runImportCli(argv: string[], print: (line: string) => void = console.error): Promise<number> {
  const spec = { options: OPTIONS, flags: FLAGS, positionals: 1, help: HELP, script: 'import', paths: PATHS };
  const args = commandLine(argv, { ...spec, positionalPaths: true }, USAGE, print);
  if (typeof args === 'number') return args;
  const [file] = args.positional;
  const preset = args.options['preset'] as PresetName | undefined;
  if (preset && !PRESETS.includes(preset)) {
    return refuse(print, `--preset must be one of ${PRESETS.join(', ')}, got '${preset}'`, USAGE);
  }
  if (!file) return refuse(print, 'the file to import missing', USAGE);
  if (!preset && !args.options['mapping']) {
    return refuse(print, `--preset or --mapping missing: what does '${basename(file)}' hold?`, USAGE);
  }
  const target = targetOf(args);
  if ('problem' in target) return refuse(print, target.problem, USAGE);
  if ('dryRun' in target && (args.flags.has('resume') || args.options['state'])) {
    return refuse(
      print,
      '--dry-run checks the whole file and keeps no progress: --resume and --state are for imports',
      USAGE,
    );
  }
  const found = existsSync(file) ? statSync(file) : null;
  if (!found?.isFile()) {
    const what = !found
      ? `no file '${file}'`
      : found.isDirectory()
        ? `'${file}' is a directory, not a file`
        : `'${file}' is not a file (a pipe or a device): the importer reads a file on disk`;
    print(`${what}: nothing was imported`);
    return 2;
  }
  const notText = notUtf8Text(file);
  if (notText) {
    print(`'${file}' ${notText}; nothing was imported`);
    return 2;
  }
  let mapping: Mapping;
  try {
    mapping = args.options['mapping'] ? loadMapping(args.options['mapping']) : { preset: preset as PresetName };
  } catch (error) {
    if (!(error instanceof MappingProblem)) throw error;
    print(`${error.message}; nothing was imported`);
    return 2;
  }
  if (args.flags.has('no-create-customers')) mapping.createCustomers = false;
  if (args.flags.has('earliest-dates') && !createsCustomers(mapping)) {
    return refuse(print, '--earliest-dates dates the customers the import registers: this one registers none', USAGE);
  }
  const format = (args.options['format'] as SourceFormat | undefined) ?? mapping.format ?? formatOf(file);
  if (!(SOURCE_FORMATS as readonly string[]).includes(format)) {
    const source = args.options['format'] ? '--format' : `the mapping's "format"`;
    return refuse(print, `${source} must be one of ${SOURCE_FORMATS.join(', ')}, got '${format}'`, USAGE);
  }
  const { columns: named, header, delimiter } = mapping;
  const columns = headerColumns(file, { format, columns: named, header, delimiter });
  const missing = columns ? missingFields(mapping, columns) : [];
  if (missing.length > 0) {
    // Column names read from bytes that are not UTF-8 (a Latin-1 `Qté`) match nothing: say why.
    const encoding = columns?.some((column) => column.includes('\uFFFD'))
      ? ' (its first line is not valid UTF-8: save the file as UTF-8)'
      : '';
    print(
      `'${file}' has no column for ${missing.join('; ')}${encoding}: name its columns in a mapping file's "fields" ` +
        `(README "Bringing history in"); nothing was imported`,
    );
    return 2;
  }
  const repeated = columns ? repeatedColumns(mapping, columns) : [];
  if (repeated.length > 0) {
    print(
      `'${file}' names the column ${repeated.map((column) => `'${column}'`).join(', ')} more than once: ` +
        'which one to import is not said; rename the others; nothing was imported',
    );
    return 2;
  }
  // Over HTTP: the CRM's largest batch (CRM_MAX_BATCH_COMMANDS, 500 by default), several in flight.
  // With --data-dir, two chunks: one is validated on the preparation thread while the other is written;
  // the customers' states kept between chunks take at most --state-cache-mb (OwnedCustomerStates' default).
  const numbers = {
    batch: args.options['url'] ? 500 : 1000,
    // At most this many source rows per batch (an invoice of many lines is one command).
    'batch-rows': 5000,
    concurrency: args.options['url'] ? 4 : 2,
    'state-cache-mb': 0,
    threads: 1,
  };
  for (const name of Object.keys(numbers) as (keyof typeof numbers)[]) {
    const value = wholeOption(args, name, numbers[name]);
    if (value === null) {
      print(`--${name} takes a whole number of at least 1`);
      return 2;
    }
    numbers[name] = value;
  }
  const { batch: batchSize, 'batch-rows': batchRows, 'state-cache-mb': stateCacheMb, threads } = numbers;
  if (threads > 1 && !('dataDir' in target)) {
    return refuse(
      print,
      '--threads is for --data-dir: over HTTP the CRM does the work, a dry run writes nothing',
      USAGE,
    );
  }
  const cores = availableParallelism();
  if (threads > cores) {
    return refuse(print, `--threads ${threads}: this machine has ${cores} cores, more threads would only queue`, USAGE);
  }
  // Unless told otherwise, two batches in flight per writer thread: one to work on, one waiting.
  const concurrency = args.options['concurrency'] === undefined && threads > 1 ? 2 * threads : numbers.concurrency;
  // A dry run has its own rejects file and no progress: it must not replace a real run's rejects,
  // nor move its checkpoint past rows it never wrote.
  const dryRun = 'dryRun' in target;
  const rejectsFile =
    args.options['rejects'] ?? resolve(args.directory, `${basename(file)}${dryRun ? '.dry-run' : ''}.rejects.csv`);
  const stateFile = dryRun ? undefined : (args.options['state'] ?? `${rejectsFile}.state.json`);
  // Found at the first reject or checkpoint, such a place stopped the import with batches written.
  const unwritable = notWritable('--rejects', rejectsFile) ?? (stateFile ? notWritable('--state', stateFile) : null);
  if (unwritable) {
    print(`${unwritable}; nothing was imported`);
    return 2;
  }
  // The rejects file is removed when an import begins, the state file replaced at each checkpoint:
  // naming the file to import (or the mapping) there deleted or overwrote it.
  const inputs = [
    ['the file to import', file],
    ['the mapping file', args.options['mapping']],
  ] as const;
  for (const [option, written] of [
    ['--rejects', rejectsFile],
    ['--state', stateFile],
  ] as const) {
    const input = written && inputs.find(([, path]) => path !== undefined && sameFile(path, written));
    const what = input
      ? input[0]
      : option === '--state' && written && sameFile(written, rejectsFile)
        ? 'the rejects file'
        : null;
    if (what) {
      print(`${option} '${written}' is ${what}: name another; nothing was imported`);
      return 2;
    }
  }
  const dataDirProblem = 'dataDir' in target ? notWritableDirectory(target.dataDir) : null;
  if (dataDirProblem) {
    print(`${dataDirProblem}; nothing was imported`);
    return 2;
  }
  let sink: Sink;
  try {
    sink = await openSink(target, {
      ...(stateCacheMb > 0 ? { stateCacheBytes: stateCacheMb * 2 ** 20 } : {}),
      ...(threads > 1 ? { writerThreads: threads } : {}),
    });
  } catch (error) {
    // By name: the class lives with the embedded store, which an import over HTTP does not load.
    if (!(error instanceof Error) || error.name !== 'EventStoreInUse' || !('dataDir' in target)) throw error;
    print(
      `'${target.dataDir}' is in use by a running CRM or another import: import into the CRM over HTTP ` +
        '(--url, --api-key), or when it is stopped; nothing was imported',
    );
    return 2;
  }
  if (stateFile && args.flags.has('resume') && !existsSync(stateFile)) {
    print(
      `--resume: no progress saved in ${stateFile} (kept beside the rejects file, by default in the directory the command was typed in); ` +
        'starting from the first row: rows already imported are answered as replays, not written again',
    );
  }
  let stop = false;
  const earliest = args.flags.has('earliest-dates');
  const size = found.size;
  const onSignal = () => {
    stop = true;
    // Before the import's bar, only the read for the earliest dates has run: nothing written yet.
    const reading = earliest && bar === undefined;
    if (reading) scan?.stop();
    print(
      reading
        ? 'stopping: nothing was imported yet'
        : 'stopping after the batch in flight… (run again with --resume to continue)',
    );
  };
  // The first read (--earliest-dates) has a bar of its own, ended when the import's begins.
  const scan = earliest
    ? progressBar(
        "{bar} {percentage}% | reading for each customer's earliest date | {customers} customers",
        size,
        { customers: 0 },
        args.flags.has('no-progress'),
      )
    : null;
  // By bytes read: the only total known before the end.
  const importBar = () => {
    scan?.update(size); // read to the end: the last rows may not have been shown
    scan?.stop();
    started = Date.now(); // the import's rates, not the first read's
    return progressBar(
      '{bar} {percentage}% | {rows} rows ({rowsPerSecond}/s) | {commands} commands ({commandsPerSecond}/s) | ' +
        'accepted {accepted}, rejected {rejected} | ETA {eta_formatted}',
      size,
      { rows: 0, rowsPerSecond: 0, commands: 0, commandsPerSecond: 0, accepted: 0, rejected: 0 },
      args.flags.has('no-progress'),
    );
  };
  let started = Date.now();
  let bar = earliest ? undefined : importBar();
  process.once('SIGINT', onSignal);
  try {
    const summary = await runImport({
      file,
      format,
      mapping,
      sink,
      rejectsFile,
      stateFile,
      resume: args.flags.has('resume'),
      batchSize,
      batchRows,
      concurrency,
      stopRequested: () => stop,
      earliestDates: earliest,
      onScan: (p) => scan?.update(p.bytesRead, { customers: p.customers }),
      onProgress: (p) => (bar ??= importBar())?.update(p.bytesRead, fields(p, started)),
    });
    if (bar !== undefined || !summary.stopped) {
      bar ??= importBar();
      bar?.update(summary.totalBytes, fields(summary, started));
    }
    print(
      `${summary.stopped ? 'stopped' : 'done'}: ${summary.rows} rows in ${summary.seconds.toFixed(1)} s ` +
        `(${Math.round(summary.rows / Math.max(summary.seconds, 0.001))} rows/s), ${summary.commands} commands; ` +
        `${summary.accepted} rows accepted (${summary.replayed} already imported), ${summary.rejected} rejected` +
        (summary.rejected > 0 ? ` → ${rejectsFile}` : '') +
        (summary.skippedRows > 0 ? `; ${summary.skippedRows} rows skipped by --resume` : '') +
        ('dataDir' in target ? `; data directory ${target.dataDir}` : ''),
    );
    for (const [heading, tally] of [
      ['kept as given, not recognised:', summary.keptAsGiven],
      ['noticed:', summary.noticed],
    ] as const) {
      const lines = tallyLines(heading, tally);
      if (lines) print(lines);
    }
    return summary.stopped ? 130 : summary.rejected > 0 ? 1 : 0;
  } finally {
    scan?.stop();
    bar?.stop();
    process.off('SIGINT', onSignal);
    await sink.close();
  }
}

type Target = { dryRun: true } | { dataDir: string } | { url: string; apiKey: string };

/** Where the command line says to import to, or why it does not say it whole. */
function targetOf(args: CliArgs): Target | { problem: string } {
  if (args.flags.has('dry-run')) return { dryRun: true };
  const { 'data-dir': dataDir, url, 'api-key': apiKey } = args.options;
  if (dataDir) return { dataDir };
  const shown = withoutCredentials(url ?? '');
  if (url && !URL.canParse(url))
    return { problem: `--url must be the CRM's address, such as http://localhost:3000, got '${shown}'` };
  if (url && !/^https?:$/.test(new URL(url).protocol))
    return { problem: `--url must be an http or https address, got '${shown}'` };
  if (url && apiKey) return { url, apiKey };
  if (url) return { problem: '--api-key missing: --url needs the key of a channel or an admin' };
  if (apiKey) return { problem: '--url missing: where is the CRM the --api-key is for?' };
  return {
    problem:
      'where to import missing: --data-dir <dir> (the CRM stopped), --url <url> with --api-key <key>, or --dry-run',
  };
}

/** The sink for the target, its module loaded only then: each loads what the others do not need (sinks.ts). */
async function openSink(target: Target, options: EmbeddedSinkOptions): Promise<Sink> {
  if ('dryRun' in target) return new (await import('./dry-run-sink')).DryRunSink();
  if ('dataDir' in target)
    return (await import('./embedded-sink')).EmbeddedSink.open(target.dataDir, process.env, options);
  return new HttpSink(target.url, target.apiKey);
}

/** A tally of the summary (values kept as given, notes), most frequent first: the ten first, and how many more; null when empty. */
function tallyLines(heading: string, tally: Record<string, number>): string | null {
  const entries = Object.entries(tally).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return null;
  const shown = entries.slice(0, 10).map(([what, count]) => `  ${count} × ${what}`);
  if (entries.length > 10) shown.push(`  … and ${entries.length - 10} more`);
  return [heading, ...shown].join('\n');
}

function fields(p: ImportProgress, started: number) {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  return {
    ...p,
    rowsPerSecond: Math.round(p.rows / seconds),
    commandsPerSecond: Math.round(p.commands / seconds),
  };
}

/** Why a file cannot be written at `path` (given by `option`): a directory there, or no directory to write it in; null when it can. */
function notWritable(option: string, path: string): string | null {
  if (existsSync(path)) return statSync(path).isDirectory() ? `${option} '${path}' is a directory, not a file` : null;
  const directory = dirname(path);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) return `${option}: no directory '${directory}'`;
  try {
    accessSync(directory, constants.W_OK);
    return null;
  } catch {
    return `${option}: '${directory}' cannot be written in`;
  }
}

/** Whether two paths name one file (a link, or another spelling of the path, included). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (!existsSync(a) || !existsSync(b)) return false;
  const [one, other] = [statSync(a), statSync(b)];
  return one.dev === other.dev && one.ino === other.ino;
}

/** Why the data directory cannot be written (a file there, a read-only place); null when it can, or be made. */
function notWritableDirectory(dataDir: string): string | null {
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory())
    return `--data-dir '${dataDir}' is a file, not a directory`;
  // The directory, or the nearest one it would be made in.
  let existing = resolve(dataDir);
  while (!existsSync(existing)) existing = dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
    return null;
  } catch {
    return `--data-dir: '${existing}' cannot be written in`;
  }
}

function wholeOption(args: CliArgs, name: string, fallback: number): number | null {
  const raw = args.options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 1 ? value : null;
}
