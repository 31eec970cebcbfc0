// `npm run build` (and so every `npm start`): the server code with TypeScript's `tsc -b`, which
// keeps a build-info file in dist/.tsbuildinfo and, when no source changed, checks and returns in
// about a second instead of compiling for twenty; the console (build-console.js, skipped when
// its inputs are unchanged) builds in a second process meanwhile.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');
const { buildConsole } = require('./build-console');

const ROOT = join(__dirname, '..');

/** tsc -b trusts its build-info, not the outputs: a build missing an entry point starts over. */
function entriesMissing() {
  const apps = readdirSync(join(ROOT, 'apps')).filter((app) => existsSync(join(ROOT, 'apps', app, 'src/main.ts')));
  return [
    join(ROOT, 'dist/apps/runtime-paths.js'),
    ...apps.map((app) => join(ROOT, 'dist/apps', app, 'src/main.js')),
  ].some((entry) => !existsSync(entry));
}

/** `tsc -b tsconfig.build.json`, in this process (one Node start fewer on every `npm start`). */
function buildServer() {
  const format = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  const report = (diagnostic) => process.stderr.write(ts.formatDiagnosticsWithColorAndContext([diagnostic], format));
  const host = ts.createSolutionBuilderHost(ts.sys, undefined, report, () => undefined);
  const builder = ts.createSolutionBuilder(host, [join(ROOT, 'tsconfig.build.json')], { force: entriesMissing() });
  return builder.build() === ts.ExitStatus.Success;
}

async function main() {
  const consoleBuilt = buildConsole();
  const compiled = buildServer();
  if (consoleBuilt) await consoleBuilt;
  if (!compiled) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
