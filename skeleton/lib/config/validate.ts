import type { z } from 'zod';
import {
  ANSWER_KEYS,
  FIELDS,
  crossFieldIssues,
  withDerivedDefaults,
  type AnswerKey,
  type Answers,
  type ResolvedFields,
} from './answers-schema';

/** One thing wrong with the answers, in words a user can act on. */
export interface Problem {
  /** Field name as in the answers, `tags.Owner` for a tag. */
  readonly field: string;
  /** The value given, or undefined when the field was missing. */
  readonly value: unknown;
  readonly reason: string;
  readonly allowed: string;
}

export type Validation = { ok: true; answers: Answers } | { ok: false; problems: Problem[] };

/** The value at `path` in the answers given. Paths only ever lead through objects (a record's entries). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) current = (current as Record<PropertyKey, unknown> | null | undefined)?.[key];
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Plain reasons for zod's built-in checks; cross-field rules bring their own words. */
function reasonFor(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (typeof value === 'number' && !Number.isFinite(value)) return 'is not a finite number';
      return value === undefined ? 'is required' : `is ${describe(value)}, not ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      return typeof value === 'string' ? 'is too short' : 'is too small';
    case 'too_big':
      return typeof value === 'string' ? 'is too long' : 'is too large';
    case 'invalid_format':
      return issue.format === 'regex' ? 'has characters or a shape that is not allowed' : `is not a valid ${issue.format}`;
    case 'invalid_value':
      return 'is not one of the allowed values';
    case 'custom':
      return issue.message;
    default:
      return issue.message;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks answers given from any front end. Every field is checked on its own first, then the rules
 * between the fields that passed, so all problems are reported at once. Never throws.
 */
export function validateAnswers(input: unknown): Validation {
  if (!isPlainObject(input)) {
    return { ok: false, problems: [{ field: '(answers)', value: input, reason: `is ${describe(input)}`, allowed: 'an object of answers' }] };
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(input)) {
    if (!(ANSWER_KEYS as string[]).includes(key)) {
      problems.push({ field: key === '' ? '(empty key)' : key, value: input[key], reason: 'is not an answer this template knows', allowed: `one of ${ANSWER_KEYS.join(', ')}` });
    }
  }
  const valid: Record<string, unknown> = {};
  for (const key of ANSWER_KEYS) {
    const result = FIELDS[key].schema.safeParse(input[key]);
    if (result.success) {
      if (result.data !== undefined) valid[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const path = [key, ...issue.path.map(String)];
      const value = valueAt(input, path);
      problems.push({ field: path.join('.'), value, reason: reasonFor(issue, value), allowed: FIELDS[key].info.allowed });
    }
  }
  const resolved = withDerivedDefaults(valid as Partial<ResolvedFields>);
  // A field given with a bad value is missing from `resolved`; its own problem says enough.
  const ownProblems = new Set(problems.map((p) => p.field.split('.')[0]));
  for (const issue of crossFieldIssues(resolved).filter((i) => !ownProblems.has(i.path[0]))) {
    problems.push({ field: issue.path.join('.'), value: valueAt(input, issue.path) ?? valueAt(resolved, issue.path), reason: issue.reason, allowed: issue.allowed });
  }
  if (problems.length > 0) {
    const order = (field: string) => ANSWER_KEYS.indexOf(field.split('.')[0] as AnswerKey);
    return { ok: false, problems: problems.sort((a, b) => order(a.field) - order(b.field)) };
  }
  const ordered = Object.fromEntries(ANSWER_KEYS.filter((k) => k in resolved).map((k) => [k, resolved[k]]));
  return { ok: true, answers: ordered as Answers };
}

/**
 * `field = value: reason. Allowed: what.` on one line; a reason of several lines (the recovery budget
 * table) keeps its first line there and follows with the rest, indented under it.
 */
export function formatProblem(p: Problem): string {
  const shown = p.value === undefined ? '' : ` = ${JSON.stringify(p.value)}`;
  const [first, ...rest] = p.reason.trim().split('\n');
  const detail = rest.length > 0 ? `\n${rest.map((line) => (line ? `    ${line}` : '')).join('\n')}` : '';
  // A reason that ends in its own colon or full stop (a parser's message) is not followed by a second one.
  return `${p.field}${shown}: ${(first as string).replace(/[\s:.]+$/, '')}. Allowed: ${p.allowed.replace(/[\s.]+$/, '')}.${detail}`;
}

/** Thrown where answers must be valid to go on; the message lists every problem. */
export class InvalidAnswersError extends Error {
  constructor(readonly problems: readonly Problem[], context = 'Invalid answers') {
    super(`${context}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'InvalidAnswersError';
  }
}

/** Returns valid answers or throws an `InvalidAnswersError` naming every problem. */
export function parseAnswers(input: unknown, context?: string): Answers {
  const result = validateAnswers(input);
  if (!result.ok) throw new InvalidAnswersError(result.problems, context);
  return result.answers;
}

/**
 * Problems that concern one field, checked together with the other answers given so far: what a
 * prompt or a form field shows next to the field.
 */
export function fieldProblems(field: AnswerKey, input: Record<string, unknown>): Problem[] {
  const result = validateAnswers(input);
  return result.ok ? [] : result.problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));
}
