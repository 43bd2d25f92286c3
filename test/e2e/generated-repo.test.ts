import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { prepare } from '../../generator/prepare';
import { tempDir } from '../helpers/tmp';

/** Runs a command in a generated repo; fails the test with its output when it fails. */
function run(cwd: string, command: string, args: string[]): { ms: number; output: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ENVIRONMENT_SUFFIX: '' } });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${output.slice(-4000)}`);
  return { ms: performance.now() - started, output };
}

const dependencies = (dir: string) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return JSON.stringify([manifest.dependencies, manifest.devDependencies]);
};

describe('generated repositories build and pass their own tests', { timeout: 900_000 }, () => {
  const root = tempDir('e2e');
  let installed: { dir: string; deps: string } | undefined;

  for (const preset of PRESET_NAMES) {
    it(`${preset}: npm install, npm run build, npm test`, (t) => {
      const prepared = prepare({ preset });
      assert.ok(prepared.ok);
      const dir = join(root, preset);
      for (const [path, content] of prepared.files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      // Renders with the same dependency set share one install, as template CI does.
      if (installed && installed.deps === dependencies(dir)) {
        symlinkSync(join(installed.dir, 'node_modules'), join(dir, 'node_modules'), 'dir');
      } else {
        run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
        installed = { dir, deps: dependencies(dir) };
      }
      run(dir, 'npm', ['run', 'build']);
      const test = run(dir, 'npm', ['test']);
      assert.match(test.output, /Tests:\s+\d+ passed, \d+ total/);
      assert.match(test.output, /All files\s*\|\s*100 \|\s*100 \|\s*100 \|\s*100 \|/, 'coverage is 100% for statements, branches, functions, lines');
      t.diagnostic(`${preset}: generated repo npm test ${Math.round(test.ms)} ms`);
    });
  }
});
