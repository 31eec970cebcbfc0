// The import and export CLIs load what they use and nothing of the HTTP service: users wait for
// every module loaded before the first row is read. Through the libraries' indexes the import CLI
// loaded 1,483 modules (~320 ms): NestJS's core, controllers and modules, @nestjs/swagger's index,
// the MongoDB driver of the shared key store, prom-client, OpenTelemetry. This pins the lighter
// graph by running each CLI as a user does and listing Node's module cache when it exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrmUnderTest, KEYS } from '../test-support/crm-under-test';

jest.setTimeout(60_000); // each CLI compiles the libraries from source in its own process

const ROOT = join(__dirname, '..', '..', '..', '..');
const IMPORT = join(__dirname, 'import.ts');
const EXPORT = join(__dirname, 'export.ts');

interface Run {
  modules: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI entry module with its arguments in dir: its module cache at exit, its exit code and output. */
async function run(entry: string, args: string[], dir: string): Promise<Run> {
  const listing = join(dir, `modules-${Math.random().toString(36).slice(2)}.json`);
  const bootstrap = `
    process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listing)}, JSON.stringify(Object.keys(require.cache))));
    process.argv = [process.argv[0], ${JSON.stringify(entry)}, ...${JSON.stringify(args)}];
    require(${JSON.stringify(entry)});`;
  // Not spawnSync: the CRM the import over HTTP talks to answers from this process.
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register-ts.cjs'), '-e', bootstrap], {
    cwd: dir,
    env: { ...process.env, CRM_LOG_LEVEL: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { modules: JSON.parse(readFileSync(listing, 'utf8')) as string[], code, stdout, stderr };
}

/** What the HTTP service needs and a CLI does not. */
const HEAVY = [
  /\/node_modules\/@nestjs\/core\//,
  /\/node_modules\/@nestjs\/common\/index\.js$/,
  /\/node_modules\/@nestjs\/swagger\/dist\/index\.js$/,
  /\/node_modules\/rxjs\//,
  /\/node_modules\/mongodb\//,
  /\/node_modules\/prom-client\//,
  /\/node_modules\/@opentelemetry\//,
  /\/node_modules\/kafkajs\//,
  /\/libs\/[^/]+\/src\/.+\.(controller|module)\.ts$/,
  /\/libs\/(http|commands|personal-data|import|platform|projections)\/src\/index\.ts$/,
];
/** Validating commands: the preparation thread's work, or the CRM's. */
const VALIDATION = [/\/node_modules\/class-validator\//, /\/node_modules\/class-transformer\//, /\.dto\.ts$/];
/** The embedded stores. */
const STORES = [/\/node_modules\/better-sqlite3\//, /\/libs\/event-store-sqlite\//, /\/libs\/personal-data\//];

const matching = (modules: string[], patterns: RegExp[]) =>
  modules.filter((file) => patterns.some((pattern) => pattern.test(file)));
const src = (lib: string, file: string) => join(ROOT, 'libs', lib, 'src', file);

const ORDERS = 'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n2,B,3,4.5,c2,2026-01-02\n';

describe('the import and export CLIs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-modules-'));
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('import into a data directory with the bulk writer and the embedded stores, validating on the preparation thread', async () => {
    const data = join(dir, 'data');
    const imported = await run(IMPORT, ['orders.csv', '--preset', 'transactions', '--data-dir', data], dir);
    expect(imported.stderr).toContain('done: 2 rows');
    expect(imported.code).toBe(0);
    expect(matching(imported.modules, HEAVY)).toEqual([]);
    expect(matching(imported.modules, VALIDATION)).toEqual([]);
    expect(imported.modules).toEqual(
      expect.arrayContaining([
        src('commands', 'batch-bulk.ts'),
        src('commands', 'command-executor.ts'),
        src('personal-data', 'sqlite-key-store.ts'),
        src('event-store-sqlite', 'sqlite-event-store.ts'),
      ]),
    );

    // The export of what was imported, and its import into an empty directory, load as little.
    const exported = await run(EXPORT, ['--data-dir', data], dir);
    expect(exported.code).toBe(0);
    expect(matching(exported.modules, [...HEAVY, ...VALIDATION])).toEqual([]);
    writeFileSync(join(dir, 'log.ndjson'), exported.stdout);
    const events = exported.stdout.trim().split('\n').length;
    const copied = await run(IMPORT, ['log.ndjson', '--events', '--data-dir', join(dir, 'copy')], dir);
    expect(copied.stderr).toContain(`imported ${events} events`);
    expect(matching(copied.modules, [...HEAVY, ...VALIDATION])).toEqual([]);
  });

  it('import over HTTP without the embedded stores or the validation, which the CRM does', async () => {
    const crm = await CrmUnderTest.start();
    try {
      const args = ['orders.csv', '--preset', 'transactions', '--url', crm.url, '--api-key', KEYS.channel];
      const imported = await run(IMPORT, args, dir);
      expect(imported.stderr).toContain('done: 2 rows');
      expect(imported.code).toBe(0);
      expect(matching(imported.modules, [...HEAVY, ...VALIDATION, ...STORES])).toEqual([]);
      expect(imported.modules).toContain(src('import', 'sinks.ts'));
    } finally {
      await crm.stop();
    }
  });

  it('--dry-run validates on the main thread and opens no store', async () => {
    const checked = await run(IMPORT, ['orders.csv', '--preset', 'transactions', '--dry-run'], dir);
    expect(checked.stderr).toContain('done: 2 rows');
    expect(matching(checked.modules, [...HEAVY, ...STORES])).toEqual([]);
    expect(checked.modules).toEqual(expect.arrayContaining([src('commands', 'batch-item-prepare.ts')]));
  });
});
