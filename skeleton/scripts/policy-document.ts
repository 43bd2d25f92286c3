import type { RecordedResource } from './offline/recorder';

/**
 * The IAM policy document shape and the pieces the generated policies share (docs/deployer-policy.json,
 * docs/preview-policy.json): statement ids, a Region condition, and each service's resources limited to
 * the stack's own roles, buckets and secret where the program names them.
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

export const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
export const sid = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
export const inRegions = (regions: Iterable<string>) => ({ StringEquals: { 'aws:RequestedRegion': sorted(regions) } });
export const serviceOf = (action: string) => action.split(':')[0] as string;

/** The AWS resources of a run: custom resources of the aws provider's types. */
export const awsResourcesOf = (resources: readonly RecordedResource[]) => resources.filter((r) => r.custom && r.type.startsWith('aws:'));

/**
 * The resources a service's statement covers: IAM the stack's own roles, S3 its own buckets, Secrets
 * Manager its own secrets, by the names the program gives them; any other service (or a role, bucket or
 * secret named by prefix only, which cannot be listed) all of the service's.
 */
export function stackResourcesOf(service: string, aws: readonly RecordedResource[]): string | string[] {
  const named = (type: string, input: string) => sorted(aws.filter((r) => r.type === type).map((r) => r.inputs[input]).filter((n): n is string => typeof n === 'string'));
  const unnamed = (type: string, input: string) => aws.some((r) => r.type === type && typeof r.inputs[input] !== 'string');
  const roles = named('aws:iam/role:Role', 'name');
  const buckets = named('aws:s3/bucket:Bucket', 'bucket');
  const secrets = named('aws:secretsmanager/secret:Secret', 'name');
  if (service === 'iam' && roles.length > 0 && !unnamed('aws:iam/role:Role', 'name')) return roles.map((name) => `arn:aws:iam::*:role/${name}`);
  if (service === 's3' && buckets.length > 0 && !unnamed('aws:s3/bucket:Bucket', 'bucket')) return buckets.flatMap((name) => [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`]);
  if (service === 'secretsmanager' && secrets.length > 0 && !unnamed('aws:secretsmanager/secret:Secret', 'name')) {
    // Secrets Manager adds six random characters to a secret's name in its ARN.
    return secrets.map((name) => `arn:aws:secretsmanager:*:*:secret:${name}-*`);
  }
  return '*';
}
