// The browser tests run against the console as `npm run build` makes it. The build runs here
// only when dist/console is missing or older than a source file (a second or two with Vite).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
const SOURCES = [
  join(ROOT, 'apps/console/src'),
  join(ROOT, 'apps/console/index.html'),
  join(ROOT, 'apps/console/vite.config.ts'),
];
export const CONSOLE_DIST = join(ROOT, 'dist/console');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...SOURCES.map(newest))) return;
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
}
