import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../skeleton/lib/config/answers-schema';
import { validateAnswers, type Problem } from '../skeleton/lib/config/validate';
import { collectAnswers, type AnswerSources } from './answers/collect';
import { GENERATOR_NAME } from './package-root';
import { render, type RenderedFiles, type RenderOptions } from './render/render';

export type Prepared =
  | { ok: true; answers: Answers; files: RenderedFiles; usedStored: boolean }
  | { ok: false; problems: Problem[] };

/** Answers an earlier run stored in `<dir>/.yo-rc.json`, if any. */
export function readStoredAnswers(directory: string): Record<string, unknown> | undefined {
  const file = join(directory, '.yo-rc.json');
  if (!existsSync(file)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8'))?.[GENERATOR_NAME]?.answers;
    return typeof stored === 'object' && stored !== null ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** The whole job short of writing: collect, validate, render. Every front end goes through here. */
export function prepare(sources: AnswerSources, options: Pick<RenderOptions, 'drawGraph'> = {}): Prepared {
  const collected = collectAnswers(sources);
  const validation = validateAnswers(collected.input);
  const problems = [...collected.problems, ...(validation.ok ? [] : validation.problems)];
  if (problems.length > 0 || !validation.ok) return { ok: false, problems };
  return { ok: true, answers: validation.answers, files: render(validation.answers, options), usedStored: sources.stored !== undefined };
}
