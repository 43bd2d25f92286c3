import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const steps = (input: Record<string, unknown>) =>
  stringify({
    steps: [
      { id: 'fetch', action: 'fetch:plain', name: 'Fetch the repository', input: { url: 'https://github.com/acme/payments-dr/tree/main/', targetPath: 'repository' } },
      { id: 'update', action: 'tap:dr:update', name: 'Update the DR repository', input: { targetPath: 'repository', ...input } },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description: 'Bring a fetched repository to the generator version installed in this backend, keeping its answers and its team\'s edits.',
    example: steps({ sourceLocation: 'url:https://github.com/acme/payments-dr/tree/main/' }),
  },
  {
    description: 'Switch the EventBridge tier on and move the stack config to Pulumi.prod.yaml in the same update.',
    example: steps({ eventBridge: true, stack: 'prod', sourceLocation: 'url:https://github.com/acme/payments-dr/tree/main/' }),
  },
];
