import * as pulumi from '@pulumi/pulumi';
import { loadStackConfig } from './lib/config/stack-config';
import { TapStack } from './lib/tap-stack';

// The stack config is read and checked before anything else, so a bad value stops the program
// with a message naming the field, before anything is created.
const config = loadStackConfig({
  config: pulumi.runtime.allConfig(),
  stack: pulumi.getStack(),
  env: process.env,
});

const stack = new TapStack('tap-dr', config);

export const environmentSuffix = config.environmentSuffix;
export const primaryRegion = config.primaryRegion;
export const secondaryRegion = config.secondaryRegion;
export const primaryClusterEndpoint = stack.outputs.primaryClusterEndpoint;
export const secondaryClusterEndpoint = stack.outputs.secondaryClusterEndpoint;
export const globalWriterEndpoint = stack.outputs.globalWriterEndpoint;
export const globalClusterId = stack.outputs.globalClusterId;
export const databaseDnsName = stack.outputs.databaseDnsName;
export const databaseReadDnsName = stack.outputs.databaseReadDnsName;
export const hostedZoneId = stack.outputs.hostedZoneId;
export const primaryBackupBucket = stack.outputs.primaryBackupBucket;
export const secondaryBackupBucket = stack.outputs.secondaryBackupBucket;
export const backupExportPrefix = stack.outputs.backupExportPrefix;
export const databaseSecretArn = stack.outputs.databaseSecretArn;
export const vpcPeeringConnectionId = stack.outputs.vpcPeeringConnectionId;
export const primaryAlarmTopicArn = stack.outputs.primaryAlarmTopicArn;
export const secondaryAlarmTopicArn = stack.outputs.secondaryAlarmTopicArn;
export const failoverRoleArn = stack.outputs.failoverRoleArn;
export const failoverOrchestratorName = stack.outputs.failoverOrchestratorName;
export const failoverStateTableName = stack.outputs.failoverStateTableName;
// Outputs of the optional tiers this repository was rendered with (application URLs, event buses,
// dashboard), grouped here because they exist only with their tier; flat-outputs.json lifts them.
export const tiers = stack.tierOutputs;
