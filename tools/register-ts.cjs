/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node -r`, so it cannot use import */
// Lets a process or worker thread run the TypeScript sources directly, with no dist/ build (the
// benchmark harness, the e2e children and writer threads under jest): compiles .ts on require
// with @swc/core, using the same options as jest.config.js, and resolves `@ledger/<lib>` to
// libs/<lib>/src/index.ts, `@ledger/<lib>/<entry>` to libs/<lib>/src/<entry>.ts, as runtime-paths.ts does.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const libs = join(__dirname, '..', 'libs');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveLedger(request, ...rest) {
  if (request.startsWith('@ledger/')) {
    const [lib, ...entry] = request.slice('@ledger/'.length).split('/');
    return original.call(
      this,
      join(libs, lib, 'src', entry.length > 0 ? `${entry.join('/')}.ts` : 'index.ts'),
      ...rest,
    );
  }
  return original.call(this, request, ...rest);
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
