import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as aws from '@pulumi/aws';
import { DIAGRAM_END, DIAGRAM_START } from '../scripts/architecture';
import { drawGraphDocuments, GRAPH_DOCUMENTS, graphDocuments } from '../scripts/graph-docs';
import { generatedAnswers, readRepoFile, REPO_ROOT } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';

const answers = generatedAnswers();

describe('the documents drawn from the preview graph (npm run diagram)', () => {
  it('are committed as the program draws them: README.md, docs/architecture.md, docs/deployer-policy.json (run npm run diagram)', async () => {
    const documents = graphDocuments(await runWholeStack(), answers.stack, readRepoFile('README.md'));
    expect(Object.keys(documents).sort()).toEqual([...GRAPH_DOCUMENTS].sort());
    for (const [path, content] of Object.entries(documents)) {
      expect({ path, exists: existsSync(join(REPO_ROOT, path)) }).toEqual({ path, exists: true });
      expect({ path, content: readRepoFile(path) }).toEqual({ path, content });
    }
  });

  it('run the program given, with the stack config given, and keep the README around the diagram block', async () => {
    const readme = `# title\n${DIAGRAM_START}\nold\n${DIAGRAM_END}\nrest\n`;
    const documents = await drawGraphDocuments({
      program: () => {
        const provider = new aws.Provider('aws-primary', { region: 'eu-west-1' });
        new aws.sns.Topic('topic', { name: 'alarms' }, { provider });
        return {};
      },
      stack: 'tiny',
      config: { 'TapStack:unused': 'x' },
      readme,
    });
    expect(documents['docs/architecture.md']).toMatch(/^# Architecture \(stack `tiny`\)[\s\S]*subgraph region_eu_west_1\["eu-west-1 \(primary\)"\]/);
    expect(documents['README.md']).toMatch(/^# title\n[\s\S]*flowchart LR[\s\S]*\nrest\n$/);
    expect(JSON.parse(documents['docs/deployer-policy.json']).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['SnsInTheStackRegions']);
  });
});
