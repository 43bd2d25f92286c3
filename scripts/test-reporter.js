// The node:test reporter of `npm test` (scripts/test.js): a line per test file's top-level test, the
// tests' own output, the details of each failure as it happens, all without terminal colour codes;
// at the end the counts and failures go to the file TAP_DR_TEST_SUMMARY names, for the summary.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { firstUsefulLine, stripAnsi } from './test-support.js';

const where = (file) => (file ? relative(process.cwd(), file) : undefined);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export default async function* reporter(source) {
  const counts = { tests: 0, passed: 0, failed: 0, skipped: 0, cancelled: 0 };
  const failures = [];
  for await (const { type, data } of source) {
    if (type === 'test:stdout' || type === 'test:stderr') {
      yield stripAnsi(data.message);
      continue;
    }
    if (type === 'test:diagnostic') {
      // The runner's own totals at the end are left to the summary; a test's diagnostics are kept.
      if (data.nesting > 0) yield `${'  '.repeat(data.nesting)}# ${stripAnsi(data.message)}\n`;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const { name, nesting, details, file, skip, todo } = data;
    const suite = details?.type === 'suite';
    const failureType = details?.error?.failureType;
    if (!suite) {
      counts.tests += 1;
      if (skip || todo) counts.skipped += 1;
      else if (type === 'test:pass') counts.passed += 1;
      else if (failureType === 'cancelledByParent') counts.cancelled += 1;
      else counts.failed += 1;
    }
    // A suite fails when a test in it fails (reported there) or on its own (a hook, the file itself).
    const ownFailure = type === 'test:fail' && failureType !== 'subtestsFailed' && failureType !== 'cancelledByParent';
    if (ownFailure) {
      if (suite) counts.failed += 1;
      failures.push({ file: where(file), name, line: firstUsefulLine(details.error) });
      const text = stripAnsi(details.error?.cause?.stack ?? details.error?.cause?.message ?? details.error?.stack ?? String(details.error));
      yield `FAIL ${where(file) ?? ''} › ${name}\n${text.split('\n').map((l) => `     ${l}`).join('\n')}\n`;
    } else if (nesting === 0) {
      yield `${type === 'test:pass' ? (skip ? 'skip' : 'ok  ') : 'FAIL'} ${where(file) ?? ''} › ${name} (${seconds(details?.duration_ms ?? 0)})\n`;
    }
  }
  if (process.env.TAP_DR_TEST_SUMMARY) writeFileSync(process.env.TAP_DR_TEST_SUMMARY, JSON.stringify({ counts, failures }));
}
