// Development aid: render a preset into a folder (overwrites). Usage: node --import tsx scripts/render-preset.ts <preset> <dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PRESETS, isPresetName } from '../generator/answers/presets';
import { render } from '../generator/render/render';
import { parseAnswers } from '../skeleton/lib/config/validate';

const [preset, dir] = process.argv.slice(2);
if (!preset || !dir || !isPresetName(preset)) throw new Error('usage: render-preset.ts <trading|healthcare> <dir>');
for (const [path, content] of render(parseAnswers(PRESETS[preset].answers))) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}
console.log(`rendered ${preset} into ${dir}`);
