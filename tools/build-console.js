// Builds the console (Vite) into dist/console unless the build there was made from the same
// inputs: `npm start` builds every time, and a Vite build costs ~10 s on this machine while
// hashing the inputs costs milliseconds. Contents, not modification times, decide, so a
// checkout that leaves the files unchanged does not rebuild. `--force` always builds.
const { createHash } = require('node:crypto');
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const CONSOLE = join(ROOT, 'apps/console');
const OUT = join(ROOT, 'dist/console');
// Beside dist/console, not in it: the servers serve that directory as it is.
const STAMP = join(ROOT, 'dist/console.inputs-sha256');
// What the bundle is made from: the console's sources and config, and the installed packages.
const INPUTS = [
  join(CONSOLE, 'src'),
  join(CONSOLE, 'public'),
  join(CONSOLE, 'index.html'),
  join(CONSOLE, 'vite.config.ts'),
  join(CONSOLE, 'tsconfig.json'),
  // The one server module whose values the console bundles (its other server imports are types).
  join(ROOT, 'libs/domain/src/vocabulary.ts'),
  join(ROOT, 'package-lock.json'),
];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files)) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Starts the build if needed: null when dist/console is up to date, else its completion. */
function buildConsole(force = false) {
  const wanted = inputsHash();
  const built = existsSync(STAMP) && existsSync(join(OUT, 'index.html')) ? readFileSync(STAMP, 'utf8') : '';
  if (built === wanted && !force) return null;
  rmSync(STAMP, { force: true }); // a failed or interrupted build leaves no stamp
  const vite = spawn(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  return new Promise((resolve, reject) => {
    vite.on('error', reject);
    vite.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`console build failed (${signal ?? `exit ${code}`})`));
      mkdirSync(join(ROOT, 'dist'), { recursive: true });
      writeFileSync(STAMP, wanted);
      resolve();
    });
  });
}

module.exports = { buildConsole };

if (require.main === module) {
  const building = buildConsole(process.argv.includes('--force'));
  if (!building) console.log('console: dist/console is up to date');
  else
    building.catch((error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
