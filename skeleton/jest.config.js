/** @type {import('jest').Config} */
module.exports = {
  // Transpile only (each file on its own): `npm run build` and `npm run lint` type-check the whole
  // program once with tsc, so ts-jest need not type-check it again for every test file.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
  testEnvironment: 'node',
  // Jest's default is one worker less than the cores, so one worker on a 2-core CI runner; the main
  // process only schedules, so give every core a worker (the whole-program tests are CPU-bound).
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  // The integration tests need a deployed stack: `npm run test:integration` (jest.integration.config.js).
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
  // The integration tests' decisions (test/integration/*.ts) count; their AWS calls (*.int.test.ts) cannot run here.
  collectCoverageFrom: ['index.ts', 'lib/**/*.ts', 'lambda/**/*.ts', 'policy/**/*.ts', 'scripts/dr/**/*.ts', 'scripts/write-flat-outputs.ts', 'scripts/preview-tree.ts', 'scripts/architecture.ts', 'scripts/deployer-policy.ts', 'scripts/preview-policy.ts', 'scripts/policy-document.ts', 'scripts/graph-docs.ts', 'scripts/offline/**/*.ts', 'scripts/stack-file.ts', '!lambda/dist/**', 'test/integration/*.ts', '!test/integration/*.int.test.ts'],
  // Starts a throwaway database for the canary's driver tests, or uses TAP_DR_TEST_DATABASE_URL.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  // A worker exits within a millisecond of jest's request, but tearing down its heap (Pulumi's SDK,
  // loaded afresh by each test file's module registry) took 0.3-1 s on a busy 2-core machine, more
  // than jest's default 500 ms, hence "A worker process has failed to exit gracefully". No handle is
  // left open (--detectOpenHandles finds none): give the teardown time instead.
  workerGracefulExitTimeout: 10_000,
  coverageReporters: ['text', 'lcov', 'json-summary'],
  coverageThreshold: {
    global: { statements: 100, branches: 100, functions: 100, lines: 100 },
  },
};
