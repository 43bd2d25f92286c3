import type * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

/** What one region offers to watch: shared by the operations dashboard and its alarms. */
export interface RegionSignals {
  readonly side: Side;
  readonly clusterId: pulumi.Input<string>;
  /** `service` dimension of the region's canary metrics. */
  readonly canaryServiceName: string;
  /** The region's alarm topic: alarm actions must be in the alarm's region. */
  readonly topicArn: pulumi.Input<string>;
  /** The application tier of the region, when it is deployed. */
  readonly app?: AppSignals;
}

export interface AppSignals {
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  readonly functionName: pulumi.Input<string>;
}

/** A Route 53 health check of a region's application. */
export interface HealthCheckSignal {
  readonly role: 'primary' | 'secondary';
  readonly id: pulumi.Input<string>;
}
