import { DEPLOYER_ACTIONS, DEPLOYER_READ_ACTIONS, GLOBAL_ENDPOINT_SERVICES, PREVIEW_INVOKE_ACTIONS } from '../lib/config/aws-facts';
import type { OfflineRun } from './offline/recorder';
import { awsResourcesOf, inRegions, serviceOf, sid, sorted, stackResourcesOf, type PolicyDocument } from './policy-document';

/**
 * docs/preview-policy.json: the read-only IAM policy of the role CI's `pulumi preview` job assumes on
 * every push and pull request. It holds, per service the stack uses, that service's reads
 * (DEPLOYER_READ_ACTIONS, the same the deployer has) in the Regions where the stack has resources of it,
 * limited to the stack's own roles, buckets and secret as the deployer's are; and the actions of the
 * invokes the program makes at preview (PREVIEW_INVOKE_ACTIONS). No create, update, delete or tag
 * action, and no read of a secret value or of stored data (lib/config/aws-facts.ts, SECRET_READ_ACTIONS).
 */
export function previewPolicy(run: OfflineRun): PolicyDocument {
  const aws = awsResourcesOf(run.resources);
  const regionsOf = new Map<string, Set<string>>();
  const actionsOf = new Map<string, Set<string>>();
  const use = (service: string, actions: readonly string[], region: string | undefined) => {
    const regions = regionsOf.get(service) ?? new Set<string>();
    if (region) regions.add(region);
    regionsOf.set(service, regions);
    actionsOf.set(service, new Set([...(actionsOf.get(service) ?? []), ...actions]));
  };
  for (const r of aws) {
    const row = DEPLOYER_ACTIONS[r.type];
    // A type without an action list already fails the deployer policy's check (every service with an
    // action list has its reads: test/deployer-policy.test.ts).
    const services = row ? sorted([...row.actions, ...(row.also ?? [])].map(serviceOf)) : [];
    for (const service of services) use(service, DEPLOYER_READ_ACTIONS[service] as readonly string[], r.region);
  }
  for (const invoke of run.invokes ?? []) {
    const actions = PREVIEW_INVOKE_ACTIONS[invoke.token];
    if (!actions) {
      throw new Error(`the program calls the data source ${invoke.token}, whose actions docs/preview-policy.json does not know: add them to PREVIEW_INVOKE_ACTIONS in lib/config/aws-facts.ts (reads only, with their source)`);
    }
    for (const action of actions) use(serviceOf(action), [action], invoke.region);
  }

  const statements = [...actionsOf.keys()].sort().map((service) => {
    const regions = regionsOf.get(service) as Set<string>;
    const global = GLOBAL_ENDPOINT_SERVICES.includes(service);
    return {
      Sid: sid(global ? `read ${service} global endpoint` : `read ${service} in the stack regions`),
      Effect: 'Allow' as const,
      Action: sorted(actionsOf.get(service) as Set<string>),
      Resource: stackResourcesOf(service, aws),
      ...(global || regions.size === 0 ? {} : { Condition: inRegions(regions) }),
    };
  });
  return { Version: '2012-10-17', Statement: statements };
}
