// `npm run import -- orders.csv` typed in another directory than the repository's: npm runs the
// script from the package's root, so the tool looks for the file, and writes its data and
// rejects, where the user is (INIT_CWD), as a command they typed there would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(60_000); // the CLI compiles the libraries from source in its own process

const ROOT = join(__dirname, '..', '..', '..', '..');
const IMPORT = join(__dirname, 'import.ts');

describe('a tool started by npm from another directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-user-dir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const importFrom = (user: string, script: string) =>
    spawnSync(
      process.execPath,
      ['-r', join(ROOT, 'tools', 'register-ts.cjs'), IMPORT, 'orders.csv', '--preset', 'transactions'].concat([
        '--data-dir',
        'data',
        '--no-progress',
      ]),
      {
        cwd: join(dir, 'package'),
        env: { ...process.env, CRM_LOG_LEVEL: 'silent', INIT_CWD: user, npm_lifecycle_event: script },
        encoding: 'utf8',
      },
    );

  it('reads the files it is given, and writes its data and rejects, where the user typed the command', () => {
    const user = join(dir, 'exports');
    mkdirSync(user);
    mkdirSync(join(dir, 'package'));
    writeFileSync(
      join(user, 'orders.csv'),
      'order_id,sku,quantity,unit_price,customer_id,date\n1,A,1,2,c1,2026-01-01\n2,A,x,2,c1,2026-01-02\n',
    );
    const run = importFrom(user, 'import');
    expect(run.stderr).toContain('done: 2 rows');
    expect(run.status).toBe(1); // one row rejected
    expect(readdirSync(user).sort()).toEqual([
      'data',
      'orders.csv',
      'orders.csv.rejects.csv',
      'orders.csv.rejects.csv.state.json',
    ]);
    expect(readdirSync(join(dir, 'package'))).toEqual([]);
    // Started by another script (a test under `npm test`), it keeps its own working directory.
    const other = importFrom(user, 'test');
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(`no file '${join(dir, 'package', 'orders.csv')}'`);
    expect(existsSync(join(dir, 'package', 'data'))).toBe(false);
  });
});
