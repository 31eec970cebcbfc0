#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim */
// The `ledger-import` command (package.json "bin"): the compiled CLI (`npm run build` first) with
// the workspace's @ledger/* aliases resolved, as `npm run import` does with `node -r`.
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', '..', 'dist');
require(join(dist, 'apps', 'runtime-paths.js'));
require(join(dist, 'apps', 'crm', 'src', 'cli', 'import.js'));
