#!/usr/bin/env node
// The `tap-dr` bin: checks the Node.js version before it loads the command (dist/cli/main.js, built
// from ./tap-dr.ts), so an older Node stops with one line instead of failing inside a dependency.
import { nodeVersionProblem } from '../node-version.js';

const problem = nodeVersionProblem(process.versions.node, 'tap-dr');
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
// A specifier in a variable: the bundler leaves the import to run time, after the check.
const command = './main.js';
const { main } = (await import(command)) as typeof import('./tap-dr');
process.exitCode = await main(process.argv.slice(2));
