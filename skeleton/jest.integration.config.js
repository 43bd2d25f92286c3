// `npm run test:integration`: checks the deployed stack with AWS SDK clients, reading its outputs from
// cfn-outputs/flat-outputs.json (npm run outputs:flat). Not part of `npm test`: it needs AWS.
/* global __dirname */
/** The file the integration tests read; without it there is nothing deployed to check. */
const OUTPUTS = 'cfn-outputs/flat-outputs.json';

/** @returns {Promise<import('jest').Config>} */
module.exports = async () => {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  if (!existsSync(join(__dirname, OUTPUTS))) {
    // Say it once and stop here: jest would otherwise compile every suite only to skip it.
    console.error(`Integration tests skipped: ${join(__dirname, OUTPUTS)} does not exist (deploy the stack, then run npm run outputs:flat).`);
    process.exit(0);
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
