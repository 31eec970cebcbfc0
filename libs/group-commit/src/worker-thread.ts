// Starting a writer thread from either build: compiled JavaScript (dist/, where the workspace's
// `@ledger/*` aliases come from the `node -r runtime-paths.js` preload, which worker threads
// inherit) or the TypeScript sources (jest, the e2e children), where the thread compiles .ts on
// require with SWC (jest.config.js's options) and resolves `@ledger/<lib>` to libs/<lib>/src.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** `dir`: the calling module's __dirname; `name`: the entry's file name without extension. */
export function startWorkerThread(dir: string, name: string, workerData: unknown): Worker {
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) return new Worker(compiled, { workerData });
  const source = join(dir, `${name}.ts`);
  // libs/<lib>/src/<file>.ts → libs/
  const libs = join(dir, '..', '..');
  const swc = require.resolve('@swc/core');
  const bootstrap = `
    const Module = require('node:module');
    const { join } = require('node:path');
    const { readFileSync } = require('node:fs');
    const { transformSync } = require(${JSON.stringify(swc)});
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request.startsWith('@ledger/')) {
        request = join(${JSON.stringify(libs)}, request.slice('@ledger/'.length), 'src', 'index.ts');
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
      });
      module._compile(code, filename);
    };
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}
