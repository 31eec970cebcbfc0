// Lets the compiled apps (dist/) resolve the workspace's `@ledger/<lib>` imports with plain
// `node`: TypeScript path aliases are not rewritten by tsc. Preloaded with `node -r` (see the
// `start` script); under jest the moduleNameMapper does the same job. `@ledger/<lib>` is the
// library's index, `@ledger/<lib>/<entry>` one module of its src/ (tsconfig.base.json's paths).
import Module from 'node:module';
import { join } from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
const libs = join(__dirname, '..', 'libs');

loader._resolveFilename = function resolveLedger(this: unknown, request: string, ...rest: unknown[]): string {
  if (request.startsWith('@ledger/')) {
    const [lib, ...entry] = request.slice('@ledger/'.length).split('/');
    return original.call(
      this,
      join(libs, lib, 'src', entry.length > 0 ? `${entry.join('/')}.js` : 'index.js'),
      ...rest,
    );
  }
  return original.call(this, request, ...rest);
};
