// Prints the folder holding the running node's own C headers (include/node/node_version.h of the same
// version), or nothing. Native modules such as better-sqlite3 must compile against these: an npm
// "nodedir" setting that points at another node's headers builds them for the wrong ABI.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const prefix = resolve(process.execPath, '../..');
// Official tarballs keep include/ beside bin/; the node@22 npm package keeps it in its platform package.
const candidates = [prefix, join(prefix, 'node_modules', `node-${process.platform}-${process.arch}`)];
const [major, minor, patch] = process.versions.node.split('.');
const same = (file) => {
  const text = readFileSync(file, 'utf8');
  const value = (name) => (text.match(new RegExp(`#define ${name} (\\d+)`)) ?? [])[1];
  return value('NODE_MAJOR_VERSION') === major && value('NODE_MINOR_VERSION') === minor && value('NODE_PATCH_VERSION') === patch;
};
const found = candidates.find((dir) => existsSync(join(dir, 'include/node/node_version.h')) && same(join(dir, 'include/node/node_version.h')));
if (found) process.stdout.write(found);
