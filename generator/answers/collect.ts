import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../../skeleton/lib/config/validate';
import { isPlainObject, layerAnswers, type AnswerLayers, type CollectedAnswers } from './layers';

export { mergeAnswers, parseSet, typedValue, type CollectedAnswers } from './layers';

/** Where answers come from, weakest first: schema defaults < stored < preset < file < answers < `--set`. */
export interface AnswerSources extends Omit<AnswerLayers, 'file'> {
  /** Path of a JSON or YAML file with answers. */
  readonly answersFile?: string;
}

function readAnswersFile(path: string): Record<string, unknown> | Problem {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { field: '--answers', value: path, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, allowed: 'a readable JSON or YAML file' };
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    // The parser's first line names the error and where it is ("… at line 1, column 4:").
    const where = (error as Error).message.split('\n')[0]?.replace(/:\s*$/, '');
    return { field: '--answers', value: path, reason: `is not valid JSON or YAML: ${where}`, allowed: 'a JSON or YAML object of answers' };
  }
  if (!isPlainObject(data)) return { field: '--answers', value: path, reason: 'does not hold an object of answers', allowed: 'a JSON or YAML object of answers' };
  return data;
}

/** Gathers answers from every source into one object for `validateAnswers`. */
export function collectAnswers(sources: AnswerSources): CollectedAnswers {
  const { answersFile, ...layers } = sources;
  return layerAnswers({ ...layers, file: answersFile === undefined ? undefined : readAnswersFile(answersFile) });
}
