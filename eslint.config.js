// Lint: typescript-eslint recommended rules, prettier compatibility, and the Nx module
// boundaries that DESIGN.md states: domain depends on nothing, the analytics engine only on the
// domain, adapters never import features, features never import the composition root
// (libs/platform, which wires adapters to ports); apps import the root, features, configuration
// and utilities. The console (a browser app) reads the server libraries' types, never their code:
// type-only imports, values only from the pure vocabulary module. Type-aware rules catch promises nobody awaits: in this async code a forgotten
// `await` loses an error or reorders a write.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

const FEATURE_DEPENDENCIES = [
  'type:feature',
  'type:engine',
  'type:adapter',
  'type:port',
  'type:domain',
  'type:config',
  'type:util',
];

// The pure domain does no I/O and knows no framework or driver (DESIGN.md).
const DOMAIN_BANNED = ['@nestjs/*', 'kafkajs', 'mongodb', 'better-sqlite3'];
const DOMAIN_BANNED_BUILTINS = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];

// Server modules whose values the console may bundle: pure, no Node built-ins, no framework.
const CONSOLE_VALUE_MODULES = ['@ledger/domain/vocabulary'];

/** Roots of the projects tagged `type:domain`, read from their project.json. */
function domainRoots() {
  return ['apps', 'libs'].flatMap((dir) =>
    readdirSync(join(__dirname, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(__dirname, dir, entry.name, 'project.json')))
      .filter((entry) => {
        const project = JSON.parse(readFileSync(join(__dirname, dir, entry.name, 'project.json'), 'utf8'));
        return (project.tags ?? []).includes('type:domain');
      })
      .map((entry) => `${dir}/${entry.name}`),
  );
}

/** `testsMayCompose`: a feature's end-to-end tests may start whole services through the root. */
function boundaries(testsMayCompose = false) {
  const feature = testsMayCompose ? [...FEATURE_DEPENDENCIES, 'type:composition'] : FEATURE_DEPENDENCIES;
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      // The rule keeps a lazily imported library out of a bundle's first chunk. Nothing here is
      // bundled: the command-line tools import these libraries' entries lazily only so that a run
      // loads the modules it uses (apps/crm/src/cli/cli-modules.e2e.ts); elsewhere, statically.
      checkDynamicDependenciesExceptions: ['@ledger/commands', '@ledger/import'],
      allow: [],
      depConstraints: [
        {
          sourceTag: 'type:domain',
          onlyDependOnLibsWithTags: ['type:domain'],
          bannedExternalImports: DOMAIN_BANNED,
        },
        // The query-time analytics engine (in-memory caches over read-model documents) reads
        // the domain and the projections' documents; neither of those may import it.
        { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:domain', 'type:engine'] },
        { sourceTag: 'type:port', onlyDependOnLibsWithTags: ['type:domain', 'type:port'] },
        { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:util'] },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:util'] },
        { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:domain', 'type:port', 'type:util'] },
        // Features get ports and tokens from the port libraries, never from the composition root.
        { sourceTag: 'type:feature', onlyDependOnLibsWithTags: feature },
        { sourceTag: 'type:composition', onlyDependOnLibsWithTags: [...FEATURE_DEPENDENCIES, 'type:composition'] },
        // The console's imports of server libraries are type-only (see CONSOLE_VALUE_MODULES):
        // it may read any library's types but the composition root's.
        { sourceTag: 'type:console', onlyDependOnLibsWithTags: FEATURE_DEPENDENCIES },
        // Benchmarks and the container-image tests measure and drive whole services and adapters.
        { sourceTag: 'type:harness', onlyDependOnLibsWithTags: ['*'] },
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: ['type:composition', 'type:feature', 'type:config', 'type:util'],
        },
      ],
    },
  ];
}

module.exports = [
  { ignores: ['node_modules/**', 'dist/**', 'data/**', '.cache/**', 'coverage/**', '.nx/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(),
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Node built-ins are no npm projects, so bannedExternalImports cannot see them. Tests may
    // read their fixtures from disk.
    files: domainRoots().map((root) => `${root}/**/*.ts`),
    ignores: ['**/*.spec.ts', '**/*.e2e.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: DOMAIN_BANNED_BUILTINS.map((name) => ({ name, message: 'the domain does no I/O' })) },
      ],
    },
  },
  {
    // What the console ships runs in a browser: a value imported from a server library would pull
    // NestJS or Node code into the bundle. Its specs run in Node and may compare with the server.
    files: ['apps/console/src/**/*.ts', 'apps/console/src/**/*.tsx'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@ledger/(?!(${CONSOLE_VALUE_MODULES.map((name) => name.slice('@ledger/'.length)).join('|')})$)`,
              allowTypeImports: true,
              message: `the console imports only types from server libraries (\`import type\`); values only from ${CONSOLE_VALUE_MODULES.join(', ')}`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.e2e.ts', '**/test-support/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // Tests read HTTP replies and fixtures whose shape each assertion states itself.
    files: ['**/*.spec.ts', '**/*.e2e.ts', '**/*.contract.ts', '**/test-support/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
