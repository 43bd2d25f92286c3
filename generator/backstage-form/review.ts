import { ANSWER_KEYS, FIELDS, defaultRpoEnforcement, type AnswerKey, type Answers } from '../../skeleton/lib/config/answers-schema';
import { ENGINES, type Engine } from '../../skeleton/lib/config/aws-facts';
import { costEstimate, usd, type CostEstimate } from '../../skeleton/lib/config/cost-estimate';
import { recoveryBudget, type BudgetInput, type RecoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { formatProblem, validateAnswers, type Problem } from '../../skeleton/lib/config/validate';
import { isPlainObject, layerAnswers, presetLayer } from '../answers/layers';
import { PRESETS, isPresetName, type PresetName } from '../answers/presets';
import { RENDER_STEP_PARAMETERS, renderActionSources } from '../backstage/render-action-input';
import { ENUM_NAMES, GROUP_TITLES } from './form-steps';

/*
 * What the portal form's review shows, computed without React or a backend: the form data goes
 * through the same steps as in `tap:dr:render` (the parameters the template hands it, the preset
 * layered under them, the core's validation), so what the review accepts is what the action accepts.
 */

/** Where an effective answer comes from. */
export type AnswerSource = 'entered' | 'preset' | 'preset and entered' | 'default' | 'none';

export interface ReviewedAnswer {
  readonly key: AnswerKey;
  readonly title: string;
  /** The value the stack gets (preset and defaults applied), or the value given when it is wrong. */
  readonly value: unknown;
  /** The value in the form's words. */
  readonly shown: string;
  readonly source: AnswerSource;
  /** Set for a field of an optional tier that is off: the stack leaves it out. */
  readonly unusedBecause?: string;
  readonly hasProblem: boolean;
}

export interface ReviewedGroup {
  /** The form step the answers are asked in. */
  readonly step: string;
  readonly answers: readonly ReviewedAnswer[];
}

export interface ReviewProblem extends Problem {
  /** The form step of the field, where the user fixes it. */
  readonly step: string;
  /** The CLI's and the action's words for the problem. */
  readonly message: string;
}

export interface Review {
  /** The preset chosen, when it is one. */
  readonly preset?: PresetName;
  readonly groups: readonly ReviewedGroup[];
  readonly problems: readonly ReviewProblem[];
  /** The recovery budget, as soon as the answers it depends on are valid each on their own. */
  readonly budget?: RecoveryBudget;
  /** The monthly cost estimate, once there is no problem left. */
  readonly cost?: CostEstimate;
  /** The answers the action renders from, once there is no problem left. */
  readonly answers?: Answers;
  /** One line for the form's own review page (the value the review field stores). */
  readonly summary: string;
}

/** The action's input for this form data: what `${{ parameters.<name> }}` gives for each parameter it is handed. */
export function renderActionInputOf(formData: Record<string, unknown>): Record<string, unknown> {
  // The scaffolder renders the step's input through JSON.parse with a reviver, so a parameter the form
  // left out (undefined) is dropped rather than passed on as undefined.
  return Object.fromEntries(RENDER_STEP_PARAMETERS.filter((key) => formData[key] !== undefined).map((key) => [key, formData[key]]));
}

const BUDGET_KEYS = [
  'engine', 'rpoEnforcement', 'failoverMode', 'failoverConfirmationSeconds', 'instancesPerCluster', 'replicationLagAlarmSeconds', 'rpoTargetSeconds', 'rtoTargetSeconds', 'backupExportIntervalDays',
] as const satisfies readonly (keyof BudgetInput)[];
/** Fails type checking when the budget depends on an answer the list above leaves out. */
const everyBudgetKey: [Exclude<keyof BudgetInput, (typeof BUDGET_KEYS)[number]>] extends [never] ? true : never = true;
void everyBudgetKey;

function fieldStep(field: string): string {
  const key = field.split('.')[0];
  return (ANSWER_KEYS as string[]).includes(key) ? GROUP_TITLES[FIELDS[key as AnswerKey].info.group] : 'Start from';
}

/** A value as the form names it. */
export function shownValue(key: AnswerKey, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  }
  if (typeof value !== 'string' && typeof value !== 'number') return JSON.stringify(value);
  return ENUM_NAMES[key]?.[String(value)] ?? String(value);
}

function sourceOf(key: AnswerKey, entered: Record<string, unknown>, preset: Record<string, unknown>, value: unknown): AnswerSource {
  if (key === 'tags') {
    const given = isPlainObject(entered.tags) ? Object.keys(entered.tags).length : 0;
    const fromPreset = isPlainObject(preset.tags) ? Object.keys(preset.tags).length : 0;
    if (given > 0 && fromPreset > 0) return 'preset and entered';
    if (given > 0 || (entered.tags !== undefined && !isPlainObject(entered.tags))) return 'entered';
  } else if (entered[key] !== undefined) {
    return 'entered';
  }
  if (preset[key] !== undefined) return 'preset';
  return value === undefined ? 'none' : 'default';
}

/** The value each field takes on its own (given, preset or default), keeping a wrong value as given. */
function fieldValues(input: Record<string, unknown>): Record<AnswerKey, { value: unknown; valid: boolean }> {
  const values = Object.fromEntries(ANSWER_KEYS.map((key) => {
    const parsed = FIELDS[key].schema.safeParse(input[key]);
    return [key, parsed.success ? { value: parsed.data, valid: true } : { value: input[key], valid: false }];
  })) as Record<AnswerKey, { value: unknown; valid: boolean }>;
  if (values.engineVersion.value === undefined && values.engine.valid) {
    values.engineVersion = { value: ENGINES.find((e) => e.engine === values.engine.value)?.defaultVersion, valid: true };
  }
  // Derived from the engine like the core does, so the budget's replication term is the engine's.
  if (values.rpoEnforcement.value === undefined && values.engine.valid) {
    values.rpoEnforcement = { value: defaultRpoEnforcement(values.engine.value as Engine), valid: true };
  }
  return values;
}

function summaryOf(answers: Answers, budget: RecoveryBudget, cost: CostEstimate): string {
  const engine = ENGINES.find((e) => e.engine === answers.engine)?.label ?? answers.engine;
  return `${answers.name}: ${engine} ${answers.engineVersion} on ${answers.instancesPerCluster} × ${answers.instanceClass} per region, `
    + `${answers.primaryRegion} → ${answers.secondaryRegion}; worst-case RTO ${budget.rto.totalSeconds} s with the primary region down, ${budget.rtoRegionUp.totalSeconds} s while it answers (target ${answers.rtoTargetSeconds} s), `
    + `RPO ${budget.rpo.totalSeconds} s (target ${answers.rpoTargetSeconds} s); about ${usd(cost.totalMonthlyUsd)} a month`;
}

/** Everything the review shows for the whole form's data. */
export function reviewAnswers(formData: Record<string, unknown>): Review {
  const { preset, answers: entered } = renderActionSources(renderActionInputOf(formData));
  const collected = layerAnswers({ preset, answers: entered });
  const validation = validateAnswers(collected.input);
  const problems: ReviewProblem[] = [...collected.problems, ...(validation.ok ? [] : validation.problems)]
    .map((p) => ({ ...p, step: fieldStep(p.field), message: formatProblem(p) }));
  const presetAnswers = preset === undefined ? {} : presetLayer(preset);
  const presetValues = 'reason' in presetAnswers ? {} : presetAnswers;

  const values = fieldValues(collected.input);
  const effective = (key: AnswerKey) => (validation.ok ? (validation.answers as Record<string, unknown>)[key] : values[key].value);
  const groups = Object.entries(GROUP_TITLES).map(([group, step]) => ({
    step,
    answers: ANSWER_KEYS.filter((key) => FIELDS[key].info.group === group).map((key): ReviewedAnswer => {
      const value = effective(key);
      const { tier } = FIELDS[key].info as { tier?: AnswerKey };
      return {
        key,
        title: FIELDS[key].info.title,
        value,
        shown: shownValue(key, value),
        source: sourceOf(key, entered, presetValues, value),
        ...(tier !== undefined && effective(tier) === false ? { unusedBecause: `${FIELDS[tier].info.title} is off` } : {}),
        hasProblem: problems.some((p) => p.field === key || p.field.startsWith(`${key}.`)),
      };
    }),
  }));

  const budgetInputs = BUDGET_KEYS.every((key) => values[key].valid)
    ? (Object.fromEntries(BUDGET_KEYS.map((key) => [key, values[key].value])) as unknown as BudgetInput)
    : undefined;
  const budget = budgetInputs && recoveryBudget(budgetInputs);
  const ok = validation.ok && problems.length === 0;
  const answers = ok ? validation.answers : undefined;
  const cost = answers && costEstimate(answers);
  return {
    ...(preset !== undefined && isPresetName(preset) ? { preset } : {}),
    groups,
    problems,
    ...(budget ? { budget } : {}),
    ...(cost ? { cost } : {}),
    ...(answers ? { answers } : {}),
    summary: answers && budget && cost
      ? summaryOf(answers, budget, cost)
      : `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before this form can create the repository`,
  };
}

/** The preset's title, or words for none. */
export function presetTitle(preset: PresetName | undefined): string {
  return preset === undefined ? 'no preset (schema defaults)' : `${PRESETS[preset].title} preset`;
}

/**
 * The review field's validation: one error per problem, in the CLI's words, so the step cannot be
 * passed, and Create not reached, while the action would reject the answers.
 */
export function reviewFieldErrors(formData: Record<string, unknown>): string[] {
  return reviewAnswers(formData).problems.map((p) => `${p.step}: ${p.message}`);
}
