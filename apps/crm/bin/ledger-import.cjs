#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim */
// The `ledger-import` command (package.json "bin"): the compiled CLI (`npm run build` first) with
// the workspace's @ledger/* aliases resolved, as `npm run import` does with `node -r`. That script
// also gives node 32 MB semi-spaces (V8's default is 16): 9–27% more rows/s importing CDNOW with
// --data-dir, ~40 MB more memory (docs/benchmarks.md). A shebang cannot pass it everywhere (`env -S`
// is not in BusyBox's env): here it is NODE_OPTIONS=--max-semi-space-size=32, if wanted (README).
const { join } = require('node:path');
const dist = join(__dirname, '..', '..', '..', 'dist');
require(join(dist, 'apps', 'runtime-paths.js'));
require(join(dist, 'apps', 'crm', 'src', 'cli', 'import.js'));
