import type { PromptQuestion } from '@yeoman/types';
import Generator from 'yeoman-generator';
import {
  ANSWER_KEYS,
  FIELDS,
  fieldKind,
  type AnswerKey,
  type Answers,
} from '../../../skeleton/lib/config/answers-schema';
import { REGIONS } from '../../../skeleton/lib/config/aws-facts';
import { fieldProblems, formatProblem, InvalidAnswersError } from '../../../skeleton/lib/config/validate';
import { mergeAnswers, typedValue } from '../../answers/collect';
import { PRESETS, PRESET_NAMES, isPresetName } from '../../answers/presets';
import { prepare } from '../../prepare';
import type { RenderedFiles } from '../../render/render';

/** `primaryRegion` → `primary-region`: every answer is also a command-line option. */
export const optionName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Answers a user sees first; the rest are asked only if they choose to change the preset's values. */
const ALWAYS_ASKED: readonly AnswerKey[] = ['name', 'environmentSuffix', 'stack', 'primaryRegion', 'secondaryRegion'];

function choicesFor(key: AnswerKey): string[] | undefined {
  const property = FIELDS[key].schema;
  if (key === 'primaryRegion' || key === 'secondaryRegion') return REGIONS.map((r) => r.code);
  return 'options' in property && Array.isArray(property.options) ? (property.options as string[]) : undefined;
}

/** `Team=dba, CostCenter=42` → `{ Team: 'dba', CostCenter: '42' }`; a prompt cannot take a map. */
export function parseTagList(text: string): Record<string, string> | string {
  const tags: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) return item;
    tags[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return tags;
}

export default class TapDrGenerator extends Generator {
  private rendered?: { answers: Answers; files: RenderedFiles };

  constructor(args: string[], options: Generator['options']) {
    // customInstallTask: the user runs `npm install` when they are ready; yo does not start one.
    super(args, options, { customInstallTask: true });
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

  private get cliOptions(): Record<string, unknown> {
    return this.options as unknown as Record<string, unknown>;
  }

  /** Answers given as options, typed by the schema the same way as `tap-dr --set`. */
  private optionAnswers(): Record<string, unknown> {
    const given: Record<string, unknown> = {};
    for (const key of ANSWER_KEYS) {
      const raw = this.cliOptions[optionName(key)];
      if (raw === undefined) continue;
      if (typeof raw === 'boolean') given[key] = raw;
      else if (fieldKind(key) === 'map') given[key] = parseTagList(String(raw));
      else given[key] = typedValue(key, String(raw));
    }
    return given;
  }

  async prompting(): Promise<void> {
    const stored = this.config.get('answers') as Record<string, unknown> | undefined;
    const fromOptions = this.optionAnswers();
    let preset = this.cliOptions.preset as string | undefined;
    if (preset !== undefined && !isPresetName(preset)) {
      throw new Error(`--preset = "${preset}": is not a preset. Allowed: ${PRESET_NAMES.join(' or ')}.`);
    }
    // A repository generated before: its answers are the answers, nothing to ask.
    const interactive = !stored && !this.cliOptions.yes;
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
    }
    const base = mergeAnswers(stored, preset && isPresetName(preset) ? PRESETS[preset].answers : undefined, fromOptions);
    let answers = base;
    if (interactive) {
      const ask = (key: AnswerKey) => !(key in fromOptions);
      answers = { ...base, ...(await this.prompt(ALWAYS_ASKED.filter(ask).map((key) => this.question(key, base)))) };
      const { customize } = await this.prompt<{ customize: boolean }>([{
        type: 'confirm', name: 'customize', message: 'Change the other answers (engine, sizes, targets, network, tiers)?', default: false,
      }]);
      if (customize) {
        const rest = ANSWER_KEYS.filter((key) => !ALWAYS_ASKED.includes(key) && ask(key));
        answers = { ...answers, ...(await this.prompt(rest.map((key) => this.question(key, answers)))) };
      }
    }
    const prepared = prepare({ stored: answers });
    if (!prepared.ok) throw new InvalidAnswersError(prepared.problems, 'tap-dr: the answers have problems; nothing was written');
    this.rendered = prepared;
  }

  /** One prompt per field, validated by the core against the answers given so far. */
  private question(key: AnswerKey, known: Record<string, unknown>): PromptQuestion<Record<string, unknown>> {
    const info = FIELDS[key].info;
    const kind = fieldKind(key);
    const choices = choicesFor(key);
    const current = known[key];
    const toValue = (input: unknown) => {
      if (kind === 'map') return typeof input === 'string' ? parseTagList(input) : input;
      if (kind === 'boolean' || typeof input !== 'string') return input;
      return input === '' && (key === 'alarmEmail' || key === 'owner' || key === 'engineVersion') ? undefined : typedValue(key, input);
    };
    // One shape for every kind of prompt; the adapter picks the prompt by `type`.
    return {
      type: (kind === 'boolean' ? 'confirm' : choices ? 'select' : 'input') as 'confirm' | 'select' | 'input',
      name: key,
      message: info.title,
      choices,
      default: kind === 'map'
        ? Object.entries((current ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(', ')
        : current ?? FIELDS[key].schema.safeParse(undefined).data,
      filter: toValue,
      validate: (input: unknown, so: Record<string, unknown> = {}) => {
        const problems = fieldProblems(key, { ...known, ...so, [key]: toValue(input) });
        return problems.length === 0 || problems.map(formatProblem).join(' ');
      },
    } as unknown as PromptQuestion<Record<string, unknown>>;
  }

  writing(): void {
    for (const [path, content] of (this.rendered as { files: RenderedFiles }).files) {
      this.fs.write(this.destinationPath(path), content.toString('utf8'));
    }
  }

  end(): void {
    const { answers, files } = this.rendered as { answers: Answers; files: RenderedFiles };
    this.log(`tap-dr: ${answers.name} (${answers.primaryRegion} → ${answers.secondaryRegion}, ${answers.engine} ${answers.engineVersion}) — ${files.size} files.`);
    this.log('Next: npm install && npm run build && npm test');
  }
}
