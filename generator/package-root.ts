import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of this package (where `skeleton/` and `template/` are), from source or from the bundle. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'generator-tap-dr') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('generator-tap-dr: cannot find the package folder (skeleton/ is missing)');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
export const GENERATOR_NAME = 'generator-tap-dr';

/**
 * How a printed command runs this generator: npx fetches exactly this package at this version
 * (npx with the bin name alone would run whatever package has that name).
 */
export function renderCommand(version: string = PACKAGE_VERSION): string {
  return `npx --package ${GENERATOR_NAME}@${version} tap-dr`;
}
export const RENDER_COMMAND = renderCommand();
