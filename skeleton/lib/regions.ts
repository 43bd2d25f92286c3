import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Answers } from './config/answers-schema';
import type { NamedKind } from './config/aws-facts';
import { resourceName } from './config/naming';

/** Which side of the DR pair a resource belongs to; `global` for IAM, Route 53 and the global cluster. */
export type DrRole = 'primary' | 'secondary' | 'global';

/**
 * One side of the stack: its region, the provider every resource there must use (never the
 * default provider), and the names of its resources.
 */
export interface Side {
  readonly role: DrRole;
  readonly region: string;
  readonly provider: aws.Provider;
  /** `{service}-{purpose}-{region}-{suffix}`, shortened where the AWS limit for `kind` bites; always with the region. */
  name(kind: NamedKind, service: string, purpose: string): string;
}

export interface Sides {
  readonly primary: Side;
  readonly secondary: Side;
  /** Global services (IAM, Route 53, the global cluster), managed through the primary region's API and named with it. */
  readonly global: Side;
}

/** Tags on every taggable resource: the user's tags, then the ones the DR design requires. */
export function requiredTags(answers: Answers, role: DrRole, region: string): Record<string, string> {
  return {
    Environment: answers.stack,
    ...answers.tags,
    DisasterRecovery: 'enabled',
    Region: region,
    'DR-Role': role,
  };
}

/**
 * A side: an explicit provider for `region`, tagged for `role`, and the names of its resources, each
 * with `region` in it (for the global side, the primary region: lib/config/naming.ts).
 * `providerName` is for sides beyond the three of every stack.
 */
export function createSide(answers: Answers, role: DrRole, region: string, parent: pulumi.Resource, providerName = `aws-${role}`): Side {
  const provider = new aws.Provider(providerName, {
    region: region as aws.Region,
    defaultTags: { tags: requiredTags(answers, role, region) },
  }, { parent });
  return {
    role,
    region,
    provider,
    name: (kind, service, purpose) => resourceName(kind, {
      service,
      purpose,
      region,
      suffix: answers.environmentSuffix,
    }),
  };
}

/** The three explicit providers of every stack, children of `parent`. */
export function createSides(answers: Answers, parent: pulumi.Resource): Sides {
  return {
    primary: createSide(answers, 'primary', answers.primaryRegion, parent),
    secondary: createSide(answers, 'secondary', answers.secondaryRegion, parent),
    global: createSide(answers, 'global', answers.primaryRegion, parent),
  };
}
