// `npm run test:integration`: checks the deployed stack with AWS SDK clients, reading its outputs from
// cfn-outputs/flat-outputs.json (npm run outputs:flat). Not part of `npm test`: it needs AWS.
/* global __dirname */
/** @returns {Promise<import('jest').Config>} */
module.exports = async () => {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  // The suites skip themselves without the file; say why once, in one line.
  if (!existsSync(join(__dirname, 'cfn-outputs', 'flat-outputs.json'))) {
    console.error('Integration tests skipped: no cfn-outputs/flat-outputs.json (deploy the stack, then run npm run outputs:flat).');
  }
  return {
    preset: 'ts-jest',
    testEnvironment: 'node',
    roots: ['<rootDir>/test/integration'],
    testMatch: ['**/*.int.test.ts'],
    // S3 replication may take up to 15 minutes (Replication Time Control).
    testTimeout: 20 * 60_000,
  };
};
