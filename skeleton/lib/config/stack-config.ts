import { ANSWER_KEYS, fieldKind, type AnswerKey, type Answers } from './answers-schema';
import { parseAnswers } from './validate';

/**
 * Reads the answers back from the stack config and checks them with the rules the generator used.
 * Nothing in `lib/config` imports `@pulumi/pulumi` (the generator shares these files and has no
 * Pulumi): `index.ts` passes in the config and stack name it gets from Pulumi.
 */

/** Config namespace of the answers: the project name in `Pulumi.yaml`. */
export const CONFIG_NAMESPACE = 'TapStack';
/** Environment variable that, when set and not empty, overrides `TapStack:environmentSuffix`. */
export const SUFFIX_VARIABLE = 'ENVIRONMENT_SUFFIX';

export interface StackConfigSource {
  /**
   * The whole stack config as Pulumi hands it to the program (`pulumi.runtime.allConfig()`):
   * `namespace:key` → text. Numbers and booleans arrive as their text, maps as JSON.
   */
  readonly config: Readonly<Record<string, string>>;
  /** The stack name (`pulumi.getStack()`); its config file is `Pulumi.<stack>.yaml`. */
  readonly stack: string;
  /** Where `ENVIRONMENT_SUFFIX` is read from: `process.env` in the program. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Config text → the value its field takes. Text that is not of the field's type is passed on as it
 * is, so validation reports it with the field's name (`azCount = "three": is a string, not a number`).
 */
function fromText(key: AnswerKey, text: string): unknown {
  if (fieldKind(key) === 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isAnswerKey(key: string): key is AnswerKey {
  return (ANSWER_KEYS as readonly string[]).includes(key);
}

/**
 * The answers in the stack config, validated. Every `TapStack:` key is read; one that is not an
 * answer is reported, so a misspelt key does not silently fall back to a default. The stack name
 * comes from Pulumi, never from the config. Throws an `InvalidAnswersError` that lists every problem
 * and names the stack file (and `ENVIRONMENT_SUFFIX`, when the suffix came from it).
 */
export function loadStackConfig({ config, stack, env }: StackConfigSource): Answers {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const input: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(config)) {
    if (!fullKey.startsWith(prefix)) continue; // e.g. aws:region, read by the AWS provider
    const key = fullKey.slice(prefix.length);
    input[key] = isAnswerKey(key) ? fromText(key, text) : text;
  }
  input.stack = stack;

  const suffix = env[SUFFIX_VARIABLE];
  const suffixFromEnv = suffix !== undefined && suffix !== '';
  if (suffixFromEnv) input.environmentSuffix = suffix;

  const source = suffixFromEnv
    ? `${prefix}* keys; environmentSuffix from the ${SUFFIX_VARIABLE} environment variable`
    : `${prefix}* keys`;
  return parseAnswers(input, `Invalid stack config in Pulumi.${stack}.yaml (${source})`);
}
