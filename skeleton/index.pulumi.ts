import * as pulumi from '@pulumi/pulumi';
import { loadStackConfig } from './lib/config/stack-config';

// The stack config is read and checked before anything else, so a bad value stops the program
// with a message naming the field, before anything is created.
const config = loadStackConfig({
  config: pulumi.runtime.allConfig(),
  stack: pulumi.getStack(),
  env: process.env,
});

// This program does not create any AWS resources yet. Its outputs are the checked config, so
// `pulumi preview` shows what the stack file resolves to (after defaults and ENVIRONMENT_SUFFIX).
export const environmentSuffix = config.environmentSuffix;
export const primaryRegion = config.primaryRegion;
export const secondaryRegion = config.secondaryRegion;
export const engine = config.engine;
export const engineVersion = config.engineVersion;
