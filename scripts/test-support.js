// Pieces of the test command (scripts/test.js, scripts/test-reporter.js), in plain JavaScript so they
// run on any Node.js, kept apart so test/unit/test-command.test.ts can check them.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// The terminal's colour and cursor codes (CSI … final byte, OSC … BEL): captured output keeps none.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;
export const stripAnsi = (text) => String(text).replace(ANSI, '');

/** Whether an executable `name` is on PATH or in one of `extra` folders. */
export function onPath(name, path = process.env.PATH ?? '', extra = []) {
  return [...path.split(delimiter), ...extra].some((dir) => dir && existsSync(join(dir, name)));
}

/** The bin folders of the PostgreSQL server versions Debian's packages installed (/usr/lib/postgresql/<v>/bin). */
function postgresBins(root = '/usr/lib/postgresql') {
  if (!existsSync(root)) return [];
  return readdirSync(root).map((version) => join(root, version, 'bin'));
}

/**
 * What the whole test run needs besides Node.js and npm, and the Debian package that brings it: the
 * generated repositories' canary tests and the DR drill start throwaway PostgreSQL and MariaDB
 * servers, the render matrix commits each render with git. Returns what is missing.
 */
export function missingPrerequisites({ root, needDatabases = true, path = process.env.PATH ?? '', pgBins = postgresBins(), exists = existsSync } = {}) {
  const missing = [];
  if (!exists(join(root, 'node_modules', 'tsx'))) missing.push({ what: "this repository's dependencies", install: 'npm ci' });
  if (needDatabases) {
    const pg = ['initdb', 'pg_ctl', 'pg_basebackup'];
    if (!pgBins.some((bin) => pg.every((tool) => exists(join(bin, tool))))) missing.push({ what: `PostgreSQL server binaries (${pg.join(', ')})`, apt: 'postgresql' });
    if (!onPath('mariadb-install-db', path) || !onPath('mariadbd', path, ['/usr/sbin'])) missing.push({ what: 'MariaDB server binaries (mariadb-install-db, mariadbd)', apt: 'mariadb-server' });
    if (!onPath('git', path)) missing.push({ what: 'git', apt: 'git' });
  }
  return missing;
}

/** One line: what is missing and the commands that install it. */
export function prerequisitesLine(missing) {
  const apt = missing.filter((m) => m.apt).map((m) => m.apt);
  const commands = [
    ...missing.filter((m) => m.install).map((m) => m.install),
    ...(apt.length > 0 ? [`sudo apt-get install -y ${apt.join(' ')}`] : []),
  ];
  return `npm test: missing ${missing.map((m) => m.what).join('; ')}. Install with \`${commands.join(' && ')}\`${apt.length > 0 ? ' (.ci/run installs them itself)' : ''}, then run npm test again.`;
}

/** Lines of an assertion's message that say nothing about this failure. */
const BOILERPLATE = /^(Expected values to be .*|\+ actual - expected.*|\.\.\. Skipped lines|\[?ERR_TEST_FAILURE\]?.*|\d+ subtests? failed|)$/;

/** The first line of a failure that says what went wrong (the cause of node:test's wrapper, without colours). */
export function firstUsefulLine(error) {
  let current = error;
  while (current && typeof current === 'object' && current.code === 'ERR_TEST_FAILURE' && current.cause !== undefined) current = current.cause;
  const text = stripAnsi(current && typeof current === 'object' && 'message' in current ? current.message : String(current));
  const line = text.split('\n').map((l) => l.trim()).find((l) => !BOILERPLATE.test(l)) ?? text.trim();
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

/** The last lines of `npm test`: counts, each failure with its first useful line, and what was left behind. */
export function formatSummary({ counts, failures, leftovers = [], seconds }) {
  const lines = [
    '',
    `npm test: ${counts.tests} tests, ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.cancelled} cancelled${leftovers.length > 0 ? `, ${leftovers.length} left behind` : ''} (${seconds} s)`,
  ];
  if (failures.length > 0) {
    lines.push('Failed:');
    for (const f of failures) lines.push(`  ${f.file ? `${f.file} › ` : ''}${f.name}: ${f.line}`);
  }
  if (leftovers.length > 0) {
    lines.push(`Left in the run's temp folder by a test that did not clean up: ${leftovers.join(', ')}`);
  }
  return lines.join('\n');
}
