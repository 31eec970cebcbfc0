// `npm run backup -- --to <dir> [--data-dir d]` and `npm run restore -- --from <dir> --data-dir <d>
// [--force]`: argument handling and exit codes (0 done, 2 refused or usage) for both.
import { existsSync, readdirSync } from 'node:fs';
import { commandLine } from '@ledger/config/cli-args';
import { holdsEventStore } from '@ledger/event-store-sqlite';
import { PAGES_PER_STEP, backupDataDir, type Print } from './sqlite-backup';
import { RestoreRefused, restoreDataDir } from './restore';

const BACKUP_USAGE = 'usage: npm run backup -- --to <empty or new directory> [--data-dir <dir>] [--pages-per-step <n>]';
const RESTORE_USAGE =
  'usage: npm run restore -- --from <backup directory> --data-dir <dir> [--force]  (stop the CRM first)';

export async function runBackupCli(argv: string[], print: Print = console.log): Promise<number> {
  const spec = {
    options: ['to', 'data-dir', 'pages-per-step'],
    flags: [],
    script: 'backup',
    paths: ['to', 'data-dir'],
  };
  const args = commandLine(argv, spec, BACKUP_USAGE, print);
  if (typeof args === 'number') return args;
  const to = args.options['to'];
  const dataDir = args.options['data-dir'] ?? process.env['CRM_DATA_DIR'] ?? 'data';
  if (!to) {
    print(BACKUP_USAGE);
    return 2;
  }
  const pagesPerStep = Number(args.options['pages-per-step'] ?? PAGES_PER_STEP);
  if (!Number.isSafeInteger(pagesPerStep) || pagesPerStep < 1) {
    print('backup refused: --pages-per-step must be a whole number ≥ 1');
    return 2;
  }
  if (!holdsEventStore(dataDir)) {
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
  const spec = { options: ['from', 'data-dir'], flags: ['force'], script: 'restore', paths: ['from', 'data-dir'] };
  const args = commandLine(argv, spec, RESTORE_USAGE, print);
  if (typeof args === 'number') return args;
  const from = args.options['from'];
  const dataDir = args.options['data-dir'];
  if (!from || !dataDir) {
    print(RESTORE_USAGE);
    return 2;
  }
  try {
    restoreDataDir(from, dataDir, print, args.flags.has('force'));
    return 0;
  } catch (error) {
    if (!(error instanceof RestoreRefused)) throw error;
    print(`restore refused: ${error.message}`);
    return 2;
  }
}
