// Entry point of `npm run backup -- --to <dir> [--data-dir data]` (see libs/platform backup/).
import { runBackupCli } from '@ledger/platform';

runBackupCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`backup failed: ${error.message}`);
    process.exit(2);
  },
);
