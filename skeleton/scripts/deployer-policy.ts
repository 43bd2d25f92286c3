import { DEPLOYER_ACTIONS, DEPLOYER_READ_ACTIONS, GLOBAL_ENDPOINT_SERVICES } from '../lib/config/aws-facts';
import type { OfflineRun } from './offline/recorder';
import { awsResourcesOf, inRegions, sid, sorted, stackResourcesOf, type PolicyDocument } from './policy-document';

export type { PolicyDocument, PolicyStatement } from './policy-document';

/**
 * docs/deployer-policy.json: the IAM policy the identity that runs `pulumi up` and `pulumi destroy`
 * needs, made from the resources the program creates, so it grows and shrinks with the stack. Each
 * service's actions are allowed only in the Regions where the stack has resources of that service;
 * roles and buckets are limited to the stack's own (by name); the actions per resource type and their
 * sources are in lib/config/aws-facts.ts (DEPLOYER_ACTIONS).
 */

/** `aws:ec2/vpc:Vpc` → `ec2`: the module, the IAM prefix of most of its types. */
const moduleOf = (type: string) => (type.split(':')[1] as string).split('/')[0] as string;

interface ServiceUse {
  readonly actions: Set<string>;
  readonly regions: Set<string>;
}

export function deployerPolicy(run: OfflineRun): PolicyDocument {
  const aws = awsResourcesOf(run.resources);
  const services = new Map<string, ServiceUse>();
  const use = (service: string, actions: readonly string[], region: string | undefined) => {
    const entry = services.get(service) ?? { actions: new Set<string>(), regions: new Set<string>() };
    for (const action of actions) entry.actions.add(action);
    if (region) entry.regions.add(region);
    services.set(service, entry);
  };
  const linkedRoles = new Set<string>();
  const unlisted = new Map<string, Set<string>>();
  for (const r of aws) {
    const row = DEPLOYER_ACTIONS[r.type];
    if (!row) {
      unlisted.set(r.type, new Set([...(unlisted.get(r.type) ?? []), ...(r.region ? [r.region] : [])]));
      continue;
    }
    for (const action of [...row.actions, ...(row.also ?? [])]) use(action.split(':')[0] as string, [action], r.region);
    if (row.serviceLinkedRole) linkedRoles.add(row.serviceLinkedRole);
    // forceDestroy empties an Object Lock bucket by bypassing governance retention (aws-facts.ts S3_OBJECT_LOCK).
    if (r.type === 'aws:s3/bucket:Bucket' && r.inputs.forceDestroy === true && r.inputs.objectLockEnabled === true) use('s3', ['s3:BypassGovernanceRetention'], r.region);
  }

  const statements: PolicyDocument['Statement'] = [...services.keys()].sort().map((service) => {
    const entry = services.get(service) as ServiceUse;
    const global = GLOBAL_ENDPOINT_SERVICES.includes(service);
    return {
      Sid: sid(global ? `${service} global endpoint` : `${service} in the stack regions`),
      Effect: 'Allow',
      Action: sorted([...entry.actions, ...DEPLOYER_READ_ACTIONS[service]]),
      Resource: stackResourcesOf(service, aws),
      ...(global || entry.regions.size === 0 ? {} : { Condition: inRegions(entry.regions) }),
    };
  });
  if (linkedRoles.size > 0) {
    statements.push({
      Sid: 'ServiceLinkedRolesOfTheFirstClusterAndLoadBalancer',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': sorted(linkedRoles) } },
    });
  }
  // A resource type without a row in DEPLOYER_ACTIONS gets all of its service, visibly: the template's
  // CI fails on such a statement until the type has its row.
  for (const type of [...unlisted.keys()].sort()) {
    const regions = unlisted.get(type) as Set<string>;
    statements.push({
      Sid: sid(`no action list for ${type}`),
      Effect: 'Allow',
      Action: [`${moduleOf(type)}:*`],
      Resource: '*',
      ...(regions.size > 0 ? { Condition: inRegions(regions) } : {}),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The Sid prefix of the statements for resource types without an action list. */
export const UNLISTED_SID_PREFIX = 'NoActionListFor';
