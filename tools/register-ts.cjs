/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node -r`, so it cannot use import */
// Lets a process or worker thread run the TypeScript sources directly, with no dist/ build (the
// benchmark harness, the e2e children and writer threads under jest): compiles .ts on require
// with @swc/core, using the same options as jest.config.js, and resolves the `@ledger/...`
// aliases of tsconfig.base.json's paths as jest.config.js does (test-support and contract
// entries included, which dist/ and runtime-paths.ts know nothing of).
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');
const { compilerOptions } = require('../tsconfig.base.json');

const root = join(__dirname, '..');
const aliases = new Map(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, `${target}.ts`]));
const original = Module._resolveFilename;
Module._resolveFilename = function resolveLedger(request, ...rest) {
  const target = aliases.get(request);
  return original.call(this, target === undefined ? request : join(root, target), ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
