import type {
  PolicyProviderResource,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import type { StackFacts } from '../../policy/stack-facts';

/** Stack facts of a destroyable stack with a 60 s RPO target, suffix `dev` and 30-day backups. */
export const FACTS: StackFacts = { environmentSuffix: 'dev', rpoTargetSeconds: 60, deletionProtection: false, backupRetentionS3Days: 30 };

export function provider(role: 'primary' | 'secondary' | 'global', region: string): PolicyProviderResource {
  return {
    type: 'pulumi:providers:aws',
    name: `aws-${role}`,
    urn: `urn:pulumi:dev::TapStack::pulumi:providers:aws::aws-${role}`,
    props: { region, defaultTags: JSON.stringify({ tags: { Environment: 'dev', DisasterRecovery: 'enabled', Region: region, 'DR-Role': role } }) },
  };
}

/** A synthetic resource as the engine hands it to a policy. */
export function resource(type: string, props: Record<string, unknown>, extra: Partial<PolicyResource> = {}): PolicyResource {
  const name = extra.name ?? `test-${type.split(':').pop()?.toLowerCase()}`;
  return {
    type,
    name,
    urn: `urn:pulumi:dev::TapStack::${type}::${name}`,
    props,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
    ...extra,
  } as PolicyResource;
}

/** The violations `policy` reports for one resource, calling its validateResource directly. */
export async function violations(policy: ResourceValidationPolicy, r: PolicyResource, facts: StackFacts = FACTS): Promise<string[]> {
  const found: string[] = [];
  const args = {
    type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, provider: r.provider,
    stackTags: new Map(), isType: r.isType, asType: r.asType,
    getConfig: () => facts, notApplicable: () => { throw new Error('not applicable'); },
  } as unknown as ResourceValidationArgs;
  for (const validate of [policy.validateResource ?? []].flat()) await validate(args, (message) => found.push(message));
  return found;
}

/** The violations `policy` reports for a whole stack, calling its validateStack directly. */
export async function stackViolations(policy: StackValidationPolicy, resources: PolicyResource[], facts: StackFacts = FACTS): Promise<string[]> {
  const found: string[] = [];
  await policy.validateStack(
    { resources, getConfig: <T extends object>() => facts as unknown as T, stackTags: new Map(), notApplicable: () => { throw new Error('n/a'); } },
    (message) => found.push(message),
  );
  return found;
}
