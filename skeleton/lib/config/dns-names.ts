import { NON_PUBLIC_TLDS, ROUTE53_RESERVED_DOMAINS } from './aws-facts';

/**
 * Rules for the stack's DNS zones, shared by the answers (lib/config/answers-schema.ts) and the policy
 * pack (policy/policies.ts). Facts and sources: lib/config/aws-facts.ts.
 */

/** Label of the application's failover record in the public zone: `app.<zone>`. */
export const APP_RECORD_LABEL = 'app';

/** Lower case, without the trailing dot Route 53 returns zone names with. */
export const normalizeDomain = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** Whether `name` is `domain` itself or a name below it, label by label (`a.b.example.com` is within `example.com`). */
export function isWithin(name: string, domain: string): boolean {
  const n = normalizeDomain(name);
  const d = normalizeDomain(domain);
  return n === d || n.endsWith(`.${d}`);
}

/** Why Route 53 refuses a zone named `name`, or undefined. */
export function reservedDomainProblem(name: string): string | undefined {
  const reserved = ROUTE53_RESERVED_DOMAINS.find((domain) => isWithin(name, domain));
  return reserved && `is under ${reserved}, which Route 53 refuses as "reserved by AWS" (RFC 2606 documentation names: ${ROUTE53_RESERVED_DOMAINS.join(', ')} and their subdomains)`;
}

/** Why `name` cannot be the application's public zone, or undefined. */
export function publicZoneProblem(name: string): string | undefined {
  const reserved = reservedDomainProblem(name);
  if (reserved) return reserved;
  const tld = normalizeDomain(name).split('.').pop() as string;
  if ((NON_PUBLIC_TLDS as readonly string[]).includes(tld)) {
    return `is under .${tld}, which the DNS root never delegates (RFC 6761, RFC 6762, ICANN), so a public zone there can never answer on the internet`;
  }
  return undefined;
}

/**
 * Why a private zone named `privateZone` would hide the public name `app.<publicZone>` inside the VPCs
 * (Route 53 Resolver answers every name at or below a private zone from that zone alone), or undefined.
 */
export function shadowProblem(privateZone: string, publicZone: string): string | undefined {
  const appName = `${APP_RECORD_LABEL}.${normalizeDomain(publicZone)}`;
  if (normalizeDomain(privateZone) === normalizeDomain(publicZone)) {
    return `is the public zone's name (${normalizeDomain(publicZone)}); inside the VPCs the private zone would answer for it and ${appName} would not resolve`;
  }
  if (isWithin(appName, privateZone)) {
    return `contains ${appName}; inside the VPCs the private zone answers every name below it, so ${appName} would not resolve there`;
  }
  return undefined;
}
