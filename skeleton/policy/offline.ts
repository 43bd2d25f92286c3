import type {
  PolicyProviderResource,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import { mockArnOf, mockId } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';
import type { StackFacts } from './stack-facts';

/**
 * Runs the policy pack's rules against an offline preview graph, the way the Pulumi engine runs
 * them during `pulumi preview --policy-pack policy`: every resource rule on every resource, then
 * every stack rule on the whole graph. The graph is turned into the engine's `PolicyResource`s,
 * including the property dependencies the engine reports (here: inputs holding another resource's id
 * or ARN) and the explicit `dependsOn` ones.
 */

export interface Violation {
  readonly message: string;
  readonly urn?: string;
}

export interface PolicyResult {
  readonly policy: string;
  readonly enforcementLevel: string;
  readonly violations: Violation[];
}

type Policy = ResourceValidationPolicy | StackValidationPolicy;

/** What `notApplicable()` throws: the engine then records no violation for that resource or stack. */
class NotApplicable extends Error {}
const notApplicable = (): never => {
  throw new NotApplicable();
};
async function unlessNotApplicable(check: () => void | Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
  }
}

const unavailable = (what: string) => (): never => {
  throw new Error(`${what} is not available offline; compare the resource's type token instead`);
};

/** Every id (as the mocks hand them out) found anywhere in `value`. */
function idsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => idsIn(v, found));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => idsIn(v, found));
  return found;
}

export function toPolicyResources(run: OfflineRun): PolicyResource[] {
  const byKey = new Map<string, PolicyResource>();
  const byId = new Map<string, PolicyResource>();
  const providers = new Map<string, PolicyProviderResource>();
  for (const r of run.resources.filter((x) => x.type.startsWith('pulumi:providers:'))) {
    providers.set(r.name, { type: r.type, name: r.name, urn: r.urn, props: r.inputs });
  }
  const base = (r: RecordedResource): PolicyResource => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    opts: { protect: r.protect ?? false, ignoreChanges: [...(r.ignoreChanges ?? [])], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], parent: undefined },
    provider: r.provider ? providers.get(r.provider) : undefined,
    dependencies: [],
    propertyDependencies: {},
    isType: unavailable('isType'),
    asType: unavailable('asType'),
  });
  for (const r of run.resources) {
    const resource = base(r);
    byKey.set(`${r.type}::${r.name}`, resource);
    // S3 sub-resources take their bucket's name as id, as in AWS: the bucket, registered first, keeps it.
    if (!byId.has(mockId(r))) byId.set(mockId(r), resource);
  }
  // Inputs that hold another resource's ARN (a replication destination, a role) depend on it too.
  for (const r of run.resources) {
    const arn = mockArnOf(r);
    if (!byId.has(arn)) byId.set(arn, byKey.get(`${r.type}::${r.name}`) as PolicyResource);
  }
  for (const r of run.resources) {
    const resource = byKey.get(`${r.type}::${r.name}`) as PolicyResource;
    const parent = r.parent ? byKey.get(r.parent) : undefined;
    Object.assign(resource, { parent, opts: { ...resource.opts, parent: parent?.urn } });
    // The engine's `dependencies` hold the `dependsOn` resources as well as those the inputs refer to.
    resource.dependencies.push(...(r.dependsOn ?? []).map((k) => byKey.get(k)).filter((d): d is PolicyResource => d !== undefined));
    for (const [input, value] of Object.entries(r.inputs)) {
      const deps = idsIn(value).map((id) => byId.get(id)).filter((d): d is PolicyResource => d !== undefined);
      if (deps.length > 0) {
        resource.propertyDependencies[input] = deps;
        resource.dependencies.push(...deps);
      }
    }
  }
  return [...byKey.values()];
}

/** Runs `policies` on `resources`; policies with a config schema get `facts` as their config. */
export async function runPolicies(policies: readonly Policy[], resources: PolicyResource[], facts: StackFacts): Promise<PolicyResult[]> {
  const results: PolicyResult[] = [];
  for (const policy of policies) {
    const violations: Violation[] = [];
    const getConfig = <T extends object>() => facts as unknown as T;
    const common = { getConfig, stackTags: new Map<string, string>(), notApplicable };
    if ('validateStack' in policy) {
      const validateStack = policy.validateStack;
      await unlessNotApplicable(() => validateStack({ resources, ...common }, (message, urn) => violations.push({ message, urn })));
    } else {
      const validations = [policy.validateResource ?? []].flat();
      for (const r of resources) {
        const report: ReportViolation = (message) => violations.push({ message, urn: r.urn });
        const args = {
          type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, provider: r.provider,
          isType: r.isType, asType: r.asType, ...common,
        } as ResourceValidationArgs;
        for (const validate of validations) await unlessNotApplicable(() => validate(args, report));
      }
    }
    results.push({ policy: policy.name, enforcementLevel: policy.enforcementLevel ?? 'advisory', violations });
  }
  return results;
}

export const failsMandatory = (results: readonly PolicyResult[]) =>
  results.some((r) => r.enforcementLevel === 'mandatory' && r.violations.length > 0);

/** One line per policy (✓ or ✗ with its level), its violations below it, and a summary. */
export function formatResults(results: readonly PolicyResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.violations.length === 0 ? '✓' : r.enforcementLevel === 'mandatory' ? '✗' : '!'} [${r.enforcementLevel}] ${r.policy}${r.violations.length ? ` — ${r.violations.length} violation(s)` : ''}`);
    for (const v of r.violations) lines.push(`    ${v.message}${v.urn ? `\n      ${v.urn}` : ''}`);
  }
  const failed = results.filter((r) => r.enforcementLevel === 'mandatory' && r.violations.length > 0).length;
  const advisories = results.filter((r) => r.enforcementLevel !== 'mandatory' && r.violations.length > 0).length;
  lines.push('', `${results.length} policies: ${failed} mandatory failed, ${advisories} advisory reported`);
  return lines.join('\n');
}
