import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { GENERATOR_NAME, PACKAGE_ROOT, PACKAGE_VERSION, RENDER_COMMAND } from '../../generator/package-root';
import { render } from '../../generator/render/render';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { PRESETS } from '../../generator/answers/presets';
import { HEALTHCARE_ANSWERS, TEAM_DOMAIN } from '../helpers/team-domain';

/**
 * `npx tap-dr …` runs whatever package is called tap-dr (today a 404, tomorrow someone else's code).
 * Every command that runs this generator names its package and the version that rendered the repository.
 */
// In the sources, the package is also named by the template's variable or the constant.
const BARE = /npx\s+(?!--package[= ](generator-tap-dr|\$\{GENERATOR_NAME\}|<%- generator\.name %>)@)[^\n`'"]*\btap-dr\b/;
const VERSIONLESS = new RegExp(`--package[= ]${GENERATOR_NAME}(?!@)`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (['node_modules', 'dist', 'coverage', '.git'].includes(name)) return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
}

describe('printed commands run this package at this version', () => {
  it('RENDER_COMMAND names the package and the version', () => {
    assert.equal(RENDER_COMMAND, `npx --package ${GENERATOR_NAME}@${PACKAGE_VERSION} tap-dr`);
  });

  it('no rendered file of any tier combination prints a bare or version-less npx tap-dr', () => {
    const sets = [PRESETS.trading.answers, HEALTHCARE_ANSWERS, { ...PRESETS.trading.answers, appTier: true, publicDomainName: TEAM_DOMAIN }, { ...PRESETS.healthcare.answers, appTier: false, eventBridge: false, dashboard: false }];
    for (const answers of sets) {
      const files = render(parseAnswers(answers), { drawGraph: false });
      for (const [path, bytes] of files) {
        const text = bytes.toString('utf8');
        assert.doesNotMatch(text, BARE, path);
        assert.doesNotMatch(text, VERSIONLESS, path);
      }
      // The program's own message (lib/optional-tiers.ts) prints the rendering version; the README's
      // update goes to the newest version on purpose, still by our package's name.
      assert.ok(files.get('lib/optional-tiers.ts')?.toString().includes(`'${RENDER_COMMAND}'`));
      assert.ok(files.get('README.md')?.toString().includes(`npx --package ${GENERATOR_NAME}@latest tap-dr update`));
    }
  });

  it('no message in the generator, the skeleton or the README prints a bare npx tap-dr', () => {
    const files = [...sourceFiles(join(PACKAGE_ROOT, 'generator')), ...sourceFiles(join(PACKAGE_ROOT, 'skeleton')), join(PACKAGE_ROOT, 'README.md')];
    const offenders = files.filter((file) => BARE.test(readFileSync(file, 'utf8'))).map((file) => relative(PACKAGE_ROOT, file));
    assert.deepEqual(offenders, []);
  });
});
