// Lets the compiled apps (dist/) resolve the workspace's `@ledger/<lib>` imports with plain
// `node`: TypeScript path aliases are not rewritten by tsc. Imported first by every main.ts;
// under jest the moduleNameMapper does the same job and this file is never loaded.
import Module = require('node:module');
import { join } from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
const libs = join(__dirname, '..', 'libs');

loader._resolveFilename = function resolveLedger(this: unknown, request: string, ...rest: unknown[]): string {
  if (request.startsWith('@ledger/')) {
    return original.call(this, join(libs, request.slice('@ledger/'.length), 'src', 'index.js'), ...rest);
  }
  return original.call(this, request, ...rest);
};
