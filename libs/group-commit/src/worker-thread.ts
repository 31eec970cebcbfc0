// Starting a writer thread from either build: compiled JavaScript (dist/, where the workspace's
// `@ledger/*` aliases come from the `node -r runtime-paths.js` preload, which worker threads
// inherit) or the TypeScript sources (jest, the e2e children), where the thread loads them
// through tools/register-ts.cjs (SWC with jest.config.js's options, `@ledger/<lib>` → libs/<lib>/src).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * `dir`: the calling module's __dirname; `name`: the entry's file name without extension;
 * `resourceLimits`: the thread's heap sizes, if not V8's defaults.
 */
export function startWorkerThread(
  dir: string,
  name: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) return new Worker(compiled, { workerData, resourceLimits });
  const source = join(dir, `${name}.ts`);
  // libs/<lib>/src/<file>.ts → the repository's tools/register-ts.cjs, the one source-mode loader.
  const loader = join(dir, '..', '..', '..', 'tools', 'register-ts.cjs');
  const bootstrap = `require(${JSON.stringify(loader)}); require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}
