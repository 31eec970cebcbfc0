// `npm run backup -- --to <dir> [--data-dir d]` and `npm run restore -- --from <dir> --data-dir <d>
// [--force]`: argument handling and exit codes (0 done, 2 refused or usage) for both.
import { existsSync, readdirSync } from 'node:fs';
import { PAGES_PER_STEP, backupDataDir, type Print } from './sqlite-backup';
import { RestoreRefused, restoreDataDir } from './restore';

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

export async function runBackupCli(argv: string[], print: Print = console.log): Promise<number> {
  const to = option(argv, '--to');
  const dataDir = option(argv, '--data-dir') ?? process.env['CRM_DATA_DIR'] ?? 'data';
  if (!to) {
    print('usage: npm run backup -- --to <empty or new directory> [--data-dir <dir>] [--pages-per-step <n>]');
    return 2;
  }
  const pagesPerStep = Number(option(argv, '--pages-per-step') ?? PAGES_PER_STEP);
  if (!Number.isSafeInteger(pagesPerStep) || pagesPerStep < 1) {
    print('backup refused: --pages-per-step must be a whole number ≥ 1');
    return 2;
  }
  if (!existsSync(dataDir) || !existsSync(`${dataDir}/events.sqlite`)) {
    print(`backup refused: '${dataDir}' holds no event store (events.sqlite)`);
    return 2;
  }
  if (existsSync(to) && readdirSync(to).length > 0) {
    print(`backup refused: '${to}' is not empty; back up into a new directory`);
    return 2;
  }
  await backupDataDir(dataDir, to, print, pagesPerStep);
  return 0;
}

export async function runRestoreCli(argv: string[], print: Print = console.log): Promise<number> {
  const from = option(argv, '--from');
  const dataDir = option(argv, '--data-dir');
  if (!from || !dataDir) {
    print('usage: npm run restore -- --from <backup directory> --data-dir <dir> [--force]  (stop the CRM first)');
    return 2;
  }
  try {
    restoreDataDir(from, dataDir, print, argv.includes('--force'));
    return 0;
  } catch (error) {
    if (!(error instanceof RestoreRefused)) throw error;
    print(`restore refused: ${error.message}`);
    return 2;
  }
}
