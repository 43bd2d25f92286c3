import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/repo';
import { tempFolder } from './helpers/temp';

// `npm run test:integration` before anything is deployed: one line naming the file it looked for, then
// done, without compiling the suites only to skip them one by one.
it('npm run test:integration without the outputs file says so once, naming the file, and stops (exit 0)', () => {
  const dir = tempFolder('integration');
  copyFileSync(join(REPO_ROOT, 'jest.integration.config.js'), join(dir, 'jest.integration.config.js'));
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', join(dir, 'jest.integration.config.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe(`Integration tests skipped: ${join(dir, 'cfn-outputs', 'flat-outputs.json')} does not exist (deploy the stack, then run npm run outputs:flat).\n`);
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});
