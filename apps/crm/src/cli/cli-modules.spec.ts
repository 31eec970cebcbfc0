// The import and export CLIs load what they use and nothing of the HTTP service: users wait for
// every module loaded before the first row is read. Through the libraries' indexes the import CLI
// loaded 1,483 modules (~320 ms): NestJS's core, controllers and modules, @nestjs/swagger's index,
// the MongoDB driver of the shared key store, prom-client, OpenTelemetry. This pins the lighter
// graph by running each CLI as a user does and listing Node's module cache when it exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(60_000); // each CLI compiles the libraries from source in its own process

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = __dirname;

interface Run {
  modules: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI entry module with its arguments in dir: its module cache at exit, its exit code and output. */
function run(entry: string, args: string[], dir: string): Run {
  const listing = join(dir, `modules-${Math.random().toString(36).slice(2)}.json`);
  const bootstrap = `
    process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listing)}, JSON.stringify(Object.keys(require.cache))));
    process.argv = [process.argv[0], ${JSON.stringify(entry)}, ...${JSON.stringify(args)}];
    require(${JSON.stringify(entry)});`;
  const child = spawnSync(process.execPath, ['-r', join(ROOT, 'tools', 'register-ts.cjs'), '-e', bootstrap], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CRM_LOG_LEVEL: 'silent' },
  });
  const modules = JSON.parse(readFileSync(listing, 'utf8')) as string[];
  return { modules, code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

/** What the HTTP service needs and a CLI working on a data directory does not. */
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
  /\/libs\/(http|commands|personal-data|import|platform)\/src\/index\.ts$/,
];
const heavyIn = (modules: string[]) => modules.filter((file) => HEAVY.some((heavy) => heavy.test(file)));
const loaded = (modules: string[], ...files: string[]) => files.filter((file) => modules.includes(file));

describe('the import and export CLIs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-modules-'));
    writeFileSync(
      join(dir, 'orders.csv'),
      'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n2,B,3,4.5,c2,2026-01-02\n',
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('import into a data directory with the bulk writer and the embedded stores, none of the HTTP service', () => {
    const data = join(dir, 'data');
    const { modules, code, stderr } = run(
      join(CLI, 'import.ts'),
      ['orders.csv', '--preset', 'transactions', '--data-dir', data, '--no-progress'],
      dir,
    );
    expect(stderr).toContain('done: 2 rows');
    expect(code).toBe(0);
    expect(heavyIn(modules)).toEqual([]);
    const commands = join(ROOT, 'libs', 'commands', 'src');
    expect(
      loaded(
        modules,
        join(commands, 'batch-bulk.ts'),
        join(commands, 'command-executor.ts'),
        join(ROOT, 'libs', 'personal-data', 'src', 'sqlite-key-store.ts'),
      ),
    ).toHaveLength(3);

    // The export of what was imported, and its import into an empty directory, load as little.
    const exported = run(join(CLI, 'export.ts'), ['--data-dir', data], dir);
    expect(exported.code).toBe(0);
    expect(heavyIn(exported.modules)).toEqual([]);
    writeFileSync(join(dir, 'log.ndjson'), exported.stdout);
    const reimported = run(join(CLI, 'import.ts'), ['log.ndjson', '--events', '--data-dir', join(dir, 'copy')], dir);
    expect(reimported.stderr).toContain(`imported ${exported.stdout.trim().split('\n').length} events`);
    expect(heavyIn(reimported.modules)).toEqual([]);
  });
});
