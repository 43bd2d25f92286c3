import type { z as zod3 } from 'zod/v3';
import { ANSWER_KEYS, FIELDS, fieldKind, type AnswerKey } from '../../skeleton/lib/config/answers-schema';
import { PRESET_NAMES } from '../answers/presets';

/** The action's id, as templates name it in `action:`. */
export const RENDER_ACTION_ID = 'tap:dr:render';

/** The `preset` value that means "start from the schema defaults". */
export const NO_PRESET = 'none';

/** The form parameters the template hands to the action, each as `${{ parameters.<name> }}`. */
export const RENDER_STEP_PARAMETERS: readonly string[] = ['preset', ...ANSWER_KEYS];

/** How the action layers its input: the preset (none for `NO_PRESET`) under the answers given. */
export function renderActionSources(input: Record<string, unknown>): { preset?: string; answers: Record<string, unknown>; targetPath?: string } {
  const { preset, targetPath, ...answers } = input as Record<string, unknown> & { preset?: string; targetPath?: string };
  return { preset: preset === NO_PRESET ? undefined : preset, answers, targetPath };
}

type FieldSchema = (z: typeof zod3) => zod3.ZodTypeAny;

function answerType(z: typeof zod3, key: AnswerKey): zod3.ZodTypeAny {
  switch (fieldKind(key)) {
    case 'integer':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'map':
      return z.record(z.string());
    default:
      return z.string();
  }
}

/**
 * The action's input: one optional field per answer, with the answers schema's names, types and
 * words. Ranges, formats and the rules between fields are deliberately not repeated here: Backstage
 * turns this schema into JSON Schema once and never runs zod refinements, so the handler validates
 * with the core and reports the core's messages.
 */
export const renderActionInput: Record<string, FieldSchema> = {
  preset: (z) =>
    z
      .string()
      .optional()
      .describe(`Base layer of answers: ${PRESET_NAMES.join(' or ')}, or ${NO_PRESET} for the schema defaults. Answers given below override it field by field.`),
  ...Object.fromEntries(
    ANSWER_KEYS.map((key): [string, FieldSchema] => [
      key,
      (z) => answerType(z, key).optional().describe(`${FIELDS[key].info.title}. ${FIELDS[key].info.description} Allowed: ${FIELDS[key].info.allowed}.`),
    ]),
  ),
  targetPath: (z) =>
    z.string().optional().describe('Folder inside the workspace to render into (default: the workspace itself). Files already there that differ from the render are never overwritten.'),
};
