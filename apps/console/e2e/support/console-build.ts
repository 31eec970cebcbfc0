// The browser tests run against the console as `npm run build` makes it. The build runs here
// only when dist/console is missing or older than a source file (a few seconds with Vite), under
// a lock: jest runs the browser suites in parallel workers, and two builds emptying the same
// directory would pull the files from under each other's server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
const SOURCES = [
  join(ROOT, 'apps/console/src'),
  join(ROOT, 'apps/console/index.html'),
  join(ROOT, 'apps/console/vite.config.ts'),
];
export const CONSOLE_DIST = join(ROOT, 'dist/console');
const LOCK = join(ROOT, 'dist/.console-build.lock');
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 180_000;

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

const fresh = (): boolean => {
  const index = join(CONSOLE_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= Math.max(...SOURCES.map(newest));
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function withLock(run: () => void): void {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK); // atomic: exactly one worker gets it
      break;
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    run();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export function ensureConsoleBuilt(): void {
  // While another worker builds, its half-written output may look fresh: wait for its lock.
  if (fresh() && !existsSync(LOCK)) return;
  withLock(() => {
    if (fresh()) return; // another worker built it while this one waited
    const started = Date.now();
    execFileSync(
      join(ROOT, 'node_modules/.bin/vite'),
      ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'error'],
      {
        cwd: ROOT,
        stdio: 'inherit',
        // jest sets NODE_ENV=test, which would make Vite bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
    console.log(`[console e2e] console built in ${Date.now() - started} ms`);
  });
}
