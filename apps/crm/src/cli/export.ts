#!/usr/bin/env node
// Entry point of `npm run export` (see libs/import export-cli.ts).
import { runExportCli } from '@ledger/import/export-cli';

runExportCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`export failed: ${error.message}`);
    process.exit(2);
  },
);
