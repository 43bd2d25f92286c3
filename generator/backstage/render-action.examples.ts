import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (name: string, input: Record<string, unknown>) =>
  stringify({ steps: [{ id: 'render', action: 'tap:dr:render', name, input }] });

export const examples: TemplateExample[] = [
  {
    description: 'Render the trading-platform reference scenario into the workspace, owned by a team.',
    example: step('Render the DR repository', {
      preset: 'trading',
      name: 'payments-dr',
      owner: 'group:default/dba-team',
    }),
  },
  {
    description: 'Start from the healthcare preset, give the public domain the team controls (the application tier needs one and no preset can know it), change two answers and render into a sub-folder of the workspace.',
    example: step('Render the DR stack into infra/dr', {
      preset: 'healthcare',
      name: 'patient-records-dr',
      publicDomainName: 'records-dr.northwind-clinics.net',
      natGatewayCount: 2,
      alarmEmail: 'oncall@example.org',
      targetPath: 'infra/dr',
    }),
  },
  {
    description: 'No preset: Aurora MySQL between Frankfurt and Ireland, every other answer from the schema defaults.',
    example: step('Render an Aurora MySQL DR repository', {
      preset: 'none',
      name: 'orders-dr',
      primaryRegion: 'eu-central-1',
      secondaryRegion: 'eu-west-1',
      engine: 'aurora-mysql',
      instanceClass: 'db.r6g.xlarge',
      tags: { CostCenter: 'cc-1234' },
    }),
  },
];
