// Lets the compiled apps (dist/) resolve the workspace's `@ledger/<lib>` imports with plain
// `node`: TypeScript path aliases are not rewritten by tsc. Preloaded with `node -r` (see the
// `start` script); under jest the moduleNameMapper does the same job, and tools/register-ts.cjs
// for sources run outside jest. `@ledger/<lib>` is the library's index, `@ledger/<lib>/<entry>`
// one module of its src/. The aliases of test-support and contract modules, which are not built,
// are not followed here.
import Module from 'node:module';
import { join } from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
const libs = join(__dirname, '..', 'libs');

/**
 * The module under libs/ that `@ledger/<lib>` (its index) or `@ledger/<lib>/<entry>` names, as
 * tsconfig.base.json's paths map every entry that is built (runtime-paths.spec.ts checks them).
 */
export function libraryModule(request: string): string {
  const [lib, ...entry] = request.slice('@ledger/'.length).split('/');
  return join(lib, 'src', entry.length > 0 ? entry.join('/') : 'index');
}

loader._resolveFilename = function resolveLedger(this: unknown, request: string, ...rest: unknown[]): string {
  if (request.startsWith('@ledger/')) return original.call(this, join(libs, `${libraryModule(request)}.js`), ...rest);
  return original.call(this, request, ...rest);
};
