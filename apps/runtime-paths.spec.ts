// The compiled apps resolve `@ledger/...` by a rule (runtime-paths.ts), jest and the source-mode
// loader by tsconfig.base.json's paths: every alias of a module that is built must follow the rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { libraryModule } from './runtime-paths';

const { compilerOptions } = JSON.parse(readFileSync(join(__dirname, '..', 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
/** What tsconfig.build.json leaves out of dist/. */
const notBuilt = (target: string) => /\/test-support\/|\.contract$/.test(target);

describe('runtime-paths', () => {
  const aliases = Object.entries(compilerOptions.paths).filter(([alias]) => alias.startsWith('@ledger/'));

  it.each(aliases.filter(([, [target]]) => !notBuilt(target)))(
    'finds %s where tsconfig.base.json says',
    (alias, [target]) => {
      expect(join('libs', libraryModule(alias))).toBe(join(target));
    },
  );

  it('is asked for none of the others by what is built', () => {
    const testOnly = aliases.filter(([, [target]]) => notBuilt(target)).map(([alias]) => alias);
    expect(testOnly).toContain('@ledger/event-store/contract');
    const root = join(__dirname, '..');
    const built = ['apps', 'libs', 'tools', 'bench'].flatMap((dir) => sources(join(root, dir)));
    expect(built.length).toBeGreaterThan(300);
    const offending = built.filter((file) =>
      testOnly.some((alias) => readFileSync(file, 'utf8').includes(`'${alias}'`)),
    );
    expect(offending).toEqual([]);
  });
});

/** The .ts files tsconfig.build.json compiles under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'test-support', 'contract', 'console'].includes(entry.name) ? [] : sources(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|e2e|contract)\.ts$/.test(entry.name) ? [path] : [];
  });
}
