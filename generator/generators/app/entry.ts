// Entry of `yo tap-dr` (dist/generators/app/index.js): before the generator (./index.ts, built to
// generator.js) and yeoman-generator load, stop with one line on a Node.js that is too old, or when yo
// was started as root.
import { nodeVersionProblem } from '../../node-version.js';
import { yoAsRootProblem } from '../../yo-as-root';

const tooOld = nodeVersionProblem(process.versions.node, 'yo tap-dr');
const asRoot = tooOld ? undefined : yoAsRootProblem();
if (tooOld || asRoot) {
  process.stderr.write(`${tooOld ?? asRoot}\n`);
  // As root, yo's update check failed on root's config folder and would print, on exit, a box that
  // advises sudo: the advice that got here. This line is the whole answer.
  if (asRoot) process.removeAllListeners('exit');
  process.exit(1);
}
// A specifier in a variable: the bundler leaves the import to run time, after the check.
const generator = './generator.js';
const TapDrGenerator = ((await import(generator)) as typeof import('./index')).default;
export default TapDrGenerator;
