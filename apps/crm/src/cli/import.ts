#!/usr/bin/env node
// Entry point of `npm run import` and the `ledger-import` bin (see libs/import import-cli.ts).
// Each command's module is loaded only when asked for, and through its own entry, not the
// library's index: users wait for every module loaded (apps/crm/src/cli/cli-modules.e2e.ts).
const argv = process.argv.slice(2);
// Until the run says otherwise: a process that ended before it settled did not import everything.
process.exitCode = 2;
const run = argv.includes('--events')
  ? import('@ledger/import/export-cli').then(({ runEventsImportCli }) => runEventsImportCli(argv))
  : import('@ledger/import/import-cli').then(({ runImportCli }) => runImportCli(argv));
run.then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`import failed: ${error.message}`);
    process.exit(2);
  },
);

export {}; // a module, not a script: its names stay its own
