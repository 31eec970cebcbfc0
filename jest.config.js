// One jest run over the workspace: unit and contract tests beside the code (*.spec.ts),
// end-to-end tests of the running apps (*.e2e.ts). TypeScript is compiled by SWC.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/bench', '<rootDir>/docker'],
  testMatch: ['**/*.spec.ts', '**/*.e2e.ts'],
  moduleNameMapper,
  // openid-client and its two dependencies are ES modules only: SWC turns them into CommonJS
  // like our own files (Node itself loads them with require(), jest's loader does not).
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  transform: {
    '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  testTimeout: 30000,
  // Twice in a few dozen CI runs jest did not exit after every suite had passed (the suites run in
  // one process); the cause is not found. The summary reporter names what is still open, and jest
  // exits instead of hanging CI.
  forceExit: true,
  reporters: ['default', '<rootDir>/.ci/jest-summary-reporter.js'],
};
