/**
 * Prunes a package-lock.json (lockfileVersion 3) resolved for a superset of dependencies down to what
 * one package.json needs, the way npm would: only packages reachable from the manifest's
 * dependencies stay, in the same places (so `npm ci` finds the tree it would build from them), and
 * every package's `dev` / `optional` / `devOptional` / `peer` flags are computed again for the smaller
 * graph with npm's rules (@npmcli/arborist calc-dep-flags.js: a flag stays only when every path from
 * the root to the package goes through an edge of that kind). Pure and deterministic.
 */

export interface LockEntry {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

export interface Lockfile {
  name: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

export interface PackageManifest {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Raised when the lockfile cannot satisfy the manifest: it is stale (`npm run lockfiles`). */
export class LockfileMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockfileMismatchError';
  }
}

interface Edge {
  readonly name: string;
  readonly dev: boolean;
  readonly optional: boolean;
  readonly peer: boolean;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** The dependency edges out of a package, with npm's edge kinds (peerOptional is both peer and optional). */
function edgesOf(entry: LockEntry, isRoot: boolean): Edge[] {
  const edges: Edge[] = [];
  for (const name of Object.keys(entry.dependencies ?? {})) edges.push({ name, dev: false, optional: false, peer: false });
  if (isRoot) for (const name of Object.keys(entry.devDependencies ?? {})) edges.push({ name, dev: true, optional: false, peer: false });
  for (const name of Object.keys(entry.optionalDependencies ?? {})) edges.push({ name, dev: false, optional: true, peer: false });
  for (const name of Object.keys(entry.peerDependencies ?? {})) {
    edges.push({ name, dev: false, optional: entry.peerDependenciesMeta?.[name]?.optional === true, peer: true });
  }
  // A later kind replaces an earlier one for the same name, as npm's edgesOut map does.
  return [...new Map(edges.map((e) => [e.name, e])).values()];
}

/** The folder that holds `location` (`node_modules/a/node_modules/@s/b` → `node_modules/a`; top level → root ''). */
function parentLocation(location: string): string {
  const at = location.lastIndexOf('node_modules/');
  return at <= 0 ? '' : location.slice(0, at - 1);
}

/** Node's lookup: `<from>/node_modules/<name>`, then the same from each enclosing package up to the root. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = parentLocation(dir)) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return undefined;
  }
}

export function pruneLockfile(union: Lockfile, manifest: PackageManifest): Lockfile {
  const rootEntry: LockEntry = { ...union.packages[''], name: manifest.name, version: manifest.version };
  for (const field of DEPENDENCY_FIELDS) {
    if (manifest[field] && Object.keys(manifest[field]).length > 0) rootEntry[field] = manifest[field];
    else delete rootEntry[field];
  }
  if (manifest.peerDependenciesMeta) rootEntry.peerDependenciesMeta = manifest.peerDependenciesMeta;
  else delete rootEntry.peerDependenciesMeta;
  const packages: Record<string, LockEntry> = { ...union.packages, '': rootEntry };

  // Which packages are installed: reachable from the root, except through optional peer edges alone
  // (npm leaves a package only an optional peer asks for out, as extraneous).
  const installed = new Set<string>(['']);
  const edgesFrom = new Map<string, Array<Edge & { to: string }>>();
  const queue = [''];
  const missing: string[] = [];
  while (queue.length > 0) {
    const location = queue.pop() as string;
    const resolved: Array<Edge & { to: string }> = [];
    for (const edge of edgesOf(packages[location], location === '')) {
      const to = resolve(packages, location, edge.name);
      if (!to) {
        if (!edge.optional) missing.push(`${edge.name} (needed by ${location || 'the root package'})`);
        continue;
      }
      resolved.push({ ...edge, to });
      if (edge.peer && edge.optional) continue;
      if (!installed.has(to)) {
        installed.add(to);
        queue.push(to);
      }
    }
    edgesFrom.set(location, resolved);
  }
  if (missing.length > 0) {
    throw new LockfileMismatchError(`the lockfile resolves no package for ${missing.join(', ')}`);
  }

  // npm's flag calculation: all flags start set and are cleared along edges until nothing changes.
  const flags = new Map([...installed].map((l) => [l, { dev: l !== '', optional: l !== '', devOptional: l !== '', peer: l !== '' }]));
  const work = [''];
  while (work.length > 0) {
    const location = work.pop() as string;
    const node = flags.get(location) as { dev: boolean; optional: boolean; devOptional: boolean; peer: boolean };
    for (const edge of edgesFrom.get(location) ?? []) {
      const to = flags.get(edge.to);
      if (!to) continue;
      let changed = false;
      if (to.dev && !node.dev && !edge.dev) changed = !(to.dev = false);
      if (to.optional && !node.optional && !edge.optional) changed = !(to.optional = false);
      if (to.devOptional && !node.devOptional && !node.dev && !node.optional && !edge.dev && !edge.optional) changed = !(to.devOptional = false);
      if (to.peer && !node.peer && !edge.peer) changed = !(to.peer = false);
      if (changed) work.push(edge.to);
    }
  }

  const pruned: Record<string, LockEntry> = {};
  for (const [location, entry] of Object.entries(packages)) {
    if (!installed.has(location)) continue;
    if (location === '') {
      pruned[location] = entry;
      continue;
    }
    const flag = flags.get(location) as { dev: boolean; optional: boolean; devOptional: boolean; peer: boolean };
    const { dev: _dev, optional: _optional, devOptional: _devOptional, peer: _peer, ...rest } = entry;
    pruned[location] = {
      ...rest,
      ...(flag.peer ? { peer: true } : {}),
      ...(flag.devOptional && !flag.dev && !flag.optional ? { devOptional: true } : {}),
      ...(flag.dev ? { dev: true } : {}),
      ...(flag.optional ? { optional: true } : {}),
    };
  }
  return { ...union, name: manifest.name, version: manifest.version, packages: pruned };
}

/** npm's key order for lockfiles (@npmcli/arborist shrinkwrap.js `swKeyOrder`). */
const LOCK_KEY_ORDER = ['name', 'version', 'lockfileVersion', 'resolved', 'integrity', 'requires', 'packages', 'dependencies'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `a.localeCompare(b, 'en')` as npm sorts, with one collator instead of one per comparison. */
const english = new Intl.Collator('en');

function compareKeys(a: string, b: string): number {
  const ia = LOCK_KEY_ORDER.indexOf(a);
  const ib = LOCK_KEY_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
  return english.compare(a, b);
}

/**
 * The lockfile as npm writes it (json-stringify-nice with npm's key order): in every object, plain
 * values before objects, npm's preferred keys first, the rest in alphabetical order; two-space indent.
 */
export function lockfileText(lock: Lockfile): string {
  const sorted = (_key: string, value: unknown) => {
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value).sort(([ak, av], [bk, bv]) => (isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1)),
    );
  };
  return `${JSON.stringify(lock, sorted, 2)}\n`;
}
