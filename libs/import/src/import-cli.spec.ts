// The CLI refuses arguments it cannot use (unknown options, values missing or out of range)
// before opening anything.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { runImportCli } from './import-cli';
import { tempDirs, writeIn } from './test-support/import-fixtures';

const tmp = tempDirs();

describe('import CLI options', () => {
  it.each([
    ['--concurrency', '0'],
    ['--concurrency', 'many'],
    ['--batch', '2.5'],
    ['--state-cache-mb', '0'],
    ['--threads', '0'],
  ])('refuses %s %s with exit code 2 and says why', async (option, value) => {
    const file = writeIn(
      tmp.dir,
      'orders.csv',
      'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n',
    );
    const printed: string[] = [];
    const code = await runImportCli([file, '--preset', 'transactions', '--dry-run', option, value], (line) =>
      printed.push(line),
    );
    expect(code).toBe(2);
    expect(printed.join('\n')).toContain(`${option} takes a whole number of at least 1`);
  });
});

describe('import CLI arguments', () => {
  const orders = () =>
    writeIn(tmp.dir, 'orders.csv', 'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n');
  async function run(argv: string[]) {
    const printed: string[] = [];
    const code = await runImportCli(argv, (line) => printed.push(line));
    return { code, printed: printed.join('\n') };
  }

  it.each([
    [['--reusme'], "unknown option '--reusme'"],
    [['--batch'], '--batch needs a value'],
    [['--batch', '--resume'], '--batch needs a value'],
    [['--resume=yes'], '--resume takes no value'],
    [['--format', 'xml'], "--format must be one of csv, ndjson, whitespace, got 'xml'"],
    [
      ['--preset', 'orders'],
      "--preset must be one of transactions, contacts, customers, campaign-touches, got 'orders'",
    ],
    [['second.csv'], "unexpected 'second.csv'"],
  ])('refuses %j with exit code 2, naming what is wrong, before reading anything', async (argv, reason) => {
    const file = orders();
    const dataDir = join(tmp.dir, 'data');
    const result = await run([file, '--preset', 'transactions', '--data-dir', dataDir, ...argv]);
    expect(result.code).toBe(2);
    expect(result.printed).toContain(reason);
    // Nothing opened: no data directory, no rejects file.
    expect(readdirSync(tmp.dir)).toEqual(['orders.csv']);
  });

  it('refuses --threads but with --data-dir, and writes nothing', async () => {
    const file = orders();
    for (const target of [['--dry-run'], ['--url', 'http://localhost:1', '--api-key', 'k']]) {
      const result = await run([file, '--preset', 'transactions', ...target, '--threads', '2']);
      expect(result.code).toBe(2);
      expect(result.printed).toMatch(/^--threads is for --data-dir/);
    }
    expect(readdirSync(tmp.dir)).toEqual(['orders.csv']);
    const dataDir = join(tmp.dir, 'data');
    const cores = availableParallelism();
    const result = await run([file, '--preset', 'transactions', '--data-dir', dataDir, '--threads', `${cores + 1}`]);
    expect(result.code).toBe(2);
    expect(result.printed).toMatch(new RegExp(`^--threads ${cores + 1}: this machine has ${cores} cores`));
    expect(readdirSync(tmp.dir)).toEqual(['orders.csv']);
  });

  it('answers --help with every option and exit code 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.printed).toContain('\nusage: npm run import -- <file> (--preset <name> | --mapping <m.json>)');
    for (const option of ['--preset <name>', '--data-dir <dir>', '--resume', '--rejects <f.csv>', '--events']) {
      expect(result.printed).toContain(option);
    }
  });

  it.each([
    [[], 'the file to import missing'],
    [['orders.csv', '--data-dir', 'd'], "--preset or --mapping missing: what does 'orders.csv' hold?"],
    [['orders.csv', '--preset', 'transactions'], 'where to import missing: --data-dir <dir> (the CRM stopped)'],
    [['orders.csv', '--preset', 'transactions', '--url', 'http://x'], '--api-key missing'],
    [['orders.csv', '--preset', 'transactions', '--api-key', 'k'], '--url missing'],
    [
      ['orders.csv', '--preset', 'transactions', '--url', 'localhost', '--api-key', 'k'],
      "--url must be the CRM's address",
    ],
    [
      ['orders.csv', '--preset', 'transactions', '--url', 'ftp://h', '--api-key', 'k'],
      '--url must be an http or https',
    ],
  ])('names what %j lacks (exit code 2, then the usage)', async (argv, reason) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.printed).toMatch(new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\nusage: `, 's'));
  });

  it('refuses a file without the columns its preset needs, or a broken mapping, before creating the data directory', async () => {
    const file = writeIn(
      tmp.dir,
      'kasse.csv',
      'Kunde;Beleg;Datum;Artikel;Menge;Preis\nk-1;B-1;2025-12-31;Brot;2;1,5\n',
    );
    const dataDir = join(tmp.dir, 'data');
    const refused = await run([file, '--preset', 'transactions', '--data-dir', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.printed).toMatch(
      new RegExp(`^'${file}' has no column for customer \\(looked for customer_id, .*; nothing was imported$`),
    );
    const mapping = writeIn(tmp.dir, 'kasse.json', '{"preset":"transactions","fields":{"kunde":"Kunde"}}');
    const broken = await run([file, '--mapping', mapping, '--data-dir', dataDir]);
    expect(broken.code).toBe(2);
    expect(broken.printed).toContain(
      `mapping file '${mapping}': "fields.kunde": the transactions preset has no field kunde`,
    );
    expect(readdirSync(tmp.dir).sort()).toEqual(['kasse.csv', 'kasse.json']);
  });

  it('refuses a file that is not there before creating the data directory', async () => {
    const dataDir = join(tmp.dir, 'data');
    const missing = join(tmp.dir, 'ordres.csv');
    expect(await run([missing, '--preset', 'transactions', '--data-dir', dataDir])).toEqual({
      code: 2,
      printed: `no file '${missing}': nothing was imported`,
    });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('refuses a directory or a pipe as the file, saying what it is', async () => {
    const dataDir = join(tmp.dir, 'data');
    const rejects = ['--rejects', join(tmp.dir, 'r.csv')]; // should it import, not in the directory jest runs in
    const dir = join(tmp.dir, 'exports');
    mkdirSync(dir);
    expect(await run([dir, '--preset', 'transactions', '--data-dir', dataDir, ...rejects])).toEqual({
      code: 2,
      printed: `'${dir}' is a directory, not a file: nothing was imported`,
    });
    const pipe = join(tmp.dir, 'orders.csv');
    execFileSync('mkfifo', [pipe]);
    expect(await run([pipe, '--preset', 'transactions', '--data-dir', dataDir, ...rejects])).toEqual({
      code: 2,
      printed: `'${pipe}' is not a file (a pipe or a device): the importer reads a file on disk: nothing was imported`,
    });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a file in UTF-16, or with NUL bytes in its first line, instead of finding no columns in it', async () => {
    const dataDir = join(tmp.dir, 'data');
    const rejects = ['--rejects', join(tmp.dir, 'r.csv')]; // should it import, not in the directory jest runs in
    const text = 'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n';
    const le = join(tmp.dir, 'le.csv');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await run([le, '--preset', 'transactions', '--data-dir', dataDir, ...rejects])).toEqual({
      code: 2,
      printed: `'${le}' is UTF-16 text (save it as UTF-8); nothing was imported`,
    });
    const bare = join(tmp.dir, 'bare.ndjson');
    writeFileSync(bare, Buffer.from('{"customer_id":"c1"}\n', 'utf16le'));
    expect(await run([bare, '--preset', 'transactions', '--data-dir', dataDir, ...rejects])).toEqual({
      code: 2,
      printed: `'${bare}' has NUL bytes in its first line: not UTF-8 text (UTF-16 or binary?); nothing was imported`,
    });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says a header that is not UTF-8 is why its columns are not found', async () => {
    const file = join(tmp.dir, 'latin1.csv');
    writeFileSync(
      file,
      Buffer.from('order_id,sku,qt\xe9,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n', 'latin1'),
    );
    const result = await run([file, '--preset', 'transactions', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.printed).toContain(
      'quantity (looked for quantity, qty) (its first line is not valid UTF-8: save the file as UTF-8)',
    );
  });

  it('refuses a file naming a column it reads twice: only one would be imported, silently', async () => {
    const dataDir = join(tmp.dir, 'data');
    const rejects = ['--rejects', join(tmp.dir, 'r.csv')]; // should it import, not in the directory jest runs in
    const header = 'order_id,customer_id,sku,quantity,unit_price,customer_id,date,note,note';
    const file = writeIn(tmp.dir, 'twice.csv', `${header}\n1,c1,A,1,2,c9,2026-01-01,x,y\n`);
    expect(await run([file, '--preset', 'transactions', '--data-dir', dataDir, ...rejects])).toEqual({
      code: 2,
      printed:
        `'${file}' names the column 'customer_id' more than once: which one to import is not said; ` +
        'rename the others; nothing was imported',
    });
    expect(existsSync(dataDir)).toBe(false);
    // A repeated column no field reads is no question.
    const notes = writeIn(tmp.dir, 'notes.csv', 'order_id,customer_id,sku,quantity,unit_price,date,note,note\n');
    expect(
      (await run([notes, '--preset', 'transactions', '--dry-run', '--rejects', join(tmp.dir, 'r.csv')])).code,
    ).toBe(0);
  });

  // Found at the first reject or checkpoint, such a place stopped the import with batches written.
  it('refuses a rejects or state file it could not write, and a data directory that is a file, before opening anything', async () => {
    const file = orders();
    const dataDir = join(tmp.dir, 'data');
    const cases: [string[], string][] = [
      [['--rejects', join(tmp.dir, 'none', 'r.csv')], `--rejects: no directory '${join(tmp.dir, 'none')}'`],
      [['--rejects', tmp.dir], `--rejects '${tmp.dir}' is a directory, not a file`],
      [
        ['--rejects', join(tmp.dir, 'r.csv'), '--state', join(tmp.dir, 'none', 's.json')],
        `--state: no directory '${join(tmp.dir, 'none')}'`,
      ],
      [['--rejects', join(tmp.dir, 'r.csv'), '--data-dir', file], `--data-dir '${file}' is a file, not a directory`],
    ];
    for (const [argv, reason] of cases) {
      const result = await run([file, '--preset', 'transactions', '--data-dir', dataDir, ...argv]);
      expect(result).toEqual({ code: 2, printed: `${reason}; nothing was imported` });
    }
    expect(readdirSync(tmp.dir)).toEqual(['orders.csv']);
  });

  // The rejects file is removed as an import begins, the state file replaced at each checkpoint.
  it('refuses a rejects or state file that is the file to import, the mapping or each other, leaving them be', async () => {
    const file = orders();
    const mapping = writeIn(tmp.dir, 'm.json', '{"preset":"transactions"}');
    const link = join(tmp.dir, 'link.csv');
    fs.linkSync(file, link);
    const rejects = join(tmp.dir, 'r.csv');
    const cases: [string[], string][] = [
      [['--preset', 'transactions', '--dry-run', '--rejects', file], `--rejects '${file}' is the file to import`],
      [['--preset', 'transactions', '--dry-run', '--rejects', link], `--rejects '${link}' is the file to import`],
      [['--mapping', mapping, '--dry-run', '--rejects', mapping], `--rejects '${mapping}' is the mapping file`],
      [
        ['--preset', 'transactions', '--data-dir', join(tmp.dir, 'data'), '--rejects', rejects, '--state', file],
        `--state '${file}' is the file to import`,
      ],
      [
        ['--preset', 'transactions', '--data-dir', join(tmp.dir, 'data'), '--rejects', rejects, '--state', rejects],
        `--state '${rejects}' is the rejects file`,
      ],
    ];
    for (const [argv, reason] of cases) {
      expect(await run([file, ...argv])).toEqual({ code: 2, printed: `${reason}: name another; nothing was imported` });
    }
    expect(readFileSync(file, 'utf8')).toBe(
      'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n',
    );
    expect(readdirSync(tmp.dir).sort()).toEqual(['link.csv', 'm.json', 'orders.csv']);
  });

  it('refuses a data directory it cannot write in, before opening anything', async () => {
    const file = orders();
    const rejects = ['--rejects', join(tmp.dir, 'r.csv')];
    const readOnly = join(tmp.dir, 'read-only');
    mkdirSync(readOnly);
    // A read-only file system, which refuses root too (a directory's mode does not).
    const access = jest.spyOn(fs, 'accessSync').mockImplementation((path) => {
      if (String(path).startsWith(readOnly)) throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
    });
    try {
      for (const dataDir of [readOnly, join(readOnly, 'new', 'data')]) {
        expect(await run([file, '--preset', 'transactions', '--data-dir', dataDir, ...rejects])).toEqual({
          code: 2,
          printed: `--data-dir: '${readOnly}' cannot be written in; nothing was imported`,
        });
      }
    } finally {
      access.mockRestore();
    }
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it('says a state file it cannot read is not progress it saved, naming it', async () => {
    const rejects = join(tmp.dir, 'r.csv');
    const args = [orders(), '--preset', 'transactions', '--data-dir', join(tmp.dir, 'data'), '--rejects', rejects];
    writeFileSync(`${rejects}.state.json`, '{"identity":');
    await expect(run([...args, '--resume'])).rejects.toThrow(
      `${rejects}.state.json is not progress an import saved (Unexpected end of JSON input); remove it or drop --resume`,
    );
    writeFileSync(`${rejects}.state.json`, '{"identity":"x","lastRow":"2"}');
    await expect(run([...args, '--resume'])).rejects.toThrow(
      `${rejects}.state.json is not progress an import saved (no last row); remove it or drop --resume`,
    );
  });

  it('lists the values kept as given but not recognised after the summary, most frequent first', async () => {
    const file = writeIn(
      tmp.dir,
      'countries.csv',
      'order_id,sku,quantity,unit_price,customer_id,date,country\n' +
        '1,A,1,2,c1,2026-01-01,Atlantis\n2,A,1,2,c2,2026-01-01,Lemuria\n3,A,1,2,c3,2026-01-01,Lemuria\n',
    );
    const result = await run([file, '--preset', 'transactions', '--dry-run', '--rejects', join(tmp.dir, 'r.csv')]);
    expect(result.code).toBe(0);
    expect(result.printed).toMatch(
      /\nkept as given, not recognised:\n {2}2 × country: 'Lemuria' [^\n]+\n {2}1 × country: 'Atlantis' /,
    );
  });

  it('says after the summary how many customers were registered as of a later row than one of theirs', async () => {
    const file = writeIn(
      tmp.dir,
      'newest-first.csv',
      'order_id,sku,quantity,unit_price,customer_id,date\n' +
        '3,A,1,2,c1,2026-03-01\n2,A,1,2,c1,2026-02-01\n4,A,1,2,c2,2026-02-01\n1,A,1,2,c2,2026-01-01\n',
    );
    const rejects = ['--rejects', join(tmp.dir, 'r.csv')]; // not in the directory jest runs in
    const result = await run([file, '--preset', 'transactions', '--data-dir', join(tmp.dir, 'data'), ...rejects]);
    expect(result.code).toBe(0);
    expect(result.printed).toMatch(/\nnoticed:\n {2}2 × occurredAt: customers registered as of a row dated after /);
    expect(result.printed).toContain('import the file with --earliest-dates into a CRM that does not know them yet');
    const again = await run([
      file,
      '--preset',
      'transactions',
      '--data-dir',
      join(tmp.dir, 'data2'),
      '--earliest-dates',
      ...rejects,
    ]);
    expect(again.code).toBe(0);
    expect(again.printed).not.toContain('noticed');
  });

  it('refuses --data-dir while the CRM has the data directory open, and writes nothing', async () => {
    const dataDir = join(tmp.dir, 'data');
    const rejects = join(tmp.dir, 'r.csv');
    expect((await run([orders(), '--preset', 'transactions', '--data-dir', dataDir, '--rejects', rejects])).code).toBe(
      0,
    );
    const crm = openEmbeddedEventStore(dataDir); // as the running CRM holds it
    try {
      const before = (await crm.readAll({})).length;
      const result = await run([orders(), '--preset', 'transactions', '--data-dir', dataDir, '--rejects', rejects]);
      expect(result).toEqual({
        code: 2,
        printed: `'${dataDir}' is in use by a running CRM or another import: import into the CRM over HTTP (--url, --api-key), or when it is stopped; nothing was imported`,
      });
      expect((await crm.readAll({})).length).toBe(before);
    } finally {
      await crm.close();
    }
  });

  it('refuses --earliest-dates for an import that registers no one', async () => {
    const file = orders();
    const dataDir = join(tmp.dir, 'data');
    // A customers file's rows are registrations: it registers no one else, whatever it says.
    const customers = writeIn(
      tmp.dir,
      'customers.json',
      JSON.stringify({ preset: 'customers', createCustomers: true }),
    );
    for (const args of [
      ['--preset', 'customers'],
      ['--mapping', customers],
      ['--preset', 'transactions', '--no-create-customers'],
    ]) {
      const result = await run([file, ...args, '--data-dir', dataDir, '--earliest-dates']);
      expect(result.code).toBe(2);
      expect(result.printed).toMatch(
        /^--earliest-dates dates the customers the import registers: this one registers none/,
      );
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says so when --resume finds no saved progress, and imports from the first row', async () => {
    const file = orders();
    const rejects = join(tmp.dir, 'orders.rejects.csv');
    const dataDir = join(tmp.dir, 'data');
    const result = await run([
      file,
      '--preset',
      'transactions',
      '--data-dir',
      dataDir,
      '--resume',
      '--rejects',
      rejects,
    ]);
    expect(result.code).toBe(0);
    expect(result.printed).toContain(`--resume: no progress saved in ${rejects}.state.json`);
    expect(result.printed).toContain('done: 1 rows');
  });

  it("keeps a dry run off a real import's progress and rejects: its own rejects file, no checkpoint", async () => {
    const file = writeIn(
      tmp.dir,
      'orders.csv',
      'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n2,A,x,2,c1,2026-01-02\n',
    );
    const rejects = join(tmp.dir, 'orders.csv.rejects.csv');
    const dataDir = join(tmp.dir, 'data');
    // A real import that rejected row 2 and checkpointed row 2 …
    const real = await run([file, '--preset', 'transactions', '--data-dir', dataDir, '--rejects', rejects]);
    expect(real.code).toBe(1);
    const state = readFileSync(`${rejects}.state.json`, 'utf8');
    // … then a dry run: its rejects beside, the real ones and the checkpoint untouched.
    const cwd = process.cwd();
    process.chdir(tmp.dir);
    try {
      expect((await run([file, '--preset', 'transactions', '--dry-run'])).code).toBe(1);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(tmp.dir, 'orders.csv.dry-run.rejects.csv'), 'utf8')).toContain('\r\n2,quantity,');
    expect(readFileSync(rejects, 'utf8')).toContain('\r\n2,quantity,');
    expect(readFileSync(`${rejects}.state.json`, 'utf8')).toBe(state);
    expect(existsSync(join(tmp.dir, 'orders.csv.dry-run.rejects.csv.state.json'))).toBe(false);
    const both = await run([file, '--preset', 'transactions', '--dry-run', '--resume']);
    expect(both.code).toBe(2);
    expect(both.printed).toContain('--dry-run checks the whole file and keeps no progress');
  });
});
