import { ANSWER_KEYS, fieldKind, type AnswerKey } from '../../skeleton/lib/config/answers-schema';
import type { Problem } from '../../skeleton/lib/config/validate';
import { PRESETS, PRESET_NAMES, isPresetName } from './presets';

/*
 * How answers from several sources combine, with no file or process access: `collectAnswers`
 * (collect.ts) reads the answers file and comes here, and so does the portal form's review, which
 * runs in the browser and must layer the form exactly as the `tap:dr:render` action will.
 */

/** The layers, weakest first: schema defaults < stored < preset < file < answers < `--set`. */
export interface AnswerLayers {
  /** Answers stored in `.yo-rc.json` by an earlier run. */
  readonly stored?: Record<string, unknown>;
  readonly preset?: string;
  /** The content of an answers file, or the problem reading it. */
  readonly file?: Record<string, unknown> | Problem;
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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isProblem(value: unknown): value is Problem {
  return isPlainObject(value) && 'reason' in value && 'allowed' in value;
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

/** The answers of a preset, or the problem with its name. */
export function presetLayer(preset: string): Record<string, unknown> | Problem {
  return isPresetName(preset)
    ? PRESETS[preset].answers
    : { field: '--preset', value: preset, reason: 'is not a preset', allowed: PRESET_NAMES.join(' or ') };
}

/** Combines the layers into one object for `validateAnswers`. */
export function layerAnswers(layers: AnswerLayers): CollectedAnswers {
  const problems: Problem[] = [];
  const preset = layers.preset === undefined ? undefined : presetLayer(layers.preset);
  if (isProblem(preset)) problems.push(preset);
  if (isProblem(layers.file)) problems.push(layers.file);
  const sets: Record<string, unknown> = {};
  for (const item of layers.sets ?? []) {
    const parsed = parseSet(item);
    if (isProblem(parsed)) problems.push(parsed);
    else if (parsed.tag !== undefined) sets.tags = { ...(sets.tags as Record<string, unknown> | undefined), [parsed.tag]: parsed.value };
    else sets[parsed.key] = parsed.value;
  }
  const layer = (value: Record<string, unknown> | Problem | undefined) => (isProblem(value) ? undefined : value);
  return { input: mergeAnswers(layers.stored, layer(preset), layer(layers.file), layers.answers, sets), problems };
}
