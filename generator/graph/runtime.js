// The packages a rendered program imports, bundled once into dist/graph/child.cjs by scripts/build.js
// at the versions the generated repositories lock (test/unit/graph-docs.test.ts compares them): the
// renderer runs the rendered program against them to draw its graph documents without installing
// anything. Plain JavaScript with runtime.d.ts beside it, so that type-checking this repository does
// not load the type declarations of all of @pulumi/aws.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import * as yaml from 'yaml';
import * as zod from 'zod';

export const PACKAGES = {
  '@pulumi/aws': aws,
  '@pulumi/pulumi': pulumi,
  '@pulumi/random': random,
  yaml,
  zod,
};
