import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Folders at the top of `root` that hold a rendered repository (a Pulumi.yaml of their own, e.g. after
 * `tap-dr new ./my-dr` in the checkout): their code is checked by their own tools, not this
 * repository's lint (eslint.config.js).
 */
export function renderedRepositories(root) {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'Pulumi.yaml')))
    .map((entry) => `${entry.name}/`);
}
