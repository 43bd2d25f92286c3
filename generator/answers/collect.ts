import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ANSWER_KEYS, fieldKind, type AnswerKey } from '../../skeleton/lib/config/answers-schema';
import type { Problem } from '../../skeleton/lib/config/validate';
import { PRESETS, PRESET_NAMES, isPresetName } from './presets';

/** Where answers come from, weakest first: schema defaults < stored < preset < file < answers < `--set`. */
export interface AnswerSources {
  /** Answers stored in `.yo-rc.json` by an earlier run. */
  readonly stored?: Record<string, unknown>;
  readonly preset?: string;
  /** Path of a JSON or YAML file with answers. */
  readonly answersFile?: string;
  /** Answers given as an object, e.g. the fields a portal form filled in. */
  readonly answers?: Record<string, unknown>;
  /** `key=value` items; `tags.Team=dba` sets one tag. */
  readonly sets?: readonly string[];
}

export interface CollectedAnswers {
  readonly input: Record<string, unknown>;
  /** Problems found before validation: unknown preset, unreadable answers file, malformed `--set`. */
  readonly problems: Problem[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Later layers win field by field; `tags` are merged key by key. */
export function mergeAnswers(...layers: ReadonlyArray<Record<string, unknown> | undefined>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      merged[key] = key === 'tags' && isPlainObject(value) && isPlainObject(merged.tags) ? { ...merged.tags, ...value } : value;
    }
  }
  return merged;
}

/**
 * Types a text value by the field's schema, so `--set azCount=2` is the number 2. Text that is not
 * of the field's type is passed on as text, and validation names the field.
 */
export function typedValue(key: AnswerKey, text: string): unknown {
  switch (fieldKind(key)) {
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'map':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** Parses one `--set key=value`; returns a problem for malformed items. */
export function parseSet(item: string): { key: string; value: unknown; tag?: string } | Problem {
  const eq = item.indexOf('=');
  if (eq <= 0) {
    return { field: '--set', value: item, reason: 'is not key=value', allowed: `key=value with a key from ${ANSWER_KEYS.join(', ')}, or tags.<Key>=value` };
  }
  const key = item.slice(0, eq);
  const text = item.slice(eq + 1);
  if (key.startsWith('tags.') && key.length > 5) return { key: 'tags', value: text, tag: key.slice(5) };
  const value = (ANSWER_KEYS as string[]).includes(key) ? typedValue(key as AnswerKey, text) : text;
  if (key === 'tags' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return { field: '--set tags', value: text, reason: 'is not a map of tags', allowed: `one --set tags.<Key>=<value> per tag, e.g. --set tags.Team=dba, or all at once as JSON: --set tags='{"Team":"dba"}'` };
  }
  return { key, value };
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

function isProblem(value: unknown): value is Problem {
  return isPlainObject(value) && 'reason' in value && 'allowed' in value;
}

/** Gathers answers from every source into one object for `validateAnswers`. */
export function collectAnswers(sources: AnswerSources): CollectedAnswers {
  const problems: Problem[] = [];
  let preset: Record<string, unknown> | undefined;
  if (sources.preset !== undefined) {
    if (isPresetName(sources.preset)) preset = PRESETS[sources.preset].answers;
    else problems.push({ field: '--preset', value: sources.preset, reason: 'is not a preset', allowed: PRESET_NAMES.join(' or ') });
  }
  let file: Record<string, unknown> | undefined;
  if (sources.answersFile !== undefined) {
    const read = readAnswersFile(sources.answersFile);
    if (isProblem(read)) problems.push(read);
    else file = read;
  }
  const sets: Record<string, unknown> = {};
  for (const item of sources.sets ?? []) {
    const parsed = parseSet(item);
    if (isProblem(parsed)) problems.push(parsed);
    else if (parsed.tag !== undefined) sets.tags = { ...(sets.tags as Record<string, unknown> | undefined), [parsed.tag]: parsed.value };
    else sets[parsed.key] = parsed.value;
  }
  return { input: mergeAnswers(sources.stored, preset, file, sources.answers, sets), problems };
}
