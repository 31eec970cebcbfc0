// Entry point of `npm run restore -- --from <dir> --data-dir <dir> [--force]` (see libs/platform backup/).
import { runRestoreCli } from '@ledger/platform';

runRestoreCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`restore failed: ${error.message}`);
    process.exit(2);
  },
);
