// The policy pack for `pulumi preview --policy-pack policy` (and `pulumi up --policy-pack policy`).
// The rules live in policies.ts; this file only packs them with the stack facts some rules compare
// against, read from the stack config file (a policy pack is not handed the stack's config).
import { PolicyPack } from '@pulumi/policy';
import { loadStackConfig } from '../lib/config/stack-config';
import { stackFileConfig } from '../scripts/stack-file';
import { POLICIES } from './policies';
import { stackFacts } from './stack-facts';
import { defaultStack } from './stack-name';

const stack = defaultStack(process.env);
const facts = stackFacts(loadStackConfig({ config: stackFileConfig(stack), stack, env: process.env }));

new PolicyPack('tap-dr', {
  policies: [...POLICIES],
}, Object.fromEntries(POLICIES.filter((p) => p.configSchema).map((p) => [p.name, { ...facts }])));
