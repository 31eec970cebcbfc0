#!/usr/bin/env node
// Entry point of `npm run import` and the `ledger-import` bin (see libs/import import-cli.ts).
import { runEventsImport } from '@ledger/import/export-cli';
import { runImportCli } from '@ledger/import/import-cli';

const argv = process.argv.slice(2);
const events = argv.includes('--events');
const run = events ? runEventsImport(argv[0], argv[argv.indexOf('--data-dir') + 1]) : runImportCli(argv);
run.then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`import failed: ${error.message}`);
    process.exit(2);
  },
);
