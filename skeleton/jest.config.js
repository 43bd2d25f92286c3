/** @type {import('jest').Config} */
module.exports = {
  // Transpile only (each file on its own): `npm run build` and `npm run lint` type-check the whole
  // program once with tsc, so ts-jest need not type-check it again for every test file.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  collectCoverageFrom: ['index.ts', 'lib/**/*.ts', 'lambda/**/*.ts', 'policy/**/*.ts', '!lambda/dist/**'],
  // Starts a throwaway database for the canary's driver tests, or uses TAP_DR_TEST_DATABASE_URL.
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  coverageReporters: ['text', 'lcov', 'json-summary'],
  coverageThreshold: {
    global: { statements: 100, branches: 100, functions: 100, lines: 100 },
  },
};
