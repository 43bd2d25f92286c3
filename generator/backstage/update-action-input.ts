import type { z as zod3 } from 'zod/v3';
import { ANSWER_KEYS } from '../../skeleton/lib/config/answers-schema';
import { renderActionInput } from './render-action-input';

type FieldSchema = (z: typeof zod3) => zod3.ZodTypeAny;

/** The action's id, as templates name it in `action:` (here, apart from Backstage, for the template generator). */
export const UPDATE_ACTION_ID = 'tap:dr:update';

/**
 * The input of `tap:dr:update`: the answers to change (the same fields, names and words as
 * `tap:dr:render`; a field left out keeps the repository's recorded answer), the folder holding the
 * checked-out repository, and optionally the catalog entity's source location for the pull request.
 */
export const updateActionInput: Record<string, FieldSchema> = {
  ...Object.fromEntries(ANSWER_KEYS.map((key) => [key, renderActionInput[key]])),
  targetPath: (z) => z.string().optional().describe('Folder inside the workspace that holds the repository to update, e.g. where fetch:plain put it (default: the workspace itself).'),
  sourceLocation: (z) =>
    z.string().optional().describe("The entity's backstage.io/source-location annotation (url:https://github.com/<owner>/<repo>/tree/<branch>/); gives the repoUrl and targetBranchName outputs for publish:github:pull-request."),
};
