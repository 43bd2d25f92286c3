import type { PromptQuestion } from '@yeoman/types';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Generator from 'yeoman-generator';
import {
  ANSWER_KEYS,
  FIELDS,
  answersJsonSchema,
  defaultRpoEnforcement,
  fieldKind,
  type AnswerKey,
  type Answers,
  type FieldInfo,
} from '../../../skeleton/lib/config/answers-schema';
import { ENGINES, REGIONS, type Engine } from '../../../skeleton/lib/config/aws-facts';
import { costEstimate, costTable } from '../../../skeleton/lib/config/cost-estimate';
import { formatRecoveryBudget, recoveryBudget } from '../../../skeleton/lib/config/recovery-budget';
import { engineFact } from '../../../skeleton/lib/config/rules';
import { fieldProblems, formatProblem, InvalidAnswersError, type Problem } from '../../../skeleton/lib/config/validate';
import { collectAnswers, mergeAnswers, typedValue } from '../../answers/collect';
import { PRESETS, PRESET_NAMES } from '../../answers/presets';
import { RENDER_COMMAND } from '../../package-root';
import { prepare } from '../../prepare';
import type { RenderedFiles } from '../../render/render';
import { conflictsOf, planWrite, WriteRefusedError } from '../../render/write';
import { retryCommand } from './retry-command';
import { conflictAdvice, describePlan } from '../../cli/update';
import { applyUpdate, planUpdate, type UpdatePlan } from '../../update/update';

/** `primaryRegion` → `primary-region`: every answer is also a command-line option. */
export const optionName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Answers a user sees first; the rest are asked only if they choose to change the preset's values. */
export const ALWAYS_ASKED: readonly AnswerKey[] = ['name', 'environmentSuffix', 'stack', 'primaryRegion', 'secondaryRegion'];

/** The answers of a render, kept for re-running (written by `end`, see `writing`). */
const STORED_ANSWERS = '.yo-rc.json';

/** Optional text answers: an empty prompt answer means "none" (or "the engine's default version"). */
const EMPTY_MEANS_UNSET: readonly AnswerKey[] = ['alarmEmail', 'owner', 'engineVersion', 'publicDomainName', 'publicHostedZoneId'];

/** Fields that have no default and must be given because their tier is on (FieldInfo.requiredWhen), and are not. */
export function requiredAndMissing(answers: Record<string, unknown>): AnswerKey[] {
  return ANSWER_KEYS.filter((key) => {
    const tier = (FIELDS[key].info as FieldInfo).requiredWhen;
    return tier !== undefined && FIELDS[tier].schema.safeParse(answers[tier]).data === true && (answers[key] === undefined || answers[key] === '');
  });
}

/**
 * Same words as `tap-dr new`: how many problems, and that nothing was written. With `retry`, the
 * answers given so far as a command, so nothing typed is lost when the run fails at the end.
 */
function invalidAnswers(problems: readonly Problem[], retry?: string): InvalidAnswersError {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const error = new InvalidAnswersError(problems, `tap-dr: the answers have ${count}; nothing was written`);
  if (retry) error.message += `\nYour answers, kept as a command: fix the values named above in it and run it (or run yo tap-dr again):\n  ${retry}`;
  return error;
}

/** A field with a fixed set of values is a list to pick from (regions by name, engine, failover mode, runtime). */
function choicesFor(key: AnswerKey): Array<{ name: string; value: string }> | undefined {
  // The JSON Schema sees through `.default()`, which hides a zod enum's `options`.
  const property = (answersJsonSchema().properties as Record<string, { enum?: unknown[] }>)[key];
  if (!property.enum?.every((v) => typeof v === 'string')) return undefined;
  return (property.enum as string[]).map((value) => {
    const region = REGIONS.find((r) => r.code === value);
    return { name: region ? `${value}  ${region.name}` : value, value };
  });
}

/** What a prompt says: the field, then what the schema knows of it (unit, range, the rule, optional). */
export function promptMessage(key: AnswerKey): string {
  const info = FIELDS[key].info;
  if (fieldKind(key) === 'map') return `${info.title} (Key=Value, Key=Value): ${info.allowed}`;
  // A list shows the allowed values itself; a yes/no question says what yes does.
  if (choicesFor(key) || fieldKind(key) === 'boolean') return `${info.title}: ${info.description}`;
  return `${info.title}: ${info.allowed}`;
}

/** The engine version a user most likely wants: the one known for this engine, else the engine's default. */
function engineVersionDefault(known: Record<string, unknown>, so: Record<string, unknown>): string | undefined {
  const engine = (so.engine ?? known.engine ?? FIELDS.engine.schema.safeParse(undefined).data) as Engine;
  if (known.engineVersion !== undefined && engine === (known.engine ?? engine)) return String(known.engineVersion);
  return ENGINES.some((e) => e.engine === engine) ? engineFact(engine).defaultVersion : undefined;
}

/** The RPO enforcement a user most likely wants: the one known for this engine, else the engine's default (MySQL has no commit bound). */
function rpoEnforcementDefault(known: Record<string, unknown>, so: Record<string, unknown>): string | undefined {
  const engine = (so.engine ?? known.engine ?? FIELDS.engine.schema.safeParse(undefined).data) as Engine;
  if (known.rpoEnforcement !== undefined && engine === (known.engine ?? engine)) return String(known.rpoEnforcement);
  return ENGINES.some((e) => e.engine === engine) ? defaultRpoEnforcement(engine) : undefined;
}

/** `Team=dba, CostCenter=42` → `{ Team: 'dba', CostCenter: '42' }`; a prompt cannot take a map. */
export function parseTagList(text: string): Record<string, string> | string {
  // `--tags '{"Team":"dba"}'` works as with `tap-dr --set tags=…`.
  if (text.trim().startsWith('{')) return typedValue('tags', text) as Record<string, string> | string;
  const tags: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) return item;
    tags[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return tags;
}

/** Answers given as options, typed by the schema the same way as `tap-dr --set`. */
export function optionAnswers(options: Record<string, unknown>): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const key of ANSWER_KEYS) {
    const raw = options[optionName(key)];
    if (raw === undefined) continue;
    if (typeof raw === 'boolean') given[key] = raw;
    else if (fieldKind(key) === 'map') given[key] = typeof raw === 'string' ? parseTagList(raw) : raw;
    else given[key] = typedValue(key, String(raw));
  }
  return given;
}

/**
 * One prompt per field, validated by the core against the answers known so far (`known`, then the
 * answers given earlier in the same prompt batch). The message on a bad value is the core's.
 */
export function questionFor(key: AnswerKey, known: Record<string, unknown>): PromptQuestion<Record<string, unknown>> {
  const kind = fieldKind(key);
  const choices = choicesFor(key);
  const current = known[key] ?? FIELDS[key].schema.safeParse(undefined).data;
  const type = kind === 'boolean' ? 'confirm' : choices ? 'select' : 'input';
  const toValue = (input: unknown) => {
    if (kind === 'map') return typeof input === 'string' ? parseTagList(input) : input;
    if (kind === 'boolean' || typeof input !== 'string') return input;
    return input === '' && EMPTY_MEANS_UNSET.includes(key) ? undefined : typedValue(key, input);
  };
  // Text prompts edit text: numbers and maps are shown the way they are typed.
  const shown = kind === 'map'
    ? Object.entries((current ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(', ')
    : type === 'input' && current !== undefined ? String(current) : current;
  // One shape for every kind of prompt; the adapter picks the prompt by `type`.
  return {
    type,
    name: key,
    message: promptMessage(key),
    choices,
    // The version and RPO enforcement prompts follow an engine picked earlier in the same batch.
    default: key === 'engineVersion' ? (so: Record<string, unknown> = {}) => engineVersionDefault(known, so)
      : key === 'rpoEnforcement' ? (so: Record<string, unknown> = {}) => rpoEnforcementDefault(known, so)
      : shown,
    filter: toValue,
    validate: (input: unknown, so: Record<string, unknown> = {}) => {
      const problems = fieldProblems(key, { ...known, ...so, [key]: toValue(input) });
      return problems.length === 0 || problems.map(formatProblem).join(' ');
    },
  } as unknown as PromptQuestion<Record<string, unknown>>;
}

export default class TapDrGenerator extends Generator {
  private rendered?: { answers: Answers; files: RenderedFiles };
  /** In a generated repository: the update (three-way merge) and whether to apply it. */
  private update?: { plan: UpdatePlan; apply: boolean };

  constructor(args?: string[], options?: Generator['options']) {
    // customInstallTask: the user runs `npm install` when they are ready; yo does not start one.
    // tasksMatchingPriority: only `prompting`, `writing`, `end` are tasks, never a helper method.
    super(args, options, { customInstallTask: true, tasksMatchingPriority: true });
    this.option('preset', { type: String, description: `start from a reference scenario: ${PRESET_NAMES.join(' or ')}` });
    this.option('yes', { type: Boolean, alias: 'y', description: 'ask nothing: take options, stored answers, preset and defaults as they are' });
    for (const key of ANSWER_KEYS) {
      const kind = fieldKind(key);
      this.option(optionName(key), {
        type: kind === 'boolean' ? Boolean : String,
        description: `${FIELDS[key].info.title}: ${FIELDS[key].info.allowed}${kind === 'map' ? ' (as Key=Value,Key=Value)' : ''}`,
      });
    }
  }

  async prompting(): Promise<void> {
    const cliOptions = this.options as unknown as Record<string, unknown>;
    const stored = this.config.get('answers') as Record<string, unknown> | undefined;
    const fromOptions = optionAnswers(cliOptions);
    let preset = cliOptions.preset as string | undefined;
    // The core names a bad preset the way `tap-dr --preset` does, before anything is asked.
    const early = collectAnswers({ preset });
    if (early.problems.length > 0) throw invalidAnswers(early.problems);
    // A repository generated before: its answers are the answers; it is offered the update below.
    const interactive = !stored && !cliOptions.yes;
    if (interactive && preset === undefined) {
      ({ preset } = await this.prompt<{ preset: string }>([{
        type: 'select',
        name: 'preset',
        message: 'Start from',
        choices: [
          ...PRESET_NAMES.map((name) => ({ name: `${PRESETS[name].title}: ${PRESETS[name].description}`, value: name })),
          { name: 'Defaults: us-east-1 → us-west-2, manual failover, deletion protection on', value: 'none' },
        ],
      }]));
      if (preset === 'none') preset = undefined;
    }
    if (stored) return this.offerUpdate(fromOptions, Boolean(cliOptions.yes));
    const base = mergeAnswers(collectAnswers({ preset }).input, fromOptions);
    let answers = base;
    if (interactive) {
      const ask = (key: AnswerKey) => !(key in fromOptions);
      answers = await this.askEach(ALWAYS_ASKED.filter(ask), base);
      const { customize } = await this.prompt<{ customize: boolean }>([{
        type: 'confirm', name: 'customize', message: 'Change the other answers (engine, sizes, targets, network, tiers)?', default: false,
      }]);
      if (customize) answers = await this.askEach(ANSWER_KEYS.filter((key) => !ALWAYS_ASKED.includes(key) && ask(key)), answers);
      // Answers no preset can know (the application's public domain) are asked whenever their tier is on.
      answers = await this.askEach(requiredAndMissing(answers).filter(ask), answers);
    }
    const prepared = prepare({ stored: answers });
    if (!prepared.ok) {
      const retry = retryCommand(RENDER_COMMAND, this.destinationRoot(), process.cwd(), preset, answers);
      throw invalidAnswers(prepared.problems, retry);
    }
    this.rendered = prepared;
  }

  /**
   * One prompt at a time, each validated by the core against every answer given before it, so a
   * secondary region equal to the primary one chosen a moment ago is refused at once, not at the end.
   */
  private async askEach(keys: readonly AnswerKey[], known: Record<string, unknown>): Promise<Record<string, unknown>> {
    let answers = { ...known };
    for (const key of keys) {
      const given = await this.prompt(questionFor(key, answers));
      // Another engine: the version the preset named belongs to the old one; offer the new one's default.
      if (key === 'engine' && given.engine !== answers.engine) delete answers.engineVersion;
      answers = { ...answers, [key]: given[key] };
      if (given[key] === undefined) delete answers[key];
    }
    return answers;
  }

  /**
   * A repository generated before: not a bare re-render (which would overwrite the team's edits) but
   * `tap-dr update` with the answers given as options: the plan is shown, then applied on yes.
   */
  private async offerUpdate(answers: Record<string, unknown>, yes: boolean): Promise<void> {
    const result = await planUpdate({ directory: this.destinationRoot(), answers });
    if (!result.ok) {
      if ('problems' in result) throw invalidAnswers([...result.problems]);
      throw new Error(`tap-dr: ${result.reason}\nNothing was written.`);
    }
    const { plan } = result;
    this.log(describePlan(plan, true));
    const changes = plan.writes.size + plan.removals.length;
    let apply = changes > 0 && yes;
    if (changes > 0 && !yes) {
      ({ apply } = await this.prompt<{ apply: boolean }>([{
        type: 'confirm', name: 'apply', default: true,
        message: `Apply this update (${changes} file${changes === 1 ? '' : 's'}; your edits are kept${plan.conflicts.length > 0 ? `, ${plan.conflicts.length} with conflict markers to resolve` : ''})?`,
      }]));
    }
    this.update = { plan, apply };
  }

  writing(): void {
    if (this.update) {
      if (this.update.apply) applyUpdate(this.update.plan);
      return;
    }
    const { files } = this.rendered as { files: RenderedFiles };
    const options = this.options as unknown as Record<string, unknown>;
    // --yes promises no questions, but yeoman's conflicter asks about every file that differs (and
    // force-writes .yo-rc.json first, so a refused prompt would leave new answers over old files).
    if (options.yes && !options.force) {
      const conflicts = conflictsOf(planWrite(this.destinationRoot(), files));
      if (conflicts.length > 0) {
        throw new WriteRefusedError(
          `tap-dr: ${conflicts.length} file${conflicts.length === 1 ? '' : 's'} in ${this.destinationRoot()} would change:\n`
          + `${conflicts.map((f) => `  - ${f.path}`).join('\n')}\n`
          + '--yes asks nothing, so nothing was written. Pass --force to overwrite them (files not in the render are left alone), or leave out --yes to decide file by file.',
        );
      }
    }
    // Bytes as rendered (the same as `tap-dr new` writes); the conflicter reports identical files.
    // .yo-rc.json is written in `end`: yeoman's commit marks every .yo-rc.json "force", which on a
    // first run reads as if something had been overwritten.
    for (const [path, content] of files) {
      if (path !== STORED_ANSWERS) this.fs.write(this.destinationPath(path), content);
    }
  }

  end(): void {
    if (this.update) {
      const { plan, apply } = this.update;
      const changes = plan.writes.size + plan.removals.length;
      if (changes === 0) this.log('tap-dr: up to date, nothing to change.');
      else if (!apply) this.log('tap-dr: nothing was written.');
      else if (plan.conflicts.length > 0) this.log(`tap-dr: updated ${changes} files.\n${conflictAdvice(plan)}`);
      else this.log(`tap-dr: updated ${changes} files. Next: review the diff (git diff), then npm install && npm run build && npm test, and commit.`);
      return;
    }
    const { answers, files } = this.rendered as { answers: Answers; files: RenderedFiles };
    this.writeStoredAnswers(files.get(STORED_ANSWERS) as Buffer);
    this.log(`tap-dr: ${answers.name} (${answers.primaryRegion} → ${answers.secondaryRegion}, ${answers.engine} ${answers.engineVersion}) — ${files.size} files.`);
    this.log('Next: npm ci && npm run build && npm test; README.md, "Deploy", takes it from there to a first pulumi up.');
    // The same closing summary as `tap-dr new`: what the answers commit to.
    const estimate = costEstimate(answers);
    this.log(`\nRecovery budget of these answers (worst case, seconds):\n${formatRecoveryBudget(recoveryBudget(answers))}`);
    this.log(`\nEstimated fixed monthly cost (${estimate.priceRegion} on-demand list prices recorded on ${estimate.pricesRecordedOn}, not re-checked against the pricing pages; approximate, usage extra):\n${costTable(estimate)}`);
  }

  /** `.yo-rc.json` as rendered, with the status `tap-dr new` would report: create, identical or force. */
  private writeStoredAnswers(content: Buffer): void {
    const target = this.destinationPath(STORED_ANSWERS);
    const existing = existsSync(target) ? readFileSync(target) : undefined;
    if (existing?.equals(content)) {
      this.log.identical?.(STORED_ANSWERS);
      return;
    }
    writeFileSync(target, content);
    if (existing) this.log.force?.(STORED_ANSWERS);
    else this.log.create?.(STORED_ANSWERS);
  }
}
