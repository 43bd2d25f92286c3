import { architectureDiagram, architectureDocument, replaceDiagramBlock } from './architecture';
import { deployerPolicy } from './deployer-policy';
import { previewPolicy } from './preview-policy';
import { runOffline, type OfflineRun } from './offline/recorder';

/**
 * The files `npm run diagram` draws from the program's preview graph: the architecture diagram (also
 * copied into README.md), the deployer's IAM policy and the read-only policy of CI's preview role. The
 * generator runs this same code when it renders a repository, so a fresh repository ships them drawn,
 * byte for byte what `npm run diagram` writes; `npm test` fails when they no longer match the program.
 */
export const GRAPH_DOCUMENTS = ['README.md', 'docs/architecture.md', 'docs/deployer-policy.json', 'docs/preview-policy.json'] as const;
export type GraphDocument = (typeof GRAPH_DOCUMENTS)[number];

/** The Pulumi project of every generated repository (Pulumi.yaml). */
export const PROJECT = 'TapStack';

export function graphDocuments(run: OfflineRun, stack: string, readme: string): Record<GraphDocument, string> {
  const architecture = architectureDocument(stack, architectureDiagram(run));
  return {
    'README.md': replaceDiagramBlock(readme, architecture),
    'docs/architecture.md': architecture,
    'docs/deployer-policy.json': `${JSON.stringify(deployerPolicy(run), null, 2)}\n`,
    'docs/preview-policy.json': `${JSON.stringify(previewPolicy(run), null, 2)}\n`,
  };
}

export interface DrawInput {
  /** The program, e.g. `() => import('../index')`. */
  readonly program: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  readonly stack: string;
  /** The stack config as the Pulumi CLI hands it over (scripts/stack-file.ts). */
  readonly config: Record<string, string>;
  /** README.md as it is: the diagram block is replaced, the rest kept. */
  readonly readme: string;
}

/** Runs the program offline and draws the documents. */
export async function drawGraphDocuments(input: DrawInput): Promise<Record<GraphDocument, string>> {
  const run = await runOffline(input.program, { project: PROJECT, stack: input.stack, config: input.config });
  return graphDocuments(run, input.stack, input.readme);
}
