// The export CLI and the events import refuse what they cannot do before touching anything, and
// write a file only when it is whole.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runEventsImportCli, runExportCli } from './export-cli';
import { allEvents, importFile, tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();
const ORDERS = 'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n2,B,3,4.5,c2,2026-01-02\n';

/** Standard output as a pipe (not a terminal), collected. */
function pipe(): { out: PassThrough; text(): string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function exported(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const { out, text } = pipe();
  const printed: string[] = [];
  const code = await runExportCli(argv, out, (line) => printed.push(line), env);
  return { code, stdout: text(), printed: printed.join('\n') };
}

describe('npm run export', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = join(tmp.dir, 'data');
    await importFile(tmp.dir, writeIn(tmp.dir, 'orders.csv', ORDERS), { preset: 'transactions' });
  });

  it('writes the log to --out only when it is whole: the same lines as standard output, no partial file left', async () => {
    const piped = await exported(['--data-dir', dataDir]);
    expect(piped.code).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(4); // two registrations, two purchases
    const file = join(tmp.dir, 'log.ndjson');
    const written = await exported(['--data-dir', dataDir, '--out', file]);
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(written.printed).toBe(`exported 4 events to ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
    expect(readdirSync(tmp.dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('refuses standard output after npm wrote its own lines there, unless npm ran --silent or --out names the file', async () => {
    const npm = { npm_lifecycle_event: 'export', npm_config_loglevel: 'notice' };
    const refused = await exported(['--data-dir', dataDir], npm);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.printed).toContain('npm run --silent export -- … > log.ndjson, or name the file with --out');
    const silent = await exported(['--data-dir', dataDir], { ...npm, npm_config_loglevel: 'silent' });
    expect(silent.code).toBe(0);
    expect(silent.stdout.trim().split('\n')).toHaveLength(4);
    const file = join(tmp.dir, 'log.ndjson');
    expect(await exported(['--data-dir', dataDir, '--out', file], npm)).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(file, 'utf8')).toBe(silent.stdout);
  });

  it('exports one customer, and says so when the customer has no events (exit 1, no file)', async () => {
    const one = await exported(['--data-dir', dataDir, '--customer', 'c2']);
    expect(one.code).toBe(0);
    expect(
      one.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).streamId),
    ).toEqual(['customer-c2', 'customer-c2']);
    const file = join(tmp.dir, 'nobody.ndjson');
    const none = await exported(['--data-dir', dataDir, '--customer', 'nobody', '--out', file]);
    expect(none.code).toBe(1);
    expect(none.printed).toBe(`customer 'nobody' has no events in '${dataDir}': nothing was exported`);
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  });

  it('refuses a directory without an event store, and does not create one there', async () => {
    const missing = join(tmp.dir, 'typo');
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    for (const dir of [missing, empty]) {
      const result = await exported(['--data-dir', dir]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.printed).toBe(
        `export refused: '${dir}' holds no event store (events.sqlite); nothing was exported`,
      );
    }
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--out'], '--out needs a value'],
    [['--customer', '--out', 'x'], '--customer needs a value'],
    [['--no-progress=yes'], '--no-progress takes no value'],
    [['extra.ndjson'], "unexpected 'extra.ndjson'"],
  ])('refuses %j with exit code 2, naming what is wrong, and writes nothing', async (argv, reason) => {
    const result = await exported(['--data-dir', dataDir, ...argv]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.printed).toContain(reason);
    expect(result.printed).toContain('usage: npm run export');
  });

  it('does not pour NDJSON into a terminal, and writes no partial file it cannot open', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    const printed: string[] = [];
    expect(await runExportCli(['--data-dir', dataDir], terminal, (line) => printed.push(line))).toBe(2);
    expect(printed).toEqual([
      'the export is NDJSON for a file: redirect it (> log.ndjson) or name the file with --out',
    ]);
    await expect(exported(['--data-dir', dataDir, '--out', join(tmp.dir, 'no', 'such', 'log.ndjson')])).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('fails when the output refuses a write, even the last one, instead of reporting success', async () => {
    let writes = 0;
    // Takes every write but fails the fourth (the last line) once the writer has moved on.
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        writes++;
        if (writes === 4) setImmediate(() => callback(new Error('no space left on device')));
        else callback();
      },
    });
    const printed: string[] = [];
    await expect(runExportCli(['--data-dir', dataDir], failing, (line) => printed.push(line))).rejects.toThrow(
      'no space left on device',
    );
    expect(printed).toEqual([]);
  });

  it('answers --help with the usage and exit code 0', async () => {
    const result = await exported(['--help']);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.printed).toMatch(/^usage: npm run export -- --data-dir <dir>/);
  });
});

describe('npm run import -- <log.ndjson> --events', () => {
  async function run(argv: string[]) {
    const printed: string[] = [];
    const code = await runEventsImportCli(argv, (line) => printed.push(line));
    return { code, printed: printed.join('\n') };
  }

  it('restores an export into another directory, and again (resuming) without writing anything twice', async () => {
    await importFile(tmp.dir, writeIn(tmp.dir, 'orders.csv', ORDERS), { preset: 'transactions' });
    const file = join(tmp.dir, 'log.ndjson');
    expect((await exported(['--data-dir', join(tmp.dir, 'data'), '--out', file])).code).toBe(0);
    const copy = join(tmp.dir, 'copy');
    expect(await run([file, '--events', '--data-dir', copy])).toEqual({
      code: 0,
      printed: `imported 4 events into ${copy}`,
    });
    expect(await run([file, '--events', '--data-dir', copy, '--resume'])).toMatchObject({ code: 0 });
    const events = await allEvents(copy);
    expect(events.map((e) => e.eventId)).toEqual((await allEvents(join(tmp.dir, 'data'))).map((e) => e.eventId));
  });

  it('refuses a missing --data-dir or file, an unknown option, or a second file, touching nothing', async () => {
    const file = writeIn(tmp.dir, 'log.ndjson', '');
    const before = readdirSync(tmp.dir);
    // The file itself used to be taken for the data directory when --data-dir was missing.
    expect((await run([file, '--events'])).printed).toMatch(/^--data-dir missing\nusage: npm run import/);
    expect((await run(['--events', '--data-dir', join(tmp.dir, 'd')])).printed).toMatch(/^the exported file missing/);
    expect(await run([join(tmp.dir, 'absent.ndjson'), '--events', '--data-dir', join(tmp.dir, 'd')])).toEqual({
      code: 2,
      printed: `no file '${join(tmp.dir, 'absent.ndjson')}': nothing was imported`,
    });
    const unknown = await run([file, '--events', '--data-dir', join(tmp.dir, 'd'), '--batch', '5']);
    expect(unknown.code).toBe(2);
    expect(unknown.printed).toContain("unknown option '--batch'");
    expect((await run([file, file, '--events', '--data-dir', join(tmp.dir, 'd')])).printed).toContain(
      `unexpected '${file}'`,
    );
    expect(readdirSync(tmp.dir)).toEqual(before);
    expect(statSync(file).isFile()).toBe(true);
  });
});
