// Library entry: the core every front end uses (the `tap-dr` bin, `yo tap-dr`, the Backstage action).
export {
  ANSWER_KEYS,
  FIELDS,
  answersInputSchema,
  answersJsonSchema,
  answersSchema,
  fieldKind,
  type AnswerKey,
  type Answers,
  type AnswersInput,
  type FieldInfo,
} from '../skeleton/lib/config/answers-schema';
export {
  formatRecoveryBudget,
  recoveryBudget,
  type BudgetInput,
  type BudgetTerm,
  type BudgetTotal,
  type RecoveryBudget,
} from '../skeleton/lib/config/recovery-budget';
export { InvalidAnswersError, formatProblem, parseAnswers, validateAnswers, type Problem, type Validation } from '../skeleton/lib/config/validate';
export { costEstimate, costTable, type CostEstimate, type CostLine } from '../skeleton/lib/config/cost-estimate';
export { collectAnswers, mergeAnswers, type AnswerSources } from './answers/collect';
export { PRESETS, PRESET_NAMES, type PresetName } from './answers/presets';
export { prepare, readStoredAnswers, type Prepared } from './prepare';
export { render, type RenderedFiles } from './render/render';
export { applyWrite, planWrite, WriteRefusedError, type PlannedFile, type WritePlan } from './render/write';
export { GENERATOR_NAME, PACKAGE_VERSION, RENDER_COMMAND } from './package-root';
export { applyUpdate, planUpdate, UPDATE_EXIT, type PlannedFile as UpdatedFile, type UpdatePlan, type UpdateRequest, type UpdateResult } from './update/update';
export { manifestOf, type Manifest, type RenderRecord } from './render/record';
