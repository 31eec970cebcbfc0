// Entry point of `npm run verify -- --data-dir data` (see libs/audit verify-cli.ts).
import { runVerifyCli } from '@ledger/audit';

runVerifyCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`verify failed: ${error.message}`);
    process.exit(2);
  },
);
