// Every Lambda of this repository (lambda/<name>/handler.ts, bundled to lambda/dist/<name>/index.js)
// is called by the runtime as handler(event, context), with a callback as third argument on
// nodejs22.x only (test/helpers/lambda-runtime-runner.js). So a handler takes at most those three
// parameters, none of them optional or defaulted (a default is where a test could slip in a clock or a
// client that the runtime replaces with the context), and its bundle has tests that invoke it that way.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { LAMBDA_HANDLER_PARAMETERS } from '../../lib/config/aws-facts';
import { REPO_ROOT } from '../helpers/repo';

/** What is wrong with the exported `handler` of a handler module, by the runtime's calling convention. */
function handlerSignatureProblems(source: string, file = 'handler.ts'): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let parameters: ts.NodeArray<ts.ParameterDeclaration> | undefined;
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'handler' && exported(statement)) parameters = statement.parameters;
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && declaration.name.text === 'handler' && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) parameters = init.parameters;
      }
    }
  }
  if (!parameters) return [`${file} exports no function named handler (the functions are deployed with the handler setting index.handler)`];
  const problems: string[] = [];
  if (parameters.length > 3) problems.push(`handler takes ${parameters.length} parameters; the runtime passes (event, context[, callback])`);
  const roles = [...LAMBDA_HANDLER_PARAMETERS, 'callback'];
  parameters.forEach((parameter, i) => {
    const name = parameter.name.getText(sourceFile);
    const role = roles[i] ?? `parameter ${i + 1}`;
    if (parameter.initializer) problems.push(`handler parameter ${i + 1} (${name}) has a default value; the runtime always passes the ${role} there`);
    if (parameter.questionToken) problems.push(`handler parameter ${i + 1} (${name}) is optional; the runtime always passes the ${role} there`);
    if (parameter.dotDotDotToken) problems.push(`handler parameter ${i + 1} (${name}) is a rest parameter; the runtime passes (event, context[, callback])`);
    const type = parameter.type?.getText(sourceFile);
    if (i === 1 && type !== undefined && type !== 'Context') problems.push(`handler parameter 2 (${name}) is typed ${type}; the runtime passes the Context there`);
    if (i === 2 && type !== undefined && !type.startsWith('Callback')) problems.push(`handler parameter 3 (${name}) is typed ${type}; the runtime passes the Callback there`);
  });
  return problems;
}

/** The functions this repository deploys: every lambda/<name>/ with a handler.ts (as scripts/bundle-lambdas.js finds them). */
const LAMBDAS = readdirSync(join(REPO_ROOT, 'lambda'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(REPO_ROOT, 'lambda', entry.name)).includes('handler.ts'))
  .map((entry) => entry.name);

/** Every test source under test/, relative to the repository. */
function testSources(dir = join(REPO_ROOT, 'test')): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testSources(path);
    return entry.name.endsWith('.ts') ? [{ file: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('the Lambda handlers of this repository', () => {
  it('finds the functions the program deploys', () => {
    expect(LAMBDAS).toEqual(expect.arrayContaining(['canary', 'orchestrator']));
  });

  it.each(LAMBDAS)('lambda/%s/handler.ts exports handler(event, context) as the runtime calls it', (name) => {
    const file = `lambda/${name}/handler.ts`;
    expect(handlerSignatureProblems(readFileSync(join(REPO_ROOT, file), 'utf8'), file)).toEqual([]);
  });

  it.each(LAMBDAS)('lambda/%s has bundle tests that invoke it as the runtime does (describeBundle)', (name) => {
    const users = testSources().filter(({ text }) => text.includes(`describeBundle('${name}'`)).map(({ file }) => file);
    expect(users).not.toEqual([]);
  });
});

describe('handlerSignatureProblems', () => {
  it('passes the signatures the runtime supports', () => {
    expect(handlerSignatureProblems('export async function handler(event: ALBEvent, context: Context): Promise<ALBResult> { return x; }')).toEqual([]);
    expect(handlerSignatureProblems('export const handler = async (_event: unknown, context: Context) => context.awsRequestId;')).toEqual([]);
    expect(handlerSignatureProblems('export const handler = function (event, context, callback: Callback<string>) { callback(null, "x"); };')).toEqual([]);
    expect(handlerSignatureProblems('export async function handler(event: unknown) { return 1; }')).toEqual([]);
  });

  it('fails a second parameter that is not the context: the /health bug, a clock in place of the context', () => {
    expect(handlerSignatureProblems('export async function handler(event: ALBEvent, now: () => Date = () => new Date()) { return now(); }')).toEqual([
      'handler parameter 2 (now) has a default value; the runtime always passes the context there',
      'handler parameter 2 (now) is typed () => Date; the runtime passes the Context there',
    ]);
  });

  it('fails optional, rest, extra and mistyped parameters', () => {
    expect(handlerSignatureProblems('export const handler = async (event?: unknown) => 1;')).toEqual(['handler parameter 1 (event) is optional; the runtime always passes the event there']);
    expect(handlerSignatureProblems('export const handler = async (...args: unknown[]) => 1;')).toEqual(['handler parameter 1 (args) is a rest parameter; the runtime passes (event, context[, callback])']);
    expect(handlerSignatureProblems('export const handler = async (e: unknown, c: Context, cb: Callback, clients: Clients) => 1;')).toEqual([
      'handler takes 4 parameters; the runtime passes (event, context[, callback])',
    ]);
    expect(handlerSignatureProblems('export const handler = (e: unknown, c: Context, clients: Clients) => 1;')).toEqual(['handler parameter 3 (clients) is typed Clients; the runtime passes the Callback there']);
  });

  it('fails a module without an exported handler function', () => {
    expect(handlerSignatureProblems('export async function main() {}', 'lambda/x/handler.ts')).toEqual(['lambda/x/handler.ts exports no function named handler (the functions are deployed with the handler setting index.handler)']);
    expect(handlerSignatureProblems('async function handler() {}\nexport const other = 1;')).toHaveLength(1);
    expect(handlerSignatureProblems('export const handler = 42;')).toHaveLength(1);
  });
});
