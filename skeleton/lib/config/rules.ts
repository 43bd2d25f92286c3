import { ENGINES, FAMILY_SIZES, INSTANCE_SIZES, type Engine, type EngineFact } from './aws-facts';

/** An IPv4 block: network address as an unsigned 32-bit number and prefix length. */
export interface Ipv4Block {
  readonly network: number;
  readonly prefix: number;
}

const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns the reason as a string when it is not a valid network block. */
export function parseIpv4Cidr(text: string): Ipv4Block | string {
  const match = CIDR_SHAPE.exec(text);
  if (!match) return 'is not an IPv4 CIDR block (a.b.c.d/n)';
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return 'has an octet above 255';
  if (prefix > 32) return 'has a prefix length above 32';
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address) return `has host bits set; the network address is ${formatIpv4(network)}/${prefix}`;
  return { network, prefix };
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  const aEnd = a.network + 2 ** (32 - a.prefix);
  const bEnd = b.network + 2 ** (32 - b.prefix);
  return a.network < bEnd && b.network < aEnd;
}

export function engineFact(engine: Engine): EngineFact {
  return ENGINES.find((e) => e.engine === engine) as EngineFact;
}

function numericParts(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

/** Compares dotted versions by their numeric parts: `14.10` is newer than `14.9`. */
export function compareVersions(a: string, b: string): number {
  const x = numericParts(a);
  const y = numericParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/**
 * The release line a version belongs to: the major version for Aurora PostgreSQL (`16` of `16.6`),
 * the Aurora version for Aurora MySQL (`8.0.mysql_aurora.3` of `8.0.mysql_aurora.3.05.2`).
 */
export function versionLine(version: string): string {
  const aurora = /^(.*mysql_aurora\.\d+)\./.exec(version);
  return aurora ? aurora[1] : version.split('.')[0];
}

/** Why `version` cannot be used in a global database of `engine`, or undefined when it can. */
export function engineVersionProblem(engine: Engine, version: string): string | undefined {
  const fact = engineFact(engine);
  if (!fact.versionPattern.test(version)) {
    return `is not a version string of ${fact.label} (e.g. ${fact.versionExample})`;
  }
  const minimum = fact.globalDatabaseMinimums.find((m) => versionLine(m) === versionLine(version));
  if (!minimum) return `is not a release line of ${fact.label} that supports global databases`;
  if (compareVersions(version, minimum) < 0) {
    return `is older than ${minimum}, the first ${versionLine(version)}.x version that supports global databases`;
  }
  return undefined;
}

/** Why `instanceClass` cannot run `engine` in a global database, or undefined when it can. */
export function instanceClassProblem(engine: Engine, instanceClass: string): string | undefined {
  if (instanceClass === 'db.serverless') return 'is Aurora Serverless v2, which this template does not deploy';
  const match = /^db\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return 'is not an instance class (db.<family>.<size>, e.g. db.r6g.large)';
  const [, family, size] = match;
  const fact = engineFact(engine);
  if (family.startsWith('t')) {
    return 'is a burstable class; Aurora global databases need memory-optimized classes';
  }
  if (!fact.instanceFamilies.includes(family)) {
    return `is not a memory-optimized family ${fact.label} offers in a global database`;
  }
  if (!FAMILY_SIZES[family]?.includes(size)) {
    return `has a size (${size}) the ${family} family does not offer (it offers ${FAMILY_SIZES[family]?.join(', ')})`;
  }
  return undefined;
}

/**
 * Why a valid `instanceClass` cannot run a valid `version` of `engine`, or undefined when it can:
 * some families need a newer release of a line than global databases do (familyMinimums).
 */
export function familyVersionProblem(engine: Engine, instanceClass: string, version: string): string | undefined {
  const family = instanceClass.split('.')[1];
  const fact = engineFact(engine);
  const minimum = fact.familyMinimums[family]?.find((m) => versionLine(m) === versionLine(version));
  if (!minimum || compareVersions(version, minimum) >= 0) return undefined;
  return `needs ${fact.label} ${minimum} or later in the ${versionLine(version)}.x line, and engineVersion is ${version}`;
}

/** What to choose when a family needs a newer engine version than the answers give. */
export function allowedFamiliesFor(engine: Engine): string {
  const fact = engineFact(engine);
  const anyVersion = fact.instanceFamilies.filter((family) => !fact.familyMinimums[family]).map((family) => `db.${family}`);
  return `a class of ${anyVersion.join(', ')} (these run every version offered), or a newer engineVersion`;
}

/** Every class the answers accept for `engine`, for error messages and prompts. */
export function allowedInstanceClasses(engine: Engine): string {
  const fact = engineFact(engine);
  return `db.<family>.<size> with family ${fact.instanceFamilies.join('|')} and size ${INSTANCE_SIZES.join('|')}`;
}
