import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file below `dir` as POSIX path → bytes, sorted: the shape of a render. */
export function readTree(dir: string): Map<string, Buffer> {
  const files: Array<[string, Buffer]> = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push([relative(dir, full).split(sep).join('/'), readFileSync(full)]);
    }
  };
  walk(dir);
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The file at `path` below `dir`, or undefined when there is no file there. */
export function readFileAt(dir: string, path: string): Buffer | undefined {
  const full = join(dir, path);
  return existsSync(full) && statSync(full).isFile() ? readFileSync(full) : undefined;
}
