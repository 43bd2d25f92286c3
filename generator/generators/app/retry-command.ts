import { relative } from 'node:path';
import { FIELDS, type AnswerKey } from '../../../skeleton/lib/config/answers-schema';
import { ENGINES } from '../../../skeleton/lib/config/aws-facts';
import { collectAnswers } from '../../answers/collect';

/** A word the shell passes on as it is, else the word in single quotes. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The answers of a yo run that failed at the end, as the `tap-dr new` command that renders them: the
 * preset, then a `--set` for every answer that differs from it (a tag each as tags.<Key>=<value>), so
 * the user fixes the value the messages name instead of answering every prompt again.
 */
export function retryCommand(command: string, directory: string, cwd: string, preset: string | undefined, answers: Record<string, unknown>): string {
  const base = collectAnswers({ preset }).input;
  // What the preset leaves open takes the schema default (the engine's default version for the version).
  const unchanged = (key: string, value: unknown) => {
    if (key in base) return JSON.stringify(value) === JSON.stringify(base[key]);
    const engine = ENGINES.find((e) => e.engine === (answers.engine ?? FIELDS.engine.schema.safeParse(undefined).data));
    const fallback = key === 'engineVersion' ? engine?.defaultVersion : FIELDS[key as AnswerKey]?.schema.safeParse(undefined).data;
    return JSON.stringify(value) === JSON.stringify(fallback);
  };
  const sets: string[] = [];
  for (const [key, value] of Object.entries(answers)) {
    if (value === undefined || unchanged(key, value)) continue;
    if (key === 'tags' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [tag, text] of Object.entries(value)) sets.push(`tags.${tag}=${String(text)}`);
    } else {
      sets.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  const target = relative(cwd, directory) || '.';
  return [command, 'new', shellWord(target), ...(preset ? ['--preset', shellWord(preset)] : []), ...sets.flatMap((set) => ['--set', shellWord(set)])].join(' ');
}
