#!/usr/bin/env -S node --max-semi-space-size=32
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim */
// The `ledger-import` command (package.json "bin"): the compiled CLI (`npm run build` first) with
// the workspace's @ledger/* aliases resolved, as `npm run import` does with `node -r`, and with its
// young generation: 32 MB semi-spaces (V8's default is 16) collect a chunk's objects half as often;
// importing CDNOW with --data-dir took 6–27% less time and ~40 MB more memory (docs/benchmarks.md).
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', '..', 'dist');
require(join(dist, 'apps', 'runtime-paths.js'));
require(join(dist, 'apps', 'crm', 'src', 'cli', 'import.js'));
