import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/repo';

// What `npm run dr:status -- --stack nope` runs: the script must act when run this way (it is loaded
// with import() by scripts/run-ts.js), not only when a test calls main().
it('npm run dr:* runs the command and exits with its code', () => {
  const result = spawnSync(process.execPath, ['scripts/run-ts.js', 'scripts/dr/cli.ts', 'status', '--stack', 'nope'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.stderr).toMatch(/^dr: no stack config .*Pulumi\.nope\.yaml: pass --stack <name>\n$/);
  expect(result.status).toBe(2);
});

it('npm run dr:status -- --help prints the usage the way a user runs it', () => {
  const result = spawnSync('npm', ['run', '--silent', 'dr:status', '--', '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^npm run dr:status \[-- --stack <name>\]\n/);
  expect(result.status).toBe(0);
});
