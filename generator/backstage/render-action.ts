import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction, type TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { z as zod3 } from 'zod/v3';
import { InvalidAnswersError } from '../../skeleton/lib/config/validate';
import { prepare } from '../prepare';
import { applyWrite, conflictsOf, planWrite } from '../render/write';
import { examples } from './render-action.examples';
import { RENDER_ACTION_ID, renderActionInput, renderActionSources } from './render-action-input';
import { stackSummary, stackSummarySchema } from './stack-summary';

export { RENDER_ACTION_ID };

/** What `tap:dr:render` outputs (the summary as its output schema types it). */
export type RenderActionOutput = { files: string[]; stackName: string; summary: zod3.infer<ReturnType<typeof stackSummarySchema>> };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `tap:dr:render`: validates the answers with the core, renders the DR repository and writes it
 * into the task workspace with the same writer as `tap-dr new`. A re-run with the same answers (task
 * recovery, a retried step) finds identical files and succeeds; a file that differs from the render
 * is never overwritten. In a dry run the workspace is the scaffolder's dry-run workspace, so the
 * action does exactly the same there.
 */
export function createRenderAction(): TemplateAction<JsonObject, RenderActionOutput, 'v2'> {
  return createTemplateAction({
    id: RENDER_ACTION_ID,
    description: 'Renders a two-region Aurora Global Database DR stack as a tested Pulumi TypeScript repository (generator-tap-dr).',
    examples,
    supportsDryRun: true,
    schema: {
      input: renderActionInput,
      output: {
        files: (z) => z.array(z.string()).describe('Paths of the rendered files, relative to targetPath'),
        stackName: (z) => z.string().describe('Pulumi stack name; its config is Pulumi.<stackName>.yaml'),
        summary: stackSummarySchema,
      },
    },
    async handler(ctx) {
      const { preset, answers, targetPath } = renderActionSources(ctx.input as Record<string, unknown>);
      ctx.signal?.throwIfAborted();
      const prepared = prepare({ preset, answers });
      if (!prepared.ok) {
        const { message } = new InvalidAnswersError(prepared.problems, `${RENDER_ACTION_ID}: the answers have ${plural(prepared.problems.length, 'problem')}; nothing was written`);
        throw new InputError(message);
      }
      const directory = resolveSafeChildPath(ctx.workspacePath, targetPath ?? '.');
      const plan = planWrite(directory, prepared.files);
      const conflicts = conflictsOf(plan);
      if (conflicts.length > 0) {
        throw new InputError(
          `${RENDER_ACTION_ID}: ${plural(conflicts.length, 'file')} in ${targetPath ?? 'the workspace'} ${conflicts.length === 1 ? 'differs' : 'differ'} from the render and would be overwritten; nothing was written:\n${conflicts.map((f) => `  - ${f.path}`).join('\n')}`,
        );
      }
      ctx.signal?.throwIfAborted();
      applyWrite(plan, prepared.files, { force: true });
      const written = plan.files.filter((f) => f.action === 'create').length;
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: rendered' : 'Rendered'} ${plural(plan.files.length, 'file')} for stack ${prepared.answers.stack} into ${targetPath ?? 'the workspace'} (${written} new, ${plan.files.length - written} identical):\n${plan.files.map((f) => `  ${f.action.padEnd(9)} ${f.path}`).join('\n')}`,
      );
      ctx.output('files', plan.files.map((f) => f.path));
      ctx.output('stackName', prepared.answers.stack);
      ctx.output('summary', stackSummary(prepared.answers));
    },
  });
}
